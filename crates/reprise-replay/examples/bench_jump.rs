//! Replay of a long chain (default 100,000 events): full-replay throughput, and the time of
//! each cursor move the app offers (step, step back, run to an event) once the whole chain has
//! been replayed and checkpoints exist.
//!
//! The chain is made by running the real `counter` actor of the Theater 0.3.29 recording
//! (`reprise_replay::long_chain`): its `init`, then its recorded `handle-send` calls in a cycle.
//!
//! Run: `cargo run --release -p reprise-replay --example bench_jump [num_events]`. Prints a
//! markdown table.

// A native-only measurement tool: wall-clock time is what it measures.
#![allow(clippy::disallowed_methods, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use packr_abi::{Value, ValueType};
use reprise_replay::long_chain::synthesize_chain;
use reprise_replay::{EngineLimits, ReplayOptions, Replayer, WasmiEngine};

/// The counter whose recording is repeated (the "external stop" run: init, inc, add:7, inc).
const COUNTER_ID: &str = "44ff83c7-16e7-439c-9e80-ed6ff42598a9";
/// Cursor moves measured per kind.
const NUM_MOVES: usize = 25;

fn main() {
    let num_events: usize = std::env::args()
        .nth(1)
        .map_or(100_000, |text| text.parse().unwrap());
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/theater-0.3.29/scenario.bundle.json"
    );
    let bytes = std::fs::read(path).unwrap();
    let actors = reprise_chain::parse_file(path, &bytes).unwrap().actors;
    let actor = actors
        .iter()
        .find(|actor| actor.id.as_deref() == Some(COUNTER_ID))
        .unwrap();
    let wasm = actor.wasm.as_ref().unwrap();
    let initial_state = match &actor.initial_state {
        Some(bytes) => reprise_chain::decode::decode_cgrf(bytes).unwrap(),
        None => Value::Option {
            inner_type: ValueType::List(Box::new(ValueType::U8)),
            value: None,
        },
    };
    let engine = WasmiEngine::new(wasm, EngineLimits::default()).unwrap();
    let started = Instant::now();
    let events = synthesize_chain(&engine, &actor.events, initial_state, num_events).unwrap();
    let synthesize = started.elapsed();
    let num_events = events.len();
    let options = ReplayOptions {
        initial_state: actor.initial_state.clone(),
        ..ReplayOptions::default()
    };

    let started = Instant::now();
    let mut replayer = Replayer::new(engine.clone(), events, options).unwrap();
    let prepare = started.elapsed();
    let started = Instant::now();
    let report = replayer.run().unwrap();
    let run = started.elapsed();
    assert!(report.is_verified(), "{}", report.summary());
    let num_steps = replayer.num_steps();
    let (num_checkpoints, checkpoint_bytes) = replayer.checkpoint_usage();
    let num_host_calls = num_events - 2 * num_steps;

    // Deterministic pseudo-random targets spread over the chain.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next_target = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % num_events as u64) as usize
    };
    let jumps: Vec<Duration> = (0..NUM_MOVES)
        .map(|_| {
            let target = next_target();
            let started = Instant::now();
            let report = replayer.run_to(target).unwrap();
            let took = started.elapsed();
            assert!(report.divergence.is_none());
            took
        })
        .collect();
    let step_backs: Vec<Duration> = (0..NUM_MOVES)
        .map(|_| {
            let started = Instant::now();
            replayer.step_back().unwrap();
            started.elapsed()
        })
        .collect();
    let steps: Vec<Duration> = (0..NUM_MOVES)
        .map(|_| {
            let started = Instant::now();
            replayer.step().unwrap();
            started.elapsed()
        })
        .collect();

    println!(
        "chain: {num_events} events, {num_steps} export calls, {num_host_calls} host calls \
         (synthesized in {:.2} s)",
        synthesize.as_secs_f64()
    );
    println!();
    println!("| measure | value |");
    println!("|---|---:|");
    println!(
        "| prepare (decode + hash-check every event, instantiate) | {:.0} ms |",
        prepare.as_secs_f64() * 1e3
    );
    println!("| full replay | {:.2} s |", run.as_secs_f64());
    println!(
        "| checkpoints after it: count / distinct memory | {num_checkpoints} / {:.1} MiB |",
        checkpoint_bytes as f64 / f64::from(1 << 20)
    );
    println!(
        "| full replay: events/s | {:.0} |",
        num_events as f64 / run.as_secs_f64()
    );
    println!(
        "| full replay: host calls/s | {:.0} |",
        num_host_calls as f64 / run.as_secs_f64()
    );
    for (name, times) in [
        ("run to a random event", &jumps),
        ("step back", &step_backs),
        ("step", &steps),
    ] {
        println!(
            "| {name}: mean / max of {NUM_MOVES} | {:.1} / {:.1} ms |",
            mean(times).as_secs_f64() * 1e3,
            times.iter().max().unwrap().as_secs_f64() * 1e3
        );
    }
}

fn mean(times: &[Duration]) -> Duration {
    times.iter().sum::<Duration>() / times.len() as u32
}
