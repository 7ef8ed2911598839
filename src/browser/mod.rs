//! Everything that touches web APIs: files, drag and drop, fetch, the URL and history (share
//! links), the worker, the clipboard, element sizes and the live WebSocket. The rest of the app
//! stays testable without them.

pub mod clipboard;
pub mod download;
pub mod drop_target;
pub mod element_size;
pub mod fetch_source;
pub mod file_source;
mod js_text;
pub mod live_socket;
pub mod module_fetch;
pub mod share_link;
pub mod url_state;
pub mod worker_bridge;
pub mod worker_client;
pub mod worker_entry;

pub use js_text::js_text;
pub use worker_bridge::WorkerBridge;
