//! Reading files the user opened (picker or drop) into `ArrayBuffer`s.

use js_sys::ArrayBuffer;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DragEvent, Event, File, FileList, HtmlInputElement};

use crate::browser::js_text;

/// The files of a `<input type=file>` change event. The input is cleared afterwards so that
/// choosing the same file again is a change too.
pub fn files_from_input_event(event: &Event) -> Vec<File> {
    let Some(input) = event
        .target()
        .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = files_from_list(input.files());
    input.set_value("");
    files
}

/// The files dropped by a `drop` event.
pub fn files_from_drop_event(event: &DragEvent) -> Vec<File> {
    files_from_list(event.data_transfer().and_then(|transfer| transfer.files()))
}

fn files_from_list(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|idx| list.item(idx))
        .collect()
}

/// The whole content of `file`.
pub async fn read_file(file: &File) -> Result<ArrayBuffer, String> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|err| {
        format!(
            "{}: could not read the file: {}",
            file.name(),
            js_text(&err)
        )
    })?;
    buffer
        .dyn_into::<ArrayBuffer>()
        .map_err(|_| format!("{}: the browser returned no bytes", file.name()))
}
