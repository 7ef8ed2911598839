//! A scripted theater-server for `reprise record`'s tests: it speaks the real protocol
//! (`FrameCodec`), answers `ListActors` and `SubscribeToActor` like theater-server, and plays
//! each actor's given events (real fixture chains) then a chosen ending: stay open, garbage,
//! an oversized frame, or close.

use std::net::SocketAddr;
use std::path::Path;

use futures_util::{SinkExt, StreamExt};
use reprise_chain::{parse_file, ChainEvent};
use reprise_theater_client::{FrameCodec, ManagementCommand};
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio_util::codec::Framed;

/// What a subscription to one scripted actor gets after its events.
#[derive(Clone, Copy)]
pub enum Ending {
    KeepOpen,
    Garbage,
    Oversized,
    Close,
}

#[derive(Clone)]
pub struct ScriptedActor {
    pub id: String,
    pub name: String,
    pub events: Vec<ChainEvent>,
    pub ending: Ending,
}

pub fn fixture_events(actor_id: &str) -> Vec<ChainEvent> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
        "../../fixtures/theater-0.3.29/{actor_id}.chain.json"
    ));
    let bytes = std::fs::read(&path).unwrap();
    parse_file(&path.to_string_lossy(), &bytes).unwrap().actors[0]
        .events
        .clone()
}

pub fn actor(id: &str, name: &str, events: Vec<ChainEvent>, ending: Ending) -> ScriptedActor {
    ScriptedActor {
        id: id.into(),
        name: name.into(),
        events,
        ending,
    }
}

/// The scripted server; dropping it closes every connection.
pub struct ScriptedServer {
    pub addr: SocketAddr,
    pub runtime: tokio::runtime::Runtime,
}

impl ScriptedServer {
    pub fn start(actors: Vec<ScriptedActor>) -> Self {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap();
        runtime.spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((socket, _)) = listener.accept().await {
                connections.spawn(serve_connection(socket, actors.clone()));
            }
        });
        Self { addr, runtime }
    }

    pub fn addr(&self) -> String {
        self.addr.to_string()
    }

    /// Stops the server: every connection is closed.
    pub fn shut_down(self) {
        self.runtime.shutdown_background();
    }
}

/// Answers `ListActors` and `SubscribeToActor` like theater-server; a subscription's events
/// follow the next `ListActors` answer (the recorder's barrier), then its ending.
async fn serve_connection(socket: TcpStream, actors: Vec<ScriptedActor>) {
    let mut framed = Framed::new(socket, FrameCodec::new());
    let mut pending: Option<ScriptedActor> = None;
    while let Some(Ok(message)) = framed.next().await {
        let command: ManagementCommand = serde_json::from_slice(&message).unwrap();
        match command {
            ManagementCommand::ListActors => {
                let list: Vec<(&str, &str)> = actors
                    .iter()
                    .map(|actor| (actor.id.as_str(), actor.name.as_str()))
                    .collect();
                send(&mut framed, json!({"ActorList": {"actors": list}})).await;
                if let Some(actor) = pending.take() {
                    for event in &actor.events {
                        send(&mut framed, event_json(event)).await;
                    }
                    let socket = framed.get_mut();
                    match actor.ending {
                        Ending::KeepOpen => {}
                        Ending::Garbage => socket.write_all(b"\0\0\0\x05hello").await.unwrap(),
                        Ending::Oversized => socket.write_all(b"\x7f\0\0\0").await.unwrap(),
                        Ending::Close => return,
                    }
                }
            }
            ManagementCommand::SubscribeToActor { id } => {
                pending = actors.iter().find(|actor| actor.id == id).cloned();
                let subscribed = json!({"Subscribed": {"id": id, "subscription_id": "s-1"}});
                send(&mut framed, subscribed).await;
            }
            _ => send(&mut framed, json!({"Error": {"error": "ActorNotFound"}})).await,
        }
    }
}

fn event_json(event: &ChainEvent) -> Value {
    json!({"ActorEvent": {"event": {
        "hash": event.hash,
        "parent_hash": event.parent_hash,
        "event_type": event.event_type,
        "data": event.data,
    }}})
}

async fn send(framed: &mut Framed<TcpStream, FrameCodec>, response: Value) {
    let bytes = serde_json::to_vec(&response).unwrap();
    let _ = framed.send(bytes.as_slice()).await;
}
