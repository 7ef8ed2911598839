//! The head check on real chains: a link made from Theater 0.3.29's untampered replay chain,
//! checked against that chain, against a longer and a shorter one, against copies whose data
//! was edited (hashes kept) or forged (hashes recomputed), and against a session without it.

// Helpers outside the test fns unwrap too (clippy's test exemption does not see
// `#[test]`): a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use reprise_app::share::{check_session, ChainCheck, ChainClaim, HeadHash, ShareLink, ViewState};
use reprise_app::{ActorKey, Session};
use reprise_chain::{analyze_file, write_chain_json, AnalyzedActor, ChainEvent};
use reprise_testkit::{fixture_bytes, fixture_events};

const UNTAMPERED: &str = "theater-0.3.29/replay/untampered.chain.json";
const NAME: &str = "untampered.chain.json";

fn analyzed(events: &[ChainEvent]) -> AnalyzedActor {
    analyze_file(NAME, &write_chain_json(events), &mut |_| {})
        .unwrap()
        .actors
        .remove(0)
}

fn claim_of(events: &[ChainEvent]) -> ChainClaim {
    ChainClaim::of_chain(ActorKey::from_text("untampered.chain.json#0"), events).unwrap()
}

fn tampered(name: &str) -> AnalyzedActor {
    let bytes = fixture_bytes(&format!("theater-0.3.29/replay/{name}.chain.json"));
    analyze_file(NAME, &bytes, &mut |_| {})
        .unwrap()
        .actors
        .remove(0)
}

#[test]
fn the_same_chain_is_the_same() {
    let events = fixture_events(UNTAMPERED);
    let claim = claim_of(&events);
    assert_eq!(claim.num_events, 14);
    assert_eq!(
        claim.head.as_ref().unwrap().as_str(),
        "408e61a3785840081bbf972f9edb1efa2f23da21"
    );
    let check = ChainCheck::of(&claim, Some(&analyzed(&events)));
    assert_eq!(check, ChainCheck::Same);
    assert_eq!(check.to_string(), "same chain ✓");
    assert!(!check.is_alarming());
}

#[test]
fn a_longer_chain_with_the_claimed_head_extends_it() {
    let events = fixture_events(UNTAMPERED);
    let claim = claim_of(&events[..11]);
    let check = ChainCheck::of(&claim, Some(&analyzed(&events)));
    assert_eq!(check, ChainCheck::Extends { num_more: 3 });
    assert_eq!(
        check.to_string(),
        "this chain extends the shared one (3 more events)"
    );
    let one_more = ChainCheck::of(&claim_of(&events[..13]), Some(&analyzed(&events)));
    assert_eq!(
        one_more.to_string(),
        "this chain extends the shared one (1 more event)"
    );
}

#[test]
fn a_shorter_chain_is_different_and_names_both_heads() {
    let events = fixture_events(UNTAMPERED);
    let claim = claim_of(&events);
    let loaded = analyzed(&events[..10]);
    let check = ChainCheck::of(&claim, Some(&loaded));
    let loaded_head = HeadHash::of_event(&events[9]).unwrap();
    assert_eq!(
        check.to_string(),
        format!(
            "different chain: shared head 408e61a3785840081bbf972f9edb1efa2f23da21 (14 events), \
             loaded head {loaded_head} (10 events)"
        )
    );
    assert!(check.is_alarming());
}

#[test]
fn an_edited_copy_with_its_hashes_kept_is_different() {
    let claim = claim_of(&fixture_events(UNTAMPERED));
    for (name, edited_idx) in [("host-output-edited", 1), ("export-params-edited", 8)] {
        let loaded = tampered(name);
        // The stored head is the claimed one: only verification tells them apart.
        assert_eq!(
            HeadHash::of_event(loaded.chain.events.last().unwrap()),
            claim.head
        );
        let check = ChainCheck::of(&claim, Some(&loaded));
        assert!(
            matches!(check, ChainCheck::Different { broken_at: Some(idx), .. } if idx == edited_idx),
            "{name}: {check:?}"
        );
        assert!(
            check
                .to_string()
                .ends_with(&format!("does not verify at event {edited_idx}")),
            "{name}: {check}"
        );
    }
}

#[test]
fn a_forged_copy_with_recomputed_hashes_is_different() {
    let claim = claim_of(&fixture_events(UNTAMPERED));
    for name in ["host-output-forged", "export-params-forged"] {
        let loaded = tampered(name);
        let check = ChainCheck::of(&claim, Some(&loaded));
        let ChainCheck::Different {
            claimed_head,
            loaded_head,
            broken_at,
            ..
        } = &check
        else {
            panic!("{name}: {check:?}");
        };
        assert_ne!(claimed_head, loaded_head, "{name}");
        assert_eq!(*broken_at, None, "{name}: a forged chain verifies");
        assert!(check
            .to_string()
            .starts_with("different chain: shared head 408e61a3"));
    }
}

#[test]
fn a_link_checked_against_a_tampered_session_reports_per_claim() {
    let bytes = fixture_bytes(UNTAMPERED);
    let mut sender = Session::default();
    let key = sender
        .add_file(analyze_file(NAME, &bytes, &mut |_| {}).unwrap(), false)
        .unwrap();
    let link = ShareLink::naming_files(&sender, ViewState::default());
    // The recipient dropped the forged copy under the same name instead.
    let mut recipient = Session::default();
    let forged = fixture_bytes("theater-0.3.29/replay/host-output-forged.chain.json");
    recipient.add_file(analyze_file(NAME, &forged, &mut |_| {}).unwrap(), false);
    let checks = check_session(&link, &recipient);
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0].claim.actor, key);
    assert_eq!(checks[0].check.as_str(), "different");
    // And nothing open at all: the claim is missing, loudly.
    let missing = check_session(&link, &Session::default());
    assert_eq!(
        missing[0].check.to_string(),
        "missing: the link names actor untampered.chain.json#0, which is not open"
    );
    assert!(missing[0].check.is_alarming());
}
