//! The live feed as a client sees it over a real socket: backlog then live in seq order,
//! events exactly as in the input file, server-side filters, every start point, errors that
//! leave the connection usable, and subscriptions that replace each other.

#![allow(clippy::unwrap_used)]

mod support;

use futures_util::SinkExt;
use reprise_testkit::fixture_bytes;
use serde_json::{json, Value};
use support::{actor_body, event_body, seqs, Client, TestServer};

const TEN: &str = "vectors/c2-ten-events.chain.json";
const RUNTIME: &str = "theater-repo/runtime-test.chain.json";

fn file_events(relative: &str) -> Vec<Value> {
    serde_json::from_slice(&fixture_bytes(relative)).unwrap()
}

/// A server holding the ten-event chain (seqs 1..=11) then the runtime chain (12..=18).
async fn server_with_two_files() -> TestServer {
    let server = TestServer::start(1024).await;
    let ten = server.load(TEN).await;
    assert_eq!(ten.seqs, 1..12);
    let runtime = server.load(RUNTIME).await;
    assert_eq!(runtime.seqs, 12..19);
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn from_beginning_sends_every_record_in_order_then_live_appends() {
    let server = server_with_two_files().await;
    let mut client = Client::connect(&server.ws_url()).await;
    client.subscribe(json!("beginning")).await;
    let messages = client.collect_through(18).await;
    assert_eq!(seqs(&messages), (1..=18).collect::<Vec<_>>());

    let mut expected_events = file_events(TEN).into_iter();
    let ten_actor = &messages[0];
    assert_eq!(ten_actor["type"], "actor");
    for message in &messages[1..11] {
        assert_eq!(message["type"], "event");
        assert_eq!(message["actor_id"], ten_actor["id"]);
        assert_eq!(message["event"], expected_events.next().unwrap());
    }
    let runtime_actor = &messages[11];
    assert_eq!(runtime_actor["type"], "actor");
    assert_ne!(runtime_actor["id"], ten_actor["id"]);
    let runtime_events: Vec<Value> = messages[12..].iter().map(|m| m["event"].clone()).collect();
    assert_eq!(runtime_events, file_events(RUNTIME));

    let live_seqs = server
        .append(vec![
            actor_body("live-actor", "live"),
            event_body("live-actor", 0, "wasm", 8),
            event_body("live-actor", 1, "wasm", 8),
        ])
        .await;
    assert_eq!(live_seqs, 19..22);
    let live = client.collect_through(21).await;
    assert_eq!(seqs(&live), vec![19, 20, 21]);
    assert_eq!(live[1]["event"]["hash"][12], 0);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_are_applied_by_the_server_but_actor_records_always_pass() {
    let server = server_with_two_files().await;
    let mut client = Client::connect(&server.ws_url()).await;
    client.subscribe(json!("beginning")).await;
    let all = client.collect_through(18).await;
    let ten_id = all[0]["id"].as_str().unwrap().to_string();

    let mut filtered = Client::connect(&server.ws_url()).await;
    filtered
        .send(json!({"type": "subscribe", "from": "beginning",
                     "actors": [ten_id], "event_types": ["wasm", "shutdown"]}))
        .await;
    // An actor record appended afterwards always passes: it marks the end of what is due.
    server.append(vec![actor_body("end-marker", "end")]).await;
    let received = filtered.collect_through(19).await;
    let expected: Vec<u64> = all
        .iter()
        .filter(|m| {
            m["type"] == "actor"
                || (m["actor_id"] == ten_id.as_str()
                    && ["wasm", "shutdown"].contains(&m["event"]["event_type"].as_str().unwrap()))
        })
        .map(|m| m["seq"].as_u64().unwrap())
        .chain([19])
        .collect();
    assert_eq!(seqs(&received), expected);
    assert!(expected.len() < 19 && expected.len() > 4, "{expected:?}");
    assert!(received.iter().all(|m| m["type"] == "actor"
        || m["event"]["event_type"] == "wasm"
        || m["event"]["event_type"] == "shutdown"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn from_a_seq_starts_there_and_tail_only_sends_what_comes_next() {
    let server = server_with_two_files().await;
    let mut from_seq = Client::connect(&server.ws_url()).await;
    from_seq.subscribe(json!({"seq": 12})).await;
    assert_eq!(
        seqs(&from_seq.collect_through(18).await),
        (12..=18).collect::<Vec<_>>()
    );

    let mut tail = Client::connect(&server.ws_url()).await;
    tail.subscribe(json!("tail")).await;
    tail.barrier().await;
    server
        .append(vec![
            event_body("tail-actor", 0, "wasm", 4),
            event_body("tail-actor", 1, "wasm", 4),
        ])
        .await;
    assert_eq!(seqs(&tail.collect_through(20).await), vec![19, 20]);
    assert_eq!(seqs(&from_seq.collect_through(20).await), vec![19, 20]);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_messages_get_an_error_and_the_connection_stays_usable() {
    let server = server_with_two_files().await;
    let mut client = Client::connect(&server.ws_url()).await;
    for bad in [
        "{not json",
        r#"{"type":"unsubscribe"}"#,
        r#"{"type":"subscribe","from":"end"}"#,
    ] {
        client.send_text(bad).await;
        let reply = client.next_json().await;
        assert_eq!(reply["type"], "error", "{bad}");
        assert!(reply["message"].as_str().unwrap().len() > 10, "{reply}");
    }
    client
        .ws
        .send(tokio_tungstenite::tungstenite::Message::binary(vec![1, 2]))
        .await
        .unwrap();
    assert_eq!(client.next_json().await["type"], "error");
    client.subscribe(json!({"seq": 17})).await;
    assert_eq!(seqs(&client.collect_through(18).await), vec![17, 18]);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_subscription_replaces_the_previous_one() {
    let server = server_with_two_files().await;
    let mut client = Client::connect(&server.ws_url()).await;
    client.subscribe(json!("tail")).await;
    client
        .send(json!({"type": "subscribe", "from": {"seq": 10}, "event_types": ["shutdown"]}))
        .await;
    client.barrier().await;
    server
        .append(vec![
            event_body("other", 0, "wasm", 4),
            event_body("other", 1, "shutdown", 4),
        ])
        .await;
    // Seq 11 is the ten-event chain's shutdown, 12 the runtime actor, 20 the new shutdown;
    // the tail subscription would have sent 19 as well.
    let received = client.collect_through(20).await;
    assert_eq!(seqs(&received), vec![11, 12, 20]);
    server.stop().await;
}
