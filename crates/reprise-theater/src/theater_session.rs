//! A real Theater 0.3.29 runtime running in this process, with the handlers the sample actors
//! import and a global subscription that records every chain event.
//!
//! Invariants (toolchain.md, "Real Theater in tests"): the subscription is added before the
//! runtime's command loop starts, and it is drained on its own task, so no event is missed and
//! no actor is slowed by the recorder.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, Context, Result};
use theater::config::actor_manifest::{
    RuntimeHostConfig, SupervisorHostConfig, TimerHandlerConfig,
};
use theater::handler::HandlerRegistry;
use theater::messages::{ActorMessage, ActorSend, MessageCommand, TheaterCommand};
use theater::pack_bridge::Value;
use theater::theater_runtime::TheaterRuntime;
use theater::utils::ResourceCache;
use theater::{ManifestConfig, TheaterId};
use theater_handler_message_server::{MessageRouter, MessageServerHandler};
use theater_handler_runtime::RuntimeHandler;
use theater_handler_supervisor::SupervisorHandler;
use theater_handler_timer::TimerHandler;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::event_log::{ActorEvent, EventLog};

/// How long a runtime command may take before the session gives up on it. A failing export
/// call holds the runtime's command loop for about 5 s while it stops the actor.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// Capacity of the subscription channel: ample, because the drain only appends.
const SUBSCRIPTION_CAPACITY: usize = 4096;

/// Whether starting an actor also calls its `init` export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartMode {
    /// `SpawnActor`: set the actor up and call `theater:simple/actor.init` (recording).
    SpawnAndInit,
    /// `SetupActor`: set the actor up only; a replay handler drives its calls.
    SetupOnly,
}

/// The runtime, its message router and the event log.
pub struct TheaterSession {
    theater_tx: mpsc::Sender<TheaterCommand>,
    router: MessageRouter,
    log: EventLog,
    runtime_task: JoinHandle<()>,
    drain_task: JoinHandle<()>,
}

impl TheaterSession {
    /// Starts a runtime with the runtime, supervisor, message-server and timer handlers.
    /// Must be called inside a multi-threaded tokio runtime.
    pub async fn start() -> Result<Self> {
        let (theater_tx, theater_rx) = mpsc::channel(32);
        let resource_cache = Arc::new(ResourceCache::new());
        let router = MessageRouter::new();
        let mut registry = HandlerRegistry::new();
        registry.register(
            RuntimeHandler::new(RuntimeHostConfig {}, theater_tx.clone(), None)
                .with_show_logs(false),
        );
        registry.register(
            SupervisorHandler::new(SupervisorHostConfig {}, None)
                .with_resource_cache(Arc::clone(&resource_cache)),
        );
        registry.register(MessageServerHandler::new(None, router.clone()));
        registry.register(TimerHandler::new(TimerHandlerConfig::default()));

        let mut runtime = TheaterRuntime::new(
            theater_tx.clone(),
            theater_rx,
            None,
            registry,
            resource_cache,
        )
        .await
        .map_err(|err| anyhow!("cannot create the Theater runtime: {err}"))?;
        let (events_tx, events_rx) = mpsc::channel(SUBSCRIPTION_CAPACITY);
        runtime.add_global_subscription(events_tx);
        let (log, drain_task) = EventLog::drain(events_rx);
        let runtime_task = tokio::spawn(async move {
            if let Err(err) = runtime.run().await {
                tracing::error!("the Theater runtime failed: {err:#}");
            }
        });
        Ok(Self {
            theater_tx,
            router,
            log,
            runtime_task,
            drain_task,
        })
    }

    /// The events recorded so far.
    pub fn log(&self) -> &EventLog {
        &self.log
    }

    /// Starts a top-level actor from its manifest text and module, with `init_state` as its
    /// state; returns its id once it is set up (and, for [`StartMode::SpawnAndInit`], once
    /// `init` has returned).
    pub async fn start_actor(
        &self,
        manifest_text: &str,
        wasm: &[u8],
        init_state: Value,
        mode: StartMode,
    ) -> Result<TheaterId> {
        let manifest = ManifestConfig::from_toml_str(manifest_text)
            .map_err(|err| anyhow!("invalid manifest: {err}"))?;
        let name = Some(manifest.name.clone());
        let (response_tx, response_rx) = oneshot::channel();
        let command = match mode {
            StartMode::SpawnAndInit => TheaterCommand::SpawnActor {
                wasm_bytes: wasm.to_vec(),
                name,
                manifest: Some(manifest),
                init_state,
                response_tx,
                supervisor_tx: None,
                subscription_tx: None,
            },
            StartMode::SetupOnly => TheaterCommand::SetupActor {
                wasm_bytes: wasm.to_vec(),
                name,
                manifest: Some(manifest),
                init_state,
                response_tx,
                supervisor_tx: None,
                subscription_tx: None,
            },
        };
        self.command(command).await?;
        let response = tokio::time::timeout(COMMAND_TIMEOUT, response_rx)
            .await
            .context("timed out starting an actor")?
            .context("the runtime dropped the start request")?;
        response.map_err(|err| anyhow!("the runtime could not start the actor: {err:#}"))
    }

    /// Delivers `message` to `target` as a one-way message (its `handle-send` export is called),
    /// exactly as another actor's `message-server-host/send` would.
    pub async fn send_message(&self, target: TheaterId, message: &[u8]) -> Result<()> {
        let (response_tx, response_rx) = oneshot::channel();
        self.router
            .route_message(MessageCommand::SendMessage {
                target_id: target,
                message: ActorMessage::Send(ActorSend {
                    data: message.to_vec(),
                }),
                response_tx,
            })
            .await
            .with_context(|| format!("cannot route a message to {target}"))?;
        let response = tokio::time::timeout(COMMAND_TIMEOUT, response_rx)
            .await
            .context("timed out routing a message")?
            .context("the router dropped the message")?;
        response.map_err(|err| anyhow!("cannot deliver a message to {target}: {err:#}"))
    }

    /// Stops `actor` from outside (Theater appends a `shutdown` event to its chain).
    pub async fn stop_actor(&self, actor: TheaterId) -> Result<()> {
        let (response_tx, response_rx) = oneshot::channel();
        self.command(TheaterCommand::StopActor {
            actor_id: actor,
            response_tx,
        })
        .await?;
        let response = tokio::time::timeout(COMMAND_TIMEOUT, response_rx)
            .await
            .context("timed out stopping an actor")?
            .context("the runtime dropped the stop request")?;
        response.map_err(|err| anyhow!("cannot stop {actor}: {err:#}"))
    }

    /// Ends the command loop and returns every event recorded.
    pub async fn shut_down(self) -> Result<Vec<ActorEvent>> {
        self.command(TheaterCommand::ShutdownRuntime).await?;
        tokio::time::timeout(COMMAND_TIMEOUT, self.runtime_task)
            .await
            .context("timed out waiting for the runtime to shut down")?
            .context("the runtime task failed")?;
        // Stopped actors' chains may still hold subscription senders, so the drain is ended
        // here rather than waited for; every awaited event is already in the log.
        self.drain_task.abort();
        Ok(self.log.snapshot())
    }

    async fn command(&self, command: TheaterCommand) -> Result<()> {
        self.theater_tx
            .send(command)
            .await
            .map_err(|_| anyhow!("the Theater runtime is no longer running"))
    }
}
