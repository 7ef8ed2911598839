//! `ReplayFixture`: one actor's chain as a replay-test fixture for Theater 0.3.29 — the chain
//! as a replay file, a manifest whose first handler is `type = "replay"` reading it, the
//! component wasm, the initial state when the recording has one, and a README saying how to
//! run it — as a list of files (relative path, bytes).
//!
//! Theater's replay (spec §6) sets the actor up without `init`, answers host calls from the
//! chain and compares every new event's hash with the recorded one. Hence the invariants:
//! - the module is required, and must hash to the recorded `wasm_sha256` when one is recorded
//!   (a different module would diverge, and the fixture would prove nothing);
//! - a trailing `shutdown` pseudo-event is left out: Theater would try to call `shutdown` as an
//!   export and end the replay with a failure (spec §6, caveat 2; `fixtures/theater-0.3.29`'s
//!   replay verdicts are taken the same way); every other event is kept as recorded;
//! - the initial state is the recorded CGRF value, byte for byte (`initial-state.cgrf`): the
//!   manifest's `initial_state` can only hold a string, and a different state diverges at the
//!   first result.

use std::fmt;

use crate::actor_chain::ActorChain;
use crate::bundle_json::write_chain_json;
use crate::event::ChainEvent;
use crate::export::replay_manifest::{replay_manifest, ManifestSource};
use crate::export::ExportFile;
use crate::module_digest::wasm_sha256_hex;

/// The fixture's replay file.
pub const FIXTURE_CHAIN_FILE: &str = "chain.json";
/// The fixture's manifest.
pub const FIXTURE_MANIFEST_FILE: &str = "manifest.toml";
/// The fixture's module.
pub const FIXTURE_WASM_FILE: &str = "actor.wasm";
/// The recorded initial state (CGRF bytes of a Theater `Value`), when there is one.
pub const FIXTURE_STATE_FILE: &str = "initial-state.cgrf";
/// How to run the fixture.
pub const FIXTURE_README_FILE: &str = "README.md";

/// Why an actor cannot be exported as a replay-test fixture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixtureError {
    /// The chain has no event to replay (none, or only `shutdown`).
    NoEvents,
    /// The actor's module is not known.
    NoWasm,
    /// The module given is not the one recorded.
    WasmMismatch {
        /// The recorded SHA-256.
        recorded: String,
        /// The module's SHA-256.
        actual: String,
    },
}

impl fmt::Display for FixtureError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoEvents => formatter.write_str("the chain has no event to replay"),
            Self::NoWasm => formatter
                .write_str("the actor's wasm module is not known (a replay-test fixture needs it)"),
            Self::WasmMismatch { recorded, actual } => write!(
                formatter,
                "the wasm module's SHA-256 is {actual}, not the recorded {recorded}: \
                 Theater's replay of it would diverge"
            ),
        }
    }
}

impl std::error::Error for FixtureError {}

/// One actor's replay-test fixture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayFixture {
    /// The manifest's text.
    pub manifest: String,
    /// Whether the manifest is the recorded one or generated.
    pub manifest_source: ManifestSource,
    /// The events Theater replays.
    pub events: Vec<ChainEvent>,
    /// Whether a trailing `shutdown` event was left out.
    pub is_shutdown_left_out: bool,
    /// The module.
    pub wasm: Vec<u8>,
    /// The recorded initial state (CGRF), if any; Theater's default is `none<list<u8>>`.
    pub initial_state: Option<Vec<u8>>,
}

impl ReplayFixture {
    /// Whether `actor` can be exported with `wasm` as its module (see the module
    /// invariants), without building anything: for offering the export.
    pub fn check(actor: &ActorChain, wasm: Option<&[u8]>) -> Result<(), FixtureError> {
        let num_replayed = match actor.events.last() {
            Some(last) if last.event_type == "shutdown" => actor.events.len() - 1,
            _ => actor.events.len(),
        };
        if num_replayed == 0 {
            return Err(FixtureError::NoEvents);
        }
        let wasm = wasm.ok_or(FixtureError::NoWasm)?;
        if let Some(recorded) = &actor.wasm_sha256 {
            let actual = wasm_sha256_hex(wasm);
            if !actual.eq_ignore_ascii_case(recorded) {
                return Err(FixtureError::WasmMismatch {
                    recorded: recorded.clone(),
                    actual,
                });
            }
        }
        Ok(())
    }

    /// The fixture of `actor`, whose `wasm` must be set (see the module invariants).
    pub fn of_actor(actor: &ActorChain) -> Result<Self, FixtureError> {
        Self::check(actor, actor.wasm.as_deref())?;
        let mut events = actor.events.clone();
        let is_shutdown_left_out = events
            .last()
            .is_some_and(|event| event.event_type == "shutdown");
        if is_shutdown_left_out {
            events.pop();
        }
        let wasm = actor.wasm.clone().ok_or(FixtureError::NoWasm)?;
        let (manifest, manifest_source) = replay_manifest(
            actor.manifest.as_deref(),
            actor.name.as_deref(),
            &events,
            FIXTURE_WASM_FILE,
            FIXTURE_CHAIN_FILE,
        );
        Ok(Self {
            manifest,
            manifest_source,
            events,
            is_shutdown_left_out,
            wasm,
            initial_state: actor.initial_state.clone(),
        })
    }

    /// The fixture's files, paths relative to its folder.
    pub fn files(&self) -> Vec<ExportFile> {
        let mut files = vec![
            ExportFile::new(FIXTURE_MANIFEST_FILE, self.manifest.clone().into_bytes()),
            ExportFile::new(FIXTURE_CHAIN_FILE, write_chain_json(&self.events)),
            ExportFile::new(FIXTURE_WASM_FILE, self.wasm.clone()),
        ];
        if let Some(state) = &self.initial_state {
            files.push(ExportFile::new(FIXTURE_STATE_FILE, state.clone()));
        }
        files.push(ExportFile::new(
            FIXTURE_README_FILE,
            self.readme().into_bytes(),
        ));
        files
    }

    fn readme(&self) -> String {
        let state = if self.initial_state.is_some() {
            format!(
                "the CGRF value in `{FIXTURE_STATE_FILE}` (decode it with \
                 `theater::pack_bridge::decode_value`)"
            )
        } else {
            "Theater's default, `none<list<u8>>` (`theater::messages::default_init_state()`)"
                .to_string()
        };
        let shutdown = if self.is_shutdown_left_out {
            "The recorded chain ended with the `shutdown` pseudo-event; it is left out, because \
             Theater's replay would try to call it as an export.\n"
        } else {
            ""
        };
        let manifest = match self.manifest_source {
            ManifestSource::Recorded => "the recorded manifest".to_string(),
            ManifestSource::Generated => "generated: its handlers are the Theater interfaces \
                                          the chain uses; add any other the module imports"
                .to_string(),
        };
        format!(
            "# Replay-test fixture (exported by Reprise)\n\n\
             Theater 0.3.29 re-runs `{FIXTURE_WASM_FILE}` against `{FIXTURE_CHAIN_FILE}` \
             ({events} events) and compares every event's hash with the recorded one.\n\n\
             - `{FIXTURE_MANIFEST_FILE}`: {manifest}, with `package` pointing at \
             `{FIXTURE_WASM_FILE}` and a first handler `type = \"replay\"` reading \
             `{FIXTURE_CHAIN_FILE}`.\n\
             - Set the actor up **without** `init` (`TheaterCommand::SetupActor`, or \
             `theater setup {FIXTURE_MANIFEST_FILE}`) from this folder as the working \
             directory: Theater reads the replay file's path relative to it.\n\
             - Initial state: {state}.\n\n\
             {shutdown}\
             Success is logged as `Replay complete: {events}/{events} events verified`; a \
             divergence as `Divergence at event <i> [...]`.\n",
            events = self.events.len(),
        )
    }
}
