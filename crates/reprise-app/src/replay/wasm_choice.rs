//! `WasmChoice`: which module replays an actor — a file the user assigned to it, the bundle's
//! embedded `wasm_base64`, the `wasm-bytes` its parent passed to `supervisor/spawn`, or the
//! module the live server that recorded it serves — and whether its SHA-256 is the recorded
//! one (decided by `reprise_replay::WasmDigestCheck`, the same check as the CLI's).
//! `WasmOffer` adds the one case without bytes yet: only the server has the module.
//!
//! Plain data, no signals. Invariants: a file the user assigned wins over what the recording
//! carries, because assigning one is how the user asks for it; the server is asked last,
//! because everything else is already in the page and needs no request.

use std::sync::Arc;

use reprise_chain::ActorChain;
use reprise_replay::{spawned_wasm, WasmDigestCheck, WasmSource};

use crate::ServerModule;

/// A module the user assigned to an actor (a dropped or picked `.wasm` file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WasmFile {
    /// The file's name.
    pub name: String,
    /// Its bytes.
    pub bytes: Arc<Vec<u8>>,
}

/// What replaying an actor can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WasmOffer {
    /// A module at hand.
    Ready(WasmChoice),
    /// Only the live server has the module: it must be fetched first.
    OnServer(ServerModule),
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

    /// The module `bytes` fetched from the live server as `module`, checked against the
    /// `recorded` SHA-256 like any other source.
    pub fn from_server(module: &ServerModule, bytes: Arc<Vec<u8>>, recorded: Option<&str>) -> Self {
        Self {
            source: module.source(),
            digest_check: WasmDigestCheck::of(recorded, &bytes),
            bytes,
        }
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

impl WasmOffer {
    /// What replays `actor`: [`WasmChoice::resolve`]'s module, else the live server's `server`
    /// module — ready when its bytes were `fetched` already, else to be fetched. `None` when
    /// there is no module anywhere.
    pub fn resolve<'a>(
        actor: &ActorChain,
        assigned: Option<&WasmFile>,
        others: impl IntoIterator<Item = &'a ActorChain>,
        server: Option<ServerModule>,
        fetched: Option<Arc<Vec<u8>>>,
    ) -> Option<Self> {
        if let Some(choice) = WasmChoice::resolve(actor, assigned, others) {
            return Some(Self::Ready(choice));
        }
        let server = server?;
        Some(match fetched {
            Some(bytes) => Self::Ready(WasmChoice::from_server(
                &server,
                bytes,
                actor.wasm_sha256.as_deref(),
            )),
            None => Self::OnServer(server),
        })
    }

    /// The module at hand, if any.
    pub fn ready(&self) -> Option<&WasmChoice> {
        match self {
            Self::Ready(choice) => Some(choice),
            Self::OnServer(_) => None,
        }
    }

    /// Where the module comes from.
    pub fn source(&self) -> WasmSource {
        match self {
            Self::Ready(choice) => choice.source.clone(),
            Self::OnServer(module) => module.source(),
        }
    }

    /// `wasm: bundle — SHA-256 matches the recording`, or for a module still on the server
    /// `wasm: server module 3f2a9c01b7e4 — fetched when the replay starts`.
    pub fn describe(&self) -> String {
        match self {
            Self::Ready(choice) => choice.describe(),
            Self::OnServer(module) => format!(
                "wasm: {} — fetched when the replay starts",
                module.source().label()
            ),
        }
    }

    /// Whether the module is known to differ from the recorded one.
    pub fn is_mismatch(&self) -> bool {
        self.ready()
            .is_some_and(|choice| choice.digest_check.is_mismatch())
    }
}
