//! `ActorSelection`: which actors a recording records, decided without I/O from what the
//! server lists and what the recorded chains say. `--all` takes every listed actor; otherwise
//! the actor asked for and every child a recorded spawn names (followed with its parent, if
//! it is still running when listed). It also keeps each attached actor's record up to date
//! (names and parents learnt later).
//!
//! Invariants: an actor is attached at most once; an attached actor's record is re-sent only
//! when its name or parent changed; a spawned child that the next list does not show is
//! reported once and forgotten.

use std::collections::{BTreeMap, BTreeSet};

use reprise_chain::wire::ActorInfo;

/// What applying a list decided, in the order to carry it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectionStep {
    /// A recorded spawn's child is running: it is recorded from now on.
    Following {
        /// The parent's id.
        parent_id: String,
        /// The child's id.
        child_id: String,
    },
    /// Record this actor: write its record, then subscribe to it.
    Attach(ActorInfo),
    /// An attached actor's record changed (a name or a parent learnt): write it again.
    Update(ActorInfo),
    /// A recorded spawn named a child the server does not run (any more).
    ChildNotRunning {
        /// The parent's id.
        parent_id: String,
        /// The child's id.
        child_id: String,
    },
}

/// The recording's choice of actors.
#[derive(Debug, Clone, Default)]
pub struct ActorSelection {
    is_all: bool,
    wanted: BTreeSet<String>,
    spawned_by: BTreeMap<String, String>,
    actors: BTreeMap<String, ActorInfo>,
}

impl ActorSelection {
    /// Every actor listed (`--all`), or `actor` and the children it spawns.
    pub fn new(is_all: bool, actor: Option<String>) -> Self {
        Self {
            is_all,
            wanted: actor.into_iter().collect(),
            ..Self::default()
        }
    }

    /// A recorded spawn: `parent_id` started `child_id`. The child is followed if the next
    /// list shows it.
    pub fn spawned(&mut self, parent_id: String, child_id: String) {
        self.spawned_by.insert(child_id, parent_id);
    }

    /// An actor this recording started itself (`--start`): attached at once, so no list
    /// attaches it again. Returns its record.
    pub fn started(&mut self, actor_id: String, name: Option<String>) -> ActorInfo {
        let info = actor_info(actor_id, name, None);
        self.actors.insert(info.id.clone(), info.clone());
        info
    }

    /// Applies a `ListActors` answer (id, name): what to attach, update and report.
    pub fn apply_list(&mut self, mut listed: Vec<(String, String)>) -> Vec<SelectionStep> {
        let mut steps = Vec::new();
        listed.sort();
        for (actor_id, name) in listed {
            let parent = self.spawned_by.remove(&actor_id);
            if let Some(info) = self.actors.get_mut(&actor_id) {
                let is_renamed = info.name.as_deref() != Some(name.as_str());
                let is_new_parent = info.parent.is_none() && parent.is_some();
                if is_renamed || is_new_parent {
                    info.name = Some(name);
                    info.parent = info.parent.take().or(parent);
                    steps.push(SelectionStep::Update(info.clone()));
                }
                continue;
            }
            if let Some(parent_id) = &parent {
                steps.push(SelectionStep::Following {
                    parent_id: parent_id.clone(),
                    child_id: actor_id.clone(),
                });
                self.wanted.insert(actor_id.clone());
            }
            if self.is_all || self.wanted.contains(&actor_id) {
                let info = actor_info(actor_id, Some(name), parent);
                self.actors.insert(info.id.clone(), info.clone());
                steps.push(SelectionStep::Attach(info));
            }
        }
        // A spawn output names a child the server no longer runs (it already ended, or the
        // spawn was replayed from a recording): there is nothing to subscribe to.
        for (child_id, parent_id) in std::mem::take(&mut self.spawned_by) {
            steps.push(SelectionStep::ChildNotRunning {
                parent_id,
                child_id,
            });
        }
        steps
    }

    /// How notices call an actor: `<id> (name)` when its name is known.
    pub fn label(&self, actor_id: &str) -> String {
        match self
            .actors
            .get(actor_id)
            .and_then(|info| info.name.as_deref())
        {
            Some(name) => format!("{actor_id} ({name})"),
            None => actor_id.to_string(),
        }
    }

    /// How many actors are attached.
    pub fn num_attached(&self) -> usize {
        self.actors.len()
    }
}

fn actor_info(id: String, name: Option<String>, parent: Option<String>) -> ActorInfo {
    ActorInfo {
        id,
        name,
        parent,
        manifest: None,
        initial_state: None,
        wasm_sha256: None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::chain_watch::{ChainFinding, ChainWatch};
    use crate::test_fixtures::{scenario, scenario_child_ids, scenario_list, supervisor_id};

    fn attached(steps: &[SelectionStep]) -> Vec<&ActorInfo> {
        steps
            .iter()
            .filter_map(|step| match step {
                SelectionStep::Attach(info) => Some(info),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn all_takes_every_listed_actor_once() {
        let mut selection = ActorSelection::new(true, None);
        let steps = selection.apply_list(scenario_list());
        let mut ids: Vec<&str> = attached(&steps).iter().map(|i| i.id.as_str()).collect();
        let mut expected: Vec<String> = scenario_list().into_iter().map(|(id, _)| id).collect();
        expected.sort();
        ids.sort();
        assert_eq!(ids, expected);
        assert_eq!(selection.apply_list(scenario_list()), vec![]);
        assert_eq!(selection.num_attached(), 4);
    }

    #[test]
    fn one_actor_and_the_children_its_recorded_spawns_name() {
        let supervisor = supervisor_id();
        let mut selection = ActorSelection::new(false, Some(supervisor.clone()));
        let steps = selection.apply_list(scenario_list());
        let first = attached(&steps);
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].id, supervisor);
        assert_eq!(first[0].name.as_deref(), Some("supervisor"));

        // The supervisor's real chain, as its feed would see it.
        let mut watch = ChainWatch::default();
        for event in &scenario()[0].events {
            for finding in watch.take(event) {
                if let ChainFinding::Spawned(child_id) = finding {
                    selection.spawned(supervisor.clone(), child_id);
                }
            }
        }
        let steps = selection.apply_list(scenario_list());
        let mut children: Vec<&ActorInfo> = attached(&steps);
        children.sort_by(|a, b| a.id.cmp(&b.id));
        let ids: Vec<String> = children.iter().map(|info| info.id.clone()).collect();
        assert_eq!(ids, scenario_child_ids());
        for child in children {
            assert_eq!(child.parent.as_deref(), Some(supervisor.as_str()));
            assert_eq!(child.name.as_deref(), Some("counter"));
            assert!(steps.contains(&SelectionStep::Following {
                parent_id: supervisor.clone(),
                child_id: child.id.clone(),
            }));
        }
        assert_eq!(
            selection.label(&supervisor),
            format!("{supervisor} (supervisor)")
        );
    }

    #[test]
    fn a_child_that_is_not_running_is_reported_once() {
        let supervisor = supervisor_id();
        let child = scenario_child_ids().remove(0);
        let mut selection = ActorSelection::new(false, Some(supervisor.clone()));
        selection.apply_list(scenario_list());
        selection.spawned(supervisor.clone(), child.clone());
        let only_supervisor: Vec<(String, String)> = scenario_list()
            .into_iter()
            .filter(|(id, _)| *id == supervisor)
            .collect();
        let not_running = SelectionStep::ChildNotRunning {
            parent_id: supervisor.clone(),
            child_id: child,
        };
        assert_eq!(
            selection.apply_list(only_supervisor.clone()),
            vec![not_running]
        );
        assert_eq!(selection.apply_list(only_supervisor), vec![]);
    }

    #[test]
    fn a_started_actor_is_not_attached_again_and_its_name_is_corrected() {
        let supervisor = supervisor_id();
        let mut selection = ActorSelection::new(true, None);
        let info = selection.started(supervisor.clone(), Some("from-manifest".into()));
        assert_eq!(info.name.as_deref(), Some("from-manifest"));
        let steps = selection.apply_list(scenario_list());
        assert!(attached(&steps).iter().all(|info| info.id != supervisor));
        let updated = steps.iter().find_map(|step| match step {
            SelectionStep::Update(info) => Some(info),
            _ => None,
        });
        assert_eq!(updated.unwrap().name.as_deref(), Some("supervisor"));
    }
}
