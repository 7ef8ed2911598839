//! Payload decoding: `data` bytes of any era into a [`ValueNode`] tree.
//!
//! Invariant: decoding never fails and never panics. Bytes that decode as nothing known are
//! shown as hex with the reason, so the user always sees something.

mod bytes;
pub mod cgrf;
mod cgrf_guard;
pub mod json;

use serde::{Deserialize, Serialize};

pub use bytes::{bytes_to_node, hex_preview};
pub use cgrf_guard::check_cgrf_tree;

use crate::value_tree::ValueNode;

/// How an event's `data` was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PayloadEncoding {
    /// CGRF v2 (era C).
    Cgrf,
    /// UTF-8 JSON (eras A and B).
    Json,
    /// Neither; shown as bytes.
    Raw,
}

/// A decoded payload, ready to display.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// A CGRF value.
    Cgrf(packr_abi::Value),
    /// A JSON value.
    Json(serde_json::Value),
    /// Undecodable bytes, with the reason.
    Raw {
        /// Why no decoder accepted the bytes.
        problem: String,
    },
}

impl Payload {
    /// Which encoding was recognised.
    pub fn encoding(&self) -> PayloadEncoding {
        match self {
            Self::Cgrf(_) => PayloadEncoding::Cgrf,
            Self::Json(_) => PayloadEncoding::Json,
            Self::Raw { .. } => PayloadEncoding::Raw,
        }
    }
}

/// Decodes CGRF bytes from any untrusted source (a file, a guest's memory) into a value.
///
/// Every CGRF decode in Reprise goes through here: [`check_cgrf_tree`] first bounds nesting
/// and rejects shared nodes, because `packr_abi::decode` recurses without limit and clones
/// shared subtrees, so hostile bytes could otherwise overflow the stack or exhaust memory.
pub fn decode_cgrf(bytes: &[u8]) -> Result<packr_abi::Value, String> {
    check_cgrf_tree(bytes).map_err(|reason| format!("CGRF rejected: {reason}"))?;
    packr_abi::decode(bytes).map_err(|err| format!("CGRF does not decode: {err:?}"))
}

/// Decodes `data` as CGRF when it starts with the `CGRF` magic, else as JSON, else raw.
pub fn decode_payload(data: &[u8]) -> Payload {
    if data.starts_with(b"CGRF") {
        return match decode_cgrf(data) {
            Ok(value) => Payload::Cgrf(value),
            Err(reason) => Payload::Raw {
                problem: format!("payload {reason}"),
            },
        };
    }
    match serde_json::from_slice::<serde_json::Value>(data) {
        Ok(json) => Payload::Json(json),
        Err(err) if data.is_empty() => Payload::Raw {
            problem: format!("empty payload ({err})"),
        },
        Err(err) => Payload::Raw {
            problem: format!("neither CGRF nor JSON ({err})"),
        },
    }
}

/// The display tree of a whole payload.
pub fn payload_tree(payload: &Payload, data: &[u8]) -> ValueNode {
    match payload {
        Payload::Cgrf(value) => cgrf::value_to_node(value, 0),
        Payload::Json(json) => json::json_to_node(json, 0),
        Payload::Raw { problem } => {
            let mut node = ValueNode::leaf(format!("{} bytes", data.len()), hex_preview(data));
            node.type_label = format!("{} bytes, undecoded: {problem}", data.len());
            node
        }
    }
}
