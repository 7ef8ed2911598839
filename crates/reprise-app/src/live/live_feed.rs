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
//!
//! A gap (an event whose parent was not seen) is back-filled from the server's log: the feed
//! asks for a short-lived subscription to that actor's earlier events and rebuilds its chain
//! (`crate::live::live_backfill`). The seq of every applied event is kept per actor, so the
//! actors can also be shown merged in arrival order.

use std::sync::Arc;

use reprise_chain::wire::{FeedStart, LogRecord, RecordBody, ServerMessage, Subscription};
use reprise_chain::AnalyzedActor;

use crate::live::live_actor::LiveActor;
use crate::live::live_backfill::{BackfillRequest, BackfillStep, FeedActions, FeedChannel};
use crate::live::live_connection::Connection;

/// What the socket must do after a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedReply {
    /// Nothing.
    Nothing,
    /// Send this text (a new `subscribe`).
    Send(String),
}

/// Everything received over one live connection (across reconnects).
#[derive(Debug, Clone)]
pub struct LiveFeed {
    url: String,
    start: FeedStart,
    connection: Connection,
    last_seq: Option<u64>,
    num_failed_attempts: u32,
    actors: Vec<LiveActor>,
    next_backfill_id: u32,
    /// Why `?from=` was ignored; shown for the feed's whole life, unlike `last_error`.
    start_problem: Option<String>,
    last_error: Option<String>,
}

impl LiveFeed {
    /// A feed about to connect to `url`, from the beginning of its log.
    pub fn new(url: String) -> Self {
        Self::starting_at(url, FeedStart::Beginning)
    }

    /// A feed about to connect to `url`, starting at `start` (`?from=` in the page URL).
    pub fn starting_at(url: String, start: FeedStart) -> Self {
        Self {
            url,
            start,
            connection: Connection::Connecting,
            last_seq: None,
            num_failed_attempts: 0,
            actors: Vec::new(),
            next_backfill_id: 0,
            start_problem: None,
            last_error: None,
        }
    }

    /// A feed for `url` starting where `from_param` says; a value that cannot be read is
    /// shown in the status line and the feed starts from the beginning.
    pub fn from_param(url: String, from_param: Option<&str>) -> Self {
        match from_param.map(FeedStart::parse) {
            None => Self::new(url),
            Some(Ok(start)) => Self::starting_at(url, start),
            Some(Err(problem)) => {
                let mut feed = Self::new(url);
                feed.start_problem = Some(format!("ignored from: {problem}"));
                feed
            }
        }
    }

    /// The WebSocket URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Where the connection stands.
    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    /// The last seq applied, if any.
    pub fn last_seq(&self) -> Option<u64> {
        self.last_seq
    }

    /// Events whose parent has not been seen and that the log was not read for yet.
    pub fn num_gaps(&self) -> usize {
        self.actors.iter().map(LiveActor::num_open_gaps).sum()
    }

    /// Actors whose recording itself started mid-way (the log's first event has a parent).
    pub fn num_partial_actors(&self) -> usize {
        self.actors
            .iter()
            .filter(|live| live.is_recorded_from_mid_way())
            .count()
    }

    /// The log seq of every event, per actor, in the order of [`LiveFeed::actors`].
    pub fn event_seqs(&self) -> Vec<Vec<u64>> {
        self.actors
            .iter()
            .map(|live| live.event_seqs.clone())
            .collect()
    }

    /// The feed's actors, in the order they were first seen.
    pub fn actors(&self) -> Vec<Arc<AnalyzedActor>> {
        self.actors
            .iter()
            .map(|live| Arc::clone(&live.actor))
            .collect()
    }

    /// The subscription to send: where the feed starts, or right after the last seq applied.
    pub fn subscribe_message(&self) -> String {
        let from = match self.last_seq {
            Some(seq) => FeedStart::Seq(seq + 1),
            None => self.start,
        };
        Subscription::all_actors(from).to_message()
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
        match ServerMessage::parse(text) {
            Ok(ServerMessage::Record(LogRecord {
                seq,
                body: RecordBody::Actor(info),
            })) => {
                if self.is_new(seq) {
                    let actor_id = info.id.clone();
                    self.actor_mut(actor_id)
                        .apply_metadata(seq, info.to_actor_chain());
                }
                FeedReply::Nothing
            }
            Ok(ServerMessage::Record(LogRecord {
                seq,
                body: RecordBody::Event { actor_id, event },
            })) => {
                if self.is_new(seq) {
                    self.actor_mut(actor_id).push_event(seq, event);
                }
                FeedReply::Nothing
            }
            Ok(ServerMessage::Lagged { seq }) => {
                // Everything up to `seq` that passes the filters was sent; continue after it.
                self.last_seq = Some(self.last_seq.map_or(seq, |last| last.max(seq)));
                FeedReply::Send(self.subscribe_message())
            }
            Ok(ServerMessage::Error { message }) => {
                self.last_error = Some(format!("server: {message}"));
                FeedReply::Nothing
            }
            Err(problem) => {
                self.last_error = Some(format!("unreadable message: {problem}"));
                FeedReply::Nothing
            }
        }
    }

    /// Applies a batch of messages from the feed's connections; returns what the socket must
    /// do: texts to send, back-fills to close, and back-fills to open for new gaps.
    pub fn on_messages(&mut self, messages: &[(FeedChannel, String)]) -> FeedActions {
        let mut actions = FeedActions::default();
        for (channel, text) in messages {
            match *channel {
                FeedChannel::Main => {
                    if let FeedReply::Send(reply) = self.on_text(text) {
                        actions.send.push((FeedChannel::Main, reply));
                    }
                }
                FeedChannel::Backfill(backfill_id) => {
                    match self.on_backfill_text(backfill_id, text) {
                        BackfillStep::Continue => {}
                        BackfillStep::Send(reply) => actions.send.push((*channel, reply)),
                        // Messages already on their way after the end also say `Done`.
                        BackfillStep::Done if !actions.close_backfills.contains(&backfill_id) => {
                            actions.close_backfills.push(backfill_id);
                        }
                        BackfillStep::Done => {}
                    }
                }
            }
        }
        actions.open_backfills = self.take_backfill_requests();
        actions
    }

    /// Back-fills to open now: one per actor with a gap the log was not read for yet.
    pub fn take_backfill_requests(&mut self) -> Vec<BackfillRequest> {
        if matches!(self.connection, Connection::Closed { .. }) {
            return Vec::new();
        }
        let mut requests = Vec::new();
        for live in &mut self.actors {
            if let Some(request) = live.start_backfill(self.next_backfill_id) {
                self.next_backfill_id += 1;
                requests.push(request);
            }
        }
        requests
    }

    /// Applies one message of back-fill `backfill_id`; returns what its connection must do.
    /// Actor records fill in the metadata of actors the feed knows (a feed started mid-way
    /// has not seen them).
    pub fn on_backfill_text(&mut self, backfill_id: u32, text: &str) -> BackfillStep {
        let Some(pos) = self
            .actors
            .iter()
            .position(|live| live.running_backfill_id() == Some(backfill_id))
        else {
            return BackfillStep::Done;
        };
        match ServerMessage::parse(text) {
            Ok(ServerMessage::Record(LogRecord {
                seq,
                body: RecordBody::Actor(info),
            })) => {
                if let Some(known) = self.actors.iter_mut().find(|live| live.id() == info.id) {
                    known.apply_metadata(seq, info.to_actor_chain());
                }
                BackfillStep::Continue
            }
            Ok(ServerMessage::Record(LogRecord {
                seq,
                body: RecordBody::Event { actor_id, event },
            })) if actor_id == self.actors[pos].id() => {
                self.actors[pos].on_backfill_event(seq, event)
            }
            // The server filters by actor; another actor's event is ignored, not applied.
            Ok(ServerMessage::Record(_)) => BackfillStep::Continue,
            Ok(ServerMessage::Lagged { seq }) => {
                BackfillStep::Send(self.actors[pos].backfill_resubscription(seq))
            }
            Ok(ServerMessage::Error { message }) => {
                self.fail_backfill(pos, &format!("server: {message}"));
                BackfillStep::Done
            }
            Err(problem) => {
                self.fail_backfill(pos, &format!("unreadable message: {problem}"));
                BackfillStep::Done
            }
        }
    }

    /// Back-fill `backfill_id`'s connection closed; if it had not finished, that is a failed
    /// attempt. Returns the back-fills to open now (a retry, within the limit).
    pub fn on_backfill_closed(&mut self, backfill_id: u32, reason: &str) -> Vec<BackfillRequest> {
        if let Some(pos) = self
            .actors
            .iter()
            .position(|live| live.running_backfill_id() == Some(backfill_id))
        {
            self.fail_backfill(pos, reason);
        }
        self.take_backfill_requests()
    }

    /// The socket closed (`reason` from the close event): returns the delay before the next
    /// attempt ([`Connection::retry_delay_millis`]); `None` when the feed was closed on purpose.
    pub fn on_close(&mut self, reason: &str) -> Option<u32> {
        if matches!(self.connection, Connection::Closed { .. }) {
            return None;
        }
        if !reason.is_empty() {
            self.last_error = Some(reason.to_string());
        }
        let delay_millis = Connection::retry_delay_millis(self.num_failed_attempts);
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
        let mut text = self.connection.status_text();
        if let Some(seq) = self.last_seq {
            text.push_str(&format!(" · seq {seq}"));
        }
        let num_gaps = self.num_gaps();
        if num_gaps > 0 {
            text.push_str(&format!(" · {num_gaps} gap(s): parent not yet seen"));
            if self.actors.iter().any(LiveActor::is_backfilling) {
                text.push_str(", back-filling from the log");
            }
        }
        let num_gaps_not_in_log: usize =
            self.actors.iter().map(LiveActor::num_gaps_not_in_log).sum();
        if num_gaps_not_in_log > 0 {
            text.push_str(&format!(" · {num_gaps_not_in_log} gap(s) not in the log"));
        }
        let num_partial_actors = self.num_partial_actors();
        if num_partial_actors > 0 {
            text.push_str(&format!(
                " · partial: recording started mid-way ({num_partial_actors} actor(s))"
            ));
        }
        for problem in [&self.start_problem, &self.last_error]
            .into_iter()
            .flatten()
        {
            text.push_str(&format!(" · {problem}"));
        }
        text
    }

    /// A stable name for `data-state` and CSS: `connecting`, `live`, `reconnecting`, `closed`.
    pub fn state_name(&self) -> &'static str {
        self.connection.state_name()
    }

    /// Records after a resubscribe may repeat a few already applied; seqs only grow.
    fn is_new(&mut self, seq: u64) -> bool {
        if self.last_seq.is_some_and(|last| seq <= last) {
            return false;
        }
        self.last_seq = Some(seq);
        true
    }

    fn fail_backfill(&mut self, pos: usize, reason: &str) {
        let live = &mut self.actors[pos];
        live.fail_backfill();
        let label = live
            .actor
            .chain
            .name
            .clone()
            .unwrap_or_else(|| live.id().to_string());
        self.last_error = Some(format!("back-fill of {label} failed: {reason}"));
    }

    fn actor_mut(&mut self, actor_id: String) -> &mut LiveActor {
        let pos = match self.actors.iter().position(|live| live.id() == actor_id) {
            Some(pos) => pos,
            None => {
                self.actors.push(LiveActor::new(actor_id));
                self.actors.len() - 1
            }
        };
        &mut self.actors[pos]
    }
}
