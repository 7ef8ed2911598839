//! `run_session`: the one start-up/shutdown path of every command that writes or serves a
//! capture (`reprise serve`, `reprise record`, `reprise run`). In order: open the
//! capture's log (or a temporary one) and say what reopening found; bind and say the app's
//! URL (unless serving is off); run the command's work with the live log and a stop flag;
//! on Ctrl-C or SIGTERM say so and raise the flag; when the work ends (told to stop, or on
//! its own), stop serving, close every feed, remove a temporary directory, and return the
//! work's result. One error type ([`SessionError`]) for everything that can go wrong on that
//! path; the commands print it once and exit with 2.
//!
//! Invariants: the work is started only once the log is open and the server bound, so a
//! capture that cannot be opened or served fails before anything is recorded; the server is
//! stopped only after the work returned, so everything the work made durable was servable;
//! the stop flag is raised at most once, by the signal only (the work decides how to drain).

use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;

use reprise_store::StoreError;
use tokio::sync::watch;

use crate::live_log::{LiveLog, DEFAULT_LIVE_QUEUE_LEN};
use crate::server::{missing_app_hint, Server, ServerConfig};
use crate::session_notice::{Notice, NoticeSink};
use crate::stop_signal::wait_for_stop_signal;

/// Where a session's capture is and how it is served.
#[derive(Debug, Clone)]
pub struct SessionOptions {
    /// The capture directory; `None` for a fresh temporary one, removed at exit.
    pub dir: Option<PathBuf>,
    /// Where to serve the app and `/ws`; `None` records without serving.
    pub serve: Option<ServeAt>,
}

/// The address and app a session serves.
#[derive(Debug, Clone)]
pub struct ServeAt {
    /// The address to bind (loopback unless the user asks otherwise).
    pub listen: SocketAddr,
    /// The built web app.
    pub app_dir: PathBuf,
}

/// What the work of a session is given.
pub struct SessionContext {
    /// The capture's log, served live (writers append through it, or through a
    /// `reprise_store::BatchWriter` over it).
    pub live_log: LiveLog,
    /// Becomes `true` on Ctrl-C or SIGTERM: the work should drain what it holds and return.
    pub stop: watch::Receiver<bool>,
    /// Where to say things.
    pub notices: NoticeSink,
}

/// Why a session failed.
#[derive(Debug)]
pub enum SessionError {
    /// The log cannot be opened or created.
    Store(StoreError),
    /// Something the process needs is missing (a runtime, a temporary directory).
    Setup(String, std::io::Error),
    /// The address cannot be bound.
    Bind(SocketAddr, std::io::Error),
    /// The command's work failed; the text says what and why.
    Work(String),
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Store(err) => write!(f, "{err}"),
            Self::Setup(what, err) => write!(f, "cannot {what}: {err}"),
            Self::Bind(addr, err) => write!(f, "cannot listen on {addr}: {err}"),
            Self::Work(text) => f.write_str(text),
        }
    }
}

impl std::error::Error for SessionError {}

/// Runs `future` on a fresh multi-threaded runtime (what every session runs in).
pub fn block_on<F: Future>(future: F) -> Result<F::Output, SessionError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| SessionError::Setup("start the async runtime".into(), err))?;
    Ok(runtime.block_on(future))
}

/// Opens and serves the capture, runs `work` until it returns, then shuts down (see the
/// module doc). Returns the work's result, or why the session could not run it.
pub async fn run_session<T, W, Fut>(
    options: SessionOptions,
    notices: NoticeSink,
    work: W,
) -> Result<T, SessionError>
where
    W: FnOnce(SessionContext) -> Fut,
    Fut: Future<Output = Result<T, SessionError>>,
{
    let (dir, temp_dir) = match &options.dir {
        Some(dir) => (dir.clone(), None),
        None => {
            let temp_dir = tempfile::Builder::new()
                .prefix("reprise-capture-")
                .tempdir()
                .map_err(|err| SessionError::Setup("create a temporary directory".into(), err))?;
            (temp_dir.path().to_path_buf(), Some(temp_dir))
        }
    };
    let open_dir = dir.clone();
    let (live_log, recovery) =
        tokio::task::spawn_blocking(move || LiveLog::open(&open_dir, DEFAULT_LIVE_QUEUE_LEN))
            .await
            .map_err(|err| SessionError::Setup("open the log".into(), err.into()))?
            .map_err(SessionError::Store)?;
    notices(Notice::LogOpened {
        dir,
        is_temporary: temp_dir.is_some(),
        recovery,
    });

    let (stop_serving, serving_stopped) = watch::channel(false);
    let server_task = match &options.serve {
        Some(serve_at) => Some(start_server(serve_at, &live_log, &notices, serving_stopped).await?),
        None => None,
    };
    let (stop_tx, stop) = watch::channel(false);
    let signal_task = tokio::spawn({
        let notices = notices.clone();
        async move {
            wait_for_stop_signal().await;
            notices(Notice::ShuttingDown);
            let _ = stop_tx.send(true);
        }
    });

    let result = work(SessionContext {
        live_log,
        stop,
        notices: notices.clone(),
    })
    .await;

    signal_task.abort();
    let _ = stop_serving.send(true);
    let served = match server_task {
        Some(task) => task.await,
        None => Ok(Ok(())),
    };
    drop(temp_dir);
    let value = result?;
    match served {
        Ok(Ok(())) => Ok(value),
        Ok(Err(err)) => Err(SessionError::Setup("serve".into(), err)),
        Err(join_error) => Err(SessionError::Work(format!(
            "the server failed: {join_error}"
        ))),
    }
}

type ServerTask = tokio::task::JoinHandle<std::io::Result<()>>;

/// Binds, says the URL (and a missing app), and serves until `stopped` becomes `true`.
async fn start_server(
    serve_at: &ServeAt,
    live_log: &LiveLog,
    notices: &NoticeSink,
    mut stopped: watch::Receiver<bool>,
) -> Result<ServerTask, SessionError> {
    let config = ServerConfig {
        listen: serve_at.listen,
        app_dir: serve_at.app_dir.clone(),
    };
    let server = Server::bind(&config, live_log.clone())
        .await
        .map_err(|err| SessionError::Bind(serve_at.listen, err))?;
    notices(Notice::Listening(server.url()));
    if !server.has_app() {
        notices(Notice::MissingApp(missing_app_hint(&serve_at.app_dir)));
    }
    Ok(tokio::spawn(server.run(async move {
        let _ = stopped.wait_for(|is_stopped| *is_stopped).await;
    })))
}
