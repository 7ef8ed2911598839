//! The supervision tree and message links rebuilt from the real Theater 0.3.29 scenario
//! (`fixtures/theater-0.3.29/scenario.json` says what happened: a supervisor spawns three
//! counters; one fails on a bad message, one shuts itself down, one is stopped).

// Helpers outside #[test] fns unwrap too: a test that cannot read its fixture must fail loudly.
#![allow(clippy::unwrap_used)]

use reprise_chain::{spawned_child_id, ActorChain, ActorStatus, MessageLinks, SupervisionTree};
use reprise_testkit::theater_scenario::{
    scenario_actors as scenario, COUNTER_EXTERNAL_STOP_ID as STOPPED,
    COUNTER_GUEST_ERROR_ID as FAILED, COUNTER_SELF_SHUTDOWN_ID as EXITED,
    SUPERVISOR_ID as SUPERVISOR,
};

fn position(chains: &[ActorChain], id: &str) -> usize {
    chains
        .iter()
        .position(|chain| chain.id.as_deref() == Some(id))
        .unwrap()
}

#[test]
fn scenario_tree_has_the_supervisor_over_three_counters_in_spawn_order() {
    let tree = SupervisionTree::build(&scenario());
    let rows: Vec<(Option<&str>, usize, ActorStatus, usize)> = tree
        .nodes
        .iter()
        .map(|node| {
            (
                node.actor_id.as_deref(),
                node.depth,
                node.status,
                node.num_events,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (Some(SUPERVISOR), 0, ActorStatus::Stopped, 76),
            (Some(FAILED), 1, ActorStatus::Failed, 15),
            (Some(EXITED), 1, ActorStatus::Exited, 12),
            (Some(STOPPED), 1, ActorStatus::Stopped, 15),
        ]
    );
    let failed = tree.node(FAILED).unwrap();
    assert_eq!(failed.parent_id.as_deref(), Some(SUPERVISOR));
    assert_eq!(failed.spawn_event_idx, Some(6));
    assert_eq!(failed.name.as_deref(), Some("counter"));
}

#[test]
fn spawned_child_id_names_each_child_at_its_spawn_event_only() {
    let chains = scenario();
    let supervisor = &chains[position(&chains, SUPERVISOR)];
    let found: Vec<(usize, String)> = supervisor
        .events
        .iter()
        .enumerate()
        .filter_map(|(event_idx, event)| Some((event_idx, spawned_child_id(event)?)))
        .collect();
    let children: Vec<&str> = found.iter().map(|(_, child)| child.as_str()).collect();
    assert_eq!(children, vec![FAILED, EXITED, STOPPED]);
    assert_eq!(found[0].0, 6);
}

#[test]
fn edges_come_from_spawn_outputs_without_the_bundle_parent_field() {
    let mut chains = scenario();
    for chain in &mut chains {
        chain.parent = None;
    }
    let tree = SupervisionTree::build(&chains);
    assert_eq!(
        tree.node(EXITED).unwrap().parent_id.as_deref(),
        Some(SUPERVISOR)
    );
    assert_eq!(tree.node(EXITED).unwrap().depth, 1);
}

#[test]
fn statuses_come_from_the_child_chain_when_the_parent_is_not_loaded() {
    let chains: Vec<ActorChain> = scenario()
        .into_iter()
        .filter(|chain| chain.id.as_deref() != Some(SUPERVISOR))
        .collect();
    let tree = SupervisionTree::build(&chains);
    assert_eq!(tree.node(FAILED).unwrap().status, ActorStatus::Failed);
    assert_eq!(tree.node(STOPPED).unwrap().status, ActorStatus::Stopped);
    // The bundle's parent field still names the supervisor, which is not loaded: roots.
    assert!(tree.nodes.iter().all(|node| node.depth == 0));
    assert_eq!(
        tree.node(FAILED).unwrap().parent_id.as_deref(),
        Some(SUPERVISOR)
    );
}

#[test]
fn children_known_only_from_spawn_outputs_are_not_recorded() {
    let chains: Vec<ActorChain> = scenario()
        .into_iter()
        .filter(|chain| chain.id.as_deref() == Some(SUPERVISOR))
        .collect();
    let tree = SupervisionTree::build(&chains);
    assert_eq!(tree.nodes.len(), 4);
    let missing = tree.node(EXITED).unwrap();
    assert_eq!(missing.status, ActorStatus::NotRecorded);
    assert_eq!(
        (missing.depth, missing.num_events, missing.chain_idx),
        (1, 0, None)
    );
}

#[test]
fn sends_link_to_the_handle_send_they_caused_in_order() {
    let chains = scenario();
    let links = MessageLinks::build(&chains);
    let sup = position(&chains, SUPERVISOR);
    let failed = position(&chains, FAILED);
    let stopped = position(&chains, STOPPED);
    // "inc" then "add:5" to the first counter: its handle-sends at 5 and 8.
    assert_eq!(links.effect_of((sup, 21)), Some((failed, 5)));
    assert_eq!(links.effect_of((sup, 25)), Some((failed, 8)));
    assert_eq!(links.cause_of((failed, 11)), Some((sup, 50)));
    // Two identical "inc" sends to the third counter match in order.
    let stopped_causes: Vec<_> = links
        .links
        .iter()
        .filter(|link| link.handle.0 == stopped)
        .map(|link| (link.send.1, link.handle.1))
        .collect();
    assert_eq!(stopped_causes.len(), 3);
    assert_eq!(stopped_causes[0].0, 33);
    assert_eq!(stopped_causes[2].0, 41);
    assert!(stopped_causes.windows(2).all(|pair| pair[0].1 < pair[1].1));
    // Every send in the scenario reached a loaded actor.
    assert_eq!(links.links.len(), 8);
}

#[test]
fn commands_from_outside_the_loaded_chains_have_no_cause() {
    let chains = scenario();
    let links = MessageLinks::build(&chains);
    let sup = position(&chains, SUPERVISOR);
    assert_eq!(links.cause_of((sup, 4)), None);
    assert_eq!(links.effect_of((sup, 6)), None);
}
