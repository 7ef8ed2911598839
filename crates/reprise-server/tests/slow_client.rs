//! A client that stops reading never slows the writer or the other clients: it is sent
//! `lagged`, and resubscribing from the seq after it gets the rest from the log.

#![allow(clippy::unwrap_used)]

#[path = "../../reprise-chain/tests/wire_golden/golden.rs"]
mod golden;
mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use reprise_chain::wire::ServerMessage;
use serde_json::json;
use support::{event_body, seqs, Client, TestServer, WAIT};
use tokio::sync::watch;

const NUM_EVENTS: u64 = 20_000;
const BATCH_LEN: u64 = 200;
/// Payload per event: 20k records (~8 MB of JSON) overflow the socket buffers and the queue.
const NUM_DATA_BYTES: usize = 64;
const LIVE_QUEUE_LEN: usize = 1024;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_client_is_told_it_lagged_and_catches_up_from_the_log() {
    let server = TestServer::start(LIVE_QUEUE_LEN).await;
    let mut slow = Client::connect_with_recv_buffer(&server.ws_url(), Some(4096)).await;
    let mut fast = Client::connect(&server.ws_url()).await;
    slow.subscribe(json!("beginning")).await;
    fast.subscribe(json!("beginning")).await;
    slow.barrier().await;
    fast.barrier().await;

    // The fast client reads on its own task while the writer appends and `slow` reads nothing.
    // The writer keeps within half a queue of the fast client, so on a busy machine it is the
    // fast client, never the slow one, that sets the pace.
    let (progress_tx, mut fast_progress) = watch::channel(0u64);
    let fast_reader = tokio::spawn(async move {
        let mut received = Vec::new();
        loop {
            let message = fast.next_json().await;
            assert_eq!(message["type"], "event", "the fast client got {message}");
            let seq = message["seq"].as_u64().unwrap();
            received.push(seq);
            let _ = progress_tx.send(seq);
            if seq == NUM_EVENTS {
                return received;
            }
        }
    });
    let started = tokio::time::Instant::now();
    for batch_start in (0..NUM_EVENTS).step_by(BATCH_LEN as usize) {
        let batch = (batch_start..batch_start + BATCH_LEN)
            .map(|idx| event_body("busy-actor", idx, "wasm", NUM_DATA_BYTES))
            .collect();
        let seqs = server.append(batch).await;
        let caught_up =
            fast_progress.wait_for(|&seq| seq + (LIVE_QUEUE_LEN as u64) / 2 >= seqs.end);
        tokio::time::timeout(WAIT, caught_up)
            .await
            .unwrap()
            .unwrap();
    }
    let write_time = started.elapsed();
    let fast_seqs = tokio::time::timeout(WAIT, fast_reader)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fast_seqs, (1..=NUM_EVENTS).collect::<Vec<_>>());
    eprintln!("writer: {NUM_EVENTS} events in {write_time:?}");

    // Now the slow client reads: a gapless prefix, then `lagged` with its last seq.
    let mut slow_seqs = Vec::new();
    let lagged_at = loop {
        let text = slow.next_text().await;
        match ServerMessage::parse(&text).unwrap() {
            ServerMessage::Record(record) => slow_seqs.push(record.seq),
            ServerMessage::Lagged { seq } => {
                // The golden `lagged` message, with this seq.
                let golden_seq = r#""seq":41}"#;
                let expected = golden::message(golden::LAGGED)
                    .replace(golden_seq, &format!(r#""seq":{seq}}}"#));
                assert_eq!(text, expected);
                break seq;
            }
            other => panic!("unexpected {other:?}"),
        }
    };
    assert!(lagged_at < NUM_EVENTS, "the slow client never lagged");
    assert_eq!(slow_seqs, (1..=lagged_at).collect::<Vec<_>>());
    eprintln!("slow client lagged after seq {lagged_at}");

    slow.subscribe(json!({"seq": lagged_at + 1})).await;
    let rest = slow.collect_through(NUM_EVENTS).await;
    slow_seqs.extend(seqs(&rest));
    let unique: BTreeSet<u64> = slow_seqs.iter().copied().collect();
    assert_eq!(unique.len(), slow_seqs.len(), "duplicates");
    assert_eq!(unique, (1..=NUM_EVENTS).collect::<BTreeSet<_>>());

    // Nothing more is due: after the last record only a marker arrives.
    server
        .append(vec![event_body("busy-actor", NUM_EVENTS, "wasm", 1)])
        .await;
    assert_eq!(slow.next_json().await["seq"], NUM_EVENTS + 1);
    assert!(write_time < Duration::from_secs(60));
    server.stop().await;
}
