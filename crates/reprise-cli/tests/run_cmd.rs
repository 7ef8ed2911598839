//! `reprise run` as a user runs it, on the real Theater 0.3.29 runtime and the committed sample
//! actors (`fixtures/theater-0.3.29/`, so nothing is built here): a supervisor driven over
//! stdin records complete, verifying chains with the right parents and modules; a run killed
//! with SIGKILL keeps every acknowledged record, and a re-run on the same directory appends.
//! See issue 4.

#![cfg(feature = "theater")]
// Helpers outside #[test] fns unwrap too: a test that cannot set up its run must fail loudly.
// Native-only test code may read the clock and start threads (the lints guard wasm32 code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use reprise_chain::{spawned_child_id, SupervisionTree};
use reprise_store::{module_path, LOG_FILE_NAME};

mod run_support;

use reprise_testkit::chain_checks::check_every_chain_complete;
use run_support::{
    chains_in, check_records_before_events_and_no_duplicates, durable_seq_of, root_id_of,
    RunProcess, STEP_TIMEOUT,
};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/theater-0.3.29")
}

/// The sample actors in a fresh directory, with absolute paths where Theater resolves against
/// the working directory (a child's manifest and its `package`).
struct Stage {
    dir: tempfile::TempDir,
}

impl Stage {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for file in ["counter.wasm", "supervisor.wasm", "supervisor.toml"] {
            std::fs::copy(fixtures_dir().join(file), dir.path().join(file)).unwrap();
        }
        let counter = std::fs::read_to_string(fixtures_dir().join("counter.toml")).unwrap();
        let counter_wasm = dir.path().join("counter.wasm");
        let counter = counter.replace(
            "package = \"counter.wasm\"",
            &format!("package = \"{}\"", counter_wasm.display()),
        );
        std::fs::write(dir.path().join("counter.toml"), counter).unwrap();
        Self { dir }
    }

    fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join(file)
    }

    fn capture_dir(&self) -> PathBuf {
        self.path("capture")
    }

    /// `reprise run supervisor.toml` on this stage.
    fn start_run(&self) -> RunProcess {
        RunProcess::start_in(
            self.dir.path(),
            &self.path("supervisor.toml"),
            &self.capture_dir(),
            &[],
        )
    }
}

#[test]
fn a_live_supervisor_and_its_children_are_recorded_complete_with_parents_and_modules() {
    let stage = Stage::new();
    let counter_manifest = stage.path("counter.toml").display().to_string();
    let mut run = stage.start_run();
    let root = root_id_of(&run.wait_for("root actor supervisor started"));
    for _ in 0..2 {
        run.command(&format!("send spawn {counter_manifest}"));
        run.wait_for(&format!("(counter), child of {root}"));
    }
    run.command("send send 0 inc");
    run.command("send send 1 add:5");
    run.command("send send 1 inc");
    run.wait_for("sent \"send 1 inc\"");
    // The counters' handle-send results are the last events expected; give them time.
    std::thread::sleep(Duration::from_secs(2));
    run.command("quit");
    let (status, lines) = run.wait_for_exit();
    assert!(status.success(), "{status}: {}", lines.join("\n"));

    let (chains, records) = chains_in(&stage.capture_dir());
    assert_eq!(
        chains.len(),
        3,
        "{:?}",
        chains.iter().map(|c| &c.id).collect::<Vec<_>>()
    );
    check_every_chain_complete(&chains);
    check_records_before_events_and_no_duplicates(&records);

    let supervisor = chains
        .iter()
        .find(|c| c.id.as_deref() == Some(&root))
        .unwrap();
    assert_eq!(supervisor.parent, None);
    assert_eq!(supervisor.name.as_deref(), Some("supervisor"));
    let spawned: Vec<String> = supervisor
        .events
        .iter()
        .filter_map(spawned_child_id)
        .collect();
    assert_eq!(spawned.len(), 2);
    let supervisor_wasm = std::fs::read(stage.path("supervisor.wasm")).unwrap();
    let counter_wasm = std::fs::read(stage.path("counter.wasm")).unwrap();
    assert_eq!(
        supervisor.wasm_sha256,
        Some(reprise_replay::wasm_sha256_hex(&supervisor_wasm))
    );
    for child_id in &spawned {
        let child = chains
            .iter()
            .find(|c| c.id.as_ref() == Some(child_id))
            .unwrap();
        assert_eq!(child.parent.as_deref(), Some(root.as_str()));
        assert_eq!(child.name.as_deref(), Some("counter"));
        assert_eq!(child.manifest.as_deref(), Some(counter_manifest.as_str()));
        assert_eq!(
            child.wasm_sha256,
            Some(reprise_replay::wasm_sha256_hex(&counter_wasm))
        );
        // Each counter handled its messages: init plus its handle-sends, each a call and a
        // result, and the `shutdown` the runtime's stop appended.
        assert!(
            child.events.len() >= 6,
            "{child_id}: {} events",
            child.events.len()
        );
        assert_eq!(child.events.last().unwrap().event_type, "shutdown");
    }
    for (file, wasm) in [("supervisor", &supervisor_wasm), ("counter", &counter_wasm)] {
        let module_path =
            module_path(&stage.capture_dir(), &reprise_replay::wasm_sha256_hex(wasm)).unwrap();
        let stored = std::fs::read(module_path).ok();
        assert_eq!(
            stored.as_ref(),
            Some(wasm),
            "{file}'s module is kept beside the log"
        );
    }
    let tree = SupervisionTree::build(&chains);
    for node in &tree.nodes {
        let expected_parent =
            (node.actor_id.as_deref() != Some(root.as_str())).then(|| root.clone());
        assert_eq!(node.parent_id, expected_parent, "{:?}", node.actor_id);
    }
}

#[test]
fn a_killed_run_keeps_every_acknowledged_record_and_a_rerun_appends() {
    let stage = Stage::new();
    let log_path = stage.capture_dir().join(LOG_FILE_NAME);
    let mut run = stage.start_run();
    let root = root_id_of(&run.wait_for("root actor supervisor started"));
    run.command(&format!(
        "send spawn {}",
        stage.path("counter.toml").display()
    ));
    run.wait_for(&format!("(counter), child of {root}"));

    // Keep events coming (each message is ~8 events across the two chains) and kill the
    // process mid-stream, once enough has been acknowledged.
    let mut acked_seq = 0;
    let started_at = Instant::now();
    while acked_seq < 200 || started_at.elapsed() < Duration::from_secs(2) {
        assert!(
            started_at.elapsed() < STEP_TIMEOUT,
            "too few events acknowledged"
        );
        run.command("send send 0 inc");
        std::thread::sleep(Duration::from_millis(20));
        let acked_now = run
            .take_available_lines()
            .iter()
            .filter_map(|l| durable_seq_of(l))
            .max();
        acked_seq = acked_seq.max(acked_now.unwrap_or(0));
    }
    run.child.kill().unwrap();
    let (_, lines) = run.wait_for_exit();
    let acked_seq = lines
        .iter()
        .filter_map(|l| durable_seq_of(l))
        .max()
        .unwrap()
        .max(acked_seq);
    let acked_lines: Vec<String> = std::fs::read_to_string(&log_path)
        .unwrap()
        .lines()
        .take(acked_seq as usize)
        .map(str::to_string)
        .collect();
    assert_eq!(
        acked_lines.len() as u64,
        acked_seq,
        "every acknowledged record was written"
    );
    // A write cut short by the crash, as a power loss would leave it.
    let mut log_file = std::fs::OpenOptions::new()
        .append(true)
        .open(&log_path)
        .unwrap();
    log_file
        .write_all(b"{\"type\":\"event\",\"seq\":999999,\"actor_id\":\"to")
        .unwrap();
    drop(log_file);

    let mut rerun = stage.start_run();
    rerun.wait_for("cut a torn last write");
    let second_root = root_id_of(&rerun.wait_for("root actor supervisor started"));
    rerun.command("quit");
    let (status, lines) = rerun.wait_for_exit();
    assert!(status.success(), "{status}: {}", lines.join("\n"));

    let text = std::fs::read_to_string(&log_path).unwrap();
    assert!(text.ends_with('\n'), "the torn tail is gone");
    let kept: Vec<&str> = text.lines().take(acked_lines.len()).collect();
    assert_eq!(kept, acked_lines, "acknowledged records are unchanged");
    let (chains, records) = chains_in(&stage.capture_dir());
    check_every_chain_complete(&chains);
    check_records_before_events_and_no_duplicates(&records);
    let ids: HashSet<&str> = chains.iter().filter_map(|c| c.id.as_deref()).collect();
    assert!(ids.contains(root.as_str()) && ids.contains(second_root.as_str()));
    assert!(
        records.iter().any(|r| r.seq > acked_seq),
        "the re-run appended"
    );
}

#[test]
fn a_missing_manifest_or_a_module_theater_cannot_load_is_exit_2_with_the_reason() {
    let stage = Stage::new();
    std::fs::write(stage.path("broken.wasm"), b"not a wasm module").unwrap();
    let manifest = "name = \"broken\"\nversion = \"0.1.0\"\npackage = \"broken.wasm\"\n";
    std::fs::write(stage.path("broken.toml"), manifest).unwrap();
    for (manifest, reason) in [
        ("missing.toml", "cannot open the manifest"),
        ("broken.toml", "Failed to load WASM module"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_reprise"))
            .args(["run", "--no-serve", "--dir"])
            .arg(stage.capture_dir())
            .arg(stage.path(manifest))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{manifest}: {stderr}");
        assert!(
            stderr.contains(reason) && !stderr.contains("panicked"),
            "{stderr}"
        );
    }
}
