//! Responses as theater-server 0.3.x writes them: typed where Reprise reads them, `Other` for
//! the rest, errors with a reason for anything else.

#![allow(clippy::unwrap_used)]

use reprise_theater_client::{ManagementCommand, ManagementResponse};

#[test]
fn commands_serialize_like_theaters_own_enum() {
    let cases = [
        (ManagementCommand::ListActors, r#""ListActors""#),
        (
            ManagementCommand::SubscribeToActor { id: "a".into() },
            r#"{"SubscribeToActor":{"id":"a"}}"#,
        ),
        (
            ManagementCommand::SendActorMessage {
                id: "a".into(),
                data: b"inc".to_vec(),
            },
            r#"{"SendActorMessage":{"id":"a","data":[105,110,99]}}"#,
        ),
        (
            ManagementCommand::StartActor {
                manifest: "/m.toml".into(),
                initial_state: None,
                parent: false,
                subscribe: true,
            },
            r#"{"StartActor":{"manifest":"/m.toml","initial_state":null,"parent":false,"subscribe":true}}"#,
        ),
    ];
    for (command, json) in cases {
        assert_eq!(String::from_utf8(command.to_json_bytes()).unwrap(), json);
    }
}

#[test]
fn an_actor_event_carries_the_chain_event_exactly() {
    let json = br#"{"ActorEvent":{"event":{"hash":[1,2],"parent_hash":null,"event_type":"wasm","data":[67,71]}}}"#;
    let ManagementResponse::ActorEvent { event } = ManagementResponse::parse(json).unwrap() else {
        panic!("not an event");
    };
    assert_eq!(event.hash, vec![1, 2]);
    assert_eq!(event.parent_hash, None);
    assert_eq!(event.event_type, "wasm");
    assert_eq!(event.data, vec![67, 71]);
}

#[test]
fn lists_errors_and_unknown_variants_are_read() {
    let list =
        ManagementResponse::parse(br#"{"ActorList":{"actors":[["id-1","counter"]]}}"#).unwrap();
    assert_eq!(
        list,
        ManagementResponse::ActorList {
            actors: vec![("id-1".into(), "counter".into())]
        }
    );
    let ManagementResponse::Error { error } =
        ManagementResponse::parse(br#"{"Error":{"error":{"RuntimeError":"Failed to send: no"}}}"#)
            .unwrap()
    else {
        panic!("not an error");
    };
    assert_eq!(error.to_string(), "RuntimeError: Failed to send: no");
    let ManagementResponse::Error { error } =
        ManagementResponse::parse(br#"{"Error":{"error":"ActorNotFound"}}"#).unwrap()
    else {
        panic!("not an error");
    };
    assert_eq!(error.to_string(), "ActorNotFound");
    assert_eq!(
        ManagementResponse::parse(br#"{"ActorStatus":{"id":"x","status":"Running"}}"#).unwrap(),
        ManagementResponse::Other("ActorStatus".into())
    );
}

#[test]
fn malformed_responses_are_errors_with_a_reason() {
    let cases: [(&[u8], &str); 4] = [
        (b"{not json", "not JSON"),
        (
            br#"{"ActorEvent":{"event":{"hash":"zz"}}}"#,
            "bad ActorEvent response",
        ),
        (br#"[1,2,3]"#, "not a management response"),
        (
            br#"{"ActorList":{"actors":[[1]]}}"#,
            "bad ActorList response",
        ),
    ];
    for (json, expected) in cases {
        let err = ManagementResponse::parse(json).unwrap_err();
        assert!(err.contains(expected), "{err} should say {expected}");
    }
}
