//! What `verify`, `inspect`, `replay` and `export` read: a chain file, a bundle or a capture
//! log (the format is told by content, in `reprise_chain::parse_file`), or a capture
//! directory, which stands for its log `DIR/events.log.jsonl`; a capture's modules are taken
//! from its `modules/<sha256>.wasm`.
//!
//! Invariant: every failure names the path given and the reason; nothing is guessed (a
//! directory without a log is refused, not searched).

use std::path::{Path, PathBuf};

use reprise_chain::{ActorChain, ParseError};
use reprise_replay::WasmDigestCheck;
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

/// Reads `actor`'s module from the capture's `modules/<wasm_sha256>.wasm`. An actor whose
/// record names no module is left without one (replaying it then says so).
pub fn take_capture_module(actor: &mut ActorChain, capture_dir: &Path) -> Result<(), String> {
    let Some(sha256) = actor.wasm_sha256.as_deref() else {
        return Ok(());
    };
    let module_path = reprise_store::module_path(capture_dir, sha256).ok_or_else(|| {
        format!("the recorded wasm_sha256 {sha256:?} is not a SHA-256 (64 lowercase hex digits)")
    })?;
    let wasm = std::fs::read(&module_path).map_err(|err| {
        format!(
            "{}: cannot read the capture's module (give one with --wasm): {err}",
            module_path.display()
        )
    })?;
    warn_if_other_wasm(actor, &wasm, &module_path);
    actor.wasm = Some(wasm);
    Ok(())
}

/// The wasm given must be the one recorded; a different module is allowed (that is a what-if)
/// but flagged, because every divergence that follows may come from it.
pub fn warn_if_other_wasm(actor: &ActorChain, wasm: &[u8], wasm_path: &Path) {
    let check = WasmDigestCheck::of(actor.wasm_sha256.as_deref(), wasm);
    if check.is_mismatch() {
        eprintln!(
            "reprise: warning: {}: {}",
            wasm_path.display(),
            check.describe()
        );
    }
}
