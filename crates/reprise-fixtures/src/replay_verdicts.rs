//! Theater's own replay, run on a recorded counter chain and on tampered copies of it: what
//! Theater's `ReplayHandler` reports for each, next to what Reprise's verification says.
//!
//! Each case is a replay file under `replay/` and one entry of [`VERDICTS_FILE`]. The source
//! chain is trimmed of its trailing `shutdown` pseudo-event (replay would try to call it as an
//! export, spec §6). Replay actors are set up without `init` (`SetupActor`) from a manifest
//! with `[[handler]] type = "replay"`, and with the source actor's recorded initial state.

use std::path::Path;
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use reprise_chain::{verify_chain, write_chain_json, ActorChain, ChainEvent};
use serde::{Deserialize, Serialize};
use theater::messages::default_init_state;
use theater::pack_bridge::decode_value;

use crate::chain_tampering::{rehash_chain, tamper_chain, Tamper};
use crate::fixture_set::THEATER_VERSION;
use crate::replay_log::ReplayLog;
use crate::sample_actor::SampleActor;
use crate::staged_actors::StagedActors;
use crate::theater_session::TheaterSession;
use reprise_recorder::StartMode;

/// The verdicts' file name.
pub const VERDICTS_FILE: &str = "replay-verdicts.json";
/// The folder of the replayed chain files, inside the fixture directory.
pub const REPLAY_DIR: &str = "replay";

/// How long one replay may take to reach a verdict.
const VERDICT_TIMEOUT: Duration = Duration::from_secs(60);

/// The contents of [`VERDICTS_FILE`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplayVerdicts {
    /// The Theater release that replayed.
    pub theater: String,
    /// The actor whose chain was replayed.
    pub source_actor: String,
    /// Events in its recorded chain (the replayed chains lack the final `shutdown`).
    pub num_source_events: usize,
    /// One entry per replayed chain.
    pub cases: Vec<ReplayVerdict>,
}

/// What happened to one replayed chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplayVerdict {
    /// Short name, also the chain file's stem.
    pub name: String,
    /// What was done to the chain.
    pub description: String,
    /// The replayed chain, relative to the fixture directory.
    pub chain: String,
    /// Index of the tampered event, if any.
    pub tampered_event: Option<usize>,
    /// Whether every stored hash and link checks out (`reprise_chain::verify_chain`).
    pub is_reprise_verified: bool,
    /// Reprise's one-line verification summary.
    pub reprise_summary: String,
    /// Whether Theater's replay reported success.
    pub is_theater_replay_ok: bool,
    /// The event index of the divergence Theater reported, if it reported one.
    pub theater_divergence_event: Option<usize>,
    /// Theater's own words (its log line).
    pub theater_message: String,
}

struct ReplayCase {
    name: &'static str,
    description: &'static str,
    tamper: Option<Tamper>,
    is_rehashed: bool,
}

fn replay_cases() -> Vec<ReplayCase> {
    let params = Tamper::ExportParams {
        from: "add:7".into(),
        to: "add:8".into(),
    };
    let now = Tamper::HostOutputU64 {
        event_type: "theater:simple/timer/now".into(),
        delta: 1000,
    };
    vec![
        ReplayCase {
            name: "untampered",
            description: "the recorded chain without its final shutdown event",
            tamper: None,
            is_rehashed: false,
        },
        ReplayCase {
            name: "export-params-edited",
            description:
                "handle-send params \"add:7\" changed to \"add:8\"; stored hashes left as recorded",
            tamper: Some(params.clone()),
            is_rehashed: false,
        },
        ReplayCase {
            name: "export-params-forged",
            description:
                "handle-send params \"add:7\" changed to \"add:8\"; every hash and link recomputed",
            tamper: Some(params),
            is_rehashed: true,
        },
        ReplayCase {
            name: "host-output-edited",
            description:
                "timer/now output in init increased by 1000 ms; stored hashes left as recorded",
            tamper: Some(now.clone()),
            is_rehashed: false,
        },
        ReplayCase {
            name: "host-output-forged",
            description:
                "timer/now output in init increased by 1000 ms; every hash and link recomputed",
            tamper: Some(now),
            is_rehashed: true,
        },
    ]
}

/// Replays `source` (a recorded counter chain) and its tampered copies with Theater, writing
/// the replayed chains under `<out_dir>/replay/` and the verdicts to `<out_dir>/`
/// [`VERDICTS_FILE`]. Must be called inside a multi-threaded tokio runtime, one call at a time.
pub async fn record_replay_verdicts(
    source: &ActorChain,
    staged: &StagedActors,
    out_dir: &Path,
) -> Result<ReplayVerdicts> {
    let replay_log = ReplayLog::install()?;
    let counter = staged.actor(SampleActor::Counter)?;
    let source_id = source
        .id
        .clone()
        .context("the source chain has no actor id")?;
    let initial_state = match &source.initial_state {
        Some(bytes) => decode_value(bytes).context("cannot decode the source's initial state")?,
        None => default_init_state(),
    };
    let mut trimmed = source.events.clone();
    if trimmed
        .last()
        .is_some_and(|event| event.event_type == "shutdown")
    {
        trimmed.pop();
    }
    let replay_dir = out_dir.join(REPLAY_DIR);
    std::fs::create_dir_all(&replay_dir)
        .with_context(|| format!("cannot create {}", replay_dir.display()))?;

    let session = TheaterSession::start().await?;
    let mut cases = Vec::new();
    for case in replay_cases() {
        let (events, tampered_event) = case_events(&trimmed, &case)?;
        let chain_path = replay_dir.join(format!("{}.chain.json", case.name));
        std::fs::write(&chain_path, write_chain_json(&events))
            .with_context(|| format!("cannot write {}", chain_path.display()))?;
        let chain_path = chain_path
            .canonicalize()
            .with_context(|| format!("cannot resolve {}", chain_path.display()))?;
        let manifest = replay_manifest(&counter.manifest_text, &chain_path)?;

        replay_log.clear();
        let actor = session
            .start_actor(
                &manifest,
                &counter.wasm,
                initial_state.clone(),
                StartMode::SetupOnly,
            )
            .await
            .with_context(|| format!("cannot set up the replay of {}", case.name))?;
        let theater_message = wait_for_verdict(&replay_log, case.name).await?;
        // The actor has nothing left to do; a replay that failed may have stopped it already.
        let _ = session.stop_actor(actor).await;

        let report = verify_chain(&events);
        cases.push(ReplayVerdict {
            name: case.name.to_string(),
            description: case.description.to_string(),
            chain: format!("{REPLAY_DIR}/{}.chain.json", case.name),
            tampered_event,
            is_reprise_verified: report.is_verified(),
            reprise_summary: report.summary(),
            is_theater_replay_ok: theater_message.starts_with("Replay complete"),
            theater_divergence_event: divergence_event(&theater_message),
            theater_message,
        });
    }
    session.shut_down().await?;

    let verdicts = ReplayVerdicts {
        theater: THEATER_VERSION.to_string(),
        source_actor: source_id,
        num_source_events: source.events.len(),
        cases,
    };
    let mut json = serde_json::to_vec_pretty(&verdicts).context("cannot serialize verdicts")?;
    json.push(b'\n');
    let path = out_dir.join(VERDICTS_FILE);
    std::fs::write(&path, json).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(verdicts)
}

fn case_events(
    trimmed: &[ChainEvent],
    case: &ReplayCase,
) -> Result<(Vec<ChainEvent>, Option<usize>)> {
    let (mut events, tampered_event) = match &case.tamper {
        Some(tamper) => {
            let (events, idx) = tamper_chain(trimmed, tamper)?;
            (events, Some(idx))
        }
        None => (trimmed.to_vec(), None),
    };
    if case.is_rehashed {
        rehash_chain(&mut events);
    }
    Ok((events, tampered_event))
}

/// The counter's manifest plus a replay handler reading `chain_path`.
fn replay_manifest(manifest_text: &str, chain_path: &Path) -> Result<String> {
    let chain_path = chain_path
        .to_str()
        .ok_or_else(|| anyhow!("{} is not UTF-8", chain_path.display()))?;
    if chain_path.contains('\'') {
        bail!("{chain_path} cannot be written as a TOML literal string");
    }
    Ok(format!(
        "{}\n[[handler]]\ntype = \"replay\"\nchain = '{chain_path}'\n",
        manifest_text.trim_end()
    ))
}

async fn wait_for_verdict(replay_log: &ReplayLog, case: &str) -> Result<String> {
    let deadline = tokio::time::Instant::now() + VERDICT_TIMEOUT;
    loop {
        if let Some(verdict) = replay_log.verdict() {
            return Ok(verdict);
        }
        if tokio::time::Instant::now() >= deadline {
            bail!("Theater reported no replay verdict for {case} within {VERDICT_TIMEOUT:?}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// `i` in Theater's `Divergence at event <i> [...]`.
fn divergence_event(message: &str) -> Option<usize> {
    let (_, rest) = message.split_once("Divergence at event ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn divergence_index_is_read_from_theaters_message() {
        let message = "Handler 'replay' setup() failed: Replay stopped: Divergence at event 9 [wasm]\n  expected: 1..2\n  actual:   3..4";
        assert_eq!(divergence_event(message), Some(9));
        assert_eq!(
            divergence_event("Replay complete: 14/14 events verified"),
            None
        );
    }
}
