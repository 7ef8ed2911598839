//! `archivist`: a sample Theater actor that keeps labelled texts in Theater's content store
//! (`theater:simple/store`) and answers requests for them (`handle-request`), so its chain
//! records store calls and request/response pairs.
//!
//! - `init` logs, registers with the message server and opens a store (`store/new`) unless
//!   its state already names one; the state is the store id's text.
//! - `handle-request` takes `put <label> <text>` (`store/store`, then `store/label`; answers
//!   the content reference) and `get <label>` (`store/get-by-label`, then `store/get`; answers
//!   the text, or `missing`). Anything else is an error, which Theater records as the call's
//!   `wasm-error` (the requester gets an empty answer).

#![no_std]

extern crate alloc;

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec;

use actor_support::{
    bytes_value, err_result, host_result, ok_state, some_bytes, state_type, text_of,
};
use packr_guest::{export, import, pack_types, Value, ValueType};

packr_guest::setup_guest!();

// Imports are copied from the handlers' .pact files (runtime.pact, store.pact,
// message-server.pact): Theater compares their interface hashes at spawn.
pack_types! {
    imports {
        theater:simple/runtime {
            log: func(msg: string),
        }
        theater:simple/store {
            new: func() -> result<string, string>,
            store: func(store-id: string, content: list<u8>) -> result<string, string>,
            get: func(store-id: string, content-ref: string) -> result<list<u8>, string>,
            label: func(store-id: string, label: string, content-ref: string) -> result<_, string>,
            get-by-label: func(store-id: string, label: string) -> result<option<string>, string>,
        }
        theater:simple/message-server-host {
            register: func() -> result<_, string>,
        }
    }
    exports {
        theater:simple/actor.init: func(state: option<list<u8>>) -> result<tuple<option<list<u8>>>, string>,
        theater:simple/message-server-client.handle-request: func(state: option<list<u8>>, params: tuple<string, list<u8>>) -> result<tuple<option<list<u8>>, tuple<option<list<u8>>>>, string>,
    }
}

#[import(module = "theater:simple/runtime", name = "log")]
fn log(msg: String);

#[import(module = "theater:simple/store", name = "new")]
fn store_new() -> Value;

#[import(module = "theater:simple/store", name = "store")]
fn store_store(store_id: Value, content: Value) -> Value;

#[import(module = "theater:simple/store", name = "get")]
fn store_get(store_id: Value, content_ref: Value) -> Value;

#[import(module = "theater:simple/store", name = "label")]
fn store_label(store_id: Value, label: Value, content_ref: Value) -> Value;

#[import(module = "theater:simple/store", name = "get-by-label")]
fn store_get_by_label(store_id: Value, label: Value) -> Value;

#[import(module = "theater:simple/message-server-host", name = "register")]
fn message_server_register() -> Value;

#[export(name = "theater:simple/actor.init")]
fn init(state: Value) -> Value {
    log(String::from("archivist: init"));
    if let Err(err) = host_result(message_server_register()) {
        return err_result(format!("archivist: cannot register: {err}"));
    }
    let store_id = match text_of(&state).filter(|id| !id.is_empty()) {
        Some(store_id) => store_id,
        None => match host_result(store_new()) {
            Ok(Value::String(store_id)) => store_id,
            Ok(other) => return err_result(format!("archivist: store/new returned {other}")),
            Err(err) => return err_result(format!("archivist: cannot open a store: {err}")),
        },
    };
    log(format!("archivist: store {store_id}"));
    ok_state(store_id.as_bytes())
}

// Theater flattens the call's input to `(state, request-id, message)`: the params tuple's
// items arrive as parameters of their own.
#[export(name = "theater:simple/message-server-client.handle-request")]
fn handle_request(state: Value, _request_id: Value, msg: Value) -> Value {
    let store_id = text_of(&state).unwrap_or_default();
    let request = text_of(&msg).unwrap_or_default();
    log(format!("archivist: request {request:?}"));
    let answer = match request.split_once(' ') {
        Some(("put", args)) => put(&store_id, args),
        Some(("get", label)) => get(&store_id, label),
        _ => Err(format!("archivist: unknown request {request:?}")),
    };
    match answer {
        Ok(answer) => answered(&store_id, answer.as_bytes()),
        Err(message) => request_error(message),
    }
}

/// `put <label> <text>`: stores the text, labels it, answers its content reference.
fn put(store_id: &str, args: &str) -> Result<String, String> {
    let (label, text) = args
        .split_once(' ')
        .ok_or_else(|| format!("archivist: put needs a label and a text: {args:?}"))?;
    let content_ref = match host_result(store_store(
        Value::String(String::from(store_id)),
        bytes_value(text.as_bytes()),
    ))? {
        Value::String(content_ref) => content_ref,
        other => return Err(format!("archivist: store returned {other}")),
    };
    host_result(store_label(
        Value::String(String::from(store_id)),
        Value::String(String::from(label)),
        Value::String(content_ref.clone()),
    ))?;
    Ok(content_ref)
}

/// `get <label>`: the text under the label, or `missing`.
fn get(store_id: &str, label: &str) -> Result<String, String> {
    let content_ref = match host_result(store_get_by_label(
        Value::String(String::from(store_id)),
        Value::String(String::from(label)),
    ))? {
        Value::Option {
            value: Some(content_ref),
            ..
        } => match *content_ref {
            Value::String(content_ref) => content_ref,
            other => return Err(format!("archivist: get-by-label returned {other}")),
        },
        _ => return Ok(String::from("missing")),
    };
    let content = host_result(store_get(
        Value::String(String::from(store_id)),
        Value::String(content_ref),
    ))?;
    text_of(&content).ok_or_else(|| String::from("archivist: the stored content is not text"))
}

/// `ok((some(state), (some(answer),)))`: the state unchanged, and the answer.
fn answered(store_id: &str, answer: &[u8]) -> Value {
    let inner = Value::Tuple(vec![
        some_bytes(store_id.as_bytes()),
        Value::Tuple(vec![some_bytes(answer)]),
    ]);
    Value::Result {
        ok_type: request_ok_type(),
        err_type: ValueType::String,
        value: Ok(Box::new(inner)),
    }
}

fn request_error(message: String) -> Value {
    Value::Result {
        ok_type: request_ok_type(),
        err_type: ValueType::String,
        value: Err(Box::new(Value::String(message))),
    }
}

/// `tuple<option<list<u8>>, tuple<option<list<u8>>>>`.
fn request_ok_type() -> ValueType {
    ValueType::Tuple(vec![state_type(), ValueType::Tuple(vec![state_type()])])
}
