//! `RunInput`: the commands `reprise run` reads from stdin, one per line: `send <text>` sends
//! `<text>` to the root actor, `quit` ends the run. Read on a thread of its own, because a
//! blocking stdin read must never hold up the async runtime (nor its shutdown).

use std::io::BufRead;

use tokio::sync::mpsc;

/// One stdin line, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunInput {
    /// `send <text>`: deliver `<text>` to the root actor.
    Send(String),
    /// `quit`: stop the run.
    Quit,
    /// Anything else (blank lines are skipped, not reported).
    Unknown(String),
}

impl RunInput {
    /// Parses one line; `None` for a blank one.
    pub fn parse(line: &str) -> Option<Self> {
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() {
            return None;
        }
        if line.trim() == "quit" {
            return Some(Self::Quit);
        }
        Some(match line.trim_start().strip_prefix("send ") {
            Some(text) if !text.is_empty() => Self::Send(text.to_string()),
            _ => Self::Unknown(line.to_string()),
        })
    }
}

/// Reads stdin on a detached thread and forwards each command; the channel closes at the end
/// of input.
pub fn spawn_stdin_reader(input_tx: mpsc::Sender<RunInput>) -> std::io::Result<()> {
    // A detached thread: at exit the process ends it, whatever read it is blocked in.
    std::thread::Builder::new()
        .name("reprise-run-stdin".into())
        .spawn(move || {
            for line in std::io::stdin().lock().lines() {
                let Ok(line) = line else { break };
                let Some(input) = RunInput::parse(&line) else {
                    continue;
                };
                if input_tx.blocking_send(input).is_err() {
                    break;
                }
            }
        })
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_takes_the_rest_of_the_line_verbatim() {
        assert_eq!(
            RunInput::parse("send spawn /tmp/counter.toml {\"n\": 1}\n"),
            Some(RunInput::Send("spawn /tmp/counter.toml {\"n\": 1}".into()))
        );
        assert_eq!(RunInput::parse("quit\r\n"), Some(RunInput::Quit));
        assert_eq!(RunInput::parse("   "), None);
        assert_eq!(
            RunInput::parse("sned inc"),
            Some(RunInput::Unknown("sned inc".into()))
        );
        assert_eq!(
            RunInput::parse("send "),
            Some(RunInput::Unknown("send ".into()))
        );
    }
}
