//! `run_blocking`: one whole `reprise run`. Starts the real Theater runtime in this process,
//! spawns the root actor from its manifest (with `init`), records every actor's chain from its
//! first event into the capture directory's durable log (children too: the subscription is
//! global) and serves that log live like `reprise serve` while the actors run. Messages go to
//! the root from `--send` and from stdin (`send <text>`); it stops on stdin `quit`, Ctrl-C,
//! SIGTERM, the root actor's end, or (optionally) when no event arrived for a while.
//!
//! Invariant: when this returns `Ok`, the runtime has stopped every actor and every event it
//! broadcast is fsynced in the log; a crash at any point loses at most the batch being
//! written, which reopening the log cuts off.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, Context, Result};
use reprise_server::{
    missing_app_hint, wait_for_stop_signal, LiveLog, Server, ServerConfig, DEFAULT_LIVE_QUEUE_LEN,
};
use reprise_store::LOG_FILE_NAME;
use theater::messages::ActorResult;
use theater::TheaterId;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use super::run_input::{spawn_stdin_reader, RunInput};
use super::run_notice::RunNotice;
use crate::actor_source::ActorSource;
use crate::recorder::{CaptureReport, Recorder, RecorderOptions};
use crate::theater_host::TheaterHost;

/// How often the idle timer is checked.
const IDLE_CHECK_INTERVAL: Duration = Duration::from_millis(100);

/// What to run and where to record it.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The root actor's manifest.
    pub manifest: PathBuf,
    /// The capture directory (created if needed; a re-run appends).
    pub dir: PathBuf,
    /// Where to serve the app and `/ws`; `None` records without serving.
    pub listen: Option<SocketAddr>,
    /// The built web app.
    pub app_dir: PathBuf,
    /// Messages sent to the root actor once it started, in order.
    pub sends: Vec<String>,
    /// Read commands from stdin (`send <text>`, `quit`).
    pub reads_stdin: bool,
    /// Stop once no event arrived for this long.
    pub exit_when_idle: Option<Duration>,
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

/// Runs `reprise run` to its end. Errors (an unreadable manifest, a module Theater cannot
/// load, an unusable directory or address) are returned, never panicked.
pub fn run_blocking(
    options: RunOptions,
    on_notice: Arc<dyn Fn(RunNotice) + Send + Sync>,
) -> Result<RunSummary> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let summary = runtime.block_on(run(options, on_notice));
    // Actor tasks of a stopped runtime may linger; they hold nothing that needs flushing.
    runtime.shutdown_timeout(Duration::from_secs(1));
    summary
}

async fn run(
    options: RunOptions,
    on_notice: Arc<dyn Fn(RunNotice) + Send + Sync>,
) -> Result<RunSummary> {
    // Signals are caught from the start, so one during the root's (slow) setup still ends
    // the run through the same flush as any other stop.
    let (interrupted_tx, mut interrupted_rx) = watch::channel(false);
    let signal_task = tokio::spawn(async move {
        wait_for_stop_signal().await;
        let _ = interrupted_tx.send(true);
    });
    let root_source = ActorSource::load_root(&options.manifest)?;
    let dir = options.dir.clone();
    let (live_log, recovery) =
        tokio::task::spawn_blocking(move || LiveLog::open(&dir, DEFAULT_LIVE_QUEUE_LEN))
            .await
            .context("cannot open the log")??;
    on_notice(RunNotice::LogOpened {
        log_path: options.dir.join(LOG_FILE_NAME),
        recovery,
    });

    let (server_stop_tx, server_stop_rx) = watch::channel(false);
    let server_task = match options.listen {
        Some(listen) => {
            Some(start_server(listen, &options, &live_log, server_stop_rx, &on_notice).await?)
        }
        None => None,
    };

    let (mut host, mut runtime) = TheaterHost::new().await?;
    let capture_notice = Arc::clone(&on_notice);
    let recorder_options = RecorderOptions::new(options.dir.clone())
        .live_log(live_log)
        .on_notice(move |notice| capture_notice(RunNotice::Capture(notice)));
    let recorder = Recorder::attach_with(&mut runtime, recorder_options)?;
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
        Ok(_) = interrupted_rx.wait_for(|is_interrupted| *is_interrupted) => Err(anyhow!(
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
            let stop = drive(
                &host,
                &recorder,
                root,
                root_result_rx,
                interrupted_rx,
                &options,
                &on_notice,
            )
            .await;
            on_notice(RunNotice::Stopping(stop.reason.clone()));
            if stop.is_root_running {
                // As `theater spawn` does on Ctrl-C: an external stop, so the root's chain
                // (and, through its supervisor handler, its children's) ends with `shutdown`;
                // shutting the runtime down alone ends no chain.
                if let Err(err) = host.stop_actor(root).await {
                    on_notice(RunNotice::Warning(format!("{err:#}")));
                }
            }
            (Ok(stop.reason), Some(root))
        }
        Err(err) => (Err(err), None),
    };

    // The recorder drains and appends everything left once the runtime has stopped.
    let stopped = host.shut_down().await;
    let captured = recorder.finish().await;
    let _ = server_stop_tx.send(true);
    if let Some(server_task) = server_task {
        let _ = server_task.await;
    }
    signal_task.abort();
    let stop_reason = stop_reason?;
    let capture = captured?;
    stopped?;
    Ok(RunSummary {
        root: root.ok_or_else(|| anyhow!("the root actor did not start"))?,
        capture,
        stop_reason,
    })
}

async fn start_server(
    listen: SocketAddr,
    options: &RunOptions,
    live_log: &LiveLog,
    mut stop_rx: watch::Receiver<bool>,
    on_notice: &Arc<dyn Fn(RunNotice) + Send + Sync>,
) -> Result<JoinHandle<std::io::Result<()>>> {
    let config = ServerConfig {
        listen,
        app_dir: options.app_dir.clone(),
    };
    let server = Server::bind(&config, live_log.clone())
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    on_notice(RunNotice::Listening(server.url()));
    if !server.has_app() {
        on_notice(RunNotice::MissingApp(missing_app_hint(&options.app_dir)));
    }
    Ok(tokio::spawn(server.run(async move {
        let _ = stop_rx.wait_for(|is_stopped| *is_stopped).await;
    })))
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
    mut interrupted_rx: watch::Receiver<bool>,
    options: &RunOptions,
    on_notice: &Arc<dyn Fn(RunNotice) + Send + Sync>,
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
            Ok(_) = interrupted_rx.wait_for(|is_interrupted| *is_interrupted) => {
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
