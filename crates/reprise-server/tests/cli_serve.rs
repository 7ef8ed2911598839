//! `reprise serve` as a user runs it: it prints the bound URL on stdout, a WebSocket client
//! gets the fixture's events, Ctrl-C stops it with exit 0, and a restart on the same
//! directory gives the same seqs.

#![allow(clippy::unwrap_used)]

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use serde_json::{json, Value};
use support::{fixture, seqs, Client, WAIT};

/// The `reprise` binary of this build. The CLI crate is not a dependency of this one, so it
/// is built here, once per run; cargo makes that a no-op when it is up to date.
fn reprise_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(build_reprise).clone()
}

fn build_reprise() -> PathBuf {
    let profile_dir = std::env::current_exe()
        .unwrap()
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .to_path_buf();
    let mut build = Command::new(env!("CARGO"));
    build.current_dir(env!("CARGO_MANIFEST_DIR")).args([
        "build",
        "--quiet",
        "-p",
        "reprise-cli",
        "--bin",
        "reprise",
    ]);
    if profile_dir.ends_with("release") {
        build.arg("--release");
    }
    assert!(build.status().unwrap().success(), "cannot build reprise");
    profile_dir.join(format!("reprise{}", std::env::consts::EXE_SUFFIX))
}

/// A running `reprise serve`; killed if the test fails before stopping it.
struct Serve {
    child: Child,
    url: String,
}

impl Serve {
    fn start(bin: &Path, args: &[&str]) -> Self {
        let mut child = Command::new(bin)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut first_line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first_line)
            .unwrap();
        let url = first_line.trim().to_string();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "stdout: {first_line:?}"
        );
        Self { child, url }
    }

    fn ws_url(&self) -> String {
        format!("{}ws", self.url.replacen("http://", "ws://", 1))
    }

    /// Sends SIGINT (Ctrl-C) and returns the exit code.
    async fn interrupt(mut self) -> i32 {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success());
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(tokio::time::Instant::now() < deadline, "serve did not stop");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn all_records(serve: &Serve, last_seq: u64) -> Vec<Value> {
    let mut client = Client::connect(&serve.ws_url()).await;
    client.subscribe(json!("beginning")).await;
    client.collect_through(last_seq).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_streams_its_files_and_restarts_with_the_same_seqs() {
    let bin = reprise_bin();
    let dir = tempfile::tempdir().unwrap();
    let ten = fixture("vectors/c2-ten-events.chain.json");
    let runtime = fixture("theater-repo/runtime-test.chain.json");
    let args = [
        "--dir",
        dir.path().to_str().unwrap(),
        ten.to_str().unwrap(),
        runtime.to_str().unwrap(),
    ];

    let serve = Serve::start(&bin, &args);
    let first = all_records(&serve, 18).await;
    assert_eq!(seqs(&first), (1..=18).collect::<Vec<_>>());
    let ten_events: Vec<Value> = serde_json::from_slice(&std::fs::read(&ten).unwrap()).unwrap();
    let served: Vec<Value> = first[1..11].iter().map(|m| m["event"].clone()).collect();
    assert_eq!(served, ten_events);
    assert_eq!(serve.interrupt().await, 0);

    let serve = Serve::start(&bin, &args);
    let second = all_records(&serve, 18).await;
    assert_eq!(second, first);
    assert_eq!(serve.interrupt().await, 0);
    // Nothing was appended twice.
    let log = std::fs::read_to_string(dir.path().join(reprise_store::LOG_FILE_NAME)).unwrap();
    assert_eq!(log.lines().count(), 18);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_without_a_dir_uses_a_temporary_log_and_names_bad_files() {
    let bin = reprise_bin();
    let serve = Serve::start(
        &bin,
        &[fixture("theater-repo/runtime-test.chain.json")
            .to_str()
            .unwrap()],
    );
    assert_eq!(
        seqs(&all_records(&serve, 7).await),
        (1..=7).collect::<Vec<_>>()
    );
    assert_eq!(serve.interrupt().await, 0);

    let output = Command::new(&bin)
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "/nonexistent/x.chain.json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("/nonexistent/x.chain.json: cannot read the file"),
        "{stderr}"
    );
}
