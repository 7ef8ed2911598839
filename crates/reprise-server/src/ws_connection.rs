//! One WebSocket connection: reads the client's messages, runs at most one [`Feed`] at a
//! time, and writes everything the client is sent through one bounded queue.
//!
//! Invariant: only the writer task touches the socket's sending half, so messages are never
//! interleaved; a client that stops reading blocks only its own writer and feed.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use reprise_chain::wire::{error_message, ClientMessage};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::feed::Feed;
use crate::live_log::LiveLog;

/// Messages waiting for the socket. Small: the real queue is the live broadcast, whose
/// overflow is what tells a slow client it lagged.
const OUT_QUEUE_LEN: usize = 64;

/// How long a closing connection may take to flush what it queued.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

/// What a connection needs from the server.
pub struct ConnectionContext {
    /// The log the feeds read.
    pub live_log: LiveLog,
    /// Becomes `true` when the server shuts down.
    pub shutdown: watch::Receiver<bool>,
    /// Dropped when the connection ends; the server waits for every clone to go.
    pub alive: mpsc::Sender<()>,
}

/// Serves one upgraded connection until the client leaves or the server shuts down.
pub async fn serve_connection(socket: WebSocket, context: ConnectionContext) {
    let ConnectionContext {
        live_log,
        mut shutdown,
        alive,
    } = context;
    let (sink, mut incoming) = socket.split();
    let (out, out_queue) = mpsc::channel::<String>(OUT_QUEUE_LEN);
    let (close_tx, close_rx) = watch::channel(false);
    let mut writer = tokio::spawn(write_messages(sink, out_queue, close_rx));
    let mut feed: Option<JoinHandle<()>> = None;
    loop {
        let message = tokio::select! {
            _ = shutdown.wait_for(|is_down| *is_down) => break,
            message = incoming.next() => message,
        };
        let text = match message {
            Some(Ok(Message::Text(text))) => text,
            Some(Ok(Message::Binary(_))) => {
                let reply = error_message("binary messages are not part of the protocol");
                if out.send(reply).await.is_err() {
                    break;
                }
                continue;
            }
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(Message::Close(_)) | Err(_)) | None => break,
        };
        match ClientMessage::parse(text.as_str()) {
            Ok(ClientMessage::Subscribe(subscription)) => {
                if let Some(old) = feed.take() {
                    old.abort();
                }
                let new_feed = Feed::start(&live_log, &subscription);
                feed = Some(tokio::spawn(new_feed.run(out.clone())));
            }
            Err(err) => {
                if out.send(error_message(&err.reason)).await.is_err() {
                    break;
                }
            }
        }
    }
    if let Some(feed) = feed {
        feed.abort();
    }
    drop(out);
    let _ = close_tx.send(true);
    if tokio::time::timeout(CLOSE_GRACE, &mut writer)
        .await
        .is_err()
    {
        writer.abort();
    }
    drop(alive);
}

/// Writes queued messages, a batch per flush, until the queue closes (then it sends a Close
/// frame) or the socket fails.
async fn write_messages(
    mut sink: SplitSink<WebSocket, Message>,
    mut queue: mpsc::Receiver<String>,
    mut close: watch::Receiver<bool>,
) {
    loop {
        let first = tokio::select! {
            biased;
            text = queue.recv() => text,
            _ = close.wait_for(|is_closed| *is_closed) => None,
        };
        let Some(first) = first else { break };
        if sink
            .feed(Message::Text(Utf8Bytes::from(first)))
            .await
            .is_err()
        {
            return;
        }
        while let Ok(text) = queue.try_recv() {
            if sink
                .feed(Message::Text(Utf8Bytes::from(text)))
                .await
                .is_err()
            {
                return;
            }
        }
        if sink.flush().await.is_err() {
            return;
        }
    }
    let frame = CloseFrame {
        code: axum::extract::ws::close_code::AWAY,
        reason: Utf8Bytes::from_static("closing"),
    };
    let _ = sink.send(Message::Close(Some(frame))).await;
}
