//! The log's promises: seqs strictly increase across reopenings, torn writes are cut, nothing
//! is duplicated, reads start at any seq, and an export re-verifies.

#![allow(clippy::unwrap_used)]

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::PathBuf;

use reprise_chain::{verify_chain, ChainEvent};
use reprise_store::{ActorInfo, DurableLog, RecordBody, LOG_FILE_NAME};
use reprise_testkit::vectors::ten_events as events;

const ACTOR: &str = "6f1c2f0e-3b7a-4c1e-9a55-0d2f4b8e7c11";

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("reprise-store-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn event_bodies(events: &[ChainEvent]) -> Vec<RecordBody> {
    events
        .iter()
        .map(|event| RecordBody::Event {
            actor_id: ACTOR.into(),
            event: event.clone(),
        })
        .collect()
}

fn actor_body() -> RecordBody {
    RecordBody::Actor(ActorInfo {
        id: ACTOR.into(),
        name: Some("counter".into()),
        parent: None,
        manifest: None,
        initial_state: None,
        wasm_sha256: None,
    })
}

#[test]
fn records_survive_reopening_and_seqs_continue() {
    let dir = temp_dir("reopen");
    let events = events();
    {
        let (mut log, report) = DurableLog::open(&dir).unwrap();
        assert_eq!(report.num_records, 0);
        let mut batch = vec![actor_body()];
        batch.extend(event_bodies(&events[..6]));
        let written = log.append_batch(batch).unwrap();
        assert_eq!(
            written.iter().map(|r| r.seq).collect::<Vec<_>>(),
            (1..=7).collect::<Vec<_>>()
        );
    }
    let (mut log, report) = DurableLog::open(&dir).unwrap();
    assert_eq!(report.num_records, 7);
    assert_eq!(log.next_seq(), 8);
    let written = log.append_batch(event_bodies(&events[6..])).unwrap();
    assert_eq!(written.first().map(|r| r.seq), Some(8));
    assert_eq!(log.actors()[ACTOR].name.as_deref(), Some("counter"));

    let chains = log.to_actor_chains().unwrap();
    assert_eq!(chains.len(), 1);
    assert_eq!(chains[0].events, events);
    assert!(verify_chain(&chains[0].events).is_verified());
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn events_already_logged_are_never_written_twice() {
    let dir = temp_dir("dedupe");
    let events = events();
    let (mut log, _) = DurableLog::open(&dir).unwrap();
    log.append_batch(event_bodies(&events[..5])).unwrap();
    // A recorder restarted after a crash re-sends what it had: only the new events land.
    let mut resent = event_bodies(&events[3..]);
    resent.extend(event_bodies(&events[9..]));
    let written = log.append_batch(resent).unwrap();
    assert_eq!(written.len(), 5);
    drop(log);
    let (log, _) = DurableLog::open(&dir).unwrap();
    assert_eq!(log.to_actor_chains().unwrap()[0].events, events);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_torn_last_line_is_cut_and_everything_before_it_kept() {
    let dir = temp_dir("torn");
    let events = events();
    {
        let (mut log, _) = DurableLog::open(&dir).unwrap();
        log.append_batch(event_bodies(&events[..4])).unwrap();
    }
    // Simulate a crash in the middle of writing the next record.
    let torn = "{\"type\":\"event\",\"seq\":5,\"actor_id\":\"x\",\"event\":{\"hash\":[1,2";
    OpenOptions::new()
        .append(true)
        .open(dir.join(LOG_FILE_NAME))
        .unwrap()
        .write_all(torn.as_bytes())
        .unwrap();

    let (mut log, report) = DurableLog::open(&dir).unwrap();
    assert_eq!(report.num_records, 4);
    assert_eq!(report.num_torn_bytes, torn.len() as u64);
    assert!(report.bad_lines.is_empty());
    assert_eq!(
        report.repairs_text(),
        format!("; cut a torn last write of {} bytes", torn.len())
    );
    log.append_batch(event_bodies(&events[4..])).unwrap();
    drop(log);
    let (log, report) = DurableLog::open(&dir).unwrap();
    assert_eq!(report.num_torn_bytes, 0);
    assert_eq!(report.repairs_text(), "");
    let chain = &log.to_actor_chains().unwrap()[0].events;
    assert_eq!(chain, &events);
    assert!(verify_chain(chain).is_verified());
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_corrupt_complete_line_is_reported_and_skipped() {
    let dir = temp_dir("corrupt");
    let events = events();
    {
        let (mut log, _) = DurableLog::open(&dir).unwrap();
        log.append_batch(event_bodies(&events[..2])).unwrap();
    }
    OpenOptions::new()
        .append(true)
        .open(dir.join(LOG_FILE_NAME))
        .unwrap()
        .write_all(b"not json\n")
        .unwrap();
    let (mut log, report) = DurableLog::open(&dir).unwrap();
    assert_eq!(report.num_records, 2);
    assert_eq!(report.bad_lines.len(), 1);
    assert_eq!(report.bad_lines[0].0, 3);
    log.append_batch(event_bodies(&events[2..])).unwrap();
    assert_eq!(log.to_actor_chains().unwrap()[0].events, events);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn reads_start_at_any_seq() {
    let dir = temp_dir("read");
    let (mut log, _) = DurableLog::open(&dir).unwrap();
    log.append_batch(event_bodies(&events())).unwrap();
    let tail = log.read_from(8, 100).unwrap();
    assert_eq!(
        tail.iter().map(|r| r.seq).collect::<Vec<_>>(),
        vec![8, 9, 10]
    );
    assert_eq!(
        log.read_from(3, 2)
            .unwrap()
            .iter()
            .map(|r| r.seq)
            .collect::<Vec<_>>(),
        vec![3, 4]
    );
    assert!(log.read_from(11, 10).unwrap().is_empty());
    // Lines are exactly the WebSocket protocol's event messages.
    let line = log.read_from(1, 1).unwrap()[0].to_json_line();
    assert!(line.starts_with(&format!("{{\"type\":\"event\",\"seq\":1,\"actor_id\":\"{ACTOR}\",\"event\":{{\"hash\":[125,241,")), "{line}");
    fs::remove_dir_all(dir).unwrap();
}
