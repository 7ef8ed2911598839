//! Theater's replay verdicts, read from its log.
//!
//! Theater's `ReplayHandler` reports only through `tracing`: `info!("Replay complete: N/N
//! events verified …")` on success, and on failure the runtime logs
//! `error!("Handler 'replay' setup() failed: <error>")`, whose text names the divergence
//! (`Divergence at event <i> [<type>] …`). A process-wide `tracing` layer keeps those lines.
//!
//! Invariant: the layer is installed once per process and keeps only Theater's own messages
//! at level INFO or above; it attributes nothing to actors, so callers run one replay at a
//! time and clear the log in between.

use std::fmt;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use anyhow::{anyhow, Result};
use tracing::field::{Field, Visit};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

/// The messages Theater logged since the last [`ReplayLog::clear`].
#[derive(Clone, Default)]
pub struct ReplayLog {
    messages: Arc<Mutex<Vec<String>>>,
}

impl ReplayLog {
    /// The process-wide log, installing its `tracing` subscriber on first use. Fails if
    /// another global subscriber was installed first.
    pub fn install() -> Result<Self> {
        static LOG: OnceLock<std::result::Result<ReplayLog, String>> = OnceLock::new();
        LOG.get_or_init(|| {
            let log = ReplayLog::default();
            let subscriber = tracing_subscriber::registry().with(TheaterMessages {
                messages: Arc::clone(&log.messages),
            });
            tracing::subscriber::set_global_default(subscriber)
                .map(|()| log)
                .map_err(|err| format!("cannot capture Theater's log: {err}"))
        })
        .clone()
        .map_err(|err| anyhow!(err))
    }

    /// Forgets every message so far.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// The first replay verdict logged since the last clear, if any.
    pub fn verdict(&self) -> Option<String> {
        self.lock()
            .iter()
            .find(|message| {
                message.starts_with("Replay complete")
                    || message.starts_with("Handler 'replay' setup() failed")
            })
            .cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<String>> {
        self.messages.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

struct TheaterMessages {
    messages: Arc<Mutex<Vec<String>>>,
}

impl<S: Subscriber> Layer<S> for TheaterMessages {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        if metadata.target().starts_with("theater") && *metadata.level() <= Level::INFO {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut message = MessageText(String::new());
        event.record(&mut message);
        self.messages
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(message.0);
    }
}

struct MessageText(String);

impl Visit for MessageText {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}
