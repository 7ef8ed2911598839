//! `ReplayRun` and `ReplayRuns`: the replay of each actor — running, its report, or why it
//! could not run — and what that means for the timeline rows and the status line.
//!
//! Plain data, no signals: [`crate::state::DebuggerState`] wraps [`ReplayRuns`] in one.
//! Invariant: a reply only lands on the actor whose run it answers (a newer run replaces an
//! older one, whose late reply is then dropped).

use std::collections::HashMap;
use std::sync::Arc;

use reprise_chain::{interpret_event, ActorChain, ChainEvent, ValueNode};
use reprise_replay::{Divergence, EventStatus, ReplayReport};

use crate::worker_protocol::JobId;

/// The hint shown instead of the Replay button when the actor has no wasm.
pub const NO_WASM_HINT: &str = "replay needs the actor's wasm (a bundle with wasm_base64)";

/// The replay of one actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplayRun {
    /// Sent to the worker as run `job_id`.
    Running {
        /// Which run.
        job_id: JobId,
    },
    /// Finished: what it found.
    Done(Arc<ReplayReport>),
    /// Could not run.
    Failed(String),
}

impl ReplayRun {
    /// The status line.
    pub fn status_text(&self) -> String {
        match self {
            Self::Running { .. } => "Replaying…".to_string(),
            Self::Done(report) => report.summary(),
            Self::Failed(message) => format!("Replay failed: {message}"),
        }
    }

    /// `running`, `verified`, `divergent` or `failed`: the status line's modifier.
    pub fn outcome(&self) -> &'static str {
        match self {
            Self::Running { .. } => "running",
            Self::Done(report) if report.divergence.is_some() => "divergent",
            Self::Done(report) if report.is_verified() => "verified",
            Self::Done(_) => "partial",
            Self::Failed(_) => "failed",
        }
    }

    /// The `data-replay` mark of event `event_idx`'s row, once a report is in.
    pub fn row_mark(&self, event_idx: usize) -> Option<&'static str> {
        let Self::Done(report) = self else {
            return None;
        };
        Some(match report.statuses.get(event_idx)? {
            EventStatus::Verified => "verified",
            EventStatus::Divergent => "divergent",
            EventStatus::NotReached => "not-reached",
        })
    }

    /// The divergence, if the report has one.
    pub fn divergence(&self) -> Option<&Divergence> {
        match self {
            Self::Done(report) => report.divergence.as_ref(),
            _ => None,
        }
    }

    /// What the detail pane shows about the divergence, when it is at event `event_idx`.
    pub fn divergence_at(&self, event_idx: usize) -> Option<DivergenceView> {
        self.divergence()
            .filter(|divergence| divergence.index == event_idx)
            .map(DivergenceView::of)
    }

    /// Whether this run still describes a chain of `num_events` events: a report of a chain
    /// that has grown since (a live feed) is stale and no longer shown.
    pub fn is_current(&self, num_events: usize) -> bool {
        match self {
            Self::Done(report) => report.events == num_events,
            Self::Running { .. } | Self::Failed(_) => true,
        }
    }

    /// Whether a run is under way.
    pub fn is_running(&self) -> bool {
        matches!(self, Self::Running { .. })
    }
}

/// A divergence as the detail pane shows it: both events decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DivergenceView {
    /// The recorded event's index.
    pub index: usize,
    /// What differs (`params`, `stored_hash`, …).
    pub field: &'static str,
    /// What differs and why, for people.
    pub detail: String,
    /// The recorded event's stored hash, or `none`.
    pub expected_hash: String,
    /// The replayed event's hash, or `none`.
    pub actual_hash: String,
    /// The recorded event's payload, decoded.
    pub expected_payload: Option<ValueNode>,
    /// The replayed event's payload, decoded.
    pub actual_payload: Option<ValueNode>,
}

impl DivergenceView {
    /// Decodes both sides of `divergence`.
    pub fn of(divergence: &Divergence) -> Self {
        let decode =
            |event: &Option<ChainEvent>| event.as_ref().map(|event| interpret_event(event).payload);
        let hash = |hash: &Option<String>| hash.clone().unwrap_or_else(|| "none".to_string());
        Self {
            index: divergence.index,
            field: divergence.field.as_str(),
            detail: divergence.detail.clone(),
            expected_hash: hash(&divergence.expected_hash),
            actual_hash: hash(&divergence.actual_hash),
            expected_payload: decode(&divergence.expected),
            actual_payload: decode(&divergence.actual),
        }
    }
}

/// Whether `chain` can be replayed: it embeds its wasm module.
pub fn can_replay(chain: &ActorChain) -> bool {
    chain.wasm.is_some()
}

/// The replay of every actor that has one, by actor position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplayRuns {
    runs: HashMap<usize, ReplayRun>,
}

impl ReplayRuns {
    /// Records that actor `actor_pos` is being replayed as run `job_id`.
    pub fn start(&mut self, actor_pos: usize, job_id: JobId) {
        self.runs.insert(actor_pos, ReplayRun::Running { job_id });
    }

    /// Lands the result of run `job_id` on its actor. Returns that actor's position, or `None`
    /// when no actor waits for this run (it was replaced or forgotten).
    pub fn finish(&mut self, job_id: JobId, result: Result<ReplayReport, String>) -> Option<usize> {
        let actor_pos = self
            .runs
            .iter()
            .find(|(_, run)| **run == ReplayRun::Running { job_id })
            .map(|(actor_pos, _)| *actor_pos)?;
        let run = match result {
            Ok(report) => ReplayRun::Done(Arc::new(report)),
            Err(message) => ReplayRun::Failed(message),
        };
        self.runs.insert(actor_pos, run);
        Some(actor_pos)
    }

    /// Forgets the run of `actor_pos` (its chain changed).
    pub fn forget(&mut self, actor_pos: usize) {
        self.runs.remove(&actor_pos);
    }

    /// The run of `actor_pos`, if any.
    pub fn of(&self, actor_pos: usize) -> Option<&ReplayRun> {
        self.runs.get(&actor_pos)
    }
}
