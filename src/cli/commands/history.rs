//! `routecov history`: coverage over time from the history file.

use crate::cli::args::{Cli, HistoryArgs};
use crate::cli::history_file;
use crate::cli::output::{rendered, width, Log, Outcome};
use crate::cli::project::config_here;
use crate::cli::status::{error, Error};
use crate::render;

pub fn run(cli: &Cli, a: &HistoryArgs, log: &mut Log) -> Result<Outcome, Error> {
    let file = match &a.file {
        Some(f) => f.clone(),
        None => {
            let loaded = config_here(cli)?;
            let configured = loaded.config.history.as_ref().map(|p| loaded.resolve(p));
            configured.ok_or_else(|| {
                error("no history file: pass FILE, or set `history` in routecov.toml or [tool.routecov]")
            })?
        }
    };
    if !file.is_file() {
        return Err(error(format!("{}: no such history file", file.display())));
    }
    let (entries, warnings) = history_file::read(&file).map_err(error)?;
    for w in &warnings {
        log.warn(w);
    }
    let view = render::history::view(&file.display().to_string(), &entries);
    let text = render::history::render(&view, cli.format(), width(cli));
    let mut outcome = Outcome::text(rendered(cli, text)?);
    if a.fail_on_drop && !view.drops.is_empty() {
        let reasons: Vec<&str> = view.drops.iter().map(|d| d.message.as_str()).collect();
        outcome.gate = Some(reasons.join("; "));
    }
    Ok(outcome)
}
