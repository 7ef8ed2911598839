//! The Pack calling convention (spec §8.1, §13), written once for every real engine.
//!
//! An engine exposes its instance (or, inside an import, its caller) as a [`GuestAccess`];
//! [`call_export`], [`read_import_input`] and [`write_import_output`] then do exactly what packr 0.11 does around an export
//! or an import call: allocation with the guest's `__pack_alloc`, the result slots at
//! 16384/16388, status codes, and freeing.
//!
//! Invariant: a guest that breaks the convention gets an error value, never a panic.

use crate::engine::{EngineError, ExportOutcome};

/// Where the guest writes an export's output pointer.
pub const RESULT_PTR_OFFSET: usize = 16 * 1024;
/// Where the guest writes an export's output length.
pub const RESULT_LEN_OFFSET: usize = 16 * 1024 + 4;
/// Where the host puts an import's output when the guest exports no `__pack_alloc`.
pub const HOST_SCRATCH_OFFSET: usize = 16 * 1024 + 8;
/// The size of that scratch buffer.
pub const HOST_SCRATCH_CAPACITY: usize = 32 * 1024;
/// The guest's allocator export.
pub const ALLOC_EXPORT: &str = "__pack_alloc";
/// The guest's deallocator export.
pub const FREE_EXPORT: &str = "__pack_free";

/// An import returns this when the guest owns the output buffer (allocated with its
/// `__pack_alloc`) and must free it.
pub const IMPORT_GUEST_OWNED: i32 = 1;
/// An import returns this when the output sits in host scratch memory.
pub const IMPORT_HOST_SCRATCH: i32 = 0;
/// An import returns this when it failed; the guest usually traps.
pub const IMPORT_FAILED: i32 = -1;

/// What the Pack convention needs from an engine: memory access and calls to `i32` exports.
pub trait GuestAccess {
    /// Copies `len` bytes at `ptr` out of linear memory; `None` when out of bounds.
    fn read_memory(&mut self, ptr: usize, len: usize) -> Option<Vec<u8>>;
    /// Copies `bytes` into linear memory at `ptr`; `false` when out of bounds.
    fn write_memory(&mut self, ptr: usize, bytes: &[u8]) -> bool;
    /// Whether the guest exports a function called `name`.
    fn has_export(&mut self, name: &str) -> bool;
    /// Calls export `name` with `i32` arguments; its `i32` result, if it has one.
    fn call_i32(&mut self, name: &str, args: &[i32]) -> Result<Option<i32>, EngineError>;
}

/// Calls export `name` with CGRF `input` the way packr's `call_with_value` does.
pub fn call_export<G: GuestAccess>(
    guest: &mut G,
    name: &str,
    input: &[u8],
) -> Result<ExportOutcome, EngineError> {
    let abi = |message: String| EngineError::Abi {
        export: name.to_owned(),
        message,
    };
    let input_len = to_i32(input.len()).ok_or_else(|| abi("input too large".into()))?;
    // packr falls back to offset 0 whenever the allocator is missing, fails or returns 0.
    let in_ptr = match guest.call_i32(ALLOC_EXPORT, &[input_len]) {
        Ok(Some(ptr)) if ptr != 0 => Some(ptr),
        _ => None,
    };
    let write_at = in_ptr.map_or(0, |ptr| ptr as u32 as usize);
    if !guest.write_memory(write_at, input) {
        return Err(abi(format!(
            "input of {} bytes does not fit at {write_at}",
            input.len()
        )));
    }
    let status = guest
        .call_i32(
            name,
            &[
                in_ptr.unwrap_or(0),
                input_len,
                RESULT_PTR_OFFSET as i32,
                RESULT_LEN_OFFSET as i32,
            ],
        )?
        .ok_or_else(|| EngineError::MissingExport {
            name: name.to_owned(),
            reason: "returns no status".into(),
        })?;
    if let Some(ptr) = in_ptr {
        // Like packr, a failing free is ignored.
        let _ = guest.call_i32(FREE_EXPORT, &[ptr, input_len]);
    }
    let (out_ptr, out_len) = read_result_slots(guest).ok_or_else(|| {
        abi(format!(
            "cannot read the result slots at {RESULT_PTR_OFFSET}/{RESULT_LEN_OFFSET}"
        ))
    })?;
    let bytes = guest
        .read_memory(out_ptr as u32 as usize, out_len as u32 as usize)
        .ok_or_else(|| {
            abi(format!(
                "output of {out_len} bytes at {out_ptr} is out of bounds"
            ))
        })?;
    let _ = guest.call_i32(FREE_EXPORT, &[out_ptr, out_len]);
    if status == 0 {
        Ok(ExportOutcome::Output(bytes))
    } else {
        Ok(ExportOutcome::GuestError {
            status,
            message: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }
}

/// Reads the CGRF input of an import call `(in_ptr, in_len, out_ptr_ptr, out_len_ptr)`;
/// `None` when it lies outside linear memory (the import then returns [`IMPORT_FAILED`]).
pub fn read_import_input<G: GuestAccess>(guest: &mut G, args: [i32; 4]) -> Option<Vec<u8>> {
    let [in_ptr, in_len, ..] = args;
    guest.read_memory(in_ptr as u32 as usize, in_len as u32 as usize)
}

/// Hands an import's CGRF `output` to the guest and returns the import's status.
///
/// The output goes into a buffer from the guest's `__pack_alloc` (status 1, the guest frees
/// it), or into the host scratch buffer when the guest has no allocator (status 0). A buffer
/// that cannot be written gives status −1. A trap or fuel exhaustion inside the guest's
/// allocator is an `Err`, so it ends the whole export call.
pub fn write_import_output<G: GuestAccess>(
    guest: &mut G,
    args: [i32; 4],
    output: &[u8],
) -> Result<i32, EngineError> {
    let [_, _, out_ptr_ptr, out_len_ptr] = args;
    let Some(output_len) = to_i32(output.len()) else {
        return Ok(IMPORT_FAILED);
    };
    let (data_ptr, status) = if guest.has_export(ALLOC_EXPORT) {
        match guest.call_i32(ALLOC_EXPORT, &[output_len])? {
            Some(ptr) => (ptr, IMPORT_GUEST_OWNED),
            None => return Ok(IMPORT_FAILED),
        }
    } else if output.len() <= HOST_SCRATCH_CAPACITY {
        (HOST_SCRATCH_OFFSET as i32, IMPORT_HOST_SCRATCH)
    } else {
        return Ok(IMPORT_FAILED);
    };
    let is_written = guest.write_memory(data_ptr as u32 as usize, output)
        && guest.write_memory(out_ptr_ptr as u32 as usize, &data_ptr.to_le_bytes())
        && guest.write_memory(out_len_ptr as u32 as usize, &output_len.to_le_bytes());
    Ok(if is_written { status } else { IMPORT_FAILED })
}

fn read_result_slots<G: GuestAccess>(guest: &mut G) -> Option<(i32, i32)> {
    let ptr = guest.read_memory(RESULT_PTR_OFFSET, 4)?;
    let len = guest.read_memory(RESULT_LEN_OFFSET, 4)?;
    Some((
        i32::from_le_bytes(ptr.try_into().ok()?),
        i32::from_le_bytes(len.try_into().ok()?),
    ))
}

fn to_i32(len: usize) -> Option<i32> {
    i32::try_from(len).ok()
}
