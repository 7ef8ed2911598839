//! What a parent's `theater:simple/supervisor/spawn` event says about the child it started:
//! the child's id (the ok output), the manifest reference and the init-state override (the
//! input), decoded with Theater's own payload decoder.
//!
//! This is the only place a chain names another actor, so parents and initial states in a
//! recording come from here.

use reprise_chain::decode::cgrf::some_bytes;
use theater::chain::ChainEvent;
use theater::events::{decode_chain_event_payload, ChainEventPayload};
use theater::messages::default_init_state;
use theater::pack_bridge::Value;
use theater::{ManifestConfig, TheaterId};

/// The interface and function of a spawn host call.
const SPAWN_EVENT_TYPE: &str = "theater:simple/supervisor/spawn";

/// One successful spawn, as recorded in the parent's chain.
#[derive(Debug, Clone)]
pub struct SpawnRecord {
    /// The child's id (the spawn's ok output).
    pub child: TheaterId,
    /// The manifest reference the parent passed.
    pub manifest_ref: String,
    /// `Some(v)` when the parent passed `some(v)` as init state.
    pub init_state: Option<Value>,
    /// `Some(module)` when the parent passed the child's wasm itself (`wasm-bytes`), which
    /// Theater then runs instead of the manifest's `package`.
    pub wasm: Option<Vec<u8>>,
}

impl SpawnRecord {
    /// Reads a spawn host-call event; `None` for any other event or a failed spawn.
    pub fn from_event(event: &ChainEvent) -> Option<Self> {
        if event.event_type != SPAWN_EVENT_TYPE {
            return None;
        }
        let Some(ChainEventPayload::HostFunction(call)) = decode_chain_event_payload(&event.data)
        else {
            return None;
        };
        let child = match call.output {
            Value::Result { value: Ok(ok), .. } => match *ok {
                Value::String(id) => TheaterId::parse(&id).ok()?,
                _ => return None,
            },
            _ => return None,
        };
        let Value::Tuple(args) = call.input else {
            return None;
        };
        let manifest_ref = match args.first() {
            Some(Value::String(manifest_ref)) => manifest_ref.clone(),
            _ => return None,
        };
        let init_state = match args.get(1) {
            Some(Value::Option {
                value: Some(state), ..
            }) => Some((**state).clone()),
            _ => None,
        };
        Some(Self {
            child,
            manifest_ref,
            init_state,
            wasm: args.get(2).and_then(some_bytes),
        })
    }

    /// The state Theater handed to the child's `init`: the override if given, else the child
    /// manifest's `initial_state` as a string, else `none<list<u8>>` (the supervisor
    /// handler's rule).
    pub fn child_initial_state(&self, child_manifest: &ManifestConfig) -> Value {
        match (&self.init_state, &child_manifest.initial_state) {
            (Some(state), _) => state.clone(),
            (None, Some(text)) => Value::String(text.clone()),
            (None, None) => default_init_state(),
        }
    }
}
