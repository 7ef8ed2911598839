//! `connect_live`: the WebSocket to a `reprise serve` feed (`/ws`), and the short-lived
//! back-fill connections that read an actor's earlier events from the server's log. It only
//! carries out what [`LiveState`] (and the plain `LiveFeed` inside it) decides: the
//! subscription to send on open, the resubscription after `lagged`, the delay before
//! reconnecting, and which back-fills to open and close.
//!
//! Messages of every connection are queued and applied in batches of at most
//! [`FLUSH_MILLIS`], so a backlog that arrives as hundreds of messages updates the session a
//! few times, not once per message.
//! Invariant: one feed at a time; the sockets of a feed replaced by a newer connection are
//! closed and their late callbacks are ignored (each carries the generation it belongs to).

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, Event, MessageEvent, UrlSearchParams, WebSocket};

use crate::browser::js_text;
use crate::state::{BackfillRequest, FeedChannel, LiveState};

/// Longest wait before queued messages are applied.
pub const FLUSH_MILLIS: i32 = 30;

struct OpenSocket {
    socket: WebSocket,
    // Kept alive as long as the socket; dropped with it.
    _handlers: Vec<Closure<dyn FnMut(Event)>>,
}

impl OpenSocket {
    /// Closes the socket without calling its handlers again (they are dropped with it).
    fn close_quietly(self) {
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        let _ = self.socket.close();
    }
}

thread_local! {
    static GENERATION: Cell<u32> = const { Cell::new(0) };
    static CURRENT: RefCell<Option<OpenSocket>> = const { RefCell::new(None) };
    static BACKFILLS: RefCell<Vec<(u32, OpenSocket)>> = const { RefCell::new(Vec::new()) };
    static QUEUE: RefCell<Vec<(FeedChannel, String)>> = const { RefCell::new(Vec::new()) };
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

/// Connects to `url`, replacing any current connection. The feed starts where `from_param`
/// says (`beginning`, `tail` or a seq; the beginning when `None`).
pub fn connect_live(live: LiveState, url: String, from_param: Option<String>) {
    let generation = GENERATION.with(|current| {
        current.set(current.get().wrapping_add(1));
        current.get()
    });
    close_all();
    QUEUE.with(|queue| queue.borrow_mut().clear());
    live.start(url.clone(), from_param.as_deref());
    open_socket(live, url, generation);
}

fn is_current(generation: u32) -> bool {
    GENERATION.with(Cell::get) == generation
}

fn close_all() {
    if let Some(open) = CURRENT.with(|current| current.borrow_mut().take()) {
        open.close_quietly();
    }
    let backfills = BACKFILLS.with(|backfills| std::mem::take(&mut *backfills.borrow_mut()));
    for (_, open) in backfills {
        open.close_quietly();
    }
}

fn send(channel: FeedChannel, text: &str) {
    let send_on = |open: &OpenSocket| {
        let _ = open.socket.send_with_str(text);
    };
    match channel {
        FeedChannel::Main => CURRENT.with(|current| current.borrow().as_ref().map(send_on)),
        FeedChannel::Backfill(backfill_id) => BACKFILLS.with(|backfills| {
            backfills
                .borrow()
                .iter()
                .find(|(id, _)| *id == backfill_id)
                .map(|(_, open)| send_on(open))
        }),
    };
}

fn close_reason(event: &Event) -> String {
    event
        .dyn_ref::<CloseEvent>()
        .map(|close| match close.reason().as_str() {
            "" => format!("connection closed (code {})", close.code()),
            reason => format!("connection closed: {reason}"),
        })
        .unwrap_or_default()
}

/// The three handlers every connection of the feed has: `on_open` sends the subscription,
/// messages are queued for the next flush, `on_close` runs after a last flush.
fn attach(
    socket: WebSocket,
    channel: FeedChannel,
    live: LiveState,
    generation: u32,
    on_open: impl FnMut() + 'static,
    on_close: impl FnMut(String) + 'static,
) -> OpenSocket {
    let mut on_open = on_open;
    let mut on_close = on_close;
    let open_handler = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
        if is_current(generation) {
            on_open();
        }
    });
    let message_handler = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        if !is_current(generation) {
            return;
        }
        let Some(text) = event
            .dyn_ref::<MessageEvent>()
            .and_then(|message| message.data().as_string())
        else {
            return;
        };
        QUEUE.with(|queue| queue.borrow_mut().push((channel, text)));
        schedule_flush(live, generation);
    });
    let close_handler = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        if !is_current(generation) {
            return;
        }
        flush(live, generation);
        on_close(close_reason(&event));
    });
    socket.set_onopen(Some(open_handler.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(message_handler.as_ref().unchecked_ref()));
    socket.set_onclose(Some(close_handler.as_ref().unchecked_ref()));
    OpenSocket {
        socket,
        _handlers: vec![open_handler, message_handler, close_handler],
    }
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
    let on_open = move || {
        if let Some(subscribe) = live.on_open() {
            send(FeedChannel::Main, &subscribe);
        }
    };
    let on_close = move |reason: String| {
        CURRENT.with(|current| current.borrow_mut().take());
        if let Some(delay_millis) = live.on_close(&reason) {
            let url = url.clone();
            after_millis(delay_millis, move || {
                if is_current(generation) {
                    open_socket(live, url, generation);
                }
            });
        }
    };
    let open = attach(
        socket,
        FeedChannel::Main,
        live,
        generation,
        on_open,
        on_close,
    );
    CURRENT.with(|current| *current.borrow_mut() = Some(open));
}

fn open_backfill(live: LiveState, request: BackfillRequest, generation: u32) {
    let Some(url) = live.url() else {
        return;
    };
    let backfill_id = request.backfill_id;
    let socket = match WebSocket::new(&url) {
        Ok(socket) => socket,
        Err(err) => {
            open_backfills(
                live,
                live.on_backfill_closed(backfill_id, &js_text(&err)),
                generation,
            );
            return;
        }
    };
    let subscribe = request.subscribe;
    let on_open = move || send(FeedChannel::Backfill(backfill_id), &subscribe);
    let on_close = move |reason: String| {
        BACKFILLS.with(|backfills| backfills.borrow_mut().retain(|(id, _)| *id != backfill_id));
        open_backfills(
            live,
            live.on_backfill_closed(backfill_id, &reason),
            generation,
        );
    };
    let channel = FeedChannel::Backfill(backfill_id);
    let open = attach(socket, channel, live, generation, on_open, on_close);
    BACKFILLS.with(|backfills| backfills.borrow_mut().push((backfill_id, open)));
}

fn open_backfills(live: LiveState, requests: Vec<BackfillRequest>, generation: u32) {
    for request in requests {
        open_backfill(live, request, generation);
    }
}

fn close_backfill(backfill_id: u32) {
    let found = BACKFILLS.with(|backfills| {
        let mut backfills = backfills.borrow_mut();
        let pos = backfills.iter().position(|(id, _)| *id == backfill_id)?;
        Some(backfills.remove(pos).1)
    });
    if let Some(open) = found {
        open.close_quietly();
    }
}

fn schedule_flush(live: LiveState, generation: u32) {
    if IS_FLUSH_SCHEDULED.with(|scheduled| scheduled.replace(true)) {
        return;
    }
    after_millis(FLUSH_MILLIS as u32, move || flush(live, generation));
}

fn flush(live: LiveState, generation: u32) {
    IS_FLUSH_SCHEDULED.with(|scheduled| scheduled.set(false));
    let messages = QUEUE.with(|queue| std::mem::take(&mut *queue.borrow_mut()));
    if messages.is_empty() || !is_current(generation) {
        return;
    }
    let actions = live.on_messages(messages);
    for (channel, text) in &actions.send {
        send(*channel, text);
    }
    for backfill_id in actions.close_backfills {
        close_backfill(backfill_id);
    }
    open_backfills(live, actions.open_backfills, generation);
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
