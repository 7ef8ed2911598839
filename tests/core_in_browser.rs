//! The core gives the same answers in the browser as natively: every fixture verifies with its
//! known root and head hashes, tampering is found at the right event for the right reason,
//! and every case folder of the core matches its expected report.

// Browser tests: the crate under test exists only on wasm32.
#![cfg(target_arch = "wasm32")]
// Helpers outside the test fns unwrap too (clippy's test exemption does not see
// `#[wasm_bindgen_test]`): a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use reprise_chain::verify_json::{ActorJson, FileJson};
use reprise_chain::{analyze_file, compute_event_hash, to_hex, AnalyzedFile, BreakReason};
use serde_json::Value;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const C2_TEN_EVENTS: &[u8] = include_bytes!("../fixtures/vectors/c2-ten-events.chain.json");
const C2_ROOT_HASH: &str = "7df1d45f275f4b950dbbe0f58be5c101fae07ec2";

fn analyze(name: &str, bytes: &[u8]) -> AnalyzedFile {
    analyze_file(name, bytes, &mut |_| {}).unwrap_or_else(|err| panic!("{err}"))
}

/// `bytes` parses as one verified actor of `num_events` events from `root_hex` to `head_hex`,
/// and the recomputed hashes agree with the stored ones.
fn check_verified(name: &str, bytes: &[u8], num_events: usize, root_hex: &str, head_hex: &str) {
    let file = analyze(name, bytes);
    assert_eq!(file.actors.len(), 1, "{name}");
    let actor = &file.actors[0];
    let report = &actor.report;
    assert!(report.is_verified(), "{name}: {}", report.summary());
    assert_eq!(report.num_events, num_events, "{name}");
    assert_eq!(report.hashes_checked, num_events, "{name}");
    assert_eq!(report.partial_from, None, "{name}");
    assert_eq!(
        to_hex(&report.checks[0].computed_hash),
        root_hex,
        "{name} root"
    );
    assert_eq!(to_hex(&actor.chain.events[0].hash), root_hex, "{name} root");
    let last = num_events - 1;
    assert_eq!(
        to_hex(&report.checks[last].computed_hash),
        head_hex,
        "{name} head"
    );
    assert_eq!(
        to_hex(&actor.chain.events[last].hash),
        head_hex,
        "{name} head"
    );
    assert_eq!(actor.summaries.len(), num_events, "{name}");
}

#[wasm_bindgen_test]
fn theater_fixtures_verify_with_their_root_and_head_hashes() {
    const ERA_B_ROOT: &str = "584d8e1be21fed4367e60f8297f7c104cd377791";
    let fixtures: [(&str, &[u8], usize, &str); 6] = [
        (
            "environment-test.chain.json",
            include_bytes!("../fixtures/theater-repo/environment-test.chain.json"),
            8,
            "47f22f1f7ce45dd7208cbeb9cc21c99a5403f9ad",
        ),
        (
            "runtime-test.chain.json",
            include_bytes!("../fixtures/theater-repo/runtime-test.chain.json"),
            6,
            "26c0e93400b048d09857c0c3b0e9b574bcc90901",
        ),
        (
            "wasi-clocks-test.chain.json",
            include_bytes!("../fixtures/theater-repo/wasi-clocks-test.chain.json"),
            16,
            "ac7c6ec62d35df9d7f14ffcf1a83a0d990d5265d",
        ),
        (
            "wasi-http-first.chain.json",
            include_bytes!("../fixtures/theater-repo/wasi-http-first.chain.json"),
            2,
            "1ddc79998e6f03187c54e2b124bdb39e7a1cd110",
        ),
        (
            "wasi-http-two.chain.json",
            include_bytes!("../fixtures/theater-repo/wasi-http-two.chain.json"),
            22,
            "57f427a96d2656de2ecf2fc4bb6d5a0fe1345272",
        ),
        (
            "wasi-random-test.chain.json",
            include_bytes!("../fixtures/theater-repo/wasi-random-test.chain.json"),
            7,
            "7d3eee740d0d83ec56c4cc0e69c207370dd0b467",
        ),
    ];
    for (name, bytes, num_events, head_hex) in fixtures {
        check_verified(name, bytes, num_events, ERA_B_ROOT, head_hex);
    }
}

#[wasm_bindgen_test]
fn c2_vector_verifies_and_its_root_event_hashes_to_the_spec_value() {
    check_verified(
        "c2-ten-events.chain.json",
        C2_TEN_EVENTS,
        10,
        C2_ROOT_HASH,
        "fde21b85cf6c000b695023d098149878ca78850b",
    );
    let file = analyze("c2-ten-events.chain.json", C2_TEN_EVENTS);
    let root = &file.actors[0].chain.events[0];
    assert_eq!(to_hex(&compute_event_hash(root)), C2_ROOT_HASH);
}

// Tampering with the C2 chain. Each helper edits the JSON array of events and re-serializes.

fn c2_events() -> Vec<Value> {
    match serde_json::from_slice(C2_TEN_EVENTS).unwrap() {
        Value::Array(events) => events,
        other => panic!("not an array: {other}"),
    }
}

fn first_broken(events: Vec<Value>) -> Option<(usize, BreakReason)> {
    let bytes = serde_json::to_vec(&Value::Array(events)).unwrap();
    let file = analyze("tampered.chain.json", &bytes);
    let broken = file.actors[0].report.first_broken.clone()?;
    Some((broken.index, broken.reason))
}

#[wasm_bindgen_test]
fn flipping_a_data_byte_of_event_k_breaks_the_hash_at_k() {
    for k in 0..10 {
        let mut events = c2_events();
        let byte = &mut events[k]["data"][0];
        *byte = Value::from(byte.as_u64().unwrap() ^ 0x01);
        assert_eq!(
            first_broken(events),
            Some((k, BreakReason::HashMismatch)),
            "k={k}"
        );
    }
}

#[wasm_bindgen_test]
fn dropping_event_k_breaks_the_link_at_k() {
    // Dropping the root leaves a partial chain, and dropping the head a shorter valid one.
    for k in 1..9 {
        let mut events = c2_events();
        events.remove(k);
        assert_eq!(
            first_broken(events),
            Some((k, BreakReason::ParentMismatch)),
            "k={k}"
        );
    }
}

#[wasm_bindgen_test]
fn swapping_events_k_and_k_plus_1_breaks_the_link_at_k() {
    // Swapping 0 and 1 puts a non-root first, which reads as a partial start; the break is at 1.
    for k in 1..9 {
        let mut events = c2_events();
        events.swap(k, k + 1);
        assert_eq!(
            first_broken(events),
            Some((k, BreakReason::ParentMismatch)),
            "k={k}"
        );
    }
}

#[wasm_bindgen_test]
fn truncated_and_garbage_files_are_parse_errors() {
    let truncated = &C2_TEN_EVENTS[..C2_TEN_EVENTS.len() / 2];
    let err = analyze_file("truncated.chain.json", truncated, &mut |_| {}).unwrap_err();
    assert_eq!(err.path, "truncated.chain.json");
    assert!(
        err.to_string().starts_with("truncated.chain.json: "),
        "{err}"
    );

    let garbage: Vec<u8> = (0..512_u32).map(|idx| (idx * 97 % 251) as u8).collect();
    let err = analyze_file("garbage.bin", &garbage, &mut |_| {}).unwrap_err();
    assert_eq!(err.path, "garbage.bin");
    assert!(!err.reason.is_empty());
}

// The core's case folders: the same expected reports as the native tests and the CLI.

fn check_case(case: &str, name: &str, input: &[u8], expected_json: &str) {
    let actual = match analyze_file(name, input, &mut |_| {}) {
        Ok(file) => FileJson::parsed(
            name,
            file.format,
            file.actors
                .iter()
                .map(|actor| ActorJson::new(&actor.chain, &actor.report))
                .collect(),
        ),
        Err(err) => FileJson::failed(name, &err),
    };
    let expected: FileJson = serde_json::from_str(expected_json).unwrap();
    assert_eq!(actual, expected, "case {case}");
}

macro_rules! check_cases {
    ($($case:literal / $input:literal),* $(,)?) => {
        $(check_case(
            $case,
            $input,
            include_bytes!(concat!("../crates/reprise-chain/tests/cases/", $case, "/", $input)),
            include_str!(concat!("../crates/reprise-chain/tests/cases/", $case, "/expected.json")),
        );)*
    };
}

#[wasm_bindgen_test]
fn every_core_case_matches_its_expected_report() {
    check_cases!(
        "actor-id-from-file-name" / "5e0b7c1a-2d3f-4a6b-8c9d-0e1f2a3b4c5d.chain.json",
        "bundle-two-actors" / "input.bundle.json",
        "bundle-unsupported-version" / "input.bundle.json",
        "byte-out-of-range-event-4" / "input.chain.json",
        "empty-file" / "input.chain.json",
        "era-a-legacy-fields" / "input.chain.json",
        "garbage" / "input.chain.json",
        "gzip-chain" / "input.chain.json.gz",
        "partial-starts-at-event-3" / "input.chain.json",
        "real-environment-test" / "input.chain.json",
        "real-runtime-test" / "input.chain.json",
        "real-wasi-clocks-test" / "input.chain.json",
        "real-wasi-http-first" / "input.chain.json",
        "real-wasi-http-two" / "input.chain.json",
        "real-wasi-random-test" / "input.chain.json",
        "tamper-drop-event-4" / "input.chain.json",
        "tamper-duplicate-event-2" / "input.chain.json",
        "tamper-flip-data-event-3" / "input.chain.json",
        "tamper-fork-after-event-5" / "input.chain.json",
        "tamper-swap-events-5-6" / "input.chain.json",
        "truncated-file" / "input.chain.json",
        "vector-c2-ten-events" / "input.chain.json",
    );
}
