//! `counter`: a sample Theater actor whose state is a JSON count, `{"n":3}`.
//!
//! - `init` logs, reads the clock (`theater:simple/timer/now`) and registers with the message
//!   server; a missing state starts the count at 0.
//! - `handle-send` takes `inc`, `add:<k>` and `shutdown` (which ends the actor through
//!   `theater:simple/runtime/shutdown`, handing its final state to the parent); any other
//!   message is an error, which makes Theater record a `wasm-error` and stop the actor.
//!
//! Every call logs one line first, so each export call records at least one host event.

#![no_std]

extern crate alloc;

mod count;

use alloc::format;
use alloc::string::String;

use actor_support::{err_result, host_result, ok_state, some_bytes, text_of};
use packr_guest::{export, import, pack_types, Value};

use count::{count_json, parse_count};

packr_guest::setup_guest!();

// Imports are copied from the handlers' .pact files (runtime.pact, timer.pact,
// message-server.pact): Theater compares their interface hashes at spawn.
pack_types! {
    imports {
        theater:simple/runtime {
            log: func(msg: string),
            shutdown: func(data: option<list<u8>>) -> result<_, string>,
        }
        theater:simple/timer {
            now: func() -> u64,
        }
        theater:simple/message-server-host {
            register: func() -> result<_, string>,
        }
    }
    exports {
        theater:simple/actor.init: func(state: option<list<u8>>) -> result<tuple<option<list<u8>>>, string>,
        theater:simple/message-server-client.handle-send: func(state: option<list<u8>>, params: tuple<list<u8>>) -> result<tuple<option<list<u8>>>, string>,
    }
}

#[import(module = "theater:simple/runtime", name = "log")]
fn log(msg: String);

#[import(module = "theater:simple/runtime", name = "shutdown")]
fn runtime_shutdown(data: Value) -> Value;

#[import(module = "theater:simple/timer", name = "now")]
fn timer_now() -> Value;

#[import(module = "theater:simple/message-server-host", name = "register")]
fn message_server_register() -> Value;

#[export(name = "theater:simple/actor.init")]
fn init(state: Value) -> Value {
    let n = count_in(&state).unwrap_or(0);
    let now_millis = match timer_now() {
        Value::U64(millis) => millis,
        _ => 0,
    };
    log(format!("counter: init with n={n} at {now_millis} ms"));
    if let Err(err) = host_result(message_server_register()) {
        return err_result(format!(
            "counter: cannot register with the message server: {err}"
        ));
    }
    ok_state(count_json(n).as_bytes())
}

#[export(name = "theater:simple/message-server-client.handle-send")]
fn handle_send(state: Value, msg: Value) -> Value {
    let n = count_in(&state).unwrap_or(0);
    let text = text_of(&msg).unwrap_or_default();
    log(format!("counter: handle-send {text:?} at n={n}"));
    match text.as_str() {
        "inc" => ok_state(count_json(n + 1).as_bytes()),
        "shutdown" => {
            let final_state = count_json(n);
            match host_result(runtime_shutdown(some_bytes(final_state.as_bytes()))) {
                Ok(_) => ok_state(final_state.as_bytes()),
                Err(err) => err_result(format!("counter: shutdown failed: {err}")),
            }
        }
        other => match other.strip_prefix("add:").map(str::parse::<i64>) {
            Some(Ok(k)) => ok_state(count_json(n + k).as_bytes()),
            _ => err_result(format!("counter: unknown message {other:?}")),
        },
    }
}

/// The count in a state value (`some(list<u8>)` holding `{"n":…}`).
fn count_in(state: &Value) -> Option<i64> {
    text_of(state).as_deref().and_then(parse_count)
}
