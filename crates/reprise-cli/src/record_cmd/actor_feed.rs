//! `ActorFeed`: one actor's own TCP connection to theater-server. `ActorEvent` names no
//! actor, so the connection does: it is subscribed to exactly one actor and hands every event
//! it reads, in order, to the log writer, tagged with that actor's id. The connection is
//! either the feed's own `SubscribeToActor` ([`FeedSource::Subscribe`]: a running actor, seen
//! from then on) or the one that started the actor with `StartActor{subscribe:true}`
//! ([`FeedSource::Started`]: every event from the first); the same loop reads both.
//!
//! It also watches the chain as it goes: a first event with a parent means the chain is
//! partial (the actor ran before the subscription), a link to anything but the previous event
//! means the server dropped events, and a `supervisor/spawn` output names a child to follow.
//!
//! Invariants: it reads as fast as the socket delivers (the writer never makes it wait),
//! because theater-server drops events for subscribers that fall behind; on stop it still
//! keeps what the server already sent; after a `shutdown` event (the last a chain records)
//! it detaches.

use std::net::SocketAddr;
use std::time::Duration;

use reprise_chain::event::short_hex;
use reprise_chain::wire::RecordBody;
use reprise_chain::{spawned_child_id, ChainEvent};
use reprise_theater_client::{
    ConnectionError, ManagementCommand, ManagementResponse, TheaterConnection,
};
use tokio::sync::{mpsc, watch};

/// How long subscribing (connect, `Subscribed`, the barrier) may take.
const SUBSCRIBE_TIMEOUT: Duration = Duration::from_secs(10);

/// On stop, how long the connection must be quiet before the feed ends.
const DRAIN_QUIET: Duration = Duration::from_millis(100);

/// On stop, the longest the feed keeps reading (a busy actor is never quiet).
const DRAIN_MAX: Duration = Duration::from_secs(1);

/// What a feed tells the recorder.
#[derive(Debug)]
pub enum FeedNotice {
    /// `parent_id` spawned `child_id` (from a recorded spawn output).
    Spawned {
        /// The spawning actor.
        parent_id: String,
        /// The new actor.
        child_id: String,
    },
    /// The feed stopped before it was asked to: the reason, for people.
    Failed {
        /// The actor.
        actor_id: String,
        /// Why.
        error: String,
    },
}

/// Where a feed's subscribed connection comes from.
pub enum FeedSource {
    /// Connect to the server (the address the user gave, resolved once) and subscribe.
    Subscribe(SocketAddr),
    /// A connection that started the actor subscribed, and the events it already read.
    Started {
        /// The connection, subscribed since the actor's start (boxed: it holds the frame
        /// buffers, and the enum is moved around).
        connection: Box<TheaterConnection>,
        /// Events read before `ActorStarted`, in order.
        early_events: Vec<ChainEvent>,
    },
}

/// One actor's subscription.
pub struct ActorFeed {
    /// The actor.
    pub actor_id: String,
    /// How to call it in messages (`<id> (counter)`).
    pub label: String,
    /// Where events go.
    pub records: mpsc::UnboundedSender<RecordBody>,
    /// Where spawns and failures go.
    pub notices: mpsc::UnboundedSender<FeedNotice>,
    /// Becomes `true` when the recorder stops.
    pub stop: watch::Receiver<bool>,
    /// The hash of this actor's last event already in the log (an earlier recording into
    /// the same directory), which the first event received should link to.
    pub last_logged_hash: Option<Vec<u8>>,
}

/// What is known of the chain recorded so far.
#[derive(Default)]
struct ChainWatch {
    last_hash: Option<Vec<u8>>,
    has_ended: bool,
}

impl ActorFeed {
    /// Records until the recorder stops; a failure is sent as [`FeedNotice::Failed`].
    pub async fn run(mut self, source: FeedSource) {
        if let Err(err) = self.record(source).await {
            let _ = self.notices.send(FeedNotice::Failed {
                actor_id: self.actor_id.clone(),
                error: err.to_string(),
            });
        }
    }

    async fn record(&mut self, source: FeedSource) -> Result<(), ConnectionError> {
        let (mut connection, early_events) = match source {
            FeedSource::Subscribe(server_addr) => {
                let subscribing = self.subscribe(server_addr);
                let subscribed = match tokio::time::timeout(SUBSCRIBE_TIMEOUT, subscribing).await {
                    Ok(subscribed) => subscribed?,
                    Err(_) => {
                        return Err(ConnectionError::NoAnswer {
                            command: "SubscribeToActor",
                            waited_secs: SUBSCRIBE_TIMEOUT.as_secs(),
                        })
                    }
                };
                eprintln!("reprise: attached actor {}", self.label);
                subscribed
            }
            // The recorder already said it started the actor.
            FeedSource::Started {
                connection,
                early_events,
            } => (*connection, early_events),
        };
        let mut chain = ChainWatch {
            last_hash: self.last_logged_hash.clone(),
            ..ChainWatch::default()
        };
        for event in early_events {
            self.take(&mut chain, event);
        }
        let mut stop = self.stop.clone();
        loop {
            if chain.has_ended {
                // Theater drops a stopped actor's chain: nothing can follow its `shutdown`.
                eprintln!("reprise: actor {}: shutdown recorded; detached", self.label);
                return Ok(());
            }
            tokio::select! {
                // Reading a frame is cancel-safe: a partly read frame stays in the buffer.
                response = connection.next_response() => {
                    if let ManagementResponse::ActorEvent { event } = response? {
                        self.take(&mut chain, event);
                    }
                }
                _ = stop.wait_for(|is_stopped| *is_stopped) => break,
            }
        }
        self.drain(&mut connection, &mut chain).await;
        Ok(())
    }

    /// Connects and subscribes; returns the connection once the subscription is in place,
    /// with any event that arrived meanwhile.
    async fn subscribe(
        &self,
        server_addr: SocketAddr,
    ) -> Result<(TheaterConnection, Vec<ChainEvent>), ConnectionError> {
        let mut connection = TheaterConnection::connect(server_addr).await?;
        let mut early_events = Vec::new();
        let subscribe = ManagementCommand::SubscribeToActor {
            id: self.actor_id.clone(),
        };
        match connection
            .request(&subscribe, |event| early_events.push(event))
            .await?
        {
            ManagementResponse::Subscribed { .. } => {}
            other => {
                return Err(ConnectionError::Unexpected {
                    command: "SubscribeToActor",
                    response: other.variant_name().to_string(),
                })
            }
        }
        // The server answers `Subscribed` before its runtime has registered the subscription.
        // The runtime handles commands one at a time, in order, so once a later `ListActors`
        // is answered the subscription is in place: only then is the actor "attached".
        connection
            .request(&ManagementCommand::ListActors, |event| {
                early_events.push(event)
            })
            .await?;
        Ok((connection, early_events))
    }

    /// On stop, keeps what the server already sent (events in flight when Ctrl-C came) until
    /// the connection is quiet, for at most [`DRAIN_MAX`]. Errors now only end the drain.
    async fn drain(&self, connection: &mut TheaterConnection, chain: &mut ChainWatch) {
        let deadline = tokio::time::Instant::now() + DRAIN_MAX;
        while tokio::time::Instant::now() < deadline {
            match tokio::time::timeout(DRAIN_QUIET, connection.next_response()).await {
                Ok(Ok(ManagementResponse::ActorEvent { event })) => self.take(chain, event),
                Ok(Ok(_)) => {}
                Ok(Err(_)) | Err(_) => return,
            }
        }
    }

    fn take(&self, chain: &mut ChainWatch, event: ChainEvent) {
        match (&chain.last_hash, &event.parent_hash) {
            (None, Some(parent)) => eprintln!(
                "reprise: actor {}: attached mid-way (its first recorded event's parent {} was \
                 not seen): the chain is partial",
                self.label,
                short_hex(parent, 8)
            ),
            (Some(last), parent) if parent.as_ref() != Some(last) => eprintln!(
                "reprise: actor {}: event {} does not follow event {}: the events in between \
                 were not received (emitted while no recorder was attached, or dropped by \
                 theater-server for a subscriber that fell behind)",
                self.label,
                short_hex(&event.hash, 8),
                short_hex(last, 8)
            ),
            _ => {}
        }
        chain.last_hash = Some(event.hash.clone());
        chain.has_ended = event.event_type == "shutdown";
        if let Some(child_id) = spawned_child_id(&event) {
            let _ = self.notices.send(FeedNotice::Spawned {
                parent_id: self.actor_id.clone(),
                child_id,
            });
        }
        let _ = self.records.send(RecordBody::Event {
            actor_id: self.actor_id.clone(),
            event,
        });
    }
}
