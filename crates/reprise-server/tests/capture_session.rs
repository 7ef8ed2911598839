//! The shared capture session on real data: what its work writes through the batching writer
//! is served while it runs, the server and a temporary directory are gone when it returns, an
//! address that cannot be bound fails before any work, and a failed work is the session's
//! error.

#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use reprise_server::{
    run_session, Notice, NoticeSink, ServeAt, SessionContext, SessionError, SessionOptions,
};
use reprise_store::{BatchLimits, BatchWriter, DurableLog};
use reprise_testkit::theater_scenario::scenario_records;

fn collecting() -> (NoticeSink, Arc<Mutex<Vec<Notice>>>) {
    let notices = Arc::new(Mutex::new(Vec::new()));
    let sink_notices = Arc::clone(&notices);
    let sink: NoticeSink = Arc::new(move |notice| sink_notices.lock().unwrap().push(notice));
    (sink, notices)
}

fn serve_at(listen: SocketAddr) -> Option<ServeAt> {
    Some(ServeAt {
        listen,
        app_dir: "/nonexistent-reprise-app".into(),
    })
}

fn listening_addr(notices: &[Notice]) -> SocketAddr {
    let url = notices
        .iter()
        .find_map(|notice| match notice {
            Notice::Listening(url) => Some(url.clone()),
            _ => None,
        })
        .unwrap();
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_work_writes_through_the_writer_while_served_and_everything_is_closed_after() {
    let (sink, notices) = collecting();
    let options = SessionOptions {
        dir: None,
        serve: serve_at("127.0.0.1:0".parse().unwrap()),
    };
    let bodies = scenario_records();
    let num_bodies = bodies.len() as u64;
    let seen = Arc::clone(&notices);
    let work = |context: SessionContext| async move {
        // The server is up before the work starts.
        let addr = listening_addr(&seen.lock().unwrap());
        tokio::net::TcpStream::connect(addr).await.unwrap();
        let (sender, writer) =
            BatchWriter::spawn(context.live_log.clone(), BatchLimits::default(), |_| {}).unwrap();
        let mut live = context.live_log.subscribe();
        for body in bodies {
            sender.send(body).unwrap();
        }
        let report = tokio::task::spawn_blocking(move || writer.finish())
            .await
            .unwrap()
            .unwrap();
        // Durable, then broadcast to live subscribers.
        assert_eq!(live.recv().await.unwrap().record.seq, 1);
        let (log, _) = DurableLog::open(context.live_log.dir()).unwrap();
        assert_eq!(log.next_seq(), num_bodies + 1);
        Ok::<_, SessionError>((report.num_written, context.live_log.dir().to_path_buf()))
    };
    let (num_written, dir) = run_session(options, sink, work).await.unwrap();
    assert_eq!(num_written, num_bodies);
    let notices = notices.lock().unwrap().clone();
    assert!(matches!(
        &notices[0],
        Notice::LogOpened { is_temporary: true, dir: opened, .. } if *opened == dir
    ));
    assert!(!dir.exists(), "the temporary capture is removed");
    let addr = listening_addr(&notices);
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "the server is stopped"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_in_use_fails_before_the_work_runs() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let options = SessionOptions {
        dir: Some(dir.path().to_path_buf()),
        serve: serve_at(taken.local_addr().unwrap()),
    };
    let has_run = Arc::new(AtomicBool::new(false));
    let ran = Arc::clone(&has_run);
    let (sink, _) = collecting();
    let result = run_session(options, sink, |_| async move {
        ran.store(true, Ordering::SeqCst);
        Ok(())
    })
    .await;
    match result {
        Err(err @ SessionError::Bind(..)) => {
            assert!(err.to_string().starts_with("cannot listen on"), "{err}")
        }
        other => panic!("expected a bind error, got {other:?}"),
    }
    assert!(!has_run.load(Ordering::SeqCst));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_work_is_the_session_error_and_what_it_kept_stays() {
    let dir = tempfile::tempdir().unwrap();
    let options = SessionOptions {
        dir: Some(dir.path().to_path_buf()),
        serve: None,
    };
    let (sink, notices) = collecting();
    let result: Result<(), SessionError> = run_session(options, sink, |context| async move {
        context
            .live_log
            .append_batch(scenario_records()[..3].to_vec())
            .unwrap();
        Err(SessionError::Work("the server went away".into()))
    })
    .await;
    assert_eq!(result.unwrap_err().to_string(), "the server went away");
    assert!(notices
        .lock()
        .unwrap()
        .iter()
        .all(|notice| !matches!(notice, Notice::Listening(_))));
    let (log, _) = DurableLog::open(dir.path()).unwrap();
    assert_eq!(log.next_seq(), 4);
}
