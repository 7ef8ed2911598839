//! The worker's replay sessions on the recorded Theater scenario: step, step
//! back, run to an event (forward and back), a what-if edit of the counter's `timer/now`
//! output diverging at the log that prints it, an edit that is not a value refused with the
//! session left where it was, a cancelled slice loop; and on the page's side, controls turned
//! into worker commands, late replies dropped, and the module a replay runs (bundle, file,
//! parent's spawn input) with its SHA-256 flagged when it is not the recorded one.

// Helpers outside the test fns unwrap too (clippy's test exemption does not see
// `#[test]`): a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use packr_abi::{Value, ValueType};
use reprise_app::replay::{ReplaySessions, SessionStep};
use reprise_app::worker_protocol::{ReplayCommand, ReplayUpdate, WorkerReply};
use reprise_app::{ActorKey, ReplayRuns, WasmChoice, WasmFile};
use reprise_chain::ActorChain;
use reprise_replay::payload::{build_event, host_function_payload};
use reprise_replay::{
    host_output_literal, parse_host_output, DivergenceField, WasmDigestCheck, WasmSource,
};
use reprise_testkit::theater_scenario::{
    counter_wasm, scenario_actors, supervisor_wasm, COUNTER_GUEST_ERROR_ID,
};

/// The counter that ends in a guest error (15 events: init is events 0–4, `timer/now` is 1,
/// the log that prints its value is 2).
const COUNTER_FAILED: &str = COUNTER_GUEST_ERROR_ID;
const SESSION: u32 = 9;
const NOW_EVENT: usize = 1;
const INIT_EVENTS: usize = 5;

fn counter() -> ActorChain {
    scenario_actors()
        .into_iter()
        .find(|actor| actor.id.as_deref() == Some(COUNTER_FAILED))
        .unwrap()
}

/// A session of the failing counter, at the start.
fn started() -> ReplaySessions {
    let mut sessions = ReplaySessions::default();
    let step = sessions.handle(SESSION, ReplayCommand::Start { chain: counter() });
    assert_eq!(update_of(&step).report.regenerated, 0);
    sessions
}

fn update_of(step: &SessionStep) -> ReplayUpdate {
    match &step.reply {
        WorkerReply::ReplayUpdate { update, .. } => update.as_ref().clone(),
        other => panic!("expected an update, got {other:?}"),
    }
}

/// Carries out `command` and every slice it schedules, as the worker does; the last update.
fn run_fully(sessions: &mut ReplaySessions, command: ReplayCommand) -> ReplayUpdate {
    let mut step = sessions.handle(SESSION, command);
    while let Some(generation) = step.next_slice {
        step = sessions.run_slice(SESSION, generation, || true).unwrap();
    }
    update_of(&step)
}

#[test]
fn step_replays_one_export_call_and_step_back_undoes_it() {
    let mut sessions = started();
    let first = run_fully(&mut sessions, ReplayCommand::Step);
    assert_eq!(first.num_steps, 1);
    assert_eq!(first.report.regenerated, INIT_EVENTS);
    assert_eq!(first.report.verified, INIT_EVENTS);
    let second = run_fully(&mut sessions, ReplayCommand::Step);
    assert_eq!(second.num_steps, 2);
    assert!(second.report.regenerated > INIT_EVENTS);
    let back = run_fully(&mut sessions, ReplayCommand::StepBack);
    assert_eq!(back.num_steps, 1);
    assert_eq!(back.report.regenerated, INIT_EVENTS);
    let start = run_fully(&mut sessions, ReplayCommand::StepBack);
    assert_eq!(start.report.regenerated, 0);
    assert!(!start.is_running);
}

#[test]
fn run_to_reaches_an_event_forward_and_goes_back_to_an_earlier_one() {
    let mut sessions = started();
    let forward = run_fully(&mut sessions, ReplayCommand::RunTo { event_idx: 8 });
    assert!(forward.report.regenerated > 8);
    assert!(
        forward.report.regenerated < 15,
        "stops at the export call of event 8"
    );
    assert_eq!(forward.report.divergence, None);
    let back = run_fully(&mut sessions, ReplayCommand::RunTo { event_idx: 2 });
    assert_eq!(back.report.regenerated, INIT_EVENTS);
    assert_eq!(back.num_steps, 1);
    let end = run_fully(&mut sessions, ReplayCommand::RunToEnd);
    assert!(end.report.is_verified(), "{}", end.report.summary());
    assert_eq!(end.report.regenerated, 15);
}

/// The recorded `timer/now` output with 1000 added to its number.
fn edited_now_literal(actor: &ActorChain) -> String {
    let literal = host_output_literal(&actor.events[NOW_EVENT]).unwrap();
    let edited = match parse_host_output(&literal).unwrap() {
        Value::U64(millis) => Value::U64(millis + 1000),
        other => panic!("timer/now answered {other}"),
    };
    edited.to_string()
}

#[test]
fn a_what_if_edit_of_the_clock_diverges_at_the_log_that_prints_it() {
    let mut sessions = started();
    run_fully(&mut sessions, ReplayCommand::RunToEnd);
    let output = edited_now_literal(&counter());
    let update = run_fully(
        &mut sessions,
        ReplayCommand::WhatIf {
            event_idx: NOW_EVENT,
            output,
        },
    );
    let report = &update.report;
    let divergence = report.divergence.as_ref().unwrap();
    assert_eq!(divergence.index, NOW_EVENT + 1, "{}", report.summary());
    assert_eq!(divergence.field, DivergenceField::HostInput);
    assert_eq!(report.what_if_event, Some(NOW_EVENT));
    assert!(divergence.expected.is_some() && divergence.actual.is_some());
}

#[test]
fn an_edit_that_is_not_a_value_is_refused_and_the_session_stays() {
    let mut sessions = started();
    let before = run_fully(&mut sessions, ReplayCommand::Step);
    let step = sessions.handle(
        SESSION,
        ReplayCommand::WhatIf {
            event_idx: NOW_EVENT,
            output: "12 apples".into(),
        },
    );
    let WorkerReply::ReplayRefused { message, .. } = &step.reply else {
        panic!("expected a refusal, got {:?}", step.reply);
    };
    assert!(message.starts_with("not a value literal"), "{message}");
    let after = run_fully(&mut sessions, ReplayCommand::Cancel);
    assert_eq!(after.report, before.report);
    // An event that is not a host call cannot be edited either.
    let step = sessions.handle(
        SESSION,
        ReplayCommand::WhatIf {
            event_idx: 0,
            output: "1u64".into(),
        },
    );
    assert!(matches!(step.reply, WorkerReply::ReplayRefused { .. }));
}

#[test]
fn cancel_stops_a_running_replay_between_slices() {
    let mut sessions = started();
    let step = sessions.handle(SESSION, ReplayCommand::RunToEnd);
    let generation = step.next_slice.unwrap();
    assert!(update_of(&step).is_running);
    // One export call per slice: the page gets the position after each.
    let slice = sessions.run_slice(SESSION, generation, || false).unwrap();
    let running = update_of(&slice);
    assert!(running.is_running);
    assert_eq!(running.report.regenerated, INIT_EVENTS);
    let cancelled = update_of(&sessions.handle(SESSION, ReplayCommand::Cancel));
    assert!(cancelled.was_cancelled);
    assert!(!cancelled.is_running);
    assert_eq!(cancelled.report.regenerated, INIT_EVENTS);
    // The slice the worker had already scheduled finds the run gone and does nothing.
    assert!(sessions.run_slice(SESSION, generation, || true).is_none());
    // Cancel with nothing running just reports the position.
    let idle = update_of(&sessions.handle(SESSION, ReplayCommand::Cancel));
    assert!(!idle.was_cancelled);
}

#[test]
fn a_command_to_an_unknown_session_is_refused() {
    let mut sessions = ReplaySessions::default();
    let step = sessions.handle(3, ReplayCommand::Step);
    assert!(matches!(step.reply, WorkerReply::ReplayRefused { .. }));
    let mut chain = counter();
    chain.wasm = None;
    let step = sessions.handle(3, ReplayCommand::Start { chain });
    assert!(matches!(step.reply, WorkerReply::ReplayFailed { .. }));
    assert!(!sessions.has_session(3));
}

#[test]
fn controls_start_a_session_first_and_late_replies_are_dropped() {
    let actor = counter();
    let wasm = WasmChoice::resolve(&actor, None, []).unwrap();
    let mut runs = ReplayRuns::default();
    let key = ActorKey::from_text("counter");
    let mut next_id = 1;
    let mut new_id = || {
        next_id += 1;
        next_id
    };
    let commands = runs.command(&key, &actor, wasm.clone(), ReplayCommand::Step, &mut new_id);
    assert_eq!(commands.len(), 2);
    assert!(matches!(commands[0], (2, ReplayCommand::Start { .. })));
    assert_eq!(commands[1], (2, ReplayCommand::Step));
    assert!(runs.of(&key).unwrap().is_running());

    // The worker answers both, as it would.
    let mut sessions = ReplaySessions::default();
    for (session_id, command) in commands {
        let reply = sessions.handle(session_id, command).reply;
        assert_eq!(runs.land(reply), Some(key.clone()));
    }
    let run = runs.of(&key).unwrap();
    assert!(!run.is_running());
    assert_eq!(run.position(), INIT_EVENTS);
    assert!(run.is_position(INIT_EVENTS - 1));
    assert_eq!(
        run.position_text().unwrap(),
        "replayed 5 of 15 events · step 1"
    );
    assert!(run.status_text().starts_with("Paused at event 5/15"));
    assert_eq!(run.row_mark(0), Some("verified"));
    assert_eq!(run.row_mark(INIT_EVENTS), Some("not-reached"));

    // The same module reuses the session.
    let again = runs.command(
        &key,
        &actor,
        wasm.clone(),
        ReplayCommand::StepBack,
        &mut new_id,
    );
    assert_eq!(again, vec![(2, ReplayCommand::StepBack)]);

    // A chain that grew (a live feed) gets a new session over its events.
    let mut grown = actor.clone();
    grown.events.push(grown.events[0].clone());
    let restarted = runs.command(&key, &grown, wasm.clone(), ReplayCommand::Step, &mut new_id);
    assert_eq!(restarted.len(), 3, "close, start, step");
    assert_eq!(restarted[0], (2, ReplayCommand::Close));
    assert!(matches!(restarted[1], (3, ReplayCommand::Start { .. })));
    let grown_run = runs.of(&key).unwrap();
    assert!(grown_run.is_current(16) && !grown_run.is_current(15));
    let back = runs.command(&key, &actor, wasm.clone(), ReplayCommand::Step, &mut new_id);
    assert!(matches!(back[1], (4, ReplayCommand::Start { .. })));

    // Another module replaces it: the old one is closed and its late replies dropped.
    let file = WasmFile {
        name: "supervisor.wasm".into(),
        bytes: Arc::new(supervisor_wasm()),
    };
    let closes = runs.assign(&key, file.clone());
    assert_eq!(closes, vec![(4, ReplayCommand::Close)]);
    assert!(runs.of(&key).is_none());
    let late = sessions.handle(2, ReplayCommand::Step).reply;
    assert_eq!(runs.land(late), None);
    let other = WasmChoice::resolve(&actor, runs.assigned(&key), []).unwrap();
    let commands = runs.command(
        &key,
        &actor,
        other.clone(),
        ReplayCommand::RunToEnd,
        &mut new_id,
    );
    assert!(matches!(commands[0], (5, ReplayCommand::Start { .. })));

    // The worker died: the session fails, stops running, and the next control starts anew.
    runs.fail_all("the analysis worker failed: out of memory");
    let failed = runs.of(&key).unwrap();
    assert!(!failed.is_running());
    assert_eq!(failed.outcome(), "failed");
    assert_eq!(
        failed.status_text(),
        "Replay failed: the analysis worker failed: out of memory"
    );
    let commands = runs.command(&key, &actor, other, ReplayCommand::Step, &mut new_id);
    assert!(matches!(commands[0], (6, ReplayCommand::Start { .. })));
}

#[test]
fn a_module_from_a_file_is_checked_against_the_recorded_sha256() {
    let actor = counter();
    let file = |name: &str, bytes: &[u8]| WasmFile {
        name: name.into(),
        bytes: Arc::new(bytes.to_vec()),
    };
    let same =
        WasmChoice::resolve(&actor, Some(&file("counter.wasm", &counter_wasm())), []).unwrap();
    assert_eq!(
        same.source,
        WasmSource::File {
            name: "counter.wasm".into()
        }
    );
    assert_eq!(same.digest_check, WasmDigestCheck::Matches);
    assert_eq!(
        same.describe(),
        "wasm: file counter.wasm — SHA-256 matches the recording"
    );
    let other = WasmChoice::resolve(
        &actor,
        Some(&file("supervisor.wasm", &supervisor_wasm())),
        [],
    )
    .unwrap();
    assert!(other.digest_check.is_mismatch());
    assert!(other.describe().contains("differs from the recording's"));
    // A different module still replays (a what-if of the code), and diverges.
    let mut sessions = ReplaySessions::default();
    let chain = other.apply_to(&actor);
    let start = sessions.handle(SESSION, ReplayCommand::Start { chain });
    if let WorkerReply::ReplayUpdate { .. } = start.reply {
        let end = run_fully(&mut sessions, ReplayCommand::RunToEnd);
        assert!(end.report.divergence.is_some());
    }
}

/// A parent whose spawn of `child_id` embeds `wasm` (the scenario's parent passed none).
fn parent_spawning(child_id: &str, wasm: &[u8]) -> ActorChain {
    let bytes = Value::List {
        elem_type: ValueType::U8,
        items: wasm.iter().map(|byte| Value::U8(*byte)).collect(),
    };
    let input = Value::Tuple(vec![
        Value::String("counter.toml".into()),
        Value::Option {
            inner_type: ValueType::Bool,
            value: None,
        },
        Value::Option {
            inner_type: ValueType::List(Box::new(ValueType::U8)),
            value: Some(Box::new(bytes)),
        },
    ]);
    let output = Value::Result {
        ok_type: ValueType::String,
        err_type: ValueType::String,
        value: Ok(Box::new(Value::String(child_id.into()))),
    };
    let payload = host_function_payload("theater:simple/supervisor", "spawn", input, output);
    let event = build_event(None, "theater:simple/supervisor/spawn", &payload);
    let mut parent = scenario_actors().remove(0);
    parent.events = vec![event];
    parent
}

#[test]
fn a_module_embedded_in_the_parents_spawn_input_replays_the_child() {
    let mut actor = counter();
    actor.wasm = None;
    let parent = parent_spawning(COUNTER_FAILED, &counter_wasm());
    let unrelated = parent_spawning("someone-else", &supervisor_wasm());
    let choice = WasmChoice::resolve(&actor, None, [&unrelated, &parent]).unwrap();
    assert_eq!(
        choice.source,
        WasmSource::SpawnInput {
            parent_event_idx: 0
        }
    );
    assert_eq!(choice.digest_check, WasmDigestCheck::Matches);
    assert!(WasmChoice::resolve(&actor, None, [&unrelated]).is_none());
    let mut sessions = ReplaySessions::default();
    let chain = choice.apply_to(&actor);
    sessions.handle(SESSION, ReplayCommand::Start { chain });
    let end = run_fully(&mut sessions, ReplayCommand::RunToEnd);
    assert!(end.report.is_verified(), "{}", end.report.summary());
}
