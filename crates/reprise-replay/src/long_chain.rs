//! Long, replayable chains made by running a real actor: the recorded export calls are
//! repeated (the first call once, the rest in a cycle) and every host call is answered with the
//! recorded outputs of that function in turn, and each event is built exactly as replay
//! rebuilds it. For benchmarks and tests of long replays (step, jump, checkpoints), where a
//! real Theater recording of 100k events is not at hand.
//!
//! Invariant: the chain is what the actor really does under these answers, hashed with
//! Theater's rule and linked from the first event, so replaying it verifies every event.

use std::collections::HashMap;

use packr_abi::Value;
use reprise_chain::ChainEvent;

use crate::call_outcome::{outcome_from_output, CallOutcome};
use crate::engine::{ActorEngine, ActorInstance, ExportOutcome, HostImports};
use crate::payload::{
    build_event, host_event_type, host_function_payload, wasm_call_payload, wasm_result_payload,
    WASM_EVENT_TYPE,
};
use crate::recorded::{classify_event, RecordedEvent};
use crate::replayer::flatten_input;

/// Answers every import with the recorded outputs of that function, in turn, and logs calls.
#[derive(Debug, Default)]
pub struct CyclingHost {
    outputs: HashMap<(String, String), (Vec<Value>, usize)>,
    calls: Vec<(String, String, Vec<u8>, Value)>,
}

impl HostImports for CyclingHost {
    fn call_import(
        &mut self,
        interface: &str,
        function: &str,
        input: &[u8],
    ) -> Result<Vec<u8>, String> {
        let key = (interface.to_owned(), function.to_owned());
        let Some((outputs, next)) = self.outputs.get_mut(&key) else {
            return Err(format!("no recorded output for {interface}/{function}"));
        };
        let Some(output) = outputs.get(*next % outputs.len().max(1)).cloned() else {
            return Err(format!("no recorded output for {interface}/{function}"));
        };
        *next += 1;
        let bytes = packr_abi::encode(&output).map_err(|err| format!("{err:?}"))?;
        self.calls.push((key.0, key.1, input.to_vec(), output));
        Ok(bytes)
    }
}

/// Runs the actor of `recorded` on `engine` from `initial_state` until the chain has at least
/// `min_events` events (whole export calls). `Err` says why the actor could not go on (a
/// recording without export calls, a guest error, an undecodable host input).
pub fn synthesize_chain<E: ActorEngine<CyclingHost>>(
    engine: &E,
    recorded: &[ChainEvent],
    initial_state: Value,
    min_events: usize,
) -> Result<Vec<ChainEvent>, String> {
    let mut host = CyclingHost::default();
    let mut calls = Vec::new();
    for event in recorded {
        match classify_event(event) {
            RecordedEvent::ExportCall { function, params } => calls.push((function, params)),
            RecordedEvent::HostCall {
                interface,
                function,
                output,
                ..
            } => {
                host.outputs
                    .entry((interface, function))
                    .or_default()
                    .0
                    .push(output);
            }
            _ => {}
        }
    }
    if calls.len() < 2 {
        return Err("the recording needs at least two export calls to repeat".into());
    }
    let mut instance = engine
        .instantiate(host)
        .map_err(|err| format!("cannot instantiate: {err}"))?;
    let mut events: Vec<ChainEvent> = Vec::new();
    let mut state = initial_state;
    let push = |events: &mut Vec<ChainEvent>, event_type: &str, payload: &Value| {
        let parent = events.last().map(|previous| previous.hash.clone());
        events.push(build_event(parent, event_type, payload));
    };
    let mut call_idx = 0;
    while events.len() < min_events {
        // The first call (usually `init`) once, then the others in a cycle.
        let cycle_idx = if call_idx == 0 {
            0
        } else {
            1 + (call_idx - 1) % (calls.len() - 1)
        };
        call_idx += 1;
        let Some((function, params)) = calls.get(cycle_idx) else {
            return Err("call index out of range".into());
        };
        push(
            &mut events,
            WASM_EVENT_TYPE,
            &wasm_call_payload(function, params.clone()),
        );
        let input = flatten_input(state.clone(), params.clone());
        let bytes = packr_abi::encode(&input).map_err(|err| format!("{err:?}"))?;
        let outcome = instance
            .call_export(function, &bytes)
            .map_err(|err| format!("{function}: {err}"))?;
        for (interface, host_function, input, output) in instance.host_mut().calls.drain(..) {
            let input = reprise_chain::decode::decode_cgrf(&input)
                .map_err(|err| format!("{interface}/{host_function}: {err}"))?;
            push(
                &mut events,
                &host_event_type(&interface, &host_function),
                &host_function_payload(&interface, &host_function, input, output),
            );
        }
        let ExportOutcome::Output(output) = outcome else {
            return Err(format!("{function} returned a guest error"));
        };
        match outcome_from_output(function, &input, &output) {
            CallOutcome::Result {
                state: new_state,
                response,
            } => {
                push(
                    &mut events,
                    WASM_EVENT_TYPE,
                    &wasm_result_payload(function, new_state.clone(), response),
                );
                state = new_state;
            }
            CallOutcome::Error { message, .. } => return Err(format!("{function}: {message}")),
        }
    }
    Ok(events)
}
