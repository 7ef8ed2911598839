//! `reprise record`: attach to a running theater-server and record actors' chains into a
//! durable log, served live like `reprise serve`. Glue: the recording is `reprise-attach`'s
//! ([`Attachment`]), the log, its writer and the live feed are `reprise-store`'s and
//! `reprise-server`'s. The app's URL goes to stdout alone on the first line; progress and
//! every notice go to stderr.
//!
//! Invariants: a request that cannot be recorded (a `--start` manifest that cannot be read,
//! an unreachable server, an actor that is not running) fails before the capture is opened;
//! Ctrl-C or SIGTERM stops it with every event received fsynced; the exit code is 2 when
//! anything failed during the run (what was received is kept).

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use reprise_attach::{
    AttachNotice, AttachRequest, Attachment, NoticeSink, RecordInputs, RecordingEnd,
};
use reprise_server::{
    missing_app_hint, wait_for_stop_signal, LiveLog, Notice, Server, ServerConfig,
    DEFAULT_LIVE_QUEUE_LEN,
};
use reprise_store::{BatchLimits, BatchWriter, RecordSender, WriterEvent, WriterHandle};
use tokio::sync::watch;
use tokio::time::Instant;

use crate::capture_args::CaptureArgs;
use crate::exit_code::Outcome;

/// How often, at most, the running count is printed.
const PROGRESS_EVERY: Duration = Duration::from_secs(1);

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
    let request = AttachRequest {
        server: args.server.clone(),
        actor: args.actor.clone(),
        all: args.all,
        start: args.start.clone(),
    };
    let attachment = Attachment::connect(&request)
        .await
        .map_err(|err| err.to_string())?;

    let open_dir = args.capture.dir.clone();
    let (live_log, recovery) =
        tokio::task::spawn_blocking(move || LiveLog::open(&open_dir, DEFAULT_LIVE_QUEUE_LEN))
            .await
            .map_err(|err| format!("cannot open the log: {err}"))?
            .map_err(|err| err.to_string())?;
    let scan_log = live_log.clone();
    let last_logged_hashes = tokio::task::spawn_blocking(move || scan_log.last_event_hashes())
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

    let (writer_failed_tx, writer_failed) = watch::channel(false);
    let (records, writer) = spawn_writer(live_log, writer_failed_tx)?;
    let (stop_tx, stop) = watch::channel(false);
    let stop_on_signal = tokio::spawn(async move {
        wait_for_stop_signal().await;
        eprintln!("reprise: stopping; flushing the log");
        let _ = stop_tx.send(true);
    });
    let notices: NoticeSink = Arc::new(|notice: AttachNotice| eprintln!("reprise: {notice}"));
    let recording = attachment
        .record(RecordInputs {
            records,
            last_logged_hashes,
            writer_failed,
            stop,
            notices,
        })
        .await;
    stop_on_signal.abort();
    let mut outcome = match recording.end {
        RecordingEnd::Stopped => Outcome::Verified,
        RecordingEnd::Failed => Outcome::Unusable,
    };
    match tokio::task::spawn_blocking(move || writer.finish()).await {
        Ok(Ok(report)) => eprintln!(
            "reprise: recorded {} of {} into {} ({})",
            count(report.num_events, "event"),
            count(recording.num_actors as u64, "actor"),
            args.capture.dir.display(),
            count(report.num_written, "new record")
        ),
        Ok(Err(err)) => {
            eprintln!("reprise: {err}; recording stopped");
            outcome = Outcome::Unusable;
        }
        Err(join_error) => {
            eprintln!("reprise: the capture writer failed: {join_error}");
            outcome = Outcome::Unusable;
        }
    }
    if let Some((stop_server, server_task)) = serving {
        let _ = stop_server.send(true);
        if let Ok(Err(err)) = server_task.await {
            eprintln!("reprise: serving failed: {err}");
        }
    }
    Ok(outcome)
}

/// Starts the capture's batching writer over the live log (durable, then served), printing
/// the running count at most every [`PROGRESS_EVERY`]; `failed` becomes `true` if the log
/// cannot be written.
fn spawn_writer(
    live_log: LiveLog,
    failed: watch::Sender<bool>,
) -> Result<(RecordSender, WriterHandle), String> {
    let mut num_events = 0u64;
    let mut last_progress: Option<Instant> = None;
    let on_event = move |event: WriterEvent<'_>| match event {
        WriterEvent::Durable(batch) => {
            num_events += batch.num_events as u64;
            let is_due = last_progress.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY);
            if batch.num_events > 0 && is_due {
                eprintln!(
                    "reprise: recorded {} (log seq {})",
                    count(num_events, "event"),
                    batch.durable_seq
                );
                last_progress = Some(Instant::now());
            }
        }
        // The error itself is printed when the writer is finished.
        WriterEvent::Failed(_) => {
            let _ = failed.send(true);
        }
    };
    BatchWriter::spawn(live_log, BatchLimits::default(), on_event).map_err(|err| err.to_string())
}

/// `1 event`, `2 events`.
fn count(num: u64, noun: &str) -> String {
    match num {
        1 => format!("1 {noun}"),
        num => format!("{num} {noun}s"),
    }
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
