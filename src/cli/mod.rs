//! The command line: arguments are parsed and validated into options
//! ([`args`]), each subcommand reads and renders ([`commands`]), and one
//! place prints warnings, writes the output and decides the exit status.

mod args;
mod child;
mod commands;
mod history_file;
mod output;
mod project;
mod run_args;
mod status;

pub use args::Cli;
pub use status::ExitStatus;

use args::Command;
use clap::{CommandFactory, Parser};
use output::{finish, Log};
use status::Error;

/// Runs routecov with `args` (the first one is the program name).
pub fn main_with_args<I, T>(args: I) -> ExitStatus
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args = args::expand_percentile_flags(args.into_iter().map(Into::into).collect());
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Success
            };
        }
    };
    // `--format` before the subcommand is checked here, after it by its parser.
    if let Some(reason) = cli.command.formats().refuse(cli.format()) {
        let _ = Cli::command()
            .error(clap::error::ErrorKind::InvalidValue, reason)
            .print();
        return ExitStatus::Error;
    }
    match run(&cli) {
        Ok(status) => status,
        Err(e) => {
            eprintln!("error: {e}");
            ExitStatus::Error
        }
    }
}

/// Runs the subcommand: its warnings first (also before an error), then its
/// output, then the status its gate decides.
/// Starts compiling the tree-sitter queries and the analysis's regexes on a
/// thread of their own, for a command that will use them: they take
/// milliseconds to compile, which another core can spend while the project
/// is read. A caller that needs one first waits for it (or, when the thread
/// could not start, compiles it itself).
fn compile_in_background() {
    let _ = std::thread::Builder::new()
        .name("routecov-compile".into())
        .spawn(|| {
            crate::parsing::queries::queries();
            crate::analysis::compile_regexes();
        });
}

pub fn run(cli: &Cli) -> Result<ExitStatus, Error> {
    let mut log = Log::new(cli.quiet);
    // The commands that read a locustfile (and, most of them, a run):
    // `routes` and `verify` need few of these, and on a machine with two
    // cores the second one parses the project for them.
    if matches!(
        cli.command,
        Command::Tasks(_) | Command::Report(_) | Command::Journey(_) | Command::Check(_)
    ) {
        compile_in_background();
    }
    let outcome = match &cli.command {
        Command::Routes(a) => commands::routes::run(cli, a, &mut log),
        Command::Tasks(a) => commands::tasks::run(cli, a, &mut log),
        Command::Report(a) => commands::report::run(cli, a, &mut log),
        Command::History(a) => commands::history::run(cli, a, &mut log),
        Command::Compare(a) => commands::compare::run(cli, a, &mut log),
        Command::Journey(a) => commands::journey::run(cli, a, &mut log),
        Command::Check(a) => commands::check::run(cli, a, &mut log),
        Command::Verify(a) => commands::verify::run(cli, a, &mut log),
        Command::Debug {
            what: args::DebugCommand::Tree { file },
        } => commands::debug::tree(file),
    };
    log.print();
    finish(cli, outcome?)
}
