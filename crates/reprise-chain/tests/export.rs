//! Exports read back: every committed chain (Theater 0.3.29's recorded scenario, the Theater
//! repository's era-B chains, the spec's vectors — `fixtures/`, and `/work/shared/fixtures`
//! when present) written as Theater's replay file re-imports to identical events and hashes; the
//! scenario's bundle, plain and gzip, re-imports losslessly (wasm included); a replay-test
//! fixture of a real counter holds the recorded chain, module and state. Theater's own replay
//! of such a fixture runs in `crates/reprise-fixtures/tests/replay_fixture_export.rs`.

// Helpers outside #[test] fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use reprise_chain::export::{
    write_tar_gz, FixtureError, ManifestSource, ReplayFixture, FIXTURE_CHAIN_FILE,
    FIXTURE_MANIFEST_FILE, FIXTURE_STATE_FILE, FIXTURE_WASM_FILE,
};
use reprise_chain::{
    parse_file, verify_chain, write_bundle, write_bundle_gzip, write_chain_json, ActorChain,
    InputFormat,
};
use reprise_testkit::theater_scenario::{
    scenario_actor, scenario_actors, COUNTER_EXTERNAL_STOP_ID,
};
use reprise_testkit::{fixture_dir_files, fixture_path};

/// Every chain or bundle file under `fixtures/` and the shared fixtures.
fn chain_fixture_paths() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = [
        "theater-0.3.29",
        "theater-0.3.29/replay",
        "theater-repo",
        "vectors",
    ]
    .iter()
    .flat_map(|dir| fixture_dir_files(dir))
    .filter(|relative| relative.ends_with(".chain.json") || relative.ends_with(".bundle.json"))
    .map(|relative| fixture_path(&relative))
    .collect();
    for shared in ["theater-repo", "vectors"] {
        let dir = Path::new("/work/shared/fixtures").join(shared);
        if let Ok(entries) = std::fs::read_dir(&dir) {
            paths.extend(
                entries
                    .map(|entry| entry.unwrap().path())
                    .filter(|path| path.to_string_lossy().ends_with(".chain.json")),
            );
        }
    }
    assert!(paths.len() >= 20, "too few fixtures found: {paths:?}");
    paths
}

fn parse_path(path: &Path) -> Vec<ActorChain> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    parse_file(&name, &std::fs::read(path).unwrap())
        .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
        .actors
}

#[test]
fn replay_json_of_every_fixture_chain_reimports_to_identical_hashes() {
    for path in chain_fixture_paths() {
        for actor in parse_path(&path) {
            let written = write_chain_json(&actor.events);
            let reread = parse_file("export.chain.json", &written).unwrap();
            assert_eq!(reread.format, InputFormat::ChainJson);
            let events = &reread.actors[0].events;
            assert_eq!(events, &actor.events, "{}", path.display());
            let hashes = |report: &reprise_chain::VerifyReport| {
                report
                    .checks
                    .iter()
                    .map(|check| check.computed_hash)
                    .collect::<Vec<_>>()
            };
            let (before, after) = (verify_chain(&actor.events), verify_chain(events));
            assert_eq!(hashes(&before), hashes(&after), "{}", path.display());
            assert_eq!(before.summary(), after.summary(), "{}", path.display());
        }
    }
}

#[test]
fn bundle_export_of_every_fixture_is_lossless_plain_and_gzip() {
    let mut everything = Vec::new();
    for path in chain_fixture_paths() {
        let actors = parse_path(&path);
        for bytes in [write_bundle(&actors), write_bundle_gzip(&actors)] {
            let reread = parse_file("export.bundle.json", &bytes).unwrap();
            assert_eq!(reread.format, InputFormat::Bundle);
            assert_eq!(reread.actors, actors, "{}", path.display());
        }
        everything.extend(actors);
    }
    let compressed = write_bundle_gzip(&everything);
    let reread = parse_file("session.bundle.json.gz", &compressed).unwrap();
    assert!(reread.is_gzip);
    assert_eq!(reread.actors, everything);
    assert!(compressed.len() * 4 < write_bundle(&everything).len());
}

#[test]
fn the_scenario_bundle_keeps_every_module_and_state() {
    let actors = scenario_actors();
    assert!(actors.iter().all(|actor| actor.wasm.is_some()));
    let reread = parse_file("x.gz", &write_bundle_gzip(&actors))
        .unwrap()
        .actors;
    assert_eq!(reread, actors);
}

#[test]
fn replay_fixture_of_a_real_counter_holds_its_chain_module_and_state() {
    let counter = scenario_actor(COUNTER_EXTERNAL_STOP_ID);
    assert_eq!(counter.events.last().unwrap().event_type, "shutdown");
    let fixture = ReplayFixture::of_actor(&counter).unwrap();
    assert!(fixture.is_shutdown_left_out);
    assert_eq!(fixture.manifest_source, ManifestSource::Recorded);

    let files = fixture.files();
    let file = |name: &str| {
        files
            .iter()
            .find(|file| file.path == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .bytes
            .clone()
    };
    let chain = parse_file("chain.json", &file(FIXTURE_CHAIN_FILE)).unwrap();
    assert_eq!(
        chain.actors[0].events,
        counter.events[..counter.events.len() - 1]
    );
    assert!(verify_chain(&chain.actors[0].events).is_verified());
    assert_eq!(Some(file(FIXTURE_WASM_FILE)), counter.wasm);
    assert_eq!(Some(file(FIXTURE_STATE_FILE)), counter.initial_state);

    let manifest = String::from_utf8(file(FIXTURE_MANIFEST_FILE)).unwrap();
    let first_handler = manifest.split("[[handler]]").nth(1).unwrap();
    assert_eq!(
        first_handler.trim(),
        "type = \"replay\"\nchain = \"chain.json\""
    );
    assert!(manifest.contains("package = \"actor.wasm\"\n"));
    assert!(manifest.contains("type = \"timer\""));
    assert!(!manifest.contains("counter.wasm"));

    let archive = write_tar_gz("counter-fixture", &files).unwrap();
    assert_eq!(&archive[..2], &[0x1f, 0x8b]);
}

#[test]
fn replay_fixture_refuses_a_missing_or_different_module() {
    let mut counter = scenario_actor(COUNTER_EXTERNAL_STOP_ID);
    let wasm = counter.wasm.take();
    assert_eq!(
        ReplayFixture::of_actor(&counter).unwrap_err(),
        FixtureError::NoWasm
    );
    let mut other = wasm.unwrap();
    other.push(0);
    counter.wasm = Some(other);
    let err = ReplayFixture::of_actor(&counter).unwrap_err();
    assert!(matches!(err, FixtureError::WasmMismatch { .. }));
    assert!(err.to_string().contains("would diverge"), "{err}");
}

#[test]
fn replay_fixture_of_a_bare_chain_generates_its_manifest() {
    let mut actor = parse_path(&fixture_path("vectors/c2-ten-events.chain.json")).remove(0);
    assert!(actor.manifest.is_none());
    actor.wasm = Some(b"\0asm\x01\0\0\0".to_vec());
    let fixture = ReplayFixture::of_actor(&actor).unwrap();
    assert_eq!(fixture.manifest_source, ManifestSource::Generated);
    let handlers: Vec<&str> = fixture
        .manifest
        .lines()
        .filter_map(|line| line.strip_prefix("type = "))
        .collect();
    assert_eq!(handlers.first(), Some(&"\"replay\""));
    assert!(handlers.contains(&"\"runtime\""), "{handlers:?}");
    assert!(fixture.initial_state.is_none());
    assert!(!fixture
        .files()
        .iter()
        .any(|file| file.path == FIXTURE_STATE_FILE));
}
