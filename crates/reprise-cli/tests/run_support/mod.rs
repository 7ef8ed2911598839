//! What the `reprise run` tests share: a running `reprise run` process driven over stdin, and
//! checks of the capture directory it leaves.

#![allow(dead_code)]

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use reprise_chain::ActorChain;
use reprise_store::{DurableLog, LogRecord, RecordBody};

/// Setting an actor up compiles its module: seconds in a debug build on a busy machine.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(120);

/// A running `reprise run`, its stdin and its stderr lines.
pub struct RunProcess {
    pub child: Child,
    stdin: ChildStdin,
    stderr_rx: mpsc::Receiver<String>,
    stderr_lines: Vec<String>,
}

impl RunProcess {
    /// Starts `reprise run MANIFEST --dir CAPTURE_DIR --no-serve` in `work_dir`, with `envs`.
    pub fn start_in(
        work_dir: &Path,
        manifest: &Path,
        capture_dir: &Path,
        envs: &[(&str, &Path)],
    ) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_reprise"));
        for (name, value) in envs {
            command.env(name, value);
        }
        let mut child = command
            .arg("run")
            .arg(manifest)
            .arg("--dir")
            .arg(capture_dir)
            .arg("--no-serve")
            .current_dir(work_dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let (stderr_tx, stderr_rx) = mpsc::channel();
        std::thread::Builder::new()
            .spawn(move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    if stderr_tx.send(line).is_err() {
                        break;
                    }
                }
            })
            .unwrap();
        Self {
            child,
            stdin,
            stderr_rx,
            stderr_lines: Vec::new(),
        }
    }

    pub fn command(&mut self, line: &str) {
        writeln!(self.stdin, "{line}").unwrap();
        self.stdin.flush().unwrap();
    }

    /// Waits for a stderr line containing `needle`; returns it.
    pub fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + STEP_TIMEOUT;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            match self.stderr_rx.recv_timeout(remaining) {
                Ok(line) => {
                    self.stderr_lines.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "no stderr line with {needle:?}; got:\n{}",
                    self.stderr_lines.join("\n")
                ),
            }
        }
    }

    /// Every stderr line received so far, without waiting.
    pub fn take_available_lines(&mut self) -> Vec<String> {
        let lines: Vec<String> = self.stderr_rx.try_iter().collect();
        self.stderr_lines.extend(lines.iter().cloned());
        lines
    }

    pub fn wait_for_exit(mut self) -> (std::process::ExitStatus, Vec<String>) {
        drop(self.stdin);
        let deadline = Instant::now() + STEP_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let mut lines = self.stderr_lines;
                lines.extend(self.stderr_rx.try_iter());
                return (status, lines);
            }
            assert!(Instant::now() < deadline, "reprise run did not exit");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// The id in a `root actor supervisor started: <id>` line.
pub fn root_id_of(line: &str) -> String {
    line.rsplit(' ').next().unwrap().to_string()
}

/// The seq in a progress line (`…; durable through seq N`).
pub fn durable_seq_of(line: &str) -> Option<u64> {
    line.split("durable through seq ").nth(1)?.parse().ok()
}

pub fn chains_in(capture_dir: &Path) -> (Vec<ActorChain>, Vec<LogRecord>) {
    let (log, recovery) = DurableLog::open(capture_dir).unwrap();
    assert!(recovery.bad_lines.is_empty(), "{recovery:?}");
    let records = log.read_from(0, usize::MAX).unwrap();
    (log.to_actor_chains().unwrap(), records)
}

/// Each actor's record comes before its first event; no event is in the log twice.
pub fn check_records_before_events_and_no_duplicates(records: &[LogRecord]) {
    let mut described = HashSet::new();
    let mut seen_events = HashSet::new();
    let mut last_seq = 0;
    for record in records {
        assert!(record.seq > last_seq, "seqs increase");
        last_seq = record.seq;
        match &record.body {
            RecordBody::Actor(info) => {
                described.insert(info.id.clone());
            }
            RecordBody::Event { actor_id, event } => {
                assert!(described.contains(actor_id), "seq {}", record.seq);
                let key = (actor_id.clone(), event.hash.clone());
                assert!(seen_events.insert(key), "duplicate at seq {}", record.seq);
            }
        }
    }
}

/// Each chain's name and events (type, and the printable text of `wasm` payloads), one chain a
/// line, for failure messages.
pub fn describe_chains(chains: &[ActorChain]) -> String {
    chains
        .iter()
        .map(|chain| {
            let events: Vec<String> = chain
                .events
                .iter()
                .map(|event| match event.event_type.as_str() {
                    "wasm" => {
                        let text: String = String::from_utf8_lossy(&event.data)
                            .chars()
                            .filter(|c| c.is_ascii_graphic() || *c == ' ')
                            .collect();
                        format!("wasm({text})")
                    }
                    other => other.to_string(),
                })
                .collect();
            format!("{:?}: {}", chain.name, events.join(", "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}
