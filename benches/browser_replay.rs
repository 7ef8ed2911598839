//! Replay throughput inside the browser (headless Chromium, the wasm build of the same
//! replayer the analysis worker runs), against a baseline measured in the same run:
//! `reprise_chain::verify_chain` over the same events, in the same page. The native twin is
//! `crates/reprise-replay/examples/bench_replay.rs`; BENCHMARKS.md puts the two side by side.
//!
//! Run: `scripts/bench-browser.sh` (a release build, then
//! `cargo test --release --target wasm32-unknown-unknown -p reprise-web --bench browser_replay`).
//! A measurement, not a test: it prints a markdown table and asserts nothing about speed.
//! Not part of `cargo test` (bench targets are built only when named).

// The crate under test exists only on wasm32.
#![cfg(target_arch = "wasm32")]
// A measurement tool: a fixture that cannot be read or replayed must fail loudly.
#![allow(clippy::unwrap_used)]

use reprise_chain::{verify_chain, ActorChain};
use reprise_replay::recorded::{classify_event, RecordedEvent};
use reprise_replay::{EngineLimits, ReplayOptions, Replayer, WasmiEngine};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SCENARIO: &[u8] = include_bytes!("../fixtures/theater-0.3.29/scenario.bundle.json");

/// Every measurement repeats until it has run at least this long.
const MIN_MEASURE_MILLIS: f64 = 1500.0;

struct Row {
    name: String,
    num_events: usize,
    num_host_calls: usize,
    instantiate_millis: f64,
    replay_millis: f64,
    verify_millis: f64,
}

#[wasm_bindgen_test]
fn replay_throughput_against_verify_in_the_same_page() {
    let actors = reprise_chain::parse_file("scenario.bundle.json", SCENARIO)
        .unwrap()
        .actors;
    let rows: Vec<Row> = actors.iter().map(measure).collect();
    for line in table(&rows) {
        console_log!("{line}");
    }
}

fn measure(actor: &ActorChain) -> Row {
    let wasm = actor.wasm.as_ref().unwrap();
    let events = &actor.events;
    let num_host_calls = events
        .iter()
        .filter(|event| matches!(classify_event(event), RecordedEvent::HostCall { .. }))
        .count();
    let options = ReplayOptions {
        initial_state: actor.initial_state.clone(),
        ..ReplayOptions::default()
    };
    let engine = WasmiEngine::new(wasm, EngineLimits::default()).unwrap();
    let instantiate_millis = millis_per_run(|| {
        Replayer::new(engine.clone(), Vec::new(), options.clone()).unwrap();
    });
    let replay_millis = millis_per_run(|| {
        let mut replayer = Replayer::new(engine.clone(), events.clone(), options.clone()).unwrap();
        let report = replayer.run().unwrap();
        assert!(report.is_verified(), "{}", report.summary());
    });
    let verify_millis = millis_per_run(|| {
        assert!(verify_chain(events).is_verified());
    });
    Row {
        name: format!(
            "{} ({})",
            actor.name.as_deref().unwrap_or("actor"),
            actor
                .id
                .as_deref()
                .unwrap_or("?")
                .chars()
                .take(8)
                .collect::<String>()
        ),
        num_events: events.len(),
        num_host_calls,
        instantiate_millis,
        replay_millis,
        verify_millis,
    }
}

/// Mean wall time of one run of `work`, in milliseconds, repeated for at least
/// [`MIN_MEASURE_MILLIS`] (`Date.now()` has millisecond resolution; long loops make it enough).
fn millis_per_run(mut work: impl FnMut()) -> f64 {
    work();
    let start_millis = js_sys::Date::now();
    let mut num_runs = 0u32;
    while js_sys::Date::now() - start_millis < MIN_MEASURE_MILLIS {
        work();
        num_runs += 1;
    }
    (js_sys::Date::now() - start_millis) / f64::from(num_runs)
}

fn table(rows: &[Row]) -> Vec<String> {
    let mut lines = vec![
        "| chain | events | host calls | instantiate | replay events/s | replay host calls/s | verify events/s | replay ÷ verify |".to_string(),
        "|---|---:|---:|---:|---:|---:|---:|---:|".to_string(),
    ];
    let (mut num_events, mut num_host_calls) = (0usize, 0usize);
    let (mut replay_millis, mut verify_millis) = (0.0, 0.0);
    for row in rows {
        let replay_secs = row.replay_millis / 1e3;
        let verify_secs = row.verify_millis / 1e3;
        lines.push(format!(
            "| {} | {} | {} | {:.0} µs | {:.0} | {:.0} | {:.0} | {:.3}× |",
            row.name,
            row.num_events,
            row.num_host_calls,
            row.instantiate_millis * 1e3,
            row.num_events as f64 / replay_secs,
            row.num_host_calls as f64 / replay_secs,
            row.num_events as f64 / verify_secs,
            verify_secs / replay_secs,
        ));
        num_events += row.num_events;
        num_host_calls += row.num_host_calls;
        replay_millis += row.replay_millis;
        verify_millis += row.verify_millis;
    }
    lines.push(format!(
        "| **all** | {num_events} | {num_host_calls} | | {:.0} | {:.0} | {:.0} | **{:.3}×** |",
        num_events as f64 / (replay_millis / 1e3),
        num_host_calls as f64 / (replay_millis / 1e3),
        num_events as f64 / (verify_millis / 1e3),
        verify_millis / replay_millis,
    ));
    lines
}
