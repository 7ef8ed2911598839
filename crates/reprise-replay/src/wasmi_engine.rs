//! The first [`ActorEngine`]: the `wasmi` interpreter, native and on wasm32.
//!
//! The module is compiled once ([`WasmiEngine::new`]); every instance gets its own store with
//! fuel metering (refilled to [`EngineLimits::fuel_per_call`] before each export call) and a
//! memory cap (growing past it traps). Every function import must have the Pack signature
//! `(i32, i32, i32, i32) -> i32` and is routed to the instance's [`HostImports`].
//!
//! Invariant: wasmi types stay inside this file and `wasmi_guest.rs`; the rest of the crate
//! sees only the traits of `engine.rs`.

use std::sync::Arc;

use wasmi::{
    Caller, Config, Engine, ExternType, Instance, Linker, Memory, Module, Store, StoreLimits,
    StoreLimitsBuilder, Val, ValType,
};

use crate::engine::{
    ActorEngine, ActorInstance, EngineError, EngineLimits, ExportOutcome, GlobalValue, HostImports,
    InstanceSnapshot,
};
use crate::global_exports::expose_mutable_globals;
use crate::pack_abi;
use crate::wasmi_guest::{map_call_error, CallerGuest, StoreGuest};

/// A compiled actor module for the wasmi interpreter.
#[derive(Clone)]
pub struct WasmiEngine {
    compiled: Arc<Compiled>,
}

struct Compiled {
    engine: Engine,
    module: Module,
    limits: EngineLimits,
    /// `(interface, function)` of every import, all with the Pack signature.
    imports: Vec<(String, String)>,
    /// Export names of the mutable globals, in index order.
    global_exports: Vec<String>,
    num_unsupported_globals: usize,
}

impl WasmiEngine {
    /// Compiles `wasm` (a core module) for instances bounded by `limits`.
    pub fn new(wasm: &[u8], limits: EngineLimits) -> Result<Self, EngineError> {
        let exposed = expose_mutable_globals(wasm).map_err(EngineError::Compile)?;
        let mut config = Config::default();
        config.consume_fuel(true);
        let engine = Engine::new(&config);
        let module = Module::new(&engine, &exposed.wasm)
            .map_err(|err| EngineError::Compile(err.to_string()))?;
        let mut imports = Vec::new();
        for import in module.imports() {
            let unsupported = |reason: &str| EngineError::UnsupportedImport {
                module: import.module().to_owned(),
                name: import.name().to_owned(),
                reason: reason.to_owned(),
            };
            match import.ty() {
                ExternType::Func(ty)
                    if ty.params() == [ValType::I32; 4] && ty.results() == [ValType::I32] =>
                {
                    imports.push((import.module().to_owned(), import.name().to_owned()));
                }
                ExternType::Func(_) => {
                    return Err(unsupported(
                        "not the Pack signature (i32, i32, i32, i32) -> i32",
                    ))
                }
                _ => return Err(unsupported("only function imports are provided")),
            }
        }
        Ok(Self {
            compiled: Arc::new(Compiled {
                engine,
                module,
                limits,
                imports,
                global_exports: exposed.global_exports,
                num_unsupported_globals: exposed.num_unsupported_globals,
            }),
        })
    }

    /// The limits every instance runs under.
    pub fn limits(&self) -> EngineLimits {
        self.compiled.limits
    }
}

impl<H: HostImports + Default + 'static> ActorEngine<H> for WasmiEngine {
    type Instance = WasmiInstance<H>;

    fn instantiate(&self, host: H) -> Result<WasmiInstance<H>, EngineError> {
        let (store, instance, memory) = self.compiled.instantiate(host)?;
        Ok(WasmiInstance {
            compiled: Arc::clone(&self.compiled),
            store,
            instance,
            memory,
        })
    }
}

/// Data every store carries: the host and the memory cap.
pub(crate) struct StoreData<H> {
    pub(crate) host: H,
    limits: StoreLimits,
}

type Live<H> = (Store<StoreData<H>>, Instance, Memory);

impl Compiled {
    fn instantiate<H: HostImports + 'static>(&self, host: H) -> Result<Live<H>, EngineError> {
        let limits = StoreLimitsBuilder::new()
            .memory_size(self.limits.memory_bytes)
            .trap_on_grow_failure(true)
            .build();
        let mut store = Store::new(&self.engine, StoreData { host, limits });
        store.limiter(|data| &mut data.limits);
        let mut linker = Linker::<StoreData<H>>::new(&self.engine);
        for (interface, function) in &self.imports {
            let names: Arc<(String, String)> = Arc::new((interface.clone(), function.clone()));
            let limits = self.limits;
            let route = move |mut caller: Caller<'_, StoreData<H>>,
                              in_ptr: i32,
                              in_len: i32,
                              out_ptr_ptr: i32,
                              out_len_ptr: i32|
                  -> Result<i32, wasmi::Error> {
                let args = [in_ptr, in_len, out_ptr_ptr, out_len_ptr];
                let (interface, function) = (&names.0, &names.1);
                let mut guest = CallerGuest::new(&mut caller, limits);
                let Some(input) = pack_abi::read_import_input(&mut guest, args) else {
                    return Ok(pack_abi::IMPORT_FAILED);
                };
                let answer = guest
                    .caller_mut()
                    .data_mut()
                    .host
                    .call_import(interface, function, &input);
                let Ok(output) = answer else {
                    return Ok(pack_abi::IMPORT_FAILED);
                };
                pack_abi::write_import_output(&mut guest, args, &output)
                    .map_err(crate::wasmi_guest::to_wasmi_error)
            };
            linker
                .func_wrap(interface, function, route)
                .map_err(|err| EngineError::Instantiate(err.to_string()))?;
        }
        let instance = linker
            .instantiate_and_start(&mut store, &self.module)
            .map_err(|err| EngineError::Instantiate(err.to_string()))?;
        let memory =
            instance
                .get_memory(&store, "memory")
                .ok_or_else(|| EngineError::MissingExport {
                    name: "memory".into(),
                    reason: "the actor exports no linear memory".into(),
                })?;
        Ok((store, instance, memory))
    }
}

/// One wasmi instance of an actor.
pub struct WasmiInstance<H> {
    compiled: Arc<Compiled>,
    store: Store<StoreData<H>>,
    instance: Instance,
    memory: Memory,
}

impl<H: HostImports + Default + 'static> ActorInstance<H> for WasmiInstance<H> {
    fn call_export(&mut self, name: &str, input: &[u8]) -> Result<ExportOutcome, EngineError> {
        let limits = self.compiled.limits;
        self.store
            .set_fuel(limits.fuel_per_call)
            .map_err(|err| map_call_error(err, name, limits))?;
        let mut guest = StoreGuest::new(&mut self.store, self.instance, self.memory, limits);
        pack_abi::call_export(&mut guest, name, input)
    }

    fn host(&self) -> &H {
        &self.store.data().host
    }

    fn host_mut(&mut self) -> &mut H {
        &mut self.store.data_mut().host
    }

    fn snapshot(&self) -> Result<InstanceSnapshot, EngineError> {
        if self.compiled.num_unsupported_globals > 0 {
            return Err(EngineError::Snapshot(format!(
                "{} mutable globals hold v128 or reference values",
                self.compiled.num_unsupported_globals
            )));
        }
        let mut globals = Vec::with_capacity(self.compiled.global_exports.len());
        for name in &self.compiled.global_exports {
            let global = self
                .instance
                .get_global(&self.store, name)
                .ok_or_else(|| EngineError::Snapshot(format!("global export {name} is missing")))?;
            globals.push(match global.get(&self.store) {
                Val::I32(value) => GlobalValue::I32(value),
                Val::I64(value) => GlobalValue::I64(value),
                Val::F32(value) => GlobalValue::F32(value.to_bits()),
                Val::F64(value) => GlobalValue::F64(value.to_bits()),
                _ => {
                    return Err(EngineError::Snapshot(format!(
                        "global {name} is not numeric"
                    )))
                }
            });
        }
        Ok(InstanceSnapshot {
            memory: self.memory.data(&self.store).to_vec(),
            globals,
        })
    }

    fn restore(&mut self, snapshot: &InstanceSnapshot) -> Result<(), EngineError> {
        // Linear memory cannot shrink: a snapshot smaller than the live memory needs a fresh
        // instance, so `memory.size` and later `memory.grow` results match the recording.
        if self.memory.data_size(&self.store) > snapshot.memory.len() {
            let host = std::mem::take(&mut self.store.data_mut().host);
            let (store, instance, memory) = self.compiled.instantiate(host)?;
            self.store = store;
            self.instance = instance;
            self.memory = memory;
        }
        let current = self.memory.data_size(&self.store);
        if current < snapshot.memory.len() {
            let missing_pages = (snapshot.memory.len() - current).div_ceil(WASM_PAGE_BYTES);
            self.memory
                .grow(&mut self.store, missing_pages as u64)
                .map_err(|err| EngineError::Snapshot(format!("cannot grow memory back: {err}")))?;
        }
        let data = self.memory.data_mut(&mut self.store);
        let Some(target) = data.get_mut(..snapshot.memory.len()) else {
            return Err(EngineError::Snapshot("memory size mismatch".into()));
        };
        target.copy_from_slice(&snapshot.memory);
        if snapshot.globals.len() != self.compiled.global_exports.len() {
            return Err(EngineError::Snapshot(
                "snapshot of a different module".into(),
            ));
        }
        for (name, value) in self.compiled.global_exports.iter().zip(&snapshot.globals) {
            let global = self
                .instance
                .get_global(&self.store, name)
                .ok_or_else(|| EngineError::Snapshot(format!("global export {name} is missing")))?;
            let value = match *value {
                GlobalValue::I32(value) => Val::I32(value),
                GlobalValue::I64(value) => Val::I64(value),
                GlobalValue::F32(bits) => Val::F32(wasmi::F32::from_bits(bits)),
                GlobalValue::F64(bits) => Val::F64(wasmi::F64::from_bits(bits)),
            };
            global
                .set(&mut self.store, value)
                .map_err(|err| EngineError::Snapshot(format!("global {name}: {err}")))?;
        }
        Ok(())
    }
}

const WASM_PAGE_BYTES: usize = 64 * 1024;

impl<H> WasmiInstance<H> {
    /// The current size of linear memory in bytes.
    pub fn memory_bytes(&self) -> usize {
        self.memory.data_size(&self.store)
    }
}
