//! `reprise`: the command-line face of Reprise. Argument parsing and dispatch only; every
//! subcommand lives in its own module and is glue over `reprise-chain`.

mod capture_args;
mod chain_input;
mod exit_code;
mod export_cmd;
mod gen_cmd;
mod inspect_cmd;
mod link_cmd;
mod record_cmd;
mod replay_cmd;
mod run_cmd;
mod serve_cmd;
mod stdout_line;
mod stream_verify;
mod verify_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Reprise: record, verify, inspect, replay and serve Theater actor chains.
#[derive(Parser)]
#[command(name = "reprise", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Recompute every hash and link. Exit 0: all verified; 1: a chain is broken; 2: an input
    /// cannot be read or parsed.
    Verify {
        /// Print the machine-readable report (schema in the README).
        #[arg(long)]
        json: bool,
        /// Chain files (JSON arrays of events), Reprise bundles, capture logs, optionally
        /// gzip-compressed; or capture directories (their events.log.jsonl).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print every event decoded, one per line.
    Inspect {
        /// A chain file, bundle or capture log, or a capture directory.
        file: PathBuf,
    },
    /// Serve the web app and a live WebSocket feed (/ws) over a durable log, with the given
    /// files appended to it. Exit 0 after Ctrl-C; 2: the log, address or a file is unusable.
    Serve(serve_cmd::ServeArgs),
    /// Re-execute an actor's wasm against its chain, answering host calls from the recording.
    /// Exit 0: every event reproduced; 1: a divergence (index and reason printed); 2: unusable
    /// input.
    Replay(replay_cmd::ReplayArgs),
    /// Record actors' chains from a running theater-server (attach to running actors, or
    /// start them with --start to record from their first event) into a durable log, served
    /// live (like `serve`). Exit 0 after Ctrl-C; 2: the server, directory or address
    /// is unusable, or a connection failed (what was received is kept).
    Record(record_cmd::RecordArgs),
    /// Run an actor on the real Theater runtime in this process, recording every actor's chain
    /// into a durable log served live (like `serve`). Exit 0 when it ends; 2: the manifest,
    /// module, directory or address is unusable.
    Run(run_cmd::RunArgs),
    /// Convert chain files, bundles or captures into a gzip Reprise bundle, one actor's
    /// Theater replay file, or a replay-test fixture for Theater's ReplayHandler. Exit 0:
    /// written; 2: unreadable input, an actor not there, a fixture without its wasm, or an
    /// output that cannot be written.
    Export(export_cmd::ExportArgs),
    /// Print a share link to an event as the last line of stdout: the session embedded when
    /// it fits the link budget, else a link naming the files (why on stderr). Exit 0 either
    /// way; 2: unreadable input, or an actor or event that is not there.
    Link(link_cmd::LinkArgs),
    /// Write a valid synthetic chain (Theater's replay-file form, correct hashes) for
    /// benchmarks and tests: random payloads of the given sizes, or the real payloads of a
    /// chain cycled; the same seed writes the same bytes. Exit 0: written; 2: unreadable
    /// --payloads-from or an output that cannot be written.
    Gen(gen_cmd::GenArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Verify { json, files } => verify_cmd::run(&files, json),
        Command::Inspect { file } => inspect_cmd::run(&file),
        Command::Serve(args) => serve_cmd::run(args),
        Command::Replay(args) => replay_cmd::run(&args),
        Command::Record(args) => record_cmd::run(args),
        Command::Run(args) => run_cmd::run(args),
        Command::Export(args) => export_cmd::run(&args),
        Command::Link(args) => link_cmd::run(&args),
        Command::Gen(args) => gen_cmd::run(&args),
    };
    ExitCode::from(code as u8)
}
