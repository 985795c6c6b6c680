//! The stats history file: one row per timestamp and request name.

use super::cells::{is_aggregate, method_cell, Cell};
use super::columns::*;
use super::error::LocustCsvError;
use super::table::table;
use crate::diagnostics::Warning;
use crate::model::stats::HistoryRow;

/// Parses a `_stats_history.csv` file's text.
pub fn parse_history(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<HistoryRow>, LocustCsvError> {
    let t = table(file, text, &[TIMESTAMP, NAME], warnings)?;
    let mut out = Vec::new();
    for r in &t.rows {
        if !t.width_ok(r, warnings) {
            continue;
        }
        let timestamp = match t.float(r, TIMESTAMP) {
            Cell::Value(v) if v.fract() == 0.0 && v.abs() < 1e15 => v as i64,
            Cell::Value(v) => v.trunc() as i64,
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
    Ok(out)
}
