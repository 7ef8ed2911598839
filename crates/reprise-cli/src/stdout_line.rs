//! Printing to stdout without panicking when the reader goes away (`reprise inspect | head`):
//! `println!` panics on a closed pipe, which is the reader's choice, not an error.

use std::io::{ErrorKind, Write};

/// Prints one line to stdout. A closed pipe ends the process quietly with the outcome so far
/// unknown to the reader anyway (exit 0, as `head` expects); any other write error is said on
/// stderr once per line.
pub fn print_line(line: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(err) = writeln!(stdout, "{line}") {
        if err.kind() == ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("reprise: cannot write to stdout: {err}");
    }
}
