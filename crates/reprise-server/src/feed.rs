//! `Feed`: one subscription's stream of records to one client: the backlog from the log,
//! then live records, with no gap and no duplicate.
//!
//! Invariant: the feed sends the records of seq `from..` that pass the filters, each once, in
//! seq order, until it sends `lagged` (the client's live queue overflowed) or the client goes.
//!
//! How the join is made gapless: before each chunk is read from the log, a fresh live
//! receiver is taken. When a read comes back empty, the log held nothing past `next_seq`
//! at that moment, and every later record is broadcast after the receiver existed, so the
//! receiver has it; live records the log already gave are skipped by seq.

use std::sync::Arc;

use reprise_chain::wire::{error_message, lagged_message, FeedStart, LogRecord, Subscription};
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::sync::mpsc;

use crate::live_log::{LiveLog, LiveRecord};
use crate::record_filter::RecordFilter;

/// How many records one backlog read takes from the log.
const BACKLOG_CHUNK_LEN: usize = 1024;

/// A subscription being served.
pub struct Feed {
    live_log: LiveLog,
    filter: RecordFilter,
    /// The first seq not yet handled (sent or filtered out).
    next_seq: u64,
}

/// Why a feed stopped early.
enum Stop {
    /// The connection's outgoing queue is closed: the client is gone.
    ClientGone,
}

impl Feed {
    /// Starts a feed now: a `"tail"` start is fixed at the log's current end, so records
    /// appended after this call are sent.
    pub fn start(live_log: &LiveLog, subscription: &Subscription) -> Self {
        let next_seq = match subscription.from {
            FeedStart::Beginning => 1,
            FeedStart::Seq(seq) => seq.max(1),
            FeedStart::Tail => live_log.next_seq(),
        };
        Self {
            live_log: live_log.clone(),
            filter: RecordFilter::new(subscription),
            next_seq,
        }
    }

    /// Sends messages to `out` until the feed lags, the log cannot be read, or `out` closes.
    pub async fn run(mut self, out: mpsc::Sender<String>) {
        loop {
            let live = match self.send_backlog(&out).await {
                Ok(Some(live)) => live,
                Ok(None) | Err(Stop::ClientGone) => return,
            };
            match self.send_live(live, &out).await {
                // A record went missing between the log and the broadcast: read it back.
                Ok(LiveEnd::Gap) => continue,
                Ok(LiveEnd::Lagged) => {
                    let _ = out.send(lagged_message(self.next_seq - 1)).await;
                    return;
                }
                Ok(LiveEnd::LogClosed) | Err(Stop::ClientGone) => return,
            }
        }
    }

    /// Sends what the log holds from `next_seq` on; returns the live receiver to continue
    /// with, or `None` after telling the client the log could not be read.
    async fn send_backlog(
        &mut self,
        out: &mpsc::Sender<String>,
    ) -> Result<Option<broadcast::Receiver<Arc<LiveRecord>>>, Stop> {
        loop {
            let live = self.live_log.subscribe();
            let live_log = self.live_log.clone();
            let from_seq = self.next_seq;
            let read = tokio::task::spawn_blocking(move || {
                live_log.read_from(from_seq, BACKLOG_CHUNK_LEN)
            })
            .await;
            let chunk = match read {
                Ok(Ok(chunk)) => chunk,
                Ok(Err(err)) => {
                    let message = error_message(&format!("the feed stopped: {err}"));
                    out.send(message).await.map_err(|_| Stop::ClientGone)?;
                    return Ok(None);
                }
                Err(join_error) => std::panic::resume_unwind(join_error.into_panic()),
            };
            if chunk.is_empty() {
                return Ok(Some(live));
            }
            for record in chunk {
                self.send(&record, || record.to_json_line(), out).await?;
            }
        }
    }

    async fn send_live(
        &mut self,
        mut live: broadcast::Receiver<Arc<LiveRecord>>,
        out: &mpsc::Sender<String>,
    ) -> Result<LiveEnd, Stop> {
        loop {
            let record = match live.recv().await {
                Ok(record) => record,
                Err(RecvError::Lagged(_)) => return Ok(LiveEnd::Lagged),
                Err(RecvError::Closed) => return Ok(LiveEnd::LogClosed),
            };
            let seq = record.record.seq;
            if seq > self.next_seq {
                return Ok(LiveEnd::Gap);
            }
            if seq == self.next_seq {
                self.send(&record.record, || record.line().to_string(), out)
                    .await?;
            }
        }
    }

    /// Sends `record` (as `line()`) if the subscription admits it, and moves past it.
    async fn send(
        &mut self,
        record: &LogRecord,
        line: impl FnOnce() -> String,
        out: &mpsc::Sender<String>,
    ) -> Result<(), Stop> {
        if self.filter.admits(record) {
            out.send(line()).await.map_err(|_| Stop::ClientGone)?;
        }
        self.next_seq = record.seq + 1;
        Ok(())
    }
}

/// How the live part of a feed ended.
enum LiveEnd {
    /// The client's queue overflowed.
    Lagged,
    /// A live record skipped ahead of the next expected seq.
    Gap,
    /// Every writer handle is gone.
    LogClosed,
}
