//! Chain verification: recompute every hash, check every link, name the first break.
//!
//! Invariant: verification never fails. Whatever the events hold, the result is a
//! [`VerifyReport`] value; a broken chain is a finding, not an error.

use serde::{Deserialize, Serialize};

use crate::event::ChainEvent;
use crate::incremental_verify::IncrementalVerifier;

/// Why a link is broken, with the stable names the CLI's `--json` output uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BreakReason {
    /// The stored hash is not the SHA-1 of the event's canonical bytes.
    HashMismatch,
    /// `parent_hash` is not the previous event's hash (and the event is no duplicate or fork).
    ParentMismatch,
    /// The event repeats an earlier event's hash.
    Duplicate,
    /// The event's parent is an earlier event that already has a successor.
    Fork,
}

impl BreakReason {
    /// `hash_mismatch`, `parent_mismatch`, `duplicate` or `fork`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HashMismatch => "hash_mismatch",
            Self::ParentMismatch => "parent_mismatch",
            Self::Duplicate => "duplicate",
            Self::Fork => "fork",
        }
    }
}

/// How an event attaches to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkStatus {
    /// First event with a `null` parent: a complete chain starts here.
    Root,
    /// First event with a parent that is not in the input: the chain starts mid-way.
    PartialStart,
    /// `parent_hash` equals the previous event's hash.
    Linked,
    /// `parent_hash` is something else (or `null` after the first event).
    ParentMismatch,
    /// The event's stored hash equals that of event `of_idx`.
    Duplicate {
        /// Index of the earlier event with the same hash.
        of_idx: usize,
    },
    /// The parent is event `parent_idx`, whose successor is already event `parent_idx + 1`.
    Fork {
        /// Index of the event this one claims as parent.
        parent_idx: usize,
    },
}

/// The result of checking one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventCheck {
    /// The hash recomputed from the event's content.
    pub computed_hash: [u8; 20],
    /// Whether `computed_hash` equals the stored hash.
    pub is_hash_ok: bool,
    /// How the event links to its predecessor.
    pub link: LinkStatus,
}

impl EventCheck {
    /// The reason this event breaks the chain, if it does. A hash mismatch wins over a link
    /// problem because it is the more specific finding about the event itself.
    pub fn break_reason(&self) -> Option<BreakReason> {
        if !self.is_hash_ok {
            return Some(BreakReason::HashMismatch);
        }
        match self.link {
            LinkStatus::Root | LinkStatus::PartialStart | LinkStatus::Linked => None,
            LinkStatus::ParentMismatch => Some(BreakReason::ParentMismatch),
            LinkStatus::Duplicate { .. } => Some(BreakReason::Duplicate),
            LinkStatus::Fork { .. } => Some(BreakReason::Fork),
        }
    }
}

/// The first event at which the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokenLink {
    /// Index of the event in the input (0-based).
    pub index: usize,
    /// The kind of break.
    pub reason: BreakReason,
    /// A sentence for people, naming the hashes involved.
    pub detail: String,
}

/// The verdict on a whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyReport {
    /// Number of events in the input.
    pub num_events: usize,
    /// Number of events whose hash was recomputed (all of them).
    pub hashes_checked: usize,
    /// One check per event, in input order.
    pub checks: Vec<EventCheck>,
    /// `Some(k)` when the chain starts mid-way: it is verified from event `k` on.
    pub partial_from: Option<usize>,
    /// The first broken event, or `None` when every hash and link holds.
    pub first_broken: Option<BrokenLink>,
}

impl VerifyReport {
    /// True when every hash and every link holds (a partial chain can be verified).
    pub fn is_verified(&self) -> bool {
        self.first_broken.is_none()
    }

    /// One line for people: `10 events, verified`, `broken at event 3: …`, `partial: …`.
    pub fn summary(&self) -> String {
        match (&self.first_broken, self.partial_from) {
            (Some(broken), _) => format!(
                "broken at event {}: {} ({})",
                broken.index,
                broken.reason.as_str().replace('_', " "),
                broken.detail
            ),
            (None, Some(from_idx)) => format!(
                "partial: {} events, verified from event {from_idx}",
                self.num_events
            ),
            (None, None) => format!("{} events, verified", self.num_events),
        }
    }
}

/// How often [`verify_chain_with_progress`] reports, in events.
pub const PROGRESS_EVERY_EVENTS: usize = 2048;

/// Verifies `events` as one actor's chain.
pub fn verify_chain(events: &[ChainEvent]) -> VerifyReport {
    verify_chain_with_progress(events, &mut |_| {})
}

/// Verifies `events`, calling `on_progress(num_done)` every [`PROGRESS_EVERY_EVENTS`] events.
///
/// This is [`IncrementalVerifier`] run over a slice: one implementation of the link rules and
/// the break descriptions serves whole files and live feeds alike.
pub fn verify_chain_with_progress(
    events: &[ChainEvent],
    on_progress: &mut dyn FnMut(usize),
) -> VerifyReport {
    let mut verifier = IncrementalVerifier::with_capacity(events.len());
    for (idx, event) in events.iter().enumerate() {
        verifier.push(event);
        if (idx + 1) % PROGRESS_EVERY_EVENTS == 0 {
            on_progress(idx + 1);
        }
    }
    on_progress(events.len());
    verifier.into_report()
}
