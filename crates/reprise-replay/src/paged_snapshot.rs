//! Checkpoint copies of an instance, with linear memory kept as 4 KiB pages shared between
//! checkpoints: a page equal to the same page of the previous checkpoint is not copied again.
//! An actor touches few pages per export call, so many checkpoints cost little more than one,
//! which is what lets long chains keep checkpoints close together (fast step back and jump).
//!
//! Invariant: `PagedSnapshot::to_instance_snapshot` gives back exactly the bytes and globals
//! it was made from; pages are never mutated once shared.

use std::collections::HashSet;
use std::sync::Arc;

use crate::engine::{GlobalValue, InstanceSnapshot};

/// The unit of sharing. Measured on the counter actor over 128 export calls: ~4 of its 17
/// 64 KiB WebAssembly pages differ, but far fewer 4 KiB ones (see BENCHMARKS.md).
const PAGE_BYTES: usize = 4 * 1024;

/// An [`InstanceSnapshot`] whose memory pages may be shared with other checkpoints.
#[derive(Debug, Clone)]
pub(crate) struct PagedSnapshot {
    pages: Vec<Arc<[u8]>>,
    len: usize,
    globals: Vec<GlobalValue>,
}

impl PagedSnapshot {
    /// Stores `snapshot`, sharing every page equal to the same page of `previous`.
    pub(crate) fn new(snapshot: InstanceSnapshot, previous: Option<&PagedSnapshot>) -> Self {
        let pages = snapshot
            .memory
            .chunks(PAGE_BYTES)
            .enumerate()
            .map(
                |(idx, chunk)| match previous.and_then(|previous| previous.pages.get(idx)) {
                    Some(shared) if shared.as_ref() == chunk => Arc::clone(shared),
                    _ => Arc::from(chunk),
                },
            )
            .collect();
        Self {
            pages,
            len: snapshot.memory.len(),
            globals: snapshot.globals,
        }
    }

    /// The bytes of the pages this snapshot does not share with `previous`.
    pub(crate) fn bytes_not_in(&self, previous: Option<&PagedSnapshot>) -> usize {
        self.pages
            .iter()
            .enumerate()
            .filter(|(idx, page)| {
                !previous
                    .and_then(|previous| previous.pages.get(*idx))
                    .is_some_and(|shared| Arc::ptr_eq(shared, page))
            })
            .map(|(_, page)| page.len())
            .sum()
    }

    /// The snapshot as an engine restores it.
    pub(crate) fn to_instance_snapshot(&self) -> InstanceSnapshot {
        let mut memory = Vec::with_capacity(self.len);
        for page in &self.pages {
            memory.extend_from_slice(page);
        }
        InstanceSnapshot {
            memory,
            globals: self.globals.clone(),
        }
    }
}

/// The bytes all of `snapshots` hold together, each shared page counted once.
pub(crate) fn distinct_bytes<'a>(snapshots: impl Iterator<Item = &'a PagedSnapshot>) -> usize {
    let mut seen = HashSet::new();
    snapshots
        .flat_map(|snapshot| &snapshot.pages)
        .filter(|page| seen.insert(Arc::as_ptr(page).cast::<u8>()))
        .map(|page| page.len())
        .sum()
}
