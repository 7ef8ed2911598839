//! `Recorder`: the one call a Theater host makes to record every actor of its runtime into a
//! capture directory ([`Recorder::attach`]), and the handle that completes the capture
//! ([`Recorder::finish`]).
//!
//! Invariants:
//! - the recorder adds a global subscription to the runtime before it runs, so every actor is
//!   recorded from its first event; children are named by their parent's `supervisor/spawn`
//!   event, top-level actors by [`Recorder::describe_top_level`] (or, if nobody describes
//!   them, by a bare record with their id: their events are recorded all the same);
//! - the subscription is drained on a task of its own, in batches of one fsync each; a full
//!   subscription channel would pause the actors, so the drain does nothing else;
//! - when [`Recorder::finish`] returns `Ok`, every event the runtime broadcast is durable.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use reprise_server::{LiveLog, DEFAULT_LIVE_QUEUE_LEN};
use theater::pack_bridge::Value;
use theater::theater_runtime::TheaterRuntime;
use theater::TheaterId;
use tokio::runtime::RuntimeFlavor;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::actor_source::ActorSource;
use crate::capture_recorder::CaptureRecorder;
use crate::capture_writer::{CaptureControl, CaptureWriter};
use crate::recorder_error::RecorderError;
use crate::recorder_notice::RecorderNotice;

/// Capacity of the subscription channel. Theater 0.3.29 dispatches each event with
/// `send().await` (`StateChain::add_event`; the doc of `add_global_subscription` still says
/// `try_send`), so a full channel pauses the emitting actor: the capacity lets actors run on
/// while the recorder appends and fsyncs.
const SUBSCRIPTION_CAPACITY: usize = 16384;

/// Where a recorder's notices go.
pub type NoticeSink = Arc<dyn Fn(RecorderNotice) + Send + Sync>;

/// How to record: the capture directory, and optionally where notices go and an already
/// opened log.
pub struct RecorderOptions {
    dir: PathBuf,
    on_notice: Option<NoticeSink>,
    live_log: Option<LiveLog>,
}

impl RecorderOptions {
    /// Record into `dir` (created if needed; a capture already there is appended to).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            on_notice: None,
            live_log: None,
        }
    }

    /// Calls `on_notice` for each actor recorded, progress (a few times a second) and warning.
    /// It runs on the capture task: it must return quickly.
    pub fn on_notice(mut self, on_notice: impl Fn(RecorderNotice) + Send + Sync + 'static) -> Self {
        self.on_notice = Some(Arc::new(on_notice));
        self
    }

    /// Appends to `live_log`, the directory's log already opened (by a program that also
    /// serves it live, as `reprise run` does), instead of opening it.
    pub fn live_log(mut self, live_log: LiveLog) -> Self {
        self.live_log = Some(live_log);
        self
    }
}

/// What a finished capture holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureReport {
    /// The capture directory.
    pub dir: PathBuf,
    /// Actors with a record.
    pub num_actors: usize,
    /// Events received from the runtime (all of them are in the log).
    pub num_events: u64,
    /// Every record up to this seq is durable (0 for an empty log).
    pub durable_seq: u64,
    /// Actors recorded with less metadata than wanted, and why (their events are complete).
    pub warnings: Vec<String>,
}

/// A recorder attached to one runtime. Dropping it without [`Recorder::finish`] still ends the
/// capture task cleanly (it drains and appends what it has), but nobody hears how it went.
pub struct Recorder {
    dir: PathBuf,
    control_tx: mpsc::UnboundedSender<CaptureControl>,
    task: JoinHandle<Result<CaptureReport, RecorderError>>,
    last_event_rx: watch::Receiver<Instant>,
}

impl Recorder {
    /// Records every actor of `runtime` into `dir`. Call it before the runtime runs
    /// (`runtime.run()`), inside a multi-threaded tokio runtime; it opens (or creates) the
    /// directory's log, which blocks briefly.
    pub fn attach(
        runtime: &mut TheaterRuntime,
        dir: impl Into<PathBuf>,
    ) -> Result<Self, RecorderError> {
        Self::attach_with(runtime, RecorderOptions::new(dir))
    }

    /// [`Recorder::attach`] with options.
    pub fn attach_with(
        runtime: &mut TheaterRuntime,
        options: RecorderOptions,
    ) -> Result<Self, RecorderError> {
        let tokio_handle =
            tokio::runtime::Handle::try_current().map_err(|_| RecorderError::NoTokioRuntime)?;
        // The capture task fsyncs with `block_in_place`, which only a multi-threaded runtime
        // allows.
        if tokio_handle.runtime_flavor() == RuntimeFlavor::CurrentThread {
            return Err(RecorderError::CurrentThreadRuntime);
        }
        let RecorderOptions {
            dir,
            on_notice,
            live_log,
        } = options;
        let live_log =
            match live_log {
                Some(live_log) => live_log,
                None => {
                    let (live_log, _recovery) = LiveLog::open(&dir, DEFAULT_LIVE_QUEUE_LEN)
                        .map_err(|source| RecorderError::OpenLog {
                            dir: dir.clone(),
                            source,
                        })?;
                    live_log
                }
            };
        let (events_tx, events_rx) = mpsc::channel(SUBSCRIPTION_CAPACITY);
        runtime.add_global_subscription(events_tx);
        let (control_tx, control_rx) = mpsc::unbounded_channel();
        let (last_event_tx, last_event_rx) = watch::channel(Instant::now());
        let writer = CaptureWriter {
            live_log,
            recorder: CaptureRecorder::new(dir.clone()),
            on_notice,
            last_event_at: last_event_tx,
            warnings: Vec::new(),
        };
        let task = tokio_handle.spawn(writer.run(events_rx, control_rx));
        Ok(Self {
            dir,
            control_tx,
            task,
            last_event_rx,
        })
    }

    /// Describes a top-level actor the host started (no parent's spawn event names it): its
    /// record gets the name, manifest, initial state and module of `source`. Its events are
    /// held back until then, for at most 2 s, after which it is recorded with its id only and
    /// described when this comes.
    pub fn describe_top_level(&self, id: TheaterId, source: ActorSource, initial_state: Value) {
        // Fails only once the capture task has ended, which `finish` reports.
        let _ = self.control_tx.send(CaptureControl::Describe {
            id,
            source: Box::new(source),
            initial_state,
        });
    }

    /// How long ago the last event arrived (or the recorder attached, if none has).
    pub fn time_since_last_event(&self) -> Duration {
        self.last_event_rx.borrow().elapsed()
    }

    /// The capture directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Completes the capture: takes every event still on its way, records every actor still
    /// waiting for its description, appends and fsyncs. Call it once the runtime has stopped
    /// its actors (after `ShutdownRuntime`, say): events broadcast later are not recorded.
    pub async fn finish(self) -> Result<CaptureReport, RecorderError> {
        let _ = self.control_tx.send(CaptureControl::Finish);
        self.task
            .await
            .map_err(|err| RecorderError::TaskFailed(err.to_string()))?
    }
}
