//! The app's state: plain types that decide (session, selection, rows, statuses, load jobs,
//! replay sessions, the module a replay runs) and [`DebuggerState`], which holds them in signals for the components.

mod debugger_state;
mod demo;
mod event_detail;
mod event_status;
mod live_actor;
mod live_backfill;
mod live_connection;
mod live_feed;
mod live_state;
mod live_timeline;
mod load_error;
mod load_job;
mod message_jump;
mod replay_run;
mod replay_runs;
mod replay_state;
mod selection;
mod server_module;
mod session;
mod timeline_rows;
mod tree_rows;
mod verdict;
mod wasm_choice;

pub use debugger_state::DebuggerState;
pub use demo::{DEMO_BYTES, DEMO_PATH};
pub use event_detail::{EventDetail, StateAfter};
pub use event_status::EventStatus;
pub use live_backfill::{
    BackfillRequest, BackfillStep, FeedActions, FeedChannel, MAX_BACKFILL_ATTEMPTS,
};
pub use live_connection::{Connection, FIRST_RETRY_MILLIS, MAX_RETRY_MILLIS};
pub use live_feed::{FeedReply, LiveFeed};
pub use live_state::LiveState;
pub use live_timeline::{LiveTimeline, LiveTimelineRow};
pub use load_error::LoadError;
pub use load_job::{JobOrigin, LoadJob};
pub use message_jump::{message_links_of, MessageJump};
pub use replay_run::{DivergenceView, ReplayRun, NO_WASM_HINT};
pub use replay_runs::{ModuleRequest, ReplayRuns};
pub use replay_state::{ReplayState, SessionCommands};
pub use selection::Selection;
pub use server_module::{feed_url_of_source, module_url, ModuleFetch, ServerModule};
pub use session::{ActorEntry, OpenFile, Session};
pub use timeline_rows::TimelineRows;
pub use tree_rows::{TreeRow, MAX_INDENT_DEPTH};
pub use verdict::Verdict;
pub use wasm_choice::{WasmChoice, WasmFile, WasmOffer};
