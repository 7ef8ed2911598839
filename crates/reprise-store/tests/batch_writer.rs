//! The batching writer on the real Theater 0.3.29 scenario (4 actors, 118 events): batches
//! keep to every limit, a batch is on disk before it is reported durable, finishing keeps
//! everything sent, and a sink failure comes back as a value.

#![allow(clippy::unwrap_used)]
// Native tests (the writer never runs in the browser) time the batching delay.
#![allow(clippy::disallowed_methods)]

use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reprise_chain::verify_chain;
use reprise_store::{
    approx_record_bytes, BatchLimits, BatchWriter, CaptureSink, DurableBatch, DurableLog,
    LogRecord, RecordBody, SinkError, WriterError, WriterEvent, WriterStopped, LOG_FILE_NAME,
};
use reprise_testkit::theater_scenario::{scenario_actors as scenario, scenario_records};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("reprise-writer-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

/// The seqs of the complete lines in the log file, read straight from the disk.
fn seqs_on_disk(dir: &Path) -> Vec<u64> {
    let text = fs::read_to_string(dir.join(LOG_FILE_NAME)).unwrap_or_default();
    text.lines()
        .map(|line| LogRecord::from_json_line(line).unwrap().seq)
        .collect()
}

type Batches = Arc<Mutex<Vec<DurableBatch>>>;

/// Records every durable batch, and checks at that moment that its seqs are on disk.
fn observer(dir: &Path, batches: &Batches) -> impl FnMut(WriterEvent<'_>) + Send + 'static {
    let dir = dir.to_path_buf();
    let batches = Arc::clone(batches);
    move |event| {
        if let WriterEvent::Durable(batch) = event {
            let on_disk = seqs_on_disk(&dir);
            for seq in batch.seqs.clone() {
                assert!(
                    on_disk.contains(&seq),
                    "seq {seq} reported before it was written"
                );
            }
            batches.lock().unwrap().push(batch.clone());
        }
    }
}

#[test]
fn batches_keep_to_the_record_limit_and_the_log_holds_the_scenario() {
    let dir = temp_dir("records");
    let (log, _) = DurableLog::open(&dir).unwrap();
    let batches = Batches::default();
    let limits = BatchLimits {
        max_records: 7,
        ..BatchLimits::default()
    };
    let (sender, writer) = BatchWriter::spawn(log, limits, observer(&dir, &batches)).unwrap();
    let bodies = scenario_records();
    let num_bodies = bodies.len();
    for body in bodies {
        sender.send(body).unwrap();
    }
    let report = writer.finish().unwrap();

    let batches = batches.lock().unwrap();
    assert!(batches.iter().all(|batch| batch.num_records <= 7));
    assert!(batches.len() >= num_bodies.div_ceil(7));
    assert_eq!(report.num_records, num_bodies as u64);
    assert_eq!(report.num_written, num_bodies as u64);
    assert_eq!(report.num_events, 118);
    assert_eq!(report.durable_seq, num_bodies as u64);
    assert_eq!(report.num_batches, batches.len() as u64);
    // Seqs run on from batch to batch, with nothing lost or repeated.
    let mut next = 1;
    for batch in batches.iter() {
        assert_eq!(batch.seqs.start, next);
        next = batch.seqs.end;
        assert_eq!(batch.durable_seq, next - 1);
    }

    let (log, recovery) = DurableLog::open(&dir).unwrap();
    assert_eq!(recovery.num_records, num_bodies);
    let chains = log.to_actor_chains().unwrap();
    let expected = scenario();
    assert_eq!(chains.len(), expected.len());
    for (chain, expected) in chains.iter().zip(&expected) {
        assert_eq!(chain.id, expected.id);
        assert_eq!(chain.events, expected.events);
        assert!(verify_chain(&chain.events).is_verified(), "{:?}", chain.id);
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn batches_keep_to_the_byte_limit() {
    let dir = temp_dir("bytes");
    let (log, _) = DurableLog::open(&dir).unwrap();
    let bodies = scenario_records();
    let largest = bodies.iter().map(approx_record_bytes).max().unwrap();
    let max_bytes = 2 * largest;
    let batches = Batches::default();
    let limits = BatchLimits {
        max_bytes,
        ..BatchLimits::default()
    };
    let (sender, writer) = BatchWriter::spawn(log, limits, observer(&dir, &batches)).unwrap();
    let sizes: Vec<usize> = bodies.iter().map(approx_record_bytes).collect();
    for body in bodies {
        sender.send(body).unwrap();
    }
    drop(sender);
    let report = writer.finish().unwrap();
    assert_eq!(report.num_written, sizes.len() as u64);
    // A batch stops growing once it reaches the limit: without its last record it was below.
    let mut start = 0;
    for batch in batches.lock().unwrap().iter() {
        let batch_sizes = &sizes[start..start + batch.num_records];
        let before_last: usize = batch_sizes[..batch_sizes.len() - 1].iter().sum();
        assert!(before_last < max_bytes, "a batch grew past the byte limit");
        start += batch.num_records;
    }
    assert_eq!(start, sizes.len());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_full_batch_does_not_wait_for_the_delay_and_a_short_one_does() {
    let dir = temp_dir("delay");
    let (log, _) = DurableLog::open(&dir).unwrap();
    let batches = Batches::default();
    let limits = BatchLimits {
        max_records: 3,
        max_delay: Duration::from_secs(3),
        ..BatchLimits::default()
    };
    let (sender, writer) = BatchWriter::spawn(log, limits, observer(&dir, &batches)).unwrap();
    let mut bodies = scenario_records().into_iter();
    let started = Instant::now();
    for body in bodies.by_ref().take(3) {
        sender.send(body).unwrap();
    }
    while batches.lock().unwrap().is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "a full batch waited"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // One record waits for company up to the delay, then goes alone.
    let started = Instant::now();
    sender.send(bodies.next().unwrap()).unwrap();
    while batches.lock().unwrap().len() < 2 {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(started.elapsed() >= Duration::from_secs(3));
    writer.finish().unwrap();
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn finishing_keeps_everything_sent_and_refuses_what_comes_after() {
    let dir = temp_dir("finish");
    let (log, _) = DurableLog::open(&dir).unwrap();
    let (sender, writer) = BatchWriter::spawn(log, BatchLimits::default(), |_| {}).unwrap();
    let bodies = scenario_records();
    let num_bodies = bodies.len();
    let last = bodies.last().cloned().unwrap();
    for body in bodies {
        sender.send(body).unwrap();
    }
    // The sender is still alive: finishing must not wait for it to be dropped.
    let report = writer.finish().unwrap();
    assert_eq!(report.num_written, num_bodies as u64);
    assert_eq!(seqs_on_disk(&dir).len(), num_bodies);
    assert_eq!(sender.send(last), Err(WriterStopped));
    fs::remove_dir_all(&dir).unwrap();
}

/// The file log, failing from its `fail_from`-th append on, as a full disk would.
struct FailingLog {
    log: DurableLog,
    num_appends: usize,
    fail_from: usize,
}

impl CaptureSink for FailingLog {
    fn append(&mut self, bodies: Vec<RecordBody>) -> Result<Range<u64>, SinkError> {
        self.num_appends += 1;
        if self.num_appends >= self.fail_from {
            return Err(SinkError {
                sink: "test log".into(),
                action: "append",
                source: Box::new(std::io::Error::from(std::io::ErrorKind::StorageFull)),
            });
        }
        self.log.append(bodies)
    }

    fn durable_seq(&self) -> u64 {
        self.log.durable_seq()
    }
}

#[test]
fn a_sink_failure_ends_the_writer_and_comes_back_as_a_value() {
    let dir = temp_dir("failure");
    let (log, _) = DurableLog::open(&dir).unwrap();
    let sink = FailingLog {
        log,
        num_appends: 0,
        fail_from: 2,
    };
    let failures = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&failures);
    let limits = BatchLimits {
        max_records: 5,
        ..BatchLimits::default()
    };
    let (sender, writer) = BatchWriter::spawn(sink, limits, move |event| {
        if let WriterEvent::Failed(err) = event {
            seen.lock().unwrap().push(err.to_string());
        }
    })
    .unwrap();
    let mut bodies = scenario_records().into_iter();
    for body in bodies.by_ref().take(20) {
        sender.send(body).unwrap();
    }
    let started = Instant::now();
    while !writer.has_ended() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the writer went on"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(sender.send(bodies.next().unwrap()), Err(WriterStopped));
    match writer.finish() {
        Err(WriterError::Sink { kept, error }) => {
            assert_eq!(kept.num_written, 5, "the first batch was kept");
            assert_eq!(kept.durable_seq, 5);
            assert!(error.to_string().starts_with("test log: cannot append"));
        }
        other => panic!("expected the sink's error, got {other:?}"),
    }
    assert_eq!(failures.lock().unwrap().len(), 1, "reported once");
    assert_eq!(seqs_on_disk(&dir), (1..=5).collect::<Vec<_>>());
    fs::remove_dir_all(&dir).unwrap();
}
