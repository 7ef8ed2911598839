//! The page's side of [`reprise_app::worker_protocol`]: starts the analysis worker, queues requests
//! until it says it is ready, transfers file bytes (and replay commands) to it and hands its
//! replies on.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::browser::js_text;
use reprise_app::worker_protocol::{request_field, JobId, WorkerReply, REPLAY_KIND};

/// The loader script Trunk writes for the `reprise_worker` binary (`data-loader-shim`).
pub const WORKER_SCRIPT_URL: &str = "./reprise_worker_loader.js";

/// A running analysis worker.
pub struct WorkerClient {
    worker: Worker,
    queue: Rc<RefCell<RequestQueue>>,
}

#[derive(Default)]
struct RequestQueue {
    is_ready: bool,
    waiting: Vec<(Object, Array)>,
}

impl WorkerClient {
    /// Starts the worker. `on_reply` gets every reply but `Ready`; `on_failure` gets a sentence
    /// when the worker dies or says something unreadable.
    pub fn spawn(
        on_reply: impl Fn(WorkerReply) + 'static,
        on_failure: impl Fn(String) + 'static,
    ) -> Result<Self, String> {
        let worker = Worker::new(WORKER_SCRIPT_URL)
            .map_err(|err| format!("could not start the analysis worker: {}", js_text(&err)))?;
        let queue = Rc::new(RefCell::new(RequestQueue::default()));
        let on_failure = Rc::new(on_failure);

        let reply_worker = worker.clone();
        let reply_queue = Rc::clone(&queue);
        let reply_failure = Rc::clone(&on_failure);
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let bytes = Uint8Array::new(&event.data()).to_vec();
            match WorkerReply::decode(&bytes) {
                Ok(WorkerReply::Ready) => flush(&reply_worker, &reply_queue),
                Ok(reply) => on_reply(reply),
                Err(err) => {
                    reply_failure(format!("unreadable reply from the analysis worker: {err}"))
                }
            }
        });
        let on_error = Closure::<dyn Fn(ErrorEvent)>::new(move |event: ErrorEvent| {
            on_failure(format!("the analysis worker failed: {}", event.message()));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // The worker lives as long as the page, and so must its handlers.
        on_message.forget();
        on_error.forget();
        Ok(Self { worker, queue })
    }

    /// Asks the worker to analyse `bytes` (transferred: the buffer is unusable afterwards).
    pub fn analyze(&self, job_id: JobId, path: &str, bytes: ArrayBuffer) {
        let message = Object::new();
        let set = |key: &str, value: &JsValue| {
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&message, &JsValue::from_str(key), value);
        };
        set(request_field::JOB_ID, &JsValue::from(job_id));
        set(request_field::PATH, &JsValue::from_str(path));
        set(request_field::BYTES, &bytes);
        let transfer = Array::of1(&bytes);
        self.send(message, transfer);
    }

    /// Sends replay `command` (written by `ReplayCommand::encode`) to session `job_id`.
    pub fn replay(&self, job_id: JobId, command_bytes: &[u8]) {
        let message = Object::new();
        let set = |key: &str, value: &JsValue| {
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&message, &JsValue::from_str(key), value);
        };
        let command = Uint8Array::from(command_bytes);
        set(request_field::KIND, &JsValue::from_str(REPLAY_KIND));
        set(request_field::JOB_ID, &JsValue::from(job_id));
        set(request_field::COMMAND, &command);
        let transfer = Array::of1(&command.buffer());
        self.send(message, transfer);
    }

    fn send(&self, message: Object, transfer: Array) {
        let mut queue = self.queue.borrow_mut();
        if queue.is_ready {
            post(&self.worker, &message, &transfer);
        } else {
            queue.waiting.push((message, transfer));
        }
    }
}

fn flush(worker: &Worker, queue: &RefCell<RequestQueue>) {
    let mut queue = queue.borrow_mut();
    queue.is_ready = true;
    for (message, transfer) in queue.waiting.drain(..) {
        post(worker, &message, &transfer);
    }
}

fn post(worker: &Worker, message: &Object, transfer: &Array) {
    // Fails only for values that cannot be cloned; ours are a plain object and an ArrayBuffer.
    let _ = worker.post_message_with_transfer(message, transfer);
}
