//! `reprise replay`: re-execute an actor's wasm against its recorded chain and report the
//! first divergence. Glue over `reprise-replay`; every decision lives there. The module comes
//! from `--wasm`, else the bundle, else — for a capture (a directory or its log) — the
//! capture's `modules/<wasm_sha256>.wasm`; a module whose SHA-256 is not the recorded one is
//! flagged whatever its source.

use std::path::PathBuf;

use clap::Args;
use reprise_chain::{parse_file, ActorChain, InputFormat};
use reprise_replay::{actor_replayer, EngineLimits, ReplayReport};
use serde::Serialize;

use crate::chain_input::{read_chain_input, take_capture_module, warn_if_other_wasm};
use crate::exit_code::Outcome;
use crate::stdout_line::print_line;

/// Arguments of `reprise replay`.
#[derive(Args)]
pub struct ReplayArgs {
    /// The actor's wasm module. Optional when CHAIN is a bundle that embeds it or a capture
    /// that keeps it (`modules/<sha256>.wasm`).
    #[arg(long)]
    wasm: Option<PathBuf>,
    /// The state handed to the first call, as a value literal (e.g. `none<list<u8>>`,
    /// `some<list<u8>>([123u8, 125u8])`, `"text"`). Default: the bundle's, else
    /// Theater's `none<list<u8>>`.
    #[arg(long)]
    initial_state: Option<String>,
    /// In a bundle or a capture, the actor to replay (id, or 0-based position). Default: every
    /// actor.
    #[arg(long)]
    actor: Option<String>,
    /// Print the machine-readable report (schema in the README).
    #[arg(long)]
    json: bool,
    /// Fuel for one export call (about one unit per guest instruction).
    #[arg(long, default_value_t = EngineLimits::DEFAULT_FUEL_PER_CALL)]
    fuel_per_call: u64,
    /// The largest linear memory, in MiB.
    #[arg(long, default_value_t = EngineLimits::DEFAULT_MEMORY_BYTES >> 20)]
    memory_mib: usize,
    /// A chain file, a bundle, a capture log or a capture directory.
    chain: PathBuf,
}

/// One replayed actor in `--json` output.
#[derive(Serialize)]
struct ReplayJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    events: usize,
    verified: usize,
    divergence: Option<DivergenceJson>,
}

#[derive(Serialize)]
struct DivergenceJson {
    index: usize,
    expected_hash: Option<String>,
    actual_hash: Option<String>,
    field: &'static str,
}

impl ReplayJson {
    fn new(id: Option<String>, report: &ReplayReport) -> Self {
        Self {
            id,
            events: report.events,
            verified: report.verified,
            divergence: report.divergence.as_ref().map(|divergence| DivergenceJson {
                index: divergence.index,
                expected_hash: divergence.expected_hash.clone(),
                actual_hash: divergence.actual_hash.clone(),
                field: divergence.field.as_str(),
            }),
        }
    }
}

/// Runs the replay; prints the report; returns the outcome.
pub fn run(args: &ReplayArgs) -> Outcome {
    match replay(args) {
        Ok(outcome) => outcome,
        Err(message) => {
            eprintln!("reprise: {message}");
            Outcome::Unusable
        }
    }
}

fn replay(args: &ReplayArgs) -> Result<Outcome, String> {
    let actors = load_actors(args)?;
    let limits = EngineLimits {
        fuel_per_call: args.fuel_per_call,
        memory_bytes: args.memory_mib << 20,
    };
    let mut outcome = Outcome::Verified;
    let mut results = Vec::with_capacity(actors.len());
    for (actor_idx, actor) in actors.iter().enumerate() {
        let name = actor
            .id
            .clone()
            .unwrap_or_else(|| format!("actor {actor_idx}"));
        let report = actor_replayer(actor, limits)
            .and_then(|mut replayer| replayer.run())
            .map_err(|err| format!("{}: {name}: {err}", args.chain.display()))?;
        if !report.is_verified() {
            outcome = Outcome::Broken;
        }
        if !args.json {
            print_line(&format!("{name}: {}", report.summary()));
        }
        results.push(ReplayJson::new(actor.id.clone(), &report));
    }
    if args.json {
        let text = match results.as_slice() {
            [single] => serde_json::to_string_pretty(single),
            _ => serde_json::to_string_pretty(&serde_json::json!({ "actors": results })),
        }
        .map_err(|err| format!("cannot write the JSON report: {err}"))?;
        print_line(&text);
    }
    Ok(outcome)
}

/// The actors to replay, with `--wasm` and `--initial-state` applied.
fn load_actors(args: &ReplayArgs) -> Result<Vec<ActorChain>, String> {
    let input = read_chain_input(&args.chain).map_err(|err| err.to_string())?;
    let shown = input.shown;
    let loaded = parse_file(&shown, &input.bytes).map_err(|err| err.to_string())?;
    let capture_dir = (loaded.format == InputFormat::CaptureLog).then_some(input.dir);
    let mut actors = loaded.actors;
    if let Some(wanted) = &args.actor {
        let pos = actors
            .iter()
            .position(|actor| actor.id.as_deref() == Some(wanted.as_str()))
            .or_else(|| {
                wanted
                    .parse::<usize>()
                    .ok()
                    .filter(|pos| *pos < actors.len())
            })
            .ok_or_else(|| format!("{shown}: no actor {wanted}"))?;
        actors = vec![actors.swap_remove(pos)];
    }
    if let Some(wasm_path) = &args.wasm {
        if actors.len() != 1 {
            return Err(format!(
                "{shown} holds {} actors: pick one with --actor to use --wasm",
                actors.len()
            ));
        }
        let wasm = std::fs::read(wasm_path)
            .map_err(|err| format!("{}: cannot read the file: {err}", wasm_path.display()))?;
        warn_if_other_wasm(&actors[0], &wasm, wasm_path);
        actors[0].wasm = Some(wasm);
    } else if let Some(capture_dir) = &capture_dir {
        for actor in &mut actors {
            take_capture_module(actor, capture_dir)?;
        }
    }
    if let Some(literal) = &args.initial_state {
        let state = initial_state_bytes(literal)?;
        for actor in &mut actors {
            actor.initial_state = Some(state.clone());
        }
    }
    Ok(actors)
}

fn initial_state_bytes(literal: &str) -> Result<Vec<u8>, String> {
    let value = packr_abi::parse_value(literal)
        .map_err(|err| format!("--initial-state {literal:?} is not a value literal: {err:?}"))?;
    packr_abi::encode(&value)
        .map_err(|err| format!("--initial-state {literal:?} cannot be encoded: {err:?}"))
}
