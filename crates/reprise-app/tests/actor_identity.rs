//! Stable actor identity: an actor keeps its key while other files open and close, so the
//! selection, its replay session and its assigned `.wasm` stay on that actor. Before keys,
//! actors were named by their position in the session's list and all three moved to
//! another actor as soon as a file before them closed.

// Helpers outside the test fns unwrap too (clippy's test exemption does not see
// `#[test]`): a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use reprise_app::replay::ReplaySessions;
use reprise_app::worker_protocol::ReplayCommand;
use reprise_app::{ActorKey, ReplayRuns, Selection, Session, WasmChoice, WasmFile};
use reprise_chain::{analyze_file, AnalyzedFile};
use reprise_testkit::fixture_bytes;
use reprise_testkit::theater_scenario::{bundle_bytes, counter_wasm, COUNTER_SELF_SHUTDOWN_ID};
use reprise_testkit::vectors::ten_events_bytes;

/// The counter that exits in the recorded scenario (the bundle's third actor).
const COUNTER_EXITED: &str = COUNTER_SELF_SHUTDOWN_ID;
const RUNTIME_TEST: &str = "theater-repo/runtime-test.chain.json";

fn open(path: &str, bytes: &[u8]) -> AnalyzedFile {
    analyze_file(path, bytes, &mut |_| {}).unwrap()
}

#[test]
fn replay_and_assigned_wasm_stay_on_their_actor_while_files_open_and_close() {
    let mut session = Session::default();
    session.add_file(
        open("before.chain.json", &fixture_bytes(RUNTIME_TEST)),
        false,
    );
    session.add_file(open("scenario.bundle.json", &bundle_bytes()), false);
    let counter = ActorKey::from_text(COUNTER_EXITED);
    assert!(session.contains(&counter), "keys: {:?}", session.keys());

    // Assign a .wasm to the counter and start a replay on it.
    let mut runs = ReplayRuns::default();
    let file = WasmFile {
        name: "counter.wasm".into(),
        bytes: Arc::new(counter_wasm()),
    };
    runs.assign(&counter, file);
    let chain = session.actor(&counter).unwrap().chain.clone();
    let wasm = WasmChoice::resolve(&chain, runs.assigned(&counter), []).unwrap();
    let mut next_id = 0;
    let commands = runs.command(&counter, &chain, wasm, ReplayCommand::Step, &mut || {
        next_id += 1;
        next_id
    });
    let mut sessions = ReplaySessions::default();
    for (session_id, command) in commands {
        let reply = sessions.handle(session_id, command).reply;
        assert_eq!(runs.land(reply), Some(counter.clone()));
    }
    let position = runs.of(&counter).unwrap().position();
    assert!(position > 0);
    let selection = Selection::event(counter.clone(), 2);

    // Files open after it, and the file before it closes: every actor moves in the list.
    session.add_file(open("after.chain.json", &ten_events_bytes()), false);
    session.close_file(0);
    session.add_file(
        open("again.chain.json", &fixture_bytes(RUNTIME_TEST)),
        false,
    );

    let shown = session.actor(selection.actor.as_ref().unwrap()).unwrap();
    assert_eq!(shown.chain.id.as_deref(), Some(COUNTER_EXITED));
    assert_eq!(runs.assigned(&counter).unwrap().name, "counter.wasm");
    assert_eq!(runs.of(&counter).unwrap().position(), position);
    // The link form names the same actor.
    let restored = Selection::from_fragment(&selection.to_fragment()).unwrap();
    assert_eq!(restored, selection);
}

#[test]
fn actors_without_ids_are_named_by_file_and_position_and_copies_stay_apart() {
    let mut session = Session::default();
    let first = session
        .add_file(open("a.chain.json", &ten_events_bytes()), false)
        .unwrap();
    let second = session
        .add_file(open("b.chain.json", &ten_events_bytes()), false)
        .unwrap();
    assert_eq!(first.as_str(), "a.chain.json#0");
    assert_eq!(second.as_str(), "b.chain.json#0");
    // The same file opened twice: the copy gets its own key.
    let copy = session
        .add_file(open("a.chain.json", &ten_events_bytes()), false)
        .unwrap();
    assert_eq!(copy.as_str(), "a.chain.json#0~2");
    // The same actor id twice (a bundle and again the bundle): also kept apart.
    session.add_file(open("scenario.bundle.json", &bundle_bytes()), false);
    session.add_file(open("scenario.bundle.json", &bundle_bytes()), false);
    let exited_copy = ActorKey::from_text(&format!("{COUNTER_EXITED}~2"));
    assert!(session.contains(&exited_copy));
    // Closing the first file leaves every other key naming the same actor.
    let keys_before: Vec<ActorKey> = session.keys().into_iter().skip(1).collect();
    session.close_file(0);
    assert_eq!(session.keys(), keys_before);
    assert_eq!(
        session.file_of(&second).unwrap().path,
        "b.chain.json".to_string()
    );
}
