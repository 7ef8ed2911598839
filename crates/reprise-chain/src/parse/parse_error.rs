//! `ParseError`: why an input file could not be read, naming the file, the actor and the
//! event, and the position in the text.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why an input could not be parsed. Everything a person needs to find the problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParseError {
    /// The file as it was opened.
    pub path: String,
    /// Index of the actor in a bundle, when the error is inside one.
    pub actor_idx: Option<usize>,
    /// Index of the event the error is inside, when known.
    pub event_idx: Option<usize>,
    /// 1-based line and column in the (decompressed) text, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong, in words.
    pub reason: String,
}

impl ParseError {
    /// An error about the file as a whole.
    pub fn whole_file(path: &str, reason: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            actor_idx: None,
            event_idx: None,
            position: None,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.path)?;
        if let Some(actor_idx) = self.actor_idx {
            write!(f, "actor {actor_idx}, ")?;
        }
        if let Some(event_idx) = self.event_idx {
            write!(f, "event {event_idx}: ")?;
        }
        write!(f, "{}", self.reason)?;
        if let Some((line, column)) = self.position {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseError {}
