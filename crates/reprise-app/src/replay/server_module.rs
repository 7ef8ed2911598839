//! `ServerModule`: the wasm module of a live-captured actor, as the capture server serves it
//! (`GET /modules/<sha256>.wasm`, on the origin of the feed's `/ws`), and `ModuleFetch`, how
//! fetching it stands this session.
//!
//! Plain data, no signals, no web API: the URL is derived here and fetched in
//! `crate::browser::module_fetch`. Invariant: a URL is only ever built from a feed URL the
//! user gave and a SHA-256 of exactly 64 hex digits, so a record cannot point the page at
//! another host or path.

use std::sync::Arc;

use reprise_chain::ActorChain;
use reprise_replay::WasmSource;

use crate::worker_protocol::ReplayCommand;
use crate::ActorKey;

/// Hex digits in a SHA-256.
const SHA256_HEX_LEN: usize = 64;

/// A live-captured actor's module on the server that recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerModule {
    /// The module's SHA-256, lowercase hex, as the actor record names it.
    pub sha256: String,
    /// Where the server serves it.
    pub url: String,
}

/// How fetching one server module stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModuleFetch {
    /// Requested; `pending` is the actor and control to carry out once it arrives (none
    /// after a Cancel).
    Fetching {
        /// The actor position and the replay command waiting for the module.
        pending: Option<(ActorKey, ReplayCommand)>,
    },
    /// Arrived: kept for the rest of the session, shared by every actor that runs it.
    Fetched(Arc<Vec<u8>>),
    /// Failed with this sentence; the next control asks again.
    Failed(String),
}

impl ServerModule {
    /// The module of `actor`, which came from the feed at `feed_url` (`None` when it was
    /// opened from a file): `None` when the feed or the record names no usable module.
    pub fn of_actor(actor: &ActorChain, feed_url: Option<&str>) -> Option<Self> {
        let sha256 = actor.wasm_sha256.as_deref()?;
        // A feed URL that cannot be mapped could not have been connected to either, and a
        // malformed digest names no module the server could hold: no module to offer.
        let url = module_url(feed_url?, sha256).ok()?;
        Some(Self {
            sha256: sha256.to_ascii_lowercase(),
            url,
        })
    }

    /// Where this module comes from, for [`crate::WasmChoice`].
    pub fn source(&self) -> WasmSource {
        WasmSource::Server {
            url: self.url.clone(),
            sha256: self.sha256.clone(),
        }
    }
}

/// The module URL of SHA-256 `sha256` on the server whose feed is `feed_url`:
/// `ws://host:port/ws` → `http://host:port/modules/<sha256>.wasm` (`wss` → `https`).
pub fn module_url(feed_url: &str, sha256: &str) -> Result<String, String> {
    let is_sha256 =
        sha256.len() == SHA256_HEX_LEN && sha256.bytes().all(|byte| byte.is_ascii_hexdigit());
    if !is_sha256 {
        return Err(format!("{sha256:?} is not a SHA-256 (64 hex digits)"));
    }
    let (scheme, rest) = feed_url
        .split_once("://")
        .ok_or_else(|| format!("{feed_url} is not a ws:// or wss:// URL"))?;
    let http_scheme = match scheme.to_ascii_lowercase().as_str() {
        "ws" | "http" => "http",
        "wss" | "https" => "https",
        _ => return Err(format!("{feed_url} is not a ws:// or wss:// URL")),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() {
        return Err(format!("{feed_url} names no host"));
    }
    Ok(format!(
        "{http_scheme}://{authority}/modules/{}.wasm",
        sha256.to_ascii_lowercase()
    ))
}

impl ModuleFetch {
    /// The replay bar's status line while the shown actor waits for `module`, with its
    /// outcome (`fetching`, `failed`); `None` once it arrived.
    pub fn status(&self, module: &ServerModule) -> Option<(String, &'static str)> {
        match self {
            Self::Fetching { .. } => Some((format!("Fetching module {}…", module.url), "fetching")),
            Self::Failed(message) => Some((format!("Replay failed: {message}"), "failed")),
            Self::Fetched(_) => None,
        }
    }

    /// Whether the request is still out.
    pub fn is_fetching(&self) -> bool {
        matches!(self, Self::Fetching { .. })
    }
}
