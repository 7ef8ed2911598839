//! Replays of real Theater 0.3.29 recordings (`fixtures/theater-0.3.29/`, recorded in-process
//! by reprise-fixtures from the sample counter and supervisor actors) on the wasmi engine:
//! every chain to N/N, every tampered event reported where it is, and agreement with Theater's
//! own replay handler on its verdicts (`replay-verdicts.json`).

#![allow(clippy::unwrap_used)]

use packr_abi::Value;
use reprise_chain::{ActorChain, ChainEvent};
use reprise_replay::payload::{host_function_payload, wasm_call_payload};
use reprise_replay::recorded::{classify_event, RecordedEvent};
use reprise_replay::{
    DivergenceField, EngineLimits, ReplayOptions, ReplayReport, Replayer, WasmiEngine,
};
use reprise_testkit::theater_scenario::{module_wasm, scenario_bytes, scenario_path};
use reprise_testkit::{fixture_events, fixture_file};

fn read_json(name: &str) -> serde_json::Value {
    serde_json::from_slice(&scenario_bytes(name)).unwrap()
}

/// The recorded actors, from the bundle named in `scenario.json`.
fn recorded_actors() -> Vec<ActorChain> {
    let scenario = read_json("scenario.json");
    let bundle = scenario["bundle"].as_str().unwrap();
    let actors = fixture_file(&scenario_path(bundle)).actors;
    assert!(
        actors.len() >= 2,
        "the scenario records a supervisor and its children"
    );
    actors
}

fn replay_events(actor: &ActorChain, events: Vec<ChainEvent>) -> ReplayReport {
    replayer(actor, events).run().unwrap()
}

fn replayer(actor: &ActorChain, events: Vec<ChainEvent>) -> Replayer<WasmiEngine> {
    let engine = WasmiEngine::new(actor.wasm.as_ref().unwrap(), EngineLimits::default()).unwrap();
    let options = ReplayOptions {
        initial_state: actor.initial_state.clone(),
        snapshot_every: 4,
        ..ReplayOptions::default()
    };
    Replayer::new(engine, events, options).unwrap()
}

fn label(actor: &ActorChain) -> String {
    format!(
        "{} {}",
        actor.name.as_deref().unwrap_or("?"),
        actor.id.as_deref().unwrap_or("?")
    )
}

#[test]
fn every_recorded_chain_replays_to_n_of_n_as_recorded_and_without_its_shutdown() {
    for actor in recorded_actors() {
        let num_events = actor.events.len();
        let report = reprise_replay::replay_actor(&actor, EngineLimits::default()).unwrap();
        assert!(
            report.is_verified(),
            "{}: {}",
            label(&actor),
            report.summary()
        );
        assert_eq!(report.verified, num_events);
        assert_eq!(
            reprise_chain::to_hex(&actor.events[0].hash),
            "7df1d45f275f4b950dbbe0f58be5c101fae07ec2"
        );
        if actor.events.last().unwrap().event_type == "shutdown" {
            let trimmed = actor.events[..num_events - 1].to_vec();
            let report = replay_events(&actor, trimmed);
            assert_eq!(
                report.summary(),
                format!("Replay complete: {0}/{0} events verified", num_events - 1)
            );
        }
    }
}

#[test]
fn the_per_actor_chain_files_and_wasm_files_replay_like_the_bundle() {
    let scenario = read_json("scenario.json");
    let actors = recorded_actors();
    for entry in scenario["actors"].as_array().unwrap() {
        let id = entry["id"].as_str().unwrap();
        let actor = actors
            .iter()
            .find(|actor| actor.id.as_deref() == Some(id))
            .unwrap();
        let name = entry["chain"].as_str().unwrap();
        let events = fixture_events(&scenario_path(name));
        assert_eq!(events, actor.events, "{name}");
        let wasm = module_wasm(entry["name"].as_str().unwrap());
        assert_eq!(Some(&wasm), actor.wasm.as_ref());
        assert!(replay_events(actor, events).is_verified(), "{name}");
    }
}

#[test]
fn replay_agrees_with_theaters_own_replay_verdicts() {
    let verdicts = read_json("replay-verdicts.json");
    let source = verdicts["source_actor"].as_str().unwrap();
    let actors = recorded_actors();
    let actor = actors
        .iter()
        .find(|actor| actor.id.as_deref() == Some(source))
        .unwrap();
    for case in verdicts["cases"].as_array().unwrap() {
        let name = case["chain"].as_str().unwrap();
        let events = fixture_events(&scenario_path(name));
        let report = replay_events(actor, events);
        if case["is_theater_replay_ok"].as_bool().unwrap() {
            assert!(report.is_verified(), "{name}: {}", report.summary());
            continue;
        }
        let theater_idx = case["theater_divergence_event"].as_u64().unwrap() as usize;
        let divergence = report.divergence.as_ref().unwrap();
        assert_eq!(
            divergence.index,
            theater_idx,
            "{name}: {}",
            report.summary()
        );
        let is_edited = !case["is_reprise_verified"].as_bool().unwrap();
        if is_edited {
            // The tampered event itself no longer hashes to its stored hash.
            assert_eq!(divergence.field, DivergenceField::StoredHash, "{name}");
        } else {
            // A forged but consistent chain: the actor's behaviour gives it away.
            assert_eq!(
                divergence.field,
                DivergenceField::HostInput,
                "{name}: {}",
                report.summary()
            );
        }
    }
}

#[test]
fn a_tampered_export_param_or_host_output_is_reported_at_that_event() {
    for actor in recorded_actors() {
        let engine =
            WasmiEngine::new(actor.wasm.as_ref().unwrap(), EngineLimits::default()).unwrap();
        for idx in tamper_targets(&actor.events) {
            let mut events = actor.events.clone();
            events[idx] = tamper(&events[idx]).unwrap();
            let options = ReplayOptions {
                initial_state: actor.initial_state.clone(),
                ..ReplayOptions::default()
            };
            let report = Replayer::new(engine.clone(), events, options)
                .unwrap()
                .run()
                .unwrap();
            let divergence = report.divergence.as_ref().unwrap();
            assert_eq!(
                divergence.index,
                idx,
                "{} event {idx}: {}",
                label(&actor),
                report.summary()
            );
            assert_eq!(divergence.field, DivergenceField::StoredHash);
            assert_eq!(report.verified, idx);
        }
    }
}

/// The first and last export call with byte params, and the first and last host call: every
/// kind of tampering, early and late in the chain (a full sweep is slow in debug builds).
fn tamper_targets(events: &[ChainEvent]) -> Vec<usize> {
    let is_call =
        |event: &ChainEvent| matches!(classify_event(event), RecordedEvent::ExportCall { .. });
    let is_host =
        |event: &ChainEvent| matches!(classify_event(event), RecordedEvent::HostCall { .. });
    let tamperable = |idx: &usize| tamper(&events[*idx]).is_some();
    let calls: Vec<usize> = (0..events.len())
        .filter(|idx| is_call(&events[*idx]))
        .filter(tamperable)
        .collect();
    let hosts: Vec<usize> = (0..events.len())
        .filter(|idx| is_host(&events[*idx]))
        .collect();
    let mut targets: Vec<usize> = [calls.first(), calls.last(), hosts.first(), hosts.last()]
        .into_iter()
        .flatten()
        .copied()
        .collect();
    targets.sort_unstable();
    targets.dedup();
    assert!(targets.len() >= 2, "nothing to tamper with");
    targets
}

#[test]
fn what_if_the_clock_said_otherwise_departs_at_the_next_log() {
    let verdicts = read_json("replay-verdicts.json");
    let source = verdicts["source_actor"].as_str().unwrap();
    let actors = recorded_actors();
    let actor = actors
        .iter()
        .find(|actor| actor.id.as_deref() == Some(source))
        .unwrap();
    let (now_idx, now) = actor
        .events
        .iter()
        .enumerate()
        .find_map(|(idx, event)| match classify_event(event) {
            RecordedEvent::HostCall {
                function,
                output: Value::U64(now),
                ..
            } if function == "now" => Some((idx, now)),
            _ => None,
        })
        .unwrap();
    let mut replay = replayer(actor, actor.events.clone());
    assert!(replay.run().unwrap().is_verified());
    let report = replay
        .what_if_host_output(now_idx, Value::U64(now + 1000))
        .unwrap();
    let divergence = report.divergence.as_ref().unwrap();
    assert!(divergence.index > now_idx, "{}", report.summary());
    assert_eq!(
        divergence.field,
        DivergenceField::HostInput,
        "{}",
        report.summary()
    );
    replay.clear_what_if().unwrap();
    assert!(replay.run().unwrap().is_verified());
}

#[test]
fn stepping_back_and_forth_on_a_real_chain_rebuilds_the_same_events() {
    let actors = recorded_actors();
    let supervisor = actors
        .iter()
        .max_by_key(|actor| actor.events.len())
        .unwrap();
    let mut replay = replayer(supervisor, supervisor.events.clone());
    assert!(replay.run().unwrap().is_verified());
    for _ in 0..5 {
        assert!(replay.step_back().unwrap());
    }
    let middle = supervisor.events.len() / 2;
    let report = replay.run_to(middle).unwrap();
    assert!(report.regenerated > middle && report.divergence.is_none());
    let report = replay.run_to(3).unwrap();
    assert_eq!(
        replay.regenerated(),
        &supervisor.events[..report.regenerated]
    );
    assert!(replay.run().unwrap().is_verified());
    assert_eq!(replay.regenerated(), supervisor.events.as_slice());
}

/// The event with one export param or host output changed and its stored hash left alone;
/// `None` for events without either.
fn tamper(event: &ChainEvent) -> Option<ChainEvent> {
    let payload = match classify_event(event) {
        RecordedEvent::ExportCall { function, params } => {
            let changed = change_bytes(&params)?;
            wasm_call_payload(&function, changed)
        }
        RecordedEvent::HostCall {
            interface,
            function,
            input,
            output,
        } => {
            let changed = match output {
                Value::String(text) => Value::String(format!("{text}!")),
                _ => Value::String("tampered".into()),
            };
            host_function_payload(&interface, &function, input, changed)
        }
        _ => return None,
    };
    let mut tampered = event.clone();
    tampered.data = packr_abi::encode(&payload).unwrap();
    Some(tampered)
}

/// `value` with the first byte of its first non-empty `list<u8>` flipped.
fn change_bytes(value: &Value) -> Option<Value> {
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
            let changed = change_bytes(item)?;
            let mut items = items.clone();
            items[idx] = changed;
            Some(Value::Tuple(items))
        }),
        _ => None,
    }
}
