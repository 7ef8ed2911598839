//! The real Theater 0.3.29 scenario (`fixtures/theater-0.3.29/`, recorded by
//! `scripts/record-fixtures.sh`; `scenario.json` says what happened): a supervisor spawns
//! three counters; one fails on a bad message, one shuts itself down, one is stopped. Here as
//! the bundle's `LoadedFile` and `ActorChain`s (by id or by name), each actor's own chain
//! file, the two wasm modules, and Theater's replay verdicts on tampered chains.
//!
//! Invariant: the ids below are the ones `scenario.json` names; the tests of this crate check
//! it, so a re-recorded fixture set cannot leave them stale silently.

use reprise_chain::wire::{LogRecord, RecordBody};
use reprise_chain::{ActorChain, ChainEvent, LoadedFile};

use crate::fixture_files::{fixture_bytes, fixture_events, fixture_file};

/// The scenario's directory inside `fixtures/`.
pub const SCENARIO_DIR: &str = "theater-0.3.29";
/// The bundle of every actor, with modules, relative to [`SCENARIO_DIR`].
pub const BUNDLE_NAME: &str = "scenario.bundle.json";

/// The supervisor (role `supervisor`, 76 events), the root.
pub const SUPERVISOR_ID: &str = "0ac11f53-e4df-4044-a9ca-f23d024cd0a6";
/// The counter that fails on a bad message (role `counter-guest-error`, 15 events).
pub const COUNTER_GUEST_ERROR_ID: &str = "7ad5c6a6-9f02-4256-a756-4c4c954fd52e";
/// The counter that shuts itself down (role `counter-self-shutdown`, 12 events).
pub const COUNTER_SELF_SHUTDOWN_ID: &str = "94b49d9f-166f-42e8-b5b1-817da11241bf";
/// The counter stopped from outside (role `counter-external-stop`, 15 events).
pub const COUNTER_EXTERNAL_STOP_ID: &str = "44ff83c7-16e7-439c-9e80-ed6ff42598a9";
/// Every actor id, in the bundle's order (the supervisor, then the counters in spawn order).
pub const ACTOR_IDS: [&str; 4] = [
    SUPERVISOR_ID,
    COUNTER_GUEST_ERROR_ID,
    COUNTER_SELF_SHUTDOWN_ID,
    COUNTER_EXTERNAL_STOP_ID,
];

/// `fixtures/`-relative path of a file of the scenario.
pub fn scenario_path(name: &str) -> String {
    format!("{SCENARIO_DIR}/{name}")
}

/// The bytes of a file of the scenario (`scenario.json`, `replay/untampered.chain.json`, …).
pub fn scenario_bytes(name: &str) -> Vec<u8> {
    fixture_bytes(&scenario_path(name))
}

/// The bundle's bytes.
pub fn bundle_bytes() -> Vec<u8> {
    scenario_bytes(BUNDLE_NAME)
}

/// The bundle, parsed as `scenario.bundle.json`.
pub fn scenario_file() -> LoadedFile {
    fixture_file(&scenario_path(BUNDLE_NAME))
}

/// Every actor of the bundle, in its order (see [`ACTOR_IDS`]), with modules and states.
pub fn scenario_actors() -> Vec<ActorChain> {
    scenario_file().actors
}

/// The scenario as a recorder sends it to a capture log: each actor's record, then its
/// events, actor after actor (the log's records without their seqs).
pub fn scenario_records() -> Vec<RecordBody> {
    scenario_actors()
        .into_iter()
        .flat_map(|chain| {
            let id = chain.id.clone().expect("every scenario actor has an id");
            RecordBody::of_chain(id, chain)
        })
        .collect()
}

/// [`scenario_records`] as the lines of a capture log, numbered from seq 1: exactly what
/// `reprise serve` sends a client that subscribes from the beginning.
pub fn scenario_log_lines() -> Vec<String> {
    scenario_records()
        .into_iter()
        .zip(1u64..)
        .map(|(body, seq)| LogRecord { seq, body }.to_json_line())
        .collect()
}

/// The actor with this id.
pub fn scenario_actor(id: &str) -> ActorChain {
    scenario_actors()
        .into_iter()
        .find(|actor| actor.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("the scenario has no actor {id}"))
}

/// The actors with this manifest name (`supervisor`: one; `counter`: three), in bundle order.
pub fn scenario_actors_named(name: &str) -> Vec<ActorChain> {
    let actors: Vec<ActorChain> = scenario_actors()
        .into_iter()
        .filter(|actor| actor.name.as_deref() == Some(name))
        .collect();
    assert!(!actors.is_empty(), "the scenario has no actor named {name}");
    actors
}

/// The name of the actor's own chain file (`<id>.chain.json`), beside the bundle.
pub fn chain_file_name(id: &str) -> String {
    format!("{id}.chain.json")
}

/// The bytes of the actor's own chain file.
pub fn chain_file_bytes(id: &str) -> Vec<u8> {
    scenario_bytes(&chain_file_name(id))
}

/// The events of the actor's own chain file (the same events as in the bundle).
pub fn chain_file_events(id: &str) -> Vec<ChainEvent> {
    fixture_events(&scenario_path(&chain_file_name(id)))
}

/// The module of the actor named `name` (`supervisor` or `counter`): `<name>.wasm`.
pub fn module_wasm(name: &str) -> Vec<u8> {
    scenario_bytes(&format!("{name}.wasm"))
}

/// The supervisor's module.
pub fn supervisor_wasm() -> Vec<u8> {
    module_wasm("supervisor")
}

/// The counters' module.
pub fn counter_wasm() -> Vec<u8> {
    module_wasm("counter")
}
