//! What `verify`, `inspect` and `replay` read: a chain file, a bundle or a capture log (the
//! format is told by content, in `reprise_chain::parse_file`), or a capture directory, which
//! stands for its log `DIR/events.log.jsonl`.
//!
//! Invariant: every failure names the path given and the reason; nothing is guessed (a
//! directory without a log is refused, not searched).

use std::path::{Path, PathBuf};

use reprise_chain::ParseError;
use reprise_store::LOG_FILE_NAME;

/// One input's bytes, and where they came from.
pub struct ChainInput {
    /// The file read, as every message names it (`DIR/events.log.jsonl` for a directory).
    pub shown: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// The capture directory the file belongs to: the one given, or, for a file, its folder
    /// (only used when the file turns out to be a capture log).
    pub dir: PathBuf,
}

/// Reads `path`, or `path/events.log.jsonl` when `path` is a directory.
pub fn read_chain_input(path: &Path) -> Result<ChainInput, ParseError> {
    let (file, dir) = if path.is_dir() {
        (path.join(LOG_FILE_NAME), path.to_path_buf())
    } else {
        let dir = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        (path.to_path_buf(), dir)
    };
    let shown = file.display().to_string();
    if path.is_dir() && !file.is_file() {
        return Err(ParseError::whole_file(
            &path.display().to_string(),
            format!("a directory without {LOG_FILE_NAME} is not a capture directory"),
        ));
    }
    let bytes = std::fs::read(&file)
        .map_err(|err| ParseError::whole_file(&shown, format!("cannot read the file: {err}")))?;
    Ok(ChainInput { shown, bytes, dir })
}
