//! Throughput of the core on a large synthetic chain, stated as ratios against a baseline
//! measured in the same run (the machines are shared and noisy; absolute numbers drift).
//!
//! Baseline: SHA-1 over each event's canonical bytes, precomputed — the least any verifier
//! must do. Measured: `parse_file` (JSON → events), `verify_chain` (canonical bytes + SHA-1 +
//! links), and `analyze_file` (all of that plus decoding every payload, as the worker does).
//!
//! Run: `cargo run --release -p reprise-chain --example bench_chain [NUM_EVENTS]`

// Wall-clock timing is the point of this native-only example.
#![allow(clippy::disallowed_methods, clippy::unwrap_used)]

use std::time::Instant;

use reprise_chain::{
    analyze_file, canonical_bytes, compute_event_hash, parse_file, verify_chain, ChainEvent,
};
use sha1::{Digest, Sha1};

const TEMPLATE: &[u8] = include_bytes!("../../../fixtures/vectors/c2-ten-events.chain.json");

/// A valid chain of `num_events` events cycling through the ten vector payloads.
fn synthetic_chain(num_events: usize) -> Vec<ChainEvent> {
    let template = parse_file("template", TEMPLATE)
        .unwrap()
        .actors
        .remove(0)
        .events;
    let mut events: Vec<ChainEvent> = Vec::with_capacity(num_events);
    for idx in 0..num_events {
        let mut event = template[idx % template.len()].clone();
        event.parent_hash = events.last().map(|prev| prev.hash.clone());
        event.hash = compute_event_hash(&event).to_vec();
        events.push(event);
    }
    events
}

fn best_of<T>(num_runs: usize, mut run: impl FnMut() -> T) -> f64 {
    (0..num_runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(run());
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let num_events: usize = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(100_000);
    let events = synthetic_chain(num_events);
    let file_bytes = serde_json::to_vec(
        &events
            .iter()
            .map(|e| serde_json::json!({"hash": e.hash, "parent_hash": e.parent_hash, "event_type": e.event_type, "data": e.data}))
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let canonical: Vec<Vec<u8>> = events.iter().map(canonical_bytes).collect();

    let baseline_secs = best_of(5, || {
        canonical
            .iter()
            .map(|bytes| Sha1::digest(bytes)[0])
            .fold(0u8, |a, b| a ^ b)
    });
    let parse_secs = best_of(5, || parse_file("bench", &file_bytes).unwrap());
    let verify_secs = best_of(5, || verify_chain(&events));
    let analyze_secs = best_of(3, || {
        analyze_file("bench", &file_bytes, &mut |_| {}).unwrap()
    });
    assert!(verify_chain(&events).is_verified());

    let rate = |secs: f64| num_events as f64 / secs;
    println!(
        "chain: {num_events} events, {:.1} MiB of JSON",
        file_bytes.len() as f64 / (1024.0 * 1024.0)
    );
    println!("| step | events/s | time vs. baseline |");
    println!("|---|---|---|");
    for (name, secs) in [
        (
            "baseline: SHA-1 of precomputed canonical bytes",
            baseline_secs,
        ),
        (
            "verify_chain (canonical bytes + SHA-1 + links)",
            verify_secs,
        ),
        ("parse_file (JSON text → events)", parse_secs),
        (
            "analyze_file (parse + verify + decode every payload)",
            analyze_secs,
        ),
    ] {
        println!(
            "| {name} | {:.0} | {:.2}× |",
            rate(secs),
            secs / baseline_secs
        );
    }
}
