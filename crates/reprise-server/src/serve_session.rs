//! `serve_blocking`: one whole `reprise serve` run: open the log (or a temporary one), bind,
//! load the given files in order while already serving, and stop cleanly on Ctrl-C.
//!
//! Invariant: when this returns, every record appended is fsynced, every WebSocket got a
//! Close frame, and a temporary log directory is removed.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use reprise_store::{RecoveryReport, StoreError};
use tokio::sync::watch;

use crate::file_loader::{load_file, LoadError, LoadProgress, LoadReport};
use crate::live_log::{LiveLog, DEFAULT_LIVE_QUEUE_LEN};
use crate::server::{missing_app_hint, Server, ServerConfig};
use crate::stop_signal::wait_for_stop_signal;

/// What to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The address to bind (loopback unless the user asks otherwise).
    pub listen: SocketAddr,
    /// The capture directory; `None` for a fresh temporary one, removed at exit.
    pub dir: Option<PathBuf>,
    /// The built web app.
    pub app_dir: PathBuf,
    /// Chain files and bundles appended to the log, in this order.
    pub files: Vec<PathBuf>,
}

/// Something the user should hear about; `Display` gives the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The log was opened.
    LogOpened {
        /// The capture directory.
        dir: PathBuf,
        /// Whether it is removed at exit.
        is_temporary: bool,
        /// What reopening found.
        recovery: RecoveryReport,
    },
    /// The server is up: the app's URL. Printed on stdout, alone on its line.
    Listening(String),
    /// There is no built app; the text says how to get one.
    MissingApp(String),
    /// A file is being loaded.
    Loading(PathBuf, LoadProgress),
    /// A file was loaded.
    Loaded(PathBuf, LoadReport),
    /// Ctrl-C (or SIGTERM) was received.
    ShuttingDown,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LogOpened {
                dir,
                is_temporary,
                recovery,
            } => {
                let kind = if *is_temporary {
                    "temporary log"
                } else {
                    "log"
                };
                write!(
                    f,
                    "{kind} {}: {} records",
                    dir.display(),
                    recovery.num_records
                )?;
                f.write_str(&recovery.repairs_text())
            }
            Self::Listening(url) => f.write_str(url),
            Self::MissingApp(hint) => f.write_str(hint.trim_end()),
            Self::Loading(path, LoadProgress::Parsing { num_bytes }) => {
                write!(f, "{}: parsing {num_bytes} bytes", path.display())
            }
            Self::Loading(
                path,
                LoadProgress::Appending {
                    num_done,
                    num_total,
                },
            ) => {
                write!(
                    f,
                    "{}: appended {num_done}/{num_total} records",
                    path.display()
                )
            }
            Self::Loaded(path, report) => {
                write!(
                    f,
                    "{}: {} ({}, {}); ",
                    path.display(),
                    report.format.as_str(),
                    count(report.num_actors, "actor"),
                    count(report.num_events, "event")
                )?;
                match report.num_written {
                    0 => f.write_str("already in the log"),
                    num => write!(
                        f,
                        "{}, seq {}..={}",
                        count(num, "new record"),
                        report.seqs.start,
                        report.seqs.end - 1
                    ),
                }
            }
            Self::ShuttingDown => f.write_str("shutting down"),
        }
    }
}

fn count(num: usize, noun: &str) -> String {
    match num {
        1 => format!("1 {noun}"),
        num => format!("{num} {noun}s"),
    }
}

/// Why serving failed.
#[derive(Debug)]
pub enum ServeError {
    /// The log cannot be opened or created.
    Store(StoreError),
    /// Something the process needs is missing (a runtime, a temporary directory).
    Setup(String, std::io::Error),
    /// The address cannot be bound.
    Bind(SocketAddr, std::io::Error),
    /// A file could not be loaded; the server was stopped.
    Load(LoadError),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Store(err) => write!(f, "{err}"),
            Self::Setup(what, err) => write!(f, "cannot {what}: {err}"),
            Self::Bind(addr, err) => write!(f, "cannot listen on {addr}: {err}"),
            Self::Load(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Runs `reprise serve` until Ctrl-C, SIGTERM or a file that cannot be loaded.
pub fn serve_blocking(
    options: ServeOptions,
    on_notice: Arc<dyn Fn(Notice) + Send + Sync>,
) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| ServeError::Setup("start the async runtime".into(), err))?;
    runtime.block_on(serve(options, on_notice))
}

async fn serve(
    options: ServeOptions,
    on_notice: Arc<dyn Fn(Notice) + Send + Sync>,
) -> Result<(), ServeError> {
    let (dir, temp_dir) = match &options.dir {
        Some(dir) => (dir.clone(), None),
        None => {
            let temp_dir = tempfile::Builder::new()
                .prefix("reprise-serve-")
                .tempdir()
                .map_err(|err| ServeError::Setup("create a temporary directory".into(), err))?;
            (temp_dir.path().to_path_buf(), Some(temp_dir))
        }
    };
    let open_dir = dir.clone();
    let (live_log, recovery) =
        tokio::task::spawn_blocking(move || LiveLog::open(&open_dir, DEFAULT_LIVE_QUEUE_LEN))
            .await
            .map_err(|err| ServeError::Setup("open the log".into(), err.into()))?
            .map_err(ServeError::Store)?;
    on_notice(Notice::LogOpened {
        dir,
        is_temporary: temp_dir.is_some(),
        recovery,
    });

    let config = ServerConfig {
        listen: options.listen,
        app_dir: options.app_dir.clone(),
    };
    let server = Server::bind(&config, live_log.clone())
        .await
        .map_err(|err| ServeError::Bind(options.listen, err))?;
    on_notice(Notice::Listening(server.url()));
    if !server.has_app() {
        on_notice(Notice::MissingApp(missing_app_hint(&options.app_dir)));
    }

    let (stop_tx, mut stop_rx) = watch::channel(false);
    let stop_loading = Arc::new(AtomicBool::new(false));
    let server_task = tokio::spawn(server.run(async move {
        let _ = stop_rx.wait_for(|is_stopped| *is_stopped).await;
    }));
    let signal_task = tokio::spawn({
        let stop_tx = stop_tx.clone();
        let stop_loading = Arc::clone(&stop_loading);
        let on_notice = Arc::clone(&on_notice);
        async move {
            wait_for_stop_signal().await;
            on_notice(Notice::ShuttingDown);
            stop_loading.store(true, Ordering::Relaxed);
            let _ = stop_tx.send(true);
        }
    });
    let loaded = tokio::task::spawn_blocking({
        let on_notice = Arc::clone(&on_notice);
        move || load_files(&live_log, &options.files, &stop_loading, &*on_notice)
    })
    .await;
    let load_result = match loaded {
        Ok(Err(LoadError::Stopped)) | Ok(Ok(())) => Ok(()),
        Ok(Err(err)) => Err(ServeError::Load(err)),
        Err(join_error) => std::panic::resume_unwind(join_error.into_panic()),
    };
    if load_result.is_err() {
        let _ = stop_tx.send(true);
    }
    let served = server_task.await;
    signal_task.abort();
    drop(temp_dir);
    load_result?;
    match served {
        Ok(Ok(())) => Ok(()),
        Ok(Err(err)) => Err(ServeError::Setup("serve".into(), err)),
        Err(join_error) => std::panic::resume_unwind(join_error.into_panic()),
    }
}

fn load_files(
    live_log: &LiveLog,
    files: &[PathBuf],
    stop: &AtomicBool,
    on_notice: &(dyn Fn(Notice) + Send + Sync),
) -> Result<(), LoadError> {
    for path in files {
        let report = load_file(live_log, path, stop, &mut |progress| {
            on_notice(Notice::Loading(path.clone(), progress));
        })?;
        on_notice(Notice::Loaded(path.clone(), report));
    }
    Ok(())
}
