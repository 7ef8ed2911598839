//! Back-filling a live actor's gap from the server's durable log: the decisions, with no
//! socket. When an actor's chain has an event whose parent was not seen (the feed started at
//! the tail or mid-way, or the connection missed records), `LiveFeed` asks for a second,
//! short-lived subscription to that actor's events from the beginning of the log
//! ([`BackfillRequest`]); it collects them until it reaches the gap's own event, then rebuilds
//! the chain in seq order, verified again from the start (see `LiveActor::rebuild_with`).
//!
//! Invariants: every back-fill covers the log up to a seq (`covered_until_seq`), and a new one
//! starts only for a gap after that seq, so a gap the log cannot fill (the recording itself
//! started mid-way, or the log has a hole) is asked for once, never in a loop; a back-fill
//! that fails (its socket closed, the server refused) is retried at most
//! [`MAX_BACKFILL_ATTEMPTS`] times in all for that actor.

use reprise_chain::wire::{FeedStart, Subscription};
use reprise_chain::ChainEvent;

use crate::live::live_actor::LiveActor;

/// How many back-fills of one actor may fail before the feed stops asking.
pub const MAX_BACKFILL_ATTEMPTS: u32 = 3;

/// A back-fill for the socket to open: a new connection sending `subscribe`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackfillRequest {
    /// Names the back-fill in every later call about it.
    pub backfill_id: u32,
    /// The actor whose earlier events are read.
    pub actor_id: String,
    /// The text to send once the connection is open.
    pub subscribe: String,
}

/// What a back-fill connection must do after a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackfillStep {
    /// Keep reading.
    Continue,
    /// Send this text (a resubscription after `lagged`).
    Send(String),
    /// Finished (or no longer wanted): close the connection.
    Done,
}

/// Which connection a message came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedChannel {
    /// The feed's own subscription.
    Main,
    /// A back-fill, by its id.
    Backfill(u32),
}

/// Everything the socket must do after a batch of messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedActions {
    /// Texts to send, each on its connection.
    pub send: Vec<(FeedChannel, String)>,
    /// Back-fill connections to close (finished or no longer wanted).
    pub close_backfills: Vec<u32>,
    /// Back-fill connections to open.
    pub open_backfills: Vec<BackfillRequest>,
}

/// Where one actor's back-fill stands.
#[derive(Debug, Clone, Default)]
pub(crate) struct BackfillState {
    running: Option<RunningBackfill>,
    /// The log was read up to this seq (inclusive); gaps at or before it are not in the log.
    covered_until_seq: Option<u64>,
    num_failures: u32,
}

#[derive(Debug, Clone)]
struct RunningBackfill {
    backfill_id: u32,
    /// The latest gap's seq when the back-fill started: reading stops on reaching it.
    until_seq: u64,
    events: Vec<(u64, ChainEvent)>,
}

impl LiveActor {
    /// Starts a back-fill when the chain has a gap after what the log was already read for,
    /// none is running and fewer than [`MAX_BACKFILL_ATTEMPTS`] failed.
    pub(crate) fn start_backfill(&mut self, backfill_id: u32) -> Option<BackfillRequest> {
        let state = &self.backfill;
        if state.running.is_some() || state.num_failures >= MAX_BACKFILL_ATTEMPTS {
            return None;
        }
        let covered_until_seq = state.covered_until_seq;
        let until_seq = self
            .gap_seqs()
            .filter(|seq| covered_until_seq.is_none_or(|covered| *seq > covered))
            .max()?;
        self.backfill.running = Some(RunningBackfill {
            backfill_id,
            until_seq,
            events: Vec::new(),
        });
        let subscription =
            Subscription::of_actors(FeedStart::Beginning, vec![self.id().to_string()]);
        Some(BackfillRequest {
            backfill_id,
            actor_id: self.id().to_string(),
            subscribe: subscription.to_message(),
        })
    }

    /// The id of the running back-fill, if any.
    pub(crate) fn running_backfill_id(&self) -> Option<u32> {
        self.backfill.running.as_ref().map(|run| run.backfill_id)
    }

    /// One of this actor's events read by the back-fill. Reaching the gap's own event ends
    /// it: the chain is rebuilt from what was read and what the feed holds.
    pub(crate) fn on_backfill_event(&mut self, seq: u64, event: ChainEvent) -> BackfillStep {
        let Some(running) = self.backfill.running.as_mut() else {
            return BackfillStep::Done;
        };
        if seq < running.until_seq {
            running.events.push((seq, event));
            return BackfillStep::Continue;
        }
        let until_seq = running.until_seq;
        let earlier = std::mem::take(&mut running.events);
        self.backfill.running = None;
        self.backfill.covered_until_seq = Some(until_seq);
        self.rebuild_with(earlier);
        BackfillStep::Done
    }

    /// The back-fill was told `lagged` at `seq`: the same subscription, after `seq`.
    pub(crate) fn backfill_resubscription(&self, seq: u64) -> String {
        Subscription::of_actors(FeedStart::Seq(seq + 1), vec![self.id().to_string()]).to_message()
    }

    /// The running back-fill ended before reaching the gap; it counts as one failed attempt.
    pub(crate) fn fail_backfill(&mut self) {
        self.backfill.running = None;
        self.backfill.num_failures += 1;
    }

    /// Whether a back-fill is running.
    pub(crate) fn is_backfilling(&self) -> bool {
        self.backfill.running.is_some()
    }

    /// Gaps the log was not read for yet (shown as `parent not yet seen`).
    pub(crate) fn num_open_gaps(&self) -> usize {
        let covered_until_seq = self.backfill.covered_until_seq;
        self.gap_seqs()
            .filter(|seq| covered_until_seq.is_none_or(|covered| *seq > covered))
            .count()
    }

    /// Whether the log itself starts this chain mid-way (read, and its first event has a
    /// parent): the recording started after the actor did.
    pub(crate) fn is_recorded_from_mid_way(&self) -> bool {
        self.backfill.covered_until_seq.is_some() && self.starts_mid_way()
    }

    /// Gaps after the chain's first event that the log was read for and does not fill.
    pub(crate) fn num_gaps_not_in_log(&self) -> usize {
        let Some(covered) = self.backfill.covered_until_seq else {
            return 0;
        };
        let first_seq = self.event_seqs.first().copied();
        self.gap_seqs()
            .filter(|seq| *seq <= covered && Some(*seq) != first_seq)
            .count()
    }
}
