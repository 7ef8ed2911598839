//! Helpers shared by the sample actors: converting between pack `Value`s and the shapes
//! Theater passes to and expects from actor exports.
//!
//! Invariant: every export of the sample actors returns a `Value::Result` whose ok side is
//! `tuple<option<list<u8>>>` (the new state) and whose err side is a `string`. Theater checks
//! returns against the declared type, and a `result::err(string)` becomes the chain's
//! `wasm-error` with message `Function returned error: <text>`.

#![no_std]

extern crate alloc;

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use packr_guest::{Value, ValueType};

/// The type of actor state: `option<list<u8>>`.
pub fn state_type() -> ValueType {
    ValueType::Option(Box::new(ValueType::List(Box::new(ValueType::U8))))
}

/// `list<u8>` holding `bytes`.
pub fn bytes_value(bytes: &[u8]) -> Value {
    Value::List {
        elem_type: ValueType::U8,
        items: bytes.iter().copied().map(Value::U8).collect(),
    }
}

/// `some(list<u8>)` holding `bytes`: a state or an optional byte payload.
pub fn some_bytes(bytes: &[u8]) -> Value {
    Value::Option {
        inner_type: ValueType::List(Box::new(ValueType::U8)),
        value: Some(Box::new(bytes_value(bytes))),
    }
}

/// `none<list<u8>>`.
pub fn no_bytes() -> Value {
    Value::Option {
        inner_type: ValueType::List(Box::new(ValueType::U8)),
        value: None,
    }
}

/// The bytes of a `list<u8>`, or of the payload of a `some(list<u8>)`; `None` otherwise.
pub fn bytes_of(value: &Value) -> Option<Vec<u8>> {
    match value {
        Value::List { items, .. } => items
            .iter()
            .map(|item| match item {
                Value::U8(byte) => Some(*byte),
                _ => None,
            })
            .collect(),
        Value::Option {
            value: Some(inner), ..
        } => bytes_of(inner),
        _ => None,
    }
}

/// The text of a `list<u8>` or `some(list<u8>)` holding UTF-8; `None` otherwise.
pub fn text_of(value: &Value) -> Option<String> {
    bytes_of(value).and_then(|bytes| String::from_utf8(bytes).ok())
}

/// The successful return of an export: `ok((some(state_bytes),))`.
pub fn ok_state(state_bytes: &[u8]) -> Value {
    let inner = Value::Tuple(vec![some_bytes(state_bytes)]);
    Value::Result {
        ok_type: ValueType::Tuple(vec![state_type()]),
        err_type: ValueType::String,
        value: Ok(Box::new(inner)),
    }
}

/// The failed return of an export: `err(message)`.
pub fn err_result(message: String) -> Value {
    Value::Result {
        ok_type: ValueType::Tuple(vec![state_type()]),
        err_type: ValueType::String,
        value: Err(Box::new(Value::String(message))),
    }
}

/// Reads a host `result<T, string>` output: `Ok(payload)` or `Err(text)`.
///
/// Hosts encode results as `Value::Result`; a `result` variant (tag 0 ok, 1 err) is accepted
/// too, as Theater's own result decoder does.
pub fn host_result(output: Value) -> Result<Value, String> {
    match output {
        Value::Result { value: Ok(ok), .. } => Ok(*ok),
        Value::Result {
            value: Err(err), ..
        } => Err(describe(*err)),
        Value::Variant {
            tag: 0, payload, ..
        } => Ok(payload.into_iter().next().unwrap_or(Value::Tuple(vec![]))),
        Value::Variant {
            tag: 1, payload, ..
        } => Err(payload
            .into_iter()
            .next()
            .map(describe)
            .unwrap_or_else(|| String::from("error without a message"))),
        other => Ok(other),
    }
}

fn describe(value: Value) -> String {
    match value {
        Value::String(text) => text,
        other => alloc::format!("{other}"),
    }
}
