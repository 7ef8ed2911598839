//! One complete recording: run the scenario on a fresh runtime and collect the chains.

use std::path::Path;

use anyhow::{bail, Context, Result};
use reprise_chain::ActorChain;
use theater::messages::default_init_state;

use crate::recording::{actor_chains, RootActor};
use crate::sample_actor::SampleActor;
use crate::scenario::{run_scenario, ScenarioActors};
use crate::staged_actors::StagedActors;
use crate::theater_session::TheaterSession;

/// The chains of one scenario run and the part each actor played.
#[derive(Debug, Clone)]
pub struct RecordedScenario {
    /// Who played which part.
    pub actors: ScenarioActors,
    /// One chain per actor, supervisor first, each with its metadata and module.
    pub chains: Vec<ActorChain>,
}

impl RecordedScenario {
    /// The chain of `actor`.
    pub fn chain_of(&self, actor: theater::TheaterId) -> Option<&ActorChain> {
        let id = actor.to_string();
        self.chains
            .iter()
            .find(|chain| chain.id.as_deref() == Some(id.as_str()))
    }
}

/// Runs the scenario on a new in-process runtime and returns its chains.
///
/// The process working directory must be `staged.dir`: Theater resolves the supervisor's
/// manifest reference (`counter.toml`) and that manifest's `package` against it. Must be
/// called inside a multi-threaded tokio runtime.
pub async fn record_scenario(staged: &StagedActors) -> Result<RecordedScenario> {
    check_working_dir(&staged.dir)?;
    let session = TheaterSession::start().await?;
    let actors = run_scenario(&session, staged).await?;
    let events = session.shut_down().await?;
    let root_state = default_init_state();
    let root = RootActor {
        id: actors.supervisor,
        actor: SampleActor::Supervisor,
        initial_state: &root_state,
    };
    let chains = actor_chains(&events, &root, staged)?;
    Ok(RecordedScenario { actors, chains })
}

fn check_working_dir(dir: &Path) -> Result<()> {
    let cwd = std::env::current_dir()
        .and_then(|cwd| cwd.canonicalize())
        .context("cannot read the working directory")?;
    let dir = dir
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", dir.display()))?;
    if cwd != dir {
        bail!(
            "the working directory is {}, but Theater resolves the staged manifests against it, so it must be {}",
            cwd.display(),
            dir.display()
        );
    }
    Ok(())
}
