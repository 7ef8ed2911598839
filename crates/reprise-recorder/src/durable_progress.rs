//! `DurableProgress`: what a recorder says once its records are durable. The capture task
//! announces each actor record it hands to the batching writer (with the record's place in the
//! order of everything it handed over); the writer's observer, told of each durable batch,
//! then says `ActorRecorded` for the actors of that batch and, a few times a second, `Progress`.
//!
//! Invariants:
//! - a notice says durable only what is durable: the writer appends records in the order they
//!   were sent, so after batches totalling `n` records, exactly the records `0..n` are kept;
//! - `Progress` counts durable records only (actors with a durable record, durable events, the
//!   sink's durable seq) and is never said twice with the same numbers, so the last one (said
//!   by [`DurableProgress::finish`] if the throttle held it back) is said once;
//! - notices are said outside the lock, from the writer's thread or the finishing task.

use std::collections::{HashSet, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use reprise_store::{ActorInfo, WriterEvent};
use tokio::time::Instant;

use crate::recorder::NoticeSink;
use crate::recorder_notice::RecorderNotice;

/// The least time between two progress notices (the last one is always said).
const PROGRESS_INTERVAL: Duration = Duration::from_millis(250);

/// Shared by the capture task (which announces actor records) and the writer's observer.
pub struct DurableProgress {
    on_notice: Option<NoticeSink>,
    state: Mutex<ProgressState>,
}

/// The three numbers of a progress notice.
type ProgressCounts = (usize, u64, u64);

#[derive(Default)]
struct ProgressState {
    /// Actor records handed over but not yet durable: their index in the hand-over order.
    pending_actors: VecDeque<(u64, RecorderNotice)>,
    num_records_durable: u64,
    durable_actors: HashSet<String>,
    num_events_durable: u64,
    durable_seq: u64,
    last_progress_at: Option<Instant>,
    last_progress: Option<ProgressCounts>,
}

impl DurableProgress {
    /// Progress that says its notices to `on_notice` (or to nobody).
    pub fn new(on_notice: Option<NoticeSink>) -> Self {
        Self {
            on_notice,
            state: Mutex::new(ProgressState::default()),
        }
    }

    /// The actor record `info` is the `record_index`-th record handed to the writer (from 0).
    /// Call it before handing the record over.
    pub fn expect_actor(&self, record_index: u64, info: &ActorInfo) {
        let notice = RecorderNotice::ActorRecorded {
            id: info.id.clone(),
            name: info.name.clone(),
            parent: info.parent.clone(),
        };
        self.lock().pending_actors.push_back((record_index, notice));
    }

    /// The writer's observer: a durable batch releases its actors' notices and maybe a
    /// progress notice; a failure is said at once (the capture ends with it).
    pub fn on_writer_event(&self, event: WriterEvent<'_>) {
        let notices = match event {
            WriterEvent::Durable(batch) => {
                let mut state = self.lock();
                state.num_records_durable += batch.num_records as u64;
                state.num_events_durable += batch.num_events as u64;
                state.durable_seq = batch.durable_seq;
                let mut notices = state.take_durable_actors();
                let now = Instant::now();
                let is_due = state
                    .last_progress_at
                    .is_none_or(|at| now.duration_since(at) >= PROGRESS_INTERVAL);
                if batch.num_events > 0 && is_due {
                    state.last_progress_at = Some(now);
                    notices.extend(state.progress_if_new());
                }
                notices
            }
            WriterEvent::Failed(error) => vec![RecorderNotice::Warning(format!(
                "cannot write the capture, recording stopped: {error}"
            ))],
        };
        self.say(notices);
    }

    /// Says the last progress, unless it was just said with the same numbers.
    pub fn finish(&self) {
        let notices: Vec<RecorderNotice> = self.lock().progress_if_new().into_iter().collect();
        self.say(notices);
    }

    fn say(&self, notices: Vec<RecorderNotice>) {
        if let Some(on_notice) = &self.on_notice {
            for notice in notices {
                on_notice(notice);
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, ProgressState> {
        // The state is counters and queued notices: still consistent after a panic elsewhere.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl ProgressState {
    fn take_durable_actors(&mut self) -> Vec<RecorderNotice> {
        let mut notices = Vec::new();
        while let Some((index, _)) = self.pending_actors.front() {
            if *index >= self.num_records_durable {
                break;
            }
            if let Some((_, notice)) = self.pending_actors.pop_front() {
                if let RecorderNotice::ActorRecorded { id, .. } = &notice {
                    self.durable_actors.insert(id.clone());
                }
                notices.push(notice);
            }
        }
        notices
    }

    fn progress_if_new(&mut self) -> Option<RecorderNotice> {
        let counts = (
            self.durable_actors.len(),
            self.num_events_durable,
            self.durable_seq,
        );
        if self.last_progress == Some(counts) {
            return None;
        }
        self.last_progress = Some(counts);
        let (num_actors, num_events, durable_seq) = counts;
        Some(RecorderNotice::Progress {
            num_actors,
            num_events,
            durable_seq,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use reprise_store::DurableBatch;

    use super::*;

    fn info(id: &str) -> ActorInfo {
        ActorInfo {
            id: id.into(),
            name: None,
            parent: None,
            manifest: None,
            initial_state: None,
            wasm_sha256: None,
        }
    }

    fn batch(num_records: usize, num_events: usize, durable_seq: u64) -> DurableBatch {
        DurableBatch {
            num_records,
            num_events,
            seqs: 0..0,
            durable_seq,
        }
    }

    fn heard() -> (DurableProgress, Arc<Mutex<Vec<String>>>) {
        let heard = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&heard);
        let progress = DurableProgress::new(Some(Arc::new(move |notice: RecorderNotice| {
            sink.lock().unwrap().push(notice.to_string());
        })));
        (progress, heard)
    }

    #[test]
    fn an_actor_is_said_recorded_only_once_the_batch_holding_its_record_is_durable() {
        let (progress, heard) = heard();
        progress.expect_actor(0, &info("a"));
        progress.expect_actor(3, &info("b"));
        progress.on_writer_event(WriterEvent::Durable(&batch(3, 2, 3)));
        assert_eq!(
            *heard.lock().unwrap(),
            ["actor a", "1 actors, 2 events; durable through seq 3"]
        );
        progress.on_writer_event(WriterEvent::Durable(&batch(1, 0, 4)));
        assert_eq!(heard.lock().unwrap().last().unwrap(), "actor b");
        // The throttle held the last numbers back; finishing says them, once.
        progress.finish();
        progress.finish();
        let heard = heard.lock().unwrap();
        assert_eq!(
            heard[3..],
            ["2 actors, 2 events; durable through seq 4".to_string()]
        );
    }

    #[test]
    fn the_last_progress_is_not_repeated_when_it_was_just_said() {
        let (progress, heard) = heard();
        progress.expect_actor(0, &info("a"));
        progress.on_writer_event(WriterEvent::Durable(&batch(2, 1, 2)));
        progress.finish();
        assert_eq!(
            *heard.lock().unwrap(),
            ["actor a", "1 actors, 1 events; durable through seq 2"]
        );
    }
}
