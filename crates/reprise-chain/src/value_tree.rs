//! `ValueNode`: the one display tree every payload decodes into (CGRF values, JSON, bytes).
//!
//! The UI renders only this type, so it never needs to know which era or encoding a payload
//! came from. Text in it is plain text; renderers must insert it as text, never as HTML.

use serde::{Deserialize, Serialize};

/// One node of a decoded payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueNode {
    /// Field name, list index, `ok`/`err`/`some`, or `None` at the root.
    pub key: Option<String>,
    /// What the value is, e.g. `string`, `u64`, `record wasm-call`, `list<u8> as JSON`.
    pub type_label: String,
    /// The value itself for scalars; a short preview for compound values.
    pub text: String,
    /// Sub-values, in order.
    pub children: Vec<ValueNode>,
    /// How the one-line form brackets the children.
    pub shape: Shape,
}

/// How a node's one-line form is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shape {
    /// A scalar, or a node whose `text` already says everything (e.g. bytes shown as JSON).
    Inline,
    /// `{key: value, …}`: records and JSON objects.
    Record,
    /// `(a, b)`: tuples.
    Tuple,
    /// `[a, b]`: lists and arrays.
    List,
    /// `tag(a, b)`: `some(…)`, `ok(…)`, `err(…)` and variant cases.
    Tagged(String),
}

/// Deepest nesting decoded; deeper values become a marker leaf so hostile input cannot
/// exhaust the stack.
pub const MAX_DEPTH: usize = 96;

/// Longest preview kept in `text` of compound nodes, in characters.
pub const MAX_PREVIEW_CHARS: usize = 160;

impl ValueNode {
    /// A leaf (scalar) node.
    pub fn leaf(type_label: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            key: None,
            type_label: type_label.into(),
            text: text.into(),
            children: Vec::new(),
            shape: Shape::Inline,
        }
    }

    /// A compound node; its preview text is derived from the children.
    pub fn branch(type_label: impl Into<String>, shape: Shape, children: Vec<ValueNode>) -> Self {
        let mut node = Self {
            key: None,
            type_label: type_label.into(),
            text: String::new(),
            children,
            shape,
        };
        node.text = node.compact_text(MAX_PREVIEW_CHARS);
        node
    }

    /// The marker placed where [`MAX_DEPTH`] was reached.
    pub fn too_deep() -> Self {
        Self::leaf(
            "…",
            format!("nested deeper than {MAX_DEPTH} levels; not shown"),
        )
    }

    /// Sets the key (builder style).
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// The child with key `key`, if any.
    pub fn child(&self, key: &str) -> Option<&ValueNode> {
        self.children
            .iter()
            .find(|child| child.key.as_deref() == Some(key))
    }

    /// A one-line rendering of the value (children with their keys, not this node's own key),
    /// cut at about `max_chars` characters with `…`.
    pub fn compact_text(&self, max_chars: usize) -> String {
        let mut out = String::new();
        self.write_compact_value(&mut out, max_chars);
        if out.chars().count() > max_chars {
            out = out.chars().take(max_chars.saturating_sub(1)).collect();
            out.push('…');
        }
        out
    }

    fn write_compact(&self, out: &mut String, budget_chars: usize, is_keyed: bool) {
        if out.len() > budget_chars {
            return;
        }
        if let (true, Some(key)) = (is_keyed, &self.key) {
            out.push_str(key);
            out.push_str(": ");
        }
        self.write_compact_value(out, budget_chars);
    }

    fn write_compact_value(&self, out: &mut String, budget_chars: usize) {
        let (open, close, is_keyed) = match &self.shape {
            Shape::Inline => {
                out.push_str(&self.text);
                return;
            }
            Shape::Record => ("{", "}", true),
            Shape::Tuple => ("(", ")", false),
            Shape::List => ("[", "]", false),
            Shape::Tagged(tag) => {
                out.push_str(tag);
                ("(", ")", false)
            }
        };
        out.push_str(open);
        for (child_idx, child) in self.children.iter().enumerate() {
            if child_idx > 0 {
                out.push_str(", ");
            }
            if out.len() > budget_chars {
                out.push('…');
                break;
            }
            child.write_compact(out, budget_chars, is_keyed);
        }
        out.push_str(close);
    }

    /// Total number of nodes in this tree.
    pub fn num_nodes(&self) -> usize {
        1 + self
            .children
            .iter()
            .map(ValueNode::num_nodes)
            .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_text_names_fields_and_elides_long_values() {
        let node = ValueNode::branch(
            "record r",
            Shape::Record,
            vec![
                ValueNode::leaf("string", "\"a\"").with_key("name"),
                ValueNode::branch("tuple", Shape::Tuple, vec![ValueNode::leaf("u8", "7u8")])
                    .with_key("pair"),
                ValueNode::branch(
                    "option<u8>",
                    Shape::Tagged("some".into()),
                    vec![ValueNode::leaf("u8", "1u8").with_key("some")],
                )
                .with_key("maybe"),
            ],
        );
        assert_eq!(node.text, "{name: \"a\", pair: (7u8), maybe: some(1u8)}");
        let long = ValueNode::leaf("string", "x".repeat(500));
        assert_eq!(long.compact_text(10).chars().count(), 10);
        assert!(long.compact_text(10).ends_with('…'));
    }
}
