//! Recording from your own Theater host: a complete program that embeds Theater 0.3.29 the way
//! any host does (a command channel, a handler registry, `TheaterRuntime::new`, `run`),
//! attaches a Reprise recorder with one call before the runtime runs, drives the sample actors
//! of `actors/` (a supervisor that spawns and messages two counters), stops, and finishes the
//! capture.
//!
//! ```text
//! (cd actors && cargo build --release)
//! cargo run -p reprise-recorder --example embed -- /tmp/capture
//! reprise verify /tmp/capture
//! ```
//!
//! The optional second argument is the `actors/` directory (default: this repository's). The
//! integration test `tests/embed_example.rs` runs [`record_sample_actors`] and checks the
//! capture.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, Context, Result};
use reprise_recorder::{register_theater_handlers, ActorSource, CaptureReport, Recorder};
use theater::chain::ChainEvent;
use theater::events::wasm::WasmEventData;
use theater::events::{decode_chain_event_payload, ChainEventPayload};
use theater::handler::HandlerRegistry;
use theater::messages::{ActorMessage, ActorSend, MessageCommand, TheaterCommand};
use theater::theater_runtime::TheaterRuntime;
use theater::utils::ResourceCache;
use theater::TheaterId;
use theater_handler_message_server::MessageRouter;
use tokio::sync::{mpsc, oneshot};

/// The most the host waits for the actors to handle its messages (setting a child up compiles
/// its module: seconds in a debug build on a busy machine).
const MAX_WAIT: Duration = Duration::from_secs(120);

/// Capacity of the host's own subscription (a full one would pause the actors).
const WATCH_CAPACITY: usize = 4096;

/// The export a message calls.
const HANDLE_SEND: &str = "theater:simple/message-server-client.handle-send";

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(capture_dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: embed CAPTURE_DIR [ACTORS_DIR]");
        return ExitCode::from(2);
    };
    let actors_dir = args.next().map_or_else(default_actors_dir, PathBuf::from);
    match record_sample_actors(&capture_dir, &actors_dir).await {
        Ok(report) => {
            println!(
                "recorded {} actors, {} events into {}",
                report.num_actors,
                report.num_events,
                report.dir.display()
            );
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("embed: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// This repository's `actors/` directory.
pub fn default_actors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../actors")
}

/// Runs the supervisor of `actors_dir` (built with `cargo build --release` there) with a
/// recorder attached: it spawns two counters and messages them, then the host stops it and
/// shuts the runtime down. Returns the recorder's report on `capture_dir`.
///
/// Changes the process's working directory to `actors_dir/counter`: Theater resolves a
/// spawned child's manifest `package` against the working directory, and the sample manifests
/// name their module relative to their own directory.
pub async fn record_sample_actors(capture_dir: &Path, actors_dir: &Path) -> Result<CaptureReport> {
    std::fs::create_dir_all(capture_dir)
        .with_context(|| format!("cannot create {}", capture_dir.display()))?;
    let capture_dir = capture_dir.canonicalize()?;
    let actors_dir = actors_dir
        .canonicalize()
        .with_context(|| format!("cannot find {}", actors_dir.display()))?;
    let supervisor_manifest = actors_dir.join("supervisor/manifest.toml");
    let counter_manifest = actors_dir.join("counter/manifest.toml");
    std::env::set_current_dir(actors_dir.join("counter"))?;

    // 1. A Theater runtime, built as any host builds it.
    let (theater_tx, theater_rx) = mpsc::channel(32);
    let resource_cache = Arc::new(ResourceCache::new());
    let router = MessageRouter::new();
    let mut registry = HandlerRegistry::new();
    register_theater_handlers(&mut registry, &theater_tx, &resource_cache, &router);
    let mut runtime = TheaterRuntime::new(
        theater_tx.clone(),
        theater_rx,
        None,
        registry,
        resource_cache,
    )
    .await
    .map_err(|err| anyhow!("cannot create the runtime: {err}"))?;

    // 2. The one call, before the runtime runs: every actor is recorded from its first event.
    let recorder = Recorder::attach(&mut runtime, &capture_dir)?;
    // The host's own view of the events, to know when the actors are done (optional).
    let (watch_tx, mut watch_rx) = mpsc::channel(WATCH_CAPACITY);
    runtime.add_global_subscription(watch_tx);
    let runtime_task = tokio::spawn(async move { runtime.run().await });

    // 3. Start the supervisor as `theater spawn` would, and tell the recorder what it is
    //    (children are described by their parent's spawn events).
    let source = ActorSource::load_root(&supervisor_manifest)?;
    let init_state = source.root_initial_state();
    let (response_tx, response_rx) = oneshot::channel();
    theater_tx
        .send(TheaterCommand::SpawnActor {
            wasm_bytes: source.wasm.clone(),
            name: Some(source.manifest.name.clone()),
            manifest: Some(source.manifest.clone()),
            init_state: init_state.clone(),
            response_tx,
            supervisor_tx: None,
            subscription_tx: None,
        })
        .await
        .map_err(|_| anyhow!("the runtime stopped"))?;
    let supervisor = response_rx
        .await?
        .map_err(|err| anyhow!("cannot start the supervisor: {err:#}"))?;
    recorder.describe_top_level(supervisor, source, init_state);

    // 4. Drive it: two counters, a few messages each. `send` returns once a message is
    //    queued, so the host waits until every `handle-send` call has ended: five on the
    //    supervisor, three on the counters.
    let counter = counter_manifest.display();
    for command in [
        format!("spawn {counter}"),
        format!("spawn {counter} {{\"n\":10}}"),
        "send 0 inc".to_string(),
        "send 0 add:5".to_string(),
        "send 1 inc".to_string(),
    ] {
        send(&router, supervisor, &command).await?;
    }
    wait_for_ended_calls(&mut watch_rx, HANDLE_SEND, 8).await?;
    // Dropping the watch ends that subscription (Theater skips a closed subscriber).
    drop(watch_rx);

    // 5. Stop: the supervisor (its chain, and its children's, end with `shutdown`), then the
    //    runtime, then the capture.
    let (response_tx, response_rx) = oneshot::channel();
    theater_tx
        .send(TheaterCommand::StopActor {
            actor_id: supervisor,
            response_tx,
        })
        .await
        .map_err(|_| anyhow!("the runtime stopped"))?;
    response_rx
        .await?
        .map_err(|err| anyhow!("cannot stop the supervisor: {err:#}"))?;
    theater_tx
        .send(TheaterCommand::ShutdownRuntime)
        .await
        .map_err(|_| anyhow!("the runtime stopped"))?;
    runtime_task
        .await?
        .map_err(|err| anyhow!("the runtime failed: {err:#}"))?;
    Ok(recorder.finish().await?)
}

/// Sends `text` to `actor` (its `handle-send`), as another actor's `send` would.
async fn send(router: &MessageRouter, actor: TheaterId, text: &str) -> Result<()> {
    let (response_tx, response_rx) = oneshot::channel();
    router
        .route_message(MessageCommand::SendMessage {
            target_id: actor,
            message: ActorMessage::Send(ActorSend {
                data: text.as_bytes().to_vec(),
            }),
            response_tx,
        })
        .await
        .map_err(|err| anyhow!("cannot route {text:?}: {err}"))?;
    response_rx
        .await?
        .map_err(|err| anyhow!("cannot deliver {text:?}: {err:#}"))
}

/// Waits until `count` calls of the export `function` have ended (returned or failed), on
/// any actor, as the host's subscription shows them; at most [`MAX_WAIT`].
async fn wait_for_ended_calls(
    watch_rx: &mut mpsc::Receiver<(TheaterId, ChainEvent)>,
    function: &str,
    count: usize,
) -> Result<()> {
    let deadline = tokio::time::Instant::now() + MAX_WAIT;
    let mut num_ended = 0;
    while num_ended < count {
        let (_, event) = tokio::time::timeout_at(deadline, watch_rx.recv())
            .await
            .map_err(|_| anyhow!("{num_ended} of {count} {function} calls ended in {MAX_WAIT:?}"))?
            .ok_or_else(|| anyhow!("the runtime closed its subscription"))?;
        let is_end = matches!(
            decode_chain_event_payload(&event.data),
            Some(ChainEventPayload::Wasm(
                WasmEventData::WasmResult { function_name, .. }
                    | WasmEventData::WasmError { function_name, .. }
            )) if function_name == function
        );
        num_ended += usize::from(is_end);
    }
    Ok(())
}
