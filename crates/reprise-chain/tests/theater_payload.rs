//! `theater_payload` on the real Theater 0.3.29 scenario: every spawn names its child with the
//! manifest and state the supervisor passed, every send and handle-send reads its recipient and
//! bytes, every handle-child-* its child and ending, and nothing else reads as any of them.
//! Request and channel messages (which the scenario does not use) are checked on real payloads
//! with only the function and the params changed, the shapes Theater records for them.

// Helpers outside #[test] fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use packr_abi::{Value, ValueType};
use reprise_chain::decode::decode_cgrf;
use reprise_chain::theater_payload::{
    spawn_with_module, spawned_child_id, ChildEnding, ChildNotice, IncomingMessage, MessageVerb,
    OutgoingMessage, Recipient, SpawnCall, SpawnKind,
};
use reprise_chain::{ChainEvent, SpawnCall as ReexportedSpawnCall};
use reprise_testkit::theater_scenario::{
    scenario_actor, scenario_actors, COUNTER_EXTERNAL_STOP_ID, COUNTER_GUEST_ERROR_ID,
    COUNTER_SELF_SHUTDOWN_ID, SUPERVISOR_ID,
};

/// `(event index, reading)` of every event of `events` that reads as something.
fn readings<T>(events: &[ChainEvent], read: impl Fn(&ChainEvent) -> Option<T>) -> Vec<(usize, T)> {
    events
        .iter()
        .enumerate()
        .filter_map(|(event_idx, event)| Some((event_idx, read(event)?)))
        .collect()
}

fn list_u8(bytes: &[u8]) -> Value {
    Value::List {
        elem_type: ValueType::U8,
        items: bytes.iter().map(|byte| Value::U8(*byte)).collect(),
    }
}

/// A copy of `event`, typed `event_type`, whose payload record (host call or wasm call) has
/// the named fields replaced.
fn with_field(event: &ChainEvent, event_type: &str, edits: &[(&str, Value)]) -> ChainEvent {
    let mut payload = decode_cgrf(&event.data).unwrap();
    let Value::Variant { payload: inner, .. } = &mut payload else {
        panic!("not a chain-event-payload");
    };
    let mut record = &mut inner[0];
    if let Value::Variant { payload, .. } = record {
        // A wasm event: the record is inside wasm-event-data.
        record = &mut payload[0];
    }
    let Value::Record { fields, .. } = record else {
        panic!("no record");
    };
    for (name, value) in edits {
        let field = fields.iter_mut().find(|(field, _)| field == name).unwrap();
        field.1 = value.clone();
    }
    ChainEvent {
        event_type: event_type.to_string(),
        data: packr_abi::encode(&payload).unwrap(),
        ..event.clone()
    }
}

#[test]
fn every_spawn_names_its_child_with_the_manifest_and_state_passed() {
    let supervisor = scenario_actor(SUPERVISOR_ID);
    let spawns = readings(&supervisor.events, SpawnCall::of_event);
    let summary: Vec<(usize, SpawnKind, &str, Option<&str>, bool)> = spawns
        .iter()
        .map(|(event_idx, call)| {
            (
                *event_idx,
                call.kind,
                call.child_id.as_str(),
                call.manifest.as_deref(),
                call.init_state.is_some(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                6,
                SpawnKind::Spawn,
                COUNTER_GUEST_ERROR_ID,
                Some("counter.toml"),
                false
            ),
            (
                11,
                SpawnKind::Spawn,
                COUNTER_SELF_SHUTDOWN_ID,
                Some("counter.toml"),
                false
            ),
            (
                16,
                SpawnKind::Spawn,
                COUNTER_EXTERNAL_STOP_ID,
                Some("counter.toml"),
                true
            ),
        ]
    );
    // "spawn counter.toml {"n":10}": the override is `some(<state bytes>)`, the state type.
    let override_state = spawns[2].1.init_state.clone().unwrap();
    assert_eq!(
        override_state,
        Value::Option {
            inner_type: ValueType::List(Box::new(ValueType::U8)),
            value: Some(Box::new(list_u8(br#"{"n":10}"#))),
        }
    );
    // The supervisor spawns from manifests: no module in its chain.
    assert!(spawns.iter().all(|(_, call)| call.wasm_bytes.is_none()));
    assert_eq!(
        spawn_with_module(&supervisor.events, COUNTER_GUEST_ERROR_ID),
        None
    );
    // The shortcut and the re-export read the same.
    let ids = readings(&supervisor.events, spawned_child_id);
    assert_eq!(ids.len(), 3);
    assert!(ids
        .iter()
        .zip(&spawns)
        .all(|(id, spawn)| id.1 == spawn.1.child_id));
    assert_eq!(
        ReexportedSpawnCall::of_event(&supervisor.events[6]),
        SpawnCall::of_event(&supervisor.events[6])
    );
}

#[test]
fn only_spawn_events_read_as_spawns_and_a_failed_spawn_names_no_child() {
    for actor in scenario_actors() {
        for (event_idx, event) in actor.events.iter().enumerate() {
            let is_spawn = event.event_type == "theater:simple/supervisor/spawn";
            assert_eq!(
                SpawnCall::of_event(event).is_some(),
                is_spawn,
                "{event_idx}"
            );
        }
    }
    let spawn = &scenario_actor(SUPERVISOR_ID).events[6];
    let refused = Value::Result {
        ok_type: ValueType::String,
        err_type: ValueType::String,
        value: Err(Box::new(Value::String("no such manifest".into()))),
    };
    let failed = with_field(spawn, &spawn.event_type, &[("output", refused)]);
    assert_eq!(SpawnCall::of_event(&failed), None);
    // The same payload recorded as a resume reads as one; garbage bytes read as nothing.
    let resume = ChainEvent {
        event_type: SpawnKind::Resume.event_type().to_string(),
        ..spawn.clone()
    };
    assert_eq!(
        SpawnCall::of_event(&resume).unwrap().kind,
        SpawnKind::Resume
    );
    let garbage = ChainEvent {
        data: b"CGRF\x02garbage".to_vec(),
        ..spawn.clone()
    };
    assert_eq!(SpawnCall::of_event(&garbage), None);
}

#[test]
fn a_spawn_carrying_the_module_yields_it_at_its_event() {
    let mut supervisor = scenario_actor(SUPERVISOR_ID);
    let spawn = supervisor.events[11].clone();
    let module = b"\0asm\x01\0\0\0".to_vec();
    let input = Value::Tuple(vec![
        Value::String("counter.toml".into()),
        Value::Option {
            inner_type: ValueType::Bool,
            value: None,
        },
        Value::Option {
            inner_type: ValueType::List(Box::new(ValueType::U8)),
            value: Some(Box::new(list_u8(&module))),
        },
    ]);
    supervisor.events[11] = with_field(&spawn, &spawn.event_type, &[("input", input)]);
    let (event_idx, call) =
        spawn_with_module(&supervisor.events, COUNTER_SELF_SHUTDOWN_ID).unwrap();
    assert_eq!((event_idx, call.wasm_bytes), (11, Some(module)));
    assert_eq!(
        spawn_with_module(&supervisor.events, COUNTER_GUEST_ERROR_ID),
        None
    );
}

#[test]
fn sends_and_handle_sends_read_recipient_and_bytes() {
    let supervisor = scenario_actor(SUPERVISOR_ID);
    let sent = readings(&supervisor.events, OutgoingMessage::of_event);
    let summary: Vec<(usize, Recipient, String)> = sent
        .iter()
        .map(|(event_idx, message)| {
            assert_eq!(message.verb, MessageVerb::Send);
            assert!(message.accepted);
            (
                *event_idx,
                message.recipient.clone(),
                String::from_utf8(message.bytes.clone()).unwrap(),
            )
        })
        .collect();
    let to = |id: &str| Recipient::Actor(id.to_string());
    assert_eq!(
        summary,
        vec![
            (21, to(COUNTER_GUEST_ERROR_ID), "inc".to_string()),
            (25, to(COUNTER_GUEST_ERROR_ID), "add:5".to_string()),
            (29, to(COUNTER_SELF_SHUTDOWN_ID), "inc".to_string()),
            (33, to(COUNTER_EXTERNAL_STOP_ID), "inc".to_string()),
            (37, to(COUNTER_EXTERNAL_STOP_ID), "add:7".to_string()),
            (41, to(COUNTER_EXTERNAL_STOP_ID), "inc".to_string()),
            (50, to(COUNTER_GUEST_ERROR_ID), "bogus".to_string()),
            (57, to(COUNTER_SELF_SHUTDOWN_ID), "shutdown".to_string()),
        ]
    );
    let handled = readings(
        &scenario_actor(COUNTER_GUEST_ERROR_ID).events,
        IncomingMessage::of_event,
    );
    let summary: Vec<(usize, MessageVerb, Option<String>, Vec<u8>)> = handled
        .into_iter()
        .map(|(event_idx, message)| (event_idx, message.verb, message.exchange_id, message.bytes))
        .collect();
    assert_eq!(
        summary,
        vec![
            (5, MessageVerb::Send, None, b"inc".to_vec()),
            (8, MessageVerb::Send, None, b"add:5".to_vec()),
            (11, MessageVerb::Send, None, b"bogus".to_vec()),
        ]
    );
    // The supervisor's own commands arrive as handle-sends too (from outside the chains).
    let commands = readings(&supervisor.events, IncomingMessage::of_event);
    assert_eq!(commands[0].0, 4);
    assert_eq!(commands[0].1.bytes, b"spawn counter.toml".to_vec());
}

#[test]
fn requests_and_channel_messages_read_on_both_ends() {
    let supervisor = scenario_actor(SUPERVISOR_ID);
    let send = &supervisor.events[21];
    let target = Value::String(COUNTER_GUEST_ERROR_ID.into());
    let answered = Value::Result {
        ok_type: ValueType::List(Box::new(ValueType::U8)),
        err_type: ValueType::String,
        value: Ok(Box::new(list_u8(b"n=11"))),
    };
    let request = with_field(
        send,
        &MessageVerb::Request.host_event_type(),
        &[
            ("function", Value::String("request".into())),
            ("input", Value::Tuple(vec![target, list_u8(b"get")])),
            ("output", answered),
        ],
    );
    assert_eq!(
        OutgoingMessage::of_event(&request),
        Some(OutgoingMessage {
            verb: MessageVerb::Request,
            recipient: Recipient::Actor(COUNTER_GUEST_ERROR_ID.into()),
            bytes: b"get".to_vec(),
            accepted: true,
        })
    );
    let on_channel = with_field(
        send,
        &MessageVerb::ChannelMessage.host_event_type(),
        &[(
            "input",
            Value::Tuple(vec![Value::String("ch_1".into()), list_u8(b"more")]),
        )],
    );
    assert_eq!(
        OutgoingMessage::of_event(&on_channel).unwrap().recipient,
        Recipient::Channel("ch_1".into())
    );

    let handle_send = &scenario_actor(COUNTER_GUEST_ERROR_ID).events[5];
    for verb in [
        MessageVerb::Request,
        MessageVerb::ChannelOpen,
        MessageVerb::ChannelMessage,
    ] {
        let handled = with_field(
            handle_send,
            "wasm",
            &[
                ("function-name", Value::String(verb.handler_export())),
                (
                    "params",
                    Value::Tuple(vec![Value::String("id-1".into()), list_u8(b"get")]),
                ),
            ],
        );
        assert_eq!(
            IncomingMessage::of_event(&handled),
            Some(IncomingMessage {
                verb,
                exchange_id: Some("id-1".into()),
                bytes: b"get".to_vec(),
            }),
            "{verb:?}"
        );
    }
    // A handle-request recorded with handle-send's one param is not a message.
    let short = with_field(
        handle_send,
        "wasm",
        &[(
            "function-name",
            Value::String(MessageVerb::Request.handler_export()),
        )],
    );
    assert_eq!(IncomingMessage::of_event(&short), None);
}

#[test]
fn every_child_notice_names_its_child_and_how_it_ended() {
    let supervisor = scenario_actor(SUPERVISOR_ID);
    let notices = readings(&supervisor.events, ChildNotice::of_event);
    let summary: Vec<(usize, &str, ChildEnding)> = notices
        .iter()
        .map(|(event_idx, notice)| (*event_idx, notice.child_id.as_str(), notice.ending))
        .collect();
    assert_eq!(
        summary,
        vec![
            (52, COUNTER_GUEST_ERROR_ID, ChildEnding::Failed),
            (59, COUNTER_SELF_SHUTDOWN_ID, ChildEnding::Exited),
            (67, COUNTER_EXTERNAL_STOP_ID, ChildEnding::Stopped),
        ]
    );
    for counter in [COUNTER_GUEST_ERROR_ID, COUNTER_SELF_SHUTDOWN_ID] {
        assert!(readings(&scenario_actor(counter).events, ChildNotice::of_event).is_empty());
    }
}
