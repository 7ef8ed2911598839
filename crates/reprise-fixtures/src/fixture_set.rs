//! The committed fixture set: a recorded scenario written as files.
//!
//! A fixture directory holds, next to the staged `<name>.wasm` / `<name>.toml` files:
//! - [`BUNDLE_FILE`]: every actor in one Reprise bundle (with `wasm_base64`);
//! - `<actor id>.chain.json`: each actor's chain in Theater's replay-file format;
//! - [`SUMMARY_FILE`]: which actor played which part, and its event count.
//!
//! Invariant: the chain files and the bundle hold the same events; a rewrite removes the chain
//! files of earlier runs (ids differ on every run).

use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::recorded_scenario::RecordedScenario;

/// The bundle's file name.
pub const BUNDLE_FILE: &str = "scenario.bundle.json";
/// The summary's file name.
pub const SUMMARY_FILE: &str = "scenario.json";
/// The Theater release the fixtures come from.
pub const THEATER_VERSION: &str = "0.3.29";

/// The contents of [`SUMMARY_FILE`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixtureSummary {
    /// The Theater release that recorded the chains.
    pub theater: String,
    /// The bundle's file name.
    pub bundle: String,
    /// Every actor, supervisor first.
    pub actors: Vec<FixtureActor>,
}

/// One actor of a fixture set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixtureActor {
    /// Its part in the scenario (`supervisor`, `counter-guest-error`, …).
    pub role: String,
    /// Theater actor id.
    pub id: String,
    /// Manifest name.
    pub name: String,
    /// Parent actor id, `None` for the root.
    pub parent: Option<String>,
    /// Its chain file.
    pub chain: String,
    /// Number of events in its chain.
    pub num_events: usize,
}

/// `fixtures/theater-0.3.29/` in this repository.
pub fn default_fixtures_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/theater-0.3.29")
}

/// The chain file name of actor `id`.
pub fn chain_file_name(id: &str) -> String {
    format!("{id}.chain.json")
}

/// Writes `recorded` into `dir` (the bundle, one chain file per actor and the summary) and
/// returns the summary.
pub fn write_fixtures(dir: &Path, recorded: &RecordedScenario) -> Result<FixtureSummary> {
    remove_old_chain_files(dir)?;
    let mut actors = Vec::new();
    for (id, role) in recorded.actors.roles() {
        let chain = recorded
            .chain_of(id)
            .with_context(|| format!("no chain was recorded for the {role} ({id})"))?;
        let id = id.to_string();
        let chain_file = chain_file_name(&id);
        write(
            &dir.join(&chain_file),
            &reprise_chain::write_chain_json(&chain.events),
        )?;
        actors.push(FixtureActor {
            role: role.to_string(),
            id,
            name: chain.name.clone().unwrap_or_default(),
            parent: chain.parent.clone(),
            chain: chain_file,
            num_events: chain.events.len(),
        });
    }
    write(
        &dir.join(BUNDLE_FILE),
        &reprise_chain::write_bundle(&recorded.chains),
    )?;
    let summary = FixtureSummary {
        theater: THEATER_VERSION.to_string(),
        bundle: BUNDLE_FILE.to_string(),
        actors,
    };
    let mut summary_json =
        serde_json::to_vec_pretty(&summary).context("cannot serialize the summary")?;
    summary_json.push(b'\n');
    write(&dir.join(SUMMARY_FILE), &summary_json)?;
    Ok(summary)
}

fn remove_old_chain_files(dir: &Path) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        let is_chain_file = path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.ends_with(".chain.json"));
        if is_chain_file {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}
