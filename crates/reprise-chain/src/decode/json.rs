//! JSON payloads (eras A and B) into `ValueNode`s.
//!
//! Era-B chains store host-call inputs and outputs as arrays of byte values holding JSON text;
//! such arrays are shown through the byte heuristic instead of as lists of numbers.

use serde_json::Value as Json;

use crate::decode::bytes::{bytes_to_node, quote};
use crate::value_tree::{Shape, ValueNode, MAX_DEPTH};

/// Builds the display tree of a JSON value at nesting `depth`.
pub fn json_to_node(json: &Json, depth: usize) -> ValueNode {
    if depth > MAX_DEPTH {
        return ValueNode::too_deep();
    }
    match json {
        Json::Null => ValueNode::leaf("null", "null"),
        Json::Bool(value) => ValueNode::leaf("bool", value.to_string()),
        Json::Number(number) => ValueNode::leaf("number", number.to_string()),
        Json::String(text) => ValueNode::leaf("string", quote(text)),
        Json::Array(items) => match as_byte_string(items) {
            Some(bytes) => bytes_to_node(&bytes, "bytes", depth),
            None => ValueNode::branch(
                format!("array[{}]", items.len()),
                Shape::List,
                items
                    .iter()
                    .enumerate()
                    .map(|(idx, item)| json_to_node(item, depth + 1).with_key(idx.to_string()))
                    .collect(),
            ),
        },
        Json::Object(fields) => ValueNode::branch(
            "object",
            Shape::Record,
            fields
                .iter()
                .map(|(key, value)| json_to_node(value, depth + 1).with_key(key.clone()))
                .collect(),
        ),
    }
}

/// The bytes of a non-empty array whose items are all integers 0–255.
pub fn as_byte_string(items: &[Json]) -> Option<Vec<u8>> {
    if items.is_empty() {
        return None;
    }
    items
        .iter()
        .map(|item| item.as_u64().and_then(|number| u8::try_from(number).ok()))
        .collect()
}
