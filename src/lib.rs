//! # reprise-web: the Reprise debugger in the browser
//!
//! A Leptos (CSR) app over the pure core `reprise_chain`. Layers, each depending only on the
//! ones before it:
//! - [`worker_protocol`]: the messages to and from the analysis worker (plain data);
//! - [`replay_session`]: the worker's replay sessions, one `Replayer` per actor (plain Rust);
//! - [`state`]: plain types that decide, and `DebuggerState`, which holds them in signals;
//! - [`browser`]: the only place that touches web APIs (files, drop, fetch, URL, worker,
//!   clipboard);
//! - [`widgets`]: generic components (virtual list, value tree, hex dump);
//! - [`panels`] and [`app`]: components that render state and call its methods.
//!
//! Invariant: payload text reaches the DOM only as text nodes and attribute values.
//!
//! The crate is built for wasm32 only; on other targets it is empty, so native workspace
//! builds never compile Leptos (see the root `Cargo.toml`).

#![cfg(target_arch = "wasm32")]

pub mod app;
pub mod browser;
pub mod panels;
pub mod replay_session;
pub mod state;
pub mod widgets;
pub mod worker_protocol;
