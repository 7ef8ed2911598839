//! Checks shared by the live-recording tests and the committed-fixture tests: what the
//! scenario's chains must look like, judged with the core crate (`reprise_chain`) and
//! `packr-abi` alone, never with the recorder's own decoding.

#![allow(dead_code)]

use packr_abi::Value;
use reprise_chain::{interpret_event, to_hex, ActorChain, EventKind, EventMeaning};
use reprise_fixtures::ReplayVerdicts;

/// The root hash of every actor Theater 0.3.29 starts through `SpawnActor` (spec §2.1).
pub const STANDARD_ROOT_HASH: &str = "7df1d45f275f4b950dbbe0f58be5c101fae07ec2";

/// The `wasm-error` message the bad message must produce (spec §3.3).
pub const BAD_MESSAGE_ERROR: &str = "Function returned error: counter: unknown message \"bogus\"";

const SPAWN: &str = "theater:simple/supervisor/spawn";
const RUNTIME_SHUTDOWN: &str = "theater:simple/runtime/shutdown";
const HANDLE_SEND: &str = "theater:simple/message-server-client.handle-send";
const HANDLE_CHILD_ERROR: &str = "theater:simple/supervisor-handlers.handle-child-error";
const HANDLE_CHILD_EXIT: &str = "theater:simple/supervisor-handlers.handle-child-exit";
const HANDLE_CHILD_EXTERNAL_STOP: &str =
    "theater:simple/supervisor-handlers.handle-child-external-stop";

/// Which actor id played which part.
pub struct ScenarioRoles {
    pub supervisor: String,
    pub guest_error: String,
    pub self_shutdown: String,
    pub external_stop: String,
}

impl ScenarioRoles {
    pub fn counters(&self) -> [&str; 3] {
        [&self.guest_error, &self.self_shutdown, &self.external_stop]
    }
}

pub fn chain_of<'c>(chains: &'c [ActorChain], id: &str) -> &'c ActorChain {
    chains
        .iter()
        .find(|chain| chain.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no chain for actor {id}"))
}

fn meanings(chain: &ActorChain) -> Vec<EventMeaning> {
    chain.events.iter().map(interpret_event).collect()
}

/// Every chain is complete and verifies: hashes, links, a `null` first parent.
pub fn check_chains_verify(chains: &[ActorChain]) {
    assert_eq!(chains.len(), 4, "one supervisor and three counters");
    reprise_testkit::chain_checks::check_every_chain_complete(chains);
}

/// Every actor's first event is the standard init root.
pub fn check_standard_roots(chains: &[ActorChain]) {
    for chain in chains {
        assert_eq!(
            to_hex(&chain.events[0].hash),
            STANDARD_ROOT_HASH,
            "{:?}",
            chain.id
        );
    }
}

/// The bundle's parents are what the supervisor's spawn outputs say, in spawn order.
pub fn check_parent_tree(chains: &[ActorChain], roles: &ScenarioRoles) {
    let supervisor = chain_of(chains, &roles.supervisor);
    assert_eq!(supervisor.parent, None);
    let spawned: Vec<String> = meanings(supervisor)
        .iter()
        .filter(|meaning| meaning.kind == EventKind::HostCall && meaning.function == SPAWN)
        .map(|meaning| {
            meaning
                .part("output")
                .expect("spawn output")
                .compact_text(200)
        })
        .collect();
    let expected: Vec<String> = roles
        .counters()
        .iter()
        .map(|id| format!("ok(\"{id}\")"))
        .collect();
    assert_eq!(spawned, expected);
    for counter in roles.counters() {
        assert_eq!(
            chain_of(chains, counter).parent.as_deref(),
            Some(roles.supervisor.as_str())
        );
    }
}

/// The bad message ends counter 0 with `wasm-error` (exact message) then `shutdown`, and the
/// supervisor's `handle-child-error` names it.
pub fn check_guest_error(chains: &[ActorChain], roles: &ScenarioRoles) {
    let counter = chain_of(chains, &roles.guest_error);
    let kinds: Vec<EventKind> = meanings(counter)
        .iter()
        .map(|meaning| meaning.kind)
        .collect();
    assert_eq!(
        kinds[kinds.len() - 2..],
        [EventKind::ExportError, EventKind::Shutdown]
    );
    let error = &counter.events[counter.events.len() - 2];
    assert_eq!(error.event_type, "wasm");
    assert_eq!(
        record_string(&error.data, "message").as_deref(),
        Some(BAD_MESSAGE_ERROR)
    );
    assert_eq!(
        counter.events.last().map(|e| e.event_type.as_str()),
        Some("shutdown")
    );
    assert_eq!(
        calls_naming(chains, roles, HANDLE_CHILD_ERROR, &roles.guest_error),
        1
    );
}

/// The self-shutdown leaves no `shutdown` event: the chain ends with the result of the call
/// that asked for it, and the supervisor's `handle-child-exit` names the counter.
pub fn check_self_shutdown(chains: &[ActorChain], roles: &ScenarioRoles) {
    let counter = chain_of(chains, &roles.self_shutdown);
    assert!(counter
        .events
        .iter()
        .all(|event| event.event_type != "shutdown"));
    let meanings = meanings(counter);
    assert!(
        meanings
            .iter()
            .any(|meaning| meaning.kind == EventKind::HostCall
                && meaning.function == RUNTIME_SHUTDOWN)
    );
    let last = meanings.last().expect("events");
    assert_eq!(
        (last.kind, last.function.as_str()),
        (EventKind::ExportResult, HANDLE_SEND)
    );
    assert_eq!(
        calls_naming(chains, roles, HANDLE_CHILD_EXIT, &roles.self_shutdown),
        1
    );
}

/// `stop-child` ends counter 2 with `shutdown` and the supervisor's
/// `handle-child-external-stop` names it.
pub fn check_external_stop(chains: &[ActorChain], roles: &ScenarioRoles) {
    let counter = chain_of(chains, &roles.external_stop);
    let last = counter.events.last().expect("events");
    assert_eq!(last.event_type, "shutdown");
    assert_eq!(
        calls_naming(
            chains,
            roles,
            HANDLE_CHILD_EXTERNAL_STOP,
            &roles.external_stop
        ),
        1
    );
    let supervisor = chain_of(chains, &roles.supervisor);
    assert_eq!(
        supervisor.events.last().map(|e| e.event_type.as_str()),
        Some("shutdown"),
        "the host stops the supervisor last"
    );
}

/// Initial states: `none<list<u8>>` for the supervisor and the first two counters, and the
/// spawn's `some({"n":10})` override for counter 2.
pub fn check_initial_states(chains: &[ActorChain], roles: &ScenarioRoles) {
    let none = encode(&Value::Option {
        inner_type: packr_abi::ValueType::List(Box::new(packr_abi::ValueType::U8)),
        value: None,
    });
    let n10 = encode(&Value::Option {
        inner_type: packr_abi::ValueType::List(Box::new(packr_abi::ValueType::U8)),
        value: Some(Box::new(Value::List {
            elem_type: packr_abi::ValueType::U8,
            items: b"{\"n\":10}".iter().copied().map(Value::U8).collect(),
        })),
    });
    for id in [&roles.supervisor, &roles.guest_error, &roles.self_shutdown] {
        assert_eq!(
            chain_of(chains, id).initial_state.as_ref(),
            Some(&none),
            "{id}"
        );
    }
    assert_eq!(
        chain_of(chains, &roles.external_stop)
            .initial_state
            .as_ref(),
        Some(&n10)
    );
}

fn encode(value: &Value) -> Vec<u8> {
    packr_abi::encode(value).expect("encodable")
}

/// How many calls of `function` in the supervisor's chain name `child` as first parameter.
fn calls_naming(
    chains: &[ActorChain],
    roles: &ScenarioRoles,
    function: &str,
    child: &str,
) -> usize {
    let supervisor = chain_of(chains, &roles.supervisor);
    meanings(supervisor)
        .iter()
        .filter(|meaning| meaning.kind == EventKind::ExportCall && meaning.function == function)
        .filter(|meaning| {
            meaning.part("params").is_some_and(|params| {
                params
                    .compact_text(400)
                    .starts_with(&format!("(\"{child}\""))
            })
        })
        .count()
}

/// The string field `field` of the innermost record in a CGRF payload that has one.
fn record_string(data: &[u8], field: &str) -> Option<String> {
    fn find(value: &Value, field: &str) -> Option<String> {
        match value {
            Value::Record { fields, .. } => fields.iter().find_map(|(name, value)| match value {
                Value::String(text) if name == field => Some(text.clone()),
                other => find(other, field),
            }),
            Value::Variant { payload, .. } => payload.iter().find_map(|item| find(item, field)),
            _ => None,
        }
    }
    find(&packr_abi::decode(data).ok()?, field)
}

/// Theater's replay verdicts (spec §12): the untampered chain replays in full; an edited
/// payload (stored hashes kept) diverges at the edited event; a forged chain (hashes
/// recomputed) verifies but diverges at the next event, because the guest logs what it was
/// given.
pub fn check_replay_verdicts(verdicts: &ReplayVerdicts) {
    let by_name = |name: &str| {
        verdicts
            .cases
            .iter()
            .find(|case| case.name == name)
            .unwrap_or_else(|| panic!("no case {name}"))
    };
    let untampered = by_name("untampered");
    assert!(untampered.is_reprise_verified && untampered.is_theater_replay_ok);
    let num_replayed = verdicts.num_source_events - 1;
    assert_eq!(
        untampered.theater_message,
        format!("Replay complete: {num_replayed}/{num_replayed} events verified via streaming")
    );
    for name in ["export-params-edited", "host-output-edited"] {
        let case = by_name(name);
        assert!(
            !case.is_reprise_verified && !case.is_theater_replay_ok,
            "{name}"
        );
        assert_eq!(case.theater_divergence_event, case.tampered_event, "{name}");
    }
    for name in ["export-params-forged", "host-output-forged"] {
        let case = by_name(name);
        assert!(
            case.is_reprise_verified && !case.is_theater_replay_ok,
            "{name}"
        );
        assert_eq!(
            case.theater_divergence_event,
            case.tampered_event.map(|idx| idx + 1),
            "{name}"
        );
    }
}
