//! The handlers a runtime offers its actors: the ones Theater's own CLI (theater-cli 0.3.18,
//! which links Theater 0.3.29) registers in `theater spawn`, with the same defaults, so an
//! actor that runs under `theater spawn` runs here too. Each actor's `[[handler]]` entries in
//! its manifest then configure its own instances (Theater's `clone_with_configs`).

use std::sync::Arc;

use theater::config::actor_manifest::{
    RuntimeHostConfig, SupervisorHostConfig, TimerHandlerConfig,
};
use theater::handler::HandlerRegistry;
use theater::messages::TheaterCommand;
use theater::utils::ResourceCache;
use theater_handler_message_server::{MessageRouter, MessageServerHandler};
use theater_handler_runtime::RuntimeHandler;
use theater_handler_supervisor::SupervisorHandler;
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
    registry.register(
        SupervisorHandler::new(SupervisorHostConfig {}, None)
            .with_resource_cache(Arc::clone(resource_cache)),
    );
    registry.register(MessageServerHandler::new(None, router.clone()));
    registry.register(TimerHandler::new(TimerHandlerConfig::default()));
}
