//! An embedded session: a Reprise bundle, deflated (raw deflate, RFC 1951) and written as
//! base64url without padding, carried in the link's `embed=` value.
//!
//! Invariants: [`unembed`] never holds more than [`MAX_INFLATED_LEN`] + 1 inflated bytes — the
//! cap is enforced while inflating, so a deflate bomb costs at most that much memory; an
//! [`EmbeddedSession`] always holds both forms, the text exactly as the link carried it (so a
//! link is rewritten byte for byte) and the bundle it inflates to.

use std::io::{Read as _, Write as _};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;

use crate::share::link_error::{LinkError, LinkErrorReason};

/// The most base64url characters `embed=` may hold: 120 KiB, leaving 8 KiB of the
/// [`crate::share::MAX_FRAGMENT_LEN`] budget for the rest of the link (claims, selection,
/// filters).
pub const MAX_EMBED_LEN: usize = 120 * 1024;

/// The most bytes an embedded session may inflate to: 16 MiB. A 120 KiB deflate stream could
/// inflate to ~120 MiB; real bundles compress 5-20×, so this refuses only bombs.
pub const MAX_INFLATED_LEN: usize = 16 * 1024 * 1024;

/// A session too large to embed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge {
    /// The bundle's size in bytes.
    pub bundle_len: usize,
    /// Its embedded (deflated, base64url) length.
    pub encoded_len: usize,
    /// The budget it is past ([`MAX_EMBED_LEN`]).
    pub budget: usize,
}

impl TooLarge {
    /// One line for the user: why the link names files instead of embedding them.
    pub fn explanation(&self) -> String {
        format!(
            "the session is {} KiB compressed ({} KiB as a bundle), past the {} KiB budget for \
             embedding in a link: the link names its files instead, and whoever opens it must \
             open the same files",
            self.encoded_len.div_ceil(1024),
            self.bundle_len.div_ceil(1024),
            self.budget / 1024
        )
    }
}

/// A session carried inside a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedSession {
    encoded: String,
    bundle: Vec<u8>,
}

impl EmbeddedSession {
    /// Embeds `bundle` (a Reprise bundle's bytes); `Err` when it is past [`MAX_EMBED_LEN`].
    pub fn of_bundle(bundle: Vec<u8>) -> Result<Self, TooLarge> {
        let encoded = embed_session(&bundle)?;
        Ok(Self { encoded, bundle })
    }

    /// Reads an `embed=` value; see [`unembed`].
    pub fn from_encoded(encoded: &str) -> Result<Self, LinkError> {
        let bundle = unembed(encoded)?;
        Ok(Self {
            encoded: encoded.to_string(),
            bundle,
        })
    }

    /// The `embed=` value.
    pub fn encoded(&self) -> &str {
        &self.encoded
    }

    /// The bundle's bytes, to open like a dropped bundle.
    pub fn bundle(&self) -> &[u8] {
        &self.bundle
    }
}

/// `bundle` deflated and base64url-encoded (no padding); `Err` when the result is past
/// [`MAX_EMBED_LEN`].
pub fn embed_session(bundle: &[u8]) -> Result<String, TooLarge> {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail; should it ever, the empty stream is refused on reading.
    let deflated = match encoder.write_all(bundle) {
        Ok(()) => encoder.finish().unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let encoded = URL_SAFE_NO_PAD.encode(deflated);
    if encoded.len() > MAX_EMBED_LEN {
        return Err(TooLarge {
            bundle_len: bundle.len(),
            encoded_len: encoded.len(),
            budget: MAX_EMBED_LEN,
        });
    }
    Ok(encoded)
}

/// The bundle an `embed=` value carries: base64url (no padding) decoded, then inflated with
/// the [`MAX_INFLATED_LEN`] cap enforced while inflating.
pub fn unembed(encoded: &str) -> Result<Vec<u8>, LinkError> {
    let error = |reason| LinkError::at("embed", reason);
    let deflated = URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(|_| error(LinkErrorReason::BadBase64))?;
    let mut inflated = Vec::new();
    // Reading one byte past the cap tells "exactly the cap" from "more"; `take` stops the
    // decoder there, so a bomb is never inflated further.
    let cap = u64::try_from(MAX_INFLATED_LEN).unwrap_or(u64::MAX);
    DeflateDecoder::new(deflated.as_slice())
        .take(cap.saturating_add(1))
        .read_to_end(&mut inflated)
        .map_err(|_| error(LinkErrorReason::BadDeflate))?;
    if inflated.len() > MAX_INFLATED_LEN {
        return Err(error(LinkErrorReason::InflatedTooLarge {
            max: MAX_INFLATED_LEN,
        }));
    }
    if inflated.is_empty() {
        // Every bundle has content; an empty stream (or a non-deflate input flate2 reads as
        // zero bytes) is not one.
        return Err(error(LinkErrorReason::BadDeflate));
    }
    Ok(inflated)
}
