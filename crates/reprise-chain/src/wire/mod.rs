//! # The wire formats of live capture, defined once
//!
//! The capture log (`events.log.jsonl`: one [`LogRecord`] per line) and every message of the
//! `/ws` WebSocket feed ([`ClientMessage`] in, [`ServerMessage`] out). The store, the server,
//! the recorders, the web app and the tests all read and write them through these types; the
//! golden examples in `crates/reprise-chain/tests/wire_golden/` hold the exact bytes, checked
//! by this crate, the store and the server. Pure: text in, values out; reading never panics.
//!
//! ## The protocol
//!
//! Every message is one JSON object in one WebSocket **text** message; the `"type"` field says
//! what it is. Records are numbered by the durable log's `seq` (from 1, strictly increasing,
//! never reused), so a client that remembers the last `seq` it saw can always continue
//! exactly where it stopped.
//!
//! ### Client → server
//!
//! ```json
//! {"type":"subscribe","from":"beginning","actors":["<uuid>",…],"event_types":["wasm",…]}
//! ```
//!
//! - `from` (required, [`FeedStart`]) says where the feed starts:
//!   - `"beginning"`: the first record of the log;
//!   - `{"seq":N}`: the first record whose seq is **N or more** (so to continue after seq N,
//!     send `{"seq":N+1}`);
//!   - `"tail"`: only records appended after the server handled this message.
//! - `actors` (optional, `null` = all): only events of these actor ids are sent.
//! - `event_types` (optional, `null` = all): only events whose `event_type` is one of these
//!   exact strings (`"wasm"`, `"shutdown"`, `"theater:simple/runtime/log"`, …) are sent.
//! - The filters are applied by the server. **Actor records always pass them**, so the client
//!   can always build the actor tree.
//! - After the backlog (what the log already holds from `from` on), the same feed continues
//!   live, with no gap and no duplicate.
//! - A new `subscribe` replaces the previous one: the old feed stops (a few of its messages
//!   that were already on their way may still arrive) and the new one starts at its `from`.
//! - Anything else (invalid JSON, a binary message, an unknown `type`, an unknown or ill-typed
//!   field) is answered with an `error` message; the connection and the current subscription
//!   stay as they were.
//!
//! Before the first `subscribe` the server sends nothing.
//!
//! ### Server → client
//!
//! Each record of the log is sent as exactly its line in the log:
//!
//! ```json
//! {"type":"actor","seq":1,"id":"<uuid>","name":"counter"|null,"parent":"<uuid>"|null,"manifest":"…"|null,"initial_state":[…]|null,"wasm_sha256":"<hex>"|null}
//! {"type":"event","seq":2,"actor_id":"<uuid>","event":{"hash":[…],"parent_hash":[…]|null,"event_type":"wasm","data":[…]}}
//! ```
//!
//! - `actor`: an actor was seen, or its metadata changed; a later record for the same `id`
//!   replaces the earlier one. `initial_state` is CGRF bytes as a number array.
//! - `event`: one chain event of actor `actor_id`. `event` is the `ChainEvent` JSON exactly as
//!   Theater writes it (byte fields as number arrays), so it can be re-verified and replayed.
//!
//! Within one subscription, seqs strictly increase, and every record of the log from `from`
//! on that passes the filters is sent exactly once.
//!
//! ```json
//! {"type":"lagged","seq":N}
//! ```
//!
//! The client did not read fast enough: the server's queue for it filled up, so it stopped
//! that client's feed (a slow client never slows down the writer or other clients). Every
//! record up to and including seq `N` that passes the filters has been sent; nothing after
//! it will be. To continue with nothing missing, send the same subscription with
//! `"from":{"seq":N+1}`: the server then reads the rest from the log and goes live again.
//!
//! ```json
//! {"type":"error","message":"…"}
//! ```
//!
//! A message the server could not accept, or a failure reading the log (which ends the
//! feed; subscribe again to retry).
//!
//! Key order: readers accept any; writers emit `subscribe` and `error` with alphabetical keys
//! (`{"from":…,"type":"subscribe"}`, `{"message":…,"type":"error"}`) and records and `lagged`
//! with `"type"` first, the bytes Reprise has always written.

mod client_message;
mod event_json;
mod feed_start;
mod log_record;
mod server_message;
mod wire_error;

pub use client_message::{subscribe_message, ClientMessage, Subscription};
pub use feed_start::FeedStart;
pub(crate) use log_record::parse_record;
pub use log_record::{ActorInfo, LogRecord, RecordBody};
pub use server_message::{error_message, lagged_message, ServerMessage};
pub use wire_error::WireError;
