//! The capture task of a [`crate::Recorder`]: drains the runtime's global subscription, turns
//! what arrives into log records ([`CaptureRecorder`]) and hands them, in order, to the
//! capture's one batching writer (`reprise_store::BatchWriter`, the writer `reprise record`
//! and `reprise serve` use too), which appends them to the capture sink in fsynced batches on
//! its own thread.
//!
//! Back-pressure, and why nothing is lost (the recorder's guarantee):
//! - Theater 0.3.29 sends each event to a global subscriber with `send().await`, so the
//!   subscription itself never drops an event; this task drains it and does nothing that
//!   waits for the disk except handing records over;
//! - records go to the writer's bounded queue with `try_send`; when the queue is full (the
//!   disk is behind), the rest of the turn's records are sent with the blocking `send` on
//!   tokio's blocking pool, which the task awaits: records are never dropped and keep their
//!   order;
//! - while the task waits, the subscription channel fills; once it is full the emitting actors
//!   wait in Theater's `send().await`. A slow disk thus slows the actors down to its pace;
//!   memory stays bounded by the two queues (and the actors held back for their record);
//! - a sink failure ends the writer and then this task: the subscription is closed (Theater
//!   skips a closed subscriber), a warning is said at once, and [`crate::Recorder::finish`]
//!   returns the error. Everything durable before the failure is kept.
//!
//! Other invariants: an actor's record is handed over before its events; when told to finish,
//! the task drains what is left, releases every held-back actor, hands everything over, and
//! returns only once the writer has appended all of it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use reprise_store::{RecordBody, RecordSender, TrySendFailure, WriterHandle, WriterStopped};
use theater::chain::ChainEvent;
use theater::pack_bridge::Value;
use theater::TheaterId;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

use crate::actor_source::ActorSource;
use crate::capture_recorder::CaptureRecorder;
use crate::durable_progress::DurableProgress;
use crate::recorder::{CaptureReport, NoticeSink};
use crate::recorder_error::RecorderError;
use crate::recorder_notice::RecorderNotice;

/// One broadcast event and the actor it belongs to, as the runtime's subscription sends it.
pub type ActorEvent = (TheaterId, ChainEvent);

/// The most events taken from the subscription in one turn of the task.
const MAX_EVENTS_PER_TURN: usize = 512;

/// How long an actor's events may be held back waiting for its record.
const MAX_HOLD: Duration = Duration::from_secs(2);

/// How often held-back actors are checked when no event arrives.
const HOLD_CHECK_INTERVAL: Duration = Duration::from_millis(250);

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
    /// The runtime has stopped: drain, release everything, hand it over, return.
    Finish,
}

/// The capture task's inputs and outputs.
pub struct CaptureTask {
    /// The capture directory (for the report).
    pub dir: PathBuf,
    /// Turns events into records.
    pub recorder: CaptureRecorder,
    /// The batching writer's queue.
    pub records: RecordSender,
    /// The batching writer, to finish it.
    pub writer: WriterHandle,
    /// What the writer's observer says; told of each actor record handed over.
    pub progress: Arc<DurableProgress>,
    /// Where the task's own notices (warnings) go, if anywhere.
    pub on_notice: Option<NoticeSink>,
    /// Set to the time of each event received (for `--exit-when-idle`).
    pub last_event_at: watch::Sender<Instant>,
}

impl CaptureTask {
    /// Runs until [`CaptureControl::Finish`] (or until `control_rx` closes), then finishes the
    /// writer and reports.
    pub async fn run(
        self,
        mut events_rx: mpsc::Receiver<ActorEvent>,
        mut control_rx: mpsc::UnboundedReceiver<CaptureControl>,
    ) -> Result<CaptureReport, RecorderError> {
        let Self {
            dir,
            mut recorder,
            records,
            writer,
            progress,
            on_notice,
            last_event_at,
        } = self;
        let mut turn = CaptureTurn {
            recorder: &mut recorder,
            records,
            progress: &progress,
            on_notice: on_notice.as_ref(),
            last_event_at: &last_event_at,
            num_handed_over: 0,
            warnings: Vec::new(),
        };
        let captured = turn.capture(&mut events_rx, &mut control_rx).await;
        let CaptureTurn {
            records, warnings, ..
        } = turn;
        // The writer ends once its last sender is gone and its queue is appended.
        drop(records);
        drop(events_rx);
        let written = tokio::task::spawn_blocking(move || writer.finish())
            .await
            .map_err(|err| RecorderError::TaskFailed(err.to_string()))?
            .map_err(RecorderError::Write)?;
        // A writer that ended without an error cannot have refused a record; say so if it did.
        captured.map_err(|WriterStopped| {
            RecorderError::TaskFailed("the capture writer stopped before the capture".into())
        })?;
        progress.finish();
        Ok(CaptureReport {
            dir,
            num_actors: recorder.num_actors(),
            num_events: recorder.num_events(),
            durable_seq: written.durable_seq,
            warnings,
        })
    }
}

/// The task's state while it captures.
struct CaptureTurn<'a> {
    recorder: &'a mut CaptureRecorder,
    records: RecordSender,
    progress: &'a DurableProgress,
    on_notice: Option<&'a NoticeSink>,
    last_event_at: &'a watch::Sender<Instant>,
    /// Records handed to the writer so far (the index of the next one).
    num_handed_over: u64,
    warnings: Vec<String>,
}

impl CaptureTurn<'_> {
    /// Takes events and controls until told to finish; `Err` when the writer stopped (its
    /// error is what finishing it returns).
    async fn capture(
        &mut self,
        events_rx: &mut mpsc::Receiver<ActorEvent>,
        control_rx: &mut mpsc::UnboundedReceiver<CaptureControl>,
    ) -> Result<(), WriterStopped> {
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
            while events.len() < MAX_EVENTS_PER_TURN {
                match events_rx.try_recv() {
                    Ok(event) => events.push(event),
                    Err(_) => break,
                }
            }
            if is_finishing {
                drain_rest(events_rx, &mut events).await;
            }
            if !events.is_empty() {
                self.last_event_at.send_replace(Instant::now());
            }
            let now = Instant::now();
            // Describing an actor reads its manifest and stores its module (fsynced): blocking
            // work, done off the async workers.
            let recorder = &mut *self.recorder;
            let bodies = tokio::task::block_in_place(|| {
                let mut bodies = Vec::new();
                for control in controls {
                    if let CaptureControl::Describe {
                        id,
                        source,
                        initial_state,
                    } = control
                    {
                        let info = recorder.top_level_info(id, &source, &initial_state);
                        bodies.extend(recorder.identify(id, info));
                    }
                }
                for (actor, event) in &events {
                    bodies.extend(recorder.record_event(*actor, event, now));
                }
                bodies.extend(recorder.release_overdue(now, MAX_HOLD));
                if is_finishing {
                    bodies.extend(recorder.release_all());
                }
                bodies
            });
            for warning in self.recorder.take_warnings() {
                if let Some(on_notice) = self.on_notice {
                    on_notice(RecorderNotice::Warning(warning.clone()));
                }
                self.warnings.push(warning);
            }
            self.hand_over(bodies).await?;
            if is_finishing {
                return Ok(());
            }
        }
    }

    /// Sends `bodies` to the writer in order: without waiting while its queue has room, then
    /// (the disk is behind) the rest with blocking sends off the async workers, awaited.
    async fn hand_over(&mut self, bodies: Vec<RecordBody>) -> Result<(), WriterStopped> {
        let mut bodies = bodies.into_iter();
        while let Some(body) = bodies.next() {
            if let RecordBody::Actor(info) = &body {
                self.progress.expect_actor(self.num_handed_over, info);
            }
            self.num_handed_over += 1;
            let body = match self.records.try_send(body) {
                Ok(()) => continue,
                Err(TrySendFailure::Stopped(_)) => return Err(WriterStopped),
                Err(TrySendFailure::Full(body)) => *body,
            };
            let rest: Vec<RecordBody> = bodies.collect();
            for later in &rest {
                if let RecordBody::Actor(info) = later {
                    self.progress.expect_actor(self.num_handed_over, info);
                }
                self.num_handed_over += 1;
            }
            let records = self.records.clone();
            return tokio::task::spawn_blocking(move || {
                std::iter::once(body)
                    .chain(rest)
                    .try_for_each(|body| records.send(body))
            })
            .await
            .unwrap_or(Err(WriterStopped));
        }
        Ok(())
    }
}

/// Takes every event still in the channel, waiting briefly for stragglers: actor tasks may
/// still be sending the `shutdown` events of the runtime's stop.
async fn drain_rest(events_rx: &mut mpsc::Receiver<ActorEvent>, events: &mut Vec<ActorEvent>) {
    while let Ok(Some(event)) = tokio::time::timeout(FINISH_GRACE, events_rx.recv()).await {
        events.push(event);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::ops::Range;
    use std::sync::Mutex;

    use reprise_store::{BatchLimits, BatchWriter, CaptureSink, SinkError};

    use super::*;

    /// A sink slower than the producer, keeping every batch as it came.
    #[derive(Clone, Default)]
    struct SlowSink {
        batches: Arc<Mutex<Vec<Vec<RecordBody>>>>,
    }

    impl CaptureSink for SlowSink {
        fn append(&mut self, bodies: Vec<RecordBody>) -> Result<Range<u64>, SinkError> {
            std::thread::sleep(Duration::from_millis(2));
            let mut batches = self.batches.lock().unwrap();
            let first = self.durable_seq_of(&batches) + 1;
            let seqs = first..first + bodies.len() as u64;
            batches.push(bodies);
            Ok(seqs)
        }

        fn durable_seq(&self) -> u64 {
            self.durable_seq_of(&self.batches.lock().unwrap())
        }
    }

    impl SlowSink {
        fn durable_seq_of(&self, batches: &[Vec<RecordBody>]) -> u64 {
            batches.iter().map(Vec::len).sum::<usize>() as u64
        }
    }

    fn event(actor_index: usize, n: usize) -> ChainEvent {
        ChainEvent {
            hash: vec![actor_index as u8, (n >> 8) as u8, n as u8],
            parent_hash: None,
            event_type: "wasm".into(),
            data: n.to_le_bytes().to_vec(),
        }
    }

    /// The disk is slower than the actors, the writer's queue holds one record and the
    /// subscription eight: the producer (standing for Theater, which awaits a full
    /// subscription) is paced, and every event still reaches the sink, in order, in batches
    /// within the limit, each actor's record first; progress is said once it is durable.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_slow_sink_paces_the_producer_and_loses_nothing() {
        const NUM_ACTORS: usize = 3;
        const NUM_EVENTS: usize = 400;
        let sink = SlowSink::default();
        let limits = BatchLimits {
            max_records: 5,
            max_bytes: 1 << 20,
            max_delay: Duration::ZERO,
            queue_len: 1,
        };
        let heard = Arc::new(Mutex::new(Vec::new()));
        let heard_by_sink = Arc::clone(&heard);
        let on_notice: NoticeSink = Arc::new(move |notice: RecorderNotice| {
            heard_by_sink.lock().unwrap().push(notice);
        });
        let progress = Arc::new(DurableProgress::new(Some(Arc::clone(&on_notice))));
        let observer = Arc::clone(&progress);
        let (records, writer) = BatchWriter::spawn(sink.clone(), limits, move |event| {
            observer.on_writer_event(event)
        })
        .unwrap();
        let (events_tx, events_rx) = mpsc::channel(8);
        let (control_tx, control_rx) = mpsc::unbounded_channel();
        let (last_event_at, _) = watch::channel(Instant::now());
        let dir = tempfile::tempdir().unwrap();
        let task = tokio::spawn(
            CaptureTask {
                dir: dir.path().to_path_buf(),
                recorder: CaptureRecorder::new(dir.path().to_path_buf()),
                records,
                writer,
                progress,
                on_notice: Some(on_notice),
                last_event_at,
            }
            .run(events_rx, control_rx),
        );
        let actors: Vec<TheaterId> = (0..NUM_ACTORS).map(|_| TheaterId::generate()).collect();
        for n in 0..NUM_EVENTS {
            let actor_index = n % NUM_ACTORS;
            events_tx
                .send((actors[actor_index], event(actor_index, n)))
                .await
                .unwrap();
        }
        control_tx.send(CaptureControl::Finish).unwrap();
        let report = task.await.unwrap().unwrap();

        assert_eq!(report.num_events, NUM_EVENTS as u64);
        assert_eq!(report.num_actors, NUM_ACTORS);
        assert_eq!(report.durable_seq, (NUM_EVENTS + NUM_ACTORS) as u64);
        let batches = sink.batches.lock().unwrap();
        assert!(batches
            .iter()
            .all(|batch| batch.len() <= limits.max_records));
        assert!(batches.len() >= (NUM_EVENTS + NUM_ACTORS) / limits.max_records);
        let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
        for body in batches.iter().flatten() {
            match body {
                RecordBody::Actor(info) => assert!(seen.insert(info.id.clone(), vec![]).is_none()),
                RecordBody::Event { actor_id, event } => {
                    let n = usize::from_le_bytes(event.data.as_slice().try_into().unwrap());
                    seen.get_mut(actor_id).expect("record first").push(n);
                }
            }
        }
        for (actor_index, actor) in actors.iter().enumerate() {
            let expected: Vec<usize> = (actor_index..NUM_EVENTS).step_by(NUM_ACTORS).collect();
            assert_eq!(seen[&actor.to_string()], expected, "actor {actor_index}");
        }
        let heard = heard.lock().unwrap();
        assert_eq!(
            heard.last(),
            Some(&RecorderNotice::Progress {
                num_actors: NUM_ACTORS,
                num_events: NUM_EVENTS as u64,
                durable_seq: (NUM_EVENTS + NUM_ACTORS) as u64,
            })
        );
        let num_recorded = heard
            .iter()
            .filter(|notice| matches!(notice, RecorderNotice::ActorRecorded { .. }))
            .count();
        assert_eq!(num_recorded, NUM_ACTORS);
    }

    /// A sink that fails ends the capture with its error, said at once and returned.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failing_sink_ends_the_capture_with_its_error() {
        struct FailingSink;
        impl CaptureSink for FailingSink {
            fn append(&mut self, _: Vec<RecordBody>) -> Result<Range<u64>, SinkError> {
                Err(SinkError {
                    sink: "the test sink".into(),
                    action: "append",
                    source: "disk full".into(),
                })
            }
            fn durable_seq(&self) -> u64 {
                0
            }
        }
        let heard = Arc::new(Mutex::new(Vec::new()));
        let heard_by_sink = Arc::clone(&heard);
        let on_notice: NoticeSink = Arc::new(move |notice: RecorderNotice| {
            heard_by_sink.lock().unwrap().push(notice.to_string());
        });
        let progress = Arc::new(DurableProgress::new(Some(Arc::clone(&on_notice))));
        let observer = Arc::clone(&progress);
        let (records, writer) =
            BatchWriter::spawn(FailingSink, BatchLimits::default(), move |event| {
                observer.on_writer_event(event)
            })
            .unwrap();
        let (events_tx, events_rx) = mpsc::channel(8);
        let (control_tx, control_rx) = mpsc::unbounded_channel();
        let (last_event_at, _) = watch::channel(Instant::now());
        let dir = tempfile::tempdir().unwrap();
        let task = tokio::spawn(
            CaptureTask {
                dir: dir.path().to_path_buf(),
                recorder: CaptureRecorder::new(dir.path().to_path_buf()),
                records,
                writer,
                progress,
                on_notice: Some(on_notice),
                last_event_at,
            }
            .run(events_rx, control_rx),
        );
        let actor = TheaterId::generate();
        events_tx.send((actor, event(0, 1))).await.unwrap();
        control_tx.send(CaptureControl::Finish).unwrap();
        let err = task.await.unwrap().unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
        assert!(
            heard
                .lock()
                .unwrap()
                .iter()
                .any(|notice| notice.contains("disk full")),
            "{heard:?}"
        );
    }
}
