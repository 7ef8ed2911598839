//! `TheaterHost`: a real Theater 0.3.29 runtime in this process, with every handler Theater's
//! own CLI registers ([`crate::register_theater_handlers`]), and the commands a host sends it:
//! start an actor, message it, stop it, shut the runtime down.
//!
//! It is built in two steps so that subscribers (a [`crate::Recorder`]) attach before the
//! runtime's command loop starts: [`TheaterHost::new`] returns the host and the runtime, not
//! yet running; [`TheaterHost::start`] runs it.
//!
//! Invariant: every command waits for the runtime's answer at most [`COMMAND_TIMEOUT`], so a
//! wedged runtime is reported as an error, never waited on forever.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use theater::handler::HandlerRegistry;
use theater::messages::{ActorMessage, ActorResult, ActorSend, MessageCommand, TheaterCommand};
use theater::pack_bridge::Value;
use theater::theater_runtime::TheaterRuntime;
use theater::utils::ResourceCache;
use theater::{ManifestConfig, TheaterId};
use theater_handler_message_server::MessageRouter;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::handlers::register_theater_handlers;

/// How long a runtime command may take before the host gives up on it. A failing export
/// call holds the runtime's command loop for about 5 s while it stops the actor.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

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

/// The runtime's command channel, its message router and, once started, its task.
pub struct TheaterHost {
    theater_tx: mpsc::Sender<TheaterCommand>,
    router: MessageRouter,
    runtime_task: Option<JoinHandle<()>>,
}

impl TheaterHost {
    /// Builds a runtime with every handler; returns the host and the runtime, which runs once
    /// given to [`TheaterHost::start`] (attach subscribers to it before).
    pub async fn new() -> Result<(Self, TheaterRuntime)> {
        let (theater_tx, theater_rx) = mpsc::channel(32);
        let resource_cache = Arc::new(ResourceCache::new());
        let router = MessageRouter::new();
        let mut registry = HandlerRegistry::new();
        register_theater_handlers(&mut registry, &theater_tx, &resource_cache, &router);
        let runtime = TheaterRuntime::new(
            theater_tx.clone(),
            theater_rx,
            None,
            registry,
            resource_cache,
        )
        .await
        .map_err(|err| anyhow!("cannot create the Theater runtime: {err}"))?;
        let host = Self {
            theater_tx,
            router,
            runtime_task: None,
        };
        Ok((host, runtime))
    }

    /// Runs `runtime` (the one [`TheaterHost::new`] returned) on its own task.
    pub fn start(&mut self, mut runtime: TheaterRuntime) {
        self.runtime_task = Some(tokio::spawn(async move {
            if let Err(err) = runtime.run().await {
                tracing::error!("the Theater runtime failed: {err:#}");
            }
        }));
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

    /// Ends the command loop and waits for the runtime task (an error if it never started).
    pub async fn shut_down(mut self) -> Result<()> {
        let Some(runtime_task) = self.runtime_task.take() else {
            bail!("the Theater runtime was never started");
        };
        self.command(TheaterCommand::ShutdownRuntime).await?;
        tokio::time::timeout(COMMAND_TIMEOUT, runtime_task)
            .await
            .context("timed out waiting for the runtime to shut down")?
            .context("the runtime task failed")
    }

    async fn command(&self, command: TheaterCommand) -> Result<()> {
        self.theater_tx
            .send(command)
            .await
            .map_err(|_| anyhow!("the Theater runtime is no longer running"))
    }
}
