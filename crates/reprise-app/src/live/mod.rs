//! A live feed from `reprise serve`: what to subscribe to, how records become verified
//! per-actor chains, reconnects with backoff, back-fills of gaps from the server's log, and
//! the feed's actors merged in arrival order. The browser module carries out the decisions.

mod live_actor;
mod live_backfill;
mod live_connection;
mod live_feed;
mod live_timeline;

pub use live_backfill::{
    BackfillRequest, BackfillStep, FeedActions, FeedChannel, MAX_BACKFILL_ATTEMPTS,
};
pub use live_connection::{Connection, FIRST_RETRY_MILLIS, MAX_RETRY_MILLIS};
pub use live_feed::{FeedReply, LiveFeed};
pub use live_timeline::{LiveTimeline, LiveTimelineRow};
