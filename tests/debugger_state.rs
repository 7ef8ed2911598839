//! `DebuggerState`, the signal holder, in the browser: the decisions of `reprise_app` reached
//! through signals (opening, failed loads, filters, navigation, a selection from the URL).

// Helpers outside the test fns unwrap too (clippy's test exemption does not see
// `#[wasm_bindgen_test]`): a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use reprise_chain::timeline::NavKey;
use reprise_chain::{analyze_file, AnalyzedFile, EventKind};
use reprise_web::state::{ActorKey, DebuggerState, JobOrigin, Selection, DEMO_BYTES, DEMO_PATH};
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
    tampered_at("tampered.chain.json", k)
}

/// The demo chain, opened as the file `path` with event 3 tampered.
fn tampered_demo_named(path: &str) -> AnalyzedFile {
    tampered_at(path, 3)
}

fn tampered_at(path: &str, k: usize) -> AnalyzedFile {
    let mut events: Vec<Value> = serde_json::from_slice(DEMO_BYTES).unwrap();
    let byte = &mut events[k]["data"][0];
    *byte = Value::from(byte.as_u64().unwrap() ^ 0x01);
    let bytes = serde_json::to_vec(&events).unwrap();
    analyze_file(path, &bytes, &mut |_| {}).unwrap()
}

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
        let demo_key = ActorKey::from_text("c2-ten-events.chain.json#0");
        state.restore_selection(Selection::event(demo_key.clone(), 5));
        assert_eq!(state.selection().get_untracked().event_idx, None);
        // Another file first: the link names the demo's actor, so it keeps waiting.
        state.add_file(runtime_test(), false);
        assert_eq!(state.selection().get_untracked().event_idx, None);
        state.add_file(tampered_demo_named("c2-ten-events.chain.json"), false);
        let selection = state.selection().get_untracked();
        assert_eq!(selection.actor, Some(demo_key.clone()));
        assert_eq!(selection.event_idx, Some(5));
        assert_eq!(state.shown_key().get_untracked(), Some(demo_key.clone()));
        // Out-of-range selections are not applied.
        state.restore_selection(Selection::event(demo_key, 99));
        assert_eq!(state.selection().get_untracked().event_idx, Some(5));
    });
}
