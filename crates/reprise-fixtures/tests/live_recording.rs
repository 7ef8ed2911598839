//! The real Theater 0.3.29 runtime, in this process, on the sample actors: one scenario run
//! (about 20 s, most of it Theater stopping the failed counter) shared by every test here.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use reprise_chain::{parse_file, write_bundle};
use reprise_fixtures::{
    build_actors, default_actors_dir, record_replay_verdicts, record_scenario, RecordedScenario,
    StagedActors,
};

use common::ScenarioRoles;

fn stage_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("reprise-fixtures-scenario")
}

fn tokio_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio starts")
}

/// The staged actors and the recording, made once for every test in this binary.
fn recorded_with_stage() -> &'static (StagedActors, RecordedScenario) {
    static RECORDED: OnceLock<(StagedActors, RecordedScenario)> = OnceLock::new();
    RECORDED.get_or_init(|| {
        let actors_dir = default_actors_dir();
        build_actors(&actors_dir).expect("the sample actors build");
        let staged = StagedActors::stage(&actors_dir, &stage_dir()).expect("staging works");
        // Theater resolves `supervisor.spawn("counter.toml")` against the working directory;
        // no other test in this binary depends on it.
        std::env::set_current_dir(&staged.dir).expect("the stage directory exists");
        let tokio_runtime = tokio_runtime();
        let recorded = tokio_runtime
            .block_on(record_scenario(&staged))
            .unwrap_or_else(|err| panic!("recording failed: {err:#}"));
        tokio_runtime.shutdown_timeout(Duration::from_secs(5));
        (staged, recorded)
    })
}

fn recorded() -> &'static RecordedScenario {
    &recorded_with_stage().1
}

fn roles() -> ScenarioRoles {
    let actors = recorded().actors;
    ScenarioRoles {
        supervisor: actors.supervisor.to_string(),
        guest_error: actors.failing_counter.to_string(),
        self_shutdown: actors.self_stopping_counter.to_string(),
        external_stop: actors.stopped_counter.to_string(),
    }
}

#[test]
fn every_recorded_chain_verifies() {
    common::check_chains_verify(&recorded().chains);
}

#[test]
fn every_actor_starts_at_the_standard_init_root() {
    common::check_standard_roots(&recorded().chains);
}

#[test]
fn parents_are_the_spawning_supervisor() {
    common::check_parent_tree(&recorded().chains, &roles());
}

#[test]
fn bad_message_ends_in_wasm_error_then_shutdown() {
    common::check_guest_error(&recorded().chains, &roles());
}

#[test]
fn self_shutdown_records_no_shutdown_event() {
    common::check_self_shutdown(&recorded().chains, &roles());
}

#[test]
fn external_stop_reaches_the_parent() {
    common::check_external_stop(&recorded().chains, &roles());
}

#[test]
fn initial_states_come_from_the_spawn_inputs() {
    common::check_initial_states(&recorded().chains, &roles());
}

#[test]
fn chains_keep_arrival_order_through_a_bundle() {
    let chains = &recorded().chains;
    let parsed = parse_file("recorded.bundle.json", &write_bundle(chains)).expect("parses");
    assert_eq!(&parsed.actors, chains);
    let ids: Vec<Option<&str>> = chains.iter().map(|chain| chain.id.as_deref()).collect();
    let expected_first = recorded().actors.supervisor.to_string();
    assert_eq!(
        ids[0],
        Some(expected_first.as_str()),
        "the supervisor starts first"
    );
}

#[test]
fn theater_replays_the_recorded_counter_and_catches_tampering() {
    let (staged, recorded) = recorded_with_stage();
    let source = recorded
        .chain_of(recorded.actors.stopped_counter)
        .expect("the stopped counter was recorded");
    let out_dir = stage_dir().join("replay-run");
    std::fs::create_dir_all(&out_dir).expect("the output directory can be made");
    let tokio_runtime = tokio_runtime();
    let verdicts = tokio_runtime
        .block_on(record_replay_verdicts(source, staged, &out_dir))
        .unwrap_or_else(|err| panic!("replay failed to run: {err:#}"));
    tokio_runtime.shutdown_timeout(Duration::from_secs(5));
    common::check_replay_verdicts(&verdicts);
}
