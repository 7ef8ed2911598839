//! The HTTP side: upgrades from foreign origins or rebound host names are refused with 403,
//! the app is served from its directory with the right MIME types, and a missing app gives a
//! 404 that says how to build it while the feed keeps working; a capture's wasm modules are
//! served by SHA-256, and nothing else is reachable through that route.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;

use futures_util::StreamExt;
use serde_json::json;
use support::{event_body, Client, TestServer, WAIT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Error as WsError;

/// The status of a WebSocket upgrade sent with these extra headers.
async fn upgrade_status(server: &TestServer, headers: &[(&'static str, String)]) -> u16 {
    let mut request = server.ws_url().into_client_request().unwrap();
    for (name, value) in headers {
        request.headers_mut().insert(*name, value.parse().unwrap());
    }
    let stream = TcpStream::connect(server.addr).await.unwrap();
    let handshake = tokio_tungstenite::client_async(request, stream);
    match tokio::time::timeout(WAIT, handshake).await.unwrap() {
        Ok((_, response)) => response.status().as_u16(),
        Err(WsError::Http(response)) => response.status().as_u16(),
        Err(other) => panic!("{other}"),
    }
}

/// `(status, lower-case head, body)` of a plain GET.
async fn get(server: &TestServer, path: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(WAIT, stream.read_to_end(&mut response))
        .await
        .unwrap()
        .unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&response[..split]).to_lowercase();
    let status = head[9..12].parse().unwrap();
    (status, head, response[split + 4..].to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn foreign_origins_are_refused_and_own_or_no_origin_upgrade() {
    let server = TestServer::start(64).await;
    let own = format!("http://{}", server.addr);
    assert_eq!(upgrade_status(&server, &[]).await, 101);
    assert_eq!(upgrade_status(&server, &[("origin", own)]).await, 101);
    for foreign in ["http://evil.example", "https://127.0.0.1", "null"] {
        let status = upgrade_status(&server, &[("origin", foreign.to_string())]).await;
        assert_eq!(status, 403, "{foreign}");
    }
    let port = server.addr.port();
    let rebound = [
        ("host", format!("evil.example:{port}")),
        ("origin", format!("http://evil.example:{port}")),
    ];
    assert_eq!(upgrade_status(&server, &rebound).await, 403);
    let localhost = [
        ("host", format!("localhost:{port}")),
        ("origin", format!("http://localhost:{port}")),
    ];
    assert_eq!(upgrade_status(&server, &localhost).await, 101);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_directory_is_served_with_the_right_mime_types() {
    let app = tempfile::tempdir().unwrap();
    let files: [(&str, &[u8]); 4] = [
        ("index.html", b"<!doctype html><title>Reprise</title>"),
        ("reprise-web_bg.wasm", b"\0asm\x01\0\0\0"),
        ("reprise-web.js", b"export default 1;"),
        ("style.css", b"body{}"),
    ];
    for (name, bytes) in files {
        std::fs::write(app.path().join(name), bytes).unwrap();
    }
    let server = TestServer::start_with_app(app.path(), 64).await;
    let (status, head, body) = get(&server, "/").await;
    assert_eq!((status, body.as_slice()), (200, files[0].1));
    assert!(head.contains("content-type: text/html"), "{head}");
    for (path, mime) in [
        ("/reprise-web_bg.wasm", "application/wasm"),
        ("/reprise-web.js", "javascript"),
        ("/style.css", "text/css"),
    ] {
        let (status, head, _) = get(&server, path).await;
        assert_eq!(status, 200, "{path}");
        let content_type = head
            .lines()
            .find(|l| l.starts_with("content-type:"))
            .unwrap();
        assert!(content_type.contains(mime), "{path}: {content_type}");
    }
    assert_eq!(get(&server, "/missing.js").await.0, 404);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_app_answers_404_with_a_hint_and_the_feed_still_works() {
    let server = TestServer::start_with_app(Path::new("/nonexistent/dist"), 64).await;
    let (status, _, body) = get(&server, "/").await;
    assert_eq!(status, 404);
    let body = String::from_utf8(body).unwrap();
    assert!(
        body.contains("/nonexistent/dist") && body.contains("trunk build"),
        "{body}"
    );

    let mut client = Client::connect(&server.ws_url()).await;
    client.subscribe(json!("beginning")).await;
    server.append(vec![event_body("a", 0, "wasm", 4)]).await;
    assert_eq!(client.next_json().await["seq"], 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_the_server_closes_open_feeds() {
    let server = TestServer::start(64).await;
    let mut client = Client::connect(&server.ws_url()).await;
    client.subscribe(json!("tail")).await;
    client.barrier().await;
    server.stop().await;
    let next = tokio::time::timeout(WAIT, client.ws.next()).await.unwrap();
    assert!(
        matches!(
            next,
            Some(Ok(tokio_tungstenite::tungstenite::Message::Close(_))) | None
        ),
        "{next:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capture_modules_are_served_by_sha256_and_only_by_sha256() {
    let server = TestServer::start(64).await;
    let wasm = reprise_testkit::theater_scenario::counter_wasm();
    let store = reprise_store::ModuleStore::new(server.live_log.dir());
    let sha256_hex = store.store(&wasm).unwrap();
    // The counter's SHA-256 as the recorded scenario names it.
    assert_eq!(
        sha256_hex,
        "a4d3a134ad122eff7c9749da83c3c7b37afc413b3956422406c03a32099641c8"
    );
    let modules_dir = server.live_log.dir().join(reprise_store::MODULES_DIR_NAME);

    let (status, head, body) = get(&server, &format!("/modules/{sha256_hex}.wasm")).await;
    assert_eq!(status, 200);
    assert!(head.contains("content-type: application/wasm"), "{head}");
    assert_eq!(body, wasm);

    let (status, _, body) = get(&server, &format!("/modules/{}.wasm", "0".repeat(64))).await;
    assert_eq!(status, 404);
    assert!(String::from_utf8_lossy(&body).contains("no module"));
    for escape in [
        "/modules/..%2Fevents.log.jsonl",
        "/modules/events.log.jsonl",
    ] {
        assert_eq!(get(&server, escape).await.0, 404, "{escape}");
    }

    // A module whose bytes changed on disk is refused, not served under its name.
    let damaged = "1".repeat(64);
    std::fs::write(modules_dir.join(format!("{damaged}.wasm")), &wasm).unwrap();
    let (status, _, body) = get(&server, &format!("/modules/{damaged}.wasm")).await;
    assert_eq!(status, 500);
    assert!(String::from_utf8_lossy(&body).contains("damaged"));
    server.stop().await;
}
