//! The common case in one call: replay an actor as a bundle holds it (its wasm module, the
//! state handed to `init`, its events) on the wasmi engine.
//!
//! Invariant: only glue; every decision lives in the replayer.

use reprise_chain::ActorChain;

use crate::engine::EngineLimits;
use crate::replay_error::ReplayError;
use crate::replay_report::ReplayReport;
use crate::replayer::{ReplayOptions, Replayer};
use crate::wasmi_engine::WasmiEngine;

/// A wasmi replayer for `actor`: its embedded wasm, its recorded initial state (else Theater's
/// default) and its events.
pub fn actor_replayer(
    actor: &ActorChain,
    limits: EngineLimits,
) -> Result<Replayer<WasmiEngine>, ReplayError> {
    let wasm = actor.wasm.as_ref().ok_or(ReplayError::NoWasm)?;
    let engine = WasmiEngine::new(wasm, limits)?;
    let options = ReplayOptions {
        initial_state: actor.initial_state.clone(),
        ..ReplayOptions::default()
    };
    Replayer::new(engine, actor.events.clone(), options)
}

/// Replays `actor` to the end (or its first divergence).
pub fn replay_actor(actor: &ActorChain, limits: EngineLimits) -> Result<ReplayReport, ReplayError> {
    actor_replayer(actor, limits)?.run()
}
