//! `reprise run` (`run::run_blocking`, the whole command without its CLI) on the real Theater
//! 0.3.29 runtime and the committed counter actor, writing through the shared batching writer
//! with tiny limits (two records a batch, a queue of one): the writer falls behind the actor on
//! every message, and still every event the runtime broadcast is in the log, once, each chain
//! complete; the session's notices and the run's say what happened, the last progress once.

#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use reprise_recorder::run::{run_blocking, RunNotice, RunOptions};
use reprise_recorder::RecorderNotice;
use reprise_server::Notice;
use reprise_store::{BatchLimits, DurableLog, RecordBody};
use reprise_testkit::chain_checks::check_every_chain_complete;

#[test]
fn a_run_with_two_records_a_batch_records_every_event_once() {
    let capture = tempfile::tempdir().unwrap();
    let options = RunOptions {
        manifest: reprise_testkit::fixture_path("theater-0.3.29/counter.toml"),
        dir: capture.path().to_path_buf(),
        serve: None,
        sends: ["inc", "add:5", "inc", "add:2"].map(String::from).to_vec(),
        reads_stdin: false,
        exit_when_idle: Some(Duration::from_millis(1500)),
        batch_limits: BatchLimits {
            max_records: 2,
            max_bytes: 1 << 20,
            max_delay: Duration::ZERO,
            queue_len: 1,
        },
    };
    let session_heard = Arc::new(Mutex::new(Vec::new()));
    let run_heard = Arc::new(Mutex::new(Vec::new()));
    let (session_sink, run_sink) = (Arc::clone(&session_heard), Arc::clone(&run_heard));
    let summary = run_blocking(
        options,
        Arc::new(move |notice: Notice| session_sink.lock().unwrap().push(notice)),
        Arc::new(move |notice: RunNotice| run_sink.lock().unwrap().push(notice)),
    )
    .unwrap_or_else(|err| panic!("the run failed: {err}"));
    assert_eq!(summary.stop_reason, "no event for 1500 ms");
    assert!(summary.capture.warnings.is_empty(), "{summary:?}");

    let (log, recovery) = DurableLog::open(capture.path()).unwrap();
    assert!(recovery.bad_lines.is_empty() && recovery.num_torn_bytes == 0);
    let records = log.read_from(0, usize::MAX).unwrap();
    assert_eq!(records.len() as u64, summary.capture.durable_seq);
    let num_logged_events = records
        .iter()
        .filter(|record| matches!(record.body, RecordBody::Event { .. }))
        .count();
    assert_eq!(num_logged_events as u64, summary.capture.num_events);
    let chains = log.to_actor_chains().unwrap();
    assert_eq!(chains.len(), 1);
    check_every_chain_complete(&chains);
    let counter = &chains[0];
    assert_eq!(
        counter.id.as_deref(),
        Some(summary.root.to_string().as_str())
    );
    assert_eq!(counter.name.as_deref(), Some("counter"));
    // init, four handle-sends (each a call and a result), and the stop's `shutdown`.
    assert!(
        counter.events.len() >= 10,
        "{} events",
        counter.events.len()
    );
    assert_eq!(counter.events.last().unwrap().event_type, "shutdown");

    let session_heard = session_heard.lock().unwrap();
    assert!(
        matches!(
            session_heard.first(),
            Some(Notice::LogOpened {
                is_temporary: false,
                ..
            })
        ),
        "{session_heard:?}"
    );
    let run_heard = run_heard.lock().unwrap();
    let progress: Vec<&RecorderNotice> = run_heard
        .iter()
        .filter_map(|notice| match notice {
            RunNotice::Capture(progress @ RecorderNotice::Progress { .. }) => Some(progress),
            _ => None,
        })
        .collect();
    assert_eq!(
        progress.last(),
        Some(&&RecorderNotice::Progress {
            num_actors: 1,
            num_events: summary.capture.num_events,
            durable_seq: summary.capture.durable_seq,
        })
    );
    assert!(
        progress.windows(2).all(|pair| pair[0] != pair[1]),
        "no progress is said twice: {progress:?}"
    );
    assert!(run_heard.iter().any(|notice| matches!(
        notice,
        RunNotice::Capture(RecorderNotice::ActorRecorded { name: Some(name), .. }) if name == "counter"
    )));
}
