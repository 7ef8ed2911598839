//! Which WebSocket upgrades are accepted: the browser's `Origin` must be the server's own, and
//! a loopback server answers only to loopback host names.
//!
//! Invariant: a page from another site, including one that rebinds its DNS name to 127.0.0.1,
//! cannot open the live feed. Clients that send no `Origin` (command-line tools, tests) are
//! not browsers acting for a page, so they are let in.

use std::net::IpAddr;

use axum::http::header::{HOST, ORIGIN};
use axum::http::HeaderMap;

/// Why an upgrade was refused; its `Display` is the body of the 403 response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks an upgrade request's headers. `is_loopback_server` is whether the server listens
/// on a loopback address.
pub fn check_upgrade(headers: &HeaderMap, is_loopback_server: bool) -> Result<(), Refusal> {
    let host = headers.get(HOST).and_then(|value| value.to_str().ok());
    if is_loopback_server {
        match host {
            Some(host) if is_loopback_host(host) => {}
            Some(host) => {
                return Err(Refusal(format!(
                    "this server listens on loopback and does not answer to host \"{host}\""
                )))
            }
            None => return Err(Refusal("the request has no Host header".into())),
        }
    }
    let Some(origin) = headers.get(ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().unwrap_or("(not text)");
    match host {
        Some(host) if origin.eq_ignore_ascii_case(&format!("http://{host}")) => Ok(()),
        _ => Err(Refusal(format!(
            "cross-origin WebSocket refused: Origin \"{origin}\" is not this server's origin"
        ))),
    }
}

/// Whether a `Host` header value (`name[:port]`) names this machine's loopback interface.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        // `[::1]:8080`
        Some(rest) => rest.split(']').next().unwrap_or(rest),
        None => host.split(':').next().unwrap_or(host),
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn same_origin_or_no_origin_is_accepted() {
        let host = ("host", "127.0.0.1:8080");
        assert!(check_upgrade(&headers(&[host]), true).is_ok());
        let own = ("origin", "http://127.0.0.1:8080");
        assert!(check_upgrade(&headers(&[host, own]), true).is_ok());
        let named = [("host", "localhost:9"), ("origin", "http://LOCALHOST:9")];
        assert!(check_upgrade(&headers(&named), true).is_ok());
        let v6 = [("host", "[::1]:80"), ("origin", "http://[::1]:80")];
        assert!(check_upgrade(&headers(&v6), true).is_ok());
    }

    #[test]
    fn foreign_origins_and_rebound_hosts_are_refused() {
        let host = ("host", "127.0.0.1:8080");
        for origin in ["http://evil.example", "http://127.0.0.1:8081", "null"] {
            let mut map = headers(&[host]);
            map.insert("origin", origin.parse().unwrap());
            assert!(check_upgrade(&map, true).is_err(), "{origin}");
        }
        let rebound = [
            ("host", "evil.example:8080"),
            ("origin", "http://evil.example:8080"),
        ];
        assert!(check_upgrade(&headers(&rebound), true).is_err());
        // Listening on every interface is the user's explicit choice; Origin still counts.
        assert!(check_upgrade(&headers(&rebound), false).is_ok());
        assert!(check_upgrade(&headers(&[("origin", "http://a")]), false).is_err());
    }
}
