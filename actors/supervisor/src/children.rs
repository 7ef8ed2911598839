//! The supervisor's state text: the ids of the children it spawned, in spawn order, as a JSON
//! object `{"children":["<uuid>",…]}`.
//!
//! Children are never removed, so an index keeps naming the same child for the whole run (the
//! driver addresses children by index). Ids are UUIDs, so no JSON escaping is needed.

use alloc::string::String;
use alloc::vec::Vec;

/// The state text for `children`.
pub fn children_json(children: &[String]) -> String {
    let mut text = String::from("{\"children\":[");
    for (idx, child) in children.iter().enumerate() {
        if idx > 0 {
            text.push(',');
        }
        text.push('"');
        text.push_str(child);
        text.push('"');
    }
    text.push_str("]}");
    text
}

/// The children listed in a state text; empty for anything else.
pub fn parse_children(text: &str) -> Vec<String> {
    let Some(list) = text
        .trim()
        .strip_prefix("{\"children\":[")
        .and_then(|rest| rest.strip_suffix("]}"))
    else {
        return Vec::new();
    };
    list.split(',')
        .filter_map(|item| item.trim().strip_prefix('"')?.strip_suffix('"'))
        .map(String::from)
        .collect()
}
