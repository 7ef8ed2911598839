//! What an event *is*, independent of era: an export call, its result or error, a host call,
//! or the `shutdown` pseudo-event.

use serde::{Deserialize, Serialize};

/// The role of an event in an actor's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EventKind {
    /// The runtime calls one of the actor's exports (`wasm` / wasm-call).
    ExportCall,
    /// An export call returned; carries the new state (`wasm` / wasm-result).
    ExportResult,
    /// An export call failed (`wasm` / wasm-error).
    ExportError,
    /// The actor called a host function (`<interface>/<function>`).
    HostCall,
    /// The runtime stopped the actor (`shutdown` pseudo-event).
    Shutdown,
    /// A payload Reprise does not recognise.
    Unknown,
}

impl EventKind {
    /// Every kind, in display order.
    pub const ALL: [EventKind; 6] = [
        Self::ExportCall,
        Self::ExportResult,
        Self::ExportError,
        Self::HostCall,
        Self::Shutdown,
        Self::Unknown,
    ];

    /// A stable short name (`call`, `result`, `error`, `host`, `shutdown`, `unknown`), used in
    /// CSS classes, test ids and filters.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ExportCall => "call",
            Self::ExportResult => "result",
            Self::ExportError => "error",
            Self::HostCall => "host",
            Self::Shutdown => "shutdown",
            Self::Unknown => "unknown",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::ExportCall => "export call",
            Self::ExportResult => "result",
            Self::ExportError => "error",
            Self::HostCall => "host call",
            Self::Shutdown => "shutdown",
            Self::Unknown => "unknown",
        }
    }

    /// The kind named by [`EventKind::as_str`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}
