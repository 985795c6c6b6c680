//! The stats history file: one row per timestamp and request name.

use super::cells::{is_aggregate, method_cell, Cell};
use super::columns::*;
use super::error::LocustCsvError;
use super::table::{table, table_where, Table};
use crate::diagnostics::Warning;
use crate::model::stats::HistoryRow;

/// Parses a `_stats_history.csv` file's text: every row.
pub fn parse_history(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<HistoryRow>, LocustCsvError> {
    let t = table(file, text, &[TIMESTAMP, NAME], warnings)?;
    Ok(history_rows(&t, warnings))
}

/// The Aggregated rows of a `_stats_history.csv` file, all a run's timeline
/// reads. The file holds a row per request name per second; the other rows
/// are passed over as they are read, so memory follows the run's seconds,
/// not the file's size.
pub fn parse_aggregated_history(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<HistoryRow>, LocustCsvError> {
    let aggregated = memchr::memmem::Finder::new("Aggregated");
    let total = memchr::memmem::Finder::new("Total");
    let t = table_where(file, text, &[TIMESTAMP, NAME], warnings, |r| {
        // A quick look at the raw record; `history_rows` decides exactly.
        aggregated.find(r.as_slice().as_bytes()).is_some()
            || total.find(r.as_slice().as_bytes()).is_some()
    })?;
    let rows = history_rows(&t, warnings);
    Ok(monotonic(
        file,
        rows.into_iter().filter(|h| h.aggregated),
        warnings,
    ))
}

/// Earliest and latest timestamps taken as real: 1970 to the year 9999.
const TIMESTAMPS: std::ops::RangeInclusive<i64> = 0..=253_402_300_799;

/// Rows in time order: a row whose timestamp goes back, or lies outside any
/// real date, is skipped with a warning.
fn monotonic(
    file: &str,
    rows: impl Iterator<Item = HistoryRow>,
    warnings: &mut Vec<Warning>,
) -> Vec<HistoryRow> {
    let mut out: Vec<HistoryRow> = Vec::new();
    for h in rows {
        let why = if !TIMESTAMPS.contains(&h.timestamp) {
            Some(format!(
                "timestamp {} is not a date between 1970 and 9999",
                h.timestamp
            ))
        } else {
            out.last()
                .filter(|p| h.timestamp < p.timestamp)
                .map(|p| format!("timestamp {} goes back before {}", h.timestamp, p.timestamp))
        };
        match why {
            Some(why) => warnings.push(Warning::new(file, h.line, format!("{why}; row skipped"))),
            None => out.push(h),
        }
    }
    out
}

fn history_rows(t: &Table, warnings: &mut Vec<Warning>) -> Vec<HistoryRow> {
    let mut out = Vec::new();
    for r in &t.rows {
        if !t.width_ok(r, warnings) {
            continue;
        }
        let timestamp = match t.float(r, TIMESTAMP) {
            Cell::Value(v) if v.abs() < 1e15 => v.trunc() as i64,
            Cell::Value(_) => {
                let raw = t.text(r, TIMESTAMP).unwrap_or_default();
                t.bad_cell(r, TIMESTAMP, &raw, "row skipped", warnings);
                continue;
            }
            Cell::Absent => {
                t.bad_cell(r, TIMESTAMP, "", "row skipped", warnings);
                continue;
            }
            Cell::Bad(s) => {
                t.bad_cell(r, TIMESTAMP, &s, "row skipped", warnings);
                continue;
            }
        };
        let method = method_cell(t.text(r, METHOD));
        let name = t.text(r, NAME).unwrap_or_default();
        out.push(HistoryRow {
            timestamp,
            user_count: t.opt_count(r, USER_COUNT, warnings),
            aggregated: is_aggregate(&method, &name),
            rps: t.opt_float(r, RPS, warnings),
            failures_per_s: t.opt_float(r, FAILURES_PER_S, warnings),
            percentiles: t.percentiles(r, warnings),
            requests: t.opt_count(r, H_REQUESTS, warnings),
            failures: t.opt_count(r, H_FAILURES, warnings),
            median_ms: t.opt_float(r, H_MEDIAN, warnings),
            average_ms: t.opt_float(r, H_AVERAGE, warnings),
            min_ms: t.opt_float(r, H_MIN, warnings),
            max_ms: t.opt_float(r, H_MAX, warnings),
            average_content_size: t.opt_float(r, H_CONTENT, warnings),
            line: r.line,
            method,
            name,
        });
    }
    out
}
