//! Every chain event the runtime broadcast, in arrival order, with a way to wait for one.
//!
//! Filled by one task draining the runtime's global subscription (a slow subscriber would
//! back-pressure the actors, so the drain does nothing but append). Readers take snapshots.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::{bail, Result};
pub use reprise_recorder::ActorEvent;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

/// The shared, append-only log of broadcast events.
#[derive(Clone)]
pub struct EventLog {
    events: Arc<Mutex<Vec<ActorEvent>>>,
    num_events_rx: watch::Receiver<usize>,
}

impl EventLog {
    /// Starts draining `rx` into a new log on its own task; the task ends when every sender
    /// is gone.
    pub fn drain(mut rx: mpsc::Receiver<ActorEvent>) -> (Self, JoinHandle<()>) {
        let events = Arc::new(Mutex::new(Vec::new()));
        let (num_events_tx, num_events_rx) = watch::channel(0);
        let sink = Arc::clone(&events);
        let task = tokio::spawn(async move {
            while let Some(event) = rx.recv().await {
                let num_events = {
                    let mut events = sink.lock().unwrap_or_else(PoisonError::into_inner);
                    events.push(event);
                    events.len()
                };
                num_events_tx.send_replace(num_events);
            }
        });
        (
            Self {
                events,
                num_events_rx,
            },
            task,
        )
    }

    /// A copy of every event so far.
    pub fn snapshot(&self) -> Vec<ActorEvent> {
        self.events
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Waits until `is_done` holds for the events so far; fails after `timeout`, naming `what`.
    pub async fn wait_for(
        &self,
        what: &str,
        timeout: Duration,
        is_done: impl Fn(&[ActorEvent]) -> bool,
    ) -> Result<()> {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut num_events_rx = self.num_events_rx.clone();
        loop {
            let is_met = {
                let events = self.events.lock().unwrap_or_else(PoisonError::into_inner);
                is_done(&events)
            };
            if is_met {
                return Ok(());
            }
            match tokio::time::timeout_at(deadline, num_events_rx.changed()).await {
                Ok(Ok(())) => {}
                // The drain ended: no more events will come, so check one last time.
                Ok(Err(_)) => {
                    let events = self.events.lock().unwrap_or_else(PoisonError::into_inner);
                    if is_done(&events) {
                        return Ok(());
                    }
                    bail!("the event stream ended before {what}");
                }
                Err(_) => bail!("timed out after {timeout:?} waiting for {what}"),
            }
        }
    }
}
