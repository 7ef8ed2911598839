//! Replays of tiny hand-written Pack actors (WAT) on the wasmi engine: exact events checked
//! against the spec's vectors, divergences named by field, and runaway, trapping, failing and
//! memory-hungry guests stopped with clear errors.

#![allow(clippy::unwrap_used)]

mod support;

use packr_abi::Value;
use reprise_chain::to_hex;
use reprise_replay::{
    DivergenceField, EngineLimits, EventStatus, ReplayOptions, Replayer, StepOutcome, WasmiEngine,
};
use support::*;

fn replayer(wasm: &[u8], events: Vec<reprise_chain::ChainEvent>) -> Replayer<WasmiEngine> {
    replayer_with(wasm, events, EngineLimits::default())
}

fn replayer_with(
    wasm: &[u8],
    events: Vec<reprise_chain::ChainEvent>,
    limits: EngineLimits,
) -> Replayer<WasmiEngine> {
    let engine = WasmiEngine::new(wasm, limits).unwrap();
    Replayer::new(engine, events, ReplayOptions::default()).unwrap()
}

#[test]
fn regenerated_init_and_log_events_match_the_spec_vectors() {
    let mut chain = echo_chain(b"hi");
    chain.shutdown();
    let mut replay = replayer(&echo_actor(), chain.build());
    let report = replay.run().unwrap();
    assert!(report.is_verified(), "{}", report.summary());
    let events = replay.regenerated();
    // Spec §2.1: the standard root event and the log event after it.
    assert_eq!(
        to_hex(&events[0].hash),
        "7df1d45f275f4b950dbbe0f58be5c101fae07ec2"
    );
    assert_eq!(events[0].data.len(), 228);
    assert_eq!(
        to_hex(&events[1].hash),
        "4c40e6eac10bf541659db651c382d90840e723b3"
    );
    assert_eq!(events[1].event_type, "theater:simple/runtime/log");
    assert_eq!(report.summary(), "Replay complete: 7/7 events verified");
}

#[test]
fn echo_chain_replays_event_by_event_with_steps() {
    let chain = echo_chain(b"abc").build();
    let mut replay = replayer(&echo_actor(), chain.clone());
    assert_eq!(
        replay.step().unwrap(),
        StepOutcome::Stepped { events: 0..3 }
    );
    assert_eq!(
        replay.step().unwrap(),
        StepOutcome::Stepped { events: 3..6 }
    );
    assert_eq!(replay.step().unwrap(), StepOutcome::Finished);
    assert_eq!(replay.regenerated(), chain.as_slice());
}

#[test]
fn a_changed_initial_state_diverges_at_the_first_state_it_reaches() {
    // Like an actor started by theater-server (no init): the first call sees the initial state.
    let mut chain = ChainBuilder::default();
    chain
        .call(HANDLE_SEND, Value::Tuple(vec![bytes(b"abc")]))
        .log("[hello] send")
        .result(
            HANDLE_SEND,
            Value::Tuple(vec![none_bytes(), bytes(b"abc")]),
            unit(),
        );
    let events = chain.build();
    assert!(replayer(&echo_actor(), events.clone())
        .run()
        .unwrap()
        .is_verified());
    let engine = WasmiEngine::new(&echo_actor(), EngineLimits::default()).unwrap();
    let options = ReplayOptions {
        initial_state: Some(packr_abi::encode(&Value::String("seed".into())).unwrap()),
        ..ReplayOptions::default()
    };
    let report = Replayer::new(engine, events, options)
        .unwrap()
        .run()
        .unwrap();
    let divergence = report.divergence.unwrap();
    assert_eq!(
        (divergence.index, divergence.field),
        (2, DivergenceField::State)
    );
    assert_eq!(report.verified, 2);
}

#[test]
fn a_tampered_log_text_with_its_old_hash_is_caught_at_that_event() {
    let mut events = echo_chain(b"abc").build();
    let tampered = reprise_replay::payload::host_function_payload(
        RUNTIME,
        "log",
        Value::String("[hello] INIT".into()),
        unit(),
    );
    events[1].data = packr_abi::encode(&tampered).unwrap();
    let report = replayer(&echo_actor(), events).run().unwrap();
    let divergence = report.divergence.unwrap();
    assert_eq!(
        (divergence.index, divergence.field),
        (1, DivergenceField::HostInput)
    );
    assert_eq!(divergence.expected_hash, divergence.actual_hash);
    assert_eq!(report.statuses[0], EventStatus::Verified);
    assert_eq!(report.statuses[1], EventStatus::Divergent);
    assert_eq!(report.statuses[2], EventStatus::NotReached);
}

#[test]
fn a_tampered_export_param_is_reported_at_its_event() {
    let mut events = echo_chain(b"abc").build();
    let tampered =
        reprise_replay::payload::wasm_call_payload(HANDLE_SEND, Value::Tuple(vec![bytes(b"abd")]));
    events[3].data = packr_abi::encode(&tampered).unwrap();
    let report = replayer(&echo_actor(), events).run().unwrap();
    let divergence = report.divergence.unwrap();
    assert_eq!(
        (divergence.index, divergence.field),
        (3, DivergenceField::StoredHash)
    );
    assert_eq!(report.verified, 3);
}

#[test]
fn a_recorded_host_call_the_actor_does_not_make_is_a_missing_event() {
    let mut chain = ChainBuilder::default();
    chain
        .call(INIT, unit())
        .log("[hello] init")
        .log("[hello] again")
        .result(INIT, none_bytes(), unit());
    let report = replayer(&echo_actor(), chain.build()).run().unwrap();
    let divergence = report.divergence.unwrap();
    assert_eq!(
        (divergence.index, divergence.field),
        (2, DivergenceField::MissingEvent)
    );
}

#[test]
fn a_host_call_missing_from_the_recording_is_an_extra_event() {
    let mut chain = ChainBuilder::default();
    chain.call(INIT, unit()).result(INIT, none_bytes(), unit());
    let report = replayer(&echo_actor(), chain.build()).run().unwrap();
    let divergence = report.divergence.unwrap();
    assert_eq!(
        (divergence.index, divergence.field),
        (1, DivergenceField::ExtraEvent)
    );
    assert!(
        divergence
            .detail
            .contains("no further call to theater:simple/runtime/log"),
        "{}",
        divergence.detail
    );
}

#[test]
fn an_endless_loop_runs_out_of_fuel_and_diverges_with_a_clear_error() {
    let mut chain = ChainBuilder::default();
    chain.call(INIT, unit()).result(INIT, none_bytes(), unit());
    let limits = EngineLimits {
        fuel_per_call: 2_000_000,
        ..EngineLimits::default()
    };
    let report = replayer_with(&looping_actor(), chain.build(), limits)
        .run()
        .unwrap();
    let divergence = report.divergence.unwrap();
    assert_eq!(
        (divergence.index, divergence.field),
        (1, DivergenceField::Error)
    );
    assert!(
        divergence.detail.contains(
            "WASM execution error: 'theater:simple/actor.init' ran out of fuel after 2000000 units (an endless loop?)"
        ),
        "{}",
        divergence.detail
    );
}

#[test]
fn a_trap_is_recorded_as_a_wasm_error_with_the_engine_text() {
    let mut chain = ChainBuilder::default();
    chain.call(INIT, unit()).result(INIT, none_bytes(), unit());
    let report = replayer(&trapping_actor(), chain.build()).run().unwrap();
    let divergence = report.divergence.unwrap();
    assert_eq!(divergence.field, DivergenceField::Error);
    assert!(
        divergence
            .detail
            .contains("wasm trap in 'theater:simple/actor.init'"),
        "{}",
        divergence.detail
    );
}

#[test]
fn a_non_zero_status_gives_theaters_exact_error_text() {
    let mut chain = ChainBuilder::default();
    chain.call(INIT, unit()).error(
        INIT,
        "Failed to call function 'theater:simple/actor.init' with input: (none<list<u8>>): \
         WASM execution error: function 'theater:simple/actor.init' returned error: boom",
    );
    chain.shutdown();
    let report = replayer(&failing_actor(), chain.build()).run().unwrap();
    assert!(report.is_verified(), "{}", report.summary());
}

#[test]
fn growing_memory_past_the_cap_stops_the_call() {
    let mut chain = ChainBuilder::default();
    chain.call(INIT, unit()).result(INIT, none_bytes(), unit());
    let limits = EngineLimits {
        memory_bytes: 4 << 20,
        ..EngineLimits::default()
    };
    let report = replayer_with(&memory_hog_actor(), chain.build(), limits)
        .run()
        .unwrap();
    let divergence = report.divergence.unwrap();
    assert!(
        divergence
            .detail
            .contains("tried to grow its memory past the limit of 4194304 bytes"),
        "{}",
        divergence.detail
    );
}

#[test]
fn stepping_back_restores_memory_and_the_private_bump_pointer() {
    let mut chain = echo_chain(b"one");
    for message in [b"two".as_slice(), b"three", b"four"] {
        let state = replay_state_after(&chain);
        chain
            .call(HANDLE_SEND, Value::Tuple(vec![bytes(message)]))
            .log("[hello] send")
            .result(
                HANDLE_SEND,
                Value::Tuple(vec![state, bytes(message)]),
                unit(),
            );
    }
    let events = chain.build();
    let engine = WasmiEngine::new(&echo_actor(), EngineLimits::default()).unwrap();
    let options = ReplayOptions {
        snapshot_every: 2,
        ..ReplayOptions::default()
    };
    let mut replay = Replayer::new(engine, events.clone(), options).unwrap();
    assert!(replay.run().unwrap().is_verified());
    assert!(replay.step_back().unwrap());
    assert!(replay.step_back().unwrap());
    assert_eq!(replay.num_steps(), 3);
    assert_eq!(replay.regenerated(), &events[..9]);
    let report = replay.run().unwrap();
    assert!(report.is_verified(), "{}", report.summary());
    let report = replay.run_to(4).unwrap();
    assert_eq!(replay.num_steps(), 2);
    assert_eq!(report.verified, 6);
}

#[test]
fn what_if_a_host_output_changes_reports_where_behaviour_departs() {
    let events = echo_chain(b"abc").build();
    let mut replay = replayer(&echo_actor(), events);
    assert!(replay.run().unwrap().is_verified());
    // The echo actor ignores log outputs, so the edited recording still replays.
    let report = replay
        .what_if_host_output(4, Value::String("ignored".into()))
        .unwrap();
    assert!(report.is_verified(), "{}", report.summary());
    assert_eq!(report.what_if_event, Some(4));
    replay.clear_what_if().unwrap();
    assert!(replay.run().unwrap().is_verified());
    assert!(replay.what_if_host_output(3, unit()).is_err());
}

#[test]
fn a_module_with_a_non_pack_import_is_refused_with_its_name() {
    let wasm = wat::parse_str(
        r#"(module (import "env" "clock" (func (result i64))) (memory (export "memory") 1))"#,
    )
    .unwrap();
    let err = WasmiEngine::new(&wasm, EngineLimits::default())
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "unsupported import env.clock: not the Pack signature (i32, i32, i32, i32) -> i32"
    );
}

/// The state the echo actor holds after the last call in `chain`.
fn replay_state_after(chain: &ChainBuilder) -> Value {
    use reprise_replay::recorded::{classify_event, RecordedEvent};
    chain
        .events
        .iter()
        .rev()
        .find_map(|event| match classify_event(event) {
            RecordedEvent::ExportResult { state, .. } => Some(state),
            _ => None,
        })
        .unwrap()
}
