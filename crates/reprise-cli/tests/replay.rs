//! `reprise replay` on real Theater 0.3.29 recordings: every actor replays N/N, and on each
//! tampered chain the divergence is at the event Theater's own ReplayHandler named
//! (`fixtures/theater-0.3.29/replay-verdicts.json`, recorded by reprise-fixtures).

// Helpers outside #[test] fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The state the supervisor handed to the counter the verdicts were recorded on: `{"n":10}`.
const COUNTER_INITIAL_STATE: &str =
    "some<list<u8>>([123u8, 34u8, 110u8, 34u8, 58u8, 49u8, 48u8, 125u8])";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/theater-0.3.29")
}

fn reprise(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reprise"))
        .args(args)
        .output()
        .unwrap()
}

fn path(rel: &str) -> String {
    fixtures().join(rel).to_string_lossy().into_owned()
}

#[test]
fn every_actor_of_the_recorded_bundle_replays_completely() {
    let output = reprise(&["replay", &path("scenario.bundle.json")]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert_eq!(stdout.lines().count(), 4, "{stdout}");
    for line in stdout.lines() {
        let (_, counts) = line.split_once("Replay complete: ").expect(line);
        let (verified, total) = counts
            .trim_end_matches(" events verified")
            .split_once('/')
            .unwrap();
        assert_eq!(verified, total, "{line}");
    }
}

#[test]
fn replay_diverges_where_theaters_replay_handler_diverges() {
    let verdicts: Value =
        serde_json::from_slice(&std::fs::read(fixtures().join("replay-verdicts.json")).unwrap())
            .unwrap();
    let cases = verdicts["cases"].as_array().unwrap();
    assert!(cases.len() >= 5);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let chain = path(case["chain"].as_str().unwrap());
        let output = reprise(&[
            "replay",
            "--json",
            "--wasm",
            &path("counter.wasm"),
            "--initial-state",
            COUNTER_INITIAL_STATE,
            &chain,
        ]);
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        let theater_index = &case["theater_divergence_event"];
        if theater_index.is_null() {
            assert_eq!(output.status.code(), Some(0), "{name}: {report}");
            assert_eq!(report["verified"], report["events"], "{name}");
            assert!(report["divergence"].is_null(), "{name}");
        } else {
            assert_eq!(output.status.code(), Some(1), "{name}: {report}");
            assert_eq!(
                &report["divergence"]["index"], theater_index,
                "{name}: {report}"
            );
            assert_eq!(
                report["verified"], *theater_index,
                "{name}: events before the divergence verify"
            );
        }
    }
}

#[test]
fn a_missing_initial_state_is_reported_at_the_first_event_it_changes() {
    // The plain chain file does not record the state the counter was spawned with.
    let output = reprise(&[
        "replay",
        "--json",
        "--wasm",
        &path("counter.wasm"),
        &path("replay/untampered.chain.json"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["divergence"]["index"], 2);
    assert_eq!(report["divergence"]["field"], "host_input");
}

#[test]
fn unusable_input_exits_2_with_a_reason() {
    let no_wasm = reprise(&["replay", &path("replay/untampered.chain.json")]);
    assert_eq!(no_wasm.status.code(), Some(2));
    assert!(String::from_utf8(no_wasm.stderr)
        .unwrap()
        .contains("needs the actor's wasm module"));

    let bad_state = reprise(&[
        "replay",
        "--initial-state",
        "((",
        &path("scenario.bundle.json"),
    ]);
    assert_eq!(bad_state.status.code(), Some(2));
    assert!(String::from_utf8(bad_state.stderr)
        .unwrap()
        .contains("--initial-state"));

    let not_wasm = reprise(&[
        "replay",
        "--wasm",
        &path("counter.toml"),
        &path("replay/untampered.chain.json"),
    ]);
    assert_eq!(not_wasm.status.code(), Some(2));
}

/// Also the regression test for a native stack overflow: the wrong module makes the guest
/// panic into its `loop {}`, which ran wasmi's tail-call dispatch ~250k frames deep in the dev
/// profile before `portable-dispatch` was selected. 20M fuel is far past that depth.
#[test]
fn a_wasm_other_than_the_recorded_one_is_flagged_and_replay_ends_in_a_divergence() {
    let output = reprise(&[
        "replay",
        "--fuel-per-call",
        "20000000",
        "--actor",
        "0",
        "--wasm",
        &path("counter.wasm"),
        &path("scenario.bundle.json"),
    ]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("warning:") && stderr.contains("differs from the recording's"),
        "{stderr}"
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "the supervisor's chain cannot replay on the counter"
    );
}
