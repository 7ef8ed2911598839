//! `BatchWriter`: the one writer of a capture. Producers (an attached recorder's feeds, an
//! embedded recorder's capture task, a file being loaded) send records into a bounded queue;
//! one thread takes them out in batches and appends each batch to a [`CaptureSink`] with one
//! fsync, under one set of limits ([`BatchLimits`]).
//!
//! Invariants:
//! - a batch is reported durable ([`WriterEvent::Durable`]) only after the sink's `append`
//!   returned `Ok`, and batches are appended in the order their records were sent;
//! - every record sent before [`WriterHandle::finish`] (or before the last sender is dropped)
//!   is appended before the writer ends; a record sent after the writer ended is refused with
//!   [`WriterStopped`], never dropped silently;
//! - a sink failure ends the writer and is returned as a value ([`WriterError`]) and reported
//!   once ([`WriterEvent::Failed`]); nothing here panics;
//! - the queue is bounded: a producer that outruns the disk waits on `send` (or is told
//!   `Full` by `try_send`) instead of growing memory without limit.

use std::fmt;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use reprise_chain::wire::RecordBody;

use crate::capture_sink::{CaptureSink, SinkError};

/// How often an idle writer checks whether it was told to finish.
const IDLE_CHECK: Duration = Duration::from_millis(20);

/// When a batch is appended: as soon as one limit is reached, or when no more records come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchLimits {
    /// The most records in one batch.
    pub max_records: usize,
    /// The most bytes in one batch (estimated from the records' payloads, see
    /// [`approx_record_bytes`]); a single larger record still makes a batch of its own.
    pub max_bytes: usize,
    /// How long the first record of a batch may wait for others to join it (group commit:
    /// under a trickle of events, fewer fsyncs).
    pub max_delay: Duration,
    /// How many records may wait in the queue before senders wait.
    pub queue_len: usize,
}

impl Default for BatchLimits {
    fn default() -> Self {
        Self {
            max_records: 4096,
            max_bytes: 8 << 20,
            max_delay: Duration::from_millis(5),
            // Deep on purpose: theater-server drops events for a subscriber that reads too
            // slowly, so a recorder's feeds should almost never wait for the disk.
            queue_len: 1 << 16,
        }
    }
}

/// One durable batch, as reported to the writer's observer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DurableBatch {
    /// Records taken from the queue for this batch.
    pub num_records: usize,
    /// Of those, event records.
    pub num_events: usize,
    /// The seqs the sink gave the records it wrote (fewer than `num_records` when some were
    /// already kept).
    pub seqs: Range<u64>,
    /// The sink's last durable seq after this batch.
    pub durable_seq: u64,
}

/// What the writer tells its observer, from the writer's thread.
#[derive(Debug)]
pub enum WriterEvent<'a> {
    /// A batch is durable.
    Durable(&'a DurableBatch),
    /// The sink failed; the writer has stopped (the same error is returned by `finish`).
    Failed(&'a SinkError),
}

/// What the writer did over its whole run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriterReport {
    /// Records taken from the queue and appended (duplicates the sink skipped included).
    pub num_records: u64,
    /// Of those, event records.
    pub num_events: u64,
    /// Records the sink actually wrote.
    pub num_written: u64,
    /// Batches appended.
    pub num_batches: u64,
    /// The sink's last durable seq at the end.
    pub durable_seq: u64,
}

/// Why the writer ended without keeping everything it was sent.
#[derive(Debug)]
pub enum WriterError {
    /// The sink refused a batch: that batch and everything after it are not kept.
    Sink {
        /// What the writer had kept before.
        kept: WriterReport,
        /// The sink's error.
        error: SinkError,
    },
    /// The writer's thread could not be started, or ended abnormally.
    Thread(String),
}

impl fmt::Display for WriterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sink { error, .. } => write!(f, "{error}"),
            Self::Thread(reason) => write!(f, "the capture writer failed: {reason}"),
        }
    }
}

impl std::error::Error for WriterError {}

/// A record was sent after the writer ended (it finished, or its sink failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriterStopped;

impl fmt::Display for WriterStopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the capture writer has stopped")
    }
}

impl std::error::Error for WriterStopped {}

/// Why [`RecordSender::try_send`] did not take a record; the record is handed back.
#[derive(Debug)]
pub enum TrySendFailure {
    /// The queue is full (the disk is behind); try again or [`RecordSender::send`].
    Full(Box<RecordBody>),
    /// The writer has ended.
    Stopped(Box<RecordBody>),
}

/// A producer's end of the writer's queue; cheap to clone, one per producer.
#[derive(Clone)]
pub struct RecordSender {
    queue: SyncSender<RecordBody>,
}

impl RecordSender {
    /// Queues `body`, waiting while the queue is full. Blocking: from async code, prefer
    /// [`RecordSender::try_send`] and wait off the async workers only when it is `Full`.
    pub fn send(&self, body: RecordBody) -> Result<(), WriterStopped> {
        self.queue.send(body).map_err(|_| WriterStopped)
    }

    /// Queues `body` if there is room now.
    pub fn try_send(&self, body: RecordBody) -> Result<(), TrySendFailure> {
        self.queue.try_send(body).map_err(|err| match err {
            TrySendError::Full(body) => TrySendFailure::Full(Box::new(body)),
            TrySendError::Disconnected(body) => TrySendFailure::Stopped(Box::new(body)),
        })
    }
}

/// The writer's thread, to finish it and get its report.
pub struct WriterHandle {
    finishing: Arc<AtomicBool>,
    thread: JoinHandle<Result<WriterReport, WriterError>>,
}

impl WriterHandle {
    /// Tells the writer to append what is queued and end, and waits for it. Records sent
    /// before this call are kept; later sends get [`WriterStopped`]. Blocking.
    pub fn finish(self) -> Result<WriterReport, WriterError> {
        self.finishing.store(true, Ordering::Release);
        self.thread
            .join()
            .unwrap_or_else(|_| Err(WriterError::Thread("its thread panicked".into())))
    }

    /// Whether the writer has ended (finished, or its sink failed).
    pub fn has_ended(&self) -> bool {
        self.thread.is_finished()
    }
}

/// The batching writer over a sink.
pub struct BatchWriter;

impl BatchWriter {
    /// Starts the writer's thread over `sink`: returns the producers' sender and the handle.
    /// `on_event` hears of every durable batch and of a failure, from the writer's thread
    /// (keep it short: the next batch waits for it).
    pub fn spawn<S, F>(
        sink: S,
        limits: BatchLimits,
        on_event: F,
    ) -> Result<(RecordSender, WriterHandle), WriterError>
    where
        S: CaptureSink,
        F: FnMut(WriterEvent<'_>) + Send + 'static,
    {
        let (queue, records) = mpsc::sync_channel(limits.queue_len.max(1));
        let finishing = Arc::new(AtomicBool::new(false));
        let run = WriterRun {
            sink,
            limits,
            records,
            finishing: Arc::clone(&finishing),
            on_event,
            report: WriterReport::default(),
        };
        let thread = std::thread::Builder::new()
            .name("reprise-capture-writer".into())
            .spawn(move || run.run())
            .map_err(|err| WriterError::Thread(format!("cannot start its thread: {err}")))?;
        Ok((RecordSender { queue }, WriterHandle { finishing, thread }))
    }
}

struct WriterRun<S, F> {
    sink: S,
    limits: BatchLimits,
    records: mpsc::Receiver<RecordBody>,
    finishing: Arc<AtomicBool>,
    on_event: F,
    report: WriterReport,
}

impl<S: CaptureSink, F: FnMut(WriterEvent<'_>)> WriterRun<S, F> {
    fn run(mut self) -> Result<WriterReport, WriterError> {
        self.report.durable_seq = self.sink.durable_seq();
        while let Some(batch) = self.next_batch() {
            self.append(batch)?;
        }
        Ok(self.report)
    }

    /// The next batch, or `None` when the writer is done: every sender is gone, or it was
    /// told to finish and the queue is empty.
    // The writer is a native thread (a capture is written on the host, never in the browser),
    // so `Instant::now` is available.
    #[allow(clippy::disallowed_methods)]
    fn next_batch(&mut self) -> Option<Vec<RecordBody>> {
        let first = loop {
            match self.records.recv_timeout(IDLE_CHECK) {
                Ok(body) => break body,
                Err(RecvTimeoutError::Timeout) if self.finishing.load(Ordering::Acquire) => {
                    return None
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        };
        let deadline = Instant::now() + self.limits.max_delay;
        let mut num_bytes = approx_record_bytes(&first);
        let mut batch = vec![first];
        while batch.len() < self.limits.max_records && num_bytes < self.limits.max_bytes {
            let wait = deadline.saturating_duration_since(Instant::now());
            let next = if wait.is_zero() {
                self.records.try_recv().ok()
            } else {
                self.records.recv_timeout(wait).ok()
            };
            let Some(body) = next else { break };
            num_bytes += approx_record_bytes(&body);
            batch.push(body);
        }
        Some(batch)
    }

    fn append(&mut self, batch: Vec<RecordBody>) -> Result<(), WriterError> {
        let num_records = batch.len();
        let num_events = batch
            .iter()
            .filter(|body| matches!(body, RecordBody::Event { .. }))
            .count();
        let seqs = match self.sink.append(batch) {
            Ok(seqs) => seqs,
            Err(error) => {
                (self.on_event)(WriterEvent::Failed(&error));
                return Err(WriterError::Sink {
                    kept: self.report.clone(),
                    error,
                });
            }
        };
        let durable = DurableBatch {
            num_records,
            num_events,
            durable_seq: self.sink.durable_seq(),
            seqs,
        };
        self.report.num_records += num_records as u64;
        self.report.num_events += num_events as u64;
        self.report.num_written += durable.seqs.end - durable.seqs.start;
        self.report.num_batches += 1;
        self.report.durable_seq = durable.durable_seq;
        (self.on_event)(WriterEvent::Durable(&durable));
        Ok(())
    }
}

/// A record's size for the batch limit: its payload and ids plus a fixed allowance for the
/// JSON around them. An estimate (the exact line is only made by the sink), generous for
/// payloads: a byte of `data` is written as up to four characters.
pub fn approx_record_bytes(body: &RecordBody) -> usize {
    const FRAME: usize = 160;
    match body {
        RecordBody::Event { actor_id, event } => {
            FRAME
                + actor_id.len()
                + event.event_type.len()
                + 4 * (event.data.len()
                    + event.hash.len()
                    + event.parent_hash.as_ref().map_or(0, Vec::len))
        }
        RecordBody::Actor(info) => {
            let text = |value: &Option<String>| value.as_ref().map_or(0, String::len);
            FRAME
                + info.id.len()
                + text(&info.name)
                + text(&info.parent)
                + text(&info.manifest)
                + text(&info.wasm_sha256)
                + 4 * info.initial_state.as_ref().map_or(0, Vec::len)
        }
    }
}
