//! `TheaterConnection`: one TCP connection to theater-server's management socket, sending
//! [`ManagementCommand`]s and reading [`ManagementResponse`]s in the order the server sent
//! them (responses and subscribed events share the one stream).
//!
//! Invariant: it connects only to the address it is given, and every failure (refused
//! connection, closed socket, bad frame, unreadable JSON) is a [`ConnectionError`] saying
//! what happened, never a panic.

use std::fmt;
use std::net::SocketAddr;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_util::codec::Framed;

use crate::frame_codec::FrameCodec;
use crate::frame_error::FrameError;
use crate::management_command::ManagementCommand;
use crate::management_response::ManagementResponse;

/// Why talking to theater-server failed.
#[derive(Debug)]
pub enum ConnectionError {
    /// The TCP connection could not be opened.
    Connect(SocketAddr, std::io::Error),
    /// The server closed the connection.
    Closed,
    /// The byte stream broke the framing (or the socket failed).
    Frame(FrameError),
    /// A whole message is not a management response.
    BadMessage(String),
    /// The server answered a command with `Error`.
    Refused(String),
    /// The server did not answer in time (the caller's deadline).
    NoAnswer {
        /// The command sent.
        command: &'static str,
        /// How long the caller waited, in seconds.
        waited_secs: u64,
    },
    /// The server answered with another response than the one expected.
    Unexpected {
        /// The command sent.
        command: &'static str,
        /// The variant received.
        response: String,
    },
}

impl fmt::Display for ConnectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Connect(addr, err) => {
                write!(f, "cannot connect to theater-server at {addr}: {err}")
            }
            Self::Closed => f.write_str("theater-server closed the connection"),
            Self::Frame(err) => write!(f, "{err}"),
            Self::BadMessage(reason) => write!(f, "unreadable message: {reason}"),
            Self::Refused(error) => write!(f, "theater-server answered: {error}"),
            Self::NoAnswer {
                command,
                waited_secs,
            } => write!(
                f,
                "theater-server did not answer {command} within {waited_secs} s"
            ),
            Self::Unexpected { command, response } => {
                write!(f, "theater-server answered {command} with {response}")
            }
        }
    }
}

impl std::error::Error for ConnectionError {}

impl From<FrameError> for ConnectionError {
    fn from(err: FrameError) -> Self {
        Self::Frame(err)
    }
}

/// One management connection.
pub struct TheaterConnection {
    framed: Framed<TcpStream, FrameCodec>,
}

impl TheaterConnection {
    /// Connects to theater-server at `addr`.
    pub async fn connect(addr: SocketAddr) -> Result<Self, ConnectionError> {
        let stream = TcpStream::connect(addr)
            .await
            .map_err(|err| ConnectionError::Connect(addr, err))?;
        // Commands are tiny and latency matters more than packing (a subscription must be in
        // place before the actor moves on).
        let _ = stream.set_nodelay(true);
        Ok(Self {
            framed: Framed::new(stream, FrameCodec::new()),
        })
    }

    /// Sends one command.
    pub async fn send(&mut self, command: &ManagementCommand) -> Result<(), ConnectionError> {
        let message = command.to_json_bytes();
        self.framed.send(message.as_slice()).await?;
        Ok(())
    }

    /// The next response or event. `Err(Closed)` once the server closed the connection.
    pub async fn next_response(&mut self) -> Result<ManagementResponse, ConnectionError> {
        match self.framed.next().await {
            None => Err(ConnectionError::Closed),
            Some(Err(err)) => Err(err.into()),
            Some(Ok(message)) => {
                ManagementResponse::parse(&message).map_err(ConnectionError::BadMessage)
            }
        }
    }

    /// Sends `command` and returns the first response that is not a subscribed actor's
    /// event; those are handed to `on_event` in order, so none is lost. `Error` becomes
    /// [`ConnectionError::Refused`].
    pub async fn request(
        &mut self,
        command: &ManagementCommand,
        mut on_event: impl FnMut(reprise_chain::ChainEvent) + Send,
    ) -> Result<ManagementResponse, ConnectionError> {
        self.send(command).await?;
        loop {
            match self.next_response().await? {
                ManagementResponse::ActorEvent { event } => on_event(event),
                ManagementResponse::Error { error } => {
                    return Err(ConnectionError::Refused(error.to_string()))
                }
                response => return Ok(response),
            }
        }
    }

    /// `StartActor` with `subscribe`: theater-server starts the actor from `manifest` (a path
    /// it resolves against its own working directory, a URL or a store reference) and sends
    /// this connection every event of it from its very first. Returns the new actor's id;
    /// the events that arrived before `ActorStarted` are handed to `on_event` in order, and
    /// the later ones come through [`Self::next_response`].
    pub async fn start_actor_subscribed(
        &mut self,
        manifest: &str,
        on_event: impl FnMut(reprise_chain::ChainEvent) + Send,
    ) -> Result<String, ConnectionError> {
        let start = ManagementCommand::StartActor {
            manifest: manifest.to_string(),
            initial_state: None,
            parent: false,
            subscribe: true,
        };
        match self.request(&start, on_event).await? {
            ManagementResponse::ActorStarted { id } => Ok(id),
            other => Err(ConnectionError::Unexpected {
                command: "StartActor",
                response: other.variant_name().to_string(),
            }),
        }
    }

    /// `ListActors`: the running actors' `(id, name)` pairs.
    pub async fn list_actors(&mut self) -> Result<Vec<(String, String)>, ConnectionError> {
        match self.request(&ManagementCommand::ListActors, |_| {}).await? {
            ManagementResponse::ActorList { actors } => Ok(actors),
            other => Err(ConnectionError::Unexpected {
                command: "ListActors",
                response: other.variant_name().to_string(),
            }),
        }
    }
}
