//! # reprise-testkit: the fixtures every test suite reads, loaded in one place
//!
//! The committed fixtures (`fixtures/` at the workspace root) resolved from this crate's own
//! manifest directory, so a test in any crate finds them wherever it runs: files by relative
//! path ([`fixture_files`]), the real Theater 0.3.29 scenario as a `LoadedFile` and
//! `ActorChain`s with its modules ([`theater_scenario`]), and the spec's vector chains
//! ([`vectors`]); for the Theater tier, the sample actors built ([`sample_actors`]) and the
//! completeness check of captured chains ([`chain_checks`]).
//!
//! Dev-only (`publish = false`, only ever a dev-dependency). Helpers panic, naming the path
//! and the reason, when a fixture cannot be read or parsed: a test that cannot read its
//! fixture must fail loudly, and every caller is a test. Natively only: wasm32 browser tests
//! cannot read files at run time and embed theirs with `include_bytes!`.

pub mod chain_checks;
pub mod fixture_files;
pub mod sample_actors;
pub mod theater_scenario;
pub mod vectors;

pub use fixture_files::{
    fixture_bytes, fixture_dir_files, fixture_events, fixture_file, fixture_path, fixtures_dir,
};
