//! `run_blocking`: one whole `reprise run`. Starts the real Theater runtime in this process,
//! spawns the root actor from its manifest (with `init`), records every actor's chain from its
//! first event into the capture directory (children too: the subscription is global) and
//! serves it live like `reprise serve` while the actors run. Messages go to the root from
//! `--send` and from stdin (`send <text>`); it stops on stdin `quit`, Ctrl-C, SIGTERM, the root
//! actor's end, or (optionally) when no event arrived for a while.
//!
//! Start-up and shutdown are the capture session every capture command shares
//! (`reprise_server::run_session`: open the log and say what reopening found, bind and say the
//! URL, the stop flag raised by Ctrl-C/SIGTERM, one [`SessionError`]); the recorder writes
//! through the same batching writer as `reprise record`, into the session's `LiveLog`.
//!
//! Invariants: the root's manifest and module are read before the capture is opened, so a run
//! that cannot start touches nothing; when this returns `Ok`, the runtime has stopped every
//! actor and every event it broadcast is fsynced in the log; a crash at any point loses at
//! most the batch being written, which reopening the log cuts off.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, Context};
use reprise_server::{
    run_session, NoticeSink, ServeAt, SessionContext, SessionError, SessionOptions,
};
use reprise_store::BatchLimits;
use theater::messages::ActorResult;
use theater::TheaterId;
use tokio::sync::{mpsc, watch};

use super::run_input::{spawn_stdin_reader, RunInput};
use super::run_notice::RunNotice;
use crate::actor_source::ActorSource;
use crate::recorder::{CaptureReport, Recorder, RecorderOptions};
use crate::theater_host::TheaterHost;

/// How often the idle timer is checked.
const IDLE_CHECK_INTERVAL: Duration = Duration::from_millis(100);

/// Where `reprise run`'s own notices go (the session's go to a [`NoticeSink`]).
pub type RunNoticeSink = Arc<dyn Fn(RunNotice) + Send + Sync>;

/// What to run and where to record it.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The root actor's manifest.
    pub manifest: PathBuf,
    /// The capture directory (created if needed; a re-run appends).
    pub dir: PathBuf,
    /// Where to serve the app and `/ws`; `None` records without serving.
    pub serve: Option<ServeAt>,
    /// Messages sent to the root actor once it started, in order.
    pub sends: Vec<String>,
    /// Read commands from stdin (`send <text>`, `quit`).
    pub reads_stdin: bool,
    /// Stop once no event arrived for this long.
    pub exit_when_idle: Option<Duration>,
    /// The batching writer's limits (reprise-store's defaults for `reprise run`).
    pub batch_limits: BatchLimits,
}

/// How a run went.
#[derive(Debug, Clone)]
pub struct RunSummary {
    /// The root actor.
    pub root: TheaterId,
    /// What was recorded.
    pub capture: CaptureReport,
    /// Why the run stopped.
    pub stop_reason: String,
}

/// Runs `reprise run` to its end: the session's notices (log, URL, stop) go to
/// `session_notices`, the run's (root started, actors recorded, progress, messages sent) to
/// `run_notices`. Errors (an unreadable manifest, a module Theater cannot load, an unusable
/// directory or address, a capture that cannot be written) are returned, never panicked.
pub fn run_blocking(
    options: RunOptions,
    session_notices: NoticeSink,
    run_notices: RunNoticeSink,
) -> Result<RunSummary, SessionError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| SessionError::Setup("start the async runtime".into(), err))?;
    let summary = runtime.block_on(run(options, session_notices, run_notices));
    // Actor tasks of a stopped runtime may linger; they hold nothing that needs flushing.
    runtime.shutdown_timeout(Duration::from_secs(1));
    summary
}

async fn run(
    options: RunOptions,
    session_notices: NoticeSink,
    run_notices: RunNoticeSink,
) -> Result<RunSummary, SessionError> {
    // Before the capture is opened: a root that cannot be read touches nothing.
    let root_source = ActorSource::load_root(&options.manifest).map_err(work_error)?;
    let session = SessionOptions {
        dir: Some(options.dir.clone()),
        serve: options.serve.clone(),
    };
    run_session(session, session_notices, |context| {
        capture_run(context, options, root_source, run_notices)
    })
    .await
}

/// The work of `reprise run` in its session: the host and its recorder over the session's live
/// log, the root started and driven until something stops the run, then everything flushed.
async fn capture_run(
    context: SessionContext,
    options: RunOptions,
    root_source: ActorSource,
    on_notice: RunNoticeSink,
) -> Result<RunSummary, SessionError> {
    let SessionContext {
        live_log,
        mut stop,
        notices: _,
    } = context;
    let (mut host, mut runtime) = TheaterHost::new().await.map_err(work_error)?;
    let capture_notice = Arc::clone(&on_notice);
    let recorder_options = RecorderOptions::new(options.dir.clone())
        .sink(live_log)
        .batch_limits(options.batch_limits)
        .on_notice(move |notice| capture_notice(RunNotice::Capture(notice)));
    let recorder = Recorder::attach_with(&mut runtime, recorder_options)
        .map_err(|err| SessionError::Work(err.to_string()))?;
    host.start(runtime);

    let initial_state = root_source.root_initial_state();
    let spawned = host.spawn_supervised(
        &root_source.manifest_text,
        &root_source.wasm,
        initial_state.clone(),
    );
    let started = tokio::select! {
        started = spawned => {
            started.with_context(|| format!("cannot start {}", options.manifest.display()))
        }
        Ok(_) = stop.wait_for(|is_stopped| *is_stopped) => Err(anyhow!(
            "interrupted while {} was starting",
            options.manifest.display()
        )),
    };
    let (stop_reason, root) = match started {
        Ok((root, root_result_rx)) => {
            recorder.describe_top_level(root, root_source.clone(), initial_state);
            on_notice(RunNotice::RootStarted {
                id: root.to_string(),
                name: root_source.manifest.name.clone(),
            });
            let run_stop = drive(
                &host,
                &recorder,
                root,
                root_result_rx,
                stop,
                &options,
                &on_notice,
            )
            .await;
            on_notice(RunNotice::Stopping(run_stop.reason.clone()));
            if run_stop.is_root_running {
                // As `theater spawn` does on Ctrl-C: an external stop, so the root's chain
                // (and, through its supervisor handler, its children's) ends with `shutdown`;
                // shutting the runtime down alone ends no chain.
                if let Err(err) = host.stop_actor(root).await {
                    on_notice(RunNotice::Warning(format!("{err:#}")));
                }
            }
            (Ok(run_stop.reason), Some(root))
        }
        Err(err) => (Err(err), None),
    };

    // The recorder drains and appends everything left once the runtime has stopped.
    let stopped = host.shut_down().await;
    let captured = recorder.finish().await;
    let stop_reason = stop_reason.map_err(work_error)?;
    let capture = captured.map_err(|err| SessionError::Work(err.to_string()))?;
    stopped.map_err(work_error)?;
    Ok(RunSummary {
        root: root.ok_or_else(|| SessionError::Work("the root actor did not start".into()))?,
        capture,
        stop_reason,
    })
}

/// A failure of the run's work, with its causes, as the session's one error.
fn work_error(err: anyhow::Error) -> SessionError {
    SessionError::Work(format!("{err:#}"))
}

/// Why the run stops.
struct RunStop {
    /// For people.
    reason: String,
    /// Whether the root actor is still running (it must be stopped).
    is_root_running: bool,
}

impl RunStop {
    fn requested(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            is_root_running: true,
        }
    }
}

/// Delivers `--send` and stdin messages to the root until something ends the run; says why.
async fn drive(
    host: &TheaterHost,
    recorder: &Recorder,
    root: TheaterId,
    mut root_result_rx: mpsc::Receiver<ActorResult>,
    mut stop: watch::Receiver<bool>,
    options: &RunOptions,
    on_notice: &RunNoticeSink,
) -> RunStop {
    let send = |text: String| async move {
        match host.send_message(root, text.as_bytes()).await {
            Ok(()) => on_notice(RunNotice::Sent(text)),
            Err(err) => on_notice(RunNotice::Warning(format!("{err:#}"))),
        }
    };
    for text in &options.sends {
        send(text.clone()).await;
    }
    let (input_tx, mut input_rx) = mpsc::channel(64);
    if options.reads_stdin {
        if let Err(err) = spawn_stdin_reader(input_tx) {
            on_notice(RunNotice::Warning(format!("cannot read stdin: {err}")));
        }
    }
    let mut is_reading_input = options.reads_stdin;
    loop {
        tokio::select! {
            Ok(_) = stop.wait_for(|is_stopped| *is_stopped) => {
                return RunStop::requested("interrupted");
            }
            result = root_result_rx.recv() => return RunStop {
                reason: match result {
                    Some(result) => format!("the root actor ended: {}", describe_result(&result)),
                    None => "the root actor ended".to_string(),
                },
                is_root_running: false,
            },
            input = input_rx.recv(), if is_reading_input => match input {
                Some(RunInput::Send(text)) => send(text).await,
                Some(RunInput::Quit) => return RunStop::requested("quit"),
                Some(RunInput::Unknown(line)) => on_notice(RunNotice::Warning(format!(
                    "unknown command {line:?}: use `send <text>` or `quit`"
                ))),
                // End of input: keep running (Ctrl-C or the root's end still stop the run).
                None => is_reading_input = false,
            },
            () = tokio::time::sleep(IDLE_CHECK_INTERVAL), if options.exit_when_idle.is_some() => {
                let idle_limit = options.exit_when_idle.unwrap_or_default();
                if recorder.time_since_last_event() >= idle_limit {
                    let reason = format!("no event for {} ms", idle_limit.as_millis());
                    return RunStop::requested(reason);
                }
            }
        }
    }
}

fn describe_result(result: &ActorResult) -> String {
    match result {
        ActorResult::Success(_) => "exited".to_string(),
        ActorResult::Error(err) => format!("failed: {}", err.error),
        ActorResult::ExternalStop(_) => "stopped".to_string(),
    }
}
