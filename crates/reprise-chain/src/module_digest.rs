//! `wasm_sha256_hex`: the one SHA-256 of a wasm module in Reprise. It names a capture's module
//! files (`modules/<sha256>.wasm`), fills an actor record's `wasm_sha256`, checks a served or
//! loaded module against its name, and checks a replayed module against the recording.
//!
//! It lives in the pure core because every side needs the same digest: the recorders and the
//! store on the host, and replay in the browser's worker; `sha2` is plain Rust and builds for
//! wasm32.

use sha2::{Digest, Sha256};

use crate::event::to_hex;

/// Lowercase hex SHA-256 of `wasm` (64 digits).
pub fn wasm_sha256_hex(wasm: &[u8]) -> String {
    to_hex(&Sha256::digest(wasm))
}

#[cfg(test)]
mod tests {
    use super::wasm_sha256_hex;

    #[test]
    fn the_digest_is_the_standard_sha256() {
        // FIPS 180-2's "abc" test vector.
        assert_eq!(
            wasm_sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
