//! Where a capture keeps its wasm modules: content-addressed files
//! `<capture dir>/modules/<sha256>.wasm` beside the log. Recorders write them (an actor record
//! names its module by `wasm_sha256`); the server hands them to the browser for replay.

use std::path::{Path, PathBuf};

/// The folder of the capture directory that holds the modules.
pub const MODULES_DIR_NAME: &str = "modules";

/// The file of the module with SHA-256 `sha256_hex` in `capture_dir`, or `None` when
/// `sha256_hex` is not 64 lowercase hex digits — so a name taken from a request can never
/// leave the modules folder.
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
