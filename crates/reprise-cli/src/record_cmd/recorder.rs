//! `Recorder`: which actors `reprise record` records, and the loop that keeps it so: it starts
//! the `--start` actors on connections of their own (subscribed from their first event), polls
//! `ListActors` (new actors for `--all`, names for everyone), attaches an [`ActorFeed`] per
//! actor, follows the children the feeds report (listing at once, so only running actors are
//! subscribed to) with their parent, and reports failed feeds.
//!
//! Invariants: an actor's record is handed to the writer before its feed starts, so in the log
//! it precedes the actor's events; an actor has at most one feed (an actor it started is
//! attached already when a list names it); a failed feed is reported once and not retried.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::time::Duration;

use reprise_chain::wire::{ActorInfo, RecordBody};
use reprise_theater_client::{ConnectionError, TheaterConnection};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use super::actor_feed::{ActorFeed, FeedNotice, FeedSource};
use super::start_manifest::StartManifest;
use crate::exit_code::Outcome;
use reprise_server::wait_for_stop_signal;

/// How often the running actors are listed.
const POLL_INTERVAL: Duration = Duration::from_millis(1000);

/// How long stopping waits for the feeds (each drains for at most a second).
const FINISH_GRACE: Duration = Duration::from_secs(5);

/// How long theater-server may take to answer `ListActors` before the recorder gives up.
const LIST_TIMEOUT: Duration = Duration::from_secs(10);

/// How long starting an actor may take: theater-server compiles its module first, and a
/// `replay` handler runs the whole recorded chain before `ActorStarted`.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// Which actors are recorded, and their feeds.
pub struct Recorder {
    /// theater-server (the address the user gave, resolved once).
    pub server_addr: SocketAddr,
    /// `--all`: every listed actor is recorded.
    pub is_all: bool,
    /// Without `--all`: the actor asked for and every child followed.
    pub wanted: BTreeSet<String>,
    /// Children named by a recorded spawn, not yet seen in a list: child id → parent id.
    pub spawned_by: BTreeMap<String, String>,
    /// The last event hash of each actor an earlier recording left in the log.
    pub last_logged_hashes: BTreeMap<String, Vec<u8>>,
    /// Every attached actor, with the metadata last written for it.
    pub actors: BTreeMap<String, ActorInfo>,
    /// The log writer's input.
    pub records: mpsc::UnboundedSender<RecordBody>,
    /// Handed to every feed, for spawns and failures.
    pub notices: mpsc::UnboundedSender<FeedNotice>,
    /// Becomes `true` when recording stops.
    pub stop: watch::Receiver<bool>,
    /// The running feeds.
    pub feeds: JoinSet<()>,
}

impl Recorder {
    /// Polls, follows and reports until a stop signal or a dead control connection.
    pub async fn run(
        &mut self,
        mut control: TheaterConnection,
        mut notices_rx: mpsc::UnboundedReceiver<FeedNotice>,
        mut writer_failed: watch::Receiver<bool>,
    ) -> Outcome {
        let mut outcome = Outcome::Verified;
        let mut poll = tokio::time::interval(POLL_INTERVAL);
        poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The first tick is immediate, and the actors were just listed.
        poll.tick().await;
        let stop_signal = wait_for_stop_signal();
        tokio::pin!(stop_signal);
        loop {
            tokio::select! {
                () = &mut stop_signal => {
                    eprintln!("reprise: stopping; flushing the log");
                    return outcome;
                }
                // The writer says why when it is awaited.
                _ = writer_failed.wait_for(|has_failed| *has_failed) => return Outcome::Unusable,
                _ = poll.tick() => {
                    if let Err(err) = self.poll(&mut control).await {
                        eprintln!("reprise: {err}; stopping");
                        return Outcome::Unusable;
                    }
                }
                Some(notice) = notices_rx.recv() => match notice {
                    FeedNotice::Spawned { parent_id, child_id } => {
                        // Listed at once: the child is running now (spawn returns after its
                        // init), and every event it emits before it is attached is lost.
                        self.spawned_by.insert(child_id, parent_id);
                        if let Err(err) = self.poll(&mut control).await {
                            eprintln!("reprise: {err}; stopping");
                            return Outcome::Unusable;
                        }
                    }
                    FeedNotice::Failed { actor_id, error } => {
                        eprintln!(
                            "reprise: actor {}: {error}; no longer recording it (its events \
                             so far are kept)",
                            self.label(&actor_id)
                        );
                        outcome = Outcome::Unusable;
                    }
                },
            }
        }
    }

    /// Lists the running actors and applies the list.
    async fn poll(&mut self, control: &mut TheaterConnection) -> Result<(), String> {
        match tokio::time::timeout(LIST_TIMEOUT, control.list_actors()).await {
            Ok(Ok(actors)) => {
                self.apply_list(actors);
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

    /// Attaches the listed actors that are recorded and not attached yet (with their parent
    /// when a spawn named them); records names and parents learnt since.
    pub fn apply_list(&mut self, mut listed: Vec<(String, String)>) {
        listed.sort();
        for (actor_id, name) in listed {
            let parent = self.spawned_by.remove(&actor_id);
            if let Some(info) = self.actors.get_mut(&actor_id) {
                let is_renamed = info.name.as_deref() != Some(name.as_str());
                let is_new_parent = info.parent.is_none() && parent.is_some();
                if is_renamed || is_new_parent {
                    info.name = Some(name);
                    info.parent = info.parent.take().or(parent);
                    let _ = self.records.send(RecordBody::Actor(info.clone()));
                }
                continue;
            }
            if let Some(parent_id) = &parent {
                eprintln!(
                    "reprise: actor {} spawned {actor_id}; following it",
                    self.label(parent_id)
                );
                self.wanted.insert(actor_id.clone());
            }
            if self.is_all || self.wanted.contains(&actor_id) {
                self.attach(
                    actor_id,
                    Some(name),
                    parent,
                    FeedSource::Subscribe(self.server_addr),
                );
            }
        }
        // A spawn output names a child the server no longer runs (it already ended, or the
        // spawn was replayed from a recording): there is nothing to subscribe to.
        for (child_id, parent_id) in std::mem::take(&mut self.spawned_by) {
            eprintln!(
                "reprise: actor {} spawned {child_id}, which is not running: not recorded",
                self.label(&parent_id)
            );
        }
    }

    /// `--start`: starts an actor from `manifest` on a connection of its own, subscribed from
    /// its very first event, and records it from there (events read before `ActorStarted`
    /// first). The actor is attached at once, so no list attaches it a second time.
    pub async fn start_actor(&mut self, manifest: &StartManifest) -> Result<(), String> {
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
        self.attach(actor_id.clone(), manifest.name.clone(), None, source);
        eprintln!(
            "reprise: started actor {} from {}; recording from its first event",
            self.label(&actor_id),
            manifest.path
        );
        Ok(())
    }

    fn attach(
        &mut self,
        actor_id: String,
        name: Option<String>,
        parent: Option<String>,
        source: FeedSource,
    ) {
        let info = ActorInfo {
            id: actor_id.clone(),
            name,
            parent,
            manifest: None,
            initial_state: None,
            wasm_sha256: None,
        };
        // Sent before the feed starts, so the actor record precedes its events in the log.
        let _ = self.records.send(RecordBody::Actor(info.clone()));
        self.actors.insert(actor_id.clone(), info);
        let last_logged_hash = self.last_logged_hashes.remove(&actor_id);
        let feed = ActorFeed {
            label: self.label(&actor_id),
            actor_id,
            records: self.records.clone(),
            notices: self.notices.clone(),
            stop: self.stop.clone(),
            last_logged_hash,
        };
        self.feeds.spawn(feed.run(source));
    }

    fn label(&self, actor_id: &str) -> String {
        match self
            .actors
            .get(actor_id)
            .and_then(|info| info.name.as_deref())
        {
            Some(name) => format!("{actor_id} ({name})"),
            None => actor_id.to_string(),
        }
    }

    /// Waits for every feed to end (they were told to stop), then drops this recorder's
    /// sender so the writer can finish.
    pub async fn finish(mut self) {
        let joined_all = async {
            while let Some(joined) = self.feeds.join_next().await {
                if let Err(join_error) = joined {
                    if join_error.is_panic() {
                        std::panic::resume_unwind(join_error.into_panic());
                    }
                }
            }
        };
        // A feed still waiting for a server that does not answer must not keep the process
        // up; whatever it handed to the writer is written all the same.
        if tokio::time::timeout(FINISH_GRACE, joined_all)
            .await
            .is_err()
        {
            eprintln!("reprise: some connections did not end in time; closing them");
            self.feeds.abort_all();
        }
    }
}
