//! Replay in the browser: every actor of the recorded Theater scenario replays to N/N inside
//! the browser's wasm engine, a tampered export call is reported at its event, and a replay
//! run (row marks, divergence view, status line, worker messages) decides as the UI expects.
//! Sessions, controls and module sources are in `replay_session.rs`.

// Browser tests: the crate under test exists only on wasm32.
#![cfg(target_arch = "wasm32")]
// Helpers outside the test fns unwrap too (clippy's test exemption does not see
// `#[wasm_bindgen_test]`): a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use packr_abi::Value;
use reprise_app::worker_protocol::{ReplayCommand, ReplayUpdate, WorkerReply};
use reprise_app::{ReplayRun, WasmChoice};
use reprise_chain::{parse_file, ActorChain, ChainEvent};
use reprise_replay::payload::wasm_call_payload;
use reprise_replay::recorded::{classify_event, RecordedEvent};
use reprise_replay::{replay_actor, DivergenceField, EngineLimits, EventStatus, ReplayReport};
use reprise_replay::{WasmDigestCheck, WasmSource};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SCENARIO: &[u8] = include_bytes!("../fixtures/theater-0.3.29/scenario.bundle.json");
const C2_TEN_EVENTS: &[u8] = include_bytes!("../fixtures/vectors/c2-ten-events.chain.json");

fn scenario_actors() -> Vec<ActorChain> {
    parse_file("scenario.bundle.json", SCENARIO).unwrap().actors
}

fn replay(actor: &ActorChain) -> ReplayReport {
    replay_actor(actor, EngineLimits::default()).unwrap()
}

/// The counter whose guest returned an error (a `wasm-error` event).
fn counter_with_guest_error(actors: Vec<ActorChain>) -> ActorChain {
    actors
        .into_iter()
        .find(|actor| {
            actor
                .events
                .iter()
                .any(|event| matches!(classify_event(event), RecordedEvent::ExportError { .. }))
        })
        .unwrap()
}

/// `value` with the first byte of its first non-empty `list<u8>` flipped.
fn flip_first_byte(value: &Value) -> Option<Value> {
    match value {
        Value::List { elem_type, items } => match items.first() {
            Some(Value::U8(byte)) => {
                let mut items = items.clone();
                items[0] = Value::U8(byte ^ 1);
                Some(Value::List {
                    elem_type: elem_type.clone(),
                    items,
                })
            }
            _ => None,
        },
        Value::Tuple(items) => items.iter().enumerate().find_map(|(idx, item)| {
            let changed = flip_first_byte(item)?;
            let mut items = items.clone();
            items[idx] = changed;
            Some(Value::Tuple(items))
        }),
        _ => None,
    }
}

/// `event` with a byte of its export call params flipped (its stored hash left as is).
fn tamper_params(event: &ChainEvent) -> Option<ChainEvent> {
    let RecordedEvent::ExportCall { function, params } = classify_event(event) else {
        return None;
    };
    let payload = wasm_call_payload(&function, flip_first_byte(&params)?);
    let mut tampered = event.clone();
    tampered.data = packr_abi::encode(&payload).unwrap();
    Some(tampered)
}

#[wasm_bindgen_test]
fn every_scenario_actor_replays_to_n_of_n_in_the_browser() {
    let actors = scenario_actors();
    assert_eq!(actors.len(), 4);
    for actor in &actors {
        let report = replay(actor);
        let label = actor.id.clone().unwrap_or_default();
        assert!(report.is_verified(), "{label}: {}", report.summary());
        assert_eq!(report.verified, actor.events.len(), "{label}");
        assert_eq!(
            report.summary(),
            format!(
                "Replay complete: {0}/{0} events verified",
                actor.events.len()
            )
        );
    }
    assert_eq!(actors[0].events.len(), 76);
}

#[wasm_bindgen_test]
fn a_tampered_export_call_of_the_failing_counter_is_reported_at_its_event() {
    let mut actor = counter_with_guest_error(scenario_actors());
    let idx = (0..actor.events.len())
        .rev()
        .find(|idx| tamper_params(&actor.events[*idx]).is_some())
        .unwrap();
    actor.events[idx] = tamper_params(&actor.events[idx]).unwrap();
    let report = replay(&actor);
    let divergence = report.divergence.as_ref().unwrap();
    assert_eq!(divergence.index, idx, "{}", report.summary());
    assert_eq!(divergence.field, DivergenceField::StoredHash);
    assert_eq!(report.verified, idx);
    assert_eq!(report.statuses[idx], EventStatus::Divergent);

    // What the UI makes of it.
    let run = finished_run(&actor, report);
    assert_eq!(run.outcome(), "divergent");
    assert_eq!(run.row_mark(0), Some("verified"));
    assert_eq!(run.row_mark(idx), Some("divergent"));
    assert!(run.divergence_at(idx + 1).is_none());
    let view = run.divergence_at(idx).unwrap();
    assert_eq!(view.field, "stored_hash");
    assert!(view.expected_payload.is_some());
    assert!(run
        .status_text()
        .starts_with(&format!("Divergence at event {idx}")));
}

/// A run that has landed `report` as the worker's final update.
fn finished_run(actor: &ActorChain, report: ReplayReport) -> ReplayRun {
    let wasm = WasmChoice::resolve(actor, None, []).unwrap();
    let mut run = ReplayRun::new(1, wasm, actor.events.len());
    run.num_pending = 1;
    run.land(Ok(ReplayUpdate {
        num_steps: 0,
        report,
        is_running: false,
        was_cancelled: false,
    }));
    run
}

#[wasm_bindgen_test]
fn a_chain_without_wasm_cannot_be_replayed() {
    let chain = parse_file("c2.chain.json", C2_TEN_EVENTS)
        .unwrap()
        .actors
        .remove(0);
    assert!(WasmChoice::resolve(&chain, None, []).is_none());
    for actor in scenario_actors() {
        let choice = WasmChoice::resolve(&actor, None, []).unwrap();
        assert_eq!(choice.source, WasmSource::Bundle);
        assert_eq!(choice.digest_check, WasmDigestCheck::Matches);
    }
}

#[wasm_bindgen_test]
fn a_verified_run_marks_every_row_verified() {
    let actor = scenario_actors().remove(0);
    let run = finished_run(&actor, replay(&actor));
    assert_eq!(run.outcome(), "verified");
    assert_eq!(run.status_text(), "Replay complete: 76/76 events verified");
    assert!((0..76).all(|idx| run.row_mark(idx) == Some("verified")));
    assert_eq!(run.row_mark(76), None);
    assert!(run.divergence().is_none());
    assert!(run.is_position(75));
    assert!(!run.is_running());
    assert!(run.is_current(76));
    // The chain grew (a live feed): the report no longer describes it.
    assert!(!run.is_current(77));
}

#[wasm_bindgen_test]
fn replay_commands_and_replies_survive_the_wire() {
    let actor = scenario_actors().remove(1);
    let report = replay(&actor);
    for command in [
        ReplayCommand::Start {
            chain: actor.clone(),
        },
        ReplayCommand::RunTo { event_idx: 4 },
        ReplayCommand::WhatIf {
            event_idx: 1,
            output: "17u64".into(),
        },
        ReplayCommand::Cancel,
    ] {
        let bytes = command.encode().unwrap();
        assert_eq!(ReplayCommand::decode(&bytes).unwrap(), command);
    }
    for reply in [
        WorkerReply::ReplayUpdate {
            job_id: 3,
            update: Box::new(ReplayUpdate {
                report,
                num_steps: 4,
                is_running: true,
                was_cancelled: false,
            }),
        },
        WorkerReply::ReplayFailed {
            job_id: 4,
            message: "replay failed: no wasm".into(),
        },
        WorkerReply::ReplayRefused {
            job_id: 4,
            message: "not a value literal".into(),
        },
    ] {
        let bytes = reply.encode().unwrap();
        assert_eq!(WorkerReply::decode(&bytes).unwrap(), reply);
    }
}
