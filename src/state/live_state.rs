//! `LiveState`: the live feed (`LiveFeed`) in a signal, and the few calls the socket adapter
//! (`crate::browser::live_socket`) makes on it. Every call decides through `LiveFeed` and then
//! shows the feed's actors through [`DebuggerState::show_live_actors`]. It also says whether
//! the merged timeline (every actor of the feed in arrival order) is shown instead of one
//! actor's timeline.

use leptos::prelude::*;

use crate::state::{
    BackfillRequest, DebuggerState, FeedActions, FeedChannel, LiveFeed, LiveTimeline,
};

/// Handles to the live feed. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct LiveState {
    feed: RwSignal<Option<LiveFeed>>,
    is_merged_shown: RwSignal<bool>,
    debugger: DebuggerState,
}

impl LiveState {
    /// Creates the live state and makes it the context of the current component tree.
    pub fn provide(debugger: DebuggerState) -> Self {
        let state = Self {
            feed: RwSignal::new(None),
            is_merged_shown: RwSignal::new(false),
            debugger,
        };
        provide_context(state);
        state
    }

    /// The live state provided by an ancestor.
    ///
    /// # Panics
    /// When no ancestor called [`LiveState::provide`]: a wiring bug, not a runtime condition.
    pub fn expect_context() -> Self {
        use_context::<Self>().expect("LiveState::provide must run in an ancestor component")
    }

    /// The status line and its state name (`live`, …), or `None` before any connection.
    pub fn status(&self) -> Signal<Option<(String, &'static str)>> {
        let feed = self.feed;
        Signal::derive(move || {
            feed.with(|feed| {
                feed.as_ref()
                    .map(|feed| (feed.status_text(), feed.state_name()))
            })
        })
    }

    /// Whether a feed was started (the merged timeline is offered only then).
    pub fn is_active(&self) -> Signal<bool> {
        let feed = self.feed;
        Signal::derive(move || feed.with(Option::is_some))
    }

    /// Whether the merged timeline is shown instead of the selected actor's.
    pub fn is_merged_shown(&self) -> Signal<bool> {
        self.is_merged_shown.into()
    }

    /// Shows the merged timeline, or the selected actor's again.
    pub fn show_merged(&self, is_shown: bool) {
        self.is_merged_shown.set(is_shown);
    }

    /// The feed's events across its actors in arrival order, as the session shows them.
    pub fn merged_timeline(&self) -> Memo<LiveTimeline> {
        let feed = self.feed;
        let entries = self.debugger.actor_entries();
        Memo::new(move |_| {
            let entries = entries.get();
            feed.with(|feed| {
                feed.as_ref().map_or_else(LiveTimeline::default, |feed| {
                    LiveTimeline::build(feed.event_seqs(), feed.actors(), &entries, feed.url())
                })
            })
        })
    }

    /// The URL of the current feed, if any.
    pub fn url(&self) -> Option<String> {
        self.feed
            .with_untracked(|feed| feed.as_ref().map(|feed| feed.url().to_string()))
    }

    /// Starts a new feed for `url` where `from_param` says (`beginning` when `None`),
    /// replacing (and closing) the current one.
    pub fn start(&self, url: String, from_param: Option<&str>) {
        self.feed.set(Some(LiveFeed::from_param(url, from_param)));
    }

    /// A socket for the current feed is about to open.
    pub fn on_connecting(&self) {
        self.update(LiveFeed::on_connecting);
    }

    /// The socket opened: the subscription to send.
    pub fn on_open(&self) -> Option<String> {
        self.update(LiveFeed::on_open)
    }

    /// Applies a batch of messages from the feed's connections; returns what the socket must
    /// do next.
    pub fn on_messages(&self, messages: Vec<(FeedChannel, String)>) -> FeedActions {
        let applied = self.update(|feed| {
            let actions = feed.on_messages(&messages);
            (actions, feed.url().to_string(), feed.actors())
        });
        let Some((actions, feed_url, actors)) = applied else {
            return FeedActions::default();
        };
        self.debugger.show_live_actors(&feed_url, actors);
        actions
    }

    /// A back-fill's connection closed: the back-fills to open now.
    pub fn on_backfill_closed(&self, backfill_id: u32, reason: &str) -> Vec<BackfillRequest> {
        self.update(|feed| feed.on_backfill_closed(backfill_id, reason))
            .unwrap_or_default()
    }

    /// The socket closed: the delay before reconnecting, or `None` to stay closed.
    pub fn on_close(&self, reason: &str) -> Option<u32> {
        self.update(|feed| feed.on_close(reason)).flatten()
    }

    /// Closes the current feed for good.
    pub fn close(&self, reason: String) {
        self.update(|feed| feed.close(reason));
    }

    fn update<T>(&self, change: impl FnOnce(&mut LiveFeed) -> T) -> Option<T> {
        self.feed
            .try_update(|feed| feed.as_mut().map(change))
            .flatten()
    }
}
