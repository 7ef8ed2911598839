//! `Server`: the HTTP side of `reprise serve`: the built web app as static files at `/`, the
//! live feed at `/ws` and the capture's wasm modules at `/modules/{sha256}.wasm`, over one
//! [`LiveLog`].
//!
//! Invariants: the server only answers requests; it never opens a connection anywhere. On
//! shutdown it stops accepting, closes every WebSocket with a Close frame, and waits (for a
//! bounded time) until each connection has ended.

use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::extract::{State, WebSocketUpgrade};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot, watch};
use tower_http::services::ServeDir;

use crate::live_log::LiveLog;
use crate::module_route::serve_module;
use crate::origin_check::check_upgrade;
use crate::ws_connection::{serve_connection, ConnectionContext};

/// The largest message a client may send (subscriptions are small).
const MAX_CLIENT_MESSAGE_BYTES: usize = 1 << 20;

/// How long shutdown waits for requests in flight, then for open WebSockets, to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Where to listen and what to serve.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The address to bind; port 0 picks a free port (see [`Server::local_addr`]).
    pub listen: SocketAddr,
    /// The built web app (Trunk's `dist/`), served at `/`.
    pub app_dir: PathBuf,
}

/// A bound, not yet running server.
pub struct Server {
    listener: TcpListener,
    local_addr: SocketAddr,
    app_dir: PathBuf,
    has_app: bool,
    state: AppState,
    shutdown_tx: watch::Sender<bool>,
    alive_rx: mpsc::Receiver<()>,
}

#[derive(Clone)]
struct AppState {
    live_log: LiveLog,
    is_loopback: bool,
    shutdown: watch::Receiver<bool>,
    alive: mpsc::Sender<()>,
}

impl Server {
    /// Binds `config.listen`; serving starts with [`Server::run`].
    pub async fn bind(config: &ServerConfig, live_log: LiveLog) -> std::io::Result<Self> {
        let listener = TcpListener::bind(config.listen).await?;
        let local_addr = listener.local_addr()?;
        let (shutdown_tx, shutdown) = watch::channel(false);
        let (alive, alive_rx) = mpsc::channel(1);
        Ok(Self {
            listener,
            local_addr,
            app_dir: config.app_dir.clone(),
            has_app: config.app_dir.join("index.html").is_file(),
            state: AppState {
                live_log,
                is_loopback: local_addr.ip().is_loopback(),
                shutdown,
                alive,
            },
            shutdown_tx,
            alive_rx,
        })
    }

    /// The bound address (with the real port when port 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The app's URL, `http://<addr>/`; the live feed is at `ws://<addr>/ws`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.local_addr)
    }

    /// Whether the app directory holds an `index.html`. Without one, `/` answers 404 with a
    /// hint and only the live feed is useful.
    pub fn has_app(&self) -> bool {
        self.has_app
    }

    /// Serves until `shutdown` completes, then closes every connection.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let Self {
            listener,
            app_dir,
            has_app,
            state,
            shutdown_tx,
            mut alive_rx,
            ..
        } = self;
        let modules = Router::new()
            .route("/modules/{file_name}", get(serve_module))
            .with_state(state.live_log.clone());
        let router = Router::new()
            .route("/ws", get(upgrade_to_feed))
            .with_state(state)
            .merge(modules);
        let router = if has_app {
            router.fallback_service(ServeDir::new(&app_dir))
        } else {
            let hint = missing_app_hint(&app_dir);
            router.fallback(move || async move {
                (
                    StatusCode::NOT_FOUND,
                    [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                    hint,
                )
            })
        };
        let (stopping_tx, stopping_rx) = oneshot::channel::<()>();
        let serving = axum::serve(listener, router).with_graceful_shutdown(async move {
            shutdown.await;
            let _ = shutdown_tx.send(true);
            let _ = stopping_tx.send(());
        });
        // Graceful shutdown waits for requests in flight; a client that never finishes its
        // request must not keep the server up.
        let grace_over = async move {
            match stopping_rx.await {
                Ok(()) => tokio::time::sleep(SHUTDOWN_GRACE).await,
                Err(_) => std::future::pending().await,
            }
        };
        let served = tokio::select! {
            served = serving.into_future() => served,
            () = grace_over => Ok(()),
        };
        // Every connection holds a clone of `alive`; `recv` returns `None` once all are gone.
        let _ = tokio::time::timeout(SHUTDOWN_GRACE, alive_rx.recv()).await;
        served
    }
}

/// The text `/` answers with when there is no built app.
pub fn missing_app_hint(app_dir: &Path) -> String {
    format!(
        "Reprise's web app is not built: {} has no index.html. Build it with \
         `trunk build --release` (it writes dist/), or point `reprise serve --app-dir` at a \
         built copy. The live feed is still served at /ws.\n",
        app_dir.display()
    )
}

async fn upgrade_to_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    if let Err(refusal) = check_upgrade(&headers, state.is_loopback) {
        return (StatusCode::FORBIDDEN, refusal.to_string()).into_response();
    }
    let context = ConnectionContext {
        live_log: state.live_log,
        shutdown: state.shutdown,
        alive: state.alive,
    };
    upgrade
        .max_message_size(MAX_CLIENT_MESSAGE_BYTES)
        .on_upgrade(move |socket| serve_connection(socket, context))
}
