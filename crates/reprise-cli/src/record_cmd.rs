//! `reprise record`: attach to a running theater-server (spec §5) and record actors' chains
//! into a durable log, served live like `reprise serve`. Glue over `reprise-theater-client`
//! (the protocol), `reprise-server` (the log and the live feed) and `reprise-chain`.
//!
//! One TCP connection per actor ([`actor_feed`]), because `ActorEvent` names no actor; a
//! control connection polls `ListActors` ([`recorder`]: new actors for `--all`, names for
//! everyone); children named by a recorded spawn output are followed and recorded with their
//! parent; one writer appends everything ([`log_writer`]). Subscribing to a running actor
//! misses its earlier events, so `--start MANIFEST` ([`start_manifest`]) has the server start
//! the actor on the recorder's own connection, subscribed from its very first event: the one
//! way to record a complete chain from a theater-server.
//! The app's URL goes to stdout alone on the first line; progress goes to stderr.
//!
//! Invariants: it connects only to the `--server` address (resolved once); a `--start`
//! manifest that cannot be read is refused before connecting; Ctrl-C or SIGTERM
//! stops it with every event received fsynced; a bad or closed connection is reported with
//! the actor and the reason, and the rest of the recording goes on.

mod actor_feed;
mod log_writer;
mod recorder;
mod start_manifest;

use std::collections::BTreeMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use reprise_server::{
    missing_app_hint, LiveLog, Notice, Server, ServerConfig, DEFAULT_LIVE_QUEUE_LEN,
};
use reprise_theater_client::{ConnectionError, TheaterConnection};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use self::log_writer::{count, last_event_hashes, LogWriter};
use self::recorder::Recorder;
use self::start_manifest::StartManifest;
use crate::capture_args::CaptureArgs;
use crate::exit_code::Outcome;

/// How long connecting to theater-server and its first `ListActors` answer may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The arguments of `reprise record`.
#[derive(Args)]
pub struct RecordArgs {
    /// theater-server's management address, `HOST:PORT` (its `-a`); the only address
    /// connected to.
    #[arg(long, value_name = "HOST:PORT")]
    server: String,
    /// Record this actor, and the children it spawns.
    #[arg(
        long,
        value_name = "ID",
        conflicts_with = "all",
        required_unless_present_any = ["all", "start"]
    )]
    actor: Option<String>,
    /// Record every actor, and every actor started later (listed every second).
    #[arg(long)]
    all: bool,
    /// Start an actor from this manifest (repeatable) and record it from its very first
    /// event: a complete chain. Sent to the server as an absolute path.
    #[arg(long, value_name = "MANIFEST")]
    start: Vec<PathBuf>,
    #[command(flatten)]
    capture: CaptureArgs,
}

/// Records until Ctrl-C or SIGTERM. `Unusable` when the server, the directory or the address
/// cannot be used, or when a connection failed during the run (what was received is kept).
pub fn run(args: RecordArgs) -> Outcome {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("reprise: cannot start the async runtime: {err}");
            return Outcome::Unusable;
        }
    };
    match runtime.block_on(record(args)) {
        Ok(outcome) => outcome,
        Err(err) => {
            eprintln!("reprise: {err}");
            Outcome::Unusable
        }
    }
}

async fn record(args: RecordArgs) -> Result<Outcome, String> {
    let start_manifests = args
        .start
        .iter()
        .map(|given| StartManifest::resolve(given))
        .collect::<Result<Vec<_>, _>>()?;
    let server_addr = resolve(&args.server).await?;
    let connecting = async {
        let mut control = TheaterConnection::connect(server_addr).await?;
        let actors = control.list_actors().await?;
        Ok::<_, ConnectionError>((control, actors))
    };
    let (control, actors) = match tokio::time::timeout(CONNECT_TIMEOUT, connecting).await {
        Ok(Ok(connected)) => connected,
        Ok(Err(ConnectionError::Connect(_, err))) => {
            return Err(format!(
                "cannot connect to theater-server at {server_addr}: {err}"
            ))
        }
        Ok(Err(err)) => return Err(format!("theater-server at {server_addr}: {err}")),
        Err(_) => {
            return Err(format!(
                "theater-server at {server_addr} did not answer ListActors within {} s",
                CONNECT_TIMEOUT.as_secs()
            ))
        }
    };
    if let Some(actor_id) = &args.actor {
        if !actors.iter().any(|(id, _)| id == actor_id) {
            return Err(format!(
                "actor {actor_id} is not running on theater-server at {server_addr} \
                 ({} actors listed)",
                actors.len()
            ));
        }
    }

    let open_dir = args.capture.dir.clone();
    let (live_log, recovery) =
        tokio::task::spawn_blocking(move || LiveLog::open(&open_dir, DEFAULT_LIVE_QUEUE_LEN))
            .await
            .map_err(|err| format!("cannot open the log: {err}"))?
            .map_err(|err| err.to_string())?;
    let scan_log = live_log.clone();
    let last_logged_hashes = tokio::task::spawn_blocking(move || last_event_hashes(&scan_log))
        .await
        .map_err(|err| format!("cannot read the log: {err}"))?
        .map_err(|err| err.to_string())?;
    let opened = Notice::LogOpened {
        dir: args.capture.dir.clone(),
        is_temporary: false,
        recovery,
    };
    eprintln!("reprise: {opened}");
    let serving = if args.capture.no_serve {
        None
    } else {
        Some(start_server(&args, live_log.clone()).await?)
    };

    eprintln!("reprise: recording from theater-server at {server_addr}; Ctrl-C stops");
    let (writer, records, writer_failed) = LogWriter::new(live_log.clone());
    let writer_task = tokio::spawn(writer.run());
    let (notices, notices_rx) = mpsc::unbounded_channel();
    let (stop_tx, stop) = watch::channel(false);
    let mut recorder = Recorder {
        server_addr,
        is_all: args.all,
        wanted: args.actor.iter().cloned().collect(),
        spawned_by: BTreeMap::new(),
        last_logged_hashes,
        actors: BTreeMap::new(),
        records,
        notices,
        stop,
        feeds: JoinSet::new(),
    };
    recorder.apply_list(actors);
    let mut start_error = None;
    for manifest in &start_manifests {
        if let Err(err) = recorder.start_actor(manifest).await {
            start_error = Some(err);
            break;
        }
    }
    let mut outcome = match start_error {
        // Like an unreachable server: nothing asked for can be recorded, so it stops at once
        // (keeping what was already received).
        Some(err) => {
            eprintln!("reprise: {err}; stopping");
            Outcome::Unusable
        }
        None => recorder.run(control, notices_rx, writer_failed).await,
    };

    // Stop every feed, then let the writer drain what they handed over.
    let _ = stop_tx.send(true);
    let num_actors = recorder.actors.len();
    recorder.finish().await;
    match writer_task.await {
        Ok(Ok(totals)) => eprintln!(
            "reprise: recorded {} of {} into {} ({})",
            count(totals.num_events, "event"),
            count(num_actors as u64, "actor"),
            args.capture.dir.display(),
            count(totals.num_written, "new record")
        ),
        Ok(Err(err)) => {
            eprintln!("reprise: {err}; recording stopped");
            outcome = Outcome::Unusable;
        }
        Err(join_error) => std::panic::resume_unwind(join_error.into_panic()),
    }
    if let Some((stop_server, server_task)) = serving {
        let _ = stop_server.send(true);
        if let Ok(Err(err)) = server_task.await {
            eprintln!("reprise: serving failed: {err}");
        }
    }
    Ok(outcome)
}

/// Resolves `HOST:PORT` once: every connection goes to that one address.
async fn resolve(server: &str) -> Result<SocketAddr, String> {
    let mut addrs = tokio::net::lookup_host(server)
        .await
        .map_err(|err| format!("--server {server}: {err}"))?;
    addrs
        .next()
        .ok_or_else(|| format!("--server {server}: no address"))
}

type ServerTask = tokio::task::JoinHandle<std::io::Result<()>>;

/// Binds and starts serving the log (as `reprise serve` does); returns its stop switch.
async fn start_server(
    args: &RecordArgs,
    live_log: LiveLog,
) -> Result<(watch::Sender<bool>, ServerTask), String> {
    let config = ServerConfig {
        listen: args.capture.listen,
        app_dir: args.capture.app_dir.clone(),
    };
    let server = Server::bind(&config, live_log)
        .await
        .map_err(|err| format!("cannot listen on {}: {err}", args.capture.listen))?;
    let url = server.url();
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{url}");
    let _ = stdout.flush();
    let feed_url = url.replacen("http://", "ws://", 1);
    eprintln!("reprise: serving {url} (live feed at {feed_url}ws)");
    if !server.has_app() {
        eprintln!(
            "reprise: {}",
            missing_app_hint(&args.capture.app_dir).trim_end()
        );
    }
    let (stop_tx, mut stop_rx) = watch::channel(false);
    let task = tokio::spawn(server.run(async move {
        let _ = stop_rx.wait_for(|is_stopped| *is_stopped).await;
    }));
    Ok((stop_tx, task))
}
