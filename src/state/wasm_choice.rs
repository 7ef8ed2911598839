//! `WasmChoice`: which module replays an actor — a file the user assigned to it, the bundle's
//! embedded `wasm_base64`, or the `wasm-bytes` its parent passed to `supervisor/spawn` — and
//! whether its SHA-256 is the recorded one (decided by `reprise_replay::WasmDigestCheck`, the
//! same check as the CLI's).
//!
//! Plain data, no signals. Invariant: a file the user assigned wins over what the recording
//! carries, because assigning one is how the user asks for it.

use std::sync::Arc;

use reprise_chain::ActorChain;
use reprise_replay::{spawned_wasm, WasmDigestCheck, WasmSource};

/// A module the user assigned to an actor (a dropped or picked `.wasm` file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WasmFile {
    /// The file's name.
    pub name: String,
    /// Its bytes.
    pub bytes: Arc<Vec<u8>>,
}

/// The module that replays an actor, where it comes from and how it compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WasmChoice {
    /// Where the module comes from.
    pub source: WasmSource,
    /// The module.
    pub bytes: Arc<Vec<u8>>,
    /// Its SHA-256 against the recording's `wasm_sha256`.
    pub digest_check: WasmDigestCheck,
}

impl WasmChoice {
    /// The module for `actor`: `assigned`, else the bundle's, else the one a parent among
    /// `others` embedded in the spawn that created it. `None` when there is none.
    pub fn resolve<'a>(
        actor: &ActorChain,
        assigned: Option<&WasmFile>,
        others: impl IntoIterator<Item = &'a ActorChain>,
    ) -> Option<Self> {
        let recorded = actor.wasm_sha256.as_deref();
        let choice = |source: WasmSource, bytes: Arc<Vec<u8>>| Self {
            digest_check: WasmDigestCheck::of(recorded, &bytes),
            source,
            bytes,
        };
        if let Some(file) = assigned {
            let source = WasmSource::File {
                name: file.name.clone(),
            };
            return Some(choice(source, Arc::clone(&file.bytes)));
        }
        if let Some(wasm) = &actor.wasm {
            return Some(choice(WasmSource::Bundle, Arc::new(wasm.clone())));
        }
        let child_id = actor.id.as_deref()?;
        others.into_iter().find_map(|parent| {
            let (parent_event_idx, bytes) = spawned_wasm(parent, child_id)?;
            Some(choice(
                WasmSource::SpawnInput { parent_event_idx },
                Arc::new(bytes),
            ))
        })
    }

    /// `wasm: bundle — SHA-256 matches the recording`.
    pub fn describe(&self) -> String {
        format!(
            "wasm: {} — {}",
            self.source.label(),
            self.digest_check.describe()
        )
    }

    /// `actor` with this module as the one to run.
    pub fn apply_to(&self, actor: &ActorChain) -> ActorChain {
        let mut chain = actor.clone();
        chain.wasm = Some(self.bytes.as_ref().clone());
        chain
    }
}
