//! `reprise link` as a user runs it: the link is the last stdout line, it opens (parsed,
//! unembedded, re-analysed as the page does) to the same chains with "same chain ✓" and the
//! event asked for; a session past the budget gives a `file=` link and one line on stderr;
//! unreadable input, a missing actor or an event past the end exit 2 with nothing on stdout.

// Helpers outside #[test] fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reprise_app::share::{check_session, ChainCheck, LinkSource, ShareLink, EMBEDDED_SESSION_PATH};
use reprise_app::{ActorKey, Session};
use reprise_chain::analyze_file;
use reprise_testkit::theater_scenario::scenario_log_lines;
use reprise_testkit::{fixture_bytes, fixture_dir_files, fixture_path};

const RUNTIME_TEST: &str = "theater-repo/runtime-test.chain.json";
const BASE: &str = "http://127.0.0.1:8080/";

fn reprise(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reprise"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path_text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The link printed (last stdout line), read back as the page reads its URL.
fn printed_link(output: &Output) -> ShareLink {
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let last = stdout.lines().last().unwrap();
    let (base, fragment) = last.split_once('#').unwrap();
    assert_eq!(base, BASE);
    ShareLink::parse(fragment).unwrap()
}

/// What the page has open after opening an embedded link.
fn recipient_of(link: &ShareLink) -> Session {
    let bundle = link
        .embedded()
        .expect("an embedded session")
        .bundle()
        .to_vec();
    let mut session = Session::default();
    session.add_file(
        analyze_file(EMBEDDED_SESSION_PATH, &bundle, &mut |_| {}).unwrap(),
        false,
    );
    session
}

fn assert_all_same(link: &ShareLink, recipient: &Session) {
    let checks = check_session(link, recipient);
    assert!(!checks.is_empty());
    for claim_check in checks {
        assert_eq!(
            claim_check.check,
            ChainCheck::Same,
            "{:?}",
            claim_check.claim
        );
    }
}

#[test]
fn a_chain_file_gives_an_embedded_link_that_opens_to_the_same_chain_and_event() {
    let output = reprise(&[
        "link",
        &path_text(&fixture_path(RUNTIME_TEST)),
        "--event",
        "3",
    ]);
    assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
    let link = printed_link(&output);
    let recipient = recipient_of(&link);
    assert_all_same(&link, &recipient);
    let selection = &link.view.selection;
    assert_eq!(selection.event_idx, Some(3));
    assert!(recipient.contains(selection.actor.as_ref().unwrap()));
    // The head in full lowercase hex, as the fixture stores it.
    let events = reprise_testkit::fixture_events(RUNTIME_TEST);
    let head = reprise_chain::to_hex(&events.last().unwrap().hash);
    assert!(text(&output.stdout).contains(&format!(",{},{head}", events.len())));
}

#[test]
fn a_capture_directory_links_every_actor_and_selects_by_id() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("events.log.jsonl"),
        scenario_log_lines().join("\n") + "\n",
    )
    .unwrap();
    let counter = "44ff83c7-16e7-439c-9e80-ed6ff42598a9";
    let output = reprise(&[
        "link",
        &path_text(dir.path()),
        "--event",
        "5",
        "--actor",
        counter,
        "--base",
        BASE,
    ]);
    let link = printed_link(&output);
    assert_eq!(link.chains.len(), 4, "one claim per scenario actor");
    assert_eq!(
        link.view.selection.actor,
        Some(ActorKey::from_text(counter)),
        "Theater ids stay the keys when embedded"
    );
    assert_all_same(&link, &recipient_of(&link));
}

#[test]
fn a_session_past_the_budget_names_its_files_and_says_why_on_stderr() {
    // The six theater-repo chains, 20 copies each under other names: past the budget.
    let dir = tempfile::tempdir().unwrap();
    let mut paths: Vec<PathBuf> = Vec::new();
    for copy in 0..20 {
        for relative in fixture_dir_files("theater-repo") {
            let name = relative.rsplit('/').next().unwrap();
            let path = dir.path().join(format!("{copy}-{name}"));
            std::fs::write(&path, fixture_bytes(&relative)).unwrap();
            paths.push(path);
        }
    }
    let mut args = vec!["link".to_string(), "--event".into(), "0".into()];
    args.extend(paths.iter().map(|path| path_text(path)));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = reprise(&args);
    let link = printed_link(&output);
    assert!(link.embedded().is_none());
    assert_eq!(link.sources.len(), paths.len());
    assert_eq!(
        link.sources[0],
        LinkSource::File("0-environment-test.chain.json".into()),
        "files are named as a browser names a dropped file"
    );
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("KiB budget"), "{stderr}");
    // The recipient drops the same files: every claim holds.
    let mut recipient = Session::default();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy();
        let bytes = std::fs::read(path).unwrap();
        recipient.add_file(analyze_file(&name, &bytes, &mut |_| {}).unwrap(), false);
    }
    assert_all_same(&link, &recipient);
}

#[test]
fn unreadable_input_a_missing_actor_or_event_exit_2_with_nothing_on_stdout() {
    let runtime = path_text(&fixture_path(RUNTIME_TEST));
    let not_json = path_text(&fixture_path("theater-0.3.29/counter.toml"));
    for args in [
        vec!["link", "/nonexistent/chain.json", "--event", "0"],
        vec!["link", &not_json, "--event", "0"],
        vec!["link", &runtime, "--event", "6"],
        vec!["link", &runtime, "--event", "0", "--actor", "nobody"],
    ] {
        let output = reprise(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(text(&output.stderr).starts_with("reprise: "), "{args:?}");
    }
}
