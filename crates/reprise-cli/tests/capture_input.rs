//! A capture directory, or its log file, as the input of `verify`, `inspect` and `replay`: a
//! capture written by reprise-store's `DurableLog` from the real Theater 0.3.29 scenario
//! (modules in `DIR/modules/<sha256>.wasm`, taken from the fixture bundle), read back by the
//! `reprise` binary as a user runs it.

// Helpers outside #[test] fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reprise_chain::wire::RecordBody;
use reprise_chain::{parse_file, ActorChain};
use reprise_store::{module_path, DurableLog, LOG_FILE_NAME};
use serde_json::Value;

const SUPERVISOR: &str = "0ac11f53-e4df-4044-a9ca-f23d024cd0a6";
const COUNTER: &str = "44ff83c7-16e7-439c-9e80-ed6ff42598a9";

fn reprise(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reprise"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn scenario() -> Vec<ActorChain> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/theater-0.3.29/scenario.bundle.json");
    parse_file("scenario.bundle.json", &std::fs::read(path).unwrap())
        .unwrap()
        .actors
}

/// A capture directory holding the real scenario: every actor's record, then its events
/// (one fsynced batch per actor, as a recorder appends), and every module by SHA-256.
fn capture_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (mut log, _) = DurableLog::open(dir.path()).unwrap();
    for actor in scenario() {
        let id = actor.id.clone().unwrap();
        log.append_batch(RecordBody::of_chain(id, actor.clone()))
            .unwrap();
        let module = module_path(dir.path(), actor.wasm_sha256.as_deref().unwrap()).unwrap();
        std::fs::create_dir_all(module.parent().unwrap()).unwrap();
        std::fs::write(module, actor.wasm.unwrap()).unwrap();
    }
    dir
}

fn path_text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

#[test]
fn verify_reads_a_capture_directory_and_its_log_file() {
    let dir = capture_dir();
    let log_file = path_text(&dir.path().join(LOG_FILE_NAME));
    let output = reprise(&["verify", &path_text(dir.path())]);
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert!(
        stdout.starts_with(&format!("{log_file} (capture-log, 4 actor(s))")),
        "{stdout}"
    );
    assert_eq!(stdout.matches(" events, verified").count(), 4, "{stdout}");

    let output = reprise(&["verify", "--json", &log_file]);
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let file = &report["files"][0];
    assert_eq!(file["format"], "capture-log");
    assert_eq!(file["path"], log_file.as_str());
    let expected: Vec<(String, usize)> = scenario()
        .iter()
        .map(|actor| (actor.id.clone().unwrap(), actor.events.len()))
        .collect();
    let actual: Vec<(String, usize)> = file["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|actor| {
            assert_eq!(actor["verified"], true, "{actor}");
            (
                actor["id"].as_str().unwrap().to_string(),
                actor["events"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(actual, expected);
}

#[test]
fn inspect_reads_a_capture_directory() {
    let dir = capture_dir();
    let output = reprise(&["inspect", &path_text(dir.path())]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let headers: Vec<&str> = stdout
        .lines()
        .filter(|line| line.starts_with("# "))
        .collect();
    assert_eq!(headers.len(), 4, "{stdout}");
    assert_eq!(headers[0], format!("# {SUPERVISOR}: 76 events, verified"));
    let num_events: usize = scenario().iter().map(|actor| actor.events.len()).sum();
    assert_eq!(stdout.lines().count(), 4 + num_events);
    assert!(
        stdout.contains("theater:simple/supervisor/spawn"),
        "{stdout}"
    );
}

#[test]
fn replay_takes_the_module_from_the_capture() {
    let dir = capture_dir();
    let counter = scenario()
        .into_iter()
        .find(|actor| actor.id.as_deref() == Some(COUNTER))
        .unwrap();
    for input in [dir.path().to_path_buf(), dir.path().join(LOG_FILE_NAME)] {
        let output = reprise(&["replay", &path_text(&input), "--actor", COUNTER, "--json"]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}{}",
            text(&output.stdout),
            text(&output.stderr)
        );
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["events"], counter.events.len());
        assert_eq!(report["verified"], counter.events.len());
        assert_eq!(report["divergence"], Value::Null);
        assert_eq!(text(&output.stderr), "");
    }
}

#[test]
fn a_capture_module_that_is_not_the_recorded_one_is_flagged_and_a_missing_one_named() {
    let dir = capture_dir();
    let scenario = scenario();
    let sha256_of = |id: &str| {
        scenario
            .iter()
            .find(|actor| actor.id.as_deref() == Some(id))
            .and_then(|actor| actor.wasm_sha256.clone())
            .unwrap()
    };
    let counter_module: PathBuf = module_path(dir.path(), &sha256_of(COUNTER)).unwrap();
    let supervisor_module = module_path(dir.path(), &sha256_of(SUPERVISOR)).unwrap();
    std::fs::copy(&supervisor_module, &counter_module).unwrap();
    let output = reprise(&["replay", &path_text(dir.path()), "--actor", COUNTER]);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!("warning: {}", counter_module.display())),
        "{stderr}"
    );
    assert!(stderr.contains("SHA-256"), "{stderr}");
    assert_ne!(output.status.code(), Some(0));

    std::fs::remove_file(&counter_module).unwrap();
    let output = reprise(&["replay", &path_text(dir.path()), "--actor", COUNTER]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}: cannot read the capture's module",
            counter_module.display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_damaged_log_line_or_a_directory_without_a_log_is_unusable_with_the_reason() {
    let dir = capture_dir();
    let log_file = dir.path().join(LOG_FILE_NAME);
    let num_lines = std::fs::read_to_string(&log_file).unwrap().lines().count();
    let mut file = OpenOptions::new().append(true).open(&log_file).unwrap();
    file.write_all(b"{\"type\":\"event\",\"seq\":999,\"actor_id\":\"x\"}\n")
        .unwrap();
    let output = reprise(&["verify", &path_text(dir.path())]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "reprise: {}: not a log record: missing field `event` (line {}, column",
            log_file.display(),
            num_lines + 1
        )),
        "{stderr}"
    );

    let empty = tempfile::tempdir().unwrap();
    for command in ["verify", "inspect", "replay"] {
        let output = reprise(&[command, &path_text(empty.path())]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("without events.log.jsonl is not a capture directory"),
            "{command}: {stderr}"
        );
    }
}
