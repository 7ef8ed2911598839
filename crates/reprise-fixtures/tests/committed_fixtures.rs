//! The committed `fixtures/theater-0.3.29/` set, checked with `reprise_chain` alone (no
//! Theater run): the recorded chains, the bundle's metadata, and the replay verdicts.

mod common;

use std::path::{Path, PathBuf};

use reprise_chain::{parse_file, verify_chain, ActorChain, ChainEvent};
use reprise_fixtures::{default_fixtures_dir, FixtureSummary, ReplayVerdicts, BUNDLE_FILE};

use common::ScenarioRoles;

fn fixture_path(name: &str) -> PathBuf {
    default_fixtures_dir().join(name)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn summary() -> FixtureSummary {
    serde_json::from_slice(&read(&fixture_path("scenario.json"))).expect("scenario.json")
}

fn bundle_chains() -> Vec<ActorChain> {
    let path = fixture_path(BUNDLE_FILE);
    parse_file(BUNDLE_FILE, &read(&path))
        .expect("the bundle parses")
        .actors
}

fn chain_file_events(name: &str) -> Vec<ChainEvent> {
    let mut file = parse_file(name, &read(&fixture_path(name))).expect("the chain file parses");
    assert_eq!(file.actors.len(), 1);
    file.actors.remove(0).events
}

fn roles() -> ScenarioRoles {
    let summary = summary();
    let id_of = |role: &str| {
        summary
            .actors
            .iter()
            .find(|actor| actor.role == role)
            .map(|actor| actor.id.clone())
            .unwrap_or_else(|| panic!("no {role} in scenario.json"))
    };
    ScenarioRoles {
        supervisor: id_of("supervisor"),
        guest_error: id_of("counter-guest-error"),
        self_shutdown: id_of("counter-self-shutdown"),
        external_stop: id_of("counter-external-stop"),
    }
}

#[test]
fn committed_chains_verify() {
    common::check_chains_verify(&bundle_chains());
}

#[test]
fn committed_chains_start_at_the_standard_init_root() {
    common::check_standard_roots(&bundle_chains());
}

#[test]
fn committed_parents_are_the_spawning_supervisor() {
    common::check_parent_tree(&bundle_chains(), &roles());
}

#[test]
fn committed_bad_message_ends_in_wasm_error_then_shutdown() {
    common::check_guest_error(&bundle_chains(), &roles());
}

#[test]
fn committed_self_shutdown_has_no_shutdown_event() {
    common::check_self_shutdown(&bundle_chains(), &roles());
}

#[test]
fn committed_external_stop_reaches_the_parent() {
    common::check_external_stop(&bundle_chains(), &roles());
}

#[test]
fn committed_initial_states_come_from_the_spawn_inputs() {
    common::check_initial_states(&bundle_chains(), &roles());
}

#[test]
fn chain_files_hold_the_bundles_events() {
    let chains = bundle_chains();
    for actor in summary().actors {
        assert_eq!(actor.chain, format!("{}.chain.json", actor.id));
        let chain = common::chain_of(&chains, &actor.id);
        assert_eq!(
            chain_file_events(&actor.chain),
            chain.events,
            "{}",
            actor.id
        );
        assert_eq!(chain.events.len(), actor.num_events);
        assert_eq!(chain.name.as_deref(), Some(actor.name.as_str()));
        assert_eq!(chain.parent, actor.parent);
    }
}

#[test]
fn bundle_embeds_the_committed_modules_and_manifests() {
    for chain in bundle_chains() {
        let name = chain.name.clone().expect("every actor has a name");
        let wasm = read(&fixture_path(&format!("{name}.wasm")));
        assert_eq!(chain.wasm.as_ref(), Some(&wasm), "{name}");
        assert_eq!(
            chain.wasm_sha256.as_deref(),
            Some(reprise_chain::wasm_sha256_hex(&wasm).as_str())
        );
        let manifest = String::from_utf8(read(&fixture_path(&format!("{name}.toml"))))
            .expect("UTF-8 manifest");
        assert_eq!(chain.manifest.as_deref(), Some(manifest.as_str()));
    }
}

fn verdicts() -> ReplayVerdicts {
    serde_json::from_slice(&read(&fixture_path("replay-verdicts.json")))
        .expect("replay-verdicts.json")
}

#[test]
fn replayed_chain_is_the_source_without_its_shutdown() {
    let verdicts = verdicts();
    let chains = bundle_chains();
    let source = common::chain_of(&chains, &verdicts.source_actor);
    assert_eq!(source.events.len(), verdicts.num_source_events);
    let untampered = chain_file_events(&verdicts.cases[0].chain);
    assert_eq!(verdicts.cases[0].name, "untampered");
    assert_eq!(untampered[..], source.events[..source.events.len() - 1]);
    assert_eq!(
        source.events.last().map(|e| e.event_type.as_str()),
        Some("shutdown")
    );
}

#[test]
fn replay_verdicts_match_the_committed_chains() {
    let verdicts = verdicts();
    let untampered = chain_file_events(&verdicts.cases[0].chain);
    for case in &verdicts.cases {
        let events = chain_file_events(&case.chain);
        let report = verify_chain(&events);
        assert_eq!(
            report.is_verified(),
            case.is_reprise_verified,
            "{}",
            case.name
        );
        assert_eq!(report.summary(), case.reprise_summary, "{}", case.name);
        let first_changed_data = events
            .iter()
            .zip(&untampered)
            .position(|(event, original)| event.data != original.data);
        assert_eq!(first_changed_data, case.tampered_event, "{}", case.name);
    }
}

#[test]
fn theater_replay_reports_each_tamper_where_expected() {
    common::check_replay_verdicts(&verdicts());
}
