//! `reprise record` against the real `theater-server` 0.3.10 (Theater 0.3.29, installed by
//! `scripts/setup.sh`): it attaches to actors running before it starts and to actors started
//! later (by polling), and records exactly what the server sends, event for event and byte for
//! byte, into a log whose chains verify.
//!
//! What theater-server lets a client drive is narrow, and shapes this test: `StartActor` never
//! calls `init`, so an actor never registers with the message server and every
//! `SendActorMessage` is refused ("Actor not found"); and the server has no timer handler, so
//! the counter fixture (which imports `timer/now`) cannot even start. The supervisor fixture
//! starts; `StopActor` makes its chain record its `shutdown` event. A manifest with Theater's
//! replay handler makes it run a whole recorded chain at start, which gives a real actor that
//! a recorder can only attach to mid-way, unless the recorder starts it itself with `--start`
//! (subscribed from its first event: the complete chain). Children and bad input are covered
//! against a scripted server speaking the same protocol (`record_scripted_server.rs`).

#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod record_support;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use record_support::scripted_server::fixture_events;
use record_support::{collect_events, subscribe, wait_for_logged_events, RecorderProcess, WAIT};
use reprise_chain::verify_chain;
use reprise_store::DurableLog;
use reprise_theater_client::{ManagementCommand, ManagementResponse, TheaterConnection};

const THEATER_SERVER_VERSION: &str = "0.3.10";

/// The supervisor's recorded chain in the fixtures.
const SUPERVISOR_FIXTURE: &str = "0ac11f53-e4df-4044-a9ca-f23d024cd0a6";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/theater-0.3.29")
        .canonicalize()
        .unwrap()
}

/// The installed `theater-server` of the pinned version; the test fails (never skips)
/// without it.
fn theater_server_bin() -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect())
        .unwrap_or_default();
    if let Some(cargo_home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(cargo_home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    let expected = format!("theater-server {THEATER_SERVER_VERSION}");
    let mut found = Vec::new();
    for bin in dirs.iter().map(|dir| dir.join("theater-server")) {
        let Ok(output) = Command::new(&bin).arg("--version").output() else {
            continue;
        };
        let version = String::from_utf8_lossy(&output.stdout).trim().to_string();
        if version == expected {
            return bin;
        }
        found.push(format!("{} is {version:?}", bin.display()));
    }
    panic!(
        "theater-server {THEATER_SERVER_VERSION} is not installed ({}): run scripts/setup.sh",
        if found.is_empty() {
            "none on PATH or in ~/.cargo/bin".to_string()
        } else {
            found.join(", ")
        }
    );
}

/// A running theater-server on a free loopback port; killed when dropped.
struct TheaterServer {
    child: Child,
    addr: SocketAddr,
    _log_dir: tempfile::TempDir,
}

impl TheaterServer {
    fn start() -> Self {
        let bin = theater_server_bin();
        let addr = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let log_dir = tempfile::tempdir().unwrap();
        // A manifest's relative `package` is resolved against the server's working directory,
        // so it runs in the fixtures directory and the committed manifests work as they are.
        let child = Command::new(bin)
            .args(["-a", &addr.to_string(), "--log-dir"])
            .arg(log_dir.path())
            .current_dir(fixtures_dir())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Self {
            child,
            addr,
            _log_dir: log_dir,
        };
        let deadline = std::time::Instant::now() + WAIT;
        while std::net::TcpStream::connect(addr).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "theater-server did not listen on {addr}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }
}

impl Drop for TheaterServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start_supervisor(control: &mut TheaterConnection) -> String {
    let manifest = fixtures_dir().join("supervisor.toml");
    let start = ManagementCommand::StartActor {
        manifest: manifest.to_string_lossy().into_owned(),
        initial_state: None,
        parent: false,
        subscribe: false,
    };
    match control.request(&start, |_| {}).await.unwrap() {
        ManagementResponse::ActorStarted { id } => id,
        other => panic!("StartActor answered {}", other.variant_name()),
    }
}

async fn stop_actor(control: &mut TheaterConnection, actor_id: &str) {
    let stop = ManagementCommand::StopActor {
        id: actor_id.to_string(),
    };
    let response = control.request(&stop, |_| {}).await.unwrap();
    assert_eq!(response.variant_name(), "ActorStopped");
}

#[test]
fn record_keeps_exactly_what_the_real_theater_server_sends() {
    let server = TheaterServer::start();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut control = runtime
        .block_on(TheaterConnection::connect(server.addr))
        .unwrap();
    let early = runtime.block_on(start_supervisor(&mut control));

    let dir = tempfile::tempdir().unwrap();
    let mut recorder = RecorderProcess::record_all(&server.addr.to_string(), dir.path());
    recorder.wait_for_line(&format!("attached actor {early} (supervisor)"));
    // Started after the recorder: found by its polling.
    let late = runtime.block_on(start_supervisor(&mut control));
    recorder.wait_for_line(&format!("attached actor {late} (supervisor)"));

    for actor_id in [&early, &late] {
        let sent = runtime.block_on(async {
            let (mut own, events) = subscribe(server.addr, actor_id).await;
            stop_actor(&mut control, actor_id).await;
            collect_events(&mut own, events, Duration::from_millis(1500)).await
        });
        assert!(
            !sent.is_empty(),
            "theater-server sent no event for {actor_id}"
        );
        let logged = wait_for_logged_events(dir.path(), actor_id, sent.len());
        assert_eq!(logged, sent, "{actor_id}");
        recorder.wait_for_line(&format!("actor {actor_id} (supervisor): shutdown recorded"));
    }
    assert_eq!(recorder.interrupt(), 0, "{}", recorder.stderr());

    let (log, _) = DurableLog::open(dir.path()).unwrap();
    let chains = log.to_actor_chains().unwrap();
    assert_eq!(chains.len(), 2);
    for chain in &chains {
        let actor_id = chain.id.clone().unwrap();
        assert_eq!(chain.name.as_deref(), Some("supervisor"), "{actor_id}");
        assert_eq!(chain.parent, None, "{actor_id}");
        let report = verify_chain(&chain.events);
        assert!(report.is_verified(), "{actor_id}: {}", report.summary());
        assert_eq!(report.hashes_checked, chain.events.len());
        // Subscribed before the actor's first event: the chain starts at its root.
        assert_eq!(report.partial_from, None, "{actor_id}");
        assert_eq!(chain.events[0].parent_hash, None);
    }
    let stderr = recorder.stderr();
    assert!(stderr.contains("recorded 2 events of 2 actors"), "{stderr}");
}

#[test]
fn record_of_an_actor_the_real_server_does_not_run_fails_with_the_reason() {
    let server = TheaterServer::start();
    let dir = tempfile::tempdir().unwrap();
    let missing = "00000000-0000-4000-8000-000000000000";
    let mut recorder = RecorderProcess::start(&[
        "--server",
        &server.addr.to_string(),
        "--actor",
        missing,
        "--dir",
        dir.path().to_str().unwrap(),
        "--no-serve",
    ]);
    assert_eq!(recorder.wait_for_exit(), 2);
    let stderr = recorder.stderr();
    assert!(
        stderr.contains(&format!(
            "actor {missing} is not running on theater-server at {}",
            server.addr
        )),
        "{stderr}"
    );
}

/// A manifest that replays the supervisor fixture's recorded chain (without its final
/// `shutdown`): Theater's replay handler drives the actor through every recorded call at
/// start, so theater-server records a real 75-event chain without any message.
fn write_replay_manifest(dir: &Path) -> PathBuf {
    let fixtures = fixtures_dir();
    let chain_text =
        std::fs::read_to_string(fixtures.join(format!("{SUPERVISOR_FIXTURE}.chain.json"))).unwrap();
    let mut events: Vec<serde_json::Value> = serde_json::from_str(&chain_text).unwrap();
    assert_eq!(events.pop().unwrap()["event_type"], "shutdown");
    let chain_path = dir.join("supervisor.replay.json");
    std::fs::write(&chain_path, serde_json::to_vec(&events).unwrap()).unwrap();
    let manifest = std::fs::read_to_string(fixtures.join("supervisor.toml")).unwrap();
    let manifest = format!(
        "{manifest}\n[[handler]]\ntype = \"replay\"\nchain = {:?}\n",
        chain_path.to_string_lossy()
    );
    let manifest_path = dir.join("supervisor-replay.toml");
    std::fs::write(&manifest_path, manifest).unwrap();
    manifest_path
}

#[test]
fn record_attached_to_a_real_actor_mid_way_keeps_a_partial_chain_that_verifies() {
    let server = TheaterServer::start();
    let work_dir = tempfile::tempdir().unwrap();
    let manifest = write_replay_manifest(work_dir.path());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    // The test's own connection starts the actor subscribed: it sees every event from the
    // root, the replay included.
    let (mut owner, actor_id, before) = runtime.block_on(async {
        let mut owner = TheaterConnection::connect(server.addr).await.unwrap();
        let start = ManagementCommand::StartActor {
            manifest: manifest.to_string_lossy().into_owned(),
            initial_state: None,
            parent: false,
            subscribe: true,
        };
        let mut events = Vec::new();
        let actor_id = match owner
            .request(&start, |event| events.push(event))
            .await
            .unwrap()
        {
            ManagementResponse::ActorStarted { id } => id,
            other => panic!("StartActor answered {}", other.variant_name()),
        };
        let events = collect_events(&mut owner, events, Duration::from_millis(1500)).await;
        (owner, actor_id, events)
    });
    assert_eq!(
        before.len(),
        75,
        "the replay records every recorded call again"
    );

    let dir = tempfile::tempdir().unwrap();
    let mut recorder = RecorderProcess::start(&[
        "--server",
        &server.addr.to_string(),
        "--actor",
        &actor_id,
        "--dir",
        dir.path().to_str().unwrap(),
        "--no-serve",
    ]);
    recorder.wait_for_line(&format!("attached actor {actor_id} (supervisor)"));
    let sent = runtime.block_on(async {
        let mut events = before.clone();
        let stop = ManagementCommand::StopActor {
            id: actor_id.clone(),
        };
        owner
            .request(&stop, |event| events.push(event))
            .await
            .unwrap();
        collect_events(&mut owner, events, Duration::from_millis(1500)).await
    });
    assert_eq!(sent.len(), 76);
    let own_report = verify_chain(&sent);
    assert!(own_report.is_verified(), "{}", own_report.summary());
    assert_eq!(own_report.partial_from, None);

    let recorded = wait_for_logged_events(dir.path(), &actor_id, 1);
    recorder.wait_for_line(&format!("actor {actor_id} (supervisor): shutdown recorded"));
    assert_eq!(recorder.interrupt(), 0, "{}", recorder.stderr());
    assert_eq!(recorded, sent[75..]);
    assert_eq!(recorded[0].parent_hash.as_ref(), Some(&sent[74].hash));
    let report = verify_chain(&recorded);
    assert!(report.is_verified(), "{}", report.summary());
    assert_eq!(report.partial_from, Some(0));
    let stderr = recorder.stderr();
    assert!(stderr.contains("the chain is partial"), "{stderr}");
}

/// How many events theater-server records when the replay manifest's actor starts: one per
/// event of the replayed chain (the fixture without its `shutdown`), as the mid-way test sees.
const NUM_REPLAYED_EVENTS: usize = 75;

#[test]
fn record_start_keeps_a_real_actors_complete_chain_from_its_first_event() {
    let server = TheaterServer::start();
    let work_dir = tempfile::tempdir().unwrap();
    write_replay_manifest(work_dir.path());
    let dir = tempfile::tempdir().unwrap();
    // A relative manifest path, from the recorder's working directory: theater-server runs
    // elsewhere (the fixtures directory), so only the absolute path the CLI sends finds it.
    let start_args = ["--start", "supervisor-replay.toml"];
    let mut recorder = RecorderProcess::record_in(
        work_dir.path(),
        &server.addr.to_string(),
        dir.path(),
        &start_args,
    );
    let line = recorder.wait_for_line("; recording from its first event");
    let started = line.split("started actor ").nth(1).unwrap();
    let actor_id = started.split(' ').next().unwrap().to_string();
    let manifest_path = work_dir
        .path()
        .join("supervisor-replay.toml")
        .canonicalize()
        .unwrap();
    assert!(
        started.ends_with(&format!(
            "(supervisor) from {}; recording from its first event",
            manifest_path.display()
        )),
        "{line}"
    );
    let recorded = wait_for_logged_events(dir.path(), &actor_id, NUM_REPLAYED_EVENTS);
    assert_eq!(recorder.interrupt(), 0, "{}", recorder.stderr());
    let stderr = recorder.stderr();
    assert!(!stderr.contains("partial"), "{stderr}");

    let (log, _) = DurableLog::open(dir.path()).unwrap();
    let chains = log.to_actor_chains().unwrap();
    assert_eq!(chains.len(), 1);
    let chain = &chains[0];
    assert_eq!(chain.id.as_deref(), Some(actor_id.as_str()));
    assert_eq!(chain.name.as_deref(), Some("supervisor"));
    assert_eq!(chain.parent, None);
    assert!(chain.events.len() >= recorded.len());
    // Complete: the first event is the chain's root, and every link holds.
    assert_eq!(chain.events[0].parent_hash, None);
    let report = verify_chain(&chain.events);
    assert!(report.is_verified(), "{}", report.summary());
    assert_eq!(report.partial_from, None);
    assert_eq!(report.hashes_checked, chain.events.len());

    // Theater's replay handler re-runs the fixture's recorded calls and the runtime records
    // them again. An event's hash covers its parent's hash, its type and its data, so equal
    // hashes from the root on mean the recorded chain *is* the fixture chain. `ChainEvent`
    // equality compares those fields and the hash (era A's extra fields are absent), hence
    // hash for hash and byte for byte. The fixture ends with a `shutdown` the replay does not
    // produce (the manifest's chain leaves it out, and nothing stops the actor here), so the
    // comparison is over the recorded length: the `NUM_REPLAYED_EVENTS` replayed events, and
    // anything the run appended after them, which must then be the fixture's next events.
    let fixture = fixture_events(SUPERVISOR_FIXTURE);
    let num_recorded = chain.events.len();
    assert!(num_recorded <= fixture.len(), "{num_recorded} events");
    assert_eq!(chain.events, fixture[..num_recorded]);
}
