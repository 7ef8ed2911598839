//! `reprise inspect`: every event decoded, one line each:
//! `index  status  kind  function  short-hash  preview`.

use std::path::Path;

use reprise_chain::{analyze_file, AnalyzedActor};

use crate::chain_input::read_chain_input;
use crate::exit_code::Outcome;
use crate::stdout_line::print_line;

/// Prints the decoded events of `path` (a file, or a capture directory's log); returns
/// `Unusable` if it cannot be read or parsed.
pub fn run(path: &Path) -> Outcome {
    let input = match read_chain_input(path) {
        Ok(input) => input,
        Err(err) => {
            eprintln!("reprise: {err}");
            return Outcome::Unusable;
        }
    };
    match analyze_file(&input.shown, &input.bytes, &mut |_| {}) {
        Ok(file) => {
            let mut outcome = Outcome::Verified;
            for (actor_idx, actor) in file.actors.iter().enumerate() {
                let name = actor
                    .chain
                    .id
                    .clone()
                    .unwrap_or_else(|| format!("actor {actor_idx}"));
                print_line(&format!("# {name}: {}", actor.report.summary()));
                print_events(actor);
                if !actor.report.is_verified() {
                    outcome = Outcome::Broken;
                }
            }
            outcome
        }
        Err(err) => {
            eprintln!("reprise: {err}");
            Outcome::Unusable
        }
    }
}

fn print_events(actor: &AnalyzedActor) {
    let index_width = actor.summaries.len().saturating_sub(1).to_string().len();
    for (event_idx, (summary, check)) in
        actor.summaries.iter().zip(&actor.report.checks).enumerate()
    {
        let status = check.break_reason().map_or("ok", |reason| reason.as_str());
        let short_hash = summary.hash_hex.get(..8).unwrap_or(&summary.hash_hex);
        print_line(&format!(
            "{event_idx:>index_width$}  {status:<15}  {:<8}  {}  {short_hash}  {}",
            summary.kind.as_str(),
            summary.function,
            summary.preview
        ));
    }
}
