//! `EventStatus`: one event's verification verdict as the timeline and detail pane show it.

use reprise_chain::{AnalyzedActor, BreakReason};

/// Whether an event's hash and link hold, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    /// Hash and link hold.
    Ok,
    /// The event breaks the chain.
    Broken(BreakReason),
}

impl EventStatus {
    /// The status of event `event_idx` of `actor` (`Ok` when out of range).
    pub fn of(actor: &AnalyzedActor, event_idx: usize) -> Self {
        match actor
            .report
            .checks
            .get(event_idx)
            .and_then(|check| check.break_reason())
        {
            Some(reason) => Self::Broken(reason),
            None => Self::Ok,
        }
    }

    /// A stable name for CSS modifiers and `data-status`: `ok`, `hash_mismatch`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Broken(reason) => reason.as_str(),
        }
    }

    /// Words for people: `ok`, `hash mismatch`, `parent mismatch`, `duplicate`, `fork`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Broken(BreakReason::HashMismatch) => "hash mismatch",
            Self::Broken(BreakReason::ParentMismatch) => "parent mismatch",
            Self::Broken(BreakReason::Duplicate) => "duplicate",
            Self::Broken(BreakReason::Fork) => "fork",
        }
    }

    /// True when the event breaks the chain.
    pub fn is_problem(self) -> bool {
        self != Self::Ok
    }
}
