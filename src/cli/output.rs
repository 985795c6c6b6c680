//! What a subcommand hands back, and the one place that prints warnings and
//! writes the output.

use super::args::Cli;
use super::history_file::write_atomic;
use super::status::{error, Error, ExitStatus};
use crate::render::escape::terminal;
use crate::render::layout::prose;
use std::io::{IsTerminal, Write};

/// Lines for standard error (warnings, which locustfile was used), kept in
/// the order they arose and printed before the output or the error.
#[derive(Debug, Default)]
pub struct Log {
    quiet: bool,
    lines: Vec<String>,
}

impl Log {
    pub fn new(quiet: bool) -> Log {
        Log {
            quiet,
            lines: Vec::new(),
        }
    }

    pub fn warn(&mut self, w: impl std::fmt::Display) {
        self.note(format!("warning: {w}"));
    }

    pub fn note(&mut self, line: impl std::fmt::Display) {
        if !self.quiet {
            self.lines.push(line.to_string());
        }
    }

    /// Analysed text can hold control characters: shown, never sent. On a
    /// terminal the lines are wrapped to its width; in a log each stays one
    /// line, for grep.
    pub fn print(&mut self) {
        let width = stderr_width();
        for l in self.lines.drain(..) {
            match width {
                Some(w) => eprintln!("{}", prose(&terminal(&l), w, "  ")),
                None => eprintln!("{}", terminal(&l)),
            }
        }
    }
}

/// Paths for GitHub annotations, which name files from the repository root
/// (where the workflow runs routecov): a path found from the current
/// directory as it is, else one found in the project directory joined to it.
pub fn locator(project: Option<&std::path::Path>) -> impl Fn(&str) -> String + '_ {
    move |file: &str| {
        let path = std::path::Path::new(file);
        if path.is_absolute() || path.exists() {
            return file.to_string();
        }
        match project.map(|p| p.join(path)).filter(|p| p.exists()) {
            Some(p) => p
                .strip_prefix(".")
                .unwrap_or(&p)
                .to_string_lossy()
                .into_owned(),
            None => file.to_string(),
        }
    }
}

/// Width of the terminal standard error is, if it is one.
fn stderr_width() -> Option<u16> {
    let stderr = std::io::stderr();
    if !stderr.is_terminal() {
        return None;
    }
    terminal_size::terminal_size_of(&stderr).map(|(w, _)| w.0.max(40))
}

/// A subcommand's result: the rendered text, then what happens after it is
/// written.
pub struct Outcome {
    pub text: String,
    /// Output written after `text` piece by piece, never held whole: the
    /// JSON of 50,000 routes is 57 MB, and building it as one string first
    /// doubled it in memory while the string grew.
    pub streamed: Option<Streamed>,
    /// Runs once the output is written (the history line of `report`).
    pub after: Option<Box<dyn FnOnce() -> Result<(), Error>>>,
    /// Why a gate failed: printed after the output (unless empty, when the
    /// output says it), exit status 1.
    pub gate: Option<String>,
}

/// Writes a streamed output to its destination.
pub type Streamed = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<()>>;

impl Outcome {
    pub fn text(text: String) -> Outcome {
        Outcome {
            text,
            streamed: None,
            after: None,
            gate: None,
        }
    }

    pub fn streamed(write: Streamed) -> Outcome {
        Outcome {
            streamed: Some(write),
            ..Outcome::text(String::new())
        }
    }
}

/// The rendered text, or why the format cannot be rendered.
pub fn rendered(cli: &Cli, text: Option<String>) -> Result<String, Error> {
    let format = cli.format();
    text.ok_or_else(|| {
        let reason = cli.command.formats().refuse(format);
        error(reason.unwrap_or_else(|| format!("--format {} is not available", format.name())))
    })
}

/// Table width for the output's destination.
pub fn width(cli: &Cli) -> u16 {
    crate::render::table_width(cli.output.is_none() && std::io::stdout().is_terminal())
}

/// Colour only on a terminal, and never when `NO_COLOR` is set.
pub fn use_color(cli: &Cli) -> bool {
    cli.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none()
}

/// Writes the outcome, runs what follows it, and decides the status.
pub fn finish(cli: &Cli, outcome: Outcome) -> Result<ExitStatus, Error> {
    emit(cli, outcome.text, outcome.streamed)?;
    if let Some(after) = outcome.after {
        after()?;
    }
    Ok(match outcome.gate {
        Some(reason) => {
            if !reason.is_empty() {
                eprintln!("{}", terminal(&reason));
            }
            ExitStatus::Failure
        }
        None => ExitStatus::Success,
    })
}

/// Writes output to `--output` (atomically) or standard output. A closed
/// pipe (`routecov routes | head`) is a normal end.
fn emit(cli: &Cli, text: String, streamed: Option<Streamed>) -> Result<(), Error> {
    match &cli.output {
        Some(path) => {
            let mut bytes = text.into_bytes();
            streamed
                .map_or(Ok(()), |write| write(&mut bytes))
                .and_then(|_| write_atomic(path, &bytes))
                .map_err(|e| error(format!("cannot write {}: {e}", path.display())))
        }
        None => {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            let written = out
                .write_all(text.as_bytes())
                .and_then(|_| streamed.map_or(Ok(()), |write| write(&mut out)))
                .and_then(|_| out.flush());
            match written {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(error(format!("cannot write output: {e}")))
                }
                _ => Ok(()),
            }
        }
    }
}
