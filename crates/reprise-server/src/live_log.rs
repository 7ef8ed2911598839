//! `LiveLog`: the durable log shared by its writers and the server, plus the live broadcast
//! of every record written.
//!
//! Invariants:
//! - a record is broadcast only after it is durable (fsynced by [`DurableLog::append_batch`]);
//! - records are broadcast in seq order: writing and broadcasting happen under one lock;
//! - the broadcast never waits for a receiver: a receiver that falls more than the queue
//!   length behind loses records (tokio's `Lagged`) and must read them from the log.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use reprise_chain::wire::{ActorInfo, LogRecord, RecordBody};
use reprise_store::{CaptureSink, DurableLog, RecoveryReport, SinkError, StoreError};
use tokio::sync::broadcast;

/// How many records a live receiver may fall behind before it lags, unless configured.
pub const DEFAULT_LIVE_QUEUE_LEN: usize = 4096;

/// A record as the server sends it: the record and, computed once for every subscriber, its
/// JSON line.
#[derive(Debug)]
pub struct LiveRecord {
    /// The record.
    pub record: LogRecord,
    line: OnceLock<String>,
}

impl LiveRecord {
    /// Wraps a record read from or written to the log.
    pub fn new(record: LogRecord) -> Self {
        Self {
            record,
            line: OnceLock::new(),
        }
    }

    /// The record's protocol message (its log line).
    pub fn line(&self) -> &str {
        self.line.get_or_init(|| self.record.to_json_line())
    }
}

/// The durable log of one capture directory, shared (cheaply cloned) by every writer and
/// every WebSocket connection of the process.
#[derive(Clone)]
pub struct LiveLog {
    shared: Arc<Shared>,
}

struct Shared {
    dir: PathBuf,
    log: Mutex<DurableLog>,
    next_seq: AtomicU64,
    live: broadcast::Sender<Arc<LiveRecord>>,
}

impl LiveLog {
    /// Opens (creating if needed) the log in `dir`; `live_queue_len` is how many records a
    /// live subscriber may fall behind before it is told it lagged. Blocking: it reads the
    /// whole log to index it.
    pub fn open(dir: &Path, live_queue_len: usize) -> Result<(Self, RecoveryReport), StoreError> {
        let (log, report) = DurableLog::open(dir)?;
        let (live, _) = broadcast::channel(live_queue_len.max(1));
        let shared = Shared {
            dir: dir.to_path_buf(),
            next_seq: AtomicU64::new(log.next_seq()),
            log: Mutex::new(log),
            live,
        };
        Ok((
            Self {
                shared: Arc::new(shared),
            },
            report,
        ))
    }

    /// The capture directory.
    pub fn dir(&self) -> &Path {
        &self.shared.dir
    }

    /// Appends `bodies` as one durable batch (fsynced before this returns), then broadcasts
    /// the records written to every live subscriber. Events already in the log (same actor,
    /// same hash) and actor records equal to what the log already says are skipped, so
    /// appending the same input twice writes nothing the second time.
    ///
    /// Returns the seqs written (empty if everything was already there). Blocking: call it
    /// from a thread, or use [`LiveLog::append_batch_async`] in async code.
    pub fn append_batch(&self, bodies: Vec<RecordBody>) -> Result<Range<u64>, StoreError> {
        let mut log = self.lock();
        let bodies = drop_known_actors(log.actors(), bodies);
        let records = log.append_batch(bodies)?;
        let next_seq = log.next_seq();
        self.shared.next_seq.store(next_seq, Ordering::Release);
        let first_seq = records.first().map_or(next_seq, |record| record.seq);
        for record in records {
            // No receiver is fine: nobody is connected.
            let _ = self.shared.live.send(Arc::new(LiveRecord::new(record)));
        }
        Ok(first_seq..next_seq)
    }

    /// [`LiveLog::append_batch`] on tokio's blocking pool, for writers that run in async code.
    pub async fn append_batch_async(
        &self,
        bodies: Vec<RecordBody>,
    ) -> Result<Range<u64>, StoreError> {
        let live_log = self.clone();
        match tokio::task::spawn_blocking(move || live_log.append_batch(bodies)).await {
            Ok(result) => result,
            Err(join_error) => std::panic::resume_unwind(join_error.into_panic()),
        }
    }

    /// Up to `max_records` records with `seq >= from_seq`, in order. Blocking.
    pub fn read_from(
        &self,
        from_seq: u64,
        max_records: usize,
    ) -> Result<Vec<LogRecord>, StoreError> {
        self.lock().read_from(from_seq, max_records)
    }

    /// The hash of each actor's last event in the log. Blocking.
    pub fn last_event_hashes(&self) -> Result<BTreeMap<String, Vec<u8>>, StoreError> {
        self.lock().last_event_hashes()
    }

    /// The seq the next record will get.
    pub fn next_seq(&self) -> u64 {
        self.shared.next_seq.load(Ordering::Acquire)
    }

    /// A receiver of every record written from now on, in seq order.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LiveRecord>> {
        self.shared.live.subscribe()
    }

    fn lock(&self) -> MutexGuard<'_, DurableLog> {
        // A panic while holding the lock cannot leave a half-written batch acknowledged: the
        // log only indexes a batch after its fsync succeeded.
        self.shared
            .log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// The live log as a capture's sink: the batching writer appends here, so what a recorder
/// writes is durable first and broadcast after.
impl CaptureSink for LiveLog {
    fn append(&mut self, bodies: Vec<RecordBody>) -> Result<Range<u64>, SinkError> {
        Ok(self.append_batch(bodies)?)
    }

    fn durable_seq(&self) -> u64 {
        self.next_seq().saturating_sub(1)
    }
}

fn drop_known_actors(
    known: &std::collections::BTreeMap<String, ActorInfo>,
    bodies: Vec<RecordBody>,
) -> Vec<RecordBody> {
    let mut latest = std::collections::BTreeMap::new();
    bodies
        .into_iter()
        .filter(|body| match body {
            RecordBody::Actor(info) => {
                let current = latest.get(&info.id).or_else(|| known.get(&info.id));
                let is_new = current != Some(info);
                if is_new {
                    latest.insert(info.id.clone(), info.clone());
                }
                is_new
            }
            RecordBody::Event { .. } => true,
        })
        .collect()
}
