//! Replay throughput on the real Theater 0.3.29 recordings, against a baseline measured in the
//! same run: `reprise_chain::verify_chain` over the same events.
//!
//! Run: `cargo run --release -p reprise-replay --example bench_replay [bundle.json]`
//! (default: `fixtures/theater-0.3.29/scenario.bundle.json`). Prints a markdown table.

// A native-only measurement tool: wall-clock time is what it measures.
#![allow(clippy::disallowed_methods, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use reprise_chain::{verify_chain, ActorChain};
use reprise_replay::recorded::{classify_event, RecordedEvent};
use reprise_replay::{EngineLimits, ReplayOptions, Replayer, WasmiEngine};

/// Every measurement repeats until it has run at least this long (`REPRISE_BENCH_MILLIS`
/// overrides it, e.g. `0` for a single run under callgrind).
fn min_measure() -> Duration {
    let millis = std::env::var("REPRISE_BENCH_MILLIS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(1500);
    Duration::from_millis(millis)
}

struct Row {
    name: String,
    num_events: usize,
    num_host_calls: usize,
    num_export_calls: usize,
    compile: Duration,
    instantiate: Duration,
    replay: Duration,
    verify: Duration,
}

fn main() {
    let default = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/theater-0.3.29/scenario.bundle.json"
    );
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| default.to_owned());
    let bytes = std::fs::read(&path).unwrap_or_else(|err| panic!("cannot read {path}: {err}"));
    let actors = reprise_chain::parse_file(&path, &bytes).unwrap().actors;
    let rows: Vec<Row> = actors
        .iter()
        .filter(|actor| actor.wasm.is_some())
        .map(measure)
        .collect();
    print_table(&rows);
}

fn measure(actor: &ActorChain) -> Row {
    let wasm = actor.wasm.as_ref().unwrap();
    let events = &actor.events;
    let kinds: Vec<RecordedEvent> = events.iter().map(classify_event).collect();
    let num_host_calls = kinds
        .iter()
        .filter(|kind| matches!(kind, RecordedEvent::HostCall { .. }))
        .count();
    let num_export_calls = kinds
        .iter()
        .filter(|kind| matches!(kind, RecordedEvent::ExportCall { .. }))
        .count();
    let options = ReplayOptions {
        initial_state: actor.initial_state.clone(),
        ..ReplayOptions::default()
    };

    let compile = time_per_run(|| {
        WasmiEngine::new(wasm, EngineLimits::default()).unwrap();
    });
    let engine = WasmiEngine::new(wasm, EngineLimits::default()).unwrap();
    let instantiate = time_per_run(|| {
        Replayer::new(engine.clone(), Vec::new(), options.clone()).unwrap();
    });
    let replay = time_per_run(|| {
        let mut replayer = Replayer::new(engine.clone(), events.clone(), options.clone()).unwrap();
        let report = replayer.run().unwrap();
        assert!(report.is_verified(), "{}", report.summary());
    });
    let verify = time_per_run(|| {
        assert!(verify_chain(events).is_verified());
    });
    Row {
        name: format!(
            "{} ({})",
            actor.name.as_deref().unwrap_or("actor"),
            short(actor.id.as_deref())
        ),
        num_events: events.len(),
        num_host_calls,
        num_export_calls,
        compile,
        instantiate,
        replay,
        verify,
    }
}

/// Mean wall time of one run of `work` (after a warm-up run), repeated for at least
/// [`min_measure`] and at least once.
fn time_per_run(mut work: impl FnMut()) -> Duration {
    work();
    let min_measure = min_measure();
    let start = Instant::now();
    let mut num_runs = 0u32;
    while num_runs == 0 || start.elapsed() < min_measure {
        work();
        num_runs += 1;
    }
    start.elapsed() / num_runs
}

fn print_table(rows: &[Row]) {
    println!("| chain | events | host calls | export calls | compile | instantiate | replay events/s | replay host calls/s | verify events/s | replay ÷ verify |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut total = (0usize, 0usize, Duration::ZERO, Duration::ZERO);
    for row in rows {
        let replay_secs = row.replay.as_secs_f64();
        let verify_secs = row.verify.as_secs_f64();
        println!(
            "| {} | {} | {} | {} | {:.2} ms | {:.0} µs | {:.0} | {:.0} | {:.0} | {:.4}× |",
            row.name,
            row.num_events,
            row.num_host_calls,
            row.num_export_calls,
            row.compile.as_secs_f64() * 1e3,
            row.instantiate.as_secs_f64() * 1e6,
            row.num_events as f64 / replay_secs,
            row.num_host_calls as f64 / replay_secs,
            row.num_events as f64 / verify_secs,
            verify_secs / replay_secs,
        );
        total.0 += row.num_events;
        total.1 += row.num_host_calls;
        total.2 += row.replay;
        total.3 += row.verify;
    }
    let (num_events, num_host_calls, replay, verify) = total;
    println!(
        "| **all** | {num_events} | {num_host_calls} | | | | {:.0} | {:.0} | {:.0} | {:.4}× |",
        num_events as f64 / replay.as_secs_f64(),
        num_host_calls as f64 / replay.as_secs_f64(),
        num_events as f64 / verify.as_secs_f64(),
        verify.as_secs_f64() / replay.as_secs_f64(),
    );
    println!();
    println!("replay ÷ verify: the replay's throughput as a fraction of verifying the same events (hash and links only), measured in the same run; replay includes instantiating the actor once per chain.");
}

fn short(id: Option<&str>) -> String {
    id.map_or_else(|| "?".to_owned(), |id| id.chars().take(8).collect())
}
