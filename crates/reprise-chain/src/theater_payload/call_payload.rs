//! The two payload shapes every reader here starts from: a `host-function` call (interface,
//! function, input, output) and a `wasm-call` of an export (function name, params), borrowed
//! out of a decoded CGRF `chain-event-payload` (spec §3.2), plus the small value readers they
//! share (strings, `list<u8>` bytes, tuple items, a result's `ok`).
//!
//! Invariant: only CGRF (era C, Theater 0.3.11+) is read; JSON-era payloads and anything that
//! does not decode give `None`, never an error or a panic. Every decode goes through
//! [`decode_cgrf`], which guards the structure of untrusted bytes first.

use packr_abi::Value;

use crate::decode::cgrf::as_bytes;
use crate::decode::decode_cgrf;
use crate::interpret::{record_field, variant_case};

/// A `host-function` payload: the actor called `interface/function`.
pub(crate) struct HostCall<'a> {
    /// What the actor passed.
    pub input: &'a Value,
    /// What the host answered.
    pub output: &'a Value,
}

/// A `wasm-call` payload: the runtime called the export `function` with `params`.
pub(crate) struct ExportCall<'a> {
    /// The export's name (`theater:simple/message-server-client.handle-send`).
    pub function: &'a str,
    /// Its params, without the state (usually a tuple).
    pub params: &'a Value,
}

/// The decoded payload of `data` when it is CGRF; `None` for other eras and garbage.
pub(crate) fn decode_era_c(data: &[u8]) -> Option<Value> {
    if !data.starts_with(b"CGRF") {
        return None;
    }
    decode_cgrf(data).ok()
}

/// The host call a decoded payload records, if it records one.
pub(crate) fn host_call(payload: &Value) -> Option<HostCall<'_>> {
    let (case, call) = variant_case(payload, "chain-event-payload")?;
    if case != "host-function" {
        return None;
    }
    Some(HostCall {
        input: record_field(call, "input")?,
        output: record_field(call, "output")?,
    })
}

/// The export call a decoded payload records, if it records one (not its result or error).
pub(crate) fn export_call(payload: &Value) -> Option<ExportCall<'_>> {
    let (case, wasm) = variant_case(payload, "chain-event-payload")?;
    if case != "wasm" {
        return None;
    }
    let (wasm_case, record) = variant_case(wasm, "wasm-event-data")?;
    if wasm_case != "wasm-call" {
        return None;
    }
    Some(ExportCall {
        function: string_of(record_field(record, "function-name")?)?,
        params: record_field(record, "params")?,
    })
}

/// The items of a tuple.
pub(crate) fn tuple_items(value: &Value) -> Option<&[Value]> {
    match value {
        Value::Tuple(items) => Some(items),
        _ => None,
    }
}

/// The text of a string value.
pub(crate) fn string_of(value: &Value) -> Option<&str> {
    match value {
        Value::String(text) => Some(text),
        _ => None,
    }
}

/// The bytes of a `list<u8>`. The element type annotation is not trusted (spec §3.3: empty
/// lists carry placeholders), only the items are: every one must be a `u8`.
pub(crate) fn bytes_of(value: &Value) -> Option<Vec<u8>> {
    match value {
        Value::List { items, .. } => as_bytes(items),
        _ => None,
    }
}

/// The `ok` value of a result; `None` for `err` and for anything that is not a result.
pub(crate) fn ok_of(output: &Value) -> Option<&Value> {
    match output {
        Value::Result { value: Ok(ok), .. } => Some(ok),
        _ => None,
    }
}

/// Whether `needle` occurs in `haystack`: a cheap test that spares decoding events that cannot
/// match (most `wasm` events are not the export a reader looks for).
pub(crate) fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
