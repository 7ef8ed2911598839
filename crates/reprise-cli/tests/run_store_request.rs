//! `reprise run` on an actor tree that uses the handlers beyond the first four: the sample
//! supervisor (built from `actors/` here) spawns the `archivist`, which keeps texts in
//! Theater's content store (`theater:simple/store`), and asks it for them with
//! `message-server-host/request` (the archivist answers in `handle-request`). Every actor is
//! recorded complete, the store calls and the request/handle-request pairs are in the chains,
//! and `reprise verify` reads the capture directory.

#![cfg(feature = "theater")]
// A test that cannot set up its run must fail loudly; native-only test code may start threads.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod run_support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use reprise_chain::{spawned_child_id, ActorChain};
use reprise_testkit::chain_checks::check_every_chain_complete;
use reprise_testkit::sample_actors::{actors_dir, build_sample_actors};
use run_support::{
    chains_in, check_records_before_events_and_no_duplicates, describe_chains, root_id_of,
    RunProcess,
};

/// Copies `name`'s module into `dir` and writes its manifest there with an absolute `package`
/// (a spawned child's `package` is resolved against the working directory).
fn stage_actor(modules_dir: &Path, dir: &Path, name: &str) -> PathBuf {
    let wasm_path = dir.join(format!("{name}.wasm"));
    std::fs::copy(modules_dir.join(format!("{name}.wasm")), &wasm_path).unwrap();
    let manifest = std::fs::read_to_string(actors_dir().join(name).join("manifest.toml")).unwrap();
    let manifest: String = manifest
        .lines()
        .map(|line| {
            if line.starts_with("package") {
                format!("package = \"{}\"\n", wasm_path.display())
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    let manifest_path = dir.join(format!("{name}.toml"));
    std::fs::write(&manifest_path, manifest).unwrap();
    manifest_path
}

fn event_types(chain: &ActorChain) -> Vec<&str> {
    chain
        .events
        .iter()
        .map(|event| event.event_type.as_str())
        .collect()
}

/// Whether some `wasm` event of `chain` (an export call or its result) names `function`.
fn has_export_event(chain: &ActorChain, function: &str) -> bool {
    chain.events.iter().any(|event| {
        event.event_type == "wasm"
            && event
                .data
                .windows(function.len())
                .any(|window| window == function.as_bytes())
    })
}

#[test]
fn a_store_using_child_answering_requests_is_recorded_complete_and_verifies() {
    let modules_dir = build_sample_actors();
    let stage = tempfile::tempdir().unwrap();
    let supervisor_manifest = stage_actor(&modules_dir, stage.path(), "supervisor");
    let archivist_manifest = stage_actor(&modules_dir, stage.path(), "archivist");
    let capture_dir = stage.path().join("capture");
    // The store handler keeps its content under THEATER_HOME.
    let theater_home = stage.path().join("theater-home");
    std::fs::create_dir_all(&theater_home).unwrap();

    let mut run = RunProcess::start_in(
        stage.path(),
        &supervisor_manifest,
        &capture_dir,
        &[("THEATER_HOME", &theater_home)],
    );
    let root = root_id_of(&run.wait_for("root actor supervisor started"));
    run.command(&format!("send spawn {}", archivist_manifest.display()));
    run.wait_for(&format!("(archivist), child of {root}"));
    run.command("send request 0 put greeting hello from the store");
    run.command("send request 0 get greeting");
    run.command("send request 0 get nothing-here");
    run.wait_for("sent \"request 0 get nothing-here\"");
    // The last request's events are the last expected; give them time.
    std::thread::sleep(Duration::from_secs(2));
    run.command("quit");
    let (status, lines) = run.wait_for_exit();
    assert!(status.success(), "{status}: {}", lines.join("\n"));
    assert!(
        !lines.iter().any(|line| line.contains("warning")),
        "{}",
        lines.join("\n")
    );

    let (chains, records) = chains_in(&capture_dir);
    assert_eq!(chains.len(), 2, "{}", lines.join("\n"));
    check_every_chain_complete(&chains);
    check_records_before_events_and_no_duplicates(&records);
    let supervisor = chains
        .iter()
        .find(|chain| chain.id.as_deref() == Some(root.as_str()))
        .unwrap();
    let archivist = chains
        .iter()
        .find(|chain| chain.name.as_deref() == Some("archivist"))
        .unwrap();
    assert_eq!(archivist.parent.as_deref(), Some(root.as_str()));
    let spawned: Vec<String> = supervisor
        .events
        .iter()
        .filter_map(spawned_child_id)
        .collect();
    assert_eq!(spawned, [archivist.id.clone().unwrap()]);

    let requests = event_types(supervisor)
        .into_iter()
        .filter(|event_type| *event_type == "theater:simple/message-server-host/request")
        .count();
    assert_eq!(requests, 3, "{}", describe_chains(&chains));
    let archivist_types = event_types(archivist);
    for store_call in ["new", "store", "label", "get-by-label", "get"] {
        let event_type = format!("theater:simple/store/{store_call}");
        assert!(
            archivist_types.contains(&event_type.as_str()),
            "{event_type} missing from {archivist_types:?}"
        );
    }
    assert!(has_export_event(
        archivist,
        "theater:simple/message-server-client.handle-request"
    ));

    // The answers came back through the store: the text put under the label, and `missing`
    // for a label never put (the supervisor logs each answer).
    for answer in [
        "child 0 answered \"hello from the store\"",
        "child 0 answered \"missing\"",
    ] {
        assert!(
            supervisor.events.iter().any(|event| {
                event.event_type == "theater:simple/runtime/log"
                    && event
                        .data
                        .windows(answer.len())
                        .any(|window| window == answer.as_bytes())
            }),
            "no log of {answer:?}: {}",
            describe_chains(&chains)
        );
    }

    // `reprise verify` reads the capture directory itself.
    let output = Command::new(env!("CARGO_BIN_EXE_reprise"))
        .arg("verify")
        .arg(&capture_dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
