//! The one seam between the replayer and a WebAssembly engine.
//!
//! An [`ActorEngine`] holds one compiled actor module and makes instances of it; an
//! [`ActorInstance`] calls exports with the Pack calling convention and routes every import to
//! the [`HostImports`] it was made with. Nothing here names an engine's own types, so a second
//! engine (the browser's `WebAssembly` in a worker) can implement the same traits; nothing
//! assumes threads or clocks.
//!
//! Invariant: an engine never panics on a bad module or a misbehaving guest; every failure is
//! an [`EngineError`] value, and every guest run is bounded by [`EngineLimits`].

use std::fmt;

/// Resource bounds for every instance an engine makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EngineLimits {
    /// Fuel for one export call, including the allocator calls around it (roughly one unit
    /// per executed instruction). A runaway guest stops with [`EngineError::OutOfFuel`].
    pub fuel_per_call: u64,
    /// The largest linear memory, in bytes. Growing past it stops the call with
    /// [`EngineError::MemoryLimit`].
    pub memory_bytes: usize,
}

impl EngineLimits {
    /// One billion units of fuel: seconds of guest work natively, far more than any
    /// recorded Theater call needs.
    pub const DEFAULT_FUEL_PER_CALL: u64 = 1_000_000_000;
    /// 256 MiB.
    pub const DEFAULT_MEMORY_BYTES: usize = 256 << 20;
}

impl Default for EngineLimits {
    fn default() -> Self {
        Self {
            fuel_per_call: Self::DEFAULT_FUEL_PER_CALL,
            memory_bytes: Self::DEFAULT_MEMORY_BYTES,
        }
    }
}

/// Answers the guest's host imports (module = Theater interface, name = function).
pub trait HostImports {
    /// Called once per import call with the guest's CGRF input bytes. `Ok` holds the CGRF
    /// output to hand back; `Err` makes the import return a negative status (Pack guests
    /// usually trap on that).
    fn call_import(
        &mut self,
        interface: &str,
        function: &str,
        input: &[u8],
    ) -> Result<Vec<u8>, String>;
}

/// A compiled actor module that can be instantiated with a host.
pub trait ActorEngine<H: HostImports> {
    /// The instance type.
    type Instance: ActorInstance<H>;

    /// A fresh instance whose imports are answered by `host`.
    fn instantiate(&self, host: H) -> Result<Self::Instance, EngineError>;
}

/// One running actor instance.
pub trait ActorInstance<H> {
    /// Calls export `name` with CGRF `input` using the Pack convention (spec §8.1).
    fn call_export(&mut self, name: &str, input: &[u8]) -> Result<ExportOutcome, EngineError>;

    /// The host answering this instance's imports.
    fn host(&self) -> &H;

    /// The host answering this instance's imports, mutably (to arm it before a call and
    /// collect what it saw after).
    fn host_mut(&mut self) -> &mut H;

    /// Copies the instance state: linear memory and every mutable global.
    fn snapshot(&self) -> Result<InstanceSnapshot, EngineError>;

    /// Puts back a state taken with [`ActorInstance::snapshot`] from an instance of the same
    /// module.
    fn restore(&mut self, snapshot: &InstanceSnapshot) -> Result<(), EngineError>;
}

/// What an export call returned, when the guest itself did not fail to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportOutcome {
    /// Status 0: the CGRF output bytes.
    Output(Vec<u8>),
    /// A non-zero status: the guest's UTF-8 error text (decoded lossily, as packr does).
    GuestError {
        /// The status the export returned.
        status: i32,
        /// The error text.
        message: String,
    },
}

/// The state of an instance between calls.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceSnapshot {
    /// The whole linear memory.
    pub memory: Vec<u8>,
    /// Every mutable global, in the module's index order.
    pub globals: Vec<GlobalValue>,
}

/// The value of one mutable global.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GlobalValue {
    /// An `i32`.
    I32(i32),
    /// An `i64`.
    I64(i64),
    /// An `f32`, as raw bits.
    F32(u32),
    /// An `f64`, as raw bits.
    F64(u64),
}

/// Why an engine could not compile, instantiate or run the actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineError {
    /// The module did not parse, validate or compile.
    Compile(String),
    /// The module imports something the Pack ABI does not provide.
    UnsupportedImport {
        /// Import module.
        module: String,
        /// Import name.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Instantiation failed (start function trap, memory above the cap, …).
    Instantiate(String),
    /// The export (or `memory`) is missing or has the wrong signature.
    MissingExport {
        /// The export's name.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The guest trapped.
    Trap {
        /// The export being called.
        export: String,
        /// The engine's trap text.
        message: String,
    },
    /// The call used up its fuel: most likely an endless loop.
    OutOfFuel {
        /// The export being called.
        export: String,
        /// The fuel it was given.
        fuel: u64,
    },
    /// The guest tried to grow its memory past the cap.
    MemoryLimit {
        /// The export being called.
        export: String,
        /// The cap in bytes.
        limit_bytes: usize,
    },
    /// The guest broke the Pack ABI (pointer out of bounds, bad output slot, …).
    Abi {
        /// The export being called.
        export: String,
        /// What went wrong.
        message: String,
    },
    /// A snapshot could not be taken or put back.
    Snapshot(String),
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Compile(message) => write!(f, "the actor module does not compile: {message}"),
            Self::UnsupportedImport {
                module,
                name,
                reason,
            } => write!(f, "unsupported import {module}.{name}: {reason}"),
            Self::Instantiate(message) => write!(f, "the actor cannot be instantiated: {message}"),
            Self::MissingExport { name, reason } => write!(f, "export '{name}': {reason}"),
            Self::Trap { export, message } => write!(f, "wasm trap in '{export}': {message}"),
            Self::OutOfFuel { export, fuel } => write!(
                f,
                "'{export}' ran out of fuel after {fuel} units (an endless loop?)"
            ),
            Self::MemoryLimit {
                export,
                limit_bytes,
            } => write!(
                f,
                "'{export}' tried to grow its memory past the limit of {limit_bytes} bytes"
            ),
            Self::Abi { export, message } => {
                write!(f, "'{export}' broke the Pack ABI: {message}")
            }
            Self::Snapshot(message) => write!(f, "instance snapshot failed: {message}"),
        }
    }
}

impl std::error::Error for EngineError {}
