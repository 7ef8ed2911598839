//! `TheaterSession`: a [`TheaterHost`] whose every chain event is kept in memory
//! ([`EventLog`]), for scripted recordings that wait on what the actors did. The host, its
//! handlers and the subscription are the recorder's own (`reprise_recorder::TheaterHost`,
//! `subscribe_to_every_event`): the fixtures are recorded by the host `reprise run` uses.
//!
//! Invariants (toolchain.md, "Real Theater in tests"): the subscription is added before the
//! runtime's command loop starts, and it is drained on its own task, so no event is missed and
//! no actor is slowed by the recorder.

use anyhow::Result;
use reprise_recorder::{subscribe_to_every_event, ActorEvent, StartMode, TheaterHost};
use theater::pack_bridge::Value;
use theater::TheaterId;
use tokio::task::JoinHandle;

use crate::event_log::EventLog;

/// The runtime and every event it broadcast.
pub struct TheaterSession {
    host: TheaterHost,
    log: EventLog,
    drain_task: JoinHandle<()>,
}

impl TheaterSession {
    /// Starts a runtime with every handler and keeps every event in memory. Must be called
    /// inside a multi-threaded tokio runtime.
    pub async fn start() -> Result<Self> {
        let (mut host, mut runtime) = TheaterHost::new().await?;
        let events_rx = subscribe_to_every_event(&mut runtime);
        host.start(runtime);
        let (log, drain_task) = EventLog::drain(events_rx);
        Ok(Self {
            host,
            log,
            drain_task,
        })
    }

    /// The events recorded so far.
    pub fn log(&self) -> &EventLog {
        &self.log
    }

    /// See [`TheaterHost::start_actor`].
    pub async fn start_actor(
        &self,
        manifest_text: &str,
        wasm: &[u8],
        init_state: Value,
        mode: StartMode,
    ) -> Result<TheaterId> {
        self.host
            .start_actor(manifest_text, wasm, init_state, mode)
            .await
    }

    /// See [`TheaterHost::send_message`].
    pub async fn send_message(&self, target: TheaterId, message: &[u8]) -> Result<()> {
        self.host.send_message(target, message).await
    }

    /// See [`TheaterHost::stop_actor`].
    pub async fn stop_actor(&self, actor: TheaterId) -> Result<()> {
        self.host.stop_actor(actor).await
    }

    /// Ends the runtime and returns every event recorded.
    pub async fn shut_down(self) -> Result<Vec<ActorEvent>> {
        self.host.shut_down().await?;
        // Stopped actors' chains may still hold subscription senders, so the drain is ended
        // here rather than waited for; every awaited event is already in the log.
        self.drain_task.abort();
        Ok(self.log.snapshot())
    }
}
