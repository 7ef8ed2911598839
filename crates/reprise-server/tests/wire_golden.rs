//! What the server sends is the golden wire bytes: each record exactly its golden line (the
//! subscription itself sent as the golden `subscribe`), and a refused message the golden
//! `error`. (`lagged` is checked against its golden line in `slow_client.rs`, where a real
//! slow client gets one.)

#![allow(clippy::unwrap_used)]

#[path = "../../reprise-chain/tests/wire_golden/golden.rs"]
mod golden;
mod support;

use reprise_chain::wire::LogRecord;
use support::{Client, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_are_sent_as_their_golden_lines_and_refusals_as_the_golden_error() {
    let server = TestServer::start(1024).await;
    let golden_records = [
        golden::ACTOR_BARE,
        golden::ACTOR,
        golden::EVENT_FIRST,
        golden::EVENT,
    ]
    .map(golden::message);
    let bodies = golden_records
        .iter()
        .map(|line| LogRecord::from_json_line(line).unwrap().body)
        .collect();
    assert_eq!(server.append(bodies).await, 1..5);

    let mut client = Client::connect(&server.ws_url()).await;
    client
        .send_text(golden::message(golden::SUBSCRIBE_BEGINNING))
        .await;
    for line in golden_records {
        assert_eq!(client.next_text().await, line);
    }

    client.send_text(r#"{"type":"unsubscribe"}"#).await;
    assert_eq!(client.next_text().await, golden::message(golden::ERROR));

    server.stop().await;
}
