//! `reprise link`: prints the share link the web app would give for the same files and event,
//! as the last line of stdout. Glue over `reprise_app::share`, which decides everything (the
//! page's "Copy link" uses the same rule): the session is embedded when it fits the link
//! budget, else the link names the files (`file=`) and one line on stderr says why.
//!
//! Files are opened under their file names (what a browser gives for a dropped file), so the
//! actor keys in the link are the ones the recipient gets by dropping the same files.

use std::path::{Path, PathBuf};

use clap::Args;
use reprise_app::share::{ShareLink, ViewState};
use reprise_app::{ActorKey, Selection, Session};
use reprise_chain::analyze_file;

use crate::chain_input::read_chain_input;
use crate::exit_code::Outcome;
use crate::stdout_line::print_line;

/// Where `reprise serve` (and `scripts/demo.sh`) serve the app.
pub const DEFAULT_BASE: &str = "http://127.0.0.1:8080/";

/// Arguments of `reprise link`.
#[derive(Args)]
pub struct LinkArgs {
    /// The event to select (0-based index in the actor's chain).
    #[arg(long)]
    event: usize,
    /// The actor to select: its key (Theater id, or `<file name>#<position>` for a file that
    /// names no actor) or its 0-based position among all actors. Default: the first actor.
    #[arg(long)]
    actor: Option<String>,
    /// The app's URL the fragment is appended to.
    #[arg(long, default_value = DEFAULT_BASE)]
    base: String,
    /// Chain files, bundles, capture logs (optionally gzip-compressed), or capture directories.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// Prints the link; `Unusable` (exit 2) for an unreadable input or an actor or event that is
/// not there.
pub fn run(args: &LinkArgs) -> Outcome {
    match build_link(args) {
        Ok(link) => {
            print_line(&link);
            Outcome::Verified
        }
        Err(message) => {
            eprintln!("reprise: {message}");
            Outcome::Unusable
        }
    }
}

fn build_link(args: &LinkArgs) -> Result<String, String> {
    let mut session = Session::default();
    for path in &args.files {
        let input = read_chain_input(path).map_err(|err| err.to_string())?;
        let name = file_name(&input.shown);
        let file = analyze_file(&name, &input.bytes, &mut |_| {}).map_err(|err| err.to_string())?;
        session.add_file(file, false);
    }
    let key = selected_key(&session, args.actor.as_deref())?;
    let num_events = session
        .actor(&key)
        .map_or(0, |actor| actor.chain.events.len());
    if args.event >= num_events {
        return Err(format!(
            "--event {}: actor {key} has {num_events} events (0 to {})",
            args.event,
            num_events.saturating_sub(1)
        ));
    }
    let view = ViewState {
        selection: Selection::event(key, args.event),
        ..ViewState::default()
    };
    let built = ShareLink::of_session(&session, view);
    if let Some(too_large) = built.not_embedded {
        eprintln!("reprise: {}", too_large.explanation());
    }
    let base = args.base.split('#').next().unwrap_or(&args.base);
    Ok(format!("{base}#{}", built.link.to_fragment()))
}

/// The actor `--actor` names (a key, else a position), or the first actor.
fn selected_key(session: &Session, wanted: Option<&str>) -> Result<ActorKey, String> {
    let keys = session.keys();
    let Some(wanted) = wanted else {
        return keys
            .first()
            .cloned()
            .ok_or_else(|| "the inputs hold no actor".to_string());
    };
    let by_key = ActorKey::from_text(wanted);
    if session.contains(&by_key) {
        return Ok(by_key);
    }
    wanted
        .parse::<usize>()
        .ok()
        .and_then(|position| keys.get(position).cloned())
        .ok_or_else(|| {
            let known: Vec<&str> = keys.iter().map(ActorKey::as_str).collect();
            format!(
                "--actor {wanted}: no such actor (actors: {})",
                known.join(", ")
            )
        })
}

/// The file's name without its folders: what a browser names a dropped file.
fn file_name(shown: &str) -> String {
    Path::new(shown).file_name().map_or_else(
        || shown.to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}
