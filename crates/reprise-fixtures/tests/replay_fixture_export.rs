//! Theater 0.3.29's own `ReplayHandler` on a replay-test fixture exported by Reprise
//! (`reprise_chain::export::ReplayFixture`, what `reprise export --format replay-fixture` and
//! the app write): the real counter chain of the committed scenario (recorded from the sample
//! actor by this crate), its module and initial state, written to a folder and set up from
//! there exactly as the fixture's README says — the manifest's text, the module's bytes, the
//! state file decoded, without `init`, with the folder as working directory. The untouched
//! fixture replays to the end; the same fixture with one host-call answer changed (stored
//! hashes left as recorded) is caught by Theater at that event.

use std::path::{Path, PathBuf};
use std::time::Duration;

use reprise_chain::export::{
    ReplayFixture, FIXTURE_CHAIN_FILE, FIXTURE_MANIFEST_FILE, FIXTURE_STATE_FILE, FIXTURE_WASM_FILE,
};
use reprise_chain::{parse_file, write_chain_json};
use reprise_fixtures::chain_tampering::{tamper_chain, Tamper};
use reprise_fixtures::replay_log::ReplayLog;
use reprise_fixtures::TheaterSession;
use reprise_recorder::StartMode;
use reprise_testkit::theater_scenario::{scenario_actor, COUNTER_EXTERNAL_STOP_ID};
use theater::pack_bridge::decode_value;

const VERDICT_TIMEOUT: Duration = Duration::from_secs(60);

fn fixture_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("reprise-replay-fixture-export")
        .join(case)
}

/// The exported fixture's files, written under `dir` as `reprise export` writes them.
fn write_fixture(fixture: &ReplayFixture, dir: &Path) {
    std::fs::create_dir_all(dir).expect("the fixture directory can be created");
    for file in fixture.files() {
        std::fs::write(dir.join(&file.path), &file.bytes).expect("the fixture file is written");
    }
}

/// Sets the fixture in `dir` up on a fresh Theater runtime, as its README says, and returns
/// Theater's replay verdict (its own log line).
async fn theater_verdict(dir: &Path, replay_log: &ReplayLog) -> String {
    let read = |name: &str| std::fs::read(dir.join(name)).expect("the fixture file is there");
    let manifest = String::from_utf8(read(FIXTURE_MANIFEST_FILE)).expect("the manifest is text");
    let wasm = read(FIXTURE_WASM_FILE);
    let state = decode_value(&read(FIXTURE_STATE_FILE)).expect("the state is a CGRF value");
    // The manifest names `chain.json` relative to the working directory; this binary runs
    // one replay at a time and nothing else in it depends on the directory.
    std::env::set_current_dir(dir).expect("the fixture directory exists");

    let session = TheaterSession::start().await.expect("Theater starts");
    replay_log.clear();
    let actor = session
        .start_actor(&manifest, &wasm, state, StartMode::SetupOnly)
        .await
        .expect("Theater sets the replay actor up");
    let deadline = tokio::time::Instant::now() + VERDICT_TIMEOUT;
    let verdict = loop {
        if let Some(verdict) = replay_log.verdict() {
            break verdict;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "Theater reported no replay verdict within {VERDICT_TIMEOUT:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    // A replay that failed may have stopped the actor already.
    let _ = session.stop_actor(actor).await;
    session.shut_down().await.expect("Theater shuts down");
    verdict
}

#[test]
fn theaters_replay_handler_runs_an_exported_fixture_to_the_end_and_catches_a_changed_answer() {
    let replay_log = ReplayLog::install().expect("Theater's log can be captured");
    let counter = scenario_actor(COUNTER_EXTERNAL_STOP_ID);
    let fixture = ReplayFixture::of_actor(&counter).expect("the counter exports as a fixture");
    let num_events = fixture.events.len();
    assert_eq!(
        num_events,
        counter.events.len() - 1,
        "only the shutdown is left out"
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio starts");

    let untouched = fixture_dir("untouched");
    write_fixture(&fixture, &untouched);
    let verdict = runtime.block_on(theater_verdict(&untouched, &replay_log));
    assert!(
        verdict.starts_with(&format!(
            "Replay complete: {num_events}/{num_events} events verified"
        )),
        "{verdict}"
    );

    // The same fixture, with init's timer/now answer moved by a second in its replay file.
    let tampered = fixture_dir("host-output-edited");
    write_fixture(&fixture, &tampered);
    let chain_path = tampered.join(FIXTURE_CHAIN_FILE);
    let exported = std::fs::read(&chain_path).expect("the chain was written");
    let events = parse_file(FIXTURE_CHAIN_FILE, &exported)
        .expect("the exported chain parses")
        .actors
        .remove(0)
        .events;
    let now = Tamper::HostOutputU64 {
        event_type: "theater:simple/timer/now".into(),
        delta: 1000,
    };
    let (events, tampered_event) = tamper_chain(&events, &now).expect("the chain calls timer/now");
    std::fs::write(&chain_path, write_chain_json(&events)).expect("the chain is rewritten");
    let verdict = runtime.block_on(theater_verdict(&tampered, &replay_log));
    assert!(
        verdict.contains(&format!("Divergence at event {tampered_event} ")),
        "{verdict}"
    );
    runtime.shutdown_timeout(Duration::from_secs(5));
}
