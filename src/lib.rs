//! # reprise-web: the Reprise debugger in the browser
//!
//! A Leptos (CSR) app over the pure core `reprise_chain` and the page's plain decisions in
//! `reprise_app` (session, rows, live feed, replay runs, the worker protocol and the worker's
//! replay sessions, all tested natively). Layers, each depending only on the ones before it:
//! - [`state`]: `DebuggerState`, `LiveState` and `ReplayState`, which hold `reprise_app`'s
//!   values in signals;
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
pub mod state;
pub mod widgets;
