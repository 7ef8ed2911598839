//! What a parent's `theater:simple/supervisor/spawn` event says about the child it started:
//! the child's id (the ok output), the manifest reference and the init-state override (the
//! input), as `reprise_chain::SpawnCall` reads them.
//!
//! This is the only place a chain names another actor, so parents and initial states in a
//! recording come from here.

use reprise_chain::theater_payload::SpawnKind;
use reprise_chain::SpawnCall;
use theater::chain::ChainEvent;
use theater::messages::default_init_state;
use theater::pack_bridge::Value;
use theater::{ManifestConfig, TheaterId};

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
    /// Reads a spawn host-call event; `None` for any other event or a failed spawn. The
    /// payload is read by `reprise_chain::SpawnCall`, the one reading of spawns that the
    /// supervision tree, replay and the recorders share.
    pub fn from_event(event: &ChainEvent) -> Option<Self> {
        let call = SpawnCall::read(&event.event_type, &event.data)
            .filter(|call| call.kind == SpawnKind::Spawn)?;
        Some(Self {
            child: TheaterId::parse(&call.child_id).ok()?,
            manifest_ref: call.manifest?,
            init_state: call.init_state,
            wasm: call.wasm_bytes,
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
