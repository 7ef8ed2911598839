//! The capture task of `reprise run`: drains the runtime's global subscription in batches,
//! turns each batch into log records ([`CaptureRecorder`]) and appends it to the [`LiveLog`]
//! (one fsync per batch; the records are broadcast to `/ws` subscribers once durable).
//!
//! Invariants: the subscription is drained as fast as the disk allows (a full channel would
//! back-pressure the actors); a batch is acknowledged ([`RunNotice::Progress`]) only after its
//! fsync; when told to finish, the task drains what is left, releases every held-back actor
//! and appends it before it returns.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use reprise_server::LiveLog;
use reprise_store::RecordBody;
use theater::pack_bridge::Value;
use theater::TheaterId;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

use crate::actor_source::ActorSource;
use crate::capture_recorder::CaptureRecorder;
use crate::event_log::ActorEvent;
use crate::run_notice::RunNotice;

/// The most events appended as one batch (one fsync).
const MAX_EVENTS_PER_BATCH: usize = 512;

/// How long an actor's events may be held back waiting for its record.
const MAX_HOLD: Duration = Duration::from_secs(2);

/// How often held-back actors are checked when no event arrives.
const HOLD_CHECK_INTERVAL: Duration = Duration::from_millis(250);

/// The least time between two progress notices (the last one is always given).
const PROGRESS_INTERVAL: Duration = Duration::from_millis(250);

/// How long finishing waits for events still on their way after the runtime stopped.
const FINISH_GRACE: Duration = Duration::from_millis(500);

/// What the run tells the capture task.
#[derive(Debug)]
pub enum CaptureControl {
    /// The runtime started the root actor from `source` with `initial_state`.
    Root {
        /// Its id.
        id: TheaterId,
        /// Its manifest and module.
        source: Box<ActorSource>,
        /// The state its `init` was given.
        initial_state: Value,
    },
    /// The runtime has stopped: drain, release everything, append, return.
    Finish,
}

/// What the capture task recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaptureSummary {
    /// Actors with a record.
    pub num_actors: usize,
    /// Events received.
    pub num_events: u64,
    /// Every record up to this seq is durable.
    pub durable_seq: u64,
}

/// The capture task's inputs and outputs.
pub struct CaptureWriter {
    /// The log appended to.
    pub live_log: LiveLog,
    /// Turns events into records.
    pub recorder: CaptureRecorder,
    /// Where notices go.
    pub on_notice: Arc<dyn Fn(RunNotice) + Send + Sync>,
    /// Set to the time of each event received (for `--exit-when-idle`).
    pub last_event_at: watch::Sender<Instant>,
}

impl CaptureWriter {
    /// Runs until [`CaptureControl::Finish`] (or until `control_rx` closes).
    pub async fn run(
        mut self,
        mut events_rx: mpsc::Receiver<ActorEvent>,
        mut control_rx: mpsc::Receiver<CaptureControl>,
    ) -> Result<CaptureSummary> {
        let mut last_progress_at: Option<Instant> = None;
        loop {
            let mut events = Vec::new();
            let mut controls = Vec::new();
            let mut is_finishing = false;
            tokio::select! {
                control = control_rx.recv() => match control {
                    Some(CaptureControl::Finish) | None => is_finishing = true,
                    Some(control) => controls.push(control),
                },
                event = events_rx.recv() => {
                    if let Some(event) = event {
                        events.push(event);
                    }
                }
                () = tokio::time::sleep(HOLD_CHECK_INTERVAL) => {}
            }
            while events.len() < MAX_EVENTS_PER_BATCH {
                match events_rx.try_recv() {
                    Ok(event) => events.push(event),
                    Err(_) => break,
                }
            }
            if is_finishing {
                self.drain_rest(&mut events_rx, &mut events).await;
            }
            if !events.is_empty() {
                self.last_event_at.send_replace(Instant::now());
            }
            let now = Instant::now();
            let mut bodies = Vec::new();
            // The recorder reads manifests and stores modules, and the append fsyncs: blocking
            // work, done off the async workers.
            let appended = tokio::task::block_in_place(|| {
                for control in controls {
                    if let CaptureControl::Root {
                        id,
                        source,
                        initial_state,
                    } = control
                    {
                        let info = self.recorder.root_info(id, &source, &initial_state);
                        bodies.extend(self.recorder.identify(id, info));
                    }
                }
                for (actor, event) in &events {
                    bodies.extend(self.recorder.record_event(*actor, event, now));
                }
                bodies.extend(self.recorder.release_overdue(now, MAX_HOLD));
                if is_finishing {
                    bodies.extend(self.recorder.release_all());
                }
                self.append(bodies)
            });
            appended?;
            for warning in self.recorder.take_warnings() {
                (self.on_notice)(RunNotice::Warning(warning));
            }
            let is_progress_due = last_progress_at
                .is_none_or(|at| now.duration_since(at) >= PROGRESS_INTERVAL)
                && !events.is_empty();
            if is_progress_due || is_finishing {
                last_progress_at = Some(now);
                (self.on_notice)(RunNotice::Progress {
                    num_actors: self.recorder.num_actors(),
                    num_events: self.recorder.num_events(),
                    durable_seq: self.durable_seq(),
                });
            }
            if is_finishing {
                return Ok(CaptureSummary {
                    num_actors: self.recorder.num_actors(),
                    num_events: self.recorder.num_events(),
                    durable_seq: self.durable_seq(),
                });
            }
        }
    }

    /// Takes every event still in the channel, waiting briefly for stragglers: actor tasks may
    /// still be sending the `shutdown` events of the runtime's stop.
    async fn drain_rest(
        &self,
        events_rx: &mut mpsc::Receiver<ActorEvent>,
        events: &mut Vec<ActorEvent>,
    ) {
        while let Ok(Some(event)) = tokio::time::timeout(FINISH_GRACE, events_rx.recv()).await {
            events.push(event);
        }
    }

    fn append(&self, bodies: Vec<RecordBody>) -> Result<()> {
        if bodies.is_empty() {
            return Ok(());
        }
        let recorded_actors: Vec<RunNotice> = bodies
            .iter()
            .filter_map(|body| match body {
                RecordBody::Actor(info) => Some(RunNotice::ActorRecorded {
                    id: info.id.clone(),
                    name: info.name.clone(),
                    parent: info.parent.clone(),
                }),
                RecordBody::Event { .. } => None,
            })
            .collect();
        self.live_log
            .append_batch(bodies)
            .context("cannot append to the log")?;
        for notice in recorded_actors {
            (self.on_notice)(notice);
        }
        Ok(())
    }

    fn durable_seq(&self) -> u64 {
        self.live_log.next_seq().saturating_sub(1)
    }
}
