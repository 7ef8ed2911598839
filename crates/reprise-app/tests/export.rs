//! The page's exports on the real Theater 0.3.29 scenario: what each export is called, when it
//! is not available and why, and that what it writes reads back — the session bundle
//! losslessly (modules included), the replay file as the shown actor's chain, the fixture as
//! the core's `ReplayFixture` of that actor with its module.

// Helpers outside the test fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use reprise_app::{export_file, export_options, ActorKey, ExportKind, Session, WasmFile};
use reprise_chain::export::{write_tar_gz, ReplayFixture};
use reprise_chain::{analyze_file, parse_file, AnalyzedFile};
use reprise_testkit::theater_scenario::{
    bundle_bytes, chain_file_bytes, counter_wasm, scenario_actor, scenario_actors,
    COUNTER_EXTERNAL_STOP_ID,
};

fn open(path: &str, bytes: &[u8]) -> AnalyzedFile {
    analyze_file(path, bytes, &mut |_| {}).unwrap()
}

fn no_assigned(_: &ActorKey) -> Option<&'static WasmFile> {
    None
}

#[test]
fn a_bundle_session_offers_every_export_and_each_reads_back() {
    let mut session = Session::default();
    session.add_file(open("scenario.bundle.json", &bundle_bytes()), false);
    let counter = ActorKey::from_text(COUNTER_EXTERNAL_STOP_ID);

    let options = export_options(&session, Some(&counter), no_assigned);
    let names: Vec<(ExportKind, &str, bool)> = options
        .iter()
        .map(|option| {
            (
                option.kind,
                option.file_name.as_str(),
                option.unavailable.is_none(),
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![
            (ExportKind::Bundle, "reprise-session.bundle.json.gz", true),
            (ExportKind::ReplayJson, "counter-44ff83c7.chain.json", true),
            (
                ExportKind::ReplayFixture,
                "counter-44ff83c7-replay-fixture.tar.gz",
                true
            ),
        ]
    );

    let bundle = export_file(ExportKind::Bundle, &session, Some(&counter), no_assigned).unwrap();
    assert_eq!(bundle.mime, "application/gzip");
    let reread = parse_file(&bundle.file_name, &bundle.bytes).unwrap();
    assert!(reread.is_gzip);
    assert_eq!(reread.actors, scenario_actors());

    let json = export_file(
        ExportKind::ReplayJson,
        &session,
        Some(&counter),
        no_assigned,
    )
    .unwrap();
    let reread = parse_file(&json.file_name, &json.bytes).unwrap();
    assert_eq!(
        reread.actors[0].events,
        scenario_actor(COUNTER_EXTERNAL_STOP_ID).events
    );

    let fixture = export_file(
        ExportKind::ReplayFixture,
        &session,
        Some(&counter),
        no_assigned,
    )
    .unwrap();
    let expected = ReplayFixture::of_actor(&scenario_actor(COUNTER_EXTERNAL_STOP_ID)).unwrap();
    assert_eq!(
        fixture.bytes,
        write_tar_gz("counter-44ff83c7-replay-fixture", &expected.files()).unwrap()
    );
}

#[test]
fn a_bare_chain_needs_its_module_for_a_fixture_and_takes_the_assigned_one() {
    let mut session = Session::default();
    let path = format!("{COUNTER_EXTERNAL_STOP_ID}.chain.json");
    let key = session
        .add_file(
            open(&path, &chain_file_bytes(COUNTER_EXTERNAL_STOP_ID)),
            false,
        )
        .unwrap();

    let options = export_options(&session, Some(&key), no_assigned);
    let fixture = &options[2];
    assert_eq!(fixture.kind, ExportKind::ReplayFixture);
    let reason = fixture.unavailable.as_deref().unwrap();
    assert!(reason.contains("assign the actor's .wasm file"), "{reason}");
    assert!(options[0].unavailable.is_none() && options[1].unavailable.is_none());
    let err = export_file(ExportKind::ReplayFixture, &session, Some(&key), no_assigned);
    assert_eq!(err.unwrap_err(), reason);

    let assigned = WasmFile {
        name: "counter.wasm".into(),
        bytes: Arc::new(counter_wasm()),
    };
    let assigned_to = |wanted: &ActorKey| (wanted == &key).then_some(&assigned);
    let options = export_options(&session, Some(&key), assigned_to);
    assert!(options[2].unavailable.is_none(), "{options:?}");
    let bundle = export_file(ExportKind::Bundle, &session, Some(&key), assigned_to).unwrap();
    let reread = parse_file("b", &bundle.bytes).unwrap();
    assert_eq!(
        reread.actors[0].wasm.as_deref(),
        Some(counter_wasm().as_slice())
    );
}

#[test]
fn nothing_open_or_no_actor_shown_is_said_so() {
    let session = Session::default();
    for option in export_options(&session, None, no_assigned) {
        assert_eq!(option.unavailable.as_deref(), Some("nothing is open"));
    }
    let mut session = Session::default();
    session.add_file(open("scenario.bundle.json", &bundle_bytes()), false);
    let gone = ActorKey::from_text("gone");
    let options = export_options(&session, Some(&gone), no_assigned);
    assert!(options[0].unavailable.is_none());
    assert_eq!(
        options[1].unavailable.as_deref(),
        Some("actor gone is not open")
    );
}
