//! `LiveState`: the live feed (`LiveFeed`) in a signal, and the few calls the socket adapter
//! (`crate::browser::live_socket`) makes on it. Every call decides through `LiveFeed` and then
//! shows the feed's actors through [`DebuggerState::show_live_actors`].

use leptos::prelude::*;

use crate::state::{DebuggerState, FeedReply, LiveFeed};

/// Handles to the live feed. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct LiveState {
    feed: RwSignal<Option<LiveFeed>>,
    debugger: DebuggerState,
}

impl LiveState {
    /// Creates the live state and makes it the context of the current component tree.
    pub fn provide(debugger: DebuggerState) -> Self {
        let state = Self {
            feed: RwSignal::new(None),
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

    /// The URL of the current feed, if any.
    pub fn url(&self) -> Option<String> {
        self.feed
            .with_untracked(|feed| feed.as_ref().map(|feed| feed.url().to_string()))
    }

    /// Starts a new feed for `url`, replacing (and closing) the current one.
    pub fn start(&self, url: String) {
        self.feed.set(Some(LiveFeed::new(url)));
    }

    /// A socket for the current feed is about to open.
    pub fn on_connecting(&self) {
        self.update(LiveFeed::on_connecting);
    }

    /// The socket opened: the subscription to send.
    pub fn on_open(&self) -> Option<String> {
        self.update(LiveFeed::on_open)
    }

    /// Applies a batch of text messages; returns the texts to send back.
    pub fn on_texts(&self, texts: Vec<String>) -> Vec<String> {
        let applied = self.update(|feed| {
            let replies: Vec<String> = texts
                .iter()
                .filter_map(|text| match feed.on_text(text) {
                    FeedReply::Send(reply) => Some(reply),
                    FeedReply::Nothing => None,
                })
                .collect();
            (replies, feed.source_name(), feed.actors())
        });
        let Some((replies, source_name, actors)) = applied else {
            return Vec::new();
        };
        self.debugger.show_live_actors(&source_name, actors);
        replies
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
