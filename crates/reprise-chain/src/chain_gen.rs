//! `write_generated_chain`: synthetic Theater chains of any length, for benchmarks and tests
//! (`reprise gen`).
//!
//! Invariants: every written chain is valid (each hash is [`compute_event_hash`] of its event,
//! each parent the previous hash, the first parent `null`); the output is exactly Theater's
//! replay-file shape, as [`crate::write_chain_json`] writes it (or serde_json's pretty form of
//! the same value); the same [`ChainSpec`] always writes the same bytes (a seeded generator, no
//! clock); events are written one at a time to any `io::Write`, so memory does not grow with
//! the chain.

use std::io;

use serde::ser::{Serialize, Serializer};

use crate::bundle_json::TheaterEvent;
use crate::canonical::compute_event_hash_with;
use crate::event::ChainEvent;

/// Where the events' payloads come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadSource {
    /// Random bytes, each payload `min..=max` bytes long, under event types cycled from
    /// [`GENERATED_EVENT_TYPES`].
    Random {
        /// Shortest payload, in bytes.
        min: usize,
        /// Longest payload, in bytes (at least `min`).
        max: usize,
    },
    /// Real `(event_type, data)` pairs (e.g. from a recorded chain), used in order and cycled.
    /// Must not be empty.
    Cycle(Vec<(String, Vec<u8>)>),
}

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainSpec {
    /// Number of events.
    pub num_events: u64,
    /// The payloads.
    pub payloads: PayloadSource,
    /// Seed of the generator: the same seed gives the same chain.
    pub seed: u64,
    /// serde_json's pretty form instead of the compact one Theater writes.
    pub is_pretty: bool,
}

/// Event types of random payloads: the kinds a real chain holds most.
pub const GENERATED_EVENT_TYPES: [&str; 4] = [
    "wasm",
    "theater:simple/runtime/log",
    "theater:simple/store/store",
    "theater:simple/message-server-host/send",
];

/// Writes the chain `spec` describes to `out`, one event at a time.
///
/// Fails only when `out` fails, or when `spec` cannot be generated (a `Cycle` without
/// payloads, `min > max`), which is an `InvalidInput` error.
pub fn write_generated_chain<W: io::Write>(spec: &ChainSpec, out: W) -> io::Result<()> {
    match &spec.payloads {
        PayloadSource::Cycle(pairs) if pairs.is_empty() => {
            return Err(invalid_input("no payloads to cycle"));
        }
        PayloadSource::Random { min, max } if min > max => {
            return Err(invalid_input(&format!(
                "payload size range {min}..{max} is empty"
            )));
        }
        _ => {}
    }
    let events = GeneratedEvents { spec };
    if spec.is_pretty {
        serde_json::to_writer_pretty(out, &events)?;
    } else {
        serde_json::to_writer(out, &events)?;
    }
    Ok(())
}

fn invalid_input(reason: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, reason.to_string())
}

/// The whole chain as one serde sequence, produced lazily while it is written.
struct GeneratedEvents<'a> {
    spec: &'a ChainSpec,
}

impl Serialize for GeneratedEvents<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut generator = EventGenerator::new(self.spec);
        let num_events = usize::try_from(self.spec.num_events).unwrap_or(usize::MAX);
        serializer.collect_seq((0..num_events).map(|_| OwnedEvent(generator.next_event())))
    }
}

/// An event owned by the sequence, serialized in Theater's shape.
struct OwnedEvent(ChainEvent);

impl Serialize for OwnedEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TheaterEvent(&self.0).serialize(serializer)
    }
}

/// Makes the chain's events in order: payload, then the hash over the previous one.
struct EventGenerator<'a> {
    spec: &'a ChainSpec,
    rng: SplitMix64,
    next_idx: usize,
    parent_hash: Option<Vec<u8>>,
    scratch: Vec<u8>,
}

impl<'a> EventGenerator<'a> {
    fn new(spec: &'a ChainSpec) -> Self {
        Self {
            spec,
            rng: SplitMix64(spec.seed),
            next_idx: 0,
            parent_hash: None,
            scratch: Vec::new(),
        }
    }

    fn next_event(&mut self) -> ChainEvent {
        let idx = self.next_idx;
        self.next_idx += 1;
        let (event_type, data) = match &self.spec.payloads {
            PayloadSource::Random { min, max } => {
                let span = (max - min) as u64 + 1;
                let len = min + (self.rng.next() % span) as usize;
                let mut data = Vec::with_capacity(len + 8);
                while data.len() < len {
                    data.extend_from_slice(&self.rng.next().to_le_bytes());
                }
                data.truncate(len);
                let event_type = GENERATED_EVENT_TYPES[idx % GENERATED_EVENT_TYPES.len()];
                (event_type.to_string(), data)
            }
            PayloadSource::Cycle(pairs) => pairs[idx % pairs.len()].clone(),
        };
        let mut event = ChainEvent {
            hash: Vec::new(),
            parent_hash: self.parent_hash.take(),
            event_type,
            data,
            legacy: None,
        };
        event.hash = compute_event_hash_with(&event, &mut self.scratch).to_vec();
        self.parent_hash = Some(event.hash.clone());
        event
    }
}

/// Vigna's SplitMix64: tiny, seedable, and good enough for payload bytes.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_file, verify_chain, write_chain_json};

    fn generate(spec: &ChainSpec) -> Vec<u8> {
        let mut out = Vec::new();
        write_generated_chain(spec, &mut out).unwrap();
        out
    }

    fn random_spec(num_events: u64, is_pretty: bool) -> ChainSpec {
        ChainSpec {
            num_events,
            payloads: PayloadSource::Random { min: 0, max: 300 },
            seed: 7,
            is_pretty,
        }
    }

    #[test]
    fn generated_chains_verify_and_match_theaters_writer() {
        let bytes = generate(&random_spec(50, false));
        let events = parse_file("gen", &bytes).unwrap().actors.remove(0).events;
        assert_eq!(events.len(), 50);
        assert!(verify_chain(&events).is_verified());
        assert!(events[0].parent_hash.is_none());
        assert_eq!(write_chain_json(&events), bytes);
    }

    #[test]
    fn pretty_form_is_the_same_chain() {
        let compact = generate(&random_spec(5, false));
        let pretty = generate(&random_spec(5, true));
        assert_ne!(compact, pretty);
        let compact_value: serde_json::Value = serde_json::from_slice(&compact).unwrap();
        let pretty_value: serde_json::Value = serde_json::from_slice(&pretty).unwrap();
        assert_eq!(compact_value, pretty_value);
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let spec = random_spec(20, false);
        assert_eq!(generate(&spec), generate(&spec));
        let other = ChainSpec {
            seed: 8,
            ..spec.clone()
        };
        assert_ne!(generate(&spec), generate(&other));
    }

    #[test]
    fn cycled_payloads_repeat_in_order() {
        let pairs = vec![
            ("wasm".to_string(), vec![1, 2, 3]),
            ("theater:simple/runtime/log".to_string(), vec![]),
        ];
        let spec = ChainSpec {
            num_events: 5,
            payloads: PayloadSource::Cycle(pairs),
            seed: 0,
            is_pretty: false,
        };
        let events = parse_file("gen", &generate(&spec))
            .unwrap()
            .actors
            .remove(0)
            .events;
        let data: Vec<&[u8]> = events.iter().map(|event| event.data.as_slice()).collect();
        assert_eq!(data, [&[1, 2, 3][..], &[], &[1, 2, 3], &[], &[1, 2, 3]]);
        assert!(verify_chain(&events).is_verified());
    }

    #[test]
    fn impossible_specs_are_errors() {
        let empty_cycle = ChainSpec {
            payloads: PayloadSource::Cycle(Vec::new()),
            ..random_spec(3, false)
        };
        assert!(write_generated_chain(&empty_cycle, Vec::new()).is_err());
        let backwards = ChainSpec {
            payloads: PayloadSource::Random { min: 5, max: 4 },
            ..random_spec(3, false)
        };
        assert!(write_generated_chain(&backwards, Vec::new()).is_err());
        assert_eq!(generate(&random_spec(0, false)), b"[]");
    }
}
