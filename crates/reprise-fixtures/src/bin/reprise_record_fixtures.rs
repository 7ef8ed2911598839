//! `reprise-record-fixtures [OUT_DIR]`: builds the sample actors, runs the scenario on the real
//! Theater runtime and (re)writes the fixture set (default `fixtures/theater-0.3.29/`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use reprise_fixtures::{
    build_actors, default_actors_dir, default_fixtures_dir, record_replay_verdicts,
    record_scenario, write_fixtures, StagedActors,
};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("reprise-record-fixtures: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let out_dir = match std::env::args_os().nth(1) {
        Some(dir) => PathBuf::from(dir),
        None => default_fixtures_dir(),
    };
    std::fs::create_dir_all(&out_dir)
        .with_context(|| format!("cannot create {}", out_dir.display()))?;
    let out_dir = out_dir
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", out_dir.display()))?;
    let actors_dir = default_actors_dir();
    let actors_dir = actors_dir
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", actors_dir.display()))?;
    eprintln!("building the sample actors in {}", actors_dir.display());
    build_actors(&actors_dir)?;
    let staged = StagedActors::stage(&actors_dir, &out_dir)?;
    // Theater resolves `supervisor.spawn("counter.toml")` against the working directory.
    std::env::set_current_dir(&staged.dir)
        .with_context(|| format!("cannot enter {}", staged.dir.display()))?;
    let tokio_runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start tokio")?;
    let recorded = tokio_runtime.block_on(record_scenario(&staged))?;
    let summary = write_fixtures(&staged.dir, &recorded)?;
    for actor in &summary.actors {
        eprintln!(
            "{:<24} {} {:>3} events",
            actor.role, actor.id, actor.num_events
        );
    }
    // Theater's own replay of the externally stopped counter, plain and tampered.
    let source = recorded
        .chain_of(recorded.actors.stopped_counter)
        .context("the stopped counter's chain is missing")?;
    let verdicts = tokio_runtime.block_on(record_replay_verdicts(source, &staged, &staged.dir))?;
    for case in &verdicts.cases {
        eprintln!(
            "replay {:<22} reprise: {:<48} theater: {}",
            case.name,
            case.reprise_summary,
            case.theater_message.lines().next().unwrap_or_default()
        );
    }
    tokio_runtime.shutdown_timeout(Duration::from_secs(5));
    eprintln!("wrote {}", staged.dir.display());
    Ok(())
}
