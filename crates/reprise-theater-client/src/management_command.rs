//! `ManagementCommand`: the subset of theater-server's commands Reprise sends (spec §5),
//! serialized exactly as the server's own enum (serde's external tagging).
//!
//! ```json
//! "ListActors"
//! {"SubscribeToActor":{"id":"<uuid>"}}
//! {"SendActorMessage":{"id":"<uuid>","data":[105,110,99]}}
//! ```

use serde::{Deserialize, Serialize};

/// A command to theater-server. Actor ids are lowercase hyphenated UUIDs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ManagementCommand {
    /// Set up an actor from a manifest (path, URL or store reference, resolved by the
    /// server). The server does not call `init` and ignores `initial_state`.
    StartActor {
        /// The manifest reference.
        manifest: String,
        /// Ignored by the server (it always uses `none<list<u8>>`).
        initial_state: Option<Vec<u8>>,
        /// Send the actor's result to this connection (`ActorResult`).
        parent: bool,
        /// Send every event of the actor to this connection from its very first.
        subscribe: bool,
    },
    /// Stop an actor.
    StopActor {
        /// The actor.
        id: String,
    },
    /// List the running actors (`ActorList`).
    ListActors,
    /// Send this connection every event the actor emits from now on (`ActorEvent`).
    SubscribeToActor {
        /// The actor.
        id: String,
    },
    /// Deliver a one-way message to the actor's `handle-send`.
    SendActorMessage {
        /// The actor.
        id: String,
        /// The message bytes.
        data: Vec<u8>,
    },
}

impl ManagementCommand {
    /// The command's JSON bytes, the message inside a frame.
    pub fn to_json_bytes(&self) -> Vec<u8> {
        // Strings, booleans and bytes: serializing cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }
}
