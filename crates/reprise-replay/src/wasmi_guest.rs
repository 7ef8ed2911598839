//! wasmi's side of [`GuestAccess`]: memory and `i32` calls through a store (around an export
//! call) or through a caller (inside an import), plus the mapping of wasmi errors to
//! [`EngineError`]s.
//!
//! Invariant: every wasmi error leaves this file as an `EngineError` naming the export that was
//! running; an error raised inside an import (a trap in the guest's allocator) keeps its own
//! meaning on its way out through the guest.

use std::fmt;

use wasmi::errors::{ErrorKind, HostError, MemoryError};
use wasmi::{AsContextMut, Caller, Extern, Func, Instance, Memory, Store, TrapCode, Val};

use crate::engine::{EngineError, EngineLimits};
use crate::pack_abi::GuestAccess;
use crate::wasmi_engine::StoreData;

/// The guest as seen from outside, between and around export calls.
pub(crate) struct StoreGuest<'a, H> {
    store: &'a mut Store<StoreData<H>>,
    instance: Instance,
    memory: Memory,
    limits: EngineLimits,
}

impl<'a, H> StoreGuest<'a, H> {
    pub(crate) fn new(
        store: &'a mut Store<StoreData<H>>,
        instance: Instance,
        memory: Memory,
        limits: EngineLimits,
    ) -> Self {
        Self {
            store,
            instance,
            memory,
            limits,
        }
    }
}

impl<H> GuestAccess for StoreGuest<'_, H> {
    fn read_memory(&mut self, ptr: usize, len: usize) -> Option<Vec<u8>> {
        read(self.memory.data(&*self.store), ptr, len)
    }

    fn write_memory(&mut self, ptr: usize, bytes: &[u8]) -> bool {
        write(self.memory.data_mut(&mut *self.store), ptr, bytes)
    }

    fn has_export(&mut self, name: &str) -> bool {
        self.instance.get_func(&*self.store, name).is_some()
    }

    fn call_i32(&mut self, name: &str, args: &[i32]) -> Result<Option<i32>, EngineError> {
        let func = self
            .instance
            .get_func(&*self.store, name)
            .ok_or_else(|| missing(name))?;
        call(&mut *self.store, func, name, args, self.limits)
    }
}

/// The guest as seen from inside one of its import calls.
pub(crate) struct CallerGuest<'a, 'b, H> {
    caller: &'a mut Caller<'b, StoreData<H>>,
    memory: Option<Memory>,
    limits: EngineLimits,
}

impl<'a, 'b, H> CallerGuest<'a, 'b, H> {
    pub(crate) fn new(caller: &'a mut Caller<'b, StoreData<H>>, limits: EngineLimits) -> Self {
        let memory = caller.get_export("memory").and_then(Extern::into_memory);
        Self {
            caller,
            memory,
            limits,
        }
    }

    /// The caller, for reaching the host in the store data.
    pub(crate) fn caller_mut(&mut self) -> &mut Caller<'b, StoreData<H>> {
        self.caller
    }
}

impl<H> GuestAccess for CallerGuest<'_, '_, H> {
    fn read_memory(&mut self, ptr: usize, len: usize) -> Option<Vec<u8>> {
        read(self.memory?.data(&*self.caller), ptr, len)
    }

    fn write_memory(&mut self, ptr: usize, bytes: &[u8]) -> bool {
        match self.memory {
            Some(memory) => write(memory.data_mut(&mut *self.caller), ptr, bytes),
            None => false,
        }
    }

    fn has_export(&mut self, name: &str) -> bool {
        self.caller
            .get_export(name)
            .and_then(Extern::into_func)
            .is_some()
    }

    fn call_i32(&mut self, name: &str, args: &[i32]) -> Result<Option<i32>, EngineError> {
        let func = self
            .caller
            .get_export(name)
            .and_then(Extern::into_func)
            .ok_or_else(|| missing(name))?;
        call(&mut *self.caller, func, name, args, self.limits)
    }
}

fn read(data: &[u8], ptr: usize, len: usize) -> Option<Vec<u8>> {
    data.get(ptr..ptr.checked_add(len)?).map(<[u8]>::to_vec)
}

fn write(data: &mut [u8], ptr: usize, bytes: &[u8]) -> bool {
    match ptr
        .checked_add(bytes.len())
        .and_then(|end| data.get_mut(ptr..end))
    {
        Some(target) => {
            target.copy_from_slice(bytes);
            true
        }
        None => false,
    }
}

fn call(
    ctx: impl AsContextMut,
    func: Func,
    name: &str,
    args: &[i32],
    limits: EngineLimits,
) -> Result<Option<i32>, EngineError> {
    let mut ctx = ctx;
    let ty = func.ty(&ctx);
    if ty.params().len() != args.len() || ty.results().len() > 1 {
        return Err(EngineError::MissingExport {
            name: name.to_owned(),
            reason: format!("has type {ty:?}, expected {} i32 parameters", args.len()),
        });
    }
    let inputs: Vec<Val> = args.iter().map(|arg| Val::I32(*arg)).collect();
    let mut outputs = vec![Val::I32(0); ty.results().len()];
    func.call(&mut ctx, &inputs, &mut outputs)
        .map_err(|err| map_call_error(err, name, limits))?;
    match outputs.first() {
        None => Ok(None),
        Some(Val::I32(value)) => Ok(Some(*value)),
        Some(_) => Err(EngineError::MissingExport {
            name: name.to_owned(),
            reason: "does not return an i32".into(),
        }),
    }
}

fn missing(name: &str) -> EngineError {
    EngineError::MissingExport {
        name: name.to_owned(),
        reason: "not exported".into(),
    }
}

/// Turns a wasmi call error into an [`EngineError`] about `export`.
pub(crate) fn map_call_error(err: wasmi::Error, export: &str, limits: EngineLimits) -> EngineError {
    if let Some(nested) = err.downcast_ref::<NestedEngineError>() {
        return nested.0.clone();
    }
    let is_memory_limit = matches!(
        err.kind(),
        ErrorKind::Memory(MemoryError::ResourceLimiterDeniedAllocation)
    ) || err.as_trap_code() == Some(TrapCode::GrowthOperationLimited);
    if is_memory_limit {
        return EngineError::MemoryLimit {
            export: export.to_owned(),
            limit_bytes: limits.memory_bytes,
        };
    }
    if err.as_trap_code() == Some(TrapCode::OutOfFuel) {
        return EngineError::OutOfFuel {
            export: export.to_owned(),
            fuel: limits.fuel_per_call,
        };
    }
    EngineError::Trap {
        export: export.to_owned(),
        message: err.to_string(),
    }
}

/// Carries an [`EngineError`] raised inside an import out through the guest's frames.
#[derive(Debug)]
struct NestedEngineError(EngineError);

impl fmt::Display for NestedEngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl HostError for NestedEngineError {}

/// Wraps an [`EngineError`] so an import can return it as a wasmi error.
pub(crate) fn to_wasmi_error(err: EngineError) -> wasmi::Error {
    wasmi::Error::host(NestedEngineError(err))
}
