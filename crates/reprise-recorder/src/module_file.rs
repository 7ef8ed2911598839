//! The wasm modules of a capture, kept beside its log as content-addressed files:
//! `<capture dir>/modules/<sha256>.wasm`. An actor record names its module by `wasm_sha256`;
//! the bytes live here once, however many actors run them, so the log's lines (which are also
//! the live feed's messages) stay small.
//!
//! Invariant: a module file is complete and fsynced before any record that names it is
//! appended (it is written to a temporary name and renamed), so a crash never leaves a record
//! pointing at a partial module.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use reprise_store::{module_path, MODULES_DIR_NAME};
use sha2::{Digest, Sha256};

/// Lowercase hex SHA-256 of `wasm`: the module's name and the actor record's `wasm_sha256`.
pub fn wasm_sha256(wasm: &[u8]) -> String {
    reprise_chain::to_hex(&Sha256::digest(wasm))
}

/// Stores `wasm` in `capture_dir` (durably; nothing is written if it is already there) and
/// returns its SHA-256.
pub(crate) fn store_module(capture_dir: &Path, wasm: &[u8]) -> Result<String> {
    let sha256_hex = wasm_sha256(wasm);
    let path = module_path(capture_dir, &sha256_hex)
        .with_context(|| format!("{sha256_hex} is not a SHA-256"))?;
    let is_stored = fs::metadata(&path).is_ok_and(|meta| meta.len() == wasm.len() as u64);
    if is_stored {
        return Ok(sha256_hex);
    }
    let dir = capture_dir.join(MODULES_DIR_NAME);
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let temp_path = dir.join(format!(".{sha256_hex}.wasm.partial"));
    let write = || -> std::io::Result<()> {
        let mut file = File::create(&temp_path)?;
        file.write_all(wasm)?;
        file.sync_all()?;
        fs::rename(&temp_path, &path)?;
        // The rename itself is durable only once the directory is synced.
        File::open(&dir)?.sync_all()
    };
    write().with_context(|| format!("cannot write {}", path.display()))?;
    Ok(sha256_hex)
}

/// The stored module with SHA-256 `sha256_hex`, if it is there and intact.
#[cfg(test)]
fn load_module(capture_dir: &Path, sha256_hex: &str) -> Option<Vec<u8>> {
    let wasm = fs::read(module_path(capture_dir, sha256_hex)?).ok()?;
    (wasm_sha256(&wasm) == sha256_hex).then_some(wasm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_module_is_found_by_its_hash_and_stored_once() {
        let dir = std::env::temp_dir().join(format!("reprise-module-file-{}", std::process::id()));
        let wasm = b"\0asm\x01\0\0\0".to_vec();
        let sha = store_module(&dir, &wasm).unwrap();
        assert_eq!(sha, wasm_sha256(&wasm));
        assert_eq!(store_module(&dir, &wasm).unwrap(), sha);
        assert_eq!(load_module(&dir, &sha), Some(wasm));
        assert_eq!(load_module(&dir, &"0".repeat(64)), None);
        let num_files = fs::read_dir(dir.join(MODULES_DIR_NAME)).unwrap().count();
        assert_eq!(num_files, 1, "no temporary file is left behind");
        fs::remove_dir_all(&dir).unwrap();
    }
}
