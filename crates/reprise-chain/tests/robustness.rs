//! Parsing never fails hard: random mutations of real files and random payload bytes produce
//! values or errors, never panics (a panic in the browser's worker would kill the analysis).

// Helpers outside #[test] fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::Path;

use reprise_chain::decode::decode_payload;
use reprise_chain::{analyze_file, interpret_event, ChainEvent};
use reprise_testkit::vectors::{ten_events, ten_events_bytes};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

#[test]
fn mutated_chain_files_never_panic() {
    let original = ten_events_bytes();
    let mut rng = Rng(0x5eed);
    for _ in 0..400 {
        let mut bytes = original.clone();
        for _ in 0..1 + rng.below(8) {
            let idx = rng.below(bytes.len());
            bytes[idx] = b"0123456789[]{},\":x "[rng.below(19)];
        }
        let _ = analyze_file("mutated", &bytes, &mut |_| {});
    }
}

#[test]
fn mutated_capture_logs_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases/capture-log-two-actors/events.log.jsonl");
    let original = fs::read(root).unwrap();
    let mut rng = Rng(0x10c);
    for _ in 0..400 {
        let mut bytes = original.clone();
        for _ in 0..1 + rng.below(8) {
            let idx = rng.below(bytes.len());
            bytes[idx] = b"0123456789[]{},\":x \n\xff"[rng.below(21)];
        }
        let _ = analyze_file("mutated", &bytes, &mut |_| {});
    }
}

#[test]
fn mutated_cgrf_payloads_decode_or_explain_never_panic() {
    let mut rng = Rng(0xc0ffee);
    for event in &ten_events() {
        for _ in 0..300 {
            let mut data = event.data.clone();
            for _ in 0..1 + rng.below(4) {
                let idx = 4 + rng.below(data.len() - 4);
                data[idx] = rng.next() as u8;
            }
            let mutated = ChainEvent {
                data,
                ..event.clone()
            };
            let meaning = interpret_event(&mutated);
            assert!(meaning.payload.num_nodes() >= 1);
        }
    }
}

#[test]
fn random_bytes_after_the_cgrf_magic_never_panic() {
    let mut rng = Rng(42);
    for _ in 0..2000 {
        let len = rng.below(96);
        let mut data = b"CGRF\x02\x00\x00\x00".to_vec();
        data.extend((0..len).map(|_| rng.next() as u8));
        let _ = decode_payload(&data);
    }
}
