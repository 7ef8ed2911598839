//! Every tampering of every real chain, at every event: the first break is reported at exactly
//! the tampered index with the right reason (the committed `cases/` show one of each; this
//! sweeps them all).

// Helpers outside #[test] fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use reprise_chain::{compute_event_hash, parse_file, verify_chain, BreakReason, ChainEvent};
use reprise_testkit::vectors::{ten_events_bytes, TEN_EVENTS};
use reprise_testkit::{fixture_dir_files, fixture_events};

fn all_fixture_chains() -> Vec<(String, Vec<ChainEvent>)> {
    let mut paths = fixture_dir_files("theater-repo");
    paths.push(TEN_EVENTS.to_string());
    paths
        .into_iter()
        .map(|path| {
            let events = fixture_events(&path);
            (path, events)
        })
        .collect()
}

fn first_break(events: &[ChainEvent]) -> Option<(usize, BreakReason)> {
    verify_chain(events)
        .first_broken
        .map(|broken| (broken.index, broken.reason))
}

#[test]
fn a_flipped_payload_byte_is_a_hash_mismatch_at_that_event() {
    for (name, events) in all_fixture_chains() {
        for k in 0..events.len() {
            for byte_idx in [0, events[k].data.len() / 2, events[k].data.len() - 1] {
                let mut tampered = events.clone();
                tampered[k].data[byte_idx] ^= 0x20;
                assert_eq!(
                    first_break(&tampered),
                    Some((k, BreakReason::HashMismatch)),
                    "{name} event {k}"
                );
            }
        }
    }
}

#[test]
fn a_changed_event_type_is_a_hash_mismatch_at_that_event() {
    for (name, events) in all_fixture_chains() {
        for k in 0..events.len() {
            let mut tampered = events.clone();
            tampered[k].event_type.push('x');
            assert_eq!(
                first_break(&tampered),
                Some((k, BreakReason::HashMismatch)),
                "{name} event {k}"
            );
        }
    }
}

#[test]
fn a_dropped_event_is_a_parent_mismatch_where_it_was() {
    for (name, events) in all_fixture_chains() {
        // Dropping the last event leaves a valid prefix; dropping the first, a partial chain.
        for k in 1..events.len().saturating_sub(1) {
            let mut tampered = events.clone();
            tampered.remove(k);
            assert_eq!(
                first_break(&tampered),
                Some((k, BreakReason::ParentMismatch)),
                "{name} event {k}"
            );
        }
    }
}

#[test]
fn swapped_neighbours_are_a_parent_mismatch_at_the_first_of_them() {
    for (name, events) in all_fixture_chains() {
        for k in 1..events.len() - 1 {
            let mut tampered = events.clone();
            tampered.swap(k, k + 1);
            assert_eq!(
                first_break(&tampered),
                Some((k, BreakReason::ParentMismatch)),
                "{name} event {k}"
            );
        }
        // Swapping the root away leaves a chain that looks partial, broken where the root lands.
        let mut tampered = events.clone();
        tampered.swap(0, 1);
        let report = verify_chain(&tampered);
        assert_eq!(report.partial_from, Some(0), "{name}");
        assert_eq!(
            first_break(&tampered),
            Some((1, BreakReason::ParentMismatch)),
            "{name}"
        );
    }
}

#[test]
fn a_repeated_event_is_named_a_duplicate() {
    for (name, events) in all_fixture_chains() {
        for k in 0..events.len() {
            let mut tampered = events.clone();
            tampered.insert(k + 1, events[k].clone());
            assert_eq!(
                first_break(&tampered),
                Some((k + 1, BreakReason::Duplicate)),
                "{name} event {k}"
            );
        }
    }
}

#[test]
fn a_validly_hashed_second_successor_is_named_a_fork() {
    for (name, events) in all_fixture_chains() {
        for k in 0..events.len() - 1 {
            let mut sibling = events[k + 1].clone();
            sibling.data.push(b' ');
            sibling.hash = compute_event_hash(&sibling).to_vec();
            let mut tampered = events.clone();
            tampered.insert(k + 2, sibling);
            assert_eq!(
                first_break(&tampered),
                Some((k + 2, BreakReason::Fork)),
                "{name} event {k}"
            );
        }
    }
}

#[test]
fn every_truncation_is_a_parse_error_never_a_panic() {
    let bytes = ten_events_bytes();
    for cut in (1..bytes.len() - 1).step_by(97) {
        let err = parse_file("cut", &bytes[..cut]).expect_err(&format!("cut at byte {cut}"));
        assert!(err.to_string().starts_with("cut: "), "{err}");
    }
}
