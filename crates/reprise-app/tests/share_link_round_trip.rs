//! Share links written and read back on real sessions: every fixture's claims and view survive
//! the fragment, an embedded session inflates to the bundle that was embedded and reopens with
//! the keys the link names, old `#actor=..&event=..` links still read, and a session past the
//! budget names its files instead.

// Helpers outside the test fns unwrap too (clippy's test exemption does not see
// `#[test]`): a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use reprise_app::share::{
    check_session, ChainCheck, LinkSource, Panel, ShareLink, ViewState, EMBEDDED_SESSION_PATH,
    MAX_FRAGMENT_LEN,
};
use reprise_app::{ActorKey, Selection, Session};
use reprise_chain::timeline::TimelineFilter;
use reprise_chain::{analyze_file, AnalyzedFile, EventKind, FeedStart};
use reprise_testkit::theater_scenario::bundle_bytes;
use reprise_testkit::{fixture_bytes, fixture_dir_files};

fn open(path: &str, bytes: &[u8]) -> AnalyzedFile {
    analyze_file(path, bytes, &mut |_| {}).unwrap()
}

fn session_of(files: &[(&str, Vec<u8>)]) -> Session {
    let mut session = Session::default();
    for (path, bytes) in files {
        session.add_file(open(path, bytes), false);
    }
    session
}

fn busy_view(actor: ActorKey) -> ViewState {
    ViewState {
        selection: Selection::event(actor, 3),
        filter: TimelineFilter {
            kinds: vec![EventKind::HostCall, EventKind::ExportCall],
            event_type: Some("theater:simple/runtime/log".into()),
            query: "a&b=c #d%e ü".into(),
            is_problems_only: true,
        },
        panels: Some(vec![Panel::Merged, Panel::Payload]),
        replay_step: Some(2),
    }
}

#[test]
fn every_fixture_session_round_trips_through_its_fragment() {
    let mut paths = fixture_dir_files("theater-repo");
    paths.extend(fixture_dir_files("vectors"));
    paths.extend(fixture_dir_files("theater-0.3.29"));
    let mut num_checked = 0;
    for relative in paths.iter().filter(|path| path.ends_with(".json")) {
        let name = relative.rsplit('/').next().unwrap();
        let Ok(file) = analyze_file(name, &fixture_bytes(relative), &mut |_| {}) else {
            continue; // manifests, verdict tables: not chains
        };
        let mut session = Session::default();
        let first = session.add_file(file, false).unwrap();
        let built = ShareLink::of_session(&session, busy_view(first));
        let fragment = built.link.to_fragment();
        assert!(fragment.len() <= MAX_FRAGMENT_LEN, "{relative}");
        let read = ShareLink::parse(&fragment).unwrap();
        assert_eq!(read, built.link, "{relative}");
        assert_eq!(read.chains.len(), session.num_actors(), "{relative}");
        for claim in &read.chains {
            let head = claim.head.as_ref().unwrap().as_str();
            assert_eq!(head.len(), 40);
            assert!(fragment.contains(head), "{relative}: head in full hex");
        }
        num_checked += 1;
    }
    assert!(num_checked >= 8, "only {num_checked} fixtures were chains");
}

#[test]
fn an_embedded_session_reopens_with_the_keys_and_heads_the_link_names() {
    let runtime = "theater-repo/runtime-test.chain.json";
    let session = session_of(&[
        ("runtime-test.chain.json", fixture_bytes(runtime)),
        ("scenario.bundle.json", bundle_bytes()),
    ]);
    let selected = ActorKey::from_text("runtime-test.chain.json#0");
    let built = ShareLink::of_session(&session, busy_view(selected));
    assert_eq!(built.not_embedded, None);
    let link = ShareLink::parse(&format!("#{}", built.link.to_fragment())).unwrap();
    let embedded = link.embedded().unwrap();

    // The recipient opens the embedded bundle as the page does.
    let recipient = session_of(&[(EMBEDDED_SESSION_PATH, embedded.bundle().to_vec())]);
    assert_eq!(recipient.num_actors(), session.num_actors());
    let shown = link.view.selection.actor.clone().unwrap();
    assert_eq!(
        shown.as_str(),
        format!("{EMBEDDED_SESSION_PATH}#0"),
        "an id-less actor is renamed to its key in the embedded bundle"
    );
    assert!(recipient.contains(&shown));
    let checks = check_session(&link, &recipient);
    assert_eq!(checks.len(), session.num_actors());
    for claim_check in checks {
        assert_eq!(
            claim_check.check,
            ChainCheck::Same,
            "{:?}",
            claim_check.claim
        );
        assert_eq!(claim_check.check.to_string(), "same chain ✓");
    }
}

#[test]
fn a_session_past_the_budget_names_its_files_and_says_why() {
    // The six theater-repo chains dropped 20 times under other names (120 chains): past the
    // embedding budget once deflated.
    let mut files = Vec::new();
    for copy in 0..20 {
        for relative in fixture_dir_files("theater-repo") {
            let name = relative.rsplit('/').next().unwrap();
            files.push((format!("{copy}-{name}"), fixture_bytes(&relative)));
        }
    }
    let borrowed: Vec<(&str, Vec<u8>)> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.clone()))
        .collect();
    let session = session_of(&borrowed);
    let built = ShareLink::of_session(&session, ViewState::default());
    let too_large = built
        .not_embedded
        .unwrap_or_else(|| panic!("past the budget: {}", built.link.to_fragment().len()));
    assert!(too_large.encoded_len > too_large.budget);
    assert!(too_large.explanation().contains("KiB budget"));
    let link = ShareLink::parse(&built.link.to_fragment()).unwrap();
    assert!(link.embedded().is_none());
    assert_eq!(
        link.sources.len(),
        files.len(),
        "every dropped file is named"
    );
    assert_eq!(
        link.sources[0],
        LinkSource::File("0-environment-test.chain.json".into())
    );
    assert_eq!(link.chains.len(), files.len());
    // The recipient drops the same files: every claim holds.
    let recipient = session_of(&borrowed);
    assert!(check_session(&link, &recipient)
        .iter()
        .all(|claim_check| claim_check.check == ChainCheck::Same));
}

#[test]
fn old_selection_links_still_read() {
    let selection = Selection::event(ActorKey::from_text("a&b=c.chain.json#0"), 7);
    let link = ShareLink::parse(&format!("#{}", selection.to_fragment())).unwrap();
    assert_eq!(link, ShareLink::of_selection(selection));
    assert!(ShareLink::parse("").unwrap().is_empty());
    assert!(ShareLink::parse("#").unwrap().is_empty());
}

#[test]
fn accepted_variants_read_to_one_link_and_write_back_canonically() {
    let head = "408e61a3785840081bbf972f9edb1efa2f23da21";
    let variant = format!(
        "&&event=007&v=1&chain=a%2cb,14,{head}&ws=ws://127.0.0.1:8080/ws&from=42&\
         src=https%3a//example.org/x.json&file=my%20file.chain.json&kinds=&panels=&q=&type=&"
    );
    let link = ShareLink::parse(&variant).unwrap();
    assert_eq!(link.view.selection.event_idx, Some(7));
    assert_eq!(link.chains[0].actor.as_str(), "a,b");
    assert_eq!(
        link.view.panels,
        Some(Vec::new()),
        "panels= closes every panel"
    );
    assert_eq!(link.view.filter, TimelineFilter::default());
    assert_eq!(
        link.sources,
        vec![
            LinkSource::LiveFeed {
                url: "ws://127.0.0.1:8080/ws".into(),
                from: Some(FeedStart::Seq(42)),
            },
            LinkSource::Url("https://example.org/x.json".into()),
            LinkSource::File("my file.chain.json".into()),
        ]
    );
    let canonical = link.to_fragment();
    assert_eq!(
        canonical,
        format!(
            "v=1&event=7&panels=&chain=a%2Cb,14,{head}&ws=ws://127.0.0.1:8080/ws&from=42&\
             src=https://example.org/x.json&file=my%20file.chain.json"
        )
    );
    assert_eq!(ShareLink::parse(&canonical).unwrap(), link);
}

#[test]
fn a_live_session_links_its_feed_instead_of_a_frozen_copy() {
    // The feed's actors are the real scenario's; a dropped chain file is open beside them.
    let scenario = open("scenario.bundle.json", &bundle_bytes());
    let feed_url = "ws://127.0.0.1:8080/ws";
    let mut session = session_of(&[(
        "runtime-test.chain.json",
        fixture_bytes("theater-repo/runtime-test.chain.json"),
    )]);
    let live_actors = scenario
        .actors
        .into_iter()
        .map(std::sync::Arc::new)
        .collect();
    session.set_live_actors(feed_url, live_actors);
    let built = ShareLink::of_session(&session, ViewState::default());
    assert_eq!(
        built.not_embedded, None,
        "not embedded by choice, not by size"
    );
    let link = ShareLink::parse(&built.link.to_fragment()).unwrap();
    assert!(link.embedded().is_none());
    assert_eq!(
        link.sources,
        vec![
            LinkSource::File("runtime-test.chain.json".into()),
            LinkSource::LiveFeed {
                url: feed_url.into(),
                from: Some(FeedStart::Beginning),
            },
        ]
    );
    assert_eq!(link.chains.len(), session.num_actors());
    assert!(check_session(&link, &session)
        .iter()
        .all(|claim_check| claim_check.check == ChainCheck::Same));
}
