//! The app's decisions, natively: the session, selection and its URL form, filtering and
//! keyboard navigation, event details, and the worker protocol.

// Helpers outside the test fns unwrap too (clippy's test exemption does not see
// `#[test]`): a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use reprise_app::hex_lines;
use reprise_app::worker_protocol::WorkerReply;
use reprise_app::{
    ActorKey, EventDetail, EventStatus, JobOrigin, LoadJob, Selection, Session, TimelineRows,
    Verdict, DEMO_BYTES, DEMO_PATH,
};
use reprise_chain::timeline::NavKey;
use reprise_chain::{analyze_file, AnalyzedFile, BreakReason, EventKind, Progress};
use reprise_testkit::fixture_bytes;
use serde_json::Value;

fn demo() -> AnalyzedFile {
    analyze_file(DEMO_PATH, DEMO_BYTES, &mut |_| {}).unwrap()
}

fn runtime_test() -> AnalyzedFile {
    analyze_file(
        "runtime-test.chain.json",
        &fixture_bytes("theater-repo/runtime-test.chain.json"),
        &mut |_| {},
    )
    .unwrap()
}

/// The demo chain with one data byte of event `k` flipped.
fn tampered_demo(k: usize) -> AnalyzedFile {
    let mut events: Vec<Value> = serde_json::from_slice(DEMO_BYTES).unwrap();
    let byte = &mut events[k]["data"][0];
    *byte = Value::from(byte.as_u64().unwrap() ^ 0x01);
    let bytes = serde_json::to_vec(&events).unwrap();
    analyze_file("tampered.chain.json", &bytes, &mut |_| {}).unwrap()
}

#[test]
fn opening_a_real_file_closes_the_demo_but_keeps_other_files() {
    let mut session = Session::default();
    assert!(session.is_empty());
    let demo_key = ActorKey::from_text("c2-ten-events.chain.json#0");
    assert_eq!(session.add_file(demo(), true), Some(demo_key));
    assert!(session.is_demo());
    let runtime_key = ActorKey::from_text("runtime-test.chain.json#0");
    assert_eq!(session.add_file(runtime_test(), false), Some(runtime_key));
    assert!(!session.is_demo());
    let tampered_key = ActorKey::from_text("tampered.chain.json#0");
    assert_eq!(
        session.add_file(tampered_demo(3), false),
        Some(tampered_key)
    );
    // A demo that arrives after a real file stays closed.
    assert_eq!(session.add_file(demo(), true), None);
    assert!(!session.is_demo());
    let entries = session.actor_entries();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].label, "runtime-test.chain.json");
    assert!(entries[0].is_verified);
    assert!(!entries[1].is_verified);
    assert_eq!(entries[1].num_events, 10);
}

#[test]
fn selection_round_trips_through_the_url_fragment() {
    let by_id = Selection::event(
        ActorKey::from_text("6f1c2f0e-3b7a-4c1e-9a55-0d2f4b8e7c11"),
        5,
    );
    assert_eq!(
        by_id.to_fragment(),
        "actor=6f1c2f0e-3b7a-4c1e-9a55-0d2f4b8e7c11&event=5"
    );
    assert_eq!(
        Selection::from_fragment(&format!("#{}", by_id.to_fragment())),
        Some(by_id)
    );
    // A file name with the fragment's own separators survives the round trip.
    let by_file = Selection::event(ActorKey::from_text("a&b=c #1 ü.json#0"), 2);
    let fragment = by_file.to_fragment();
    assert_eq!(fragment, "actor=a%26b%3Dc%20%231%20%C3%BC.json%230&event=2");
    assert_eq!(Selection::from_fragment(&fragment), Some(by_file));
    assert_eq!(
        Selection::from_fragment("event=7&other=x"),
        Some(Selection {
            actor: None,
            event_idx: Some(7)
        })
    );
    // Broken escapes name no actor rather than a wrong one.
    assert_eq!(Selection::from_fragment("actor=%zz"), None);
    assert_eq!(
        Selection::from_fragment("actor=%C3&event=1").unwrap().actor,
        None
    );
    assert_eq!(Selection::from_fragment(""), None);
    assert_eq!(Selection::from_fragment("#unrelated"), None);
}

#[test]
fn rows_follow_the_filter_and_count_what_they_show() {
    let file = demo();
    let actor = &file.actors[0];
    let mut filter = Default::default();
    let all = TimelineRows::compute(actor, &filter);
    assert_eq!(all.count_text(), "10 of 10 events");

    filter.kinds = vec![EventKind::HostCall];
    let hosts = TimelineRows::compute(actor, &filter);
    assert!(hosts.len() < 10 && !hosts.is_empty());
    for pos in 0..hosts.len() {
        let event_idx = hosts.event_at(pos).unwrap();
        assert_eq!(actor.summaries[event_idx].kind, EventKind::HostCall);
    }

    filter.kinds.clear();
    filter.query = "ACTOR.INIT".to_string();
    let found = TimelineRows::compute(actor, &filter);
    assert!(
        found.pos_of(0).is_some(),
        "the init call mentions actor.init"
    );
    assert!(found.len() < 10);

    filter.query = "no such text anywhere".to_string();
    assert!(TimelineRows::compute(actor, &filter).is_empty());
}

#[test]
fn problems_only_shows_the_broken_events() {
    let file = tampered_demo(3);
    let actor = &file.actors[0];
    let filter = reprise_chain::timeline::TimelineFilter {
        is_problems_only: true,
        ..Default::default()
    };
    let rows = TimelineRows::compute(actor, &filter);
    assert_eq!(rows.event_at(0), Some(3));
    assert_eq!(
        EventStatus::of(actor, 3),
        EventStatus::Broken(BreakReason::HashMismatch)
    );
    assert_eq!(EventStatus::of(actor, 3).label(), "hash mismatch");
    assert_eq!(Verdict::of(&actor.report), Verdict::Broken);
}

#[test]
fn keyboard_navigation_moves_within_the_filtered_rows() {
    let file = demo();
    let rows = TimelineRows::compute(&file.actors[0], &Default::default());
    assert_eq!(rows.navigate(None, NavKey::Down, 4), Some(0));
    assert_eq!(rows.navigate(Some(0), NavKey::Down, 4), Some(1));
    assert_eq!(rows.navigate(Some(0), NavKey::Up, 4), Some(0));
    assert_eq!(rows.navigate(Some(2), NavKey::PageDown, 4), Some(6));
    assert_eq!(rows.navigate(Some(8), NavKey::PageDown, 4), Some(9));
    assert_eq!(rows.navigate(Some(5), NavKey::Home, 4), Some(0));
    assert_eq!(rows.navigate(Some(5), NavKey::End, 4), Some(9));
}

#[test]
fn event_detail_names_the_mismatching_hashes_and_the_state_source() {
    let file = tampered_demo(3);
    let actor = &file.actors[0];
    let detail = EventDetail::of(actor, 3).unwrap();
    assert_eq!(detail.status.as_str(), "hash_mismatch");
    let computed = detail.computed_hex.clone().unwrap();
    assert_ne!(computed, detail.hash_hex);
    assert_eq!(detail.hash_hex.len(), 40);
    assert_eq!(detail.data.len(), actor.chain.events[3].data.len());

    let root = EventDetail::of(actor, 0).unwrap();
    assert_eq!(root.parent_hex, None);
    assert_eq!(root.kind, EventKind::ExportCall);
    assert!(root
        .parts
        .iter()
        .any(|part| part.key.as_deref() == Some("params")));
    assert_eq!(EventDetail::of(actor, 10), None);

    // Every event after the first result shows a state: its own, or the latest result's.
    let first_result = (0..10)
        .find(|idx| actor.summaries[*idx].kind == EventKind::ExportResult)
        .unwrap();
    let own = EventDetail::of(actor, first_result)
        .unwrap()
        .state_after
        .unwrap();
    assert!(own.is_own);
    assert_eq!(own.caption(), "state after this call");
    if first_result + 1 < 10 {
        let later = EventDetail::of(actor, first_result + 1).unwrap();
        let inherited = later.state_after.unwrap();
        assert_eq!(inherited.source_idx, first_result);
        assert!(!inherited.is_own);
    }
}

#[test]
fn load_jobs_describe_their_progress() {
    let mut job = LoadJob {
        job_id: 1,
        name: "big.chain.json".to_string(),
        origin: JobOrigin::File,
        progress: None,
    };
    assert_eq!(job.describe(), "big.chain.json: reading");
    assert_eq!(job.fraction_done(), None);
    job.progress = Some(Progress::Verifying {
        actor_idx: 0,
        num_done: 2048,
        num_total: 8192,
    });
    assert_eq!(
        job.describe(),
        "big.chain.json: verifying actor 0, 2048 of 8192 events"
    );
    assert_eq!(job.fraction_done(), Some(0.25));
}

#[test]
fn worker_replies_survive_the_wire() {
    let reply = WorkerReply::Analyzed {
        job_id: 7,
        file: demo(),
    };
    let bytes = reply.encode().unwrap();
    assert_eq!(WorkerReply::decode(&bytes).unwrap(), reply);
    assert!(WorkerReply::decode(&[0xff, 0xff, 0xff]).is_err());
}

#[test]
fn hex_lines_show_offsets_hex_and_ascii() {
    let lines = hex_lines(b"CGRF\x02\x00 hello, world!!", 1024);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].offset, "00000000");
    assert!(lines[0].hex.starts_with("43 47 52 46 02 00"));
    assert_eq!(lines[0].ascii, "CGRF.. hello, wo");
    assert_eq!(lines[1].offset, "00000010");
    assert_eq!(hex_lines(&[0; 100], 32).len(), 2);
}
