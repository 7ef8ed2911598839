//! `reprise export`: any input Reprise reads (chain files, bundles, capture logs or
//! directories) as a Reprise bundle (gzip, modules included when known), one actor's chain as
//! Theater's replay file, or a replay-test fixture for Theater's `ReplayHandler`. Glue over
//! `reprise_chain`'s writers (`write_bundle_gzip`, `write_chain_json`, `export::ReplayFixture`,
//! `export::write_tar_gz`); inputs are read as every other command reads them
//! (`chain_input.rs`).
//!
//! Invariants: exit 0 only when everything asked for was written; 2, with one message naming
//! the input or the actor and the reason, for unreadable input, an actor that is not there or
//! is ambiguous, a fixture without its module, or an output that cannot be written. Nothing is
//! written before every input has been read.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use reprise_chain::export::{write_tar_gz, ReplayFixture};
use reprise_chain::{parse_file, write_bundle_gzip, write_chain_json, ActorChain, InputFormat};

use crate::chain_input::{read_chain_input, take_capture_module, warn_if_other_wasm};
use crate::exit_code::Outcome;

/// What `reprise export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A Reprise bundle, gzip-compressed, every actor (or the one --actor names) with its
    /// module when known.
    Bundle,
    /// One actor's chain as Theater's replay file (a JSON array of ChainEvent).
    ReplayJson,
    /// One actor's replay-test fixture: manifest.toml (first handler `type = "replay"`),
    /// chain.json, actor.wasm, initial-state.cgrf, README.md. --out is a directory, or a
    /// `.tar.gz` / `.tgz` file.
    ReplayFixture,
}

/// Arguments of `reprise export`.
#[derive(Args)]
pub struct ExportArgs {
    /// What to write.
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// The actor: its Theater id, `FILE#N` (the N-th actor of input FILE, 0-based), or `N`
    /// with a single input. Required for replay-json and replay-fixture when the inputs hold
    /// more than one actor; with bundle, exports that actor alone.
    #[arg(long)]
    actor: Option<String>,
    /// The actor's wasm module, for a replay-fixture when the inputs do not carry it.
    #[arg(long)]
    wasm: Option<PathBuf>,
    /// Where to write: a file (bundle, replay-json; default: stdout), or a directory or
    /// `.tar.gz` file (replay-fixture; required).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Chain files, bundles, capture logs (optionally gzip-compressed), or capture directories.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
}

/// One input's actors.
struct InputActors {
    /// The path as given.
    given: PathBuf,
    /// The file read, as messages name it.
    shown: String,
    actors: Vec<ActorChain>,
    /// Per actor, why its capture module could not be read.
    module_problems: Vec<Option<String>>,
}

/// Runs the export; returns the outcome.
pub fn run(args: &ExportArgs) -> Outcome {
    match export(args) {
        Ok(summary) => {
            eprintln!("reprise: {summary}");
            Outcome::Verified
        }
        Err(message) => {
            eprintln!("reprise: {message}");
            Outcome::Unusable
        }
    }
}

fn export(args: &ExportArgs) -> Result<String, String> {
    let inputs = args
        .inputs
        .iter()
        .map(|path| read_input(path))
        .collect::<Result<Vec<_>, _>>()?;
    match args.format {
        ExportFormat::Bundle => {
            let actors = match &args.actor {
                Some(wanted) => vec![select_actor(&inputs, Some(wanted))?.0],
                None => inputs
                    .iter()
                    .flat_map(|input| input.actors.iter().cloned())
                    .collect(),
            };
            let num_with_wasm = actors.iter().filter(|actor| actor.wasm.is_some()).count();
            let shown = write_output(args.out.as_deref(), &write_bundle_gzip(&actors))?;
            Ok(format!(
                "wrote a bundle of {} actor(s), {num_with_wasm} with their module, to {shown}",
                actors.len()
            ))
        }
        ExportFormat::ReplayJson => {
            let (actor, name, _) = select_actor(&inputs, args.actor.as_deref())?;
            let shown = write_output(args.out.as_deref(), &write_chain_json(&actor.events))?;
            Ok(format!(
                "wrote {name}'s chain ({} events) as a replay file to {shown}",
                actor.events.len()
            ))
        }
        ExportFormat::ReplayFixture => {
            let out = args.out.as_deref().ok_or(
                "a replay-fixture is several files: give --out DIR (or --out FILE.tar.gz)",
            )?;
            let (mut actor, name, module_problem) = select_actor(&inputs, args.actor.as_deref())?;
            if let Some(wasm_path) = &args.wasm {
                let wasm = std::fs::read(wasm_path).map_err(|err| {
                    format!("{}: cannot read the file: {err}", wasm_path.display())
                })?;
                warn_if_other_wasm(&actor, &wasm, wasm_path);
                actor.wasm = Some(wasm);
            }
            let fixture = ReplayFixture::of_actor(&actor).map_err(|err| {
                let hint = match (&module_problem, actor.wasm.is_none()) {
                    (Some(problem), true) => format!(" ({problem})"),
                    (None, true) => " (give it with --wasm)".to_string(),
                    _ => String::new(),
                };
                format!("{name}: cannot export a replay-test fixture: {err}{hint}")
            })?;
            write_fixture(&fixture, out)?;
            Ok(format!(
                "wrote {name}'s replay-test fixture ({} events{}) to {}",
                fixture.events.len(),
                if fixture.is_shutdown_left_out {
                    ", the trailing shutdown left out"
                } else {
                    ""
                },
                out.display()
            ))
        }
    }
}

/// Reads and parses `path`; a capture's actors get their modules from its `modules/`.
fn read_input(path: &Path) -> Result<InputActors, String> {
    let input = read_chain_input(path).map_err(|err| err.to_string())?;
    let loaded = parse_file(&input.shown, &input.bytes).map_err(|err| err.to_string())?;
    let mut actors = loaded.actors;
    let mut module_problems = vec![None; actors.len()];
    if loaded.format == InputFormat::CaptureLog {
        for (actor, problem) in actors.iter_mut().zip(&mut module_problems) {
            if actor.wasm.is_none() {
                *problem = take_capture_module(actor, &input.dir).err();
            }
        }
    }
    Ok(InputActors {
        given: path.to_path_buf(),
        shown: input.shown,
        actors,
        module_problems,
    })
}

/// The actor `wanted` names (see `ExportArgs::actor`), or the only one; with how messages
/// name it and why its capture module is missing, if it is.
fn select_actor(
    inputs: &[InputActors],
    wanted: Option<&str>,
) -> Result<(ActorChain, String, Option<String>), String> {
    let all: Vec<(&InputActors, usize)> = inputs
        .iter()
        .flat_map(|input| (0..input.actors.len()).map(move |pos| (input, pos)))
        .collect();
    let name_of = |input: &InputActors, pos: usize| {
        input.actors[pos]
            .id
            .clone()
            .unwrap_or_else(|| format!("{}#{pos}", input.shown))
    };
    let found = match wanted {
        None => match all.as_slice() {
            [only] => Some(*only),
            [] => return Err("the inputs hold no actor".to_string()),
            _ => {
                let names: Vec<String> = all.iter().map(|(i, pos)| name_of(i, *pos)).collect();
                return Err(format!(
                    "the inputs hold {} actors: pick one with --actor ({})",
                    all.len(),
                    names.join(", ")
                ));
            }
        },
        Some(wanted) => all
            .iter()
            .find(|(input, pos)| input.actors[*pos].id.as_deref() == Some(wanted))
            .or_else(|| {
                let (file, pos) = wanted.rsplit_once('#')?;
                let pos: usize = pos.parse().ok()?;
                all.iter().find(|(input, at)| {
                    *at == pos
                        && (input.given == Path::new(file)
                            || input.shown == file
                            || input.given.file_name() == Some(file.as_ref()))
                })
            })
            .or_else(|| {
                let pos: usize = wanted.parse().ok()?;
                (inputs.len() == 1).then(|| all.get(pos)).flatten()
            })
            .copied(),
    };
    let (input, pos) = found.ok_or_else(|| {
        let names: Vec<String> = all.iter().map(|(i, pos)| name_of(i, *pos)).collect();
        format!(
            "no actor {} in the inputs (actors: {})",
            wanted.unwrap_or_default(),
            names.join(", ")
        )
    })?;
    Ok((
        input.actors[pos].clone(),
        name_of(input, pos),
        input.module_problems[pos].clone(),
    ))
}

/// Writes `bytes` to `out`, or stdout; returns how to name where they went.
fn write_output(out: Option<&Path>, bytes: &[u8]) -> Result<String, String> {
    match out {
        Some(path) => {
            std::fs::write(path, bytes)
                .map_err(|err| format!("{}: cannot write the file: {err}", path.display()))?;
            Ok(path.display().to_string())
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .map_err(|err| format!("cannot write to stdout: {err}"))?;
            Ok("stdout".to_string())
        }
    }
}

/// The fixture's files in the directory `out` (created if missing; existing files of the same
/// names are replaced), or as one `.tar.gz` when `out` names one.
fn write_fixture(fixture: &ReplayFixture, out: &Path) -> Result<(), String> {
    let files = fixture.files();
    let out_name = out.to_string_lossy();
    if out_name.ends_with(".tar.gz") || out_name.ends_with(".tgz") {
        let folder = out
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .map(|name| {
                name.trim_end_matches(".tar.gz")
                    .trim_end_matches(".tgz")
                    .to_string()
            })
            .filter(|folder| !folder.is_empty())
            .unwrap_or_else(|| "replay-fixture".to_string());
        let archive = write_tar_gz(&folder, &files).map_err(|err| err.to_string())?;
        write_output(Some(out), &archive)?;
        return Ok(());
    }
    std::fs::create_dir_all(out)
        .map_err(|err| format!("{}: cannot create the directory: {err}", out.display()))?;
    for file in files {
        let path = out.join(&file.path);
        std::fs::write(&path, &file.bytes)
            .map_err(|err| format!("{}: cannot write the file: {err}", path.display()))?;
    }
    Ok(())
}
