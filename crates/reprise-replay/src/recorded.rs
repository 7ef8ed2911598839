//! What each recorded event says, in the terms replay needs: which export to call with which
//! params, which host call returned what, and what the call produced.
//!
//! Payloads are matched by case and field names, as Theater's own `TryFrom<Value>` impls do;
//! anything else is [`RecordedEvent::Unknown`], which replay reports instead of guessing.
//!
//! Invariant: classifying never fails and never panics; hostile payloads go through
//! `reprise_chain::decode::decode_payload`, which guards CGRF structure first.

use packr_abi::Value;
use reprise_chain::decode::{decode_payload, Payload};
use reprise_chain::ChainEvent;

use crate::payload::SHUTDOWN_EVENT_TYPE;

/// One recorded event, decoded for replay.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordedEvent {
    /// `wasm-call`: the runtime called an export.
    ExportCall {
        /// Export name.
        function: String,
        /// Params, without the state.
        params: Value,
    },
    /// `wasm-result`: the export returned.
    ExportResult {
        /// Export name.
        function: String,
        /// State after the call.
        state: Value,
        /// The response.
        response: Value,
    },
    /// `wasm-error`: the export failed.
    ExportError {
        /// Export name.
        function: String,
        /// Theater's error text.
        message: String,
    },
    /// `host-function`: the guest called a host import.
    HostCall {
        /// Interface (import module).
        interface: String,
        /// Function (import name).
        function: String,
        /// What the guest sent.
        input: Value,
        /// What the host answered.
        output: Value,
    },
    /// The `shutdown` pseudo-event.
    Shutdown,
    /// Anything replay cannot use (another era, garbage, an unknown case).
    Unknown {
        /// Why.
        reason: String,
    },
}

impl RecordedEvent {
    /// A short name of the event's kind, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Self::ExportCall { .. } => "wasm-call",
            Self::ExportResult { .. } => "wasm-result",
            Self::ExportError { .. } => "wasm-error",
            Self::HostCall { .. } => "host call",
            Self::Shutdown => "shutdown",
            Self::Unknown { .. } => "unreadable event",
        }
    }
}

/// Decodes one recorded event.
pub fn classify_event(event: &ChainEvent) -> RecordedEvent {
    let value = match decode_payload(&event.data) {
        Payload::Cgrf(value) => value,
        Payload::Json(_) => {
            return unknown("a JSON payload (Theater before 0.3.3); replay needs CGRF (0.3.11+)")
        }
        Payload::Raw { problem } => return unknown(&problem),
    };
    if event.event_type == SHUTDOWN_EVENT_TYPE {
        return RecordedEvent::Shutdown;
    }
    classify_payload(value)
}

/// Decodes one payload value (the `data` of an event, already CGRF-decoded).
pub fn classify_payload(value: Value) -> RecordedEvent {
    let Some((case, inner)) = variant_parts(value) else {
        return unknown("the payload is not a chain-event-payload variant");
    };
    match case.as_str() {
        "host-function" => {
            let Some(mut fields) = record_fields(inner) else {
                return unknown("host-function without a host-function-call record");
            };
            match (
                take_string(&mut fields, "interface"),
                take_string(&mut fields, "function"),
                take(&mut fields, "input"),
                take(&mut fields, "output"),
            ) {
                (Some(interface), Some(function), Some(input), Some(output)) => {
                    RecordedEvent::HostCall {
                        interface,
                        function,
                        input,
                        output,
                    }
                }
                _ => unknown("host-function-call lacks interface, function, input or output"),
            }
        }
        "wasm" => classify_wasm(inner),
        other => unknown(&format!("chain-event-payload::{other} is not replayed")),
    }
}

fn classify_wasm(value: Value) -> RecordedEvent {
    let Some((case, inner)) = variant_parts(value) else {
        return unknown("wasm payload without a wasm-event-data variant");
    };
    let Some(mut fields) = record_fields(inner) else {
        return unknown("wasm-event-data without a record");
    };
    let Some(function) = take_string(&mut fields, "function-name") else {
        return unknown("wasm event without function-name");
    };
    match case.as_str() {
        "wasm-call" => match take(&mut fields, "params") {
            Some(params) => RecordedEvent::ExportCall { function, params },
            None => unknown("wasm-call without params"),
        },
        "wasm-result" => match (take(&mut fields, "state"), take(&mut fields, "response")) {
            (Some(state), Some(response)) => RecordedEvent::ExportResult {
                function,
                state,
                response,
            },
            _ => unknown("wasm-result without state and response (Theater 0.3.3-0.3.10?)"),
        },
        "wasm-error" => match take_string(&mut fields, "message") {
            Some(message) => RecordedEvent::ExportError { function, message },
            None => unknown("wasm-error without message"),
        },
        other => unknown(&format!("wasm-event-data::{other} is not replayed")),
    }
}

fn variant_parts(value: Value) -> Option<(String, Value)> {
    match value {
        Value::Variant {
            case_name, payload, ..
        } => Some((case_name, payload.into_iter().next()?)),
        _ => None,
    }
}

fn record_fields(value: Value) -> Option<Vec<(String, Value)>> {
    match value {
        Value::Record { fields, .. } => Some(fields),
        _ => None,
    }
}

fn take(fields: &mut Vec<(String, Value)>, name: &str) -> Option<Value> {
    let idx = fields.iter().position(|(field, _)| field == name)?;
    Some(fields.remove(idx).1)
}

fn take_string(fields: &mut Vec<(String, Value)>, name: &str) -> Option<String> {
    match take(fields, name)? {
        Value::String(text) => Some(text),
        _ => None,
    }
}

fn unknown(reason: &str) -> RecordedEvent {
    RecordedEvent::Unknown {
        reason: reason.to_owned(),
    }
}
