//! The capture task of a [`crate::Recorder`]: drains the runtime's global subscription in batches,
//! turns each batch into log records ([`CaptureRecorder`]) and appends it to the [`LiveLog`]
//! (one fsync per batch; the records are broadcast to `/ws` subscribers once durable).
//!
//! Invariants: the subscription is drained as fast as the disk allows (a full channel would
//! back-pressure the actors); a batch is acknowledged ([`RecorderNotice::Progress`]) only after its
//! fsync; when told to finish, the task drains what is left, releases every held-back actor
//! and appends it before it returns.

use std::time::Duration;

use reprise_server::LiveLog;
use reprise_store::RecordBody;
use theater::chain::ChainEvent;
use theater::pack_bridge::Value;
use theater::TheaterId;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

use crate::actor_source::ActorSource;
use crate::capture_recorder::CaptureRecorder;
use crate::recorder::{CaptureReport, NoticeSink};
use crate::recorder_error::RecorderError;
use crate::recorder_notice::RecorderNotice;

/// One broadcast event and the actor it belongs to, as the runtime's subscription sends it.
type ActorEvent = (TheaterId, ChainEvent);

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

/// What the recorder's handle tells the capture task.
#[derive(Debug)]
pub enum CaptureControl {
    /// The host started a top-level actor from `source` with `initial_state`.
    Describe {
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

/// The capture task's inputs and outputs.
pub struct CaptureWriter {
    /// The log appended to.
    pub live_log: LiveLog,
    /// Turns events into records.
    pub recorder: CaptureRecorder,
    /// Where notices go, if anywhere.
    pub on_notice: Option<NoticeSink>,
    /// Set to the time of each event received (for `--exit-when-idle`).
    pub last_event_at: watch::Sender<Instant>,
    /// Every warning so far, for the report.
    pub warnings: Vec<String>,
}

impl CaptureWriter {
    /// Runs until [`CaptureControl::Finish`] (or until `control_rx` closes).
    pub async fn run(
        mut self,
        mut events_rx: mpsc::Receiver<ActorEvent>,
        mut control_rx: mpsc::UnboundedReceiver<CaptureControl>,
    ) -> Result<CaptureReport, RecorderError> {
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
                    if let CaptureControl::Describe {
                        id,
                        source,
                        initial_state,
                    } = control
                    {
                        let info = self.recorder.top_level_info(id, &source, &initial_state);
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
                self.notify(RecorderNotice::Warning(warning.clone()));
                self.warnings.push(warning);
            }
            let is_progress_due = last_progress_at
                .is_none_or(|at| now.duration_since(at) >= PROGRESS_INTERVAL)
                && !events.is_empty();
            if is_progress_due || is_finishing {
                last_progress_at = Some(now);
                self.notify(RecorderNotice::Progress {
                    num_actors: self.recorder.num_actors(),
                    num_events: self.recorder.num_events(),
                    durable_seq: self.durable_seq(),
                });
            }
            if is_finishing {
                return Ok(CaptureReport {
                    dir: self.live_log.dir().to_path_buf(),
                    num_actors: self.recorder.num_actors(),
                    num_events: self.recorder.num_events(),
                    durable_seq: self.durable_seq(),
                    warnings: self.warnings,
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

    fn notify(&self, notice: RecorderNotice) {
        if let Some(on_notice) = &self.on_notice {
            on_notice(notice);
        }
    }

    fn append(&self, bodies: Vec<RecordBody>) -> Result<(), RecorderError> {
        if bodies.is_empty() {
            return Ok(());
        }
        let recorded_actors: Vec<RecorderNotice> = bodies
            .iter()
            .filter_map(|body| match body {
                RecordBody::Actor(info) => Some(RecorderNotice::ActorRecorded {
                    id: info.id.clone(),
                    name: info.name.clone(),
                    parent: info.parent.clone(),
                }),
                RecordBody::Event { .. } => None,
            })
            .collect();
        self.live_log
            .append_batch(bodies)
            .map_err(RecorderError::Append)?;
        for notice in recorded_actors {
            self.notify(notice);
        }
        Ok(())
    }

    fn durable_seq(&self) -> u64 {
        self.live_log.next_seq().saturating_sub(1)
    }
}
