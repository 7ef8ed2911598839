//! `connect_live`: the WebSocket to a `reprise serve` feed (`/ws`). It only carries out what
//! [`LiveState`] (and the plain `LiveFeed` inside it) decides: the subscription to send on
//! open, the resubscription after `lagged`, and the delay before reconnecting.
//!
//! Messages are queued and applied in batches of at most [`FLUSH_MILLIS`], so a backlog that
//! arrives as hundreds of messages updates the session a few times, not once per message.
//! Invariant: one socket at a time; a socket replaced by a newer connection is closed and its
//! late callbacks are ignored (each carries the generation it belongs to).

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, Event, MessageEvent, UrlSearchParams, WebSocket};

use crate::browser::js_text;
use crate::state::LiveState;

/// Longest wait before queued messages are applied.
pub const FLUSH_MILLIS: i32 = 30;

struct OpenSocket {
    socket: WebSocket,
    // Kept alive as long as the socket; dropped with it.
    _handlers: Vec<Closure<dyn FnMut(Event)>>,
}

thread_local! {
    static GENERATION: Cell<u32> = const { Cell::new(0) };
    static CURRENT: RefCell<Option<OpenSocket>> = const { RefCell::new(None) };
    static QUEUE: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static IS_FLUSH_SCHEDULED: Cell<bool> = const { Cell::new(false) };
}

/// The `?ws=` parameter of the page URL, if any.
pub fn read_ws_param() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    UrlSearchParams::new_with_str(&search)
        .ok()?
        .get("ws")
        .filter(|url| !url.trim().is_empty())
}

/// Connects to `url` from the beginning of its log, replacing any current connection.
pub fn connect_live(live: LiveState, url: String) {
    let generation = GENERATION.with(|current| {
        current.set(current.get().wrapping_add(1));
        current.get()
    });
    close_current();
    QUEUE.with(|queue| queue.borrow_mut().clear());
    live.start(url.clone());
    open_socket(live, url, generation);
}

fn is_current(generation: u32) -> bool {
    GENERATION.with(Cell::get) == generation
}

fn close_current() {
    if let Some(open) = CURRENT.with(|current| current.borrow_mut().take()) {
        let _ = open.socket.close();
    }
}

fn send(text: &str) {
    CURRENT.with(|current| {
        if let Some(open) = current.borrow().as_ref() {
            let _ = open.socket.send_with_str(text);
        }
    });
}

fn open_socket(live: LiveState, url: String, generation: u32) {
    live.on_connecting();
    let socket = match WebSocket::new(&url) {
        Ok(socket) => socket,
        Err(err) => {
            live.close(js_text(&err));
            return;
        }
    };
    let on_open = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
        if !is_current(generation) {
            return;
        }
        if let Some(subscribe) = live.on_open() {
            send(&subscribe);
        }
    });
    let on_message = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        if !is_current(generation) {
            return;
        }
        let Some(text) = event
            .dyn_ref::<MessageEvent>()
            .and_then(|message| message.data().as_string())
        else {
            return;
        };
        QUEUE.with(|queue| queue.borrow_mut().push(text));
        schedule_flush(live, generation);
    });
    let close_url = url.clone();
    let on_close = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        if !is_current(generation) {
            return;
        }
        flush(live, generation);
        let reason = event
            .dyn_ref::<CloseEvent>()
            .map(|close| match close.reason().as_str() {
                "" => format!("connection closed (code {})", close.code()),
                reason => format!("connection closed: {reason}"),
            })
            .unwrap_or_default();
        CURRENT.with(|current| current.borrow_mut().take());
        if let Some(delay_millis) = live.on_close(&reason) {
            let url = close_url.clone();
            after_millis(delay_millis, move || {
                if is_current(generation) {
                    open_socket(live, url, generation);
                }
            });
        }
    });
    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    CURRENT.with(|current| {
        *current.borrow_mut() = Some(OpenSocket {
            socket,
            _handlers: vec![on_open, on_message, on_close],
        })
    });
}

fn schedule_flush(live: LiveState, generation: u32) {
    if IS_FLUSH_SCHEDULED.with(|scheduled| scheduled.replace(true)) {
        return;
    }
    after_millis(FLUSH_MILLIS as u32, move || flush(live, generation));
}

fn flush(live: LiveState, generation: u32) {
    IS_FLUSH_SCHEDULED.with(|scheduled| scheduled.set(false));
    let texts = QUEUE.with(|queue| std::mem::take(&mut *queue.borrow_mut()));
    if texts.is_empty() || !is_current(generation) {
        return;
    }
    for reply in live.on_texts(texts) {
        send(&reply);
    }
}

fn after_millis(delay_millis: u32, run: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(run);
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        callback.unchecked_ref(),
        i32::try_from(delay_millis).unwrap_or(i32::MAX),
    );
}
