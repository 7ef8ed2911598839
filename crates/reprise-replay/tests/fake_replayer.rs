//! Replayer logic on the fake engine: which divergence each kind of departure produces,
//! Theater's result and error texts, checkpoints, partial chains and what-if.

#![allow(clippy::unwrap_used)]

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use packr_abi::{Value, ValueType};
use reprise_chain::ChainEvent;
use reprise_replay::fake_engine::{FakeEngine, FakeHostCall, FakeResult};
use reprise_replay::{
    DivergenceField, EngineError, ReplayOptions, ReplayReport, Replayer, StepOutcome,
};
use support::*;

/// A fake counter: state `u32`; `init` sets 0; `handle-send` logs "got <n>" and adds one.
fn counter(function: &str, input: Value, host: &mut FakeHostCall<'_>) -> FakeResult {
    let Value::Tuple(items) = input else {
        return FakeResult::GuestError("bad input".into());
    };
    let count = match items.first() {
        Some(Value::U32(count)) => *count,
        _ => 0,
    };
    match function {
        INIT => FakeResult::Output(ok(vec![Value::U32(0)])),
        HANDLE_SEND => match host(RUNTIME, "log", Value::String(format!("got {count}"))) {
            Ok(_) => FakeResult::Output(ok(vec![Value::U32(count + 1)])),
            // A packr guest panics when an import fails: a trap.
            Err(_) => trap(),
        },
        _ => FakeResult::GuestError(format!("no export {function}")),
    }
}

fn trap() -> FakeResult {
    FakeResult::Failure(EngineError::Trap {
        export: "guest".into(),
        message: "unreachable".into(),
    })
}

fn ok(items: Vec<Value>) -> Value {
    Value::Result {
        ok_type: ValueType::Tuple(Vec::new()),
        err_type: ValueType::String,
        value: Ok(Box::new(Value::Tuple(items))),
    }
}

/// What the fake counter records for init and `sends` messages.
fn counter_chain(sends: u32) -> ChainBuilder {
    let mut chain = ChainBuilder::default();
    chain.call(INIT, unit()).result(INIT, Value::U32(0), unit());
    for count in 0..sends {
        chain
            .call(HANDLE_SEND, Value::Tuple(vec![bytes(b"inc")]))
            .log(&format!("got {count}"))
            .result(HANDLE_SEND, Value::U32(count + 1), unit());
    }
    chain
}

fn replay(
    behaviour: impl Fn(&str, Value, &mut FakeHostCall<'_>) -> FakeResult + Send + Sync + 'static,
    events: Vec<ChainEvent>,
) -> ReplayReport {
    let engine = FakeEngine::new(behaviour);
    Replayer::new(engine, events, ReplayOptions::default())
        .unwrap()
        .run()
        .unwrap()
}

fn divergence_at(report: &ReplayReport) -> (usize, DivergenceField) {
    let divergence = report.divergence.as_ref().expect("a divergence");
    (divergence.index, divergence.field)
}

#[test]
fn a_faithful_actor_verifies_every_event_including_shutdown() {
    let mut chain = counter_chain(3);
    chain.shutdown();
    let report = replay(counter, chain.build());
    assert!(report.is_verified(), "{}", report.summary());
    assert_eq!(report.summary(), "Replay complete: 12/12 events verified");
}

#[test]
fn a_host_call_the_actor_no_longer_makes_is_a_missing_event() {
    let silent = |function: &str, input: Value, _: &mut FakeHostCall<'_>| {
        counter(
            function,
            input,
            &mut |_: &str, _: &str, _: Value| Ok(unit()),
        )
    };
    let report = replay(silent, counter_chain(1).build());
    assert_eq!(divergence_at(&report), (3, DivergenceField::MissingEvent));
}

#[test]
fn a_host_call_the_recording_lacks_is_an_extra_event() {
    let chatty = |function: &str, input: Value, host: &mut FakeHostCall<'_>| {
        if function == HANDLE_SEND {
            let _ = host(RUNTIME, "log", Value::String("extra".into()));
        }
        counter(function, input, host)
    };
    let report = replay(chatty, counter_chain(1).build());
    // The extra log takes the recorded "got 0" (a different input) before the real one runs.
    assert_eq!(divergence_at(&report), (3, DivergenceField::HostInput));

    let mut chain = ChainBuilder::default();
    chain.call(INIT, unit()).result(INIT, Value::U32(0), unit());
    let greeter = |function: &str, input: Value, host: &mut FakeHostCall<'_>| {
        let _ = host(RUNTIME, "log", Value::String("hello".into()));
        counter(function, input, host)
    };
    let report = replay(greeter, chain.build());
    let divergence = report.divergence.unwrap();
    assert_eq!(
        (divergence.index, divergence.field),
        (1, DivergenceField::ExtraEvent)
    );
    assert!(divergence
        .detail
        .contains("no further call to theater:simple/runtime/log"));
}

#[test]
fn host_calls_out_of_order_skip_a_recorded_call() {
    let mut chain = ChainBuilder::default();
    chain
        .call(INIT, unit())
        .log("a")
        .host(RUNTIME, "self", unit(), Value::String("actor-1".into()))
        .result(INIT, Value::U32(0), unit());
    let reordered = |_: &str, _: Value, host: &mut FakeHostCall<'_>| {
        let answers = [
            host(RUNTIME, "self", unit()),
            host(RUNTIME, "log", Value::String("a".into())),
        ];
        match answers.iter().all(Result::is_ok) {
            true => FakeResult::Output(ok(vec![Value::U32(0)])),
            false => trap(),
        }
    };
    let report = replay(reordered, chain.build());
    let divergence = report.divergence.unwrap();
    assert_eq!(
        (divergence.index, divergence.field),
        (1, DivergenceField::MissingEvent)
    );
    assert!(
        divergence.detail.contains("the recorded call was skipped"),
        "{}",
        divergence.detail
    );
}

#[test]
fn a_different_new_state_or_response_is_named() {
    let off_by_one = |function: &str, input: Value, host: &mut FakeHostCall<'_>| match counter(
        function, input, host,
    ) {
        FakeResult::Output(_) if function == HANDLE_SEND => {
            FakeResult::Output(ok(vec![Value::U32(7)]))
        }
        other => other,
    };
    assert_eq!(
        divergence_at(&replay(off_by_one, counter_chain(2).build())),
        (4, DivergenceField::State)
    );

    let talkative = |function: &str, input: Value, host: &mut FakeHostCall<'_>| match counter(
        function, input, host,
    ) {
        FakeResult::Output(_) if function == INIT => {
            FakeResult::Output(ok(vec![Value::U32(0), Value::String("hi".into())]))
        }
        other => other,
    };
    assert_eq!(
        divergence_at(&replay(talkative, counter_chain(0).build())),
        (1, DivergenceField::Response)
    );
}

#[test]
fn responses_and_states_follow_theaters_decode_function_result() {
    let cases = [
        // Two extra elements: the response is a tuple of both.
        (
            ok(vec![Value::U32(1), Value::U8(2), Value::U8(3)]),
            Value::U32(1),
            Value::Tuple(vec![Value::U8(2), Value::U8(3)]),
        ),
        // One extra element: the bare value.
        (
            ok(vec![Value::U32(1), Value::U8(2)]),
            Value::U32(1),
            Value::U8(2),
        ),
        // Not a result: the whole value is the state.
        (
            Value::String("raw".into()),
            Value::String("raw".into()),
            unit(),
        ),
        // A variant tagged 0 works like ok.
        (
            Value::Variant {
                type_name: "r".into(),
                case_name: "ok".into(),
                tag: 0,
                payload: vec![Value::Tuple(vec![Value::U32(5)])],
            },
            Value::U32(5),
            unit(),
        ),
    ];
    for (output, state, response) in cases {
        let mut chain = ChainBuilder::default();
        chain.call(INIT, unit()).result(INIT, state, response);
        let report = replay(
            move |_: &str, _: Value, _: &mut FakeHostCall<'_>| FakeResult::Output(output.clone()),
            chain.build(),
        );
        assert!(report.is_verified(), "{}", report.summary());
    }
}

#[test]
fn error_texts_are_theaters() {
    let cases: Vec<(FakeResult, String)> = vec![
        (FakeResult::Output(err_text("bad")), "Function returned error: bad".into()),
        (
            FakeResult::Output(Value::Result {
                ok_type: ValueType::U8,
                err_type: ValueType::U8,
                value: Err(Box::new(Value::U8(7))),
            }),
            "Function returned error: U8(7)".into(),
        ),
        (
            FakeResult::Output(Value::Variant { type_name: "r".into(), case_name: "err".into(), tag: 1, payload: Vec::new() }),
            "Function returned error (no message)".into(),
        ),
        (
            FakeResult::Output(Value::Variant { type_name: "r".into(), case_name: "x".into(), tag: 4, payload: Vec::new() }),
            "Unexpected result variant tag: 4".into(),
        ),
        (
            FakeResult::GuestError("nope".into()),
            format!("Failed to call function '{INIT}' with input: (none<list<u8>>): WASM execution error: function '{INIT}' returned error: nope"),
        ),
    ];
    for (result, message) in cases {
        let mut chain = ChainBuilder::default();
        chain.call(INIT, unit()).error(INIT, &message).shutdown();
        let report = replay(
            move |_: &str, _: Value, _: &mut FakeHostCall<'_>| result.clone(),
            chain.build(),
        );
        assert!(report.is_verified(), "{message}: {}", report.summary());
    }
}

#[test]
fn an_engine_failure_where_the_recording_also_failed_is_an_error_divergence() {
    let mut chain = ChainBuilder::default();
    chain
        .call(INIT, unit())
        .error(INIT, "Failed to call function 'theater:simple/actor.init' with input: (none<list<u8>>): WASM execution error: error while executing at wasm backtrace: …");
    let trap = |_: &str, _: Value, _: &mut FakeHostCall<'_>| {
        FakeResult::Failure(EngineError::Trap {
            export: INIT.into(),
            message: "unreachable".into(),
        })
    };
    let report = replay(trap, chain.build());
    let divergence = report.divergence.unwrap();
    assert_eq!(
        (divergence.index, divergence.field),
        (1, DivergenceField::Error)
    );
    assert!(
        divergence
            .detail
            .contains("cannot equal the one wasmtime recorded"),
        "{}",
        divergence.detail
    );
}

#[test]
fn a_recording_that_stops_mid_call_ends_with_an_extra_event() {
    let mut events = counter_chain(1).build();
    events.truncate(4);
    let report = replay(counter, events);
    let divergence = report.divergence.unwrap();
    assert_eq!(
        (divergence.index, divergence.field),
        (4, DivergenceField::ExtraEvent)
    );
    assert!(divergence.expected.is_none());
    assert_eq!(report.verified, 4);
}

#[test]
fn a_chain_recorded_from_the_middle_replays_under_its_first_parent() {
    let events = counter_chain(2).build();
    // From the second handle-send on; its state going in was 1.
    let tail = events[5..].to_vec();
    let engine = FakeEngine::new(counter);
    let options = ReplayOptions {
        initial_state: Some(packr_abi::encode(&Value::U32(1)).unwrap()),
        ..ReplayOptions::default()
    };
    let report = Replayer::new(engine, tail, options).unwrap().run().unwrap();
    assert!(report.is_verified(), "{}", report.summary());
}

#[test]
fn an_unreadable_recorded_event_stops_replay_there() {
    let mut events = counter_chain(1).build();
    events[2].data = b"garbage".to_vec();
    let report = replay(counter, events);
    assert_eq!(divergence_at(&report), (2, DivergenceField::StoredHash));
}

#[test]
fn seek_back_reuses_checkpoints_instead_of_re_running() {
    for (snapshot_every, expected_calls) in [(1, 9), (0, 9 + 8)] {
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&calls);
        let engine = FakeEngine::new(
            move |function: &str, input: Value, host: &mut FakeHostCall<'_>| {
                counted.fetch_add(1, Ordering::SeqCst);
                counter(function, input, host)
            },
        );
        let options = ReplayOptions {
            snapshot_every,
            ..ReplayOptions::default()
        };
        let events = counter_chain(8).build();
        let mut replayer = Replayer::new(engine, events.clone(), options).unwrap();
        assert!(replayer.run().unwrap().is_verified());
        assert!(replayer.step_back().unwrap());
        assert_eq!(
            calls.load(Ordering::SeqCst),
            expected_calls,
            "snapshot_every {snapshot_every}"
        );
        assert_eq!(replayer.regenerated(), &events[..events.len() - 3]);
        assert_eq!(replayer.state(), &Value::U32(7));
        assert_eq!(
            replayer.step().unwrap(),
            StepOutcome::Stepped { events: 23..26 }
        );
        assert!(replayer.report().is_verified());
    }
}

#[test]
fn checkpoints_thin_out_beyond_the_cap() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    let engine = FakeEngine::new(
        move |function: &str, input: Value, host: &mut FakeHostCall<'_>| {
            counted.fetch_add(1, Ordering::SeqCst);
            counter(function, input, host)
        },
    );
    let options = ReplayOptions {
        snapshot_every: 1,
        max_checkpoints: 4,
        ..ReplayOptions::default()
    };
    let mut replayer = Replayer::new(engine, counter_chain(8).build(), options).unwrap();
    assert!(replayer.run().unwrap().is_verified());
    // Checkpoints are now after 0, 4 and 8 steps.
    assert!(replayer.step_back().unwrap());
    assert_eq!(calls.load(Ordering::SeqCst), 9);
    assert!(replayer.step_back().unwrap());
    assert_eq!(calls.load(Ordering::SeqCst), 9 + 3);
    assert_eq!(replayer.state(), &Value::U32(6));
}

#[test]
fn what_if_a_host_output_changes_the_state_reports_the_new_divergence() {
    // The actor keeps what runtime.self answered as its state.
    let keeper =
        |_: &str, _: Value, host: &mut FakeHostCall<'_>| match host(RUNTIME, "self", unit()) {
            Ok(id) => FakeResult::Output(ok(vec![id])),
            Err(_) => trap(),
        };
    let mut chain = ChainBuilder::default();
    let id = Value::String("actor-1".into());
    chain
        .call(INIT, unit())
        .host(RUNTIME, "self", unit(), id.clone())
        .result(INIT, id, unit());
    let mut replayer = Replayer::new(
        FakeEngine::new(keeper),
        chain.build(),
        ReplayOptions::default(),
    )
    .unwrap();
    assert!(replayer.run().unwrap().is_verified());
    let report = replayer
        .what_if_host_output(1, Value::String("actor-2".into()))
        .unwrap();
    assert_eq!(divergence_at(&report), (2, DivergenceField::State));
    assert_eq!(report.what_if_event, Some(1));
    assert_eq!(report.verified, 2);
    replayer.clear_what_if().unwrap();
    assert!(replayer.run().unwrap().is_verified());
}
