//! What is open: the files and their actors (each under a stable key), what is selected, the
//! load jobs and their errors, and the built-in demo.

mod actor_key;
mod demo;
mod load_error;
mod load_job;
mod open_files;
mod selection;

pub use actor_key::ActorKey;
pub use demo::{DEMO_BYTES, DEMO_PATH};
pub use load_error::LoadError;
pub use load_job::{JobOrigin, LoadJob};
pub use open_files::{ActorEntry, FileOrigin, OpenActor, OpenFile, Session};
pub use selection::Selection;
