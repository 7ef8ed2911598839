//! Why a replay could not be set up or continued (as opposed to a divergence, which is a
//! finding and lives in the report).
//!
//! Invariant: every variant names what the user can change: the module, the initial state,
//! or the event they picked.

use std::fmt;

use crate::engine::EngineError;

/// A replay that could not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplayError {
    /// The engine could not compile, instantiate or restore the actor.
    Engine(EngineError),
    /// The initial state is not CGRF.
    InitialState(String),
    /// The actor's wasm module is not available (a plain chain file, or a bundle without
    /// `wasm_base64`).
    NoWasm,
    /// A what-if named an event that is not a recorded host call.
    NotAHostCall {
        /// The event picked.
        event_idx: usize,
    },
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Engine(err) => err.fmt(f),
            Self::InitialState(problem) => {
                write!(f, "the initial state is not a CGRF value: {problem}")
            }
            Self::NoWasm => {
                f.write_str("replay needs the actor's wasm module, and this chain comes without it")
            }
            Self::NotAHostCall { event_idx } => write!(
                f,
                "event {event_idx} is not a recorded host call, so it has no output to replace"
            ),
        }
    }
}

impl std::error::Error for ReplayError {}

impl From<EngineError> for ReplayError {
    fn from(err: EngineError) -> Self {
        Self::Engine(err)
    }
}
