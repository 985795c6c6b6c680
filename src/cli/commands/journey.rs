//! `routecov journey`: many Locust runs in a row, by stats row or, with a
//! project, by endpoint (joined as `compare` joins them).

use crate::analysis::journey::{journey, start_time, NamedRun, Order};
use crate::cli::args::{Cli, JourneyArgs};
use crate::cli::output::{rendered, width, Log, Outcome};
use crate::cli::project::optional_project;
use crate::cli::status::{error, Error};
use crate::extract::locust_csv::{self, RunStats};
use crate::join::StatsJoin;
use crate::render;
use std::path::Path;
use std::time::UNIX_EPOCH;

pub fn run(cli: &Cli, a: &JourneyArgs, log: &mut Log) -> Result<Outcome, Error> {
    let (project, loaded) = optional_project(cli, &a.load, log)?;
    let (runs, order) = read_runs(&a.runs, log)?;
    if runs.len() < 2 {
        log.note("a journey of one run: `routecov report --stats` says more about it");
    }
    let named: Vec<NamedRun> = runs
        .iter()
        .map(|r| NamedRun {
            name: run_name(&r.files.stats),
            run: r,
        })
        .collect();
    let join = project.as_ref().map(|p| {
        if a.load.locustfile.is_none() {
            log.note(format!(
                "using {} ({})",
                p.model.locustfile, p.model.found_by
            ));
        }
        for w in p.map.warnings.iter().chain(&p.model.warnings) {
            log.warn(w);
        }
        StatsJoin::new(&p.map, Some(&p.model))
    });
    let j = journey(&named, order, &loaded.config, join.as_ref());
    let text = render::journey::render(&j, cli.format(), width(cli));
    Ok(Outcome::text(rendered(cli, text)?))
}

/// The runs named on the command line, in that order; or the runs of one
/// directory, sorted by start time. All are read, so the warnings of all are
/// shown before an error.
fn read_runs(
    inputs: &[std::path::PathBuf],
    log: &mut Log,
) -> Result<(Vec<RunStats>, Order), Error> {
    let (files, order) = match inputs {
        [dir] if dir.is_dir() => (
            locust_csv::resolve_all(dir).map_err(error)?,
            Order::StartTime,
        ),
        _ => (
            inputs
                .iter()
                .map(|p| locust_csv::resolve(p))
                .collect::<Result<Vec<_>, _>>()
                .map_err(error)?,
            Order::Given,
        ),
    };
    let mut runs = Vec::new();
    let mut first_error = None;
    for f in &files {
        match locust_csv::read_files(f) {
            Ok(run) => {
                for w in &run.warnings {
                    log.warn(w);
                }
                runs.push(run);
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(e) = first_error {
        return Err(error(e));
    }
    if order == Order::StartTime {
        // Ties (and runs without any time) keep the order of their names.
        runs.sort_by_cached_key(start_or_mtime);
    }
    Ok((runs, order))
}

/// When the run started: its stats history's first timestamp, else the
/// modification time of its stats file (seconds since the epoch).
fn start_or_mtime(run: &RunStats) -> Option<i64> {
    start_time(run).or_else(|| {
        let modified = std::fs::metadata(&run.files.stats).ok()?.modified().ok()?;
        let secs = modified.duration_since(UNIX_EPOCH).ok()?.as_secs();
        i64::try_from(secs).ok()
    })
}

/// `v26` for `results/v26_stats.csv`.
fn run_name(stats: &Path) -> String {
    let file = stats
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    ["_stats.csv", "_requests.csv"]
        .iter()
        .find_map(|s| file.strip_suffix(s))
        .unwrap_or(&file)
        .to_string()
}
