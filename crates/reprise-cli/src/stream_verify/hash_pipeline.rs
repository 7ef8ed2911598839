//! The two-core pipeline of streaming verification: this thread reads the input in chunks and
//! finds the compact events in them (a [`ChunkScanner`]); worker threads hash them.
//!
//! Why this split: an event's SHA-1 depends only on its own bytes (its parent's hash is a field
//! of its text), so events hash in any order on any core; only the link rule is sequential, and
//! it needs just the stored hashes, which the scanner reads anyway. So the scanner keeps the
//! link state, and the workers only say whether every stored hash was right.
//!
//! Invariants: memory is a few chunks (reused), plus one event when an event is longer than a
//! chunk; a worker's finding (a wrong hash, a data list that is not canonical) stops the read
//! early; every thread is joined before [`run_hash_pipeline`] returns, and a panicking worker
//! counts as "not shown intact", never as success.

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;

use reprise_chain::compact_event::{hash_compact_event, CompactEvent};

/// Bytes read per chunk: large enough that a batch amortises the channel, small enough that a
/// few in flight stay far below any input's size. Tests use small chunks, so that small inputs
/// cross many chunk boundaries.
pub const CHUNK_BYTES: usize = if cfg!(test) { 64 << 10 } else { 4 << 20 };

/// Chunks in flight between the reader and the workers.
const CHUNKS_IN_FLIGHT: usize = 4;

/// What a scanner did with the bytes it was given.
pub enum ScanStep {
    /// Everything before this offset is consumed; the rest starts an unfinished unit.
    Consumed(usize),
    /// The input cannot be shown intact on this path (not the compact form, broken, …).
    GiveUp,
}

/// Finds the compact events in a chunk and keeps whatever sequential state its format needs.
pub trait ChunkScanner {
    /// Scans `buf` from `start`, pushing every compact event found (offsets into `buf`) to
    /// `events`. `is_eof` says no more bytes follow `buf`.
    fn scan(
        &mut self,
        buf: &[u8],
        start: usize,
        is_eof: bool,
        events: &mut Vec<CompactEvent>,
    ) -> ScanStep;
}

/// How the pipeline ended.
#[derive(Debug, PartialEq, Eq)]
pub enum PipelineEnd {
    /// The whole input was scanned and every event's stored hash is its content's hash.
    AllHashesOk,
    /// A compact event's stored hash is not its content's hash: the chain is broken.
    WrongHash,
    /// Stopped: the scanner gave up, a data list was not canonical, or the input could not
    /// be read. The caller takes a slower exact path.
    NotShownIntact,
}

struct Batch {
    buf: Vec<u8>,
    events: Vec<CompactEvent>,
}

/// Reads `source` to its end through `scanner`, hashing on `num_workers` threads.
pub fn run_hash_pipeline(
    mut source: impl Read,
    scanner: &mut impl ChunkScanner,
    num_workers: usize,
) -> PipelineEnd {
    let is_failed = AtomicBool::new(false);
    let is_wrong_hash = AtomicBool::new(false);
    let (batch_tx, batch_rx) = sync_channel::<Batch>(CHUNKS_IN_FLIGHT);
    let (spare_tx, spare_rx) = sync_channel::<Batch>(CHUNKS_IN_FLIGHT + num_workers + 2);
    let batch_rx = Mutex::new(batch_rx);
    let is_read_whole = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..num_workers.max(1))
            .map(|_| {
                let spare_tx = spare_tx.clone();
                let flags = Flags {
                    is_failed: &is_failed,
                    is_wrong_hash: &is_wrong_hash,
                };
                let batch_rx = &batch_rx;
                scope.spawn(move || hash_batches(batch_rx, &spare_tx, &flags))
            })
            .collect();
        drop(spare_tx);
        let is_read_whole = read_and_scan(&mut source, scanner, &batch_tx, &spare_rx, &is_failed);
        drop(batch_tx);
        for worker in workers {
            if worker.join().is_err() {
                is_failed.store(true, Ordering::Relaxed);
            }
        }
        is_read_whole
    });
    if is_wrong_hash.load(Ordering::Relaxed) {
        PipelineEnd::WrongHash
    } else if is_read_whole && !is_failed.load(Ordering::Relaxed) {
        PipelineEnd::AllHashesOk
    } else {
        PipelineEnd::NotShownIntact
    }
}

/// The reader's side. Returns true when the input was read and scanned to its end.
fn read_and_scan(
    source: &mut impl Read,
    scanner: &mut impl ChunkScanner,
    batch_tx: &SyncSender<Batch>,
    spare_rx: &Receiver<Batch>,
    is_failed: &AtomicBool,
) -> bool {
    let mut batch = Batch {
        buf: Vec::with_capacity(CHUNK_BYTES),
        events: Vec::new(),
    };
    loop {
        if is_failed.load(Ordering::Relaxed) {
            return false;
        }
        // Fill the buffer to a chunk (more when one unfinished unit is longer than that).
        let target = batch.buf.len().max(CHUNK_BYTES / 2) + CHUNK_BYTES / 2;
        let Ok(is_eof) = fill(source, &mut batch.buf, target) else {
            return false;
        };
        let consumed = match scanner.scan(&batch.buf, 0, is_eof, &mut batch.events) {
            ScanStep::Consumed(consumed) => consumed,
            ScanStep::GiveUp => return false,
        };
        if is_eof {
            if consumed != batch.buf.len() {
                return false;
            }
            return batch_tx.send(batch).is_ok();
        }
        if batch.events.is_empty() {
            // Nothing to hash yet: drop what the scanner consumed (lines it read itself) and
            // keep reading into the same buffer (one unit may be longer than a chunk).
            batch.buf.drain(..consumed);
            continue;
        }
        let mut next = spare_rx.try_recv().unwrap_or_else(|_| Batch {
            buf: Vec::with_capacity(CHUNK_BYTES),
            events: Vec::new(),
        });
        next.buf.clear();
        next.events.clear();
        next.buf.extend_from_slice(&batch.buf[consumed..]);
        batch.buf.truncate(consumed);
        if batch_tx.send(batch).is_err() {
            return false;
        }
        batch = next;
    }
}

/// Reads until `buf` holds `target` bytes or the source ends; true at the end.
fn fill(source: &mut impl Read, buf: &mut Vec<u8>, target: usize) -> std::io::Result<bool> {
    while buf.len() < target {
        let old_len = buf.len();
        buf.resize(target, 0);
        match source.read(&mut buf[old_len..]) {
            Ok(0) => {
                buf.truncate(old_len);
                return Ok(true);
            }
            Ok(num_read) => buf.truncate(old_len + num_read),
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => buf.truncate(old_len),
            Err(err) => {
                buf.truncate(old_len);
                return Err(err);
            }
        }
    }
    Ok(false)
}

/// What the workers found, shared by all threads.
struct Flags<'a> {
    /// Stop: something is not shown intact.
    is_failed: &'a AtomicBool,
    /// A stored hash is wrong.
    is_wrong_hash: &'a AtomicBool,
}

/// A worker: hashes every event of every batch; a wrong hash or a non-canonical data list sets
/// `is_failed`, which stops everyone.
fn hash_batches(batch_rx: &Mutex<Receiver<Batch>>, spare_tx: &SyncSender<Batch>, flags: &Flags) {
    loop {
        let received = match batch_rx.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(batch) = received else {
            return;
        };
        if !flags.is_failed.load(Ordering::Relaxed) {
            for event in &batch.events {
                match hash_compact_event(&batch.buf, event) {
                    Some(computed) if computed == event.hash => continue,
                    Some(_) => flags.is_wrong_hash.store(true, Ordering::Relaxed),
                    None => {}
                }
                flags.is_failed.store(true, Ordering::Relaxed);
                break;
            }
        }
        // The reader may be gone already; the buffer is then simply dropped.
        let _ = spare_tx.try_send(batch);
    }
}
