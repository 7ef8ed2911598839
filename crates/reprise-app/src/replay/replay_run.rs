//! `ReplayRun`: one actor's replay session as the page sees it — the module it runs, whether
//! the worker is busy with it, its position and report, or why it could not run — and what
//! that means for the timeline rows, the status line and the controls.
//!
//! Plain data, no signals: [`crate::ReplayRuns`] keeps one per actor and
//! the web app's `ReplayState` wraps them in a signal.

use std::sync::Arc;

use reprise_chain::{interpret_event, ChainEvent, ValueNode};
use reprise_replay::{Divergence, EventStatus, ReplayReport};

use crate::worker_protocol::{JobId, ReplayUpdate};
use crate::WasmChoice;

/// The hint shown instead of the replay controls when the actor has no wasm.
pub const NO_WASM_HINT: &str =
    "replay needs the actor's wasm (a bundle with wasm_base64, or drop a .wasm file)";

/// One actor's replay session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayRun {
    /// The worker's session id.
    pub session_id: JobId,
    /// The module the session runs.
    pub wasm: WasmChoice,
    /// Events of the chain the session replays.
    pub num_events: usize,
    /// Commands sent whose reply has not come yet (a running slice loop counts as one).
    pub num_pending: usize,
    /// The latest position and report, once the worker has sent one.
    pub update: Option<Arc<ReplayUpdate>>,
    /// Why the session could not start; it has none then.
    pub failure: Option<String>,
    /// Why the last command was refused (the session stays where it was).
    pub refusal: Option<String>,
}

impl ReplayRun {
    /// A session about to be started in the worker, over a chain of `num_events` events.
    pub fn new(session_id: JobId, wasm: WasmChoice, num_events: usize) -> Self {
        Self {
            session_id,
            wasm,
            num_events,
            num_pending: 0,
            update: None,
            failure: None,
            refusal: None,
        }
    }

    /// The report, if one is in.
    pub fn report(&self) -> Option<&ReplayReport> {
        self.update.as_ref().map(|update| &update.report)
    }

    /// Whether the worker is still working on this session (the controls wait, Cancel shows).
    pub fn is_running(&self) -> bool {
        self.failure.is_none()
            && (self.num_pending > 0 || self.update.as_ref().is_some_and(|u| u.is_running))
    }

    /// Events replayed so far: the replay position.
    pub fn position(&self) -> usize {
        self.report().map_or(0, |report| report.regenerated)
    }

    /// `replayed k of N events · step s` (s export calls done), once a report is in.
    pub fn position_text(&self) -> Option<String> {
        let update = self.update.as_ref()?;
        Some(format!(
            "replayed {} of {} events · step {}",
            update.report.regenerated, update.report.events, update.num_steps
        ))
    }

    /// The status line.
    pub fn status_text(&self) -> String {
        if let Some(message) = &self.failure {
            return format!("Replay failed: {message}");
        }
        let Some(update) = &self.update else {
            return "Replaying…".to_string();
        };
        let report = &update.report;
        let what_if = report
            .what_if_event
            .map(|event_idx| format!("What-if (event {event_idx} edited): "))
            .unwrap_or_default();
        let body = if report.divergence.is_some() || report.is_verified() {
            report.summary()
        } else if self.is_running() {
            format!("Replaying… {}/{} events", report.regenerated, report.events)
        } else if update.was_cancelled {
            format!(
                "Cancelled at event {}/{}: {} verified so far",
                report.regenerated, report.events, report.verified
            )
        } else {
            format!(
                "Paused at event {}/{}: {} verified so far",
                report.regenerated, report.events, report.verified
            )
        };
        format!("{what_if}{body}")
    }

    /// `running`, `verified`, `divergent`, `partial` or `failed`: the status line's modifier.
    pub fn outcome(&self) -> &'static str {
        if self.failure.is_some() {
            return "failed";
        }
        match self.report() {
            _ if self.is_running() => "running",
            None => "running",
            Some(report) if report.divergence.is_some() => "divergent",
            Some(report) if report.is_verified() => "verified",
            Some(_) => "partial",
        }
    }

    /// The `data-replay` mark of event `event_idx`'s row: `verified`, `divergent`, `replayed`
    /// (rebuilt after the divergence, so not compared) or `not-reached`.
    pub fn row_mark(&self, event_idx: usize) -> Option<&'static str> {
        let report = self.report()?;
        Some(match report.statuses.get(event_idx)? {
            EventStatus::Verified => "verified",
            EventStatus::Divergent => "divergent",
            EventStatus::NotReached if event_idx < report.regenerated => "replayed",
            EventStatus::NotReached => "not-reached",
        })
    }

    /// Whether event `event_idx` is the last one replayed (the replay cursor is after it).
    pub fn is_position(&self, event_idx: usize) -> bool {
        self.report().is_some() && self.position() == event_idx + 1
    }

    /// The divergence, if the report has one.
    pub fn divergence(&self) -> Option<&Divergence> {
        self.report()?.divergence.as_ref()
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
        self.num_events == num_events
    }

    /// Lands a reply on this session: its new position, or `Err` for a refused command.
    pub fn land(&mut self, reply: Result<ReplayUpdate, String>) {
        self.num_pending = self.num_pending.saturating_sub(1);
        match reply {
            Ok(update) => {
                // A slice loop's intermediate updates answer no command of their own.
                if update.is_running {
                    self.num_pending = 0;
                }
                self.refusal = None;
                self.update = Some(Arc::new(update));
            }
            Err(message) => {
                // A refusal ends a slice loop too (an engine error mid-run).
                if let Some(update) = &mut self.update {
                    Arc::make_mut(update).is_running = false;
                }
                self.refusal = Some(message);
            }
        }
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
