//! What the `reprise record` tests share: the recorder as a child process (its stderr read
//! line by line, Ctrl-C), the capture log read without touching it, and a subscription of
//! the test's own.

// Native test code: the workspace bans `Instant::now` for the browser's sake only.
#![allow(dead_code, clippy::unwrap_used, clippy::disallowed_methods)]

pub mod scripted_server;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reprise_chain::ChainEvent;
use reprise_store::{ActorInfo, LogRecord, RecordBody, LOG_FILE_NAME};
use reprise_theater_client::{ManagementCommand, ManagementResponse, TheaterConnection};

/// How long any single wait may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(30);

/// A running `reprise record`; killed if the test fails before stopping it.
pub struct RecorderProcess {
    child: Child,
    lines: mpsc::Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl RecorderProcess {
    /// Starts `reprise record ARGS`.
    pub fn start(args: &[&str]) -> Self {
        Self::spawn(args, Stdio::null(), None)
    }

    /// Starts `reprise record --server SERVER_ADDR EXTRA_ARGS… --dir DIR --no-serve` in
    /// `current_dir` (where relative paths are resolved).
    pub fn record_in(
        current_dir: &Path,
        server_addr: &str,
        dir: &Path,
        extra_args: &[&str],
    ) -> Self {
        let dir = dir
            .to_str()
            .expect("temporary directories have UTF-8 paths");
        let mut args = vec!["--server", server_addr];
        args.extend_from_slice(extra_args);
        args.extend_from_slice(&["--dir", dir, "--no-serve"]);
        Self::spawn(&args, Stdio::null(), Some(current_dir))
    }

    /// Starts `reprise record --server SERVER_ADDR --all --dir DIR --no-serve`, the recording
    /// most tests make.
    pub fn record_all(server_addr: &str, dir: &Path) -> Self {
        let dir = dir
            .to_str()
            .expect("temporary directories have UTF-8 paths");
        Self::start(&["--server", server_addr, "--all", "--dir", dir, "--no-serve"])
    }

    /// Starts `reprise record ARGS` serving the log; returns it and the URL it printed alone
    /// on stdout's first line.
    pub fn start_serving(args: &[&str]) -> (Self, String) {
        let mut recorder = Self::spawn(args, Stdio::piped(), None);
        let mut first_line = String::new();
        BufReader::new(recorder.child.stdout.take().unwrap())
            .read_line(&mut first_line)
            .unwrap();
        (recorder, first_line.trim().to_string())
    }

    fn spawn(args: &[&str], stdout: Stdio, current_dir: Option<&Path>) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_reprise"));
        command
            .arg("record")
            .args(args)
            .stdout(stdout)
            .stderr(Stdio::piped());
        if let Some(current_dir) = current_dir {
            command.current_dir(current_dir);
        }
        let mut child = command.spawn().unwrap();
        let stderr_pipe = child.stderr.take().unwrap();
        let (line_tx, lines) = mpsc::channel();
        let stderr = Arc::new(Mutex::new(String::new()));
        let all_text = Arc::clone(&stderr);
        std::thread::Builder::new()
            .name("recorder-stderr".into())
            .spawn(move || {
                for line in BufReader::new(stderr_pipe).lines() {
                    let Ok(line) = line else { break };
                    eprintln!("[recorder] {line}");
                    all_text.lock().unwrap().push_str(&format!("{line}\n"));
                    let _ = line_tx.send(line);
                }
            })
            .unwrap();
        Self {
            child,
            lines,
            stderr,
        }
    }

    /// Waits for a stderr line (printed at any time) containing `needle`; fails the test
    /// after [`WAIT`].
    pub fn wait_for_line(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            if let Some(line) = self.stderr().lines().find(|line| line.contains(needle)) {
                return line.to_string();
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the recorder never printed {needle:?}; its stderr:\n{}",
                self.stderr()
            );
            let _ = self.lines.recv_timeout(Duration::from_millis(50));
        }
    }

    /// Everything it printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Sends SIGINT (Ctrl-C) and returns the exit code.
    pub fn interrupt(&mut self) -> i32 {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success());
        self.wait_for_exit()
    }

    /// Waits for the process to end by itself; returns the exit code.
    pub fn wait_for_exit(&mut self) -> i32 {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take the last lines.
                std::thread::sleep(Duration::from_millis(100));
                return status.code().unwrap_or(-1);
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the recorder did not stop; its stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for RecorderProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The records of the capture log, read without opening it for writing (the recorder may be
/// writing it); a torn last line is left out.
pub fn read_log(dir: &Path) -> Vec<LogRecord> {
    let Ok(text) = std::fs::read_to_string(dir.join(LOG_FILE_NAME)) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| LogRecord::from_json_line(line).ok())
        .collect()
}

/// The events the log holds for `actor_id`, in order.
pub fn logged_events(dir: &Path, actor_id: &str) -> Vec<ChainEvent> {
    read_log(dir)
        .into_iter()
        .filter_map(|record| match record.body {
            RecordBody::Event {
                actor_id: id,
                event,
            } if id == actor_id => Some(event),
            _ => None,
        })
        .collect()
}

/// The latest actor record the log holds for `actor_id`.
pub fn logged_actor(dir: &Path, actor_id: &str) -> Option<ActorInfo> {
    read_log(dir)
        .into_iter()
        .rev()
        .find_map(|record| match record.body {
            RecordBody::Actor(info) if info.id == actor_id => Some(info),
            _ => None,
        })
}

/// Waits until the log holds at least `num_events` events of `actor_id`.
pub fn wait_for_logged_events(dir: &Path, actor_id: &str, num_events: usize) -> Vec<ChainEvent> {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let events = logged_events(dir, actor_id);
        if events.len() >= num_events {
            return events;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the log holds {} events of {actor_id}, expected {num_events}",
            events.len()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits until `condition` holds; fails the test after [`WAIT`] with `describe()`.
pub fn wait_until(mut condition: impl FnMut() -> bool, describe: impl Fn() -> String) {
    let deadline = std::time::Instant::now() + WAIT;
    while !condition() {
        assert!(std::time::Instant::now() < deadline, "{}", describe());
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The test's own subscription to one actor: a connection that saw `Subscribed`, and the
/// server's runtime has registered it (a later `ListActors` was answered).
pub async fn subscribe(addr: SocketAddr, actor_id: &str) -> (TheaterConnection, Vec<ChainEvent>) {
    let mut connection = TheaterConnection::connect(addr).await.unwrap();
    let mut events = Vec::new();
    let subscribe = ManagementCommand::SubscribeToActor {
        id: actor_id.to_string(),
    };
    let response = connection
        .request(&subscribe, |event| events.push(event))
        .await
        .unwrap();
    assert!(matches!(response, ManagementResponse::Subscribed { .. }));
    connection
        .request(&ManagementCommand::ListActors, |event| events.push(event))
        .await
        .unwrap();
    (connection, events)
}

/// Reads events from a subscription until none came for `quiet`.
pub async fn collect_events(
    connection: &mut TheaterConnection,
    mut events: Vec<ChainEvent>,
    quiet: Duration,
) -> Vec<ChainEvent> {
    while let Ok(response) = tokio::time::timeout(quiet, connection.next_response()).await {
        if let ManagementResponse::ActorEvent { event } = response.unwrap() {
            events.push(event);
        }
    }
    events
}
