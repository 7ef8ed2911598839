//! Writing Theater replay files and Reprise bundles, plain or gzip-compressed: the inverse of
//! [`crate::parse`].
//!
//! Events are written exactly as Theater's `serde_json` writes `ChainEvent` (byte fields as
//! number arrays, era-A fields only when present), so a written chain file is a valid input for
//! Theater's replay handler and re-parses to identical events.

use std::io::Write as _;

use base64::Engine as _;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::actor_chain::ActorChain;
use crate::event::ChainEvent;
use crate::parse::{BUNDLE_FORMAT, BUNDLE_VERSION};

/// Serializes one event in Theater's JSON shape (also what `chain_gen` writes).
pub(crate) struct TheaterEvent<'a>(pub(crate) &'a ChainEvent);

impl Serialize for TheaterEvent<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let event = self.0;
        let num_fields = if event.legacy.is_some() { 6 } else { 4 };
        let mut map = serializer.serialize_map(Some(num_fields))?;
        map.serialize_entry("hash", &event.hash)?;
        map.serialize_entry("parent_hash", &event.parent_hash)?;
        map.serialize_entry("event_type", &event.event_type)?;
        map.serialize_entry("data", &event.data)?;
        if let Some(legacy) = &event.legacy {
            map.serialize_entry("timestamp", &legacy.timestamp)?;
            map.serialize_entry("description", &legacy.description)?;
        }
        map.end()
    }
}

struct TheaterEvents<'a>(&'a [ChainEvent]);

impl Serialize for TheaterEvents<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(TheaterEvent))
    }
}

#[derive(Serialize)]
struct BundleActorJson<'a> {
    id: &'a Option<String>,
    name: &'a Option<String>,
    parent: &'a Option<String>,
    manifest: &'a Option<String>,
    initial_state: &'a Option<Vec<u8>>,
    wasm_sha256: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wasm_base64: Option<String>,
    events: TheaterEvents<'a>,
}

#[derive(Serialize)]
struct BundleJson<'a> {
    format: &'static str,
    version: u64,
    actors: Vec<BundleActorJson<'a>>,
}

/// Theater's replay-file format: a compact JSON array of `ChainEvent`.
pub fn write_chain_json(events: &[ChainEvent]) -> Vec<u8> {
    // Serializing plain data into a Vec cannot fail.
    serde_json::to_vec(&TheaterEvents(events)).unwrap_or_default()
}

/// A Reprise bundle holding `actors` (see the README for the format).
pub fn write_bundle(actors: &[ActorChain]) -> Vec<u8> {
    let bundle = BundleJson {
        format: BUNDLE_FORMAT,
        version: BUNDLE_VERSION,
        actors: actors
            .iter()
            .map(|actor| BundleActorJson {
                id: &actor.id,
                name: &actor.name,
                parent: &actor.parent,
                manifest: &actor.manifest,
                initial_state: &actor.initial_state,
                wasm_sha256: &actor.wasm_sha256,
                wasm_base64: actor
                    .wasm
                    .as_ref()
                    .map(|wasm| base64::engine::general_purpose::STANDARD.encode(wasm)),
                events: TheaterEvents(&actor.events),
            })
            .collect(),
    };
    serde_json::to_vec(&bundle).unwrap_or_default()
}

/// [`write_bundle`], gzip-compressed: what the app and `reprise export --format bundle`
/// write. [`crate::parse_file`] tells gzip by its magic bytes, so it reads either form.
pub fn write_bundle_gzip(actors: &[ActorChain]) -> Vec<u8> {
    gzip(&write_bundle(actors))
}

/// `bytes` as one gzip member (default level: bundles are mostly number arrays, which
/// compress about tenfold).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail, so neither can the encoder.
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_file;

    const TEN: &[u8] = include_bytes!("../../../fixtures/vectors/c2-ten-events.chain.json");

    #[test]
    fn chain_json_round_trips_to_the_same_json_value() {
        let events = parse_file("ten", TEN).unwrap().actors.remove(0).events;
        let written = write_chain_json(&events);
        let original: serde_json::Value = serde_json::from_slice(TEN).unwrap();
        let rewritten: serde_json::Value = serde_json::from_slice(&written).unwrap();
        assert_eq!(original, rewritten);
    }

    #[test]
    fn bundle_round_trips_with_metadata_and_wasm() {
        let events = parse_file("ten", TEN).unwrap().actors.remove(0).events;
        let actor = ActorChain {
            id: Some("6f1c2f0e-3b7a-4c1e-9a55-0d2f4b8e7c11".into()),
            name: Some("child".into()),
            parent: Some("0d4c8a51-7f4e-4b55-9d0e-3c1f6f0a2b11".into()),
            manifest: Some("child.toml".into()),
            initial_state: Some(vec![1, 2, 3]),
            wasm_sha256: Some("ab".repeat(32)),
            wasm: Some(b"\0asm\x01\0\0\0".to_vec()),
            events,
        };
        let bytes = write_bundle(std::slice::from_ref(&actor));
        let parsed = parse_file("b.json", &bytes).unwrap();
        assert_eq!(parsed.actors, vec![actor.clone()]);

        let compressed = write_bundle_gzip(std::slice::from_ref(&actor));
        assert_eq!(&compressed[..2], &[0x1f, 0x8b]);
        let parsed = parse_file("b.json.gz", &compressed).unwrap();
        assert!(parsed.is_gzip);
        assert_eq!(parsed.actors, vec![actor]);
    }
}
