//! Drag and drop of files anywhere on the page: window-level listeners that keep the browser
//! from navigating to a dropped file and hand the files on.

use std::cell::Cell;
use std::rc::Rc;

use leptos::ev;
use leptos::prelude::*;
use web_sys::{DragEvent, File};

use crate::browser::file_source::files_from_drop_event;

/// Calls `on_drag(true)` while files are dragged over the page, `on_drag(false)` when they
/// leave or drop, and `on_drop` with the dropped files.
pub fn accept_dropped_files(
    on_drag: impl Fn(bool) + Clone + 'static,
    on_drop: impl Fn(Vec<File>) + 'static,
) {
    // dragenter/dragleave fire for every element crossed; the page is left when they balance.
    let depth = Rc::new(Cell::new(0_u32));
    let enter_depth = Rc::clone(&depth);
    let on_drag_enter = on_drag.clone();
    let enter = window_event_listener(ev::dragenter, move |event: DragEvent| {
        if carries_files(&event) {
            enter_depth.set(enter_depth.get() + 1);
            on_drag_enter(true);
        }
    });
    let over = window_event_listener(ev::dragover, move |event: DragEvent| {
        if carries_files(&event) {
            // Without this the browser refuses the drop.
            event.prevent_default();
        }
    });
    let leave_depth = Rc::clone(&depth);
    let on_drag_leave = on_drag.clone();
    let leave = window_event_listener(ev::dragleave, move |event: DragEvent| {
        if carries_files(&event) {
            leave_depth.set(leave_depth.get().saturating_sub(1));
            if leave_depth.get() == 0 {
                on_drag_leave(false);
            }
        }
    });
    let drop = window_event_listener(ev::drop, move |event: DragEvent| {
        event.prevent_default();
        depth.set(0);
        on_drag(false);
        let files = files_from_drop_event(&event);
        if !files.is_empty() {
            on_drop(files);
        }
    });
    on_cleanup(move || {
        enter.remove();
        over.remove();
        leave.remove();
        drop.remove();
    });
}

fn carries_files(event: &DragEvent) -> bool {
    event.data_transfer().is_some_and(|transfer| {
        transfer
            .types()
            .iter()
            .any(|kind| kind.as_string().as_deref() == Some("Files"))
    })
}
