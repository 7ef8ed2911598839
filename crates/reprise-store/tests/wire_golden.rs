//! The log's lines are the golden wire records, byte for byte: a log made of the golden lines
//! opens with every record intact and reads back the same bytes, and appending the same
//! records to a new log writes exactly those bytes.

#![allow(clippy::unwrap_used)]

#[path = "../../reprise-chain/tests/wire_golden/golden.rs"]
mod golden;

use std::fs;
use std::path::PathBuf;

use reprise_store::{DurableLog, LogRecord, RecordBody, LOG_FILE_NAME};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("reprise-store-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

/// The golden records in seq order (their seqs are 1, 2, 3, 4), as one log file's text.
fn golden_log_text() -> String {
    [
        golden::ACTOR_BARE,
        golden::ACTOR,
        golden::EVENT_FIRST,
        golden::EVENT,
    ]
    .concat()
}

#[test]
fn a_log_of_golden_lines_reads_back_the_same_bytes() {
    let dir = temp_dir("golden-read");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join(LOG_FILE_NAME), golden_log_text()).unwrap();
    let (log, report) = DurableLog::open(&dir).unwrap();
    assert_eq!((report.num_records, report.bad_lines), (4, vec![]));
    let lines: String = log
        .read_from(1, usize::MAX)
        .unwrap()
        .iter()
        .map(|record| format!("{}\n", record.to_json_line()))
        .collect();
    assert_eq!(lines, golden_log_text());
    // The later actor record's metadata wins; both events are the counter's.
    let chains = log.to_actor_chains().unwrap();
    assert_eq!(chains.len(), 1);
    assert_eq!(chains[0].name.as_deref(), Some("counter"));
    assert_eq!(chains[0].events.len(), 2);
    assert!(reprise_chain::verify_chain(&chains[0].events).is_verified());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn appending_the_golden_records_writes_exactly_their_lines() {
    let bodies: Vec<RecordBody> = golden_log_text()
        .lines()
        .map(|line| LogRecord::from_json_line(line).unwrap().body)
        .collect();
    let dir = temp_dir("golden-write");
    let (mut log, _) = DurableLog::open(&dir).unwrap();
    let written = log.append_batch(bodies).unwrap();
    assert_eq!(
        written.iter().map(|record| record.seq).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    assert_eq!(
        fs::read_to_string(dir.join(LOG_FILE_NAME)).unwrap(),
        golden_log_text()
    );
    fs::remove_dir_all(&dir).unwrap();
}
