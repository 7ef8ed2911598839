//! Where an actor's wasm module comes from, and whether it is the one that was recorded.
//!
//! Four sources: the bundle's embedded `wasm_base64`, a file the user supplies, the
//! `wasm-bytes` a parent passed to `theater:simple/supervisor/spawn` (spec §7: the whole child
//! binary, embedded in the parent's chain), or the module a live capture server keeps beside
//! its log (`GET /modules/<sha256>.wasm`). Any module may be replayed (a different one is a
//! what-if of the code), but one whose SHA-256 differs from the recording's is flagged,
//! because every divergence that follows may come from it. The CLI and the browser both ask
//! this module, so they flag the same modules.
//!
//! Invariant: pure; reading the parent's chain never fails, it finds bytes or `None`.

use reprise_chain::theater_payload::spawn_with_module;
/// Lowercase hex SHA-256 of `wasm`: the core's one module digest, re-exported for replay's
/// callers.
pub use reprise_chain::wasm_sha256_hex;
use reprise_chain::ActorChain;
use serde::{Deserialize, Serialize};

/// Where the module being replayed came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WasmSource {
    /// The bundle's `wasm_base64`.
    Bundle,
    /// A file the user picked or dropped.
    File {
        /// The file's name.
        name: String,
    },
    /// The `wasm-bytes` of the parent's spawn call.
    SpawnInput {
        /// The parent's event that spawned this actor.
        parent_event_idx: usize,
    },
    /// The module the live server that recorded the actor serves by its SHA-256.
    Server {
        /// Where it was fetched from (`http://host:port/modules/<sha256>.wasm`).
        url: String,
        /// The SHA-256 it was asked for (lowercase hex), as the actor record names it.
        sha256: String,
    },
}

/// Hex digits of a SHA-256 a label shows: enough to tell modules apart at a glance.
const LABEL_SHA256_PREFIX_LEN: usize = 12;

impl WasmSource {
    /// For people: `bundle`, `file counter.wasm`, `parent's spawn (event 6)`,
    /// `server module 3f2a9c01b7e4`.
    pub fn label(&self) -> String {
        match self {
            Self::Bundle => "bundle".to_string(),
            Self::File { name } => format!("file {name}"),
            Self::SpawnInput { parent_event_idx } => {
                format!("parent's spawn input (event {parent_event_idx})")
            }
            Self::Server { sha256, .. } => {
                let prefix = sha256.get(..LABEL_SHA256_PREFIX_LEN).unwrap_or(sha256);
                format!("server module {prefix}")
            }
        }
    }
}

/// How a module compares with the SHA-256 the recording names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WasmDigestCheck {
    /// Same digest: the recorded module.
    Matches,
    /// Another module than the one recorded.
    Differs {
        /// The recording's digest (lowercase hex).
        recorded: String,
        /// The module's digest (lowercase hex).
        actual: String,
    },
    /// The recording names no digest, so nothing can be checked.
    NotRecorded {
        /// The module's digest (lowercase hex).
        actual: String,
    },
}

impl WasmDigestCheck {
    /// Compares `wasm` with the digest `recorded` (hex, any case), if any.
    pub fn of(recorded: Option<&str>, wasm: &[u8]) -> Self {
        let actual = wasm_sha256_hex(wasm);
        match recorded {
            None => Self::NotRecorded { actual },
            Some(recorded) if recorded.eq_ignore_ascii_case(&actual) => Self::Matches,
            Some(recorded) => Self::Differs {
                recorded: recorded.to_ascii_lowercase(),
                actual,
            },
        }
    }

    /// Whether the module is known to differ from the recorded one.
    pub fn is_mismatch(&self) -> bool {
        matches!(self, Self::Differs { .. })
    }

    /// One sentence for people.
    pub fn describe(&self) -> String {
        match self {
            Self::Matches => "SHA-256 matches the recording".to_string(),
            Self::Differs { recorded, actual } => format!(
                "SHA-256 {actual} differs from the recording's {recorded}: divergences may come from the module"
            ),
            Self::NotRecorded { actual } => {
                format!("SHA-256 {actual}; the recording names none to compare with")
            }
        }
    }
}

/// The module a parent embedded in the `supervisor/spawn` call that returned `child_id`, with
/// the index of that event in `parent`'s chain (the spawn is read by
/// `reprise_chain::theater_payload`).
pub fn spawned_wasm(parent: &ActorChain, child_id: &str) -> Option<(usize, Vec<u8>)> {
    let (event_idx, spawn) = spawn_with_module(&parent.events, child_id)?;
    Some((event_idx, spawn.wasm_bytes?))
}
