//! A real Theater 0.3.29 runtime running in this process, with the handlers the sample actors
//! import and a global subscription that sees every chain event: kept in memory
//! ([`TheaterSession::start`], for scripted recordings) or handed to the caller as a stream
//! ([`TheaterSession::start_streaming`], for `reprise run`).
//!
//! Invariants (toolchain.md, "Real Theater in tests"): the subscription is added before the
//! runtime's command loop starts, and it is drained on its own task, so no event is missed and
//! no actor is slowed by the recorder.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use theater::config::actor_manifest::{
    RuntimeHostConfig, SupervisorHostConfig, TimerHandlerConfig,
};
use theater::handler::HandlerRegistry;
use theater::messages::{ActorMessage, ActorResult, ActorSend, MessageCommand, TheaterCommand};
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

/// Capacity of the subscription channel. Theater 0.3.29 dispatches each event with
/// `send().await` (`StateChain::add_event`; the doc of `add_global_subscription` still says
/// `try_send`), so a full channel pauses the emitting actor: the capacity lets actors run on
/// while the reader appends and fsyncs.
const SUBSCRIPTION_CAPACITY: usize = 16384;

/// Whether starting an actor also calls its `init` export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartMode {
    /// `SpawnActor`: set the actor up and call `theater:simple/actor.init` (recording).
    SpawnAndInit,
    /// `SetupActor`: set the actor up only; a replay handler drives its calls.
    SetupOnly,
}

/// How many results of a supervised top-level actor can wait unread (it has one).
const ACTOR_RESULT_CAPACITY: usize = 4;

/// The runtime, its message router and, unless the events are streamed, the event log.
pub struct TheaterSession {
    theater_tx: mpsc::Sender<TheaterCommand>,
    router: MessageRouter,
    memory: Option<InMemoryLog>,
    runtime_task: JoinHandle<()>,
}

/// The events kept in memory and the task that appends them.
struct InMemoryLog {
    log: EventLog,
    drain_task: JoinHandle<()>,
}

impl TheaterSession {
    /// Starts a runtime with the runtime, supervisor, message-server and timer handlers, and
    /// keeps every event in memory ([`TheaterSession::log`]). Must be called inside a
    /// multi-threaded tokio runtime.
    pub async fn start() -> Result<Self> {
        let (mut session, events_rx) = Self::start_streaming().await?;
        let (log, drain_task) = EventLog::drain(events_rx);
        session.memory = Some(InMemoryLog { log, drain_task });
        Ok(session)
    }

    /// Starts a runtime like [`TheaterSession::start`], but hands every event to the caller,
    /// in arrival order, instead of keeping it. The receiver must be drained promptly: a full
    /// channel back-pressures the actors.
    pub async fn start_streaming() -> Result<(Self, mpsc::Receiver<ActorEvent>)> {
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
        let runtime_task = tokio::spawn(async move {
            if let Err(err) = runtime.run().await {
                tracing::error!("the Theater runtime failed: {err:#}");
            }
        });
        let session = Self {
            theater_tx,
            router,
            memory: None,
            runtime_task,
        };
        Ok((session, events_rx))
    }

    /// The events recorded so far; an error for a session started with
    /// [`TheaterSession::start_streaming`], which keeps none.
    pub fn log(&self) -> Result<&EventLog> {
        match &self.memory {
            Some(memory) => Ok(&memory.log),
            None => bail!("this Theater session streams its events and keeps none"),
        }
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
        self.start_actor_with(manifest_text, wasm, init_state, mode, None)
            .await
    }

    /// Spawns a top-level actor (setup and `init`) and returns its id with a receiver of its
    /// result: how it ended (exited, failed or was stopped), as a parent actor would hear it.
    pub async fn spawn_supervised(
        &self,
        manifest_text: &str,
        wasm: &[u8],
        init_state: Value,
    ) -> Result<(TheaterId, mpsc::Receiver<ActorResult>)> {
        let (result_tx, result_rx) = mpsc::channel(ACTOR_RESULT_CAPACITY);
        let id = self
            .start_actor_with(
                manifest_text,
                wasm,
                init_state,
                StartMode::SpawnAndInit,
                Some(result_tx),
            )
            .await?;
        Ok((id, result_rx))
    }

    async fn start_actor_with(
        &self,
        manifest_text: &str,
        wasm: &[u8],
        init_state: Value,
        mode: StartMode,
        supervisor_tx: Option<mpsc::Sender<ActorResult>>,
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
                supervisor_tx,
                subscription_tx: None,
            },
            StartMode::SetupOnly => TheaterCommand::SetupActor {
                wasm_bytes: wasm.to_vec(),
                name,
                manifest: Some(manifest),
                init_state,
                response_tx,
                supervisor_tx,
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

    /// Ends the command loop and returns every event recorded (none for a streaming session).
    pub async fn shut_down(self) -> Result<Vec<ActorEvent>> {
        self.command(TheaterCommand::ShutdownRuntime).await?;
        tokio::time::timeout(COMMAND_TIMEOUT, self.runtime_task)
            .await
            .context("timed out waiting for the runtime to shut down")?
            .context("the runtime task failed")?;
        // Stopped actors' chains may still hold subscription senders, so the drain is ended
        // here rather than waited for; every awaited event is already in the log (a streaming
        // caller drains what is left in its channel itself).
        match self.memory {
            Some(memory) => {
                memory.drain_task.abort();
                Ok(memory.log.snapshot())
            }
            None => Ok(Vec::new()),
        }
    }

    async fn command(&self, command: TheaterCommand) -> Result<()> {
        self.theater_tx
            .send(command)
            .await
            .map_err(|_| anyhow!("the Theater runtime is no longer running"))
    }
}
