//! What a replay found: how many recorded events it reproduced, the first place it departed
//! from the recording and how, and a status per event for the timeline.
//!
//! Invariant: plain data (serde, no engine types), so the worker can send it to the UI as is;
//! `verified` counts exactly the [`EventStatus::Verified`] entries of `statuses`.

use std::fmt;

use reprise_chain::ChainEvent;
use serde::{Deserialize, Serialize};

/// The result of replaying (part of) a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplayReport {
    /// Number of recorded events.
    pub events: usize,
    /// Recorded events reproduced with identical hashes (and self-consistent stored hashes).
    pub verified: usize,
    /// Events the replay has produced so far.
    pub regenerated: usize,
    /// The first divergence, if any.
    pub divergence: Option<Divergence>,
    /// One status per recorded event.
    pub statuses: Vec<EventStatus>,
    /// The recorded host call whose output a what-if replaced, if any.
    pub what_if_event: Option<usize>,
}

impl ReplayReport {
    /// Every recorded event was reproduced and nothing diverged.
    pub fn is_verified(&self) -> bool {
        self.divergence.is_none() && self.verified == self.events
    }

    /// One line, in the style of Theater's replay handler.
    pub fn summary(&self) -> String {
        match &self.divergence {
            None if self.verified == self.events => {
                format!(
                    "Replay complete: {}/{} events verified",
                    self.verified, self.events
                )
            }
            None => format!(
                "Replay in progress: {}/{} events verified so far",
                self.verified, self.events
            ),
            Some(divergence) => format!(
                "Divergence at event {} ({}): {}/{} events verified; {}",
                divergence.index, divergence.field, self.verified, self.events, divergence.detail
            ),
        }
    }
}

/// Where and how the replay first departed from the recording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Divergence {
    /// Index of the event (in the recording; equal to the recording's length when the replay
    /// produced an event past its end).
    pub index: usize,
    /// What differs.
    pub field: DivergenceField,
    /// The recorded event, unless the replay ran past the end of the recording.
    pub expected: Option<ChainEvent>,
    /// The replayed event, unless the replay produced nothing here.
    pub actual: Option<ChainEvent>,
    /// Lowercase hex of the recorded event's stored hash.
    pub expected_hash: Option<String>,
    /// Lowercase hex of the replayed event's hash.
    pub actual_hash: Option<String>,
    /// One or two sentences for a person: what differs and, when known, why.
    pub detail: String,
}

/// The first differing part of a diverging event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DivergenceField {
    /// The export name or params of a `wasm-call`.
    Params,
    /// What the guest sent to a host call.
    HostInput,
    /// What a host call answered.
    HostOutput,
    /// The state after an export call.
    State,
    /// The response of an export call.
    Response,
    /// An error message, or an error where a result was recorded (or the reverse).
    Error,
    /// The `event_type`, or an event of a kind replay cannot compare.
    EventType,
    /// A recorded event the replay did not produce.
    MissingEvent,
    /// An event the replay produced that the recording does not have.
    ExtraEvent,
    /// The payloads agree but the hashes do not: the recorded event does not hash to its
    /// stored hash, or its parent link is broken.
    StoredHash,
}

impl DivergenceField {
    /// The stable snake_case name shown in reports and the UI (`host_output`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Params => "params",
            Self::HostInput => "host_input",
            Self::HostOutput => "host_output",
            Self::State => "state",
            Self::Response => "response",
            Self::Error => "error",
            Self::EventType => "event_type",
            Self::MissingEvent => "missing_event",
            Self::ExtraEvent => "extra_event",
            Self::StoredHash => "stored_hash",
        }
    }
}

impl fmt::Display for DivergenceField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How far replay got with one recorded event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventStatus {
    /// Reproduced with an identical hash.
    Verified,
    /// The first divergence.
    Divergent,
    /// Not reproduced (yet): after the divergence, or past the replay cursor.
    NotReached,
}
