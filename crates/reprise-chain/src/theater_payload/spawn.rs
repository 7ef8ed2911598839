//! What a parent's `theater:simple/supervisor/spawn` or `…/supervisor/resume` host event says
//! about the child it started (spec §3.4, §7): the child's id (the `ok` output), the manifest
//! reference, the state override and the child's wasm module (the input).
//!
//! Shapes, as Theater 0.3.29 records them: `spawn` input `(manifest: string, init-state:
//! option<value>, wasm-bytes: option<list<u8>>)`; `resume` input `(manifest, option<list<u8>>)`
//! (the handler reads a 2-tuple although `supervisor.pact` declares three params, so a third
//! item is read if present); both output `ok("<child uuid>")` or `err("<reason>")`.
//!
//! This is the only place a chain names another actor as its child: the supervision tree, the
//! replay's module from a parent (`wasm-bytes`), the live recorder following children and the
//! embedded recorder's parents and initial states all read spawns here.
//!
//! Invariant: only a successful call is a [`SpawnCall`]; an `err` output, another event or an
//! unreadable payload is `None`. The input is read leniently: an item that is missing or of
//! another shape is `None` in its field, the child id still counts.

use packr_abi::Value;

use crate::event::ChainEvent;
use crate::theater_payload::call_payload::{
    bytes_of, decode_era_c, host_call, ok_of, string_of, tuple_items,
};

/// Which supervisor host function started the child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpawnKind {
    /// `theater:simple/supervisor/spawn`: a new child, set up and initialised.
    Spawn,
    /// `theater:simple/supervisor/resume`: a child set up from a saved state, never initialised.
    Resume,
}

impl SpawnKind {
    /// Both kinds.
    pub const ALL: [SpawnKind; 2] = [Self::Spawn, Self::Resume];

    /// The `event_type` of its host event.
    pub fn event_type(self) -> &'static str {
        match self {
            Self::Spawn => "theater:simple/supervisor/spawn",
            Self::Resume => "theater:simple/supervisor/resume",
        }
    }

    /// The kind whose host event has this `event_type`.
    pub fn of_event_type(event_type: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.event_type() == event_type)
    }
}

/// One successful spawn or resume, as recorded in the parent's chain.
#[derive(Debug, Clone, PartialEq)]
pub struct SpawnCall {
    /// Spawn or resume.
    pub kind: SpawnKind,
    /// The child's actor id: the call's `ok` output (a string, or a one-string tuple).
    pub child_id: String,
    /// The manifest reference the parent passed (first input item), if it is a string.
    pub manifest: Option<String>,
    /// `Some(v)` when the parent passed `some(v)` as the state (second input item): for a
    /// spawn the init-state override, for a resume the saved state.
    pub init_state: Option<Value>,
    /// The child's module when the parent passed it (`wasm-bytes`, third input item), which
    /// Theater then runs instead of the manifest's `package`.
    pub wasm_bytes: Option<Vec<u8>>,
}

impl SpawnCall {
    /// Reads a host event given as its `event_type` and `data` (so that hosts holding
    /// Theater's own event type can ask too); `None` for any other event or a failed call.
    pub fn read(event_type: &str, data: &[u8]) -> Option<Self> {
        let kind = SpawnKind::of_event_type(event_type)?;
        let payload = decode_era_c(data)?;
        let call = host_call(&payload)?;
        let child_id = child_id_of(call.output)?.to_string();
        let items = tuple_items(call.input).unwrap_or_default();
        Some(Self {
            kind,
            child_id,
            manifest: items.first().and_then(string_of).map(str::to_string),
            init_state: items.get(1).and_then(some_value).cloned(),
            wasm_bytes: items.get(2).and_then(some_value).and_then(bytes_of),
        })
    }

    /// Reads one chain event; see [`SpawnCall::read`].
    pub fn of_event(event: &ChainEvent) -> Option<Self> {
        Self::read(&event.event_type, &event.data)
    }
}

/// The child id a `…/supervisor/spawn` or `…/supervisor/resume` host event returned (its `ok`
/// output); `None` for every other event. What a live recorder follows.
pub fn spawned_child_id(event: &ChainEvent) -> Option<String> {
    SpawnCall::of_event(event).map(|call| call.child_id)
}

/// The first `spawn` in `events` that named `child_id` and carried the child's module, with
/// its index: where a replay finds a child's wasm in its parent's chain.
pub fn spawn_with_module(events: &[ChainEvent], child_id: &str) -> Option<(usize, SpawnCall)> {
    events.iter().enumerate().find_map(|(event_idx, event)| {
        let call = SpawnCall::of_event(event)?;
        let carries_module =
            call.kind == SpawnKind::Spawn && call.child_id == child_id && call.wasm_bytes.is_some();
        carries_module.then_some((event_idx, call))
    })
}

/// The child id inside a spawn's `ok` output: a string, or a tuple holding only a string.
fn child_id_of(output: &Value) -> Option<&str> {
    match ok_of(output)? {
        Value::Tuple(items) => match items.as_slice() {
            [only] => string_of(only),
            _ => None,
        },
        ok => string_of(ok),
    }
}

/// The value inside `some(value)`; `None` for `none` and for anything that is not an option.
fn some_value(value: &Value) -> Option<&Value> {
    match value {
        Value::Option {
            value: Some(inner), ..
        } => Some(inner),
        _ => None,
    }
}
