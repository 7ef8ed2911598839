//! `WireError`: why a message or a log line could not be read, in words a person can act on.

use std::fmt;

/// Why a `/ws` message, a log line or a `from` value was refused. Never a panic: every input
/// either parses or gives one of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError {
    /// What is wrong, in words (the server sends it as the `error` message's text).
    pub reason: String,
}

impl WireError {
    /// An error with this reason.
    pub fn new(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for WireError {}
