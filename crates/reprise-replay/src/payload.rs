//! Theater's event payloads, built exactly as its `IntoValue` impls build them (spec §3.2), and
//! turned into hashed chain events.
//!
//! Type, case and field names and variant tags are Theater 0.3.29's
//! (`events/mod.rs`, `events/wasm.rs`, `replay/mod.rs`). Values nested inside (params, inputs,
//! outputs, state) are embedded as they are, keeping the guest's own type annotations.
//!
//! Invariant: [`build_event`] is the only way the replayer makes a `ChainEvent`, and it hashes
//! with `reprise_chain::compute_event_hash`, the one definition of the hashed bytes.

use packr_abi::Value;
use reprise_chain::{compute_event_hash, ChainEvent};

/// `event_type` of export calls, results and errors.
pub const WASM_EVENT_TYPE: &str = "wasm";
/// `event_type` of the pseudo-event Theater appends when it stops an actor.
pub const SHUTDOWN_EVENT_TYPE: &str = "shutdown";

/// `chain-event-payload::wasm(wasm-event-data::wasm-call(wasm-call{function-name, params}))`.
pub fn wasm_call_payload(function_name: &str, params: Value) -> Value {
    wasm_payload(
        "wasm-call",
        0,
        vec![
            (
                "function-name".into(),
                Value::String(function_name.to_owned()),
            ),
            ("params".into(), params),
        ],
    )
}

/// `chain-event-payload::wasm(wasm-event-data::wasm-result(wasm-result{function-name, state,
/// response}))`.
pub fn wasm_result_payload(function_name: &str, state: Value, response: Value) -> Value {
    wasm_payload(
        "wasm-result",
        1,
        vec![
            (
                "function-name".into(),
                Value::String(function_name.to_owned()),
            ),
            ("state".into(), state),
            ("response".into(), response),
        ],
    )
}

/// `chain-event-payload::wasm(wasm-event-data::wasm-error(wasm-error{function-name,
/// message}))`.
pub fn wasm_error_payload(function_name: &str, message: &str) -> Value {
    wasm_payload(
        "wasm-error",
        2,
        vec![
            (
                "function-name".into(),
                Value::String(function_name.to_owned()),
            ),
            ("message".into(), Value::String(message.to_owned())),
        ],
    )
}

/// The `shutdown` pseudo-event's payload: a wasm-call of `shutdown` with params `()`.
pub fn shutdown_payload() -> Value {
    wasm_call_payload("shutdown", Value::Tuple(Vec::new()))
}

/// `chain-event-payload::host-function(host-function-call{interface, function, input,
/// output})`.
pub fn host_function_payload(
    interface: &str,
    function: &str,
    input: Value,
    output: Value,
) -> Value {
    Value::Variant {
        type_name: "chain-event-payload".into(),
        case_name: "host-function".into(),
        tag: 0,
        payload: vec![Value::Record {
            type_name: "host-function-call".into(),
            fields: vec![
                ("interface".into(), Value::String(interface.to_owned())),
                ("function".into(), Value::String(function.to_owned())),
                ("input".into(), input),
                ("output".into(), output),
            ],
        }],
    }
}

/// `<interface>/<function>`, the `event_type` of a host call.
pub fn host_event_type(interface: &str, function: &str) -> String {
    format!("{interface}/{function}")
}

/// Encodes `payload` and hashes the event under `parent_hash`, as
/// `ChainEventData::to_chain_event` and `StateChain::add_typed_event` do. Like Theater, a
/// payload that cannot be encoded gives empty `data`.
pub fn build_event(parent_hash: Option<Vec<u8>>, event_type: &str, payload: &Value) -> ChainEvent {
    let data = packr_abi::encode(payload).unwrap_or_default();
    let mut event = ChainEvent {
        hash: Vec::new(),
        parent_hash,
        event_type: event_type.to_owned(),
        data,
        legacy: None,
    };
    event.hash = compute_event_hash(&event).to_vec();
    event
}

fn wasm_payload(case_name: &str, tag: usize, fields: Vec<(String, Value)>) -> Value {
    Value::Variant {
        type_name: "chain-event-payload".into(),
        case_name: "wasm".into(),
        tag: 1,
        payload: vec![Value::Variant {
            type_name: "wasm-event-data".into(),
            case_name: case_name.into(),
            tag,
            payload: vec![Value::Record {
                type_name: case_name.into(),
                fields,
            }],
        }],
    }
}
