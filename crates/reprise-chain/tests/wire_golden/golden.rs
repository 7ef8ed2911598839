//! The golden `/ws` messages and log lines: one file per message kind beside this one, each
//! holding exactly one line (the message's bytes, then `\n`). Tests of reprise-chain, the
//! store and the server include this file with `#[path]` and check their bytes against it.

// Each including test uses only some of these.
#![allow(dead_code)]

/// An `actor` record with every field set (a spawned counter of the real scenario).
pub const ACTOR: &str = include_str!("actor.jsonl");
/// An `actor` record as first seen, every optional field `null`.
pub const ACTOR_BARE: &str = include_str!("actor_bare.jsonl");
/// An `event` record: an actor's first event (`parent_hash` null).
pub const EVENT_FIRST: &str = include_str!("event_first.jsonl");
/// An `event` record: a host call with a parent hash.
pub const EVENT: &str = include_str!("event.jsonl");
/// A `lagged` message.
pub const LAGGED: &str = include_str!("lagged.jsonl");
/// An `error` message (the server's answer to an unknown message type).
pub const ERROR: &str = include_str!("error.jsonl");
/// `subscribe` from the beginning, every actor.
pub const SUBSCRIBE_BEGINNING: &str = include_str!("subscribe_beginning.jsonl");
/// `subscribe` from the tail, every actor.
pub const SUBSCRIBE_TAIL: &str = include_str!("subscribe_tail.jsonl");
/// `subscribe` from a seq, one actor (a back-fill).
pub const SUBSCRIBE_ACTOR: &str = include_str!("subscribe_actor.jsonl");
/// `subscribe` with both filters.
pub const SUBSCRIBE_FILTERS: &str = include_str!("subscribe_filters.jsonl");

/// The log records (the lines a capture log holds), by file name.
pub const RECORDS: [(&str, &str); 4] = [
    ("actor.jsonl", ACTOR),
    ("actor_bare.jsonl", ACTOR_BARE),
    ("event_first.jsonl", EVENT_FIRST),
    ("event.jsonl", EVENT),
];

/// Every server → client message, by file name.
pub const SERVER_MESSAGES: [(&str, &str); 6] = [
    ("actor.jsonl", ACTOR),
    ("actor_bare.jsonl", ACTOR_BARE),
    ("event_first.jsonl", EVENT_FIRST),
    ("event.jsonl", EVENT),
    ("lagged.jsonl", LAGGED),
    ("error.jsonl", ERROR),
];

/// Every client → server message, by file name.
pub const CLIENT_MESSAGES: [(&str, &str); 4] = [
    ("subscribe_beginning.jsonl", SUBSCRIBE_BEGINNING),
    ("subscribe_tail.jsonl", SUBSCRIBE_TAIL),
    ("subscribe_actor.jsonl", SUBSCRIBE_ACTOR),
    ("subscribe_filters.jsonl", SUBSCRIBE_FILTERS),
];

/// A golden file's message: its one line without the `\n`.
pub fn message(file_text: &str) -> &str {
    file_text
        .strip_suffix('\n')
        .expect("a golden file is one line ending in \\n")
}
