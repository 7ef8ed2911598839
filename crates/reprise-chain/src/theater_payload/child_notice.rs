//! How a parent learns that a child ended (spec §7): Theater calls the parent's
//! `theater:simple/supervisor-handlers.handle-child-exit(child-id, option<list<u8>>)`,
//! `handle-child-error(child-id, (wit-error-type, some(bytes)))` or
//! `handle-child-external-stop(child-id)` export, recorded as a `wasm` event in the parent's
//! chain. Only the child id and which handler matter here. (`handle-child-event` reports a
//! child's event, not its end, and is not read.)
//!
//! Invariant: reading never fails; another event, another era or another shape is `None`.

use crate::event::ChainEvent;
use crate::theater_payload::call_payload::{
    contains_bytes, decode_era_c, export_call, string_of, tuple_items,
};

/// The exports' common prefix; the rest names how the child ended.
const CHILD_HANDLER_PREFIX: &str = "theater:simple/supervisor-handlers.handle-child-";
/// What every such export's name contains: events without it are not decoded.
const CHILD_HANDLER_MARK: &[u8] = b"handle-child-";

/// How the child ended, by the handler Theater called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChildEnding {
    /// `handle-child-exit`: it shut itself down.
    Exited,
    /// `handle-child-error`: one of its calls failed.
    Failed,
    /// `handle-child-external-stop`: it was stopped from outside.
    Stopped,
}

/// One notice in the parent's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildNotice {
    /// The child it is about (first param).
    pub child_id: String,
    /// How it ended.
    pub ending: ChildEnding,
}

impl ChildNotice {
    /// Reads a `wasm` event given as its `event_type` and `data`; `None` for any other event.
    pub fn read(event_type: &str, data: &[u8]) -> Option<Self> {
        if event_type != "wasm" || !contains_bytes(data, CHILD_HANDLER_MARK) {
            return None;
        }
        let payload = decode_era_c(data)?;
        let call = export_call(&payload)?;
        let ending = match call.function.strip_prefix(CHILD_HANDLER_PREFIX)? {
            "exit" => ChildEnding::Exited,
            "error" => ChildEnding::Failed,
            "external-stop" => ChildEnding::Stopped,
            _ => return None,
        };
        let child_id = string_of(tuple_items(call.params)?.first()?)?.to_string();
        Some(Self { child_id, ending })
    }

    /// Reads one chain event; see [`ChildNotice::read`].
    pub fn of_event(event: &ChainEvent) -> Option<Self> {
        Self::read(&event.event_type, &event.data)
    }
}
