//! Replay, both sides of the worker boundary: on the page, one [`ReplayRun`] per actor
//! (position, report, row marks, divergence view), [`ReplayRuns`] turning controls into worker
//! commands, and [`WasmChoice`] (which module a replay runs); in the worker,
//! [`ReplaySessions`], one `Replayer` per actor carrying out the commands.

mod replay_run;
mod replay_runs;
mod replay_session;
mod server_module;
mod wasm_choice;

pub use replay_run::{DivergenceView, ReplayRun, NO_WASM_HINT};
pub use replay_runs::{ModuleRequest, ReplayRuns};
pub use replay_session::{ReplaySessions, SessionStep};
pub use server_module::{module_url, ModuleFetch, ServerModule};
pub use wasm_choice::{WasmChoice, WasmFile, WasmOffer};
