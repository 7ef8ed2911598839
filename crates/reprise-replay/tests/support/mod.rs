//! Shared test helpers: tiny hand-written Pack actors in WAT, and recorded chains built with
//! Theater's payload schema.

#![allow(dead_code)]

use packr_abi::{Value, ValueType};
use reprise_chain::ChainEvent;
use reprise_replay::payload::{
    build_event, host_event_type, host_function_payload, shutdown_payload, wasm_call_payload,
    wasm_error_payload, wasm_result_payload, SHUTDOWN_EVENT_TYPE, WASM_EVENT_TYPE,
};

pub const INIT: &str = "theater:simple/actor.init";
pub const HANDLE_SEND: &str = "theater:simple/message-server-client.handle-send";
pub const RUNTIME: &str = "theater:simple/runtime";

/// `none<list<u8>>`, Theater's default initial state.
pub fn none_bytes() -> Value {
    Value::Option {
        inner_type: ValueType::List(Box::new(ValueType::U8)),
        value: None,
    }
}

pub fn bytes(data: &[u8]) -> Value {
    Value::List {
        elem_type: ValueType::U8,
        items: data.iter().copied().map(Value::U8).collect(),
    }
}

pub fn unit() -> Value {
    Value::Tuple(Vec::new())
}

/// `result::ok(tuple(state))` as a packr-guest actor returns it.
pub fn ok_state(state: Value) -> Value {
    Value::Result {
        ok_type: ValueType::Tuple(vec![ValueType::Option(Box::new(ValueType::List(
            Box::new(ValueType::U8),
        )))]),
        err_type: ValueType::String,
        value: Ok(Box::new(Value::Tuple(vec![state]))),
    }
}

pub fn err_text(text: &str) -> Value {
    Value::Result {
        ok_type: ValueType::Tuple(Vec::new()),
        err_type: ValueType::String,
        value: Err(Box::new(Value::String(text.to_owned()))),
    }
}

fn cgrf(value: &Value) -> Vec<u8> {
    packr_abi::encode(value).unwrap()
}

/// A WAT string literal holding `data`.
fn wat_bytes(data: &[u8]) -> String {
    data.iter().map(|byte| format!("\\{byte:02x}")).collect()
}

/// The Pack plumbing every test actor shares: memory, a growing bump allocator kept in a
/// private mutable global, a no-op free, and `theater:simple/runtime.log`.
fn actor_module(body: &str, data: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let segments: String = data
        .iter()
        .map(|(offset, bytes)| format!("(data (i32.const {offset}) \"{}\")\n", wat_bytes(bytes)))
        .collect();
    let text = format!(
        r#"(module
  (import "theater:simple/runtime" "log" (func $log (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (global $bump (mut i32) (i32.const 65536))
  (func $alloc (export "__pack_alloc") (param $len i32) (result i32)
    (local $ptr i32) (local $end i32)
    (local.set $ptr (global.get $bump))
    (local.set $end (i32.and (i32.add (i32.add (local.get $ptr) (local.get $len)) (i32.const 7)) (i32.const -8)))
    (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
      (then (drop (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end)
        (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)) (i32.const 1))))))
    (global.set $bump (local.get $end))
    (local.get $ptr))
  (func (export "__pack_free") (param i32 i32))
  ;; Logs the CGRF string at $ptr; traps when the host refuses, like a packr guest.
  (func $log_at (param $ptr i32) (param $len i32)
    (if (i32.lt_s (call $log (local.get $ptr) (local.get $len) (i32.const 60000) (i32.const 60004)) (i32.const 0))
      (then unreachable)))
  {body}
  {segments})"#
    );
    wat::parse_str(&text).unwrap()
}

/// An actor whose `init` logs "[hello] init" and returns `ok((none,))`, and whose
/// `handle-send` logs "[hello] send" and returns its whole input as the new state.
pub fn echo_actor() -> Vec<u8> {
    let init_log = cgrf(&Value::String("[hello] init".into()));
    let send_log = cgrf(&Value::String("[hello] send".into()));
    let init_out = cgrf(&ok_state(none_bytes()));
    let body = format!(
        r#"(func (export "{INIT}") (param $in i32) (param $len i32) (param $optr i32) (param $olen i32) (result i32)
    (call $log_at (i32.const 1024) (i32.const {init_log_len}))
    (i32.store (local.get $optr) (i32.const 4096))
    (i32.store (local.get $olen) (i32.const {init_out_len}))
    (i32.const 0))
  (func (export "{HANDLE_SEND}") (param $in i32) (param $len i32) (param $optr i32) (param $olen i32) (result i32)
    (call $log_at (i32.const 2048) (i32.const {send_log_len}))
    (i32.store (local.get $optr) (local.get $in))
    (i32.store (local.get $olen) (local.get $len))
    (i32.const 0))"#,
        init_log_len = init_log.len(),
        send_log_len = send_log.len(),
        init_out_len = init_out.len(),
    );
    actor_module(
        &body,
        &[(1024, init_log), (2048, send_log), (4096, init_out)],
    )
}

/// An actor whose `init` never returns.
pub fn looping_actor() -> Vec<u8> {
    actor_module(
        &format!(
            r#"(func (export "{INIT}") (param i32 i32 i32 i32) (result i32)
    (loop $forever (br $forever))
    (i32.const 0))"#
        ),
        &[],
    )
}

/// An actor whose `init` traps (`unreachable`).
pub fn trapping_actor() -> Vec<u8> {
    actor_module(
        &format!(
            r#"(func (export "{INIT}") (param i32 i32 i32 i32) (result i32)
    unreachable)"#
        ),
        &[],
    )
}

/// An actor whose `init` returns status −1 with the error text "boom".
pub fn failing_actor() -> Vec<u8> {
    let text = b"boom".to_vec();
    actor_module(
        &format!(
            r#"(func (export "{INIT}") (param $in i32) (param $len i32) (param $optr i32) (param $olen i32) (result i32)
    (i32.store (local.get $optr) (i32.const 1024))
    (i32.store (local.get $olen) (i32.const {len}))
    (i32.const -1))"#,
            len = text.len()
        ),
        &[(1024, text)],
    )
}

/// An actor whose `init` keeps growing its memory.
pub fn memory_hog_actor() -> Vec<u8> {
    actor_module(
        &format!(
            r#"(func (export "{INIT}") (param i32 i32 i32 i32) (result i32)
    (loop $more (drop (memory.grow (i32.const 16))) (br $more))
    (i32.const 0))"#
        ),
        &[],
    )
}

/// Builds a recorded chain event by event, as Theater would record it.
#[derive(Default)]
pub struct ChainBuilder {
    pub events: Vec<ChainEvent>,
}

impl ChainBuilder {
    pub fn push(&mut self, event_type: &str, payload: &Value) -> &mut Self {
        let parent = self.events.last().map(|event| event.hash.clone());
        self.events.push(build_event(parent, event_type, payload));
        self
    }

    pub fn call(&mut self, function: &str, params: Value) -> &mut Self {
        self.push(WASM_EVENT_TYPE, &wasm_call_payload(function, params))
    }

    pub fn host(
        &mut self,
        interface: &str,
        function: &str,
        input: Value,
        output: Value,
    ) -> &mut Self {
        self.push(
            &host_event_type(interface, function),
            &host_function_payload(interface, function, input, output),
        )
    }

    pub fn log(&mut self, text: &str) -> &mut Self {
        self.host(RUNTIME, "log", Value::String(text.into()), unit())
    }

    pub fn result(&mut self, function: &str, state: Value, response: Value) -> &mut Self {
        self.push(
            WASM_EVENT_TYPE,
            &wasm_result_payload(function, state, response),
        )
    }

    pub fn error(&mut self, function: &str, message: &str) -> &mut Self {
        self.push(WASM_EVENT_TYPE, &wasm_error_payload(function, message))
    }

    pub fn shutdown(&mut self) -> &mut Self {
        self.push(SHUTDOWN_EVENT_TYPE, &shutdown_payload())
    }

    pub fn build(&self) -> Vec<ChainEvent> {
        self.events.clone()
    }
}

/// What the echo actor records for `init` and then one `handle-send` of `message`.
pub fn echo_chain(message: &[u8]) -> ChainBuilder {
    let mut chain = ChainBuilder::default();
    chain
        .call(INIT, unit())
        .log("[hello] init")
        .result(INIT, none_bytes(), unit());
    let params = Value::Tuple(vec![bytes(message)]);
    let state = Value::Tuple(vec![none_bytes(), bytes(message)]);
    chain
        .call(HANDLE_SEND, params)
        .log("[hello] send")
        .result(HANDLE_SEND, state, unit());
    chain
}

/// Re-hashes `events` from `from` on after an edit, keeping every link valid.
pub fn rehash_from(events: &mut [ChainEvent], from: usize) {
    for idx in from..events.len() {
        if idx > 0 {
            events[idx].parent_hash = Some(events[idx - 1].hash.clone());
        }
        events[idx].hash = reprise_chain::compute_event_hash(&events[idx]).to_vec();
    }
}
