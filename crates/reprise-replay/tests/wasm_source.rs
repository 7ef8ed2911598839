//! Where a replay's module comes from, on the real Theater 0.3.29 recording: the committed
//! `counter.wasm` is the one every counter's bundle entry names, `supervisor.wasm` is flagged
//! for a counter, a parent's spawn input that carries `wasm-bytes` yields the child's module
//! (the scenario's spawns carry none), and a what-if edit's text round-trips.

#![allow(clippy::unwrap_used)]

use packr_abi::{Value, ValueType};
use reprise_replay::payload::{build_event, host_function_payload};
use reprise_replay::{
    host_output_literal, parse_host_output, spawned_wasm, wasm_sha256_hex, WasmDigestCheck,
};
use reprise_testkit::theater_scenario::{counter_wasm, scenario_actors as actors, supervisor_wasm};

#[test]
fn the_committed_modules_are_the_recorded_ones_and_a_swap_is_flagged() {
    let counter_wasm = counter_wasm();
    let supervisor_wasm = supervisor_wasm();
    let actors = actors();
    let (supervisor, counters) = actors.split_first().unwrap();
    assert_eq!(
        WasmDigestCheck::of(supervisor.wasm_sha256.as_deref(), &supervisor_wasm),
        WasmDigestCheck::Matches
    );
    for counter in counters {
        let recorded = counter.wasm_sha256.as_deref();
        assert_eq!(
            WasmDigestCheck::of(recorded, &counter_wasm),
            WasmDigestCheck::Matches
        );
        let swapped = WasmDigestCheck::of(recorded, &supervisor_wasm);
        assert!(swapped.is_mismatch());
        assert_eq!(
            swapped,
            WasmDigestCheck::Differs {
                recorded: recorded.unwrap().to_ascii_lowercase(),
                actual: wasm_sha256_hex(&supervisor_wasm),
            }
        );
    }
    assert!(matches!(
        WasmDigestCheck::of(None, &counter_wasm),
        WasmDigestCheck::NotRecorded { .. }
    ));
}

#[test]
fn a_spawn_input_with_wasm_bytes_yields_the_childs_module() {
    let actors = actors();
    let supervisor = &actors[0];
    let child_id = actors[1].id.clone().unwrap();
    // The scenario's supervisor spawns from manifests: its spawn inputs carry no module.
    assert_eq!(spawned_wasm(supervisor, &child_id), None);

    let module = vec![0, 97, 115, 109, 1, 0, 0, 0];
    let input = Value::Tuple(vec![
        Value::String("counter.toml".into()),
        Value::Option {
            inner_type: ValueType::Bool,
            value: None,
        },
        Value::Option {
            inner_type: ValueType::List(Box::new(ValueType::U8)),
            value: Some(Box::new(Value::List {
                elem_type: ValueType::U8,
                items: module.iter().map(|byte| Value::U8(*byte)).collect(),
            })),
        },
    ]);
    let output = Value::Result {
        ok_type: ValueType::String,
        err_type: ValueType::String,
        value: Ok(Box::new(Value::String(child_id.clone()))),
    };
    let payload = host_function_payload("theater:simple/supervisor", "spawn", input, output);
    let mut parent = supervisor.clone();
    parent.events.push(build_event(
        None,
        "theater:simple/supervisor/spawn",
        &payload,
    ));
    let spawn_idx = parent.events.len() - 1;
    assert_eq!(spawned_wasm(&parent, &child_id), Some((spawn_idx, module)));
    assert_eq!(spawned_wasm(&parent, "another-child"), None);
}

#[test]
fn a_recorded_host_output_round_trips_through_its_literal() {
    for actor in actors() {
        for event in &actor.events {
            let Some(literal) = host_output_literal(event) else {
                continue;
            };
            let value = parse_host_output(&literal).unwrap();
            assert_eq!(value.to_string(), literal);
        }
    }
    let err = parse_host_output("12 apples").unwrap_err();
    assert!(err.starts_with("not a value literal"), "{err}");
}
