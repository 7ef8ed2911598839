//! `LogWriter`: the one task that appends what the actor feeds receive to the durable log,
//! a batch at a time (one fsync per batch), and reports progress on stderr.
//!
//! Also here: [`last_event_hashes`], what an earlier recording left in the log.
//!
//! Invariant: every record sent to it before all senders are dropped is appended (the task
//! ends only once the channel is empty and closed), so a clean shutdown loses nothing that
//! was received from the server.

use std::collections::BTreeMap;
use std::time::Duration;

use reprise_chain::wire::RecordBody;
use reprise_server::LiveLog;
use reprise_store::StoreError;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

/// The most records appended in one fsynced batch; under a burst, batches grow up to this.
const MAX_BATCH_RECORDS: usize = 4096;

/// Records read at a time when scanning the log.
const READ_CHUNK_RECORDS: usize = 4096;

/// How often, at most, the running count is printed.
const PROGRESS_EVERY: Duration = Duration::from_secs(1);

/// What the writer appended over the whole run.
#[derive(Debug, Default, Clone, Copy)]
pub struct WriterTotals {
    /// Event records received (already-logged duplicates included).
    pub num_events: u64,
    /// Records actually written (duplicates of the log's own are skipped by it).
    pub num_written: u64,
}

/// Receives records from every feed and appends them.
pub struct LogWriter {
    live_log: LiveLog,
    records: mpsc::UnboundedReceiver<RecordBody>,
    failed: watch::Sender<bool>,
}

impl LogWriter {
    /// A writer into `live_log`, the sender every feed clones, and a flag that becomes
    /// `true` if the log cannot be written (the recording must then stop).
    pub fn new(
        live_log: LiveLog,
    ) -> (
        Self,
        mpsc::UnboundedSender<RecordBody>,
        watch::Receiver<bool>,
    ) {
        // Unbounded on purpose: theater-server drops events for a subscriber that reads too
        // slowly, so the feeds must never wait for the disk. Memory is the buffer.
        let (sender, records) = mpsc::unbounded_channel();
        let (failed, has_failed) = watch::channel(false);
        let writer = Self {
            live_log,
            records,
            failed,
        };
        (writer, sender, has_failed)
    }

    /// Appends until every sender is dropped and everything sent is durable. A log that
    /// cannot be written ends the run: nothing more could be kept.
    pub async fn run(mut self) -> Result<WriterTotals, StoreError> {
        let mut totals = WriterTotals::default();
        let mut last_progress: Option<Instant> = None;
        while let Some(first) = self.records.recv().await {
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH_RECORDS {
                match self.records.try_recv() {
                    Ok(record) => batch.push(record),
                    Err(_) => break,
                }
            }
            let num_events = batch
                .iter()
                .filter(|body| matches!(body, RecordBody::Event { .. }))
                .count() as u64;
            let seqs = match self.live_log.append_batch_async(batch).await {
                Ok(seqs) => seqs,
                Err(err) => {
                    let _ = self.failed.send(true);
                    return Err(err);
                }
            };
            totals.num_events += num_events;
            totals.num_written += seqs.end - seqs.start;
            let is_due = last_progress.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY);
            if num_events > 0 && is_due {
                eprintln!(
                    "reprise: recorded {} (log seq {})",
                    count(totals.num_events, "event"),
                    self.live_log.next_seq().saturating_sub(1)
                );
                last_progress = Some(Instant::now());
            }
        }
        Ok(totals)
    }
}

/// The hash of each actor's last event in the log, so a new recording into the same
/// directory can tell a continued chain from a gap. Blocking; reads the log in chunks.
pub fn last_event_hashes(live_log: &LiveLog) -> Result<BTreeMap<String, Vec<u8>>, StoreError> {
    let mut last_hashes = BTreeMap::new();
    let mut from_seq = 0;
    loop {
        let records = live_log.read_from(from_seq, READ_CHUNK_RECORDS)?;
        let Some(last) = records.last() else {
            return Ok(last_hashes);
        };
        from_seq = last.seq + 1;
        for record in records {
            if let RecordBody::Event { actor_id, event } = record.body {
                last_hashes.insert(actor_id, event.hash);
            }
        }
    }
}

/// `1 event`, `2 events`.
pub fn count(num: u64, noun: &str) -> String {
    match num {
        1 => format!("1 {noun}"),
        num => format!("{num} {noun}s"),
    }
}
