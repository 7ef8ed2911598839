//! `ActorFeed`: one actor's own TCP connection to theater-server. `ActorEvent` names no
//! actor, so the connection does: it is subscribed to exactly one actor and hands every event
//! it reads, in order, to the capture's writer, tagged with that actor's id. The connection
//! is either the feed's own `SubscribeToActor` ([`FeedSource::Subscribe`]: a running actor,
//! seen from then on) or the one that started the actor with `StartActor{subscribe:true}`
//! ([`FeedSource::Started`]: every event from the first); the same loop reads both. What the
//! events say (partial chain, gap, spawn, end) is decided by [`ChainWatch`].
//!
//! Invariants: it reads as fast as the socket delivers (the writer's queue is deep and waits
//! happen off the async workers), because theater-server drops events for subscribers that
//! fall behind; on stop it still keeps what the server already sent; after a `shutdown`
//! event (the last a chain records) it detaches.

use std::net::SocketAddr;
use std::time::Duration;

use reprise_chain::wire::RecordBody;
use reprise_chain::ChainEvent;
use reprise_theater_client::{
    ConnectionError, ManagementCommand, ManagementResponse, TheaterConnection,
};
use tokio::sync::{mpsc, watch};

use crate::attach_notice::{AttachNotice, NoticeSink};
use crate::chain_watch::{ChainFinding, ChainWatch};
use crate::record_queue::RecordQueue;

/// How long subscribing (connect, `Subscribed`, the barrier) may take.
const SUBSCRIBE_TIMEOUT: Duration = Duration::from_secs(10);

/// On stop, how long the connection must be quiet before the feed ends.
const DRAIN_QUIET: Duration = Duration::from_millis(100);

/// On stop, the longest the feed keeps reading (a busy actor is never quiet).
const DRAIN_MAX: Duration = Duration::from_secs(1);

/// What a feed tells the recorder.
#[derive(Debug)]
pub enum FeedReport {
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
    /// How to call it in notices (`<id> (counter)`).
    pub label: String,
    /// Where events go.
    pub records: RecordQueue,
    /// Where spawns and failures go.
    pub reports: mpsc::UnboundedSender<FeedReport>,
    /// Where the people's notices go.
    pub notices: NoticeSink,
    /// Becomes `true` when the recorder stops.
    pub stop: watch::Receiver<bool>,
    /// The hash of this actor's last event already in the log (an earlier recording into
    /// the same directory), which the first event received should link to.
    pub last_logged_hash: Option<Vec<u8>>,
}

impl ActorFeed {
    /// Records until the recorder stops; a failure is sent as [`FeedReport::Failed`].
    pub async fn run(mut self, source: FeedSource) {
        if let Err(error) = self.record(source).await {
            let _ = self.reports.send(FeedReport::Failed {
                actor_id: self.actor_id.clone(),
                error,
            });
        }
    }

    async fn record(&mut self, source: FeedSource) -> Result<(), String> {
        let (mut connection, early_events) = match source {
            FeedSource::Subscribe(server_addr) => {
                let subscribing = self.subscribe(server_addr);
                let subscribed = match tokio::time::timeout(SUBSCRIBE_TIMEOUT, subscribing).await {
                    Ok(subscribed) => subscribed.map_err(|err| err.to_string())?,
                    Err(_) => {
                        let err = ConnectionError::NoAnswer {
                            command: "SubscribeToActor",
                            waited_secs: SUBSCRIBE_TIMEOUT.as_secs(),
                        };
                        return Err(err.to_string());
                    }
                };
                (self.notices)(AttachNotice::Attached {
                    label: self.label.clone(),
                });
                subscribed
            }
            // The recorder already said it started the actor.
            FeedSource::Started {
                connection,
                early_events,
            } => (*connection, early_events),
        };
        let mut chain = ChainWatch::continuing(self.last_logged_hash.clone());
        for event in early_events {
            self.take(&mut chain, event).await?;
        }
        let mut stop = self.stop.clone();
        loop {
            if chain.has_ended() {
                // Theater drops a stopped actor's chain: nothing can follow its `shutdown`.
                (self.notices)(AttachNotice::Detached {
                    label: self.label.clone(),
                });
                return Ok(());
            }
            // Reading a frame is cancel-safe: a partly read frame stays in the buffer. The
            // event is taken after the select, so no borrow of the stop flag is held across
            // the hand-over.
            let next = tokio::select! {
                response = connection.next_response() => Some(response),
                _ = stop.wait_for(|is_stopped| *is_stopped) => None,
            };
            let Some(response) = next else { break };
            let response = response.map_err(|err| err.to_string())?;
            if let ManagementResponse::ActorEvent { event } = response {
                self.take(&mut chain, event).await?;
            }
        }
        self.drain(&mut connection, &mut chain).await
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
    /// the connection is quiet, for at most [`DRAIN_MAX`]. Connection errors now only end the
    /// drain; a writer that stopped is still an error.
    async fn drain(
        &self,
        connection: &mut TheaterConnection,
        chain: &mut ChainWatch,
    ) -> Result<(), String> {
        let deadline = tokio::time::Instant::now() + DRAIN_MAX;
        while tokio::time::Instant::now() < deadline {
            match tokio::time::timeout(DRAIN_QUIET, connection.next_response()).await {
                Ok(Ok(ManagementResponse::ActorEvent { event })) => self.take(chain, event).await?,
                Ok(Ok(_)) => {}
                Ok(Err(_)) | Err(_) => return Ok(()),
            }
        }
        Ok(())
    }

    async fn take(&self, chain: &mut ChainWatch, event: ChainEvent) -> Result<(), String> {
        for finding in chain.take(&event) {
            let label = self.label.clone();
            match finding {
                ChainFinding::Partial { parent_hash } => {
                    (self.notices)(AttachNotice::Partial { label, parent_hash })
                }
                ChainFinding::Gap { hash, previous } => (self.notices)(AttachNotice::Gap {
                    label,
                    hash,
                    previous,
                }),
                ChainFinding::Spawned(child_id) => {
                    let _ = self.reports.send(FeedReport::Spawned {
                        parent_id: self.actor_id.clone(),
                        child_id,
                    });
                }
                // Said once the event is handed over, by the loop.
                ChainFinding::Ended => {}
            }
        }
        let body = RecordBody::Event {
            actor_id: self.actor_id.clone(),
            event,
        };
        self.records.push(body).await.map_err(|err| err.to_string())
    }
}
