//! Deliberate damage to a recorded chain, for checking what replay and verification report.
//!
//! A tamper changes one event's payload and leaves its stored hash as it was, like an edit to
//! a file would; [`rehash_chain`] then optionally forges a consistent chain over the change
//! (every hash and link recomputed), which plain verification can no longer tell apart from a
//! real one.
//!
//! Invariant: a payload is only rewritten if Theater's decoder and encoder reproduce its
//! original bytes exactly, so the tamper is the only difference.

use anyhow::{bail, Context, Result};
use reprise_chain::{compute_event_hash, ChainEvent};
use theater::pack_bridge::{decode_value, encode_value, Value, ValueType};

/// One change to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tamper {
    /// In the first export call whose params hold the bytes `from`, put `to` instead.
    ExportParams {
        /// The original message bytes, e.g. `add:7`.
        from: String,
        /// The replacement, e.g. `add:8`.
        to: String,
    },
    /// Add `delta` to the `u64` output of the first host call of `event_type`.
    HostOutputU64 {
        /// E.g. `theater:simple/timer/now`.
        event_type: String,
        /// What to add.
        delta: u64,
    },
}

/// Applies `tamper` to a copy of `events`; returns the copy and the changed event's index.
pub fn tamper_chain(events: &[ChainEvent], tamper: &Tamper) -> Result<(Vec<ChainEvent>, usize)> {
    let mut events = events.to_vec();
    for (idx, event) in events.iter_mut().enumerate() {
        let is_candidate = match tamper {
            Tamper::ExportParams { .. } => event.event_type == "wasm",
            Tamper::HostOutputU64 { event_type, .. } => event.event_type == *event_type,
        };
        if !is_candidate {
            continue;
        }
        let mut value =
            decode_exactly(&event.data).with_context(|| format!("cannot rewrite event {idx}"))?;
        let is_changed = match tamper {
            Tamper::ExportParams { from, to } => {
                rewrite_field(&mut value, "params", &mut |params| {
                    rewrite_bytes(params, from.as_bytes(), to.as_bytes())
                })
            }
            Tamper::HostOutputU64 { delta, .. } => {
                rewrite_field(&mut value, "output", &mut |output| match output {
                    Value::U64(n) => {
                        *n = n.wrapping_add(*delta);
                        true
                    }
                    _ => false,
                })
            }
        };
        if is_changed {
            event.data = encode_value(&value)
                .with_context(|| format!("cannot encode tampered event {idx}"))?;
            return Ok((events, idx));
        }
    }
    bail!("no event of the chain matches {tamper:?}")
}

/// Recomputes every hash and parent link from the first event on, as Theater would have had
/// the events been recorded this way.
pub fn rehash_chain(events: &mut [ChainEvent]) {
    let mut parent: Option<Vec<u8>> = None;
    for event in events.iter_mut() {
        event.parent_hash = parent.take();
        event.hash = compute_event_hash(event).to_vec();
        parent = Some(event.hash.clone());
    }
}

fn decode_exactly(data: &[u8]) -> Result<Value> {
    let value = decode_value(data)?;
    if encode_value(&value)? != data {
        bail!("the payload does not re-encode to the same bytes");
    }
    Ok(value)
}

/// Calls `rewrite` on the value of every record field named `name` until one call returns
/// true; returns whether one did.
fn rewrite_field(
    value: &mut Value,
    name: &str,
    rewrite: &mut dyn FnMut(&mut Value) -> bool,
) -> bool {
    match value {
        Value::Record { fields, .. } => fields.iter_mut().any(|(field, field_value)| {
            (field == name && rewrite(field_value)) || rewrite_field(field_value, name, rewrite)
        }),
        Value::Variant { payload, .. } | Value::Tuple(payload) => payload
            .iter_mut()
            .any(|item| rewrite_field(item, name, rewrite)),
        _ => false,
    }
}

/// Replaces the first `list<u8>` equal to `from` inside `value` with `to`.
fn rewrite_bytes(value: &mut Value, from: &[u8], to: &[u8]) -> bool {
    match value {
        Value::List { elem_type, items } if *elem_type == ValueType::U8 => {
            let is_match = items.len() == from.len()
                && items
                    .iter()
                    .zip(from)
                    .all(|(item, byte)| matches!(item, Value::U8(b) if b == byte));
            if is_match {
                *items = to.iter().copied().map(Value::U8).collect();
            }
            is_match
        }
        Value::Tuple(items) | Value::List { items, .. } => {
            items.iter_mut().any(|item| rewrite_bytes(item, from, to))
        }
        Value::Option {
            value: Some(inner), ..
        } => rewrite_bytes(inner, from, to),
        _ => false,
    }
}
