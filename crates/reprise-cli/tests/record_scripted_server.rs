//! `reprise record` against a scripted theater-server that speaks the real protocol and
//! replays the real Theater 0.3.29 chains of `fixtures/theater-0.3.29/`: it follows the
//! children a recorded spawn names, marks a chain attached mid-way as partial, reports a
//! connection that sends garbage, an oversized frame or closes, keeping what it received,
//! serves what it records on the live feed, and records an actor it starts itself (`--start`)
//! from its first event, on that connection only.
//!
//! theater-server itself cannot be made to run these scenarios: an actor it starts is never
//! `init`ed, so it never registers for messages (see `record_server.rs`).

#![allow(clippy::unwrap_used)]

mod record_support;

use futures_util::{SinkExt, StreamExt};
use record_support::scripted_server::{actor, fixture_events, startable, Ending, ScriptedServer};
use record_support::{wait_for_logged_events, wait_until, RecorderProcess};
use reprise_chain::event::short_hex;
use reprise_chain::{verify_chain, ChainEvent};
use reprise_store::DurableLog;
use reprise_theater_client::ManagementCommand;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

const SUPERVISOR: &str = "0ac11f53-e4df-4044-a9ca-f23d024cd0a6";
const CHILDREN: [&str; 3] = [
    "7ad5c6a6-9f02-4256-a756-4c4c954fd52e",
    "94b49d9f-166f-42e8-b5b1-817da11241bf",
    "44ff83c7-16e7-439c-9e80-ed6ff42598a9",
];

#[test]
fn record_follows_the_running_children_a_recorded_spawn_names_and_only_those() {
    let mut actors = vec![actor(
        SUPERVISOR,
        "supervisor",
        fixture_events(SUPERVISOR),
        Ending::KeepOpen,
    )];
    // The third child is not running any more: the server does not list it.
    for child in &CHILDREN[..2] {
        actors.push(actor(
            child,
            "counter",
            fixture_events(child),
            Ending::KeepOpen,
        ));
    }
    let unrelated = "00000000-0000-4000-8000-000000000000";
    actors.push(actor(unrelated, "other", Vec::new(), Ending::KeepOpen));
    let server = ScriptedServer::start(actors.clone());
    let dir = tempfile::tempdir().unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let mut recorder = RecorderProcess::start(&[
        "--server",
        &server.addr(),
        "--actor",
        SUPERVISOR,
        "--dir",
        dir_arg,
        "--no-serve",
    ]);
    for scripted in &actors[..3] {
        wait_for_logged_events(dir.path(), &scripted.id, scripted.events.len());
    }
    assert_eq!(recorder.interrupt(), 0, "{}", recorder.stderr());

    let (log, _) = DurableLog::open(dir.path()).unwrap();
    let chains = log.to_actor_chains().unwrap();
    let ids: Vec<&str> = chains
        .iter()
        .filter_map(|chain| chain.id.as_deref())
        .collect();
    assert_eq!(
        ids.len(),
        3,
        "only the supervisor and its running children: {ids:?}"
    );
    for scripted in &actors[..3] {
        let chain = chains
            .iter()
            .find(|chain| chain.id.as_deref() == Some(scripted.id.as_str()))
            .unwrap();
        assert_eq!(chain.events, scripted.events, "{}", scripted.id);
        let report = verify_chain(&chain.events);
        assert!(
            report.is_verified(),
            "{}: {}",
            scripted.id,
            report.summary()
        );
        let expected_parent = (scripted.id != SUPERVISOR).then(|| SUPERVISOR.to_string());
        assert_eq!(chain.parent, expected_parent, "{}", scripted.id);
    }
    let stderr = recorder.stderr();
    assert!(
        stderr.contains(&format!("spawned {}; following it", CHILDREN[0])),
        "{stderr}"
    );
    let gone = format!(
        "spawned {}, which is not running: not recorded",
        CHILDREN[2]
    );
    assert!(stderr.contains(&gone), "{stderr}");
}

#[test]
fn record_marks_a_chain_attached_mid_way_as_partial() {
    let child = CHILDREN[1];
    let all_events = fixture_events(child);
    let server = ScriptedServer::start(vec![actor(
        child,
        "counter",
        all_events[4..].to_vec(),
        Ending::KeepOpen,
    )]);
    let dir = tempfile::tempdir().unwrap();
    let mut recorder = RecorderProcess::record_all(&server.addr(), dir.path());
    recorder.wait_for_line("the chain is partial");
    let recorded = wait_for_logged_events(dir.path(), child, all_events.len() - 4);
    assert_eq!(recorder.interrupt(), 0);
    assert_eq!(recorded, all_events[4..]);
    let report = verify_chain(&recorded);
    assert!(report.is_verified(), "{}", report.summary());
    assert_eq!(report.partial_from, Some(0));
}

#[test]
fn record_says_when_the_server_dropped_events_and_keeps_the_rest() {
    let child = CHILDREN[1];
    let events = fixture_events(child);
    let mut with_gap = events.clone();
    with_gap.remove(5);
    let server = ScriptedServer::start(vec![actor(
        child,
        "counter",
        with_gap.clone(),
        Ending::KeepOpen,
    )]);
    let dir = tempfile::tempdir().unwrap();
    let mut recorder = RecorderProcess::record_all(&server.addr(), dir.path());
    let line = recorder.wait_for_line("the events in between were not received");
    let expected = format!(
        "actor {child} (counter): event {} does not follow event {}",
        short_hex(&events[6].hash, 8),
        short_hex(&events[4].hash, 8)
    );
    assert!(line.contains(&expected), "{line}");
    let recorded = wait_for_logged_events(dir.path(), child, with_gap.len());
    assert_eq!(recorder.interrupt(), 0, "a gap is a finding, not a failure");
    assert_eq!(recorded, with_gap);
    let broken = verify_chain(&recorded).first_broken.unwrap();
    assert_eq!(broken.index, 5);
}

#[test]
fn a_second_recording_into_the_same_directory_continues_the_chain() {
    let child = CHILDREN[2];
    let events = fixture_events(child);
    let dir = tempfile::tempdir().unwrap();
    for (part, num_logged) in [(&events[..5], 5), (&events[5..], events.len())] {
        let server = ScriptedServer::start(vec![actor(
            child,
            "counter",
            part.to_vec(),
            Ending::KeepOpen,
        )]);
        let mut recorder = RecorderProcess::record_all(&server.addr(), dir.path());
        wait_for_logged_events(dir.path(), child, num_logged);
        assert_eq!(recorder.interrupt(), 0);
        let stderr = recorder.stderr();
        if part[0].parent_hash.is_some() {
            assert!(!stderr.contains("partial"), "{stderr}");
            assert!(!stderr.contains("not received"), "{stderr}");
        }
    }
    let (log, _) = DurableLog::open(dir.path()).unwrap();
    let chains = log.to_actor_chains().unwrap();
    assert_eq!(chains[0].events, events);
    let report = verify_chain(&chains[0].events);
    assert!(report.is_verified(), "{}", report.summary());
    assert_eq!(report.partial_from, None);
}

#[test]
fn bad_frames_and_closed_connections_name_the_actor_and_keep_what_was_received() {
    let events = fixture_events(CHILDREN[0]);
    let (garbage, oversized, closing) = (
        "10000000-0000-4000-8000-000000000001",
        "10000000-0000-4000-8000-000000000002",
        "10000000-0000-4000-8000-000000000003",
    );
    let server = ScriptedServer::start(vec![
        actor(garbage, "counter", events[..3].to_vec(), Ending::Garbage),
        actor(
            oversized,
            "counter",
            events[..2].to_vec(),
            Ending::Oversized,
        ),
        actor(closing, "counter", events[..1].to_vec(), Ending::Close),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let mut recorder = RecorderProcess::record_all(&server.addr(), dir.path());
    let garbage_line = recorder.wait_for_line(&format!("actor {garbage} (counter): unreadable"));
    assert!(
        garbage_line.contains("no longer recording it"),
        "{garbage_line}"
    );
    recorder.wait_for_line(&format!(
        "actor {oversized} (counter): a frame announces 2130706432 bytes"
    ));
    recorder.wait_for_line(&format!("actor {closing} (counter): theater-server closed"));
    assert_eq!(wait_for_logged_events(dir.path(), garbage, 3), events[..3]);
    assert_eq!(
        wait_for_logged_events(dir.path(), oversized, 2),
        events[..2]
    );
    assert_eq!(wait_for_logged_events(dir.path(), closing, 1), events[..1]);
    assert_eq!(recorder.interrupt(), 2, "a failed connection is exit 2");
}

#[test]
fn a_server_that_goes_away_ends_the_recording_with_everything_kept() {
    let events = fixture_events(CHILDREN[2]);
    let server = ScriptedServer::start(vec![actor(
        CHILDREN[2],
        "counter",
        events.clone(),
        Ending::KeepOpen,
    )]);
    let dir = tempfile::tempdir().unwrap();
    let mut recorder = RecorderProcess::record_all(&server.addr(), dir.path());
    wait_for_logged_events(dir.path(), CHILDREN[2], events.len());
    server.shut_down();
    assert_eq!(recorder.wait_for_exit(), 2);
    let stderr = recorder.stderr();
    assert!(stderr.contains("stopping"), "{stderr}");
    assert!(
        stderr.contains(&format!("recorded {} events", events.len())),
        "{stderr}"
    );
    let (log, _) = DurableLog::open(dir.path()).unwrap();
    assert_eq!(log.to_actor_chains().unwrap()[0].events, events);
}

#[test]
fn an_actor_the_server_does_not_list_is_refused_up_front() {
    let server = ScriptedServer::start(Vec::new());
    let dir = tempfile::tempdir().unwrap();
    let mut recorder = RecorderProcess::start(&[
        "--server",
        &server.addr(),
        "--actor",
        SUPERVISOR,
        "--dir",
        dir.path().to_str().unwrap(),
        "--no-serve",
    ]);
    assert_eq!(recorder.wait_for_exit(), 2);
    let stderr = recorder.stderr();
    assert!(
        stderr.contains(&format!(
            "actor {SUPERVISOR} is not running on theater-server at"
        )),
        "{stderr}"
    );
}

#[test]
fn record_serves_what_it_records_on_the_live_feed() {
    let child = CHILDREN[0];
    let events = fixture_events(child);
    let server = ScriptedServer::start(vec![actor(
        child,
        "counter",
        events.clone(),
        Ending::KeepOpen,
    )]);
    let dir = tempfile::tempdir().unwrap();
    let (mut recorder, url) = RecorderProcess::start_serving(&[
        "--server",
        &server.addr(),
        "--all",
        "--dir",
        dir.path().to_str().unwrap(),
        "--listen",
        "127.0.0.1:0",
        "--app-dir",
        "/nonexistent-reprise-app",
    ]);
    assert!(url.starts_with("http://127.0.0.1:"), "stdout: {url:?}");
    let ws_url = format!("{}ws", url.replacen("http://", "ws://", 1));
    let served: Vec<ChainEvent> = server.runtime.block_on(async {
        let (mut ws, _) = tokio_tungstenite::connect_async(ws_url.as_str())
            .await
            .unwrap();
        let subscribe = json!({"type": "subscribe", "from": "beginning"}).to_string();
        ws.send(Message::text(subscribe)).await.unwrap();
        let mut served = Vec::new();
        while served.len() < events.len() {
            let message = tokio::time::timeout(record_support::WAIT, ws.next())
                .await
                .unwrap()
                .unwrap()
                .unwrap();
            let Message::Text(text) = message else {
                continue;
            };
            let record: Value = serde_json::from_str(&text).unwrap();
            if record["type"] == "event" {
                assert_eq!(record["actor_id"], child);
                served.push(serde_json::from_value(record["event"].clone()).unwrap());
            }
        }
        served
    });
    assert_eq!(served, events);
    assert_eq!(recorder.interrupt(), 0);
}

#[test]
fn record_start_records_the_started_actor_from_its_first_event_and_never_subscribes_to_it() {
    let work_dir = tempfile::tempdir().unwrap();
    let manifest = work_dir.path().join("counter.toml");
    std::fs::write(&manifest, "name = \"counter\"\n").unwrap();
    let manifest_path = manifest.canonicalize().unwrap();
    let manifest_text = manifest_path.to_str().unwrap();
    let (started_id, running_id) = (CHILDREN[1], CHILDREN[2]);
    let (started_events, running_events) = (fixture_events(started_id), fixture_events(running_id));
    let running = actor(
        running_id,
        "counter",
        running_events.clone(),
        Ending::KeepOpen,
    );
    let started = startable(started_id, "counter", started_events.clone(), manifest_text);
    let server = ScriptedServer::start(vec![started, running]);
    let dir = tempfile::tempdir().unwrap();
    // A relative path (the server would resolve it against its own directory), and `--all`,
    // which lists the started actor too once it runs: it must not be subscribed to again.
    let start_args = ["--all", "--start", "counter.toml"];
    let mut recorder =
        RecorderProcess::record_in(work_dir.path(), &server.addr(), dir.path(), &start_args);
    let line = recorder.wait_for_line("recording from its first event");
    let expected = format!("started actor {started_id} (counter) from {manifest_text}; recording");
    assert!(line.contains(&expected), "{line}");
    wait_for_logged_events(dir.path(), started_id, started_events.len());
    wait_for_logged_events(dir.path(), running_id, running_events.len());
    // Two polls after the start (besides, at most, the running actor's subscription barrier)
    // have listed the started actor.
    wait_until(
        || server.num_lists_after_start() >= 3,
        || format!("too few polls: {:?}", server.commands()),
    );
    assert_eq!(recorder.interrupt(), 0, "{}", recorder.stderr());

    let expected_start = ManagementCommand::StartActor {
        manifest: manifest_text.to_string(),
        initial_state: None,
        parent: false,
        subscribe: true,
    };
    assert_eq!(server.start_commands(), [expected_start]);
    assert_eq!(server.subscribed_ids(), [running_id]);
    let (log, _) = DurableLog::open(dir.path()).unwrap();
    let chains = log.to_actor_chains().unwrap();
    let chain = chains
        .iter()
        .find(|chain| chain.id.as_deref() == Some(started_id))
        .unwrap();
    assert_eq!(chain.events, started_events, "every event, once");
    assert_eq!(chain.name.as_deref(), Some("counter"));
    assert_eq!(chain.parent, None);
    let report = verify_chain(&chain.events);
    assert!(report.is_verified(), "{}", report.summary());
    assert_eq!(report.partial_from, None);
}

#[test]
fn a_missing_start_manifest_is_refused_with_its_path_before_connecting() {
    let server = ScriptedServer::start(Vec::new());
    let (work_dir, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let missing = work_dir.path().join("missing.toml");
    let missing_arg = missing.to_str().unwrap();
    let mut recorder = RecorderProcess::record_in(
        work_dir.path(),
        &server.addr(),
        dir.path(),
        &["--start", missing_arg],
    );
    assert_eq!(recorder.wait_for_exit(), 2);
    let stderr = recorder.stderr();
    let expected = format!("--start {missing_arg}: No such file");
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(server.commands().is_empty(), "{:?}", server.commands());
}
