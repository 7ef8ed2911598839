//! `LiveFeed`: what a live connection to `reprise serve` has received, and every decision about
//! it — what to send on open, how to apply each record, when to resubscribe, how long to wait
//! before reconnecting, and what the status line says. The socket itself lives in
//! `crate::browser::live_socket`, which only carries out these decisions.
//!
//! Records append to per-actor chains as they arrive and are verified incrementally: each new
//! event costs one hash and one link check ([`IncrementalVerifier`]) plus its own summary.
//! This runs on the main thread on purpose: a live feed arrives a few events per message, and
//! summarising a handful of events is far below a frame's budget; whole files still go to the
//! worker.

use std::sync::Arc;

use reprise_chain::{
    analyze_actor, subscribe_message, ActorChain, AnalyzedActor, ChainEvent, IncrementalVerifier,
    LinkStatus, LiveMessage,
};

/// First reconnect delay; it doubles after each failed attempt.
pub const FIRST_RETRY_MILLIS: u32 = 1_000;
/// Longest reconnect delay.
pub const MAX_RETRY_MILLIS: u32 = 30_000;

/// Where the connection stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    /// Opening the socket.
    Connecting,
    /// Subscribed; records arrive.
    Live,
    /// The socket closed; the next attempt starts after `delay_millis`.
    Reconnecting {
        /// Wait before the next attempt.
        delay_millis: u32,
    },
    /// Closed on purpose.
    Closed {
        /// Why.
        reason: String,
    },
}

/// What the socket must do after a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedReply {
    /// Nothing.
    Nothing,
    /// Send this text (a new `subscribe`).
    Send(String),
}

/// One actor of the feed.
#[derive(Debug, Clone)]
struct LiveActor {
    actor: Arc<AnalyzedActor>,
    verifier: IncrementalVerifier,
}

/// Everything received over one live connection (across reconnects).
#[derive(Debug, Clone)]
pub struct LiveFeed {
    url: String,
    connection: Connection,
    last_seq: Option<u64>,
    num_failed_attempts: u32,
    actors: Vec<LiveActor>,
    num_gaps: usize,
    last_error: Option<String>,
}

impl LiveFeed {
    /// A feed about to connect to `url`.
    pub fn new(url: String) -> Self {
        Self {
            url,
            connection: Connection::Connecting,
            last_seq: None,
            num_failed_attempts: 0,
            actors: Vec::new(),
            num_gaps: 0,
            last_error: None,
        }
    }

    /// The WebSocket URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The name the session shows as this feed's file.
    pub fn source_name(&self) -> String {
        format!("live: {}", self.url)
    }

    /// Where the connection stands.
    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    /// The last seq applied, if any.
    pub fn last_seq(&self) -> Option<u64> {
        self.last_seq
    }

    /// Events whose parent had not been seen when they arrived.
    pub fn num_gaps(&self) -> usize {
        self.num_gaps
    }

    /// The feed's actors, in the order they were first seen.
    pub fn actors(&self) -> Vec<Arc<AnalyzedActor>> {
        self.actors
            .iter()
            .map(|live| Arc::clone(&live.actor))
            .collect()
    }

    /// The subscription to send: from the beginning, or right after the last seq applied.
    pub fn subscribe_message(&self) -> String {
        subscribe_message(self.last_seq.map(|seq| seq + 1))
    }

    /// A new socket is about to open.
    pub fn on_connecting(&mut self) {
        self.connection = Connection::Connecting;
    }

    /// The socket opened: returns the subscription to send.
    pub fn on_open(&mut self) -> String {
        self.connection = Connection::Live;
        self.num_failed_attempts = 0;
        self.last_error = None;
        self.subscribe_message()
    }

    /// Applies one text message; returns what to send back.
    pub fn on_text(&mut self, text: &str) -> FeedReply {
        match LiveMessage::parse(text) {
            Ok(LiveMessage::Actor { seq, actor }) => {
                if self.is_new(seq) {
                    self.apply_actor(actor);
                }
                FeedReply::Nothing
            }
            Ok(LiveMessage::Event {
                seq,
                actor_id,
                event,
            }) => {
                if self.is_new(seq) {
                    self.apply_event(actor_id, event);
                }
                FeedReply::Nothing
            }
            Ok(LiveMessage::Lagged { seq }) => {
                // Everything up to `seq` that passes the filters was sent; continue after it.
                self.last_seq = Some(self.last_seq.map_or(seq, |last| last.max(seq)));
                FeedReply::Send(self.subscribe_message())
            }
            Ok(LiveMessage::Error { message }) => {
                self.last_error = Some(format!("server: {message}"));
                FeedReply::Nothing
            }
            Err(problem) => {
                self.last_error = Some(format!("unreadable message: {problem}"));
                FeedReply::Nothing
            }
        }
    }

    /// The socket closed (`reason` from the close event): returns the delay before the next
    /// attempt, doubling from [`FIRST_RETRY_MILLIS`] up to [`MAX_RETRY_MILLIS`]; `None` when the
    /// feed was closed on purpose.
    pub fn on_close(&mut self, reason: &str) -> Option<u32> {
        if matches!(self.connection, Connection::Closed { .. }) {
            return None;
        }
        if !reason.is_empty() {
            self.last_error = Some(reason.to_string());
        }
        let delay_millis = FIRST_RETRY_MILLIS
            .saturating_mul(1 << self.num_failed_attempts.min(5))
            .min(MAX_RETRY_MILLIS);
        self.num_failed_attempts += 1;
        self.connection = Connection::Reconnecting { delay_millis };
        Some(delay_millis)
    }

    /// Stops the feed for good.
    pub fn close(&mut self, reason: String) {
        self.connection = Connection::Closed { reason };
    }

    /// The status line: `connecting`, `live`, `reconnecting in 2s`, `closed: <reason>`, then
    /// the seq reached, gaps and the last problem.
    pub fn status_text(&self) -> String {
        let mut text = match &self.connection {
            Connection::Connecting => "connecting".to_string(),
            Connection::Live => "live".to_string(),
            Connection::Reconnecting { delay_millis } => {
                format!("reconnecting in {}s", delay_millis.div_ceil(1000))
            }
            Connection::Closed { reason } => format!("closed: {reason}"),
        };
        if let Some(seq) = self.last_seq {
            text.push_str(&format!(" · seq {seq}"));
        }
        if self.num_gaps > 0 {
            text.push_str(&format!(" · {} gap(s): parent not yet seen", self.num_gaps));
        }
        if let Some(error) = &self.last_error {
            text.push_str(&format!(" · {error}"));
        }
        text
    }

    /// A stable name for `data-state` and CSS: `connecting`, `live`, `reconnecting`, `closed`.
    pub fn state_name(&self) -> &'static str {
        match self.connection {
            Connection::Connecting => "connecting",
            Connection::Live => "live",
            Connection::Reconnecting { .. } => "reconnecting",
            Connection::Closed { .. } => "closed",
        }
    }

    /// Records after a resubscribe may repeat a few already applied; seqs only grow.
    fn is_new(&mut self, seq: u64) -> bool {
        if self.last_seq.is_some_and(|last| seq <= last) {
            return false;
        }
        self.last_seq = Some(seq);
        true
    }

    fn apply_actor(&mut self, metadata: ActorChain) {
        let live = self.actor_mut(metadata.id.clone().unwrap_or_default());
        let actor = Arc::make_mut(&mut live.actor);
        actor.chain = ActorChain {
            events: std::mem::take(&mut actor.chain.events),
            ..metadata
        };
    }

    fn apply_event(&mut self, actor_id: String, event: ChainEvent) {
        let live = self.actor_mut(actor_id);
        let check = live.verifier.push(&event);
        let is_gap = matches!(
            check.link,
            LinkStatus::ParentMismatch | LinkStatus::PartialStart
        );
        let one_event = ActorChain {
            events: vec![event],
            ..ActorChain::default()
        };
        let mut analyzed = analyze_actor(0, one_event, &mut |_| {});
        let (Some(mut summary), Some(event)) =
            (analyzed.summaries.pop(), analyzed.chain.events.pop())
        else {
            return;
        };
        let actor = Arc::make_mut(&mut live.actor);
        let event_idx = actor.chain.events.len();
        // The one-event analysis numbers its own state source 0; map it onto the chain.
        summary.state_source_idx = match summary.state_source_idx {
            Some(_) => Some(event_idx),
            None => actor
                .summaries
                .last()
                .and_then(|previous| previous.state_source_idx),
        };
        actor.chain.events.push(event);
        actor.summaries.push(summary);
        let report = live.verifier.report();
        actor.report.num_events = report.num_events;
        actor.report.hashes_checked = report.hashes_checked;
        actor.report.partial_from = report.partial_from;
        actor.report.first_broken = report.first_broken.clone();
        actor.report.checks.push(check);
        if is_gap {
            self.num_gaps += 1;
        }
    }

    fn actor_mut(&mut self, actor_id: String) -> &mut LiveActor {
        let existing = self
            .actors
            .iter()
            .position(|live| live.actor.chain.id.as_deref() == Some(actor_id.as_str()));
        let pos = match existing {
            Some(pos) => pos,
            None => {
                let chain = ActorChain {
                    id: Some(actor_id),
                    ..ActorChain::default()
                };
                self.actors.push(LiveActor {
                    actor: Arc::new(analyze_actor(0, chain, &mut |_| {})),
                    verifier: IncrementalVerifier::new(),
                });
                self.actors.len() - 1
            }
        };
        &mut self.actors[pos]
    }
}
