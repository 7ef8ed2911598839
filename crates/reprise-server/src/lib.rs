//! # reprise-server: `reprise serve`, the live bridge between the durable log and the browser
//!
//! Serves the built web app at `/` and a WebSocket feed at `/ws` (protocol:
//! [`reprise_chain::wire`], where every message is defined once) over
//! one [`LiveLog`]: the durable log of `reprise-store` plus a live broadcast of every record
//! appended. Writers in the same process (a recorder) append through [`LiveLog::append_batch`];
//! `reprise serve` itself appends the files it is given ([`load_file`]). Every command that
//! writes or serves a capture starts and stops the same way: [`run_session`] (open the log,
//! bind, run the work, stop on Ctrl-C, flush, one [`SessionError`]).
//!
//! Invariants:
//! - the log is the source of truth: a record is broadcast only after it is durable, and any
//!   client can get any record again by subscribing from its seq;
//! - a slow subscriber never paces the writer or other subscribers: it is sent `lagged`;
//! - the server binds loopback unless told otherwise, refuses cross-origin upgrades, and
//!   never connects anywhere a client names.

mod capture_session;
mod feed;
mod file_loader;
mod live_log;
mod module_route;
mod origin_check;
mod record_filter;
mod serve_session;
mod server;
mod session_notice;
mod stop_signal;
mod ws_connection;

pub use capture_session::{
    block_on, run_session, ServeAt, SessionContext, SessionError, SessionOptions,
};
pub use file_loader::{derive_actor_id, load_file, LoadError, LoadProgress, LoadReport};
pub use live_log::{LiveLog, LiveRecord, DEFAULT_LIVE_QUEUE_LEN};
pub use serve_session::{serve_blocking, ServeOptions};
pub use server::{missing_app_hint, Server, ServerConfig};
pub use session_notice::{Notice, NoticeSink};
pub use stop_signal::wait_for_stop_signal;
