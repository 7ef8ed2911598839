//! `DurableLog`: the append-only, fsynced, sequence-numbered log file and its in-memory index.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use reprise_chain::wire::{ActorInfo, LogRecord, RecordBody};
use reprise_chain::{ActorChain, CaptureChains};

/// The log's file name inside the capture directory.
pub const LOG_FILE_NAME: &str = "events.log.jsonl";

/// Why the log could not be opened or written.
#[derive(Debug)]
pub struct StoreError {
    /// The file or directory concerned.
    pub path: PathBuf,
    /// What was being done.
    pub action: &'static str,
    /// The underlying failure.
    pub source: std::io::Error,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: cannot {}: {}",
            self.path.display(),
            self.action,
            self.source
        )
    }
}

impl std::error::Error for StoreError {}

/// What opening an existing log found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecoveryReport {
    /// Complete records kept.
    pub num_records: usize,
    /// Bytes of a torn last line (a write cut by a crash) that were cut off.
    pub num_torn_bytes: u64,
    /// Complete lines that could not be read, with their 1-based line number and the reason.
    /// They stay in the file but are skipped.
    pub bad_lines: Vec<(usize, String)>,
}

impl RecoveryReport {
    /// What opening the log repaired or skipped, as `; cut a torn last write of N bytes; skipped
    /// line L: reason…`, empty when the log was intact. Every command that opens a log prints
    /// it, so a crash's traces are never silent.
    pub fn repairs_text(&self) -> String {
        let mut text = String::new();
        if self.num_torn_bytes > 0 {
            text.push_str(&format!(
                "; cut a torn last write of {} bytes",
                self.num_torn_bytes
            ));
        }
        for (line_no, reason) in &self.bad_lines {
            text.push_str(&format!("; skipped line {line_no}: {reason}"));
        }
        text
    }
}

/// The log of one capture directory.
pub struct DurableLog {
    path: PathBuf,
    file: File,
    len_bytes: u64,
    /// Byte offset of each record's line, by seq.
    offsets_by_seq: BTreeMap<u64, u64>,
    next_seq: u64,
    seen_events: HashSet<(String, Vec<u8>)>,
    actors: BTreeMap<String, ActorInfo>,
}

impl DurableLog {
    /// Opens (creating if needed) the log in `dir`, recovering from a crash mid-write.
    pub fn open(dir: &Path) -> Result<(Self, RecoveryReport), StoreError> {
        let err = |path: &Path, action, source| StoreError {
            path: path.to_path_buf(),
            action,
            source,
        };
        fs::create_dir_all(dir).map_err(|source| err(dir, "create the directory", source))?;
        let path = dir.join(LOG_FILE_NAME);
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(|source| err(&path, "open the log", source))?;
        let mut log = Self {
            path: path.clone(),
            file: file
                .try_clone()
                .map_err(|source| err(&path, "open the log", source))?,
            len_bytes: 0,
            offsets_by_seq: BTreeMap::new(),
            next_seq: 1,
            seen_events: HashSet::new(),
            actors: BTreeMap::new(),
        };
        let report = log
            .recover(&mut file)
            .map_err(|source| err(&path, "read the log", source))?;
        Ok((log, report))
    }

    fn recover(&mut self, file: &mut File) -> std::io::Result<RecoveryReport> {
        let mut report = RecoveryReport::default();
        file.seek(SeekFrom::Start(0))?;
        let mut reader = BufReader::new(&*file);
        let mut offset = 0u64;
        let mut line = String::new();
        let mut line_no = 0;
        loop {
            line.clear();
            let num_read = reader.read_line(&mut line)? as u64;
            if num_read == 0 {
                break;
            }
            line_no += 1;
            if !line.ends_with('\n') {
                // A crash cut this write short: it was never acknowledged, so it goes.
                report.num_torn_bytes = num_read;
                break;
            }
            match LogRecord::from_json_line(line.trim_end()) {
                Ok(record) if record.seq >= self.next_seq => {
                    self.index(&record, offset);
                    report.num_records += 1;
                }
                Ok(record) => report.bad_lines.push((
                    line_no,
                    format!(
                        "seq {} does not follow seq {}",
                        record.seq,
                        self.next_seq - 1
                    ),
                )),
                Err(err) => report.bad_lines.push((line_no, err.reason)),
            }
            offset += num_read;
        }
        drop(reader);
        if report.num_torn_bytes > 0 {
            file.set_len(offset)?;
            file.sync_all()?;
        }
        self.len_bytes = offset;
        Ok(report)
    }

    fn index(&mut self, record: &LogRecord, offset: u64) {
        self.offsets_by_seq.insert(record.seq, offset);
        self.next_seq = record.seq + 1;
        match &record.body {
            RecordBody::Actor(info) => {
                self.actors.insert(info.id.clone(), info.clone());
            }
            RecordBody::Event { actor_id, event } => {
                self.seen_events
                    .insert((actor_id.clone(), event.hash.clone()));
            }
        }
    }

    /// Appends `bodies` as one batch and fsyncs it. Events already in the log are skipped.
    /// Returns the records written, with their seqs; they are durable once this returns.
    pub fn append_batch(&mut self, bodies: Vec<RecordBody>) -> Result<Vec<LogRecord>, StoreError> {
        let mut records = Vec::with_capacity(bodies.len());
        let mut text = String::new();
        let mut batch_keys = HashSet::new();
        for body in bodies {
            if let RecordBody::Event { actor_id, event } = &body {
                let key = (actor_id.clone(), event.hash.clone());
                if self.seen_events.contains(&key) || !batch_keys.insert(key) {
                    continue;
                }
            }
            let record = LogRecord {
                seq: self.next_seq + records.len() as u64,
                body,
            };
            text.push_str(&record.to_json_line());
            text.push('\n');
            records.push(record);
        }
        if records.is_empty() {
            return Ok(records);
        }
        let write = |file: &mut File| -> std::io::Result<()> {
            file.write_all(text.as_bytes())?;
            file.sync_data()
        };
        write(&mut self.file).map_err(|source| StoreError {
            path: self.path.clone(),
            action: "append to the log",
            source,
        })?;
        let mut offset = self.len_bytes;
        for record in &records {
            let line_len = record.to_json_line().len() as u64 + 1;
            self.index(record, offset);
            offset += line_len;
        }
        self.len_bytes = offset;
        Ok(records)
    }

    /// The seq the next record will get.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// Every actor seen so far, by id.
    pub fn actors(&self) -> &BTreeMap<String, ActorInfo> {
        &self.actors
    }

    /// Up to `max_records` records with `seq >= from_seq`, in order.
    pub fn read_from(
        &self,
        from_seq: u64,
        max_records: usize,
    ) -> Result<Vec<LogRecord>, StoreError> {
        let err = |source| StoreError {
            path: self.path.clone(),
            action: "read the log",
            source,
        };
        let Some((_, &offset)) = self.offsets_by_seq.range(from_seq..).next() else {
            return Ok(Vec::new());
        };
        let mut file = File::open(&self.path).map_err(err)?;
        file.seek(SeekFrom::Start(offset)).map_err(err)?;
        let reader = BufReader::new(file.take(self.len_bytes - offset));
        let mut records = Vec::new();
        for line in reader.lines() {
            if records.len() >= max_records {
                break;
            }
            // Bad lines were reported at open; they are skipped here too.
            if let Ok(record) = LogRecord::from_json_line(&line.map_err(err)?) {
                records.push(record);
            }
        }
        Ok(records)
    }

    /// The hash of each actor's last event in the log, so that a new recording into the same
    /// capture can tell a continued chain from a gap. Reads the log in chunks.
    pub fn last_event_hashes(&self) -> Result<BTreeMap<String, Vec<u8>>, StoreError> {
        const READ_CHUNK_RECORDS: usize = 4096;
        let mut last_hashes = BTreeMap::new();
        let mut from_seq = 0;
        loop {
            let records = self.read_from(from_seq, READ_CHUNK_RECORDS)?;
            let Some(last) = records.last() else {
                return Ok(last_hashes);
            };
            from_seq = last.seq + 1;
            for record in records {
                if let RecordBody::Event { actor_id, event } = record.body {
                    last_hashes.insert(actor_id, event.hash);
                }
            }
        }
    }

    /// Every actor's chain, in log order, with its metadata: what an export writes as a bundle
    /// (assembled as `reprise_chain::parse_file` assembles a capture log).
    pub fn to_actor_chains(&self) -> Result<Vec<ActorChain>, StoreError> {
        let mut chains = CaptureChains::new();
        for record in self.read_from(0, usize::MAX)? {
            chains.push(record);
        }
        Ok(chains.into_chains())
    }
}
