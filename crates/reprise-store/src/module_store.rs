//! `ModuleStore`: where a capture keeps its wasm modules, content-addressed beside the log:
//! `<capture dir>/modules/<sha256>.wasm`. An actor record names its module by `wasm_sha256`
//! (the core's [`wasm_sha256_hex`]); the bytes live here once, however many actors run them,
//! so the log's lines (which are also the live feed's messages) stay small. Every recorder
//! stores through it and the server and `reprise replay` load through it.
//!
//! Invariants:
//! - a module file is complete and fsynced (written under a temporary name, renamed, the
//!   folder synced) before [`ModuleStore::store`] returns, so a record naming it can be
//!   appended after and a crash never leaves a record pointing at a partial module;
//! - a loaded module always hashes to the name it was asked by: a damaged file is an error,
//!   never bytes trusted under the wrong name;
//! - only a SHA-256 (64 lowercase hex digits) makes a path ([`module_path`]), so a name taken
//!   from a request can never leave the modules folder.

use std::fmt;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use reprise_chain::wasm_sha256_hex;

use crate::durable_log::StoreError;

/// The folder of the capture directory that holds the modules.
pub const MODULES_DIR_NAME: &str = "modules";

/// The file of the module with SHA-256 `sha256_hex` in `capture_dir`, or `None` when
/// `sha256_hex` is not 64 lowercase hex digits.
pub fn module_path(capture_dir: &Path, sha256_hex: &str) -> Option<PathBuf> {
    let is_sha256 = sha256_hex.len() == 64
        && sha256_hex
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte));
    is_sha256.then(|| {
        capture_dir
            .join(MODULES_DIR_NAME)
            .join(format!("{sha256_hex}.wasm"))
    })
}

/// Why a module could not be loaded.
#[derive(Debug)]
pub enum ModuleLoadError {
    /// The name asked for is not a SHA-256.
    NotASha256(String),
    /// No readable file has that name.
    Missing {
        /// The file looked for.
        path: PathBuf,
        /// Why it could not be read.
        source: std::io::Error,
    },
    /// The file's bytes hash to something else: it was damaged or replaced.
    Damaged {
        /// The file.
        path: PathBuf,
        /// Their actual SHA-256.
        actual: String,
    },
}

impl fmt::Display for ModuleLoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotASha256(name) => {
                write!(f, "{name:?} is not a SHA-256 (64 lowercase hex digits)")
            }
            Self::Missing { path, source } => write!(f, "{}: {source}", path.display()),
            Self::Damaged { path, actual } => write!(
                f,
                "{} is damaged: its bytes have another SHA-256 ({actual})",
                path.display()
            ),
        }
    }
}

impl std::error::Error for ModuleLoadError {}

/// The modules of one capture directory.
#[derive(Debug, Clone)]
pub struct ModuleStore {
    capture_dir: PathBuf,
}

impl ModuleStore {
    /// The modules of `capture_dir` (nothing is touched until a module is stored).
    pub fn new(capture_dir: &Path) -> Self {
        Self {
            capture_dir: capture_dir.to_path_buf(),
        }
    }

    /// Stores `wasm` durably and returns its SHA-256. A module already stored intact is not
    /// written again; a damaged file of that name is replaced. Blocking.
    pub fn store(&self, wasm: &[u8]) -> Result<String, StoreError> {
        let sha256_hex = wasm_sha256_hex(wasm);
        let dir = self.capture_dir.join(MODULES_DIR_NAME);
        let path = dir.join(format!("{sha256_hex}.wasm"));
        if fs::read(&path).is_ok_and(|stored| stored == wasm) {
            return Ok(sha256_hex);
        }
        let err = |path: &Path, action| {
            let path = path.to_path_buf();
            move |source| StoreError {
                path,
                action,
                source,
            }
        };
        fs::create_dir_all(&dir).map_err(err(&dir, "create the modules folder"))?;
        let temp_path = dir.join(format!(".{sha256_hex}.wasm.partial"));
        let write_durably = || -> std::io::Result<()> {
            let mut file = File::create(&temp_path)?;
            file.write_all(wasm)?;
            file.sync_all()?;
            fs::rename(&temp_path, &path)?;
            // The rename itself is durable only once the folder is synced.
            File::open(&dir)?.sync_all()
        };
        write_durably().map_err(err(&path, "store the module"))?;
        Ok(sha256_hex)
    }

    /// The module named `sha256_hex`, checked against its name. Blocking.
    pub fn load(&self, sha256_hex: &str) -> Result<Vec<u8>, ModuleLoadError> {
        let path = module_path(&self.capture_dir, sha256_hex)
            .ok_or_else(|| ModuleLoadError::NotASha256(sha256_hex.to_string()))?;
        let wasm = fs::read(&path).map_err(|source| ModuleLoadError::Missing {
            path: path.clone(),
            source,
        })?;
        let actual = wasm_sha256_hex(&wasm);
        if actual != sha256_hex {
            return Err(ModuleLoadError::Damaged { path, actual });
        }
        Ok(wasm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sha256_names_make_a_path() {
        let sha = "ab".repeat(32);
        assert_eq!(
            module_path(Path::new("cap"), &sha),
            Some(Path::new("cap/modules").join(format!("{sha}.wasm")))
        );
        for bad in [
            "",
            "../x",
            &"AB".repeat(32),
            &"ab".repeat(31),
            &format!("{}/", "a".repeat(63)),
        ] {
            assert_eq!(module_path(Path::new("cap"), bad), None, "{bad}");
        }
    }
}
