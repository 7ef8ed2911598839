//! `Recorder`: the loop that keeps a recording going. It starts the `--start` actors on
//! connections of their own (subscribed from their first event), polls `ListActors` (new
//! actors for `--all`, names for everyone), carries out what the [`ActorSelection`] decides
//! (an [`ActorFeed`] per attached actor), follows the children the feeds report (listing at
//! once, so only running actors are subscribed to), and reports failed feeds.
//!
//! Invariants: an actor's record is queued before its feed starts, so in the log it precedes
//! the actor's events; an actor has at most one feed; a failed feed is reported once and not
//! retried; stopping waits for every feed to drain (at most [`FINISH_GRACE`]).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

use reprise_chain::wire::{ActorInfo, RecordBody};
use reprise_theater_client::{ConnectionError, TheaterConnection};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use crate::actor_feed::{ActorFeed, FeedReport, FeedSource};
use crate::actor_selection::{ActorSelection, SelectionStep};
use crate::attach_notice::{AttachNotice, NoticeSink};
use crate::record_queue::RecordQueue;
use crate::start_manifest::StartManifest;

/// How often the running actors are listed.
const POLL_INTERVAL: Duration = Duration::from_millis(1000);

/// How long stopping waits for the feeds (each drains for at most a second).
const FINISH_GRACE: Duration = Duration::from_secs(5);

/// How long theater-server may take to answer `ListActors` before the recorder gives up.
const LIST_TIMEOUT: Duration = Duration::from_secs(10);

/// How long starting an actor may take: theater-server compiles its module first, and a
/// `replay` handler runs the whole recorded chain before `ActorStarted`.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// Why the recording ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordingEnd {
    /// Told to stop; every feed worked.
    Stopped,
    /// Something failed during the run (a feed, the control connection, a start, the
    /// writer); what was received is kept.
    Failed,
}

/// The recording's state: the selection and the running feeds.
pub(crate) struct Recorder {
    pub(crate) server_addr: SocketAddr,
    pub(crate) selection: ActorSelection,
    pub(crate) last_logged_hashes: BTreeMap<String, Vec<u8>>,
    pub(crate) records: RecordQueue,
    pub(crate) reports: mpsc::UnboundedSender<FeedReport>,
    pub(crate) notices: NoticeSink,
    /// The feeds' stop switch (the recorder's own: it also stops them when it fails).
    pub(crate) feeds_stop: watch::Receiver<bool>,
    pub(crate) feeds: JoinSet<()>,
}

impl Recorder {
    /// Polls, follows and reports until `stop`, a failed writer or a dead control
    /// connection.
    pub(crate) async fn run(
        &mut self,
        mut control: TheaterConnection,
        mut reports_rx: mpsc::UnboundedReceiver<FeedReport>,
        mut writer_failed: watch::Receiver<bool>,
        mut stop: watch::Receiver<bool>,
    ) -> RecordingEnd {
        let mut end = RecordingEnd::Stopped;
        let mut poll = tokio::time::interval(POLL_INTERVAL);
        poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The first tick is immediate, and the actors were just listed.
        poll.tick().await;
        loop {
            tokio::select! {
                _ = stop.wait_for(|is_stopped| *is_stopped) => return end,
                // The writer says why when it is finished.
                _ = writer_failed.wait_for(|has_failed| *has_failed) => {
                    return RecordingEnd::Failed
                }
                _ = poll.tick() => {
                    if let Err(reason) = self.poll(&mut control).await {
                        (self.notices)(AttachNotice::Stopping { reason });
                        return RecordingEnd::Failed;
                    }
                }
                Some(report) = reports_rx.recv() => match report {
                    FeedReport::Spawned { parent_id, child_id } => {
                        // Listed at once: the child is running now (spawn returns after its
                        // init), and every event it emits before it is attached is lost.
                        self.selection.spawned(parent_id, child_id);
                        if let Err(reason) = self.poll(&mut control).await {
                            (self.notices)(AttachNotice::Stopping { reason });
                            return RecordingEnd::Failed;
                        }
                    }
                    FeedReport::Failed { actor_id, error } => {
                        (self.notices)(AttachNotice::FeedFailed {
                            label: self.selection.label(&actor_id),
                            error,
                        });
                        end = RecordingEnd::Failed;
                    }
                },
            }
        }
    }

    /// Lists the running actors and applies the list.
    async fn poll(&mut self, control: &mut TheaterConnection) -> Result<(), String> {
        match tokio::time::timeout(LIST_TIMEOUT, control.list_actors()).await {
            Ok(Ok(actors)) => {
                self.apply_list(actors).await;
                Ok(())
            }
            Ok(Err(err)) => Err(format!("theater-server at {}: {err}", self.server_addr)),
            Err(_) => {
                let err = ConnectionError::NoAnswer {
                    command: "ListActors",
                    waited_secs: LIST_TIMEOUT.as_secs(),
                };
                Err(format!("{err} (at {})", self.server_addr))
            }
        }
    }

    /// Carries out what the selection decides for `listed`.
    pub(crate) async fn apply_list(&mut self, listed: Vec<(String, String)>) {
        for step in self.selection.apply_list(listed) {
            match step {
                SelectionStep::Following {
                    parent_id,
                    child_id,
                } => (self.notices)(AttachNotice::Following {
                    parent: self.selection.label(&parent_id),
                    child_id,
                }),
                SelectionStep::Attach(info) => {
                    let source = FeedSource::Subscribe(self.server_addr);
                    self.attach(info, source).await;
                }
                // A writer that stopped is reported by the writer itself.
                SelectionStep::Update(info) => {
                    let _ = self.records.push(RecordBody::Actor(info)).await;
                }
                SelectionStep::ChildNotRunning {
                    parent_id,
                    child_id,
                } => (self.notices)(AttachNotice::ChildNotRunning {
                    parent: self.selection.label(&parent_id),
                    child_id,
                }),
            }
        }
    }

    /// `--start`: starts an actor from `manifest` on a connection of its own, subscribed from
    /// its very first event, and records it from there (events read before `ActorStarted`
    /// first). The actor is attached at once, so no list attaches it a second time.
    pub(crate) async fn start_actor(&mut self, manifest: &StartManifest) -> Result<(), String> {
        let mut early_events = Vec::new();
        let starting = async {
            let mut connection = TheaterConnection::connect(self.server_addr).await?;
            let actor_id = connection
                .start_actor_subscribed(&manifest.path, |event| early_events.push(event))
                .await?;
            Ok::<_, ConnectionError>((connection, actor_id))
        };
        let (connection, actor_id) = match tokio::time::timeout(START_TIMEOUT, starting).await {
            Ok(Ok(started)) => started,
            Ok(Err(err)) => return Err(format!("cannot start {}: {err}", manifest.path)),
            Err(_) => {
                let err = ConnectionError::NoAnswer {
                    command: "StartActor",
                    waited_secs: START_TIMEOUT.as_secs(),
                };
                return Err(format!("cannot start {}: {err}", manifest.path));
            }
        };
        let source = FeedSource::Started {
            connection: Box::new(connection),
            early_events,
        };
        let info = self
            .selection
            .started(actor_id.clone(), manifest.name.clone());
        self.attach(info, source).await;
        (self.notices)(AttachNotice::Started {
            label: self.selection.label(&actor_id),
            manifest: manifest.path.clone(),
        });
        Ok(())
    }

    async fn attach(&mut self, info: ActorInfo, source: FeedSource) {
        let actor_id = info.id.clone();
        // Queued before the feed starts, so the actor record precedes its events in the log.
        // A writer that stopped is reported by the writer itself.
        let _ = self.records.push(RecordBody::Actor(info)).await;
        let feed = ActorFeed {
            label: self.selection.label(&actor_id),
            last_logged_hash: self.last_logged_hashes.remove(&actor_id),
            actor_id,
            records: self.records.clone(),
            reports: self.reports.clone(),
            notices: self.notices.clone(),
            stop: self.feeds_stop.clone(),
        };
        self.feeds.spawn(feed.run(source));
    }

    /// Waits for every feed to end (they were told to stop); a feed still waiting for a
    /// server that does not answer is closed after [`FINISH_GRACE`]. A feed that panicked is
    /// a failure.
    pub(crate) async fn finish(mut self) -> RecordingEnd {
        let mut end = RecordingEnd::Stopped;
        let joined_all = async {
            while let Some(joined) = self.feeds.join_next().await {
                if joined.is_err() {
                    end = RecordingEnd::Failed;
                }
            }
        };
        if tokio::time::timeout(FINISH_GRACE, joined_all)
            .await
            .is_err()
        {
            (self.notices)(AttachNotice::FeedsAborted);
            self.feeds.abort_all();
        }
        end
    }

    /// How many actors were attached.
    pub(crate) fn num_actors(&self) -> usize {
        self.selection.num_attached()
    }
}
