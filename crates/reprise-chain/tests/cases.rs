//! Data-driven verification tests: every folder under `tests/cases/` holds one input file and
//! `expected.json`, the `reprise verify --json` entry for it. Inputs come from
//! `scripts/make-test-cases.py`; run with `UPDATE_EXPECT=1` to rewrite the expectations, then
//! review the diff by hand.

// Helpers outside #[test] fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

use reprise_chain::verify_json::{ActorJson, FileJson};
use reprise_chain::{analyze_file, verify_chain};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

fn case_input(case_dir: &Path) -> PathBuf {
    let mut inputs: Vec<PathBuf> = fs::read_dir(case_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.file_name().is_some_and(|name| name != "expected.json"))
        .collect();
    assert_eq!(
        inputs.len(),
        1,
        "{} must hold exactly one input file",
        case_dir.display()
    );
    inputs.pop().unwrap()
}

/// What the core reports for `input`, named as the case folder names it.
fn actual_report(input: &Path) -> FileJson {
    let name = input.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = fs::read(input).unwrap();
    match analyze_file(&name, &bytes, &mut |_| {}) {
        Ok(file) => FileJson::parsed(
            &name,
            file.format,
            file.actors
                .iter()
                .map(|actor| ActorJson::new(&actor.chain, &actor.report))
                .collect(),
        ),
        Err(err) => FileJson::failed(&name, &err),
    }
}

fn check(case_dir: &Path) {
    let input = case_input(case_dir);
    let actual = actual_report(&input);
    let expected_path = case_dir.join("expected.json");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let mut text = serde_json::to_string_pretty(&actual).unwrap();
        text.push('\n');
        fs::write(&expected_path, text).unwrap();
        return;
    }
    let expected_text = fs::read_to_string(&expected_path).unwrap_or_else(|err| {
        panic!(
            "{}: {err} (run with UPDATE_EXPECT=1)",
            expected_path.display()
        )
    });
    let expected: FileJson = serde_json::from_str(&expected_text).unwrap();
    assert_eq!(actual, expected, "case {}", case_dir.display());
}

#[test]
fn every_case_matches_its_expected_report() {
    let mut case_dirs: Vec<PathBuf> = fs::read_dir(cases_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    case_dirs.sort();
    assert!(case_dirs.len() >= 20, "the case folders went missing");
    for case_dir in &case_dirs {
        check(case_dir);
    }
}

#[test]
fn partial_chain_reports_the_parent_it_starts_from_and_still_checks_hashes() {
    let input = cases_dir().join("partial-starts-at-event-3/input.chain.json");
    let file = analyze_file("partial", &fs::read(input).unwrap(), &mut |_| {}).unwrap();
    let report = &file.actors[0].report;
    assert_eq!(report.partial_from, Some(0));
    assert!(report.is_verified());
    assert_eq!(report.hashes_checked, 7);
    assert!(report.summary().starts_with("partial"));
}

#[test]
fn parse_errors_name_the_file_the_event_and_the_reason() {
    let input = cases_dir().join("byte-out-of-range-event-4/input.chain.json");
    let err = analyze_file("x.chain.json", &fs::read(input).unwrap(), &mut |_| {}).unwrap_err();
    assert_eq!(err.event_idx, Some(4));
    let text = err.to_string();
    assert!(text.starts_with("x.chain.json: event 4: "), "{text}");
    assert!(text.contains("300"), "{text}");

    let input = cases_dir().join("truncated-file/input.chain.json");
    let err = analyze_file("t.json", &fs::read(input).unwrap(), &mut |_| {}).unwrap_err();
    assert!(err.event_idx.is_some());
    assert!(err.reason.contains("ends early"), "{err}");

    let input = cases_dir().join("garbage/input.chain.json");
    let err = analyze_file("g.bin", &fs::read(input).unwrap(), &mut |_| {}).unwrap_err();
    assert!(err.reason.starts_with("not a Theater chain"), "{err}");
}

#[test]
fn bundle_keeps_actor_metadata() {
    let input = cases_dir().join("bundle-two-actors/input.bundle.json");
    let file = analyze_file("b", &fs::read(input).unwrap(), &mut |_| {}).unwrap();
    let child = &file.actors[1].chain;
    assert_eq!(child.name.as_deref(), Some("child"));
    assert_eq!(
        child.parent.as_deref(),
        Some("0d4c8a51-7f4e-4b55-9d0e-3c1f6f0a2b11")
    );
    assert_eq!(
        file.actors[1].report.first_broken.as_ref().map(|b| b.index),
        Some(3)
    );
}

#[test]
fn the_same_report_comes_from_the_plain_verifier() {
    // analyze_file adds decoding on top of verify_chain; the verdicts must be identical.
    let input = cases_dir().join("tamper-fork-after-event-5/input.chain.json");
    let loaded = reprise_chain::parse_file("f", &fs::read(input).unwrap()).unwrap();
    let analyzed = analyze_file(
        "f",
        &fs::read(cases_dir().join("tamper-fork-after-event-5/input.chain.json")).unwrap(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(
        verify_chain(&loaded.actors[0].events),
        analyzed.actors[0].report
    );
}
