//! Loading chain files and bundles into the log, so `reprise serve FILE…` serves them.
//!
//! Invariant: loading is idempotent. Every actor gets an id that depends only on the file
//! (its bundle id, its `<uuid>.chain.json` name, or a UUID derived from the file name and
//! its first event hash), and the log skips records it already holds, so loading the same
//! files into the same directory again writes nothing and every seq stays the same.

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use reprise_chain::wire::RecordBody;
use reprise_chain::{parse_file, ActorChain, InputFormat};
use reprise_store::StoreError;
use sha1::{Digest, Sha1};

use crate::live_log::LiveLog;

/// Records appended per batch (one fsync each) while loading a file.
const LOAD_BATCH_LEN: usize = 4096;

/// Files at least this big are announced before parsing (it takes a moment).
const BIG_FILE_BYTES: u64 = 16 << 20;

/// What a load is doing, for progress output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadProgress {
    /// The file is being read and parsed.
    Parsing {
        /// Its size.
        num_bytes: u64,
    },
    /// Records are being appended; `num_done` of `num_total` handed to the log so far.
    Appending {
        /// Records handed to the log.
        num_done: usize,
        /// Records the file holds (actors and events).
        num_total: usize,
    },
}

/// What loading one file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadReport {
    /// The file's layout.
    pub format: InputFormat,
    /// Actors in the file.
    pub num_actors: usize,
    /// Events in the file.
    pub num_events: usize,
    /// Records newly written; the rest were already in the log.
    pub num_written: usize,
    /// The seqs of the records written (empty when nothing was new).
    pub seqs: Range<u64>,
}

/// Why a file could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file cannot be read.
    Read(String, std::io::Error),
    /// The file is not a chain or bundle (the core's message names the place).
    Parse(reprise_chain::ParseError),
    /// An era-A event (Theater 0.2.x) cannot be stored: the log keeps era-C events only.
    LegacyEvent(String),
    /// The log refused the write.
    Store(StoreError),
    /// Loading was stopped (shutdown) before the file was complete.
    Stopped,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Read(path, err) => write!(f, "{path}: cannot read the file: {err}"),
            Self::Parse(err) => write!(f, "{err}"),
            Self::LegacyEvent(path) => write!(
                f,
                "{path}: holds Theater 0.2.x (era A) events with timestamps, which the live log \
                 cannot store yet; open the file in the app instead"
            ),
            Self::Store(err) => write!(f, "{err}"),
            Self::Stopped => f.write_str("loading was stopped"),
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads `path`, parses it and appends its actors and events to `live_log`, in file order.
/// Blocking. `stop` is checked between batches; `on_progress` hears about the steps of big
/// files (parsing a file of 16 MiB or more; every tenth of the appending when it takes
/// several batches).
pub fn load_file(
    live_log: &LiveLog,
    path: &Path,
    stop: &AtomicBool,
    on_progress: &mut dyn FnMut(LoadProgress),
) -> Result<LoadReport, LoadError> {
    let shown = path.display().to_string();
    let num_bytes = std::fs::metadata(path).map_or(0, |meta| meta.len());
    if num_bytes >= BIG_FILE_BYTES {
        on_progress(LoadProgress::Parsing { num_bytes });
    }
    let bytes = std::fs::read(path).map_err(|err| LoadError::Read(shown.clone(), err))?;
    let file = parse_file(&shown, &bytes).map_err(LoadError::Parse)?;
    drop(bytes);
    let file_name = path
        .file_name()
        .map_or_else(|| shown.clone(), |name| name.to_string_lossy().into_owned());
    let num_actors = file.actors.len();
    let mut bodies = Vec::new();
    for (actor_idx, chain) in file.actors.into_iter().enumerate() {
        if chain.events.iter().any(|event| event.legacy.is_some()) {
            return Err(LoadError::LegacyEvent(shown));
        }
        append_actor_bodies(&mut bodies, &file_name, actor_idx, chain);
    }
    let num_total = bodies.len();
    let mut report = LoadReport {
        format: file.format,
        num_actors,
        num_events: num_total - num_actors,
        num_written: 0,
        seqs: live_log.next_seq()..live_log.next_seq(),
    };
    let mut num_done = 0;
    let mut remaining = bodies.into_iter();
    loop {
        let batch: Vec<RecordBody> = remaining.by_ref().take(LOAD_BATCH_LEN).collect();
        if batch.is_empty() {
            break;
        }
        if stop.load(Ordering::Relaxed) {
            return Err(LoadError::Stopped);
        }
        let batch_len = batch.len();
        num_done += batch_len;
        let seqs = live_log.append_batch(batch).map_err(LoadError::Store)?;
        if !seqs.is_empty() {
            if report.num_written == 0 {
                report.seqs.start = seqs.start;
            }
            report.seqs.end = seqs.end;
            report.num_written += (seqs.end - seqs.start) as usize;
        }
        // About ten progress reports per file that needs several batches, however big.
        let is_new_tenth = (num_done - batch_len) * 10 / num_total != num_done * 10 / num_total;
        if num_total > LOAD_BATCH_LEN && is_new_tenth {
            on_progress(LoadProgress::Appending {
                num_done,
                num_total,
            });
        }
    }
    Ok(report)
}

fn append_actor_bodies(
    bodies: &mut Vec<RecordBody>,
    file_name: &str,
    actor_idx: usize,
    mut chain: ActorChain,
) {
    // A plain chain file's id was already taken from its `<uuid>.chain.json` name, if any.
    let id = chain.id.take().unwrap_or_else(|| {
        let hashes = [chain.events.first(), chain.events.last()]
            .map(|event| event.map_or(&[][..], |event| event.hash.as_slice()));
        derive_actor_id(file_name, actor_idx, hashes)
    });
    bodies.extend(RecordBody::of_chain(id, chain));
}

/// A stable, UUID-shaped id for an actor whose file names none: SHA-1 of the file name, the
/// actor's position in the file and its first and last event hashes (empty for no events),
/// laid out as a version-5 UUID.
///
/// The last hash is there because many chains share their first event (the `init` call with
/// no state): two different runs saved under the same file name in different folders must
/// not become one actor, while two copies of one file do.
pub fn derive_actor_id(
    file_name: &str,
    actor_idx: usize,
    [first_hash, last_hash]: [&[u8]; 2],
) -> String {
    let mut hasher = Sha1::new();
    hasher.update(b"reprise-serve actor id");
    hasher.update((actor_idx as u64).to_le_bytes());
    // Length-prefixed, so no two inputs hash the same bytes.
    for part in [file_name.as_bytes(), first_hash, last_hash] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = reprise_chain::to_hex(&bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reprise_chain::parse::actor_id_from_file_name;

    #[test]
    fn derived_ids_are_stable_uuids_that_depend_on_the_file() {
        let hashes: [&[u8]; 2] = [&[1, 2, 3], &[4, 5]];
        let id = derive_actor_id("run.chain.json", 0, hashes);
        assert_eq!(id, derive_actor_id("run.chain.json", 0, hashes));
        assert_eq!(
            actor_id_from_file_name(&format!("{id}.chain.json")),
            Some(id.clone())
        );
        assert_eq!(&id[14..15], "5");
        assert_ne!(id, derive_actor_id("other.chain.json", 0, hashes));
        assert_ne!(id, derive_actor_id("run.chain.json", 1, hashes));
        assert_ne!(
            id,
            derive_actor_id("run.chain.json", 0, [&[1, 2, 3], &[4, 6]])
        );
        assert_ne!(
            id,
            derive_actor_id("run.chain.json", 0, [&[1, 2], &[3, 4, 5]])
        );
    }
}
