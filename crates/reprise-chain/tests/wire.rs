//! The wire formats (`wire/`): every golden message parses and writes back to exactly its
//! bytes; the golden records hold the real Theater 0.3.29 scenario's data; events read from
//! the feed are the chain files' events, byte for byte, and verify; bad input is refused
//! with its reason, never a panic.

// Helpers outside #[test] fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

#[path = "wire_golden/golden.rs"]
mod golden;

use std::path::Path;

use reprise_chain::wire::{
    subscribe_message, ActorInfo, ClientMessage, FeedStart, LogRecord, RecordBody, ServerMessage,
    Subscription,
};
use reprise_chain::{parse_file, ChainEvent, IncrementalVerifier};
use reprise_testkit::theater_scenario::{
    chain_file_events, scenario_actor, COUNTER_EXTERNAL_STOP_ID as COUNTER_ID, SUPERVISOR_ID,
};

#[test]
fn every_golden_message_parses_and_writes_back_to_its_bytes() {
    for (name, text) in golden::RECORDS {
        let line = golden::message(text);
        let record = LogRecord::from_json_line(line).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(record.to_json_line(), line, "{name}");
    }
    for (name, text) in golden::SERVER_MESSAGES {
        let line = golden::message(text);
        let message = ServerMessage::parse(line).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(message.to_message(), line, "{name}");
    }
    for (name, text) in golden::CLIENT_MESSAGES {
        let line = golden::message(text);
        let message = ClientMessage::parse(line).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(message.to_message(), line, "{name}");
    }
}

#[test]
fn golden_records_hold_the_real_scenario() {
    let counter = scenario_actor(COUNTER_ID);
    let actor = LogRecord::from_json_line(golden::message(golden::ACTOR)).unwrap();
    let RecordBody::Actor(info) = actor.body else {
        panic!("not an actor record: {actor:?}");
    };
    let chain = info.to_actor_chain();
    assert_eq!(
        (chain.id, chain.name, chain.parent, chain.manifest),
        (counter.id, counter.name, counter.parent, counter.manifest)
    );
    assert_eq!(chain.initial_state, counter.initial_state);
    assert_eq!(chain.wasm_sha256, counter.wasm_sha256);
    assert!(chain.events.is_empty() && chain.wasm.is_none());

    for (text, event_idx) in [(golden::EVENT_FIRST, 0), (golden::EVENT, 1)] {
        let ServerMessage::Record(LogRecord {
            body: RecordBody::Event { actor_id, event },
            ..
        }) = ServerMessage::parse(golden::message(text)).unwrap()
        else {
            panic!("not an event record");
        };
        assert_eq!(actor_id, COUNTER_ID);
        assert_eq!(event, counter.events[event_idx]);
    }
}

#[test]
fn golden_values_are_what_the_types_write() {
    assert_eq!(
        ServerMessage::Lagged { seq: 41 }.to_message(),
        golden::message(golden::LAGGED)
    );
    let error = ServerMessage::Error {
        message: "unknown message type \"unsubscribe\" (the only one is \"subscribe\")".into(),
    };
    assert_eq!(error.to_message(), golden::message(golden::ERROR));
    // The server's answer to that message is the golden error.
    let refused = ClientMessage::parse(r#"{"type":"unsubscribe"}"#).unwrap_err();
    assert_eq!(
        ServerMessage::Error {
            message: refused.reason
        }
        .to_message(),
        golden::message(golden::ERROR)
    );
    assert_eq!(
        subscribe_message(None),
        golden::message(golden::SUBSCRIBE_BEGINNING)
    );
    assert_eq!(
        Subscription::all_actors(FeedStart::Tail).to_message(),
        golden::message(golden::SUBSCRIBE_TAIL)
    );
    assert_eq!(
        Subscription::of_actors(FeedStart::Seq(7), vec![COUNTER_ID.to_string()]).to_message(),
        golden::message(golden::SUBSCRIBE_ACTOR)
    );
    let filtered = Subscription {
        from: FeedStart::Seq(7),
        actors: Some(vec![COUNTER_ID.to_string()]),
        event_types: Some(vec!["wasm".to_string(), "shutdown".to_string()]),
    };
    assert_eq!(
        filtered.to_message(),
        golden::message(golden::SUBSCRIBE_FILTERS)
    );
    assert_eq!(
        ClientMessage::parse(golden::message(golden::SUBSCRIBE_FILTERS)),
        Ok(ClientMessage::Subscribe(filtered))
    );
    assert_eq!(
        subscribe_message(Some(42)),
        r#"{"from":{"seq":42},"type":"subscribe"}"#
    );
}

#[test]
fn events_from_the_feed_equal_the_file_events_and_verify() {
    let events = chain_file_events(SUPERVISOR_ID);
    let mut verifier = IncrementalVerifier::new();
    for (idx, event) in events.iter().enumerate() {
        let record = LogRecord {
            seq: idx as u64 + 2,
            body: RecordBody::Event {
                actor_id: "a".to_string(),
                event: event.clone(),
            },
        };
        let parsed = ServerMessage::parse(&record.to_json_line()).unwrap();
        assert_eq!(parsed, ServerMessage::Record(record));
        verifier.push(event);
    }
    assert!(verifier.report().is_verified());
}

#[test]
fn era_a_events_keep_their_hashed_fields() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/era-a-legacy-fields");
    let input = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| !path.ends_with("expected.json"))
        .unwrap();
    let events: Vec<ChainEvent> = parse_file("era-a", &std::fs::read(input).unwrap())
        .unwrap()
        .actors
        .remove(0)
        .events;
    assert!(events.iter().all(|event| event.legacy.is_some()));
    for event in events {
        let record = LogRecord {
            seq: 1,
            body: RecordBody::Event {
                actor_id: "a".to_string(),
                event,
            },
        };
        assert_eq!(
            LogRecord::from_json_line(&record.to_json_line()),
            Ok(record)
        );
    }
}

#[test]
fn bad_input_is_refused_with_its_reason() {
    let client_cases = [
        ("not json", "not JSON"),
        (r#"{"from":"tail"}"#, "no \"type\""),
        (r#"{"type":7}"#, "\"type\" must be a string"),
        (
            r#"{"type":"unsubscribe"}"#,
            "unknown message type \"unsubscribe\"",
        ),
        (r#"{"type":"subscribe"}"#, "missing field `from`"),
        (r#"{"type":"subscribe","from":"end"}"#, "\"from\" must be"),
        (r#"{"type":"subscribe","from":{"seq":-1}}"#, "whole number"),
        (
            r#"{"type":"subscribe","from":"tail","actor":["a"]}"#,
            "unknown field `actor`",
        ),
        (
            r#"{"type":"subscribe","from":"tail","actors":"a"}"#,
            "invalid type",
        ),
    ];
    for (text, expected) in client_cases {
        let err = ClientMessage::parse(text).unwrap_err();
        assert!(err.reason.contains(expected), "{text}: {err}");
    }
    let server_cases = [
        ("{", "not JSON: EOF"),
        ("not json", "not JSON: expected ident"),
        (r#"{"seq":1}"#, "not a server message: missing field `type`"),
        (r#"{"type":"what"}"#, "unknown variant `what`"),
        (
            r#"{"type":"event","seq":3,"actor_id":"a","event":{}}"#,
            "missing field `hash`",
        ),
        (r#"{"type":"actor","seq":1}"#, "missing field `id`"),
        (r#"{"type":"lagged","seq":-1}"#, "invalid value"),
        (r#"{"type":"error"}"#, "missing field `message`"),
    ];
    for (text, expected) in server_cases {
        let err = ServerMessage::parse(text).unwrap_err();
        assert!(err.reason.contains(expected), "{text}: {err}");
    }
    // A log holds records only.
    for text in [golden::LAGGED, golden::ERROR] {
        let err = LogRecord::from_json_line(golden::message(text)).unwrap_err();
        assert!(err.reason.contains("unknown variant"), "{text}: {err}");
    }
    assert_eq!(FeedStart::parse("tail"), Ok(FeedStart::Tail));
    assert_eq!(FeedStart::parse("beginning"), Ok(FeedStart::Beginning));
    assert_eq!(FeedStart::parse(" 50 "), Ok(FeedStart::Seq(50)));
    for bad in ["0", "-3", "soon", ""] {
        let problem = FeedStart::parse(bad).unwrap_err();
        assert!(
            problem.reason.contains("not `beginning`, `tail` or a seq"),
            "{problem}"
        );
    }
}

#[test]
fn cut_or_damaged_golden_lines_never_panic() {
    let all = golden::SERVER_MESSAGES
        .iter()
        .chain(&golden::CLIENT_MESSAGES)
        .map(|(_, text)| golden::message(text));
    for line in all {
        for end in (0..line.len()).filter(|end| line.is_char_boundary(*end)) {
            let cut = &line[..end];
            assert!(ServerMessage::parse(cut).is_err(), "{cut}");
            let _ = ClientMessage::parse(cut);
            let _ = LogRecord::from_json_line(cut);
        }
        let swapped = line.replace(':', ",").replace('[', "{");
        let _ = ServerMessage::parse(&swapped);
        let _ = ClientMessage::parse(&swapped);
    }
}

#[test]
fn an_actor_record_replaces_the_metadata_not_the_events() {
    let mut chain = scenario_actor(COUNTER_ID);
    let num_events = chain.events.len();
    let info = ActorInfo {
        id: COUNTER_ID.to_string(),
        name: Some("renamed".to_string()),
        parent: None,
        manifest: None,
        initial_state: None,
        wasm_sha256: None,
    };
    info.apply_to(&mut chain);
    assert_eq!(chain.name.as_deref(), Some("renamed"));
    assert_eq!((chain.parent, chain.wasm_sha256), (None, None));
    assert_eq!(chain.events.len(), num_events);
}
