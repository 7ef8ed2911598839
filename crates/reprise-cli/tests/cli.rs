//! The `reprise` binary as a user runs it: exit codes, `--json` reports equal to the core's
//! expected case reports, and `inspect` lines.

// Helpers outside #[test] fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reprise_chain::verify_json::{FileJson, VerifyJson};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../reprise-chain/tests/cases")
}

fn reprise(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reprise"))
        .args(args)
        .output()
        .unwrap()
}

fn case_input(case: &str) -> String {
    let dir = cases_dir().join(case);
    let input = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.file_name().is_some_and(|name| name != "expected.json"))
        .unwrap();
    input.to_string_lossy().into_owned()
}

#[test]
fn json_report_of_every_case_equals_the_expected_report() {
    let mut cases: Vec<String> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    for case in cases {
        let input = case_input(&case);
        let output = reprise(&["verify", "--json", &input]);
        let report: VerifyJson = serde_json::from_slice(&output.stdout).unwrap();
        let mut actual = report.files.into_iter().next().unwrap();
        let expected_text =
            std::fs::read_to_string(cases_dir().join(&case).join("expected.json")).unwrap();
        let mut expected: FileJson = serde_json::from_str(&expected_text).unwrap();
        // The CLI names files by the path given; the expectations by file name.
        let file_name = Path::new(&input)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        expected.error = expected
            .error
            .map(|error| error.replacen(&file_name, &input, 1));
        expected.path = input.clone();
        actual.path = input.clone();
        assert_eq!(actual, expected, "{case}");

        let expected_code = match (&expected.error, &expected.actors) {
            (Some(_), _) => 2,
            (None, Some(actors)) if actors.iter().all(|actor| actor.verified) => 0,
            _ => 1,
        };
        assert_eq!(output.status.code(), Some(expected_code), "{case}");
    }
}

#[test]
fn exit_code_is_the_worst_outcome_over_all_files() {
    let good = case_input("real-runtime-test");
    let broken = case_input("tamper-flip-data-event-3");
    let garbage = case_input("garbage");
    assert_eq!(reprise(&["verify", &good]).status.code(), Some(0));
    assert_eq!(reprise(&["verify", &good, &broken]).status.code(), Some(1));
    assert_eq!(
        reprise(&["verify", &broken, &garbage, &good]).status.code(),
        Some(2)
    );
    assert_eq!(
        reprise(&["verify", "/nonexistent/chain.json"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn human_report_names_the_first_broken_event() {
    let output = reprise(&["verify", &case_input("tamper-swap-events-5-6")]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("broken at event 5: parent mismatch"),
        "{stdout}"
    );
    let output = reprise(&["verify", "/nonexistent/chain.json"]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("/nonexistent/chain.json: cannot read the file"),
        "{stderr}"
    );
}

#[test]
fn inspect_prints_one_decoded_line_per_event() {
    let output = reprise(&["inspect", &case_input("vector-c2-ten-events")]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 11, "{stdout}");
    assert_eq!(lines[0], "# actor 0: 10 events, verified");
    assert!(lines[2].starts_with("1  ok"), "{}", lines[2]);
    assert!(
        lines[2].ends_with("theater:simple/runtime/log  4c40e6ea  \"[hello] init\" → ()"),
        "{}",
        lines[2]
    );
    assert!(
        lines[4].contains("result") && lines[4].ends_with("some({\"n\":0})"),
        "{}",
        lines[4]
    );
}

#[test]
fn inspect_marks_the_broken_event_and_exits_1() {
    let output = reprise(&["inspect", &case_input("tamper-flip-data-event-3")]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout
            .lines()
            .nth(4)
            .unwrap()
            .starts_with("3  hash_mismatch"),
        "{stdout}"
    );
}
