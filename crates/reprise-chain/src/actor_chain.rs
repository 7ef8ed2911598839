//! Containers above single events: one actor's chain, and what one input file held.
//!
//! These are plain data. Where a field is unknown (a bare chain file names no actor), it is
//! `None`, never a made-up value.

use serde::{Deserialize, Serialize};

use crate::event::ChainEvent;

/// The events of one actor, with whatever metadata the input carried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ActorChain {
    /// Theater actor id (lowercase hyphenated UUID), from a bundle or a `<uuid>.chain.json` name.
    pub id: Option<String>,
    /// Human name (manifest name), when known.
    pub name: Option<String>,
    /// Parent actor id, when known.
    pub parent: Option<String>,
    /// Manifest path or text the actor was started from.
    pub manifest: Option<String>,
    /// CGRF bytes of the state handed to `init` (not part of the chain itself).
    pub initial_state: Option<Vec<u8>>,
    /// Lowercase hex SHA-256 of the actor's wasm module.
    pub wasm_sha256: Option<String>,
    /// The actor's wasm module itself, when the bundle embeds it (`wasm_base64`).
    pub wasm: Option<Vec<u8>>,
    /// The events, in chain order.
    pub events: Vec<ChainEvent>,
}

/// How an input file was laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InputFormat {
    /// Theater's replay file: a JSON array of `ChainEvent`.
    ChainJson,
    /// A Reprise bundle: a JSON object with `format`, `version` and `actors`.
    Bundle,
    /// A capture log (`events.log.jsonl`): JSON lines of `actor` and `event` records.
    CaptureLog,
}

impl InputFormat {
    /// The stable name used in CLI JSON output and the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ChainJson => "chain-json",
            Self::Bundle => "bundle",
            Self::CaptureLog => "capture-log",
        }
    }
}

/// Everything parsed from one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadedFile {
    /// The path or name the file was opened as (used in every message about it).
    pub path: String,
    /// Its layout.
    pub format: InputFormat,
    /// Whether the bytes were gzip-compressed.
    pub is_gzip: bool,
    /// One entry per actor (exactly one for a plain chain file).
    pub actors: Vec<ActorChain>,
}
