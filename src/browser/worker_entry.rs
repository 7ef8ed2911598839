//! The analysis worker's side of [`reprise_app::worker_protocol`]: receives file bytes, runs
//! `reprise_chain::analyze_file` and posts progress and the result back; carries out replay
//! commands on its [`ReplaySessions`] (bounded by the engine's fuel and memory limits).
//!
//! Long replays run in slices of about [`SLICE_MILLIS`], each one a separate task started
//! with `setTimeout(0)`: between two slices the worker's event loop delivers the page's next
//! message, so a `Cancel` stops a run where it is (see ARCHITECTURE.md, "Replay in the
//! worker"), and the page gets the position after every slice.
//!
//! Runs inside a dedicated worker (the `reprise_worker` binary), never on the page.

use std::cell::RefCell;

use js_sys::{Array, ArrayBuffer, Reflect, Uint8Array};
use reprise_chain::analyze_file;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use reprise_app::replay::{ReplaySessions, SessionStep};
use reprise_app::worker_protocol::{request_field, JobId, ReplayCommand, WorkerReply, REPLAY_KIND};

/// How long one slice of a replay run may take before the worker looks at its messages again.
pub const SLICE_MILLIS: f64 = 30.0;

#[wasm_bindgen]
extern "C" {
    /// The global `setTimeout` (a worker has one; binding it here spares a web-sys feature).
    #[wasm_bindgen(catch, js_name = setTimeout)]
    fn set_timeout(callback: &JsValue, delay_millis: i32) -> Result<JsValue, JsValue>;
}

thread_local! {
    /// The worker's replay sessions; a worker is single-threaded, so this is its only owner.
    static SESSIONS: RefCell<ReplaySessions> = RefCell::new(ReplaySessions::default());
}

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
        let command_bytes = field(request_field::COMMAND)
            .and_then(|value| value.dyn_into::<Uint8Array>().ok())
            .map(|array| array.to_vec());
        let step = match command_bytes.map(|bytes| ReplayCommand::decode(&bytes)) {
            Some(Ok(command)) => {
                SESSIONS.with(|sessions| sessions.borrow_mut().handle(job_id, command))
            }
            Some(Err(err)) => refused(job_id, format!("unreadable replay command: {err}")),
            None => refused(job_id, "the page sent no replay command".to_string()),
        };
        carry_out(scope, job_id, step);
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

fn refused(job_id: JobId, message: String) -> SessionStep {
    SessionStep {
        reply: WorkerReply::ReplayRefused { job_id, message },
        next_slice: None,
    }
}

/// Posts the step's reply and schedules the run's next slice, if any.
fn carry_out(scope: &DedicatedWorkerGlobalScope, job_id: JobId, step: SessionStep) {
    post_reply(scope, &step.reply);
    let Some(generation) = step.next_slice else {
        return;
    };
    let slice_scope = scope.clone();
    let run_slice = Closure::once_into_js(move || {
        let deadline_millis = js_sys::Date::now() + SLICE_MILLIS;
        let step = SESSIONS.with(|sessions| {
            sessions
                .borrow_mut()
                .run_slice(job_id, generation, || js_sys::Date::now() < deadline_millis)
        });
        // `None`: the run was cancelled or replaced meanwhile, and that reply went out.
        if let Some(step) = step {
            carry_out(&slice_scope, job_id, step);
        }
    });
    let scheduled = set_timeout(&run_slice, 0);
    if scheduled.is_err() {
        let message = "the worker could not schedule the rest of the replay".to_string();
        post_reply(scope, &WorkerReply::ReplayRefused { job_id, message });
    }
}

/// Posts `reply` as a transferred `Uint8Array`.
fn post_reply(scope: &DedicatedWorkerGlobalScope, reply: &WorkerReply) {
    let encoded = reply.encode().or_else(|err| {
        let job_id = reply.job_id();
        let message = format!("the worker's result could not be encoded: {err}");
        let fallback = match reply {
            WorkerReply::ReplayUpdate { .. } => WorkerReply::ReplayRefused { job_id, message },
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
