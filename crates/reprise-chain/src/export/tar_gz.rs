//! `write_tar_gz`: several exported files as one gzip-compressed tar archive, the single file
//! a browser downloads a replay-test fixture as (`tar -xzf` unpacks it anywhere).
//!
//! Built with the `tar` crate over an in-memory writer (no file is read, so it also runs in
//! wasm32). Invariants: every entry is a regular file under one top folder, mode 0644, mtime
//! 0, no owner — the same files always give the same bytes; a path that is absolute, empty or
//! climbs out (`..`) is refused rather than written.

use std::fmt;

use crate::bundle_json::gzip;
use crate::export::ExportFile;

/// Why an archive was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TarError {
    /// The entry's path.
    pub path: String,
    /// The reason.
    pub reason: String,
}

impl fmt::Display for TarError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "cannot archive {:?}: {}", self.path, self.reason)
    }
}

impl std::error::Error for TarError {}

/// `files`, each under `folder/`, as a `.tar.gz`.
pub fn write_tar_gz(folder: &str, files: &[ExportFile]) -> Result<Vec<u8>, TarError> {
    let mut builder = tar::Builder::new(Vec::new());
    for file in files {
        let path = format!("{folder}/{}", file.path);
        let is_safe = !folder.is_empty()
            && !file.path.is_empty()
            && !path.starts_with('/')
            && path
                .split(['/', '\\'])
                .all(|part| !part.is_empty() && part != "..");
        if !is_safe {
            return Err(TarError {
                path,
                reason: "an entry must be a relative path inside the folder".into(),
            });
        }
        let mut header = tar::Header::new_ustar();
        header.set_entry_type(tar::EntryType::Regular);
        header.set_size(file.bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0);
        builder
            .append_data(&mut header, &path, file.bytes.as_slice())
            .map_err(|err| TarError {
                path: path.clone(),
                reason: err.to_string(),
            })?;
    }
    let archive = builder.into_inner().map_err(|err| TarError {
        path: folder.to_string(),
        reason: err.to_string(),
    })?;
    Ok(gzip(&archive))
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    fn unpack(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bytes));
        archive
            .entries()
            .unwrap()
            .map(|entry| {
                let mut entry = entry.unwrap();
                let path = entry.path().unwrap().to_string_lossy().into_owned();
                let mut contents = Vec::new();
                entry.read_to_end(&mut contents).unwrap();
                (path, contents)
            })
            .collect()
    }

    #[test]
    fn files_come_back_under_the_folder_byte_for_byte() {
        let big = (0..70_000u32).map(|n| (n % 251) as u8).collect::<Vec<_>>();
        let files = vec![
            ExportFile::new("manifest.toml", b"name = \"x\"\n".to_vec()),
            ExportFile::new("deep/actor.wasm", big.clone()),
            ExportFile::new("empty", Vec::new()),
        ];
        let bytes = write_tar_gz("fixture", &files).unwrap();
        assert_eq!(
            unpack(&bytes),
            vec![
                ("fixture/manifest.toml".into(), b"name = \"x\"\n".to_vec()),
                ("fixture/deep/actor.wasm".into(), big),
                ("fixture/empty".into(), Vec::new()),
            ]
        );
        assert_eq!(bytes, write_tar_gz("fixture", &files).unwrap());
    }

    #[test]
    fn paths_leaving_the_folder_are_refused() {
        for path in ["../x", "/etc/x", "", "a/../../x", "a//b"] {
            let files = [ExportFile::new(path, vec![1])];
            assert!(write_tar_gz("f", &files).is_err(), "{path:?}");
        }
        assert!(write_tar_gz("", &[ExportFile::new("a", vec![])]).is_err());
    }
}
