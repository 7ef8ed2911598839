//! # reprise-app: the page's decisions, as plain types
//!
//! Everything the web app decides, without a DOM, a signal or a web API, so it is tested
//! natively with `cargo test`: which files and actors are open and how each is named
//! ([`session`]), the timeline's rows and statuses ([`timeline`]), an event's detail
//! ([`detail`]), the page's exports ([`export`]), the actor tree and message jumps
//! ([`actors`]), a live feed with its reconnects and back-fills ([`live`]), history entries
//! and the copy-link shortcut ([`navigation`]), replay runs and the module each runs
//! ([`replay`]), share links with their head check ([`share`]), and the messages between the
//! page and its worker ([`worker_protocol`]).
//!
//! The web crate (`reprise-web`) holds these values in signals, renders them with Leptos and
//! carries out their decisions through its `browser` module; the worker runs
//! [`replay::ReplaySessions`].
//!
//! Invariant: no leptos, web-sys, js-sys or wasm-bindgen dependency (checked by
//! `scripts/check-invariants.sh`).

pub mod actors;
pub mod detail;
pub mod export;
pub mod live;
pub mod navigation;
pub mod replay;
pub mod session;
pub mod share;
pub mod timeline;
pub mod worker_protocol;

pub use actors::{MessageJump, SessionLinks, TreeRow, MAX_INDENT_DEPTH};
pub use detail::{hex_lines, EventDetail, HexLine, StateAfter, BYTES_PER_LINE, PAGE_BYTES};
pub use export::{export_file, export_options, ExportKind, ExportOption, ExportedFile};
pub use live::{
    BackfillRequest, BackfillStep, Connection, FeedActions, FeedChannel, FeedReply, LiveFeed,
    LiveTimeline, LiveTimelineRow, FIRST_RETRY_MILLIS, MAX_BACKFILL_ATTEMPTS, MAX_RETRY_MILLIS,
};
pub use navigation::{
    CopyLinkShortcut, HistoryPolicy, HistoryWrite, LinkNotice, LinkStatus, SelectionCause,
    BURST_WINDOW_MS, COPY_LINK_KEY, LINK_NOTICE_MILLIS,
};
pub use replay::{
    module_url, DivergenceView, ModuleFetch, ModuleRequest, ReplayRun, ReplayRuns, ServerModule,
    WasmChoice, WasmFile, WasmOffer, NO_WASM_HINT,
};
pub use session::{
    ActorEntry, ActorKey, FileOrigin, JobOrigin, LoadError, LoadJob, OpenActor, OpenFile,
    Selection, Session, DEMO_BYTES, DEMO_PATH,
};
pub use timeline::{EventStatus, TimelineRows, Verdict};
