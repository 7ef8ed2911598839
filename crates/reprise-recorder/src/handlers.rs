//! The handlers a runtime offers its actors: every handler Theater's own CLI (theater-cli
//! 0.3.18, the release that links Theater 0.3.29) registers in `theater spawn`, in its order and
//! with its defaults, so an actor that runs under `theater spawn` runs here too: runtime,
//! store, supervisor, message-server, rpc, tcp, terminal, timer, loop and podman. Each actor's
//! `[[handler]]` entries in its manifest then configure its own instances (Theater's
//! `HandlerRegistry::clone_with_configs`), e.g. `type = "store"` with `base_path`.
//!
//! Invariant: the handler crate versions are the ones theater-cli 0.3.18 resolves against
//! Theater 0.3.29 (see this crate's Cargo.toml); a handler is only ever added here, with the
//! CLI, never configured differently from it.

use std::sync::Arc;

use theater::config::actor_manifest::{
    PodmanHandlerConfig, RuntimeHostConfig, StoreHandlerConfig, SupervisorHostConfig,
    TcpHandlerConfig, TerminalHandlerConfig, TimerHandlerConfig,
};
use theater::handler::HandlerRegistry;
use theater::messages::TheaterCommand;
use theater::utils::ResourceCache;
use theater_handler_loop::LoopHandler;
use theater_handler_message_server::{MessageRouter, MessageServerHandler};
use theater_handler_podman::PodmanHandler;
use theater_handler_rpc::RpcHandler;
use theater_handler_runtime::RuntimeHandler;
use theater_handler_store::StoreHandler;
use theater_handler_supervisor::SupervisorHandler;
use theater_handler_tcp::TcpHandler;
use theater_handler_terminal::TerminalHandler;
use theater_handler_timer::TimerHandler;
use tokio::sync::mpsc;

/// Registers every handler into `registry`, in theater-cli's order. `theater_tx` is the
/// runtime's command channel, `resource_cache` the one the runtime is given, and `router` the
/// message router the host delivers its own messages through. Actor logs (`runtime/log`) are
/// recorded in the chain but not printed: the host's stdout is its own.
pub fn register_theater_handlers(
    registry: &mut HandlerRegistry,
    theater_tx: &mpsc::Sender<TheaterCommand>,
    resource_cache: &Arc<ResourceCache>,
    router: &MessageRouter,
) {
    registry.register(
        RuntimeHandler::new(RuntimeHostConfig {}, theater_tx.clone(), None).with_show_logs(false),
    );
    registry.register(StoreHandler::new(StoreHandlerConfig::default(), None));
    registry.register(
        SupervisorHandler::new(SupervisorHostConfig {}, None)
            .with_resource_cache(Arc::clone(resource_cache)),
    );
    registry.register(MessageServerHandler::new(None, router.clone()));
    registry.register(RpcHandler::new(theater_tx.clone()));
    // No listener and no connection limit unless the actor's manifest sets them, as the CLI.
    registry.register(TcpHandler::new(TcpHandlerConfig::default()));
    registry.register(TerminalHandler::new(TerminalHandlerConfig::default()));
    registry.register(TimerHandler::new(TimerHandlerConfig::default()));
    registry.register(LoopHandler::new());
    registry.register(PodmanHandler::new(PodmanHandlerConfig::default()));
}
