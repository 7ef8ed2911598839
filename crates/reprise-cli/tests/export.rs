//! `reprise export` as a user runs it, on the committed Theater 0.3.29 scenario: its bundle,
//! its chain files, and a capture directory of it written by reprise-store's `DurableLog`
//! (modules in `DIR/modules/<sha256>.wasm`). Every output is read back with
//! `reprise_chain::parse_file`; every refusal exits 2 with a message naming the reason.

// Helpers outside #[test] fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reprise_chain::wire::RecordBody;
use reprise_chain::{parse_file, ActorChain, InputFormat};
use reprise_store::{module_path, DurableLog};
use reprise_testkit::fixture_path;
use reprise_testkit::theater_scenario::{
    chain_file_name, scenario_actor, scenario_actors, scenario_path, BUNDLE_NAME,
    COUNTER_EXTERNAL_STOP_ID, SUPERVISOR_ID,
};

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

fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// A capture directory holding the real scenario, every module by SHA-256.
fn capture_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (mut log, _) = DurableLog::open(dir.path()).unwrap();
    for actor in scenario_actors() {
        let id = actor.id.clone().unwrap();
        log.append_batch(RecordBody::of_chain(id, actor.clone()))
            .unwrap();
        let module = module_path(dir.path(), actor.wasm_sha256.as_deref().unwrap()).unwrap();
        std::fs::create_dir_all(module.parent().unwrap()).unwrap();
        std::fs::write(module, actor.wasm.unwrap()).unwrap();
    }
    dir
}

/// The absolute path of a scenario file.
fn scenario_file(name: &str) -> String {
    path_text(&fixture_path(&scenario_path(name)))
}

fn read_back(path: &Path) -> Vec<ActorChain> {
    parse_file("export", &std::fs::read(path).unwrap())
        .unwrap()
        .actors
}

#[test]
fn bundle_export_of_the_scenario_bundle_is_lossless_and_gzip() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("session.bundle.json.gz");
    let output = reprise(&[
        "export",
        "--format",
        "bundle",
        "--out",
        &path_text(&out),
        &scenario_file(BUNDLE_NAME),
    ]);
    assert_exit(&output, 0);
    assert!(
        text(&output.stderr).contains("4 actor(s), 4 with their module"),
        "{}",
        text(&output.stderr)
    );
    let bytes = std::fs::read(&out).unwrap();
    let reread = parse_file("session.bundle.json.gz", &bytes).unwrap();
    assert!(reread.is_gzip);
    assert_eq!(reread.format, InputFormat::Bundle);
    assert_eq!(reread.actors, scenario_actors());
}

#[test]
fn bundle_export_of_a_capture_directory_carries_its_modules() {
    let dir = capture_dir();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("capture.bundle.json.gz");
    let output = reprise(&[
        "export",
        &path_text(dir.path()),
        "--format",
        "bundle",
        "--out",
        &path_text(&out),
    ]);
    assert_exit(&output, 0);
    let reread = read_back(&out);
    let scenario = scenario_actors();
    assert_eq!(reread.len(), scenario.len());
    for (exported, recorded) in reread.iter().zip(&scenario) {
        assert_eq!(exported.id, recorded.id);
        assert_eq!(exported.events, recorded.events);
        assert_eq!(exported.wasm, recorded.wasm, "{:?}", recorded.id);
        assert_eq!(exported.wasm_sha256, recorded.wasm_sha256);
    }

    // --actor keeps that actor alone.
    let output = reprise(&[
        "export",
        &path_text(dir.path()),
        "--format",
        "bundle",
        "--actor",
        SUPERVISOR_ID,
        "--out",
        &path_text(&out),
    ]);
    assert_exit(&output, 0);
    let reread = read_back(&out);
    assert_eq!(reread.len(), 1);
    assert_eq!(reread[0].id.as_deref(), Some(SUPERVISOR_ID));
}

#[test]
fn replay_json_goes_to_stdout_and_reimports_to_the_same_events() {
    let chain_files: Vec<String> = scenario_actors()
        .iter()
        .map(|actor| scenario_file(&chain_file_name(actor.id.as_deref().unwrap())))
        .collect();
    let mut args = vec![
        "export",
        "--format",
        "replay-json",
        "--actor",
        COUNTER_EXTERNAL_STOP_ID,
    ];
    args.extend(chain_files.iter().map(String::as_str));
    let output = reprise(&args);
    assert_exit(&output, 0);
    let reread = parse_file("stdout.json", &output.stdout).unwrap();
    assert_eq!(reread.format, InputFormat::ChainJson);
    assert_eq!(
        reread.actors[0].events,
        scenario_actor(COUNTER_EXTERNAL_STOP_ID).events
    );

    // A single actor needs no --actor; FILE#N names one by position.
    let output = reprise(&["export", "--format", "replay-json", &chain_files[0]]);
    assert_exit(&output, 0);
    let bundle = scenario_file(BUNDLE_NAME);
    let by_position = format!("{BUNDLE_NAME}#3");
    let output = reprise(&[
        "export",
        "--format",
        "replay-json",
        "--actor",
        &by_position,
        &bundle,
    ]);
    assert_exit(&output, 0);
    assert_eq!(
        parse_file("x", &output.stdout).unwrap().actors[0].events,
        scenario_actors()[3].events
    );
}

#[test]
fn replay_fixture_from_a_capture_is_a_folder_or_one_tar_gz() {
    let dir = capture_dir();
    let out_dir = tempfile::tempdir().unwrap();
    let fixture = out_dir.path().join("fixture");
    let output = reprise(&[
        "export",
        "--format",
        "replay-fixture",
        "--actor",
        COUNTER_EXTERNAL_STOP_ID,
        "--out",
        &path_text(&fixture),
        &path_text(dir.path()),
    ]);
    assert_exit(&output, 0);
    assert!(
        text(&output.stderr).contains("14 events, the trailing shutdown left out"),
        "{}",
        text(&output.stderr)
    );
    let counter = scenario_actor(COUNTER_EXTERNAL_STOP_ID);
    let manifest = std::fs::read_to_string(fixture.join("manifest.toml")).unwrap();
    let first_handler = manifest.split("[[handler]]").nth(1).unwrap();
    assert_eq!(
        first_handler.trim(),
        "type = \"replay\"\nchain = \"chain.json\""
    );
    assert_eq!(
        std::fs::read(fixture.join("actor.wasm")).unwrap(),
        counter.wasm.clone().unwrap()
    );
    assert_eq!(
        std::fs::read(fixture.join("initial-state.cgrf")).unwrap(),
        counter.initial_state.clone().unwrap()
    );
    let chain = read_back(&fixture.join("chain.json"));
    assert_eq!(chain[0].events, counter.events[..counter.events.len() - 1]);
    assert!(fixture.join("README.md").is_file());

    let archive: PathBuf = out_dir.path().join("counter-fixture.tar.gz");
    let output = reprise(&[
        "export",
        "--format",
        "replay-fixture",
        "--actor",
        COUNTER_EXTERNAL_STOP_ID,
        "--out",
        &path_text(&archive),
        &scenario_file(BUNDLE_NAME),
    ]);
    assert_exit(&output, 0);
    let unpacked = out_dir.path().join("unpacked");
    std::fs::create_dir_all(&unpacked).unwrap();
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(&unpacked)
        .status()
        .unwrap();
    assert!(status.success());
    for name in [
        "manifest.toml",
        "chain.json",
        "actor.wasm",
        "initial-state.cgrf",
        "README.md",
    ] {
        assert_eq!(
            std::fs::read(unpacked.join("counter-fixture").join(name)).unwrap(),
            std::fs::read(fixture.join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn refusals_exit_2_and_say_why() {
    let bundle = scenario_file(BUNDLE_NAME);
    let bare_chain = scenario_file(&chain_file_name(COUNTER_EXTERNAL_STOP_ID));
    let out_dir = tempfile::tempdir().unwrap();
    let out = path_text(&out_dir.path().join("out"));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["export", "--format", "bundle", "/no/such/file.json"],
            "cannot read the file",
        ),
        (
            vec![
                "export",
                "--format",
                "replay-json",
                "--actor",
                "nobody",
                &bundle,
            ],
            "no actor nobody in the inputs",
        ),
        (
            vec!["export", "--format", "replay-json", &bundle],
            "the inputs hold 4 actors: pick one with --actor",
        ),
        (
            vec![
                "export",
                "--format",
                "replay-fixture",
                "--out",
                &out,
                &bare_chain,
            ],
            "wasm module is not known",
        ),
        (
            vec![
                "export",
                "--format",
                "replay-fixture",
                "--actor",
                COUNTER_EXTERNAL_STOP_ID,
                &bundle,
            ],
            "give --out DIR",
        ),
        (
            vec![
                "export",
                "--format",
                "bundle",
                "--out",
                "/no/such/dir/x.gz",
                &bundle,
            ],
            "cannot write the file",
        ),
    ];
    for (args, expected) in cases {
        let output = reprise(&args);
        assert_exit(&output, 2);
        assert!(
            text(&output.stderr).contains(expected),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    // The bare chain's fixture with its module given works.
    let wasm = out_dir.path().join("counter.wasm");
    std::fs::write(
        &wasm,
        scenario_actor(COUNTER_EXTERNAL_STOP_ID).wasm.unwrap(),
    )
    .unwrap();
    let output = reprise(&[
        "export",
        "--format",
        "replay-fixture",
        "--wasm",
        &path_text(&wasm),
        "--out",
        &out,
        &bare_chain,
    ]);
    assert_exit(&output, 0);
}
