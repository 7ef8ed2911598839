//! Shared by the server tests: a server on 127.0.0.1 with an ephemeral port over a fresh log,
//! and a WebSocket client whose every wait is bounded.

#![allow(clippy::unwrap_used, dead_code)]

use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use reprise_chain::wire::{ActorInfo, RecordBody};
use reprise_chain::ChainEvent;
use reprise_server::{load_file, LiveLog, LoadReport, Server, ServerConfig};
use serde_json::{json, Value};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// The longest any single wait of a test may take.
pub const WAIT: Duration = Duration::from_secs(20);

/// The path of a committed fixture (`fixtures/`-relative), from the shared testkit.
pub use reprise_testkit::fixture_path as fixture;

pub struct TestServer {
    pub addr: SocketAddr,
    pub live_log: LiveLog,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub async fn start(live_queue_len: usize) -> Self {
        Self::start_with_app(Path::new("/nonexistent-reprise-app"), live_queue_len).await
    }

    pub async fn start_with_app(app_dir: &Path, live_queue_len: usize) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (live_log, _) = LiveLog::open(dir.path(), live_queue_len).unwrap();
        let config = ServerConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            app_dir: app_dir.to_path_buf(),
        };
        let server = Server::bind(&config, live_log.clone()).await.unwrap();
        let addr = server.local_addr();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async move {
            let _ = stopped.await;
        }));
        Self {
            addr,
            live_log,
            stop: Some(stop),
            task: Some(task),
            _dir: dir,
        }
    }

    pub fn ws_url(&self) -> String {
        format!("ws://{}/ws", self.addr)
    }

    /// Loads a fixture file into the log, as `reprise serve FILE` does.
    pub async fn load(&self, relative: &str) -> LoadReport {
        let live_log = self.live_log.clone();
        let path = fixture(relative);
        tokio::task::spawn_blocking(move || {
            load_file(&live_log, &path, &AtomicBool::new(false), &mut |_| {})
        })
        .await
        .unwrap()
        .unwrap()
    }

    pub async fn append(&self, bodies: Vec<RecordBody>) -> std::ops::Range<u64> {
        self.live_log.append_batch_async(bodies).await.unwrap()
    }

    /// Stops the server and waits (bounded) until it has closed every connection.
    pub async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        let task = self.task.take().unwrap();
        tokio::time::timeout(WAIT, task)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
    }
}

pub fn actor_body(id: &str, name: &str) -> RecordBody {
    RecordBody::Actor(ActorInfo {
        id: id.into(),
        name: Some(name.into()),
        parent: None,
        manifest: None,
        initial_state: None,
        wasm_sha256: None,
    })
}

/// A synthetic event of `actor_id` with a unique hash and `num_data_bytes` of payload.
pub fn event_body(actor_id: &str, idx: u64, event_type: &str, num_data_bytes: usize) -> RecordBody {
    let mut hash = vec![0xee; 12];
    hash.extend(idx.to_be_bytes());
    RecordBody::Event {
        actor_id: actor_id.into(),
        event: ChainEvent {
            hash,
            parent_hash: None,
            event_type: event_type.into(),
            data: (0..num_data_bytes)
                .map(|i| (i * 7 + idx as usize) as u8)
                .collect(),
            legacy: None,
        },
    }
}

pub struct Client {
    pub ws: WebSocketStream<TcpStream>,
    /// Messages read while waiting for something else (a pong), in order.
    pending: std::collections::VecDeque<Value>,
}

impl Client {
    pub async fn connect(url: &str) -> Self {
        Self::connect_with_recv_buffer(url, None).await
    }

    /// Connects with the socket's receive buffer set to `recv_buffer_len` bytes, so a client
    /// that stops reading fills up quickly.
    pub async fn connect_with_recv_buffer(url: &str, recv_buffer_len: Option<u32>) -> Self {
        let request = url.into_client_request().unwrap();
        let authority = request.uri().authority().unwrap().as_str().to_string();
        let socket = TcpSocket::new_v4().unwrap();
        if let Some(len) = recv_buffer_len {
            socket.set_recv_buffer_size(len).unwrap();
        }
        let stream = socket.connect(authority.parse().unwrap()).await.unwrap();
        let (ws, response) =
            tokio::time::timeout(WAIT, tokio_tungstenite::client_async(request, stream))
                .await
                .unwrap()
                .unwrap();
        assert_eq!(response.status(), 101);
        Self {
            ws,
            pending: Default::default(),
        }
    }

    pub async fn send(&mut self, value: Value) {
        self.send_text(&value.to_string()).await;
    }

    pub async fn send_text(&mut self, text: &str) {
        self.ws.send(Message::text(text)).await.unwrap();
    }

    pub async fn subscribe(&mut self, from: Value) {
        self.send(json!({"type": "subscribe", "from": from})).await;
    }

    /// The next JSON message; fails the test after [`WAIT`].
    pub async fn next_json(&mut self) -> Value {
        if let Some(value) = self.pending.pop_front() {
            return value;
        }
        serde_json::from_str(&self.next_text().await).unwrap()
    }

    /// The next text message, exactly as sent (none may be pending); fails after [`WAIT`].
    pub async fn next_text(&mut self) -> String {
        assert!(
            self.pending.is_empty(),
            "messages were already read as JSON"
        );
        loop {
            let message = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("no message in time")
                .expect("the server closed the connection")
                .unwrap();
            match message {
                Message::Text(text) => return text.as_str().to_string(),
                Message::Ping(_) | Message::Pong(_) => continue,
                other => panic!("unexpected message {other:?}"),
            }
        }
    }

    /// Returns once the server has read everything sent before this call: it answers a ping
    /// only after handling the messages ahead of it. Messages that arrive meanwhile are kept.
    pub async fn barrier(&mut self) {
        self.ws.send(Message::Ping("barrier".into())).await.unwrap();
        loop {
            let message = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("no pong in time")
                .unwrap()
                .unwrap();
            match message {
                Message::Pong(_) => return,
                Message::Text(text) => self
                    .pending
                    .push_back(serde_json::from_str(text.as_str()).unwrap()),
                _ => {}
            }
        }
    }

    /// Messages up to and including the one with seq `last_seq`.
    pub async fn collect_through(&mut self, last_seq: u64) -> Vec<Value> {
        let mut messages = Vec::new();
        loop {
            let message = self.next_json().await;
            let seq = message["seq"].as_u64();
            messages.push(message);
            if seq == Some(last_seq) {
                return messages;
            }
        }
    }
}

pub fn seqs(messages: &[Value]) -> Vec<u64> {
    messages
        .iter()
        .map(|m| m["seq"].as_u64().unwrap())
        .collect()
}
