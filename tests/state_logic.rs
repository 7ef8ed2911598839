//! The app's decisions, tested in the browser without the DOM: the session, selection and its
//! URL form, filtering and keyboard navigation, event details, and the worker protocol.

// Browser tests: the crate under test exists only on wasm32.
#![cfg(target_arch = "wasm32")]
// Helpers outside the test fns unwrap too (clippy's test exemption does not see
// `#[wasm_bindgen_test]`): a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use leptos::prelude::*;
use reprise_chain::timeline::NavKey;
use reprise_chain::{analyze_file, AnalyzedFile, BreakReason, EventKind, Progress};
use reprise_web::state::{
    DebuggerState, EventDetail, EventStatus, JobOrigin, LoadJob, Selection, Session, TimelineRows,
    Verdict, DEMO_BYTES, DEMO_PATH,
};
use reprise_web::widgets::hex_lines;
use reprise_web::worker_protocol::WorkerReply;
use serde_json::Value;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RUNTIME_TEST: &[u8] = include_bytes!("../fixtures/theater-repo/runtime-test.chain.json");

fn demo() -> AnalyzedFile {
    analyze_file(DEMO_PATH, DEMO_BYTES, &mut |_| {}).unwrap()
}

fn runtime_test() -> AnalyzedFile {
    analyze_file("runtime-test.chain.json", RUNTIME_TEST, &mut |_| {}).unwrap()
}

/// The demo chain with one data byte of event `k` flipped.
fn tampered_demo(k: usize) -> AnalyzedFile {
    let mut events: Vec<Value> = serde_json::from_slice(DEMO_BYTES).unwrap();
    let byte = &mut events[k]["data"][0];
    *byte = Value::from(byte.as_u64().unwrap() ^ 0x01);
    let bytes = serde_json::to_vec(&events).unwrap();
    analyze_file("tampered.chain.json", &bytes, &mut |_| {}).unwrap()
}

#[wasm_bindgen_test]
fn opening_a_real_file_closes_the_demo_but_keeps_other_files() {
    let mut session = Session::default();
    assert!(session.is_empty());
    assert_eq!(session.add_file(demo(), true), Some(0));
    assert!(session.is_demo());
    assert_eq!(session.add_file(runtime_test(), false), Some(0));
    assert!(!session.is_demo());
    assert_eq!(session.add_file(tampered_demo(3), false), Some(1));
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

#[wasm_bindgen_test]
fn selection_round_trips_through_the_url_fragment() {
    let selection = Selection {
        actor_pos: 2,
        event_idx: Some(5),
    };
    assert_eq!(selection.to_fragment(), "actor=2&event=5");
    assert_eq!(
        Selection::from_fragment("#actor=2&event=5"),
        Some(selection)
    );
    assert_eq!(
        Selection::from_fragment("event=7&other=x"),
        Some(Selection {
            actor_pos: 0,
            event_idx: Some(7)
        })
    );
    assert_eq!(Selection::from_fragment(""), None);
    assert_eq!(Selection::from_fragment("#unrelated"), None);
}

#[wasm_bindgen_test]
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

#[wasm_bindgen_test]
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

#[wasm_bindgen_test]
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

#[wasm_bindgen_test]
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

#[wasm_bindgen_test]
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

#[wasm_bindgen_test]
fn worker_replies_survive_the_wire() {
    let reply = WorkerReply::Analyzed {
        job_id: 7,
        file: demo(),
    };
    let bytes = reply.encode().unwrap();
    assert_eq!(WorkerReply::decode(&bytes).unwrap(), reply);
    assert!(WorkerReply::decode(&[0xff, 0xff, 0xff]).is_err());
}

#[wasm_bindgen_test]
fn hex_lines_show_offsets_hex_and_ascii() {
    let lines = hex_lines(b"CGRF\x02\x00 hello, world!!", 1024);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].offset, "00000000");
    assert!(lines[0].hex.starts_with("43 47 52 46 02 00"));
    assert_eq!(lines[0].ascii, "CGRF.. hello, wo");
    assert_eq!(lines[1].offset, "00000010");
    assert_eq!(hex_lines(&[0; 100], 32).len(), 2);
}

// DebuggerState: the same decisions through signals.

#[wasm_bindgen_test]
fn state_selects_the_opened_file_and_keeps_it_when_a_load_fails() {
    Owner::new().with(|| {
        let state = DebuggerState::new();
        let demo_job = state.start_job(DEMO_PATH.to_string(), JobOrigin::Demo);
        assert!(state.is_loading());
        state.finish_job(demo_job, Ok(demo()));
        assert!(state.is_demo());
        assert!(!state.is_loading());

        let job = state.start_job("runtime-test.chain.json".to_string(), JobOrigin::File);
        state.finish_job(job, Ok(runtime_test()));
        assert!(!state.is_demo());
        assert_eq!(state.rows().get_untracked().count_text(), "6 of 6 events");

        let job = state.start_job("garbage.bin".to_string(), JobOrigin::File);
        assert_eq!(
            state.finish_job(job, Err("garbage.bin: not a chain".to_string())),
            Some(JobOrigin::File)
        );
        assert_eq!(state.load_errors().get_untracked().len(), 1);
        assert_eq!(state.actor_entries().get_untracked().len(), 1);
        assert_eq!(state.rows().get_untracked().len(), 6);

        let error_id = state.load_errors().get_untracked()[0].error_id;
        state.dismiss_error(error_id);
        assert!(state.load_errors().get_untracked().is_empty());
    });
}

#[wasm_bindgen_test]
fn state_filters_navigates_and_jumps_to_the_first_break() {
    Owner::new().with(|| {
        let state = DebuggerState::new();
        state.add_file(tampered_demo(3), false);
        state.select_first_broken();
        assert_eq!(state.selection().get_untracked().event_idx, Some(3));

        state.navigate(NavKey::Down, 5);
        assert_eq!(state.selection().get_untracked().event_idx, Some(4));
        state.navigate(NavKey::Home, 5);
        assert_eq!(state.selection().get_untracked().event_idx, Some(0));

        state.set_kind_shown(EventKind::HostCall, true);
        let rows = state.rows().get_untracked();
        assert!(rows.len() < 10);
        state.navigate(NavKey::Down, 5);
        let selected = state.selection().get_untracked().event_idx.unwrap();
        assert_eq!(Some(selected), rows.event_at(0));

        state.set_kind_shown(EventKind::HostCall, false);
        state.set_problems_only(true);
        assert_eq!(state.rows().get_untracked().count_text(), "1 of 10 events");
        state.set_problems_only(false);
        state.set_query("actor.init".to_string());
        assert!(state.rows().get_untracked().pos_of(0).is_some());
    });
}

#[wasm_bindgen_test]
fn a_selection_from_the_url_waits_for_its_file() {
    Owner::new().with(|| {
        let state = DebuggerState::new();
        state.restore_selection(Selection {
            actor_pos: 0,
            event_idx: Some(5),
        });
        assert_eq!(state.selection().get_untracked().event_idx, None);
        state.add_file(demo(), true);
        assert_eq!(state.selection().get_untracked().event_idx, Some(5));
        // Out-of-range selections are not applied.
        state.restore_selection(Selection {
            actor_pos: 0,
            event_idx: Some(99),
        });
        assert_eq!(state.selection().get_untracked().event_idx, Some(5));
    });
}
