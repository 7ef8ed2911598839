//! The `/ws` feed's messages parse into core values; events read from the feed are the same
//! events, byte for byte, as in the chain files (so they verify the same).

// Helpers outside #[test] fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use reprise_chain::{parse_file, subscribe_message, ChainEvent, IncrementalVerifier, LiveMessage};

fn supervisor_events() -> Vec<ChainEvent> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/theater-0.3.29/0ac11f53-e4df-4044-a9ca-f23d024cd0a6.chain.json");
    let bytes = std::fs::read(&path).unwrap();
    parse_file("supervisor.chain.json", &bytes)
        .unwrap()
        .actors
        .remove(0)
        .events
}

fn event_message(seq: u64, event: &ChainEvent) -> String {
    serde_json::json!({
        "type": "event",
        "seq": seq,
        "actor_id": "a",
        "event": {
            "hash": event.hash,
            "parent_hash": event.parent_hash,
            "event_type": event.event_type,
            "data": event.data,
        }
    })
    .to_string()
}

#[test]
fn events_from_the_feed_equal_the_file_events_and_verify() {
    let events = supervisor_events();
    let mut verifier = IncrementalVerifier::new();
    for (idx, event) in events.iter().enumerate() {
        let parsed = LiveMessage::parse(&event_message(idx as u64 + 2, event)).unwrap();
        let LiveMessage::Event {
            seq,
            actor_id,
            event: parsed,
        } = parsed
        else {
            panic!("not an event: {parsed:?}");
        };
        assert_eq!((seq, actor_id.as_str()), (idx as u64 + 2, "a"));
        assert_eq!(&parsed, event);
        verifier.push(&parsed);
    }
    assert!(verifier.report().is_verified());
}

#[test]
fn actor_lagged_and_error_messages_parse() {
    let actor = LiveMessage::parse(
        r#"{"type":"actor","seq":1,"id":"u1","name":"counter","parent":"p","manifest":null,"initial_state":null,"wasm_sha256":null}"#,
    )
    .unwrap();
    let LiveMessage::Actor { seq, actor } = actor else {
        panic!("not an actor");
    };
    assert_eq!(seq, 1);
    assert_eq!(actor.id.as_deref(), Some("u1"));
    assert_eq!(actor.parent.as_deref(), Some("p"));
    assert_eq!(
        LiveMessage::parse(r#"{"type":"lagged","seq":9}"#),
        Ok(LiveMessage::Lagged { seq: 9 })
    );
    assert_eq!(
        LiveMessage::parse(r#"{"type":"error","message":"no"}"#),
        Ok(LiveMessage::Error {
            message: "no".to_string()
        })
    );
    assert!(LiveMessage::parse("{").is_err());
    assert!(LiveMessage::parse(r#"{"type":"event","seq":3,"actor_id":"a","event":{}}"#).is_err());
    assert!(LiveMessage::parse(r#"{"type":"what"}"#).is_err());
}

#[test]
fn subscribe_starts_at_the_beginning_or_at_a_seq() {
    assert_eq!(
        subscribe_message(None),
        r#"{"from":"beginning","type":"subscribe"}"#
    );
    assert_eq!(
        subscribe_message(Some(42)),
        r#"{"from":{"seq":42},"type":"subscribe"}"#
    );
}
