//! What the page says about the link it was opened with, on real chains: the real Theater
//! 0.3.29 scenario bundle shared and reopened (same chain), the Theater repository's
//! runtime-test chain shared short and reopened whole (extends), or edited (different); a
//! damaged fragment; a link naming a file to drop.

#![allow(clippy::unwrap_used)]

use reprise_app::share::{ChainClaim, LinkSource, ShareLink, EMBEDDED_SESSION_PATH};
use reprise_app::{LinkStatus, Selection, Session};
use reprise_chain::{analyze_file, AnalyzedFile};
use reprise_testkit::fixture_bytes;
use reprise_testkit::theater_scenario::{bundle_bytes, SUPERVISOR_ID};

const RUNTIME_TEST: &str = "theater-repo/runtime-test.chain.json";

fn open(path: &str, bytes: &[u8]) -> AnalyzedFile {
    analyze_file(path, bytes, &mut |_| {}).unwrap()
}

fn session_of(path: &str, bytes: &[u8]) -> Session {
    let mut session = Session::default();
    session.add_file(open(path, bytes), false);
    session
}

/// The runtime-test chain with only its first `num_events` events.
fn runtime_test_prefix(num_events: usize) -> Vec<u8> {
    let events: Vec<serde_json::Value> =
        serde_json::from_slice(&fixture_bytes(RUNTIME_TEST)).unwrap();
    serde_json::to_vec(&events[..num_events]).unwrap()
}

/// The link "Copy link" gives for `session`, read back as the recipient's page reads it.
fn shared_link(session: &Session) -> ShareLink {
    let link = ShareLink::of_session(session, Default::default()).link;
    ShareLink::parse(&link.to_fragment()).unwrap()
}

/// A link naming the file `path` (as for a session too large to embed) and claiming every
/// chain of `session` under the keys the recipient's session gives them.
fn file_link(path: &str, session: &Session) -> ShareLink {
    let chains = session
        .keys()
        .into_iter()
        .filter_map(|key| {
            let actor = session.actor(&key)?;
            ChainClaim::of_chain(key, &actor.chain.events)
        })
        .collect();
    let link = ShareLink {
        sources: vec![LinkSource::File(path.to_string())],
        chains,
        view: Default::default(),
    };
    ShareLink::parse(&link.to_fragment()).unwrap()
}

#[test]
fn the_same_scenario_reopened_is_the_same_chain_for_every_actor() {
    let sender = session_of("scenario.bundle.json", &bundle_bytes());
    let link = shared_link(&sender);
    assert_eq!(link.chains.len(), 4);
    // The recipient opens the session embedded in the link.
    let recipient = session_of(EMBEDDED_SESSION_PATH, link.embedded().unwrap().bundle());
    let status = LinkStatus::of(Some(&link), None, &recipient, false).unwrap();
    assert_eq!(status.verdict_name(), "same");
    assert_eq!(status.headline(), "same chain ✓ (all 4 chains)");
    assert!(!status.holds_back_validity());
}

#[test]
fn a_longer_copy_of_the_chain_extends_the_shared_one() {
    let sender = session_of("runtime-test.chain.json", &runtime_test_prefix(4));
    let link = file_link("runtime-test.chain.json", &sender);
    let recipient = session_of("runtime-test.chain.json", &fixture_bytes(RUNTIME_TEST));
    let status = LinkStatus::of(Some(&link), None, &recipient, false).unwrap();
    assert_eq!(status.verdict_name(), "extends");
    assert_eq!(
        status.headline(),
        "this chain extends the shared one (2 more events)"
    );
    assert!(!status.is_alarming());
}

#[test]
fn a_shorter_or_edited_copy_is_a_different_chain_with_both_heads() {
    let sender = session_of("runtime-test.chain.json", &fixture_bytes(RUNTIME_TEST));
    let link = file_link("runtime-test.chain.json", &sender);
    let claimed_head = link.chains[0].head.clone().unwrap();

    let shorter = session_of("runtime-test.chain.json", &runtime_test_prefix(5));
    let status = LinkStatus::of(Some(&link), None, &shorter, false).unwrap();
    assert_eq!(status.verdict_name(), "different");
    assert!(status.is_alarming() && status.holds_back_validity());
    let headline = status.headline();
    assert!(headline.contains(claimed_head.as_str()), "{headline}");
    assert!(headline.contains("different chain"), "{headline}");

    // One data byte of event 2 edited, its stored hash kept.
    let mut events: Vec<serde_json::Value> =
        serde_json::from_slice(&fixture_bytes(RUNTIME_TEST)).unwrap();
    let byte = events[2]["data"][0].as_u64().unwrap();
    events[2]["data"][0] = serde_json::json!(byte ^ 1);
    let edited = session_of(
        "runtime-test.chain.json",
        &serde_json::to_vec(&events).unwrap(),
    );
    let status = LinkStatus::of(Some(&link), None, &edited, false).unwrap();
    assert_eq!(status.verdict_name(), "different");
    assert!(status.headline().contains("does not verify at event 2"));
}

#[test]
fn a_damaged_fragment_is_refused_whole() {
    let error = ShareLink::parse("v=1&embed=!!!notbase64").unwrap_err();
    let status = LinkStatus::of(None, Some(&error), &Session::default(), false).unwrap();
    assert_eq!(status.verdict_name(), "damaged");
    assert!(status.is_alarming() && status.holds_back_validity());
    assert!(status.headline().contains("embed"), "{}", status.headline());
}

#[test]
fn a_file_link_waits_for_the_drop_then_checks_the_dropped_file() {
    let sender = session_of("runtime-test.chain.json", &fixture_bytes(RUNTIME_TEST));
    let link = file_link("runtime-test.chain.json", &sender);
    let empty = Session::default();
    assert_eq!(
        LinkStatus::of(Some(&link), None, &empty, true),
        Some(LinkStatus::Checking)
    );
    let waiting = LinkStatus::of(Some(&link), None, &empty, false).unwrap();
    assert_eq!(waiting.verdict_name(), "awaiting");
    assert!(waiting.headline().contains("Drop runtime-test.chain.json"));
    assert!(waiting.holds_back_validity());
    let status = LinkStatus::of(Some(&link), None, &sender, false).unwrap();
    assert_eq!(status.verdict_name(), "same");
}

#[test]
fn a_link_without_claims_says_nothing() {
    let link = ShareLink::of_selection(Selection::actor(reprise_app::ActorKey::from_text(
        SUPERVISOR_ID,
    )));
    assert_eq!(
        LinkStatus::of(Some(&link), None, &Session::default(), false),
        None
    );
}
