//! # reprise-replay: deterministic replay of Theater actors
//!
//! Re-executes an actor's own wasm module against its recorded chain: every host call is
//! answered from the recording, every event is rebuilt with Theater's payload schema and hash
//! rule, and the first place where the run departs from the recording is reported with the
//! field that differs. Pure Rust, native and `wasm32-unknown-unknown`: no threads, clocks or
//! file system.
//!
//! - [`engine`]: the narrow engine seam ([`ActorEngine`], [`ActorInstance`], [`HostImports`]);
//!   [`WasmiEngine`] is the first engine, [`fake_engine::FakeEngine`] the scripted test double.
//! - [`Replayer`]: run, step, step back, run to an event, what-if; [`ReplayReport`] is what
//!   it finds; [`replay_actor`] replays a bundle's actor in one call.
//! - [`WasmSource`], [`WasmDigestCheck`]: where the module comes from and whether it is the
//!   recorded one; [`parse_host_output`]: a what-if edit's text.
//! - [`long_chain`]: long replayable chains made by running a real actor, for benchmarks.
//! - [`payload`]: Theater's event payloads, [`call_outcome`]: its result and error texts,
//!   [`pack_abi`]: the Pack calling convention.
//!
//! Invariants: replay never panics on bad input (modules, chains, guests); every guest call
//! is bounded by fuel and a memory cap; every event hash comes from
//! `reprise_chain::compute_event_hash`.

#![warn(missing_docs)]

mod actor_replay;
pub mod call_outcome;
mod divergence;
pub mod engine;
pub mod expected_chain;
pub mod fake_engine;
pub mod global_exports;
pub mod long_chain;
pub mod pack_abi;
mod paged_snapshot;
pub mod payload;
pub mod recorded;
mod replay_error;
pub mod replay_host;
mod replay_report;
mod replayer;
mod time_travel;
mod wasm_source;
mod wasmi_engine;
mod wasmi_guest;
mod what_if_edit;

pub use actor_replay::{actor_replayer, replay_actor};
pub use engine::{
    ActorEngine, ActorInstance, EngineError, EngineLimits, ExportOutcome, GlobalValue, HostImports,
    InstanceSnapshot,
};
pub use expected_chain::ExpectedChain;
pub use replay_error::ReplayError;
pub use replay_host::ReplayHost;
pub use replay_report::{Divergence, DivergenceField, EventStatus, ReplayReport};
pub use replayer::{flatten_input, ReplayOptions, Replayer, StepOutcome};
pub use wasm_source::{spawned_wasm, wasm_sha256_hex, WasmDigestCheck, WasmSource};
pub use wasmi_engine::{WasmiEngine, WasmiInstance};
pub use what_if_edit::{host_output_literal, parse_host_output};
