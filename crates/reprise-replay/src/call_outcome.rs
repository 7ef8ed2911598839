//! How Theater turns what an export did into a `wasm-result` or a `wasm-error`.
//!
//! Mirrors `decode_function_result` (theater 0.3.29 `pack_bridge.rs`), the error contexts of
//! `call_function_with_value`, packr's `RuntimeError` texts, and the `{:#}` formatting
//! `execute_call_pack` records (spec §3.3, §13).
//!
//! Invariant: the texts built here are Theater's byte for byte, except where an engine's own
//! trap text is embedded; that one cannot match wasmtime's and is marked as such.

use packr_abi::{AbiError, Value};

use crate::engine::EngineError;

/// What one export call produced, as it goes into the chain.
#[derive(Debug, Clone, PartialEq)]
pub enum CallOutcome {
    /// `wasm-result`.
    Result {
        /// The new actor state.
        state: Value,
        /// The response (`()` when the guest returned only a state).
        response: Value,
    },
    /// `wasm-error`.
    Error {
        /// The recorded message.
        message: String,
        /// Whether the text embeds the replay engine's own trap text (so it cannot equal
        /// what wasmtime wrote in the recording).
        is_engine_specific: bool,
    },
}

/// The outcome of an export whose status was 0 and whose output was `output` (CGRF).
pub fn outcome_from_output(function: &str, input: &Value, output: &[u8]) -> CallOutcome {
    // The structural guard runs first (a guest's output is untrusted); packr's own error text
    // is kept for what the guard lets through, because Theater's message embeds it.
    let decoded = reprise_chain::decode::check_cgrf_tree(output)
        .and_then(|()| packr_abi::decode(output).map_err(|err| packr_abi_error_text(&err)));
    match decoded {
        Ok(value) => decode_function_result(value),
        Err(text) => theater_error(call_context(function, input, &format!("ABI error: {text}"))),
    }
}

/// The outcome of an export that returned a non-zero status with error text `message`.
pub fn outcome_from_guest_error(function: &str, input: &Value, message: &str) -> CallOutcome {
    theater_error(call_context(
        function,
        input,
        &format!("WASM execution error: function '{function}' returned error: {message}"),
    ))
}

/// The outcome of an export the engine could not run to completion (trap, fuel, memory).
pub fn outcome_from_engine_error(function: &str, input: &Value, err: &EngineError) -> CallOutcome {
    CallOutcome::Error {
        message: call_context(function, input, &format!("WASM execution error: {err}")),
        is_engine_specific: true,
    }
}

/// Theater's `decode_function_result`: ok/err of a `result` (or a variant tagged 0/1), the
/// state as the first element of an ok tuple, and the rest as the response.
pub fn decode_function_result(value: Value) -> CallOutcome {
    match value {
        Value::Result {
            value: Ok(inner), ..
        } => decode_ok_payload(*inner),
        Value::Result {
            value: Err(err), ..
        } => returned_error(*err),
        Value::Variant {
            tag: 0, payload, ..
        } if !payload.is_empty() => match payload.into_iter().next() {
            Some(inner) => decode_ok_payload(inner),
            None => theater_error("Function returned error (no message)".into()),
        },
        Value::Variant {
            tag: 1, payload, ..
        } if !payload.is_empty() => match payload.into_iter().next() {
            Some(inner) => returned_error(inner),
            None => theater_error("Function returned error (no message)".into()),
        },
        Value::Variant { tag: 1, .. } => {
            theater_error("Function returned error (no message)".into())
        }
        Value::Variant { tag, .. } => {
            theater_error(format!("Unexpected result variant tag: {tag}"))
        }
        other => CallOutcome::Result {
            state: other,
            response: Value::Tuple(Vec::new()),
        },
    }
}

fn decode_ok_payload(value: Value) -> CallOutcome {
    match value {
        Value::Tuple(mut items) if !items.is_empty() => {
            let state = items.remove(0);
            let response = if items.len() == 1 {
                items.remove(0)
            } else {
                Value::Tuple(items)
            };
            // Theater encodes the response and decodes it again before recording it.
            match packr_abi::encode(&response) {
                Ok(bytes) => CallOutcome::Result {
                    state,
                    response: reprise_chain::decode::decode_cgrf(&bytes)
                        .unwrap_or(Value::Tuple(Vec::new())),
                },
                Err(err) => theater_error(format!("Failed to encode value: {err:?}")),
            }
        }
        other => CallOutcome::Result {
            state: other,
            response: Value::Tuple(Vec::new()),
        },
    }
}

fn returned_error(err: Value) -> CallOutcome {
    let message = match err {
        Value::String(text) => text,
        other => format!("{other:?}"),
    };
    theater_error(format!("Function returned error: {message}"))
}

/// `Failed to call function '<f>' with input: <input>: <cause>` (anyhow context, `{:#}`).
fn call_context(function: &str, input: &Value, cause: &str) -> String {
    format!("Failed to call function '{function}' with input: {input}: {cause}")
}

fn theater_error(message: String) -> CallOutcome {
    CallOutcome::Error {
        message,
        is_engine_specific: false,
    }
}

/// packr's `AbiError` texts (its `thiserror` messages), for a `packr_abi` error.
fn packr_abi_error_text(err: &AbiError) -> String {
    match err {
        AbiError::TypeMismatch { expected, got } => {
            format!("Type mismatch: expected {expected}, got {got}")
        }
        AbiError::InvalidEncoding(text) => format!("Invalid encoding: {text}"),
        AbiError::BufferTooSmall { need, have } => {
            format!("Buffer too small: need {need} bytes, have {have}")
        }
        AbiError::InvalidTag(tag) => format!("Invalid variant tag: {tag}"),
    }
}
