//! The analysis worker's side of [`crate::worker_protocol`]: receives file bytes, runs
//! `reprise_chain::analyze_file` and posts progress and the result back; receives an actor's
//! chain and replays it with `reprise_replay::replay_actor` (bounded by the engine's fuel and
//! memory limits).
//!
//! Runs inside a dedicated worker (the `reprise_worker` binary), never on the page.

use js_sys::{Array, ArrayBuffer, Reflect, Uint8Array};
use reprise_chain::analyze_file;
use reprise_replay::{replay_actor, EngineLimits};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::worker_protocol::{decode_chain, request_field, JobId, WorkerReply, REPLAY_KIND};

/// Starts answering requests and tells the page the worker is ready.
pub fn run_worker() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        handle_request(&reply_scope, &event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler must live as long as the worker itself.
    on_message.forget();
    post_reply(&scope, &WorkerReply::Ready);
}

fn handle_request(scope: &DedicatedWorkerGlobalScope, request: &JsValue) {
    let field = |name: &str| Reflect::get(request, &JsValue::from_str(name)).ok();
    let job_id = field(request_field::JOB_ID)
        .and_then(|value| value.as_f64())
        .map(|value| value as JobId);
    let Some(job_id) = job_id else {
        // A request without a job id cannot be answered; the page never sends one.
        return;
    };
    let kind = field(request_field::KIND).and_then(|value| value.as_string());
    if kind.as_deref() == Some(REPLAY_KIND) {
        let chain = field(request_field::CHAIN)
            .and_then(|value| value.dyn_into::<Uint8Array>().ok())
            .map(|array| array.to_vec());
        post_reply(scope, &replay(job_id, chain));
        return;
    }
    let path = field(request_field::PATH)
        .and_then(|value| value.as_string())
        .unwrap_or_default();
    let Some(buffer) =
        field(request_field::BYTES).and_then(|value| value.dyn_into::<ArrayBuffer>().ok())
    else {
        let message = format!("{path}: the page sent no file bytes");
        post_reply(scope, &WorkerReply::Failed { job_id, message });
        return;
    };
    let bytes = Uint8Array::new(&buffer).to_vec();
    let mut on_progress = |progress| post_reply(scope, &WorkerReply::Progress { job_id, progress });
    let reply = match analyze_file(&path, &bytes, &mut on_progress) {
        Ok(file) => WorkerReply::Analyzed { job_id, file },
        Err(err) => WorkerReply::Failed {
            job_id,
            message: err.to_string(),
        },
    };
    post_reply(scope, &reply);
}

/// Replays the chain in `chain_bytes` (written by `encode_chain`).
fn replay(job_id: JobId, chain_bytes: Option<Vec<u8>>) -> WorkerReply {
    let failed = |message: String| WorkerReply::ReplayFailed { job_id, message };
    let Some(chain_bytes) = chain_bytes else {
        return failed("the page sent no chain to replay".to_string());
    };
    let chain = match decode_chain(&chain_bytes) {
        Ok(chain) => chain,
        Err(err) => return failed(format!("the chain to replay could not be read: {err}")),
    };
    match replay_actor(&chain, EngineLimits::default()) {
        Ok(report) => WorkerReply::Replayed { job_id, report },
        Err(err) => failed(format!("replay failed: {err}")),
    }
}

/// Posts `reply` as a transferred `Uint8Array`.
fn post_reply(scope: &DedicatedWorkerGlobalScope, reply: &WorkerReply) {
    let encoded = reply.encode().or_else(|err| {
        let job_id = reply.job_id();
        let message = format!("the worker's result could not be encoded: {err}");
        let fallback = match reply {
            WorkerReply::Replayed { .. } => WorkerReply::ReplayFailed { job_id, message },
            _ => WorkerReply::Failed { job_id, message },
        };
        fallback.encode()
    });
    let Ok(encoded) = encoded else {
        return;
    };
    let array = Uint8Array::from(encoded.as_slice());
    let transfer = Array::of1(&array.buffer());
    // Posting only fails for values that cannot be cloned; a Uint8Array always can.
    let _ = scope.post_message_with_transfer(&array, &transfer);
}
