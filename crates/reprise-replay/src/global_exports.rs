//! Makes every mutable global of a module reachable from the host, so snapshots are complete.
//!
//! Engines can read and write only *exported* globals, but guests keep state in private ones
//! (Rust's `__stack_pointer`, AssemblyScript's heap offset, a hand-written bump pointer). This
//! module adds one export per defined mutable global, named `__reprise_global_<index>`, and
//! changes nothing else: the guest's code, data and behaviour stay byte-identical.
//!
//! Invariant: the rewritten module is the input plus export entries; a module that cannot be
//! read is an error value, never a panic.

use wasmparser::{Parser, Payload, TypeRef, ValType};

/// The export-name prefix of exposed globals.
pub const GLOBAL_EXPORT_PREFIX: &str = "__reprise_global_";

/// A module whose mutable globals are all exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposedModule {
    /// The rewritten module bytes (the input itself when nothing needed exporting).
    pub wasm: Vec<u8>,
    /// The added export names, in global index order.
    pub global_exports: Vec<String>,
    /// Mutable globals of a type a snapshot cannot hold (`v128`, references).
    pub num_unsupported_globals: usize,
}

/// Adds an export for every defined mutable `i32`/`i64`/`f32`/`f64` global of `wasm`.
pub fn expose_mutable_globals(wasm: &[u8]) -> Result<ExposedModule, String> {
    let layout = read_layout(wasm)?;
    let exported = layout
        .mutable_globals
        .iter()
        .map(|index| (format!("{GLOBAL_EXPORT_PREFIX}{index}"), *index))
        .collect::<Vec<_>>();
    let global_exports = exported.iter().map(|(name, _)| name.clone()).collect();
    if exported.is_empty() {
        return Ok(ExposedModule {
            wasm: wasm.to_vec(),
            global_exports,
            num_unsupported_globals: layout.num_unsupported_globals,
        });
    }
    let mut new_entries = Vec::new();
    for (name, index) in &exported {
        write_leb(&mut new_entries, name.len() as u64);
        new_entries.extend_from_slice(name.as_bytes());
        new_entries.push(0x03); // External kind: global.
        write_leb(&mut new_entries, u64::from(*index));
    }
    let new_count = layout.num_exports as u64 + exported.len() as u64;
    let mut content = Vec::new();
    write_leb(&mut content, new_count);
    if let Some(section) = &layout.export_section {
        content.extend_from_slice(&wasm[section.entries_start..section.end]);
    }
    content.extend_from_slice(&new_entries);
    let mut section = vec![EXPORT_SECTION_ID];
    write_leb(&mut section, content.len() as u64);
    section.extend_from_slice(&content);

    let (cut_start, cut_end) = match &layout.export_section {
        Some(old) => (old.start, old.end),
        None => (layout.insert_at, layout.insert_at),
    };
    let mut out = Vec::with_capacity(wasm.len() + section.len());
    out.extend_from_slice(&wasm[..cut_start]);
    out.extend_from_slice(&section);
    out.extend_from_slice(&wasm[cut_end..]);
    Ok(ExposedModule {
        wasm: out,
        global_exports,
        num_unsupported_globals: layout.num_unsupported_globals,
    })
}

const EXPORT_SECTION_ID: u8 = 7;

/// Where things are in the original module.
struct Layout {
    mutable_globals: Vec<u32>,
    num_unsupported_globals: usize,
    num_exports: u32,
    export_section: Option<ExportSection>,
    /// Where a new export section goes when there is none.
    insert_at: usize,
}

struct ExportSection {
    /// The section id byte.
    start: usize,
    /// The first entry, after the count.
    entries_start: usize,
    /// One past the last byte.
    end: usize,
}

fn read_layout(wasm: &[u8]) -> Result<Layout, String> {
    let mut layout = Layout {
        mutable_globals: Vec::new(),
        num_unsupported_globals: 0,
        num_exports: 0,
        export_section: None,
        insert_at: wasm.len(),
    };
    let mut num_imported_globals = 0u32;
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(|err| err.to_string())?;
        match payload {
            Payload::Version { encoding, .. } if encoding != wasmparser::Encoding::Module => {
                return Err("a component, not a core module".into());
            }
            Payload::ImportSection(reader) => {
                for import in reader {
                    let import = import.map_err(|err| err.to_string())?;
                    if matches!(import.ty, TypeRef::Global(_)) {
                        num_imported_globals += 1;
                    }
                }
            }
            Payload::GlobalSection(reader) => {
                for (defined_idx, global) in reader.into_iter().enumerate() {
                    let global = global.map_err(|err| err.to_string())?;
                    if !global.ty.mutable {
                        continue;
                    }
                    let is_numeric = matches!(
                        global.ty.content_type,
                        ValType::I32 | ValType::I64 | ValType::F32 | ValType::F64
                    );
                    if is_numeric {
                        let index = u32::try_from(defined_idx)
                            .ok()
                            .and_then(|idx| idx.checked_add(num_imported_globals))
                            .ok_or("too many globals")?;
                        layout.mutable_globals.push(index);
                    } else {
                        layout.num_unsupported_globals += 1;
                    }
                }
            }
            Payload::ExportSection(reader) => {
                let range = reader.range();
                layout.num_exports = reader.count();
                let start = section_start(wasm, range.start)?;
                let entries_start = skip_leb(wasm, range.start)?;
                layout.export_section = Some(ExportSection {
                    start,
                    entries_start,
                    end: range.end,
                });
            }
            _ => {}
        }
    }
    if layout.export_section.is_none() {
        layout.insert_at = insert_point(wasm)?;
    }
    Ok(layout)
}

/// The offset just before the first section that must follow the export section (start,
/// element, data count, code, data), or the end of the module.
fn insert_point(wasm: &[u8]) -> Result<usize, String> {
    let mut pos = 8;
    while pos < wasm.len() {
        let id = wasm[pos];
        if matches!(id, 8..=12) {
            return Ok(pos);
        }
        pos = section_end(wasm, pos)?;
    }
    Ok(wasm.len())
}

/// The end of the section whose id byte is at `pos`.
fn section_end(wasm: &[u8], pos: usize) -> Result<usize, String> {
    let (size, size_len) = read_leb(wasm, pos + 1)?;
    usize::try_from(size)
        .ok()
        .and_then(|size| (pos + 1 + size_len).checked_add(size))
        .filter(|end| *end <= wasm.len())
        .ok_or_else(|| format!("section at {pos} runs past the end"))
}

/// The id byte of the section whose content starts at `content_start`.
fn section_start(wasm: &[u8], content_start: usize) -> Result<usize, String> {
    let mut pos = 8;
    while pos < wasm.len() {
        let (_, size_len) = read_leb(wasm, pos + 1)?;
        if pos + 1 + size_len == content_start {
            return Ok(pos);
        }
        pos = section_end(wasm, pos)?;
    }
    Err("export section not found".into())
}

fn skip_leb(wasm: &[u8], pos: usize) -> Result<usize, String> {
    read_leb(wasm, pos).map(|(_, len)| pos + len)
}

/// Reads an unsigned LEB128 at `pos`: its value and its length in bytes.
fn read_leb(wasm: &[u8], pos: usize) -> Result<(u64, usize), String> {
    let mut value = 0u64;
    for (idx, byte) in wasm.iter().skip(pos).take(10).enumerate() {
        value |= u64::from(byte & 0x7f) << (7 * idx);
        if byte & 0x80 == 0 {
            return Ok((value, idx + 1));
        }
    }
    Err(format!("bad LEB128 at {pos}"))
}

fn write_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leb_round_trips() {
        for value in [0u64, 1, 127, 128, 300, 16384, u64::from(u32::MAX)] {
            let mut out = Vec::new();
            write_leb(&mut out, value);
            assert_eq!(read_leb(&out, 0), Ok((value, out.len())));
        }
    }
}
