//! `reprise record`: attach to a running theater-server and record actors' chains into a
//! durable log, served live like `reprise serve`. Glue: the recording is `reprise-attach`'s
//! ([`Attachment`]), the log, its writer and the live feed are `reprise-store`'s and
//! `reprise-server`'s; start-up and shutdown are the capture session every capture command
//! shares (`reprise_server::run_session`). The app's URL goes to stdout alone on the first
//! line; progress and every notice go to stderr.
//!
//! Invariants: a request that cannot be recorded (a `--start` manifest that cannot be read,
//! an unreachable server, an actor that is not running) fails before the capture is opened;
//! Ctrl-C or SIGTERM stops it with every event received fsynced; the exit code is 2 when
//! anything failed during the run (what was received is kept).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use reprise_attach::{
    AttachNotice, AttachRequest, Attachment, NoticeSink, RecordInputs, RecordingEnd,
};
use reprise_server::{
    block_on, run_session, LiveLog, ServeAt, SessionContext, SessionError, SessionOptions,
};
use reprise_store::{BatchLimits, BatchWriter, RecordSender, WriterEvent, WriterHandle};
use tokio::sync::watch;
use tokio::time::Instant;

use crate::capture_args::CaptureArgs;
use crate::exit_code::Outcome;
use crate::serve_cmd::print_notice;

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
    match block_on(record(args)).and_then(|recorded| recorded) {
        Ok(outcome) => outcome,
        Err(err) => {
            eprintln!("reprise: {err}");
            Outcome::Unusable
        }
    }
}

async fn record(args: RecordArgs) -> Result<Outcome, SessionError> {
    let request = AttachRequest {
        server: args.server.clone(),
        actor: args.actor.clone(),
        all: args.all,
        start: args.start.clone(),
    };
    // Before the capture is opened: a request that cannot be recorded touches nothing.
    let attachment = Attachment::connect(&request)
        .await
        .map_err(|err| SessionError::Work(err.to_string()))?;
    let session = SessionOptions {
        dir: Some(args.capture.dir.clone()),
        serve: (!args.capture.no_serve).then(|| ServeAt {
            listen: args.capture.listen,
            app_dir: args.capture.app_dir.clone(),
        }),
    };
    let dir = args.capture.dir.clone();
    run_session(session, Arc::new(print_notice), |context| {
        record_into(context, attachment, dir)
    })
    .await
}

/// The work of `reprise record` in its session: the writer over the live log, the recording
/// until the stop, then the writer finished and the totals said.
async fn record_into(
    context: SessionContext,
    attachment: Attachment,
    dir: PathBuf,
) -> Result<Outcome, SessionError> {
    let scan_log = context.live_log.clone();
    let last_logged_hashes = tokio::task::spawn_blocking(move || scan_log.last_event_hashes())
        .await
        .map_err(|err| SessionError::Work(format!("cannot read the log: {err}")))?
        .map_err(SessionError::Store)?;
    let (writer_failed_tx, writer_failed) = watch::channel(false);
    let (records, writer) =
        spawn_writer(context.live_log, writer_failed_tx).map_err(SessionError::Work)?;
    let notices: NoticeSink = Arc::new(|notice: AttachNotice| eprintln!("reprise: {notice}"));
    let recording = attachment
        .record(RecordInputs {
            records,
            last_logged_hashes,
            writer_failed,
            stop: context.stop,
            notices,
        })
        .await;
    let mut outcome = match recording.end {
        RecordingEnd::Stopped => Outcome::Verified,
        RecordingEnd::Failed => Outcome::Unusable,
    };
    match tokio::task::spawn_blocking(move || writer.finish()).await {
        Ok(Ok(report)) => eprintln!(
            "reprise: recorded {} of {} into {} ({})",
            count(report.num_events, "event"),
            count(recording.num_actors as u64, "actor"),
            dir.display(),
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
