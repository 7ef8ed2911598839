//! The unit tests' real data: the Theater 0.3.29 scenario (a supervisor that spawned three
//! counters), from the shared testkit, and what a theater-server running it would list.

#![allow(clippy::unwrap_used)]

/// Every actor of the scenario, the supervisor first.
pub use reprise_testkit::theater_scenario::scenario_actors as scenario;

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
