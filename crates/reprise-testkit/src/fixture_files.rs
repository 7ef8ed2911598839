//! Any committed fixture by its path relative to `fixtures/`: its path, its bytes, the file
//! parsed as `reprise_chain` parses user input, or the events of a one-actor chain file.
//!
//! Invariant: the path is resolved from this crate's `CARGO_MANIFEST_DIR`
//! (`crates/reprise-testkit`), never from the current directory, so it holds in every crate's
//! tests. Failures panic with the path (see the crate doc).

use std::path::PathBuf;

use reprise_chain::{parse_file, ChainEvent, LoadedFile};

/// The workspace's `fixtures/` directory.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// The path of `relative` (e.g. `vectors/c2-ten-events.chain.json`) inside `fixtures/`.
pub fn fixture_path(relative: &str) -> PathBuf {
    fixtures_dir().join(relative)
}

/// The `fixtures/`-relative paths of the files in the fixture directory `relative_dir`
/// (e.g. `theater-repo`), sorted, so sweeps over a directory run in a stable order.
pub fn fixture_dir_files(relative_dir: &str) -> Vec<String> {
    let dir = fixture_path(relative_dir);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot list fixtures in {}: {err}", dir.display()));
    let mut files: Vec<String> = entries
        .map(|entry| {
            let entry = entry
                .unwrap_or_else(|err| panic!("cannot list fixtures in {}: {err}", dir.display()));
            format!("{relative_dir}/{}", entry.file_name().to_string_lossy())
        })
        .filter(|relative| fixture_path(relative).is_file())
        .collect();
    files.sort();
    files
}

/// The bytes of the fixture `relative`.
pub fn fixture_bytes(relative: &str) -> Vec<u8> {
    let path = fixture_path(relative);
    std::fs::read(&path)
        .unwrap_or_else(|err| panic!("cannot read fixture {}: {err}", path.display()))
}

/// The fixture `relative` parsed by `parse_file`, named by its file name (as a user opening
/// it would name it).
pub fn fixture_file(relative: &str) -> LoadedFile {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    parse_file(name, &fixture_bytes(relative))
        .unwrap_or_else(|err| panic!("fixture {relative} does not parse: {err}"))
}

/// The events of the fixture `relative`, a file holding one actor's chain.
pub fn fixture_events(relative: &str) -> Vec<ChainEvent> {
    let mut file = fixture_file(relative);
    assert_eq!(
        file.actors.len(),
        1,
        "fixture {relative} should hold exactly one chain"
    );
    file.actors.remove(0).events
}
