//! Locust's CSV output: `PREFIX_stats.csv` and its siblings
//! `PREFIX_failures.csv`, `PREFIX_exceptions.csv`, `PREFIX_stats_history.csv`
//! (and, from old versions, `PREFIX_requests.csv` + `PREFIX_distribution.csv`),
//! read into [`RunStats`]; and the reports Locust writes instead of or
//! beside them, `--json` / `--json-file` ([`report_json`]) and `--html`
//! ([`report_html`]), told apart from a CSV by their first character.
//!
//! Columns are found by header name, never by position, because the names and
//! the order changed across Locust versions and the percentile columns are
//! whatever the user configured (`locust.stats.PERCENTILES_TO_REPORT`).
//!
//! # Header history
//! Checked against Locust's `stats.py` at several versions and its changelog
//! (locustio/locust; PR and issue numbers there):
//!
//! - **Up to 0.13.2**: `PREFIX_requests.csv` with `Method`, `Name`,
//!   `# requests`, `# failures`, `Median response time`,
//!   `Average response time`, `Min response time`, `Max response time`,
//!   `Average Content Size`, `Requests/s`; the last row is `None`,`Total`
//!   (renamed `Aggregated` in 0.12.2). Percentiles only in
//!   `PREFIX_distribution.csv`: `Name` (method and name joined, `GET /x`),
//!   `# requests`, `50%` .. `100%` (`99.9%`, `99.99%` added in 0.13.0, PR 1125).
//!   Every field written with `"%s"`, unescaped.
//! - **0.13.3 to 0.14.x** (PR 1146): `PREFIX_stats.csv` with `Type`, `Name`,
//!   `# requests`, `# failures`, the same time columns, `Requests/s`,
//!   `Requests Failed/s`, then `50%` .. `99.99%`, `99.999` (written without
//!   `%`), `100%`; last row `None`,`Aggregated`. `PREFIX_stats_history.csv`:
//!   `Type`, `Name`, `Timestamp`, `# requests`, `# failures`, `Requests/s`,
//!   `Requests Failed/s`, the time columns, percentiles.
//!   `PREFIX_failures.csv` from 0.14.0 (PR 1245): `Method`, `Name`, `Error`,
//!   `Occurrences`.
//! - **1.0** (issue 1317, PR 1316): `Request Count`, `Failure Count`,
//!   `Median Response Time`, `Average Response Time`, `Min Response Time`,
//!   `Max Response Time`, `Average Content Size`, `Requests/s`, `Failures/s`.
//!   History: `Timestamp`, `User Count` first, then `Type`, `Name`,
//!   `Requests/s`, `Failures/s`, percentiles, `Total Request Count`,
//!   `Total Failure Count`, `Total Median Response Time`, ... (cumulative).
//! - **1.1**: written with Python's `csv` module: quoting only where needed,
//!   `\r\n` line ends, multi-line tracebacks in quoted cells. Percentiles
//!   configurable from 1.2. Current versions write an empty type for the
//!   Aggregated row (older ones `None`).
//! - **`PREFIX_exceptions.csv`**: `Count`, `Message`, `Traceback`, `Nodes`
//!   (the web UI download since 0.7.3); headless runs write it only in later
//!   versions (missing in 2021, issue 1673; one of four files by 2023, PR 2297).
//! - **By 2.47** (issue 3402, 2026): the failures file gains `First Seen` and
//!   `Last Seen` (UTC ISO timestamps).
//!
//! Before 1.1 every field was written with `"%s"`, unescaped: an error message
//! holding `"` (a `ConnectionError(MaxRetryError("..."))`) broke its row of the
//! failures file; such rows are repaired from the raw line when possible.
//! Before PR 939 (early 2019) `# requests` counted successful requests only;
//! the header is the same, so that cannot be told from the file.

mod cells;
mod columns;
mod decode;
mod distribution;
mod error;
mod exceptions;
mod failures;
mod history;
mod records;
mod report_fields;
mod report_html;
mod report_json;
mod resolve;
mod stats;
mod table;

use crate::diagnostics::Warning;
pub use crate::model::stats::{
    ExceptionRow, FailureRow, HistoryRow, Percentile, RunFiles, RunStats, StatsFormat, StatsRow,
};
pub use decode::decode;
use decode::load;
use distribution::merge_distribution;
pub use distribution::{parse_distribution, DistributionRow};
pub use error::LocustCsvError;
pub use exceptions::parse_exceptions;
pub use failures::parse_failures;
pub use history::{parse_aggregated_history, parse_history, read_aggregated_history};
pub use resolve::{resolve, resolve_all};
pub use stats::{parse_stats, ParsedStats};
use std::path::Path;

/// Reads a run given a prefix (`results/run1` for `results/run1_stats.csv`),
/// any file of the run (`results/run1_stats.csv`, `..._failures.csv`, ...),
/// a directory holding exactly one run, or another CSV file taken as the stats
/// file itself.
pub fn read_run(input: &Path) -> Result<RunStats, LocustCsvError> {
    let files = resolve(input)?;
    read_files(&files)
}

/// What a stats file is, by its first character: Locust's JSON report
/// (a list), its HTML report, or a CSV file.
fn report_format(text: &str) -> Option<StatsFormat> {
    match text.trim_start().chars().next() {
        Some('[') => Some(StatsFormat::Json),
        Some('<') => Some(StatsFormat::Html),
        _ => None,
    }
}

/// Reads the files of a run.
pub fn read_files(files: &RunFiles) -> Result<RunStats, LocustCsvError> {
    let mut warnings = Vec::new();
    let (label, text) = load(&files.stats, &mut warnings)?;
    match report_format(&text) {
        Some(StatsFormat::Html) => return read_html(files, &label, &text, warnings),
        Some(StatsFormat::Json) => return read_json(files, &label, &text, warnings),
        _ => {}
    }
    let parsed = parse_stats(&label, &text, &mut warnings)?;
    let mut format = parsed.format;
    if label.ends_with("_requests.csv") && format == StatsFormat::Legacy {
        // Header alone cannot tell 0.13.x `_stats.csv` without percentiles
        // from `_requests.csv`; the name can.
        format = StatsFormat::Requests;
    }
    let mut stats = parsed.rows;
    let mut aggregated = parsed.aggregated;
    if let Some(path) = &files.distribution {
        let (label, text) = load(path, &mut warnings)?;
        let dist = parse_distribution(&label, &text, &mut warnings)?;
        merge_distribution(&label, &mut stats, &mut aggregated, dist, &mut warnings);
    }
    let mut run = read_siblings(files, warnings)?;
    run.format = format;
    run.stats = stats;
    run.aggregated = aggregated;
    Ok(run)
}

/// A run whose stats come from an HTML report: everything is in the page.
fn read_html(
    files: &RunFiles,
    label: &str,
    text: &str,
    mut warnings: Vec<Warning>,
) -> Result<RunStats, LocustCsvError> {
    let html = report_html::parse_html_report(label, text, &mut warnings)?;
    Ok(RunStats {
        format: StatsFormat::Html,
        files: RunFiles {
            stats: files.stats.clone(),
            ..RunFiles::default()
        },
        stats: html.rows,
        aggregated: html.aggregated,
        failures: html.failures,
        exceptions: html.exceptions,
        history: html.history,
        warnings,
    })
}

/// A run whose stats come from a JSON report, with the failures,
/// exceptions and history of the CSV files beside it when there are any.
fn read_json(
    files: &RunFiles,
    label: &str,
    text: &str,
    mut warnings: Vec<Warning>,
) -> Result<RunStats, LocustCsvError> {
    let json = report_json::parse_json_report(label, text, &mut warnings)?;
    if files.failures.is_none() {
        warnings.push(Warning::new(
            label,
            1,
            "Locust's JSON report holds no failure messages, exceptions or history: errors by type and the timeline need the run's CSV files (--csv) beside it, or its HTML report",
        ));
    }
    let mut run = read_siblings(files, warnings)?;
    run.format = StatsFormat::Json;
    run.stats = json.rows;
    run.aggregated = json.aggregated;
    Ok(run)
}

/// The failures, exceptions and history files of a run; its stats empty.
fn read_siblings(files: &RunFiles, mut warnings: Vec<Warning>) -> Result<RunStats, LocustCsvError> {
    let failures = match &files.failures {
        Some(path) => {
            let (label, text) = load(path, &mut warnings)?;
            parse_failures(&label, &text, &mut warnings)?
        }
        None => Vec::new(),
    };
    let exceptions = match &files.exceptions {
        Some(path) => {
            let (label, text) = load(path, &mut warnings)?;
            parse_exceptions(&label, &text, &mut warnings)?
        }
        None => Vec::new(),
    };
    let history = match &files.history {
        Some(path) => read_aggregated_history(path, &mut warnings)?,
        None => Vec::new(),
    };
    Ok(RunStats {
        format: StatsFormat::Current,
        files: files.clone(),
        stats: Vec::new(),
        aggregated: None,
        failures,
        exceptions,
        history,
        warnings,
    })
}

#[cfg(test)]
mod tests;
