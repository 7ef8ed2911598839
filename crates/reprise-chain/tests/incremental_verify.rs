//! `IncrementalVerifier` gives, event by event, exactly the report `verify_chain` gives on the
//! whole chain: on every real Theater 0.3.29 chain, intact and tampered in each way.

// Helpers outside #[test] fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use reprise_chain::{verify_chain, ChainEvent, IncrementalVerifier, LinkStatus};
use reprise_testkit::theater_scenario::scenario_actors;

fn scenario_chains() -> Vec<Vec<ChainEvent>> {
    scenario_actors()
        .into_iter()
        .map(|actor| actor.events)
        .collect()
}

fn check(events: &[ChainEvent]) {
    let mut verifier = IncrementalVerifier::new();
    for event in events {
        verifier.push(event);
    }
    assert_eq!(verifier.report(), &verify_chain(events));
}

#[test]
fn intact_chains_verify_the_same_event_by_event() {
    for events in scenario_chains() {
        check(&events);
    }
}

#[test]
fn tampered_chains_break_at_the_same_event_for_the_same_reason() {
    let events = scenario_chains().remove(0);
    let mut edited = events.clone();
    edited[5].data.push(0);
    check(&edited);
    let mut skipped = events.clone();
    skipped.remove(7);
    check(&skipped);
    let mut duplicated = events.clone();
    duplicated.insert(9, events[3].clone());
    check(&duplicated);
    let mut forked = events.clone();
    forked.insert(9, events[4].clone());
    forked[9].data.push(1);
    check(&forked);
    check(&events[10..]);
    check(&[]);
}

#[test]
fn an_event_whose_parent_was_not_seen_is_a_gap() {
    let events = scenario_chains().remove(0);
    let mut verifier = IncrementalVerifier::new();
    verifier.push(&events[0]);
    let check = verifier.push(&events[2]);
    assert_eq!(check.link, LinkStatus::ParentMismatch);
    assert!(check.is_hash_ok);
}
