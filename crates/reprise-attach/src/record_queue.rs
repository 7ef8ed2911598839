//! `RecordQueue`: how async code hands records to the batching writer without blocking an
//! async worker. The writer's queue is bounded; when it is full (the disk is far behind) the
//! record waits on tokio's blocking pool, and the caller awaits that, so one actor's records
//! stay in order and the other tasks keep running.

use reprise_chain::wire::RecordBody;
use reprise_store::{RecordSender, TrySendFailure, WriterStopped};

/// A cloneable async sender into the capture's writer.
#[derive(Clone)]
pub struct RecordQueue {
    sender: RecordSender,
}

impl RecordQueue {
    /// Wraps the writer's sender.
    pub fn new(sender: RecordSender) -> Self {
        Self { sender }
    }

    /// Queues `body`, waiting (off the async workers) while the queue is full.
    pub async fn push(&self, body: RecordBody) -> Result<(), WriterStopped> {
        match self.sender.try_send(body) {
            Ok(()) => Ok(()),
            Err(TrySendFailure::Stopped(_)) => Err(WriterStopped),
            Err(TrySendFailure::Full(body)) => {
                let sender = self.sender.clone();
                tokio::task::spawn_blocking(move || sender.send(*body))
                    .await
                    .unwrap_or(Err(WriterStopped))
            }
        }
    }
}
