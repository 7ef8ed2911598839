//! Long chains synthesized from the real counter recording (`reprise_replay::long_chain`):
//! they replay to N/N, and moving the cursor (run to an event, step back, step) over many
//! checkpoints rebuilds exactly the events of a straight run.

#![allow(clippy::unwrap_used)]

use packr_abi::{Value, ValueType};
use reprise_chain::ActorChain;
use reprise_replay::long_chain::synthesize_chain;
use reprise_replay::{EngineLimits, ReplayOptions, Replayer, WasmiEngine};
use reprise_testkit::fixture_file;
use reprise_testkit::theater_scenario::scenario_path;

/// The counter stopped from outside: init, inc, add:7, inc.
const COUNTER_ID: &str = "44ff83c7-16e7-439c-9e80-ed6ff42598a9";

fn counter() -> ActorChain {
    fixture_file(&scenario_path("scenario.bundle.json"))
        .actors
        .into_iter()
        .find(|actor| actor.id.as_deref() == Some(COUNTER_ID))
        .unwrap()
}

fn replayer(
    actor: &ActorChain,
    min_events: usize,
    options: ReplayOptions,
) -> Replayer<WasmiEngine> {
    let engine = WasmiEngine::new(actor.wasm.as_ref().unwrap(), EngineLimits::default()).unwrap();
    let initial_state = match &actor.initial_state {
        Some(bytes) => reprise_chain::decode::decode_cgrf(bytes).unwrap(),
        None => Value::Option {
            inner_type: ValueType::List(Box::new(ValueType::U8)),
            value: None,
        },
    };
    let events = synthesize_chain(&engine, &actor.events, initial_state, min_events).unwrap();
    assert!(events.len() >= min_events);
    let options = ReplayOptions {
        initial_state: actor.initial_state.clone(),
        ..options
    };
    Replayer::new(engine, events, options).unwrap()
}

#[test]
fn a_synthesized_counter_chain_replays_to_n_of_n_and_counts_on() {
    let actor = counter();
    let mut replayer = replayer(&actor, 600, ReplayOptions::default());
    let report = replayer.run().unwrap();
    assert!(report.is_verified(), "{}", report.summary());
    assert_eq!(report.verified, replayer.expected().len());
    // The recorded calls are inc, add:7, inc from n=10 (after init): +1, +7, +1 in a cycle.
    let num_sends = replayer.num_steps() - 1;
    let count = 10 + 9 * (num_sends / 3) + [0, 1, 8][num_sends % 3];
    assert_eq!(state_text(replayer.state()), format!("{{\"n\":{count}}}"));
}

#[test]
fn cursor_moves_over_many_checkpoints_rebuild_the_straight_run() {
    let actor = counter();
    // Thinned by count, then by memory (a budget below one snapshot thins at every checkpoint).
    for max_checkpoint_bytes in [usize::MAX, 1] {
        let options = ReplayOptions {
            snapshot_every: 4,
            max_checkpoints: 8,
            max_checkpoint_bytes,
            ..ReplayOptions::default()
        };
        moves_rebuild_the_straight_run(replayer(&actor, 900, options));
    }
}

fn moves_rebuild_the_straight_run(mut replayer: Replayer<WasmiEngine>) {
    let report = replayer.run().unwrap();
    assert!(report.is_verified(), "{}", report.summary());
    let straight = replayer.regenerated().to_vec();
    let num_events = straight.len();
    for target in [num_events / 2, 7, num_events - 1, 400, 0, 650] {
        let report = replayer.run_to(target).unwrap();
        assert!(report.divergence.is_none(), "run to {target}");
        assert!(replayer.regenerated().len() > target);
        assert_eq!(
            replayer.regenerated(),
            &straight[..replayer.regenerated().len()]
        );
        assert!(replayer.step_back().unwrap());
        replayer.step().unwrap();
        assert_eq!(
            replayer.regenerated(),
            &straight[..replayer.regenerated().len()]
        );
    }
    assert!(replayer.run().unwrap().is_verified());
    assert_eq!(replayer.regenerated(), &straight[..]);
}

/// The counter's state: `some(list<u8>)` holding its JSON text.
fn state_text(state: &Value) -> String {
    let Value::Option {
        value: Some(inner), ..
    } = state
    else {
        panic!("state {state:?}");
    };
    let Value::List { items, .. } = inner.as_ref() else {
        panic!("state {state:?}");
    };
    let bytes: Vec<u8> = items
        .iter()
        .map(|item| match item {
            Value::U8(byte) => *byte,
            other => panic!("state item {other:?}"),
        })
        .collect();
    String::from_utf8(bytes).unwrap()
}
