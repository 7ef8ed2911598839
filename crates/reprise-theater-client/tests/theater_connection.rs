//! `TheaterConnection` against a fake server on a loopback socket: requests skip pushed
//! events without losing them, and a server that closes or sends garbage is a clear error.

#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;

use reprise_theater_client::{ConnectionError, FrameCodec, ManagementCommand, TheaterConnection};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A server that reads one frame, then writes `reply` and closes.
async fn fake_server(reply: Vec<u8>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut len = [0u8; 4];
        socket.read_exact(&mut len).await.unwrap();
        let mut body = vec![0u8; u32::from_be_bytes(len) as usize];
        socket.read_exact(&mut body).await.unwrap();
        socket.write_all(&reply).await.unwrap();
    });
    addr
}

fn framed(message: &str) -> Vec<u8> {
    FrameCodec::encode_message(message.as_bytes()).unwrap()
}

#[tokio::test]
async fn a_request_hands_events_that_come_first_to_the_caller() {
    let reply = [
        framed(r#"{"ActorEvent":{"event":{"hash":[1],"parent_hash":null,"event_type":"wasm","data":[]}}}"#),
        framed(r#"{"ActorList":{"actors":[["a","counter"]]}}"#),
    ]
    .concat();
    let mut connection = TheaterConnection::connect(fake_server(reply).await)
        .await
        .unwrap();
    let mut events = Vec::new();
    let response = connection
        .request(&ManagementCommand::ListActors, &mut |event| {
            events.push(event)
        })
        .await
        .unwrap();
    assert_eq!(response.variant_name(), "ActorList");
    assert_eq!(events.len(), 1);
    assert!(matches!(
        connection.next_response().await,
        Err(ConnectionError::Closed)
    ));
}

#[tokio::test]
async fn garbage_oversized_and_refusals_are_errors_that_say_why() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            b"\xff\xff\xff\xff".to_vec(),
            "more than the protocol's maximum",
        ),
        ([&[0, 0, 0, 3][..], b"abc"].concat(), "unreadable frame"),
        (framed("{oops"), "unreadable message: not JSON"),
        (
            framed(r#"{"Error":{"error":"ActorNotFound"}}"#),
            "answered: ActorNotFound",
        ),
        (framed("[1]"), "not a management response"),
        (
            framed(r#""Restarted""#),
            "answered ListActors with Restarted",
        ),
        (Vec::new(), "closed the connection"),
    ];
    for (reply, expected) in cases {
        let mut connection = TheaterConnection::connect(fake_server(reply).await)
            .await
            .unwrap();
        let err = connection.list_actors().await.unwrap_err();
        assert!(
            err.to_string().contains(expected),
            "{err} should say {expected}"
        );
    }
}

#[tokio::test]
async fn a_refused_connection_names_the_address() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let Err(err) = TheaterConnection::connect(addr).await else {
        panic!("connected to a closed port");
    };
    assert!(err.to_string().contains(&addr.to_string()), "{err}");
}
