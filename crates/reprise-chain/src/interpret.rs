//! Interpretation of decoded payloads: kind, function, and the named parts (params, input,
//! output, state, response, message) of every era's payload schema (spec §3.2, §3.6).
//!
//! Payloads are matched loosely by type, case and field names: hand-written actors and old
//! runtimes record different shapes, and anything unrecognised stays visible as `Unknown`.

use packr_abi::Value;
use serde_json::Value as Json;

use crate::decode::{
    cgrf::value_to_node, decode_payload, json::json_to_node, payload_tree, Payload,
};
use crate::event::ChainEvent;
use crate::event_kind::EventKind;
use crate::value_tree::ValueNode;

/// What one event means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventMeaning {
    /// Its role.
    pub kind: EventKind,
    /// Export name (`theater:simple/actor.init`) or host function (`theater:simple/runtime/log`).
    pub function: String,
    /// Named parts, keyed `params`, `input`, `output`, `state`, `response` or `message`.
    pub parts: Vec<ValueNode>,
    /// The whole payload tree.
    pub payload: ValueNode,
    /// Why the payload could not be decoded, if it could not.
    pub problem: Option<String>,
}

impl EventMeaning {
    /// The part named `name`.
    pub fn part(&self, name: &str) -> Option<&ValueNode> {
        self.parts
            .iter()
            .find(|part| part.key.as_deref() == Some(name))
    }

    /// For results: the actor state after the call.
    pub fn state_after(&self) -> Option<&ValueNode> {
        match self.kind {
            EventKind::ExportResult => self.part("state"),
            _ => None,
        }
    }
}

/// Decodes and interprets one event.
pub fn interpret_event(event: &ChainEvent) -> EventMeaning {
    let payload = decode_payload(&event.data);
    let tree = payload_tree(&payload, &event.data);
    let (kind, function, parts) = match &payload {
        Payload::Cgrf(value) => interpret_cgrf(value),
        Payload::Json(json) => interpret_json(json),
        Payload::Raw { .. } => (EventKind::Unknown, String::new(), Vec::new()),
    };
    let is_shutdown = event.event_type == "shutdown" || function == "shutdown";
    let kind = match kind {
        EventKind::ExportCall if is_shutdown => EventKind::Shutdown,
        other => other,
    };
    let function = match (function.is_empty(), event.event_type.as_str()) {
        (true, "wasm" | "shutdown") | (false, _) => function,
        (true, event_type) => event_type.to_string(),
    };
    let problem = match payload {
        Payload::Raw { problem } => Some(problem),
        _ => None,
    };
    EventMeaning {
        kind,
        function,
        parts,
        payload: tree,
        problem,
    }
}

type Interpretation = (EventKind, String, Vec<ValueNode>);

fn interpret_cgrf(value: &Value) -> Interpretation {
    let unknown = (EventKind::Unknown, String::new(), Vec::new());
    let Some((case, inner)) = variant_case(value, "chain-event-payload") else {
        return unknown;
    };
    match case {
        "host-function" => {
            let interface = record_text(inner, "interface");
            let function = record_text(inner, "function");
            let parts = named_parts(inner, &["input", "output"]);
            (
                EventKind::HostCall,
                format!("{interface}/{function}"),
                parts,
            )
        }
        "wasm" => {
            let Some((wasm_case, record)) = variant_case(inner, "wasm-event-data") else {
                return unknown;
            };
            let function = record_text(record, "function-name");
            match wasm_case {
                "wasm-call" => (
                    EventKind::ExportCall,
                    function,
                    named_parts(record, &["params"]),
                ),
                // C2 has `response`; C1 had `bytes`.
                "wasm-result" => (
                    EventKind::ExportResult,
                    function,
                    named_parts(record, &["state", "response", "bytes"]),
                ),
                "wasm-error" => (
                    EventKind::ExportError,
                    function,
                    named_parts(record, &["message"]),
                ),
                "wasm-component-creation-error" => (
                    EventKind::ExportError,
                    function,
                    named_parts(record, &["error"]),
                ),
                _ => unknown,
            }
        }
        _ => unknown,
    }
}

/// `(case name, first payload)` when `value` is a variant of `type_name`.
pub(crate) fn variant_case<'a>(value: &'a Value, type_name: &str) -> Option<(&'a str, &'a Value)> {
    match value {
        Value::Variant {
            type_name: name,
            case_name,
            payload,
            ..
        } if name == type_name => Some((case_name.as_str(), payload.first()?)),
        _ => None,
    }
}

pub(crate) fn record_field<'a>(record: &'a Value, field: &str) -> Option<&'a Value> {
    match record {
        Value::Record { fields, .. } => fields
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value),
        _ => None,
    }
}

fn record_text(record: &Value, field: &str) -> String {
    match record_field(record, field) {
        Some(Value::String(text)) => text.clone(),
        _ => String::new(),
    }
}

fn named_parts(record: &Value, names: &[&str]) -> Vec<ValueNode> {
    names
        .iter()
        .filter_map(|name| {
            record_field(record, name).map(|value| value_to_node(value, 1).with_key(*name))
        })
        .collect()
}

fn interpret_json(json: &Json) -> Interpretation {
    // Era B: {"category":"Wasm","WasmCall":{…}} / {"category":"HostFunction",…}.
    // Era A: {"Wasm":{"WasmCall":{…}}} / {"Runtime":{"Log":{…}}}.
    let wasm_body = match json.get("category").and_then(Json::as_str) {
        Some("Wasm") => Some(json),
        Some("HostFunction") => {
            let text = |key: &str| {
                json.get(key)
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            let parts = json_parts(json, &[("input", "input"), ("output", "output")]);
            return (
                EventKind::HostCall,
                format!("{}/{}", text("interface"), text("function")),
                parts,
            );
        }
        Some(_) => None,
        None => json.get("Wasm"),
    };
    if let Some(body) = wasm_body {
        for (key, kind) in [
            ("WasmCall", EventKind::ExportCall),
            ("WasmResult", EventKind::ExportResult),
            ("WasmError", EventKind::ExportError),
        ] {
            if let Some(record) = body.get(key) {
                let function = record
                    .get("function_name")
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .to_string();
                let parts = match kind {
                    EventKind::ExportResult => era_b_result_parts(record),
                    EventKind::ExportError => json_parts(record, &[("message", "message")]),
                    _ => json_parts(record, &[("params", "params")]),
                };
                return (kind, function, parts);
            }
        }
        return (EventKind::Unknown, String::new(), Vec::new());
    }
    // Era-A host families: the whole payload is the host call's data.
    (
        EventKind::HostCall,
        String::new(),
        vec![json_to_node(json, 1).with_key("input")],
    )
}

fn json_parts(record: &Json, names: &[(&str, &str)]) -> Vec<ValueNode> {
    names
        .iter()
        .filter_map(|(field, part)| {
            record
                .get(*field)
                .map(|value| json_to_node(value, 1).with_key(*part))
        })
        .collect()
}

/// Era-B results hold `result: [state bytes, response bytes]`.
fn era_b_result_parts(record: &Json) -> Vec<ValueNode> {
    match record.get("result").and_then(Json::as_array) {
        Some(pair) => ["state", "response"]
            .iter()
            .zip(pair)
            .map(|(name, value)| json_to_node(value, 1).with_key(*name))
            .collect(),
        None => json_parts(record, &[("result", "response")]),
    }
}

/// The most recent state at or before event `idx`: `(index of the result, state)`.
pub fn latest_state(events: &[ChainEvent], idx: usize) -> Option<(usize, ValueNode)> {
    let last = idx.min(events.len().checked_sub(1)?);
    (0..=last).rev().find_map(|result_idx| {
        let meaning = interpret_event(&events[result_idx]);
        meaning
            .state_after()
            .cloned()
            .map(|state| (result_idx, state))
    })
}
