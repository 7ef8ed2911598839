//! `Recorder`: the one call a Theater host makes to record every actor of its runtime into a
//! capture directory ([`Recorder::attach`]), and the handle that completes the capture
//! ([`Recorder::finish`]). Where the records go is a [`CaptureSink`]: the capture directory's
//! file log ([`DurableLog`]) unless [`RecorderOptions::sink`] names another (the server's
//! `LiveLog`, which `reprise run` serves live; later a distributed log).
//!
//! Invariants:
//! - the recorder adds a global subscription to the runtime before it runs, so every actor is
//!   recorded from its first event; children are named by their parent's `supervisor/spawn`
//!   event, top-level actors by [`Recorder::describe_top_level`] (or, if nobody describes
//!   them, by a bare record with their id: their events are recorded all the same);
//! - records are written by reprise-store's one `BatchWriter` (one fsync per batch, under
//!   [`BatchLimits`]); the subscription is drained on a task of its own that never drops an
//!   event: a disk that falls behind pauses the actors instead (see `capture_task.rs`);
//! - when [`Recorder::finish`] returns `Ok`, every event the runtime broadcast is durable.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use reprise_store::{BatchLimits, BatchWriter, CaptureSink, DurableLog};
use theater::pack_bridge::Value;
use theater::theater_runtime::TheaterRuntime;
use theater::TheaterId;
use tokio::runtime::RuntimeFlavor;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::actor_source::ActorSource;
use crate::capture_recorder::CaptureRecorder;
use crate::capture_task::{ActorEvent, CaptureControl, CaptureTask};
use crate::durable_progress::DurableProgress;
use crate::recorder_error::RecorderError;
use crate::recorder_notice::RecorderNotice;

/// Capacity of a runtime subscription. Theater 0.3.29 dispatches each event with
/// `send().await` (`StateChain::add_event`; the doc of `add_global_subscription` still says
/// `try_send`), so a full channel pauses the emitting actor: the capacity lets actors run on
/// while the recorder's writer appends and fsyncs.
pub const SUBSCRIPTION_CAPACITY: usize = 16384;

/// Subscribes to every event of every actor of `runtime`, losslessly (a full channel pauses the
/// emitting actor; dropping the receiver ends the subscription). Call it before the runtime
/// runs, or the first events of the first actors are not seen. The recorder subscribes this
/// way; so can a host that wants its own view of the events.
pub fn subscribe_to_every_event(runtime: &mut TheaterRuntime) -> mpsc::Receiver<ActorEvent> {
    let (events_tx, events_rx) = mpsc::channel(SUBSCRIPTION_CAPACITY);
    runtime.add_global_subscription(events_tx);
    events_rx
}

/// Where a recorder's notices go.
pub type NoticeSink = Arc<dyn Fn(RecorderNotice) + Send + Sync>;

/// Opens the sink of a capture directory, when the recorder attaches.
type OpenSink<S> = Box<dyn FnOnce(&Path) -> Result<S, RecorderError> + Send>;

/// How to record: the capture directory, the sink the records go to (the directory's file log
/// unless [`RecorderOptions::sink`] says otherwise), the writer's batch limits, and where
/// notices go.
pub struct RecorderOptions<S: CaptureSink = DurableLog> {
    dir: PathBuf,
    open_sink: OpenSink<S>,
    limits: BatchLimits,
    on_notice: Option<NoticeSink>,
}

impl RecorderOptions<DurableLog> {
    /// Record into `dir`'s file log (created if needed; a capture already there is appended
    /// to), with the writer's default limits.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            open_sink: Box::new(open_file_log),
            limits: BatchLimits::default(),
            on_notice: None,
        }
    }
}

impl<S: CaptureSink> RecorderOptions<S> {
    /// Writes the records to `sink` instead (the directory still keeps the modules): the
    /// server's `LiveLog` of the same directory, to serve them live as `reprise run` does, or
    /// any other [`CaptureSink`].
    pub fn sink<T: CaptureSink>(self, sink: T) -> RecorderOptions<T> {
        RecorderOptions {
            dir: self.dir,
            open_sink: Box::new(move |_: &Path| Ok(sink)),
            limits: self.limits,
            on_notice: self.on_notice,
        }
    }

    /// The batching writer's limits (records and bytes per batch, group-commit delay, queue
    /// length); reprise-store's defaults unless set.
    pub fn batch_limits(mut self, limits: BatchLimits) -> Self {
        self.limits = limits;
        self
    }

    /// Calls `on_notice` for each actor recorded (once its record is durable), progress (a few
    /// times a second, and once at the end) and warning. It runs on the capture task or the
    /// writer's thread: it must return quickly.
    pub fn on_notice(mut self, on_notice: impl Fn(RecorderNotice) + Send + Sync + 'static) -> Self {
        self.on_notice = Some(Arc::new(on_notice));
        self
    }
}

fn open_file_log(dir: &Path) -> Result<DurableLog, RecorderError> {
    // What reopening repaired is the host's to check (`DurableLog::open`); a recorder appends.
    let (log, _recovery) = DurableLog::open(dir).map_err(|source| RecorderError::OpenLog {
        dir: dir.to_path_buf(),
        source,
    })?;
    Ok(log)
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
    /// Records every actor of `runtime` into `dir`'s file log. Call it before the runtime runs
    /// (`runtime.run()`), inside a multi-threaded tokio runtime; it opens (or creates) the
    /// directory's log, which blocks briefly.
    pub fn attach(
        runtime: &mut TheaterRuntime,
        dir: impl Into<PathBuf>,
    ) -> Result<Self, RecorderError> {
        Self::attach_with(runtime, RecorderOptions::new(dir))
    }

    /// [`Recorder::attach`] with options (another sink, batch limits, notices).
    pub fn attach_with<S: CaptureSink>(
        runtime: &mut TheaterRuntime,
        options: RecorderOptions<S>,
    ) -> Result<Self, RecorderError> {
        let tokio_handle =
            tokio::runtime::Handle::try_current().map_err(|_| RecorderError::NoTokioRuntime)?;
        // The capture task stores modules with `block_in_place`, which only a multi-threaded
        // runtime allows.
        if tokio_handle.runtime_flavor() == RuntimeFlavor::CurrentThread {
            return Err(RecorderError::CurrentThreadRuntime);
        }
        let RecorderOptions {
            dir,
            open_sink,
            limits,
            on_notice,
        } = options;
        let sink = open_sink(&dir)?;
        let progress = Arc::new(DurableProgress::new(on_notice.clone()));
        let observer = Arc::clone(&progress);
        let (records, writer) =
            BatchWriter::spawn(sink, limits, move |event| observer.on_writer_event(event))
                .map_err(RecorderError::Write)?;
        let events_rx = subscribe_to_every_event(runtime);
        let (control_tx, control_rx) = mpsc::unbounded_channel();
        let (last_event_tx, last_event_rx) = watch::channel(Instant::now());
        let capture = CaptureTask {
            dir: dir.clone(),
            recorder: CaptureRecorder::new(dir.clone()),
            records,
            writer,
            progress,
            on_notice,
            last_event_at: last_event_tx,
        };
        let task = tokio_handle.spawn(capture.run(events_rx, control_rx));
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
    /// waiting for its description, and waits until the writer has appended and fsynced it. Call it once the runtime has stopped
    /// its actors (after `ShutdownRuntime`, say): events broadcast later are not recorded.
    pub async fn finish(self) -> Result<CaptureReport, RecorderError> {
        let _ = self.control_tx.send(CaptureControl::Finish);
        self.task
            .await
            .map_err(|err| RecorderError::TaskFailed(err.to_string()))?
    }
}
