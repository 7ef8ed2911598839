//! `supervisor`: a sample Theater actor that spawns and drives `counter` children.
//!
//! It registers with the message server in `init` and takes text commands through
//! `handle-send`:
//! - `spawn <manifest>` or `spawn <manifest> <state-json>`: `theater:simple/supervisor/spawn`,
//!   with no init state (the child starts from `none`) or with `some(<state-json bytes>)`;
//! - `send <idx> <text>`: `theater:simple/message-server-host/send` to child `idx`;
//! - `request <idx> <text>`: `theater:simple/message-server-host/request` to child `idx` (the
//!   child's `handle-request` answers), and logs the answer;
//! - `stop <idx>`: `theater:simple/supervisor/stop-child` (an external stop of that child);
//! - `list`: `theater:simple/supervisor/list-children`.
//!
//! It exports the three lifecycle callbacks (`handle-child-exit`, `handle-child-error`,
//! `handle-child-external-stop`) and logs each. Its state lists its children (see
//! [`children`]).

#![no_std]

extern crate alloc;

mod children;

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use actor_support::{
    bytes_value, err_result, host_result, no_bytes, ok_state, some_bytes, state_type, text_of,
};
use packr_guest::{export, import, pack_types, Value};

use children::{children_json, parse_children};

packr_guest::setup_guest!();

// Imports are copied from the handlers' .pact files (runtime.pact, supervisor.pact,
// message-server.pact): Theater compares their interface hashes at spawn. The lifecycle
// exports follow pact/supervisor-handlers.pact with the actor state as first parameter and
// the new state as result, which is what Theater's export calls pass and expect.
pack_types! {
    enum wit-error-type {
        operation-timeout,
        channel-closed,
        shutting-down,
        function-not-found,
        type-mismatch,
        internal,
        serialization-error,
        update-component-error,
        paused,
    }

    imports {
        theater:simple/runtime {
            log: func(msg: string),
        }
        theater:simple/supervisor {
            spawn: func(manifest: string, init-state: option<value>, wasm-bytes: option<list<u8>>) -> result<string, string>,
            list-children: func() -> result<list<string>, string>,
            stop-child: func(child-id: string) -> result<_, string>,
        }
        theater:simple/message-server-host {
            register: func() -> result<_, string>,
            send: func(actor-id: string, msg: list<u8>) -> result<_, string>,
            request: func(actor-id: string, msg: list<u8>) -> result<list<u8>, string>,
        }
    }
    exports {
        theater:simple/actor.init: func(state: option<list<u8>>) -> result<tuple<option<list<u8>>>, string>,
        theater:simple/message-server-client.handle-send: func(state: option<list<u8>>, params: tuple<list<u8>>) -> result<tuple<option<list<u8>>>, string>,
        theater:simple/supervisor-handlers.handle-child-error: func(state: option<list<u8>>, child-id: string, error: tuple<wit-error-type, option<list<u8>>>) -> result<tuple<option<list<u8>>>, string>,
        theater:simple/supervisor-handlers.handle-child-exit: func(state: option<list<u8>>, child-id: string, result: option<list<u8>>) -> result<tuple<option<list<u8>>>, string>,
        theater:simple/supervisor-handlers.handle-child-external-stop: func(state: option<list<u8>>, child-id: string) -> result<tuple<option<list<u8>>>, string>,
    }
}

#[import(module = "theater:simple/runtime", name = "log")]
fn log(msg: String);

#[import(module = "theater:simple/supervisor", name = "spawn")]
fn supervisor_spawn(manifest: Value, init_state: Value, wasm_bytes: Value) -> Value;

#[import(module = "theater:simple/supervisor", name = "list-children")]
fn supervisor_list_children() -> Value;

#[import(module = "theater:simple/supervisor", name = "stop-child")]
fn supervisor_stop_child(child_id: Value) -> Value;

#[import(module = "theater:simple/message-server-host", name = "register")]
fn message_server_register() -> Value;

#[import(module = "theater:simple/message-server-host", name = "send")]
fn message_server_send(actor_id: Value, msg: Value) -> Value;

#[import(module = "theater:simple/message-server-host", name = "request")]
fn message_server_request(actor_id: Value, msg: Value) -> Value;

#[export(name = "theater:simple/actor.init")]
fn init(state: Value) -> Value {
    let children = children_in(&state);
    log(format!("supervisor: init with {} children", children.len()));
    if let Err(err) = host_result(message_server_register()) {
        return err_result(format!(
            "supervisor: cannot register with the message server: {err}"
        ));
    }
    ok_state(children_json(&children).as_bytes())
}

#[export(name = "theater:simple/message-server-client.handle-send")]
fn handle_send(state: Value, msg: Value) -> Value {
    let mut children = children_in(&state);
    let command = text_of(&msg).unwrap_or_default();
    log(format!("supervisor: command {command:?}"));
    let outcome = match command.split_once(' ') {
        Some(("spawn", args)) => spawn_child(args).map(|child_id| children.push(child_id)),
        Some(("send", args)) => send_to_child(&children, args),
        Some(("request", args)) => request_from_child(&children, args),
        Some(("stop", idx)) => stop_child(&children, idx),
        None if command == "list" => list_children(),
        _ => Err(format!("supervisor: unknown command {command:?}")),
    };
    match outcome {
        Ok(()) => ok_state(children_json(&children).as_bytes()),
        Err(message) => err_result(message),
    }
}

#[export(name = "theater:simple/supervisor-handlers.handle-child-error")]
fn handle_child_error(state: Value, child_id: Value, error: Value) -> Value {
    let (case, text) = match &error {
        Value::Tuple(items) => (
            items.first().map(variant_case).unwrap_or_default(),
            items.get(1).and_then(text_of).unwrap_or_default(),
        ),
        _ => (String::new(), String::new()),
    };
    log(format!(
        "supervisor: child {} failed ({case}): {text}",
        string_of(&child_id)
    ));
    keep_state(&state)
}

#[export(name = "theater:simple/supervisor-handlers.handle-child-exit")]
fn handle_child_exit(state: Value, child_id: Value, result: Value) -> Value {
    let result_text = text_of(&result).unwrap_or_else(|| String::from("no result"));
    log(format!(
        "supervisor: child {} exited with {result_text}",
        string_of(&child_id)
    ));
    keep_state(&state)
}

#[export(name = "theater:simple/supervisor-handlers.handle-child-external-stop")]
fn handle_child_external_stop(state: Value, child_id: Value) -> Value {
    log(format!(
        "supervisor: child {} was stopped",
        string_of(&child_id)
    ));
    keep_state(&state)
}

/// `spawn <manifest> [<state-json>]`: returns the new child's id.
fn spawn_child(args: &str) -> Result<String, String> {
    let (manifest, state_json) = match args.split_once(' ') {
        Some((manifest, state_json)) => (manifest, Some(state_json)),
        None => (args, None),
    };
    // `some(state)` overrides the child manifest's initial state; `none` keeps it.
    let init_state = Value::Option {
        inner_type: state_type(),
        value: state_json.map(|json| Box::new(some_bytes(json.as_bytes()))),
    };
    let output = supervisor_spawn(
        Value::String(String::from(manifest)),
        init_state,
        no_bytes(),
    );
    match host_result(output)? {
        Value::String(child_id) => {
            log(format!("supervisor: spawned {child_id} from {manifest}"));
            Ok(child_id)
        }
        other => Err(format!("supervisor: spawn returned {other}")),
    }
}

/// `send <idx> <text>`: one-way message to child `idx`.
fn send_to_child(children: &[String], args: &str) -> Result<(), String> {
    let (idx, text) = args
        .split_once(' ')
        .ok_or_else(|| format!("supervisor: send needs an index and a message: {args:?}"))?;
    let child_id = child_at(children, idx)?;
    host_result(message_server_send(
        Value::String(child_id.clone()),
        bytes_value(text.as_bytes()),
    ))?;
    Ok(())
}

/// `request <idx> <text>`: asks child `idx` and logs its answer.
fn request_from_child(children: &[String], args: &str) -> Result<(), String> {
    let (idx, text) = args
        .split_once(' ')
        .ok_or_else(|| format!("supervisor: request needs an index and a message: {args:?}"))?;
    let child_id = child_at(children, idx)?;
    let answer = host_result(message_server_request(
        Value::String(child_id.clone()),
        bytes_value(text.as_bytes()),
    ))?;
    let answer = text_of(&answer).unwrap_or_else(|| format!("{answer}"));
    log(format!("supervisor: child {idx} answered {answer:?}"));
    Ok(())
}

/// `stop <idx>`: stops child `idx` (Theater then calls `handle-child-external-stop`).
fn stop_child(children: &[String], idx: &str) -> Result<(), String> {
    let child_id = child_at(children, idx)?;
    host_result(supervisor_stop_child(Value::String(child_id.clone())))?;
    log(format!("supervisor: stopped {child_id}"));
    Ok(())
}

/// `list`: logs how many children the runtime still tracks.
fn list_children() -> Result<(), String> {
    let num_children = match host_result(supervisor_list_children())? {
        Value::List { items, .. } => items.len(),
        _ => 0,
    };
    log(format!("supervisor: {num_children} children running"));
    Ok(())
}

fn child_at<'c>(children: &'c [String], idx: &str) -> Result<&'c String, String> {
    idx.trim()
        .parse::<usize>()
        .ok()
        .and_then(|idx| children.get(idx))
        .ok_or_else(|| format!("supervisor: no child {idx:?}"))
}

fn children_in(state: &Value) -> Vec<String> {
    text_of(state)
        .map(|text| parse_children(&text))
        .unwrap_or_default()
}

fn keep_state(state: &Value) -> Value {
    ok_state(children_json(&children_in(state)).as_bytes())
}

fn string_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => format!("{other}"),
    }
}

fn variant_case(value: &Value) -> String {
    match value {
        Value::Variant { case_name, .. } => case_name.clone(),
        other => format!("{other}"),
    }
}
