//! Differential test of `reprise verify`'s streaming path against its exact whole-file path
//! (`REPRISE_VERIFY_EXACT=1`): for every fixture and test case, and for generated chains
//! intact, tampered, re-formatted and damaged (arrays, gzip, capture logs), both paths must
//! print the same words, the same `--json` report, the same errors, with the same exit code.

// Helpers outside #[test] fns unwrap too: a test that cannot build its input must fail loudly.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reprise_chain::wire::{LogRecord, RecordBody};
use reprise_chain::{
    compute_event_hash, gzip, parse_file, write_chain_json, ActorChain, ChainEvent,
};
use serde_json::Value;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run_verify(args: &[&str], is_exact: bool) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reprise"));
    command.arg("verify").args(args);
    if is_exact {
        command.env("REPRISE_VERIFY_EXACT", "1");
    } else {
        command.env_remove("REPRISE_VERIFY_EXACT");
    }
    command.output().unwrap()
}

/// Both paths, words and JSON: identical stdout, stderr and exit code.
fn assert_paths_agree(input: &Path) {
    let input = input.to_string_lossy();
    for args in [vec![input.as_ref()], vec!["--json", input.as_ref()]] {
        let streamed = run_verify(&args, false);
        let exact = run_verify(&args, true);
        let show = |output: &Output| {
            format!(
                "exit {:?}\nstdout:\n{}\nstderr:\n{}",
                output.status.code(),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        };
        assert_eq!(show(&streamed), show(&exact), "{args:?}");
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn every_case_and_fixture_gives_the_same_verdict_both_ways() {
    let root = repo_root();
    let mut inputs = Vec::new();
    for case_dir in files_in(&root.join("crates/reprise-chain/tests/cases")) {
        inputs.extend(
            files_in(&case_dir)
                .into_iter()
                .filter(|path| path.file_name().is_some_and(|name| name != "expected.json")),
        );
    }
    for dir in [
        "fixtures/theater-0.3.29",
        "fixtures/theater-repo",
        "fixtures/vectors",
    ] {
        inputs.extend(files_in(&root.join(dir)).into_iter().filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .is_some_and(|ext| ext == "json" || ext == "gz")
        }));
    }
    assert!(inputs.len() >= 30, "the fixtures went missing");
    for input in &inputs {
        assert_paths_agree(input);
    }
}

/// The events of a chain `reprise gen` wrote (real payloads of the 0.3.29 fixtures).
fn generated_events(dir: &Path, num_events: usize) -> Vec<ChainEvent> {
    let out = dir.join("gen.chain.json");
    let payloads = repo_root().join("fixtures/theater-0.3.29/scenario.bundle.json");
    let status = Command::new(env!("CARGO_BIN_EXE_reprise"))
        .args([
            "gen",
            "--events",
            &num_events.to_string(),
            "--payloads-from",
        ])
        .arg(&payloads)
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let bytes = std::fs::read(&out).unwrap();
    parse_file("gen", &bytes).unwrap().actors.remove(0).events
}

fn rehash(event: &mut ChainEvent) {
    event.hash = compute_event_hash(event).to_vec();
}

/// Re-links `events` after an edit, so only the edit itself can break the chain.
fn relink(events: &mut [ChainEvent]) {
    for idx in 0..events.len() {
        if idx > 0 {
            events[idx].parent_hash = Some(events[idx - 1].hash.clone());
        }
        rehash(&mut events[idx]);
    }
}

/// Chain arrays, each a different way to be intact, broken or unreadable.
fn chain_array_variants(events: &[ChainEvent]) -> Vec<(&'static str, Vec<u8>)> {
    let compact = write_chain_json(events);
    let text = String::from_utf8(compact.clone()).unwrap();
    let value: Value = serde_json::from_slice(&compact).unwrap();
    let mut variants = vec![
        ("intact", compact.clone()),
        ("intact-gzip", gzip(&compact)),
        ("pretty", serde_json::to_vec_pretty(&value).unwrap()),
        (
            "pretty-gzip",
            gzip(&serde_json::to_vec_pretty(&value).unwrap()),
        ),
        (
            "surrounding-whitespace",
            [b"\n \t".as_slice(), &compact, b"\r\n"].concat(),
        ),
        ("partial", write_chain_json(&events[3..])),
        ("empty", b"[]".to_vec()),
        ("truncated", compact[..compact.len() * 2 / 3].to_vec()),
        ("trailing-garbage", [compact.as_slice(), b" x"].concat()),
        ("two-arrays", [compact.as_slice(), b"[]"].concat()),
        (
            "byte-256",
            text.replacen("\"data\":[", "\"data\":[256,", 1)
                .into_bytes(),
        ),
        (
            "leading-zero",
            text.replacen("\"data\":[", "\"data\":[07,", 1).into_bytes(),
        ),
        (
            "space-in-data",
            text.replacen("\"data\":[", "\"data\":[ ", 1).into_bytes(),
        ),
        ("not-utf8", [compact.as_slice(), &[0xff]].concat()),
    ];
    let mut flipped = events.to_vec();
    flipped[5].data[0] ^= 1;
    variants.push(("flipped-data", write_chain_json(&flipped)));
    let mut dropped = events.to_vec();
    dropped.remove(7);
    variants.push(("dropped-event", write_chain_json(&dropped)));
    let mut duplicated = events.to_vec();
    duplicated.insert(4, events[2].clone());
    variants.push(("duplicated-event", write_chain_json(&duplicated)));
    let mut forked = events.to_vec();
    forked[9].parent_hash = Some(events[4].hash.clone());
    rehash(&mut forked[9]);
    variants.push(("fork", write_chain_json(&forked)));
    let mut last_wrong = events.to_vec();
    let last = last_wrong.len() - 1;
    last_wrong[last].hash[0] ^= 1;
    variants.push(("last-hash-wrong", write_chain_json(&last_wrong)));
    let mut escaped = events.to_vec();
    escaped[2].event_type = "quote\" tab\t ctrl\u{1} é \u{2028}".into();
    relink(&mut escaped);
    variants.push(("serde-escapes", write_chain_json(&escaped)));
    // Valid JSON for the same event type, but not serde's escaping: hashed via serde's.
    let other_escapes = String::from_utf8(write_chain_json(&escaped))
        .unwrap()
        .replacen("é", "\\u00e9", 1);
    variants.push(("other-escapes", other_escapes.into_bytes()));
    let mut era_a: Value = serde_json::from_slice(&write_chain_json(&events[..3])).unwrap();
    era_a[0]["timestamp"] = Value::from(1_718_000_000_123_u64);
    variants.push(("extra-field", serde_json::to_vec(&era_a).unwrap()));
    variants
}

#[test]
fn generated_chain_arrays_give_the_same_verdict_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let events = generated_events(dir.path(), 40);
    for (name, bytes) in chain_array_variants(&events) {
        let path = dir.path().join(format!("{name}.json"));
        std::fs::write(&path, bytes).unwrap();
        assert_paths_agree(&path);
    }
}

/// A capture log of two actors' chains, their events interleaved, as the store writes it.
fn capture_lines(first: &[ChainEvent], second: &[ChainEvent]) -> Vec<String> {
    let chain = |events: &[ChainEvent]| ActorChain {
        name: Some("gen".into()),
        events: events.to_vec(),
        ..ActorChain::default()
    };
    let first_bodies =
        RecordBody::of_chain("0d4c8a51-7f4e-4b55-9d0e-3c1f6f0a2b11".into(), chain(first));
    let second_bodies =
        RecordBody::of_chain("6f1c2f0e-3b7a-4c1e-9a55-0d2f4b8e7c11".into(), chain(second));
    let mut bodies = Vec::new();
    let (mut left, mut right) = (first_bodies.into_iter(), second_bodies.into_iter());
    loop {
        match (left.next(), right.next()) {
            (None, None) => break,
            (one, other) => bodies.extend(one.into_iter().chain(other)),
        }
    }
    bodies
        .into_iter()
        .enumerate()
        .map(|(idx, body)| {
            LogRecord {
                seq: idx as u64 + 1,
                body,
            }
            .to_json_line()
        })
        .collect()
}

#[test]
fn generated_capture_logs_give_the_same_verdict_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let events = generated_events(dir.path(), 30);
    let lines = capture_lines(&events[..20], &events[5..]);
    let join = |lines: &[String]| lines.join("\n") + "\n";
    let mut broken = events.clone();
    broken[8].data[1] ^= 4;
    let mut reordered = lines.clone();
    reordered.swap(10, 11);
    let mut blank_and_crlf = lines.clone();
    blank_and_crlf[4].push('\r');
    blank_and_crlf.insert(6, "   ".into());
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("intact", join(&lines).into_bytes()),
        ("intact-gzip", gzip(join(&lines).as_bytes())),
        ("no-final-newline", lines.join("\n").into_bytes()),
        ("blank-and-crlf", join(&blank_and_crlf).into_bytes()),
        (
            "broken",
            join(&capture_lines(&broken[..20], &events[5..])).into_bytes(),
        ),
        ("seq-out-of-order", join(&reordered).into_bytes()),
        ("torn-last-line", {
            let text = join(&lines);
            text.as_bytes()[..text.len() - 40].to_vec()
        }),
        ("bad-line", {
            let mut damaged = lines.clone();
            damaged[12] = "{\"type\":\"event\",\"seq\":13}".into();
            join(&damaged).into_bytes()
        }),
    ];
    for (name, bytes) in variants {
        let path = dir.path().join(format!("{name}.jsonl"));
        std::fs::write(&path, bytes).unwrap();
        assert_paths_agree(&path);
    }
    // A capture directory stands for its log, on both paths.
    let capture_dir = dir.path().join("capture");
    std::fs::create_dir(&capture_dir).unwrap();
    std::fs::write(capture_dir.join("events.log.jsonl"), join(&lines)).unwrap();
    assert_paths_agree(&capture_dir);
    assert_paths_agree(&dir.path().join("no-such-file.json"));
}
