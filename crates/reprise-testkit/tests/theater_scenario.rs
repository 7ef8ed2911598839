//! The testkit's promises on the committed fixtures: the scenario's ids are the ones
//! `scenario.json` names, in the bundle's order, with the event counts it records; each
//! actor's chain file holds its bundle events; the modules are the bundle's; the vector chain
//! loads.

use reprise_testkit::theater_scenario::{
    chain_file_events, counter_wasm, scenario_actor, scenario_actors, scenario_actors_named,
    scenario_bytes, supervisor_wasm, ACTOR_IDS, SUPERVISOR_ID,
};
use reprise_testkit::vectors::ten_events;

#[test]
fn the_ids_are_the_ones_scenario_json_names_in_bundle_order() {
    let description = String::from_utf8(scenario_bytes("scenario.json")).unwrap_or_default();
    for id in ACTOR_IDS {
        assert!(description.contains(&format!("\"id\": \"{id}\"")), "{id}");
    }
    let bundle_ids: Vec<Option<String>> = scenario_actors()
        .into_iter()
        .map(|actor| actor.id)
        .collect();
    let expected: Vec<Option<String>> = ACTOR_IDS.iter().map(|id| Some(id.to_string())).collect();
    assert_eq!(bundle_ids, expected);
    let counts: Vec<usize> = ACTOR_IDS
        .iter()
        .map(|id| scenario_actor(id).events.len())
        .collect();
    assert_eq!(counts, vec![76, 15, 12, 15]);
}

#[test]
fn chain_files_and_modules_are_the_bundles() {
    for id in ACTOR_IDS {
        assert_eq!(chain_file_events(id), scenario_actor(id).events, "{id}");
    }
    let supervisors = scenario_actors_named("supervisor");
    assert_eq!(supervisors.len(), 1);
    assert_eq!(supervisors[0].id.as_deref(), Some(SUPERVISOR_ID));
    assert_eq!(supervisors[0].wasm.as_ref(), Some(&supervisor_wasm()));
    let counters = scenario_actors_named("counter");
    assert_eq!(counters.len(), 3);
    assert!(counters
        .iter()
        .all(|counter| counter.wasm.as_ref() == Some(&counter_wasm())));
}

#[test]
fn the_ten_event_vector_chain_loads() {
    assert_eq!(ten_events().len(), 10);
}
