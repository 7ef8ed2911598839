//! `reprise gen`: writes a valid synthetic chain for benchmarks and tests. Glue over
//! `reprise_chain::chain_gen`, which generates; this module parses the arguments, reads the
//! chain whose payloads `--payloads-from` cycles, and streams the output to the file.
//!
//! Invariants: the same arguments write the same bytes; exit 0 only when the whole file was
//! written and flushed; 2, with one message naming the file and the reason, otherwise.

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use clap::Args;
use reprise_chain::chain_gen::{write_generated_chain, ChainSpec, PayloadSource};
use reprise_chain::parse_file;

use crate::chain_input::read_chain_input;
use crate::exit_code::Outcome;

/// Arguments of `reprise gen`.
#[derive(Args)]
pub struct GenArgs {
    /// Number of events.
    #[arg(long)]
    events: u64,
    /// Random payload sizes in bytes, `MIN..MAX` (inclusive) or one size.
    #[arg(long, default_value = "64..512", value_parser = parse_size_range, conflicts_with = "payloads_from")]
    payload_bytes: (usize, usize),
    /// Cycle the real payloads (event types and data, in order) of this chain file, bundle or
    /// capture instead of random bytes.
    #[arg(long)]
    payloads_from: Option<PathBuf>,
    /// Write serde_json's pretty form instead of Theater's compact one.
    #[arg(long)]
    pretty: bool,
    /// Seed of the generator: the same seed writes the same chain.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The chain file to write (a JSON array of events, as Theater's replay files).
    out: PathBuf,
}

/// `MIN..MAX` or `N`.
fn parse_size_range(text: &str) -> Result<(usize, usize), String> {
    let parse = |part: &str| {
        part.trim()
            .parse::<usize>()
            .map_err(|err| format!("{part:?} is not a byte count: {err}"))
    };
    let (min, max) = match text.split_once("..") {
        Some((min, max)) => (parse(min)?, parse(max.trim_start_matches('='))?),
        None => (parse(text)?, parse(text)?),
    };
    if min > max {
        return Err(format!("{min}..{max} is empty (MIN must not exceed MAX)"));
    }
    Ok((min, max))
}

/// Writes the chain; prints what was written, or why not.
pub fn run(args: &GenArgs) -> Outcome {
    let payloads = match &args.payloads_from {
        Some(path) => match real_payloads(path) {
            Ok(pairs) => PayloadSource::Cycle(pairs),
            Err(message) => {
                eprintln!("reprise: {message}");
                return Outcome::Unusable;
            }
        },
        None => PayloadSource::Random {
            min: args.payload_bytes.0,
            max: args.payload_bytes.1,
        },
    };
    let spec = ChainSpec {
        num_events: args.events,
        payloads,
        seed: args.seed,
        is_pretty: args.pretty,
    };
    match write_file(&args.out, &spec) {
        Ok(()) => Outcome::Verified,
        Err(err) => {
            eprintln!(
                "reprise: {}: cannot write the chain: {err}",
                args.out.display()
            );
            Outcome::Unusable
        }
    }
}

fn write_file(out: &Path, spec: &ChainSpec) -> std::io::Result<()> {
    let mut writer = BufWriter::with_capacity(1 << 20, File::create(out)?);
    write_generated_chain(spec, &mut writer)?;
    writer.flush()
}

/// Every event's `(event_type, data)` of every actor in `path`, in order.
fn real_payloads(path: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let input = read_chain_input(path).map_err(|err| err.to_string())?;
    let loaded = parse_file(&input.shown, &input.bytes).map_err(|err| err.to_string())?;
    let pairs: Vec<(String, Vec<u8>)> = loaded
        .actors
        .into_iter()
        .flat_map(|actor| actor.events)
        .map(|event| (event.event_type, event.data))
        .collect();
    if pairs.is_empty() {
        return Err(format!(
            "{}: has no events to take payloads from",
            input.shown
        ));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_ranges_parse_or_say_why_not() {
        assert_eq!(parse_size_range("64..512"), Ok((64, 512)));
        assert_eq!(parse_size_range("0..=3"), Ok((0, 3)));
        assert_eq!(parse_size_range("100"), Ok((100, 100)));
        assert!(parse_size_range("5..4").is_err());
        assert!(parse_size_range("a..4").is_err());
    }
}
