//! # reprise-fixtures: real Theater output, produced by Reprise's own (dev-only) tooling
//!
//! Runs the real Theater 0.3.29 runtime in-process (a `reprise_recorder::TheaterHost`) on
//! the sample actors of `actors/`, drives a
//! fixed scenario (a supervisor, three counters, a guest error, a self-shutdown, an external
//! stop) and records every chain through a global subscription. The result is written as a
//! Reprise bundle plus Theater replay files (`reprise-record-fixtures`, which regenerates
//! `fixtures/theater-0.3.29/`). It also runs Theater's own `ReplayHandler` on a recorded chain
//! and on tampered copies of it, and keeps Theater's verdicts.
//!
//! Invariants:
//! - recorded chains are exactly what Theater broadcast, in arrival order; only
//!   [`chain_tampering`] changes events, and only in copies made for replay cases;
//! - metadata (parents, initial states) comes from the recorded spawn events, never from
//!   the scenario's own bookkeeping.

pub mod chain_tampering;
pub mod event_log;
pub mod export_event;
pub mod fixture_set;
pub mod recorded_scenario;
pub mod recording;
pub mod replay_log;
pub mod replay_verdicts;
pub mod sample_actor;
pub mod scenario;
pub mod staged_actors;
pub mod theater_session;

pub use fixture_set::{
    default_fixtures_dir, write_fixtures, FixtureActor, FixtureSummary, BUNDLE_FILE, SUMMARY_FILE,
};
pub use recorded_scenario::{record_scenario, RecordedScenario};
pub use replay_verdicts::{record_replay_verdicts, ReplayVerdict, ReplayVerdicts, VERDICTS_FILE};
pub use sample_actor::{build_actors, default_actors_dir, SampleActor};
pub use scenario::{ScenarioActors, BAD_MESSAGE};
pub use staged_actors::{StagedActor, StagedActors};
pub use theater_session::TheaterSession;
