//! Recognising export calls, their ends and the `shutdown` pseudo-event in the recorder's own
//! events, with Theater's payload decoder. Used to wait for a scenario step to finish.

use theater::chain::ChainEvent;
use theater::events::wasm::WasmEventData;
use theater::events::{decode_chain_event_payload, ChainEventPayload};
use theater::TheaterId;

use crate::event_log::ActorEvent;

/// `theater:simple/message-server-client.handle-send`.
pub const HANDLE_SEND: &str = "theater:simple/message-server-client.handle-send";
/// `theater:simple/supervisor-handlers.handle-child-error`.
pub const HANDLE_CHILD_ERROR: &str = "theater:simple/supervisor-handlers.handle-child-error";
/// `theater:simple/supervisor-handlers.handle-child-exit`.
pub const HANDLE_CHILD_EXIT: &str = "theater:simple/supervisor-handlers.handle-child-exit";
/// `theater:simple/supervisor-handlers.handle-child-external-stop`.
pub const HANDLE_CHILD_EXTERNAL_STOP: &str =
    "theater:simple/supervisor-handlers.handle-child-external-stop";

/// True when `event` ends a call of `function`: its `wasm-result` or `wasm-error`.
pub fn ends_call_of(event: &ChainEvent, function: &str) -> bool {
    if event.event_type != "wasm" {
        return false;
    }
    match decode_chain_event_payload(&event.data) {
        Some(ChainEventPayload::Wasm(WasmEventData::WasmResult { function_name, .. }))
        | Some(ChainEventPayload::Wasm(WasmEventData::WasmError { function_name, .. })) => {
            function_name == function
        }
        _ => false,
    }
}

/// How many calls of `function` on `actor` have ended.
pub fn num_ended_calls(events: &[ActorEvent], actor: TheaterId, function: &str) -> usize {
    events
        .iter()
        .filter(|(id, event)| *id == actor && ends_call_of(event, function))
        .count()
}

/// True once `actor`'s chain holds the `shutdown` pseudo-event.
pub fn has_shutdown(events: &[ActorEvent], actor: TheaterId) -> bool {
    events
        .iter()
        .any(|(id, event)| *id == actor && event.event_type == "shutdown")
}

/// The `wasm-error` messages in `actor`'s chain, in order.
pub fn error_messages(events: &[ActorEvent], actor: TheaterId) -> Vec<String> {
    events
        .iter()
        .filter(|(id, event)| *id == actor && event.event_type == "wasm")
        .filter_map(|(_, event)| match decode_chain_event_payload(&event.data) {
            Some(ChainEventPayload::Wasm(WasmEventData::WasmError { message, .. })) => {
                Some(message)
            }
            _ => None,
        })
        .collect()
}
