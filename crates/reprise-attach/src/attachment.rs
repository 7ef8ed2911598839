//! `Attachment`: a recording of a running theater-server (spec §5), from the checks before
//! any connection to the last feed drained. [`Attachment::connect`] checks the `--start`
//! manifests, resolves the server's address once, connects and lists the actors (so an
//! unusable request fails before any capture is opened); [`Attachment::record`] then records
//! into the capture's writer until told to stop.
//!
//! Invariants: it connects only to the address given (resolved once); a `--start` manifest
//! that cannot be read is refused before connecting; on stop every feed drains what the
//! server already sent into the writer before `record` returns.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use reprise_store::RecordSender;
use reprise_theater_client::{ConnectionError, TheaterConnection};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use crate::actor_selection::ActorSelection;
use crate::attach_notice::{AttachNotice, NoticeSink};
use crate::record_queue::RecordQueue;
use crate::recorder::{Recorder, RecordingEnd};
use crate::start_manifest::StartManifest;

/// How long connecting to theater-server and its first `ListActors` answer may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What to record.
#[derive(Debug, Clone)]
pub struct AttachRequest {
    /// theater-server's management address, `HOST:PORT`.
    pub server: String,
    /// This actor and the children it spawns (unless `all`).
    pub actor: Option<String>,
    /// Every actor, and every actor started later.
    pub all: bool,
    /// Manifests to start actors from, recorded from their first event.
    pub start: Vec<PathBuf>,
}

/// Why recording could not begin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachError(pub String);

impl fmt::Display for AttachError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AttachError {}

/// A checked request, connected to the server.
pub struct Attachment {
    server_addr: SocketAddr,
    control: TheaterConnection,
    listed: Vec<(String, String)>,
    start_manifests: Vec<StartManifest>,
    selection: ActorSelection,
}

/// What the inputs of [`Attachment::record`] are, beside the attachment.
pub struct RecordInputs {
    /// The capture writer's sender.
    pub records: RecordSender,
    /// The last event hash of each actor an earlier recording left in the capture.
    pub last_logged_hashes: BTreeMap<String, Vec<u8>>,
    /// Becomes `true` if the writer fails (recording stops: nothing more could be kept).
    pub writer_failed: watch::Receiver<bool>,
    /// Becomes `true` when recording must stop (Ctrl-C, SIGTERM).
    pub stop: watch::Receiver<bool>,
    /// Where notices go.
    pub notices: NoticeSink,
}

/// How a recording ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingReport {
    /// Whether everything went well.
    pub end: RecordingEnd,
    /// How many actors were attached.
    pub num_actors: usize,
}

impl Attachment {
    /// Checks `request` and connects to the server; the error says what and why.
    pub async fn connect(request: &AttachRequest) -> Result<Self, AttachError> {
        let start_manifests = request
            .start
            .iter()
            .map(|given| StartManifest::resolve(given))
            .collect::<Result<Vec<_>, _>>()
            .map_err(AttachError)?;
        let server_addr = resolve(&request.server).await?;
        let connecting = async {
            let mut control = TheaterConnection::connect(server_addr).await?;
            let actors = control.list_actors().await?;
            Ok::<_, ConnectionError>((control, actors))
        };
        let (control, listed) = match tokio::time::timeout(CONNECT_TIMEOUT, connecting).await {
            Ok(Ok(connected)) => connected,
            Ok(Err(ConnectionError::Connect(_, err))) => {
                return Err(AttachError(format!(
                    "cannot connect to theater-server at {server_addr}: {err}"
                )))
            }
            Ok(Err(err)) => {
                return Err(AttachError(format!(
                    "theater-server at {server_addr}: {err}"
                )))
            }
            Err(_) => {
                return Err(AttachError(format!(
                    "theater-server at {server_addr} did not answer ListActors within {} s",
                    CONNECT_TIMEOUT.as_secs()
                )))
            }
        };
        if let Some(actor_id) = &request.actor {
            if !listed.iter().any(|(id, _)| id == actor_id) {
                return Err(AttachError(format!(
                    "actor {actor_id} is not running on theater-server at {server_addr} \
                     ({} actors listed)",
                    listed.len()
                )));
            }
        }
        Ok(Self {
            server_addr,
            control,
            listed,
            start_manifests,
            selection: ActorSelection::new(request.all, request.actor.clone()),
        })
    }

    /// The server's address, resolved once.
    pub fn server_addr(&self) -> SocketAddr {
        self.server_addr
    }

    /// Records until `inputs.stop`, then stops every feed and waits for them to hand over
    /// what they received. The writer is not finished here: its owner finishes it after.
    pub async fn record(self, inputs: RecordInputs) -> RecordingReport {
        let notices = inputs.notices;
        notices(AttachNotice::Recording {
            server: self.server_addr.to_string(),
        });
        let (reports, reports_rx) = mpsc::unbounded_channel();
        let (feeds_stop_tx, feeds_stop) = watch::channel(false);
        let mut recorder = Recorder {
            server_addr: self.server_addr,
            selection: self.selection,
            last_logged_hashes: inputs.last_logged_hashes,
            records: RecordQueue::new(inputs.records),
            reports,
            notices: notices.clone(),
            feeds_stop,
            feeds: JoinSet::new(),
        };
        recorder.apply_list(self.listed).await;
        let mut start_error = None;
        for manifest in &self.start_manifests {
            if let Err(reason) = recorder.start_actor(manifest).await {
                start_error = Some(reason);
                break;
            }
        }
        let mut end = match start_error {
            // Like an unreachable server: nothing asked for can be recorded, so it stops at
            // once (keeping what was already received).
            Some(reason) => {
                notices(AttachNotice::Stopping { reason });
                RecordingEnd::Failed
            }
            None => {
                recorder
                    .run(self.control, reports_rx, inputs.writer_failed, inputs.stop)
                    .await
            }
        };
        let _ = feeds_stop_tx.send(true);
        let num_actors = recorder.num_actors();
        if recorder.finish().await == RecordingEnd::Failed {
            end = RecordingEnd::Failed;
        }
        RecordingReport { end, num_actors }
    }
}

/// Resolves `HOST:PORT` once: every connection goes to that one address.
async fn resolve(server: &str) -> Result<SocketAddr, AttachError> {
    let mut addrs = tokio::net::lookup_host(server)
        .await
        .map_err(|err| AttachError(format!("--server {server}: {err}")))?;
    addrs
        .next()
        .ok_or_else(|| AttachError(format!("--server {server}: no address")))
}
