//! `js_text`: the words of a JS exception, for messages shown to people.

use wasm_bindgen::{JsCast, JsValue};

/// `Error.message` for errors (including `TypeError` from `fetch`), the string itself for
/// thrown strings, else a generic phrase.
pub fn js_text(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}
