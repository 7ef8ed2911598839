//! Byte strings inside payloads: shown as JSON when they hold UTF-8 JSON, as text when they
//! hold printable UTF-8, and as hex otherwise.
//!
//! Theater actors conventionally keep state and messages as `list<u8>` of JSON, and era-B
//! chains store inputs and outputs as JSON text bytes, so this heuristic is what makes most
//! payloads readable.

use crate::decode::json::json_to_node;
use crate::value_tree::{Shape, ValueNode};

/// Most bytes rendered into a hex preview.
const MAX_HEX_PREVIEW_BYTES: usize = 64;

/// Builds the node for a byte string at nesting `depth`.
pub fn bytes_to_node(bytes: &[u8], type_label: &str, depth: usize) -> ValueNode {
    if let Ok(text) = std::str::from_utf8(bytes) {
        if looks_like_json(text) {
            if let Ok(json) = serde_json::from_str::<serde_json::Value>(text) {
                let inner = json_to_node(&json, depth + 1);
                let mut node =
                    ValueNode::branch(format!("{type_label} as JSON"), Shape::Inline, vec![inner]);
                node.text = compact_json_preview(text);
                return node;
            }
        }
        if !text.is_empty()
            && text
                .chars()
                .all(|c| !c.is_control() || c == '\n' || c == '\t')
        {
            return ValueNode::leaf(format!("{type_label} as text"), quote(text));
        }
    }
    ValueNode::leaf(
        format!("{type_label} ({} bytes)", bytes.len()),
        hex_preview(bytes),
    )
}

/// `"text"` with `"` and `\` escaped, as in the CGRF text form.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Space-separated hex of the first bytes, with `…` when cut.
pub fn hex_preview(bytes: &[u8]) -> String {
    let shown = &bytes[..bytes.len().min(MAX_HEX_PREVIEW_BYTES)];
    let mut out = shown
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect::<Vec<_>>()
        .join(" ");
    if bytes.len() > shown.len() {
        out.push_str(" …");
    }
    if bytes.is_empty() {
        out.push_str("(empty)");
    }
    out
}

fn looks_like_json(text: &str) -> bool {
    let trimmed = text.trim_start();
    matches!(
        trimmed.as_bytes().first(),
        Some(b'{' | b'[' | b'"' | b'-' | b'0'..=b'9')
    ) || matches!(text.trim(), "null" | "true" | "false")
}

fn compact_json_preview(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > crate::value_tree::MAX_PREVIEW_CHARS {
        let mut cut: String = one_line
            .chars()
            .take(crate::value_tree::MAX_PREVIEW_CHARS - 1)
            .collect();
        cut.push('…');
        cut
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_bytes_become_a_json_tree() {
        let node = bytes_to_node(br#"{"n":1}"#, "list<u8>", 0);
        assert_eq!(node.type_label, "list<u8> as JSON");
        assert_eq!(node.text, r#"{"n":1}"#);
        assert_eq!(
            node.children[0].child("n").map(|n| n.text.as_str()),
            Some("1")
        );
    }

    #[test]
    fn text_and_binary_bytes_are_labelled() {
        assert_eq!(bytes_to_node(b"ping", "list<u8>", 0).text, "\"ping\"");
        let binary = bytes_to_node(&[0, 159, 1], "list<u8>", 0);
        assert_eq!(binary.type_label, "list<u8> (3 bytes)");
        assert_eq!(binary.text, "00 9f 01");
    }
}
