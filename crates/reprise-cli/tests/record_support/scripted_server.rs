//! A scripted theater-server for `reprise record`'s tests: it speaks the real protocol
//! (`FrameCodec`), answers `ListActors`, `SubscribeToActor` and `StartActor{subscribe:true}`
//! like theater-server, and plays each actor's given events (real fixture chains) then a
//! chosen ending: stay open, garbage, an oversized frame, or close. An actor with a manifest
//! runs (is listed) only once a `StartActor` names that manifest. Every command received is
//! kept, so a test can tell what the recorder asked for.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

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
    /// Started by a `StartActor` naming this manifest (then listed), instead of running from
    /// the beginning.
    pub manifest: Option<String>,
}

/// What every connection of one scripted server shares.
#[derive(Default)]
struct ServerState {
    commands: Mutex<Vec<ManagementCommand>>,
    started_ids: Mutex<BTreeSet<String>>,
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
        manifest: None,
    }
}

/// An actor that runs only once a `StartActor` names `manifest`.
pub fn startable(id: &str, name: &str, events: Vec<ChainEvent>, manifest: &str) -> ScriptedActor {
    ScriptedActor {
        manifest: Some(manifest.into()),
        ..actor(id, name, events, Ending::KeepOpen)
    }
}

/// The scripted server; dropping it closes every connection.
pub struct ScriptedServer {
    pub addr: SocketAddr,
    pub runtime: tokio::runtime::Runtime,
    state: Arc<ServerState>,
}

impl ScriptedServer {
    pub fn start(actors: Vec<ScriptedActor>) -> Self {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(ServerState::default());
        let shared = Arc::clone(&state);
        runtime.spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((socket, _)) = listener.accept().await {
                connections.spawn(serve_connection(
                    socket,
                    actors.clone(),
                    Arc::clone(&shared),
                ));
            }
        });
        Self {
            addr,
            runtime,
            state,
        }
    }

    /// Every command received so far, on any connection, in arrival order.
    pub fn commands(&self) -> Vec<ManagementCommand> {
        self.state.commands.lock().unwrap().clone()
    }

    /// The actor ids of the `SubscribeToActor`s received, in order.
    pub fn subscribed_ids(&self) -> Vec<String> {
        self.commands()
            .into_iter()
            .filter_map(|command| match command {
                ManagementCommand::SubscribeToActor { id } => Some(id),
                _ => None,
            })
            .collect()
    }

    /// The `StartActor`s received, in order.
    pub fn start_commands(&self) -> Vec<ManagementCommand> {
        let commands = self.commands().into_iter();
        commands
            .filter(|command| matches!(command, ManagementCommand::StartActor { .. }))
            .collect()
    }

    /// How many `ListActors` arrived after the first `StartActor` (none before one).
    pub fn num_lists_after_start(&self) -> usize {
        let commands = self.commands();
        let after_start = commands
            .iter()
            .skip_while(|command| !matches!(command, ManagementCommand::StartActor { .. }));
        after_start
            .filter(|command| matches!(command, ManagementCommand::ListActors))
            .count()
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
/// follow the next `ListActors` answer (the recorder's barrier), then its ending. A
/// `StartActor` with `subscribe` sends half of the actor's events before `ActorStarted` and
/// the rest after it, as theater-server may.
async fn serve_connection(socket: TcpStream, actors: Vec<ScriptedActor>, state: Arc<ServerState>) {
    let mut framed = Framed::new(socket, FrameCodec::new());
    let mut pending: Option<ScriptedActor> = None;
    while let Some(Ok(message)) = framed.next().await {
        let command: ManagementCommand = serde_json::from_slice(&message).unwrap();
        state.commands.lock().unwrap().push(command.clone());
        match command {
            ManagementCommand::ListActors => {
                let started_ids = state.started_ids.lock().unwrap().clone();
                let list: Vec<(&str, &str)> = actors
                    .iter()
                    .filter(|actor| actor.manifest.is_none() || started_ids.contains(&actor.id))
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
            ManagementCommand::StartActor {
                manifest,
                subscribe: true,
                ..
            } => {
                let Some(actor) = actors
                    .iter()
                    .find(|actor| actor.manifest.as_deref() == Some(manifest.as_str()))
                else {
                    let error = json!({"Error": {"error": {"RuntimeError": "no such manifest"}}});
                    send(&mut framed, error).await;
                    continue;
                };
                state.started_ids.lock().unwrap().insert(actor.id.clone());
                let (before, after) = actor.events.split_at(actor.events.len() / 2);
                for event in before {
                    send(&mut framed, event_json(event)).await;
                }
                send(&mut framed, json!({"ActorStarted": {"id": actor.id}})).await;
                for event in after {
                    send(&mut framed, event_json(event)).await;
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
