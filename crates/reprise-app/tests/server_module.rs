//! The live server's module as a replay source: the module URL derived from
//! the feed's `/ws` URL, live actors told apart by their session file, the order in which a
//! module is chosen (a dropped file, the bundle, a parent's spawn input, then the server),
//! a fetched module checked against the recorded SHA-256, and the fetch's states in
//! `ReplayRuns` (one request at a time, the waiting control handed back, a failure kept
//! until the next control retries).

// Helpers outside the test fns unwrap too (clippy's test exemption does not see
// `#[test]`): a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use reprise_app::worker_protocol::ReplayCommand;
use reprise_app::{
    module_url, ActorKey, LiveFeed, ModuleFetch, ModuleRequest, ReplayRuns, ServerModule, Session,
    WasmFile, WasmOffer,
};
use reprise_chain::ActorChain;
use reprise_replay::{wasm_sha256_hex, WasmDigestCheck, WasmSource};
use reprise_testkit::theater_scenario::{counter_wasm, scenario_actors, supervisor_wasm};

const FEED_URL: &str = "ws://127.0.0.1:8080/ws";

/// The supervisor as a live feed delivers it: a record with `wasm_sha256`, no module bytes.
fn live_supervisor() -> ActorChain {
    let mut actor = scenario_actors().remove(0);
    actor.wasm = None;
    actor
}

fn server_module_of(actor: &ActorChain) -> ServerModule {
    ServerModule::of_actor(actor, Some(FEED_URL)).unwrap()
}

#[test]
fn the_module_url_is_the_feeds_origin_with_the_module_path() {
    let sha256 = "ab".repeat(32);
    let cases = [
        (
            "ws://127.0.0.1:8080/ws",
            format!("http://127.0.0.1:8080/modules/{sha256}.wasm"),
        ),
        (
            "wss://debug.example:443/ws?x=1",
            format!("https://debug.example:443/modules/{sha256}.wasm"),
        ),
        (
            "WS://[::1]:9000/ws",
            format!("http://[::1]:9000/modules/{sha256}.wasm"),
        ),
        (
            "ws://localhost:8080",
            format!("http://localhost:8080/modules/{sha256}.wasm"),
        ),
    ];
    for (feed_url, expected) in cases {
        assert_eq!(
            module_url(feed_url, &sha256).unwrap(),
            expected,
            "{feed_url}"
        );
    }
    // Upper-case digests name the same file the server keeps in lower case.
    assert_eq!(
        module_url(FEED_URL, &"AB".repeat(32)).unwrap(),
        format!("http://127.0.0.1:8080/modules/{sha256}.wasm")
    );
}

#[test]
fn a_url_is_refused_for_a_bad_digest_or_feed() {
    let sha256 = "ab".repeat(32);
    for bad_sha256 in [
        "",
        "ab",
        "../../etc/passwd",
        &"zz".repeat(32),
        &"ab".repeat(33),
    ] {
        let err = module_url(FEED_URL, bad_sha256).unwrap_err();
        assert!(err.contains("is not a SHA-256"), "{bad_sha256}: {err}");
    }
    for bad_feed in ["127.0.0.1:8080/ws", "ftp://host/ws", "ws:///ws", "ws://"] {
        assert!(module_url(bad_feed, &sha256).is_err(), "{bad_feed}");
    }
}

#[test]
fn a_live_feeds_actors_are_told_apart_by_their_origin() {
    let feed = LiveFeed::new(FEED_URL.to_string());
    let mut session = Session::default();
    let bundle = reprise_testkit::theater_scenario::bundle_bytes();
    let file = reprise_chain::analyze_file("scenario.bundle.json", &bundle, &mut |_| {}).unwrap();
    let opened_key = session.add_file(file, false).unwrap();
    let live_actor = Arc::new(reprise_chain::analyze_actor(
        0,
        live_supervisor(),
        &mut |_| {},
    ));
    let live_key = session
        .set_live_actors(feed.url(), vec![live_actor])
        .unwrap();
    assert_eq!(
        session.file_of(&live_key).unwrap().feed_url(),
        Some(FEED_URL)
    );
    assert_eq!(session.file_of(&opened_key).unwrap().feed_url(), None);
    // The same actor opened from a file and from the feed: two keys, one per copy.
    assert_eq!(
        opened_key.as_str(),
        live_key.as_str().trim_end_matches("~2")
    );
    assert_ne!(opened_key, live_key);
}

#[test]
fn only_a_live_actor_with_a_recorded_digest_has_a_server_module() {
    let actor = live_supervisor();
    let module = server_module_of(&actor);
    assert_eq!(Some(module.sha256.as_str()), actor.wasm_sha256.as_deref());
    assert_eq!(
        module.url,
        format!(
            "http://127.0.0.1:8080/modules/{}.wasm",
            actor.wasm_sha256.as_deref().unwrap()
        )
    );
    assert_eq!(ServerModule::of_actor(&actor, None), None);
    let mut unnamed = actor;
    unnamed.wasm_sha256 = None;
    assert_eq!(ServerModule::of_actor(&unnamed, Some(FEED_URL)), None);
}

#[test]
fn the_server_module_is_chosen_last_and_fetched_first() {
    let bundle_actor = scenario_actors().remove(0);
    let actor = live_supervisor();
    let module = server_module_of(&actor);
    let file = WasmFile {
        name: "supervisor.wasm".into(),
        bytes: Arc::new(supervisor_wasm()),
    };
    let fetched = Some(Arc::new(supervisor_wasm()));
    let source_of = |offer: Option<WasmOffer>| offer.unwrap().source();

    // A dropped file wins over everything, the bundle over the server.
    let dropped = WasmOffer::resolve(
        &actor,
        Some(&file),
        [],
        Some(module.clone()),
        fetched.clone(),
    );
    assert_eq!(
        source_of(dropped),
        WasmSource::File {
            name: "supervisor.wasm".into()
        }
    );
    let bundled = WasmOffer::resolve(&bundle_actor, None, [], Some(module.clone()), None);
    assert_eq!(source_of(bundled), WasmSource::Bundle);

    // Nothing in the page: the server's module, to be fetched first.
    let on_server = WasmOffer::resolve(&actor, None, [], Some(module.clone()), None).unwrap();
    assert_eq!(on_server, WasmOffer::OnServer(module.clone()));
    assert!(on_server.ready().is_none());
    let label = format!("server module {}", &module.sha256[..12]);
    assert_eq!(on_server.source().label(), label);
    assert_eq!(
        on_server.describe(),
        format!("wasm: {label} — fetched when the replay starts")
    );

    // Fetched: ready, checked like any other source.
    let ready = WasmOffer::resolve(&actor, None, [], Some(module.clone()), fetched).unwrap();
    let choice = ready.ready().unwrap();
    assert_eq!(
        choice.source,
        WasmSource::Server {
            url: module.url.clone(),
            sha256: module.sha256.clone()
        }
    );
    assert_eq!(choice.digest_check, WasmDigestCheck::Matches);
    assert_eq!(
        choice.describe(),
        format!("wasm: {label} — SHA-256 matches the recording")
    );

    // Not live, nothing else: no module at all.
    assert_eq!(WasmOffer::resolve(&actor, None, [], None, None), None);
}

#[test]
fn a_fetched_module_that_is_not_the_recorded_one_is_flagged() {
    let actor = live_supervisor();
    let module = server_module_of(&actor);
    let wrong = Some(Arc::new(counter_wasm()));
    let offer = WasmOffer::resolve(&actor, None, [], Some(module), wrong).unwrap();
    assert!(offer.is_mismatch());
    assert_eq!(
        offer.ready().unwrap().digest_check,
        WasmDigestCheck::Differs {
            recorded: actor.wasm_sha256.clone().unwrap(),
            actual: wasm_sha256_hex(&counter_wasm()),
        }
    );
    assert!(offer.describe().contains("differs from the recording's"));
}

#[test]
fn a_server_module_is_fetched_once_and_the_waiting_control_runs_when_it_arrives() {
    let actor = live_supervisor();
    let module = server_module_of(&actor);
    let mut runs = ReplayRuns::default();
    assert_eq!(
        runs.request_module(
            &ActorKey::from_text("actor-3"),
            &module,
            ReplayCommand::Step
        ),
        ModuleRequest::Fetch
    );
    let fetch = runs.module_fetch(&module.sha256).unwrap();
    assert!(fetch.is_fetching());
    assert_eq!(
        fetch.status(&module),
        Some((format!("Fetching module {}…", module.url), "fetching"))
    );
    // A second press waits for the same request; the latest control is the one carried out.
    assert_eq!(
        runs.request_module(
            &ActorKey::from_text("actor-3"),
            &module,
            ReplayCommand::RunToEnd
        ),
        ModuleRequest::Wait
    );
    let pending = runs.land_module(&module.sha256, Ok(supervisor_wasm()));
    assert_eq!(
        pending,
        Some((ActorKey::from_text("actor-3"), ReplayCommand::RunToEnd))
    );
    assert_eq!(
        runs.fetched_module(&module.sha256).as_deref(),
        Some(&supervisor_wasm())
    );
    assert_eq!(
        runs.module_fetch(&module.sha256).unwrap().status(&module),
        None
    );
}

#[test]
fn a_failed_fetch_is_shown_and_the_next_control_asks_again() {
    let actor = live_supervisor();
    let module = server_module_of(&actor);
    let mut runs = ReplayRuns::default();
    runs.request_module(
        &ActorKey::from_text("actor-0"),
        &module,
        ReplayCommand::RunToEnd,
    );
    let message = format!("could not fetch {}: HTTP 404 Not Found", module.url);
    assert_eq!(runs.land_module(&module.sha256, Err(message.clone())), None);
    assert_eq!(
        runs.module_fetch(&module.sha256),
        Some(&ModuleFetch::Failed(message.clone()))
    );
    assert_eq!(
        runs.module_fetch(&module.sha256).unwrap().status(&module),
        Some((format!("Replay failed: {message}"), "failed"))
    );
    assert_eq!(runs.fetched_module(&module.sha256), None);
    assert_eq!(
        runs.request_module(
            &ActorKey::from_text("actor-0"),
            &module,
            ReplayCommand::RunToEnd
        ),
        ModuleRequest::Fetch
    );
}

#[test]
fn cancel_while_fetching_drops_the_waiting_control() {
    let actor = live_supervisor();
    let module = server_module_of(&actor);
    let mut runs = ReplayRuns::default();
    assert_eq!(
        runs.request_module(
            &ActorKey::from_text("actor-0"),
            &module,
            ReplayCommand::Cancel
        ),
        ModuleRequest::Nothing
    );
    assert_eq!(runs.module_fetch(&module.sha256), None);
    runs.request_module(
        &ActorKey::from_text("actor-0"),
        &module,
        ReplayCommand::RunToEnd,
    );
    assert_eq!(
        runs.request_module(
            &ActorKey::from_text("actor-0"),
            &module,
            ReplayCommand::Cancel
        ),
        ModuleRequest::Wait
    );
    assert_eq!(
        runs.land_module(&module.sha256, Ok(supervisor_wasm())),
        None
    );
    assert!(runs.fetched_module(&module.sha256).is_some());
}
