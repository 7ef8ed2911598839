//! The manifest of a replay-test fixture: a Theater 0.3.29 manifest (TOML) whose first handler
//! is `type = "replay"`, reading the fixture's chain, with `package` naming the fixture's module.
//!
//! Built from the recorded manifest text when the recording carries one (spawned actors and
//! captures do): every key and handler is kept except `package` (pointed at the fixture's
//! module) and any earlier replay handler. Otherwise (a bare chain file, or a manifest recorded
//! only as a path) a manifest is generated: the actor's name, and one handler per Theater
//! interface the chain's host calls and export calls name — a handler the actor imports but
//! never used in this chain cannot be seen and must be added by hand.
//!
//! Invariants: the text is line-based, never a TOML round trip, so comments and layout of the
//! recorded manifest survive; every string written is escaped as a TOML basic string.

use std::collections::BTreeSet;

use crate::event::ChainEvent;
use crate::event_kind::EventKind;
use crate::interpret::interpret_event;

/// Theater 0.3.29's handler types (`HandlerConfig`'s serde tags) that an interface of the
/// `theater:simple/` family can stand for.
const HANDLER_TYPES: &[&str] = &[
    "message-server",
    "filesystem",
    "http-client",
    "http-framework",
    "runtime",
    "supervisor",
    "store",
    "process",
    "environment",
    "random",
    "tcp",
    "rpc",
    "terminal",
    "timer",
    "loop",
    "podman",
];

/// Where the manifest's text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestSource {
    /// The recorded manifest, with `package` and the replay handler changed.
    Recorded,
    /// Generated from the actor's name and the interfaces its chain uses.
    Generated,
}

/// A replay manifest: `manifest_text`, if it is a manifest (it has a top-level `name`), else a
/// generated one for `actor_name` and `events`. `package` and `chain` are the fixture's file
/// names.
pub fn replay_manifest(
    manifest_text: Option<&str>,
    actor_name: Option<&str>,
    events: &[ChainEvent],
    package: &str,
    chain: &str,
) -> (String, ManifestSource) {
    let replay_handler = format!(
        "[[handler]]\ntype = \"replay\"\nchain = {}\n",
        toml_string(chain)
    );
    let header = "# Replay-test fixture exported by Reprise: Theater's ReplayHandler re-runs the \
                  module\n# against the chain. Paths are relative to the working directory: \
                  run from this folder.\n";
    if let Some(recorded) = manifest_text.filter(|text| is_manifest_text(text)) {
        let (top_level, tables) = split_top_level(recorded);
        let mut text = String::from(header);
        for line in top_level.iter().filter(|line| !is_key(line, "package")) {
            text.push_str(line);
            text.push('\n');
        }
        let kept = text.trim_end().len();
        text.truncate(kept);
        text.push_str(&format!("\npackage = {}\n\n", toml_string(package)));
        text.push_str(&replay_handler);
        for table in tables.iter().filter(|table| !is_replay_handler(table)) {
            text.push('\n');
            text.push_str(table.join("\n").trim_end());
            text.push('\n');
        }
        return (text, ManifestSource::Recorded);
    }
    let name = actor_name
        .filter(|name| !name.is_empty())
        .unwrap_or("actor");
    let mut text = format!(
        "{header}name = {}\nversion = \"0.1.0\"\npackage = {}\n\n{replay_handler}",
        toml_string(name),
        toml_string(package)
    );
    for handler in handlers_used(events) {
        text.push_str(&format!("\n[[handler]]\ntype = \"{handler}\"\n"));
    }
    (text, ManifestSource::Generated)
}

/// Whether `text` is a manifest rather than a reference to one (a path or URL): it has a
/// top-level `name` key.
fn is_manifest_text(text: &str) -> bool {
    split_top_level(text)
        .0
        .iter()
        .any(|line| is_key(line, "name"))
}

/// The lines before the first table header, and each table (header and body) after it.
fn split_top_level(text: &str) -> (Vec<&str>, Vec<Vec<&str>>) {
    let mut top_level = Vec::new();
    let mut tables: Vec<Vec<&str>> = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with('[') {
            tables.push(vec![line]);
        } else if let Some(table) = tables.last_mut() {
            table.push(line);
        } else {
            top_level.push(line);
        }
    }
    (top_level, tables)
}

/// Whether `line` assigns the bare key `key`.
fn is_key(line: &str, key: &str) -> bool {
    line.trim_start()
        .strip_prefix(key)
        .is_some_and(|rest| rest.trim_start().starts_with('='))
}

/// Whether `table` is a `[[handler]]` of type `replay` (a manifest recorded from a replay run).
fn is_replay_handler(table: &[&str]) -> bool {
    let is_handler = table
        .first()
        .is_some_and(|header| header.replace(' ', "") == "[[handler]]");
    is_handler
        && table.iter().any(|line| {
            let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            squeezed == "type=\"replay\"" || squeezed == "type='replay'"
        })
}

/// The handler types the chain's host calls and export calls name, in a fixed order.
fn handlers_used(events: &[ChainEvent]) -> Vec<&'static str> {
    let mut used = BTreeSet::new();
    for event in events {
        let meaning = interpret_event(event);
        let interface = match meaning.kind {
            EventKind::HostCall => meaning.function.rsplit_once('/').map(|(iface, _)| iface),
            EventKind::ExportCall => meaning.function.split_once('.').map(|(iface, _)| iface),
            _ => None,
        };
        if let Some(handler) = interface.and_then(handler_of_interface) {
            used.insert(handler);
        }
    }
    HANDLER_TYPES
        .iter()
        .copied()
        .filter(|handler| used.contains(handler))
        .collect()
}

/// `theater:simple/message-server-host` → `message-server`, `theater:simple/timer` → `timer`.
fn handler_of_interface(interface: &str) -> Option<&'static str> {
    let name = interface.strip_prefix("theater:simple/")?;
    let name = name
        .strip_suffix("-host")
        .or_else(|| name.strip_suffix("-client"))
        .unwrap_or(name);
    HANDLER_TYPES
        .iter()
        .copied()
        .find(|handler| *handler == name)
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNTER: &str = "name = \"counter\"\nversion = \"0.1.0\"\npackage = \"counter.wasm\"\n\n[[handler]]\ntype = \"runtime\"\n\n[[handler]]\ntype = \"timer\"\n";

    #[test]
    fn recorded_manifest_gets_the_fixture_package_and_a_first_replay_handler() {
        let (text, source) = replay_manifest(Some(COUNTER), None, &[], "actor.wasm", "chain.json");
        assert_eq!(source, ManifestSource::Recorded);
        let body: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            body.join("\n"),
            "name = \"counter\"\nversion = \"0.1.0\"\npackage = \"actor.wasm\"\n\n[[handler]]\ntype = \"replay\"\nchain = \"chain.json\"\n\n[[handler]]\ntype = \"runtime\"\n\n[[handler]]\ntype = \"timer\""
        );
    }

    #[test]
    fn an_earlier_replay_handler_is_replaced() {
        let recorded = format!("{COUNTER}\n[[handler]]\ntype = 'replay'\nchain = \"/old.json\"\n");
        let (text, _) = replay_manifest(Some(&recorded), None, &[], "a.wasm", "c.json");
        assert!(!text.contains("/old.json"));
        assert_eq!(text.matches("type = \"replay\"").count(), 1);
    }

    #[test]
    fn a_manifest_path_is_not_taken_for_a_manifest() {
        let (text, source) =
            replay_manifest(Some("counter.toml"), Some("c\"x"), &[], "a.wasm", "c.json");
        assert_eq!(source, ManifestSource::Generated);
        assert!(text.contains("name = \"c\\\"x\"\n"));
        assert!(text.contains("[[handler]]\ntype = \"replay\"\nchain = \"c.json\"\n"));
    }

    #[test]
    fn interfaces_map_to_handler_types() {
        assert_eq!(
            handler_of_interface("theater:simple/message-server-host"),
            Some("message-server")
        );
        assert_eq!(
            handler_of_interface("theater:simple/message-server-client"),
            Some("message-server")
        );
        assert_eq!(handler_of_interface("theater:simple/timer"), Some("timer"));
        assert_eq!(handler_of_interface("theater:simple/actor"), None);
        assert_eq!(handler_of_interface("wasi:clocks/wall-clock"), None);
    }
}
