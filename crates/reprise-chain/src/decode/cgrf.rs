//! CGRF (packr "Graph ABI") values into `ValueNode`s.
//!
//! Type annotations inside `result`/`option`/empty lists are not trustworthy in Theater output
//! (spec §3.3), so labels show them but nothing is checked against them.

use packr_abi::{Value, ValueType};

use crate::decode::bytes::{bytes_to_node, quote};
use crate::value_tree::{Shape, ValueNode, MAX_DEPTH};

/// Builds the display tree of a packr value at nesting `depth`.
pub fn value_to_node(value: &Value, depth: usize) -> ValueNode {
    if depth > MAX_DEPTH {
        return ValueNode::too_deep();
    }
    let child = |value: &Value, key: String| value_to_node(value, depth + 1).with_key(key);
    match value {
        Value::String(text) => ValueNode::leaf("string", quote(text)),
        Value::List {
            elem_type: ValueType::U8,
            items,
        } => match as_bytes(items) {
            Some(bytes) => bytes_to_node(&bytes, "list<u8>", depth),
            None => list_node("list<u8>", items, depth),
        },
        Value::List { elem_type, items } => list_node(&format!("list<{elem_type}>"), items, depth),
        Value::Option {
            inner_type,
            value: None,
        } => ValueNode::leaf(format!("option<{inner_type}>"), "none"),
        Value::Option {
            inner_type,
            value: Some(inner),
        } => ValueNode::branch(
            format!("option<{inner_type}>"),
            Shape::Tagged("some".into()),
            vec![child(inner, "some".into())],
        ),
        Value::Result {
            ok_type,
            err_type,
            value,
        } => {
            let label = format!("result<{ok_type}, {err_type}>");
            match value {
                Ok(inner) => ValueNode::branch(
                    label,
                    Shape::Tagged("ok".into()),
                    vec![child(inner, "ok".into())],
                ),
                Err(inner) => ValueNode::branch(
                    label,
                    Shape::Tagged("err".into()),
                    vec![child(inner, "err".into())],
                ),
            }
        }
        Value::Record { type_name, fields } => ValueNode::branch(
            format!("record {type_name}"),
            Shape::Record,
            fields
                .iter()
                .map(|(name, field)| child(field, name.clone()))
                .collect(),
        ),
        Value::Variant {
            type_name,
            case_name,
            payload,
            ..
        } => {
            let label = format!("variant {type_name}::{case_name}");
            if payload.is_empty() {
                ValueNode::leaf(label, format!("{type_name}::{case_name}"))
            } else {
                ValueNode::branch(
                    label,
                    Shape::Tagged(case_name.clone()),
                    payload
                        .iter()
                        .enumerate()
                        .map(|(idx, item)| child(item, idx.to_string()))
                        .collect(),
                )
            }
        }
        Value::Tuple(items) if items.is_empty() => ValueNode::leaf("tuple", "()"),
        Value::Tuple(items) => ValueNode::branch(
            format!("tuple({})", items.len()),
            Shape::Tuple,
            items
                .iter()
                .enumerate()
                .map(|(idx, item)| child(item, idx.to_string()))
                .collect(),
        ),
        scalar => ValueNode::leaf(scalar_type(scalar), scalar.to_string()),
    }
}

fn list_node(label: &str, items: &[Value], depth: usize) -> ValueNode {
    if items.is_empty() {
        return ValueNode::leaf(label, "[]");
    }
    ValueNode::branch(
        format!("{label}[{}]", items.len()),
        Shape::List,
        items
            .iter()
            .enumerate()
            .map(|(idx, item)| value_to_node(item, depth + 1).with_key(idx.to_string()))
            .collect(),
    )
}

/// The bytes of a `list<u8>` whose items are all `U8`.
pub fn as_bytes(items: &[Value]) -> Option<Vec<u8>> {
    items
        .iter()
        .map(|item| match item {
            Value::U8(byte) => Some(*byte),
            _ => None,
        })
        .collect()
}

fn scalar_type(value: &Value) -> &'static str {
    match value {
        Value::Bool(_) => "bool",
        Value::U8(_) => "u8",
        Value::U16(_) => "u16",
        Value::U32(_) => "u32",
        Value::U64(_) => "u64",
        Value::S8(_) => "s8",
        Value::S16(_) => "s16",
        Value::S32(_) => "s32",
        Value::S64(_) => "s64",
        Value::F32(_) => "f32",
        Value::F64(_) => "f64",
        Value::Char(_) => "char",
        Value::Flags(_) => "flags",
        _ => "value",
    }
}
