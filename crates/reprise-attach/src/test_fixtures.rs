//! The unit tests' real data: the Theater 0.3.29 scenario (a supervisor that spawned three
//! counters), read from the committed fixture bundle.

#![allow(clippy::unwrap_used)]

use reprise_chain::{parse_file, ActorChain};

const SCENARIO: &[u8] = include_bytes!("../../../fixtures/theater-0.3.29/scenario.bundle.json");

/// Every actor of the scenario, the supervisor first.
pub fn scenario() -> Vec<ActorChain> {
    parse_file("scenario.bundle.json", SCENARIO).unwrap().actors
}

/// The supervisor's id.
pub fn supervisor_id() -> String {
    scenario()[0].id.clone().unwrap()
}

/// The ids of the children the supervisor spawned, sorted.
pub fn scenario_child_ids() -> Vec<String> {
    let supervisor = supervisor_id();
    let mut ids: Vec<String> = scenario()
        .into_iter()
        .filter(|chain| chain.parent.as_deref() == Some(supervisor.as_str()))
        .map(|chain| chain.id.unwrap())
        .collect();
    ids.sort();
    ids
}

/// What `ListActors` would answer while every actor of the scenario runs: (id, name).
pub fn scenario_list() -> Vec<(String, String)> {
    scenario()
        .into_iter()
        .map(|chain| (chain.id.unwrap(), chain.name.unwrap()))
        .collect()
}
