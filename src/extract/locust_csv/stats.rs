//! The stats file: `_stats.csv`, or `_requests.csv` before Locust 0.13.3.

use super::cells::{is_aggregate, method_cell};
use super::columns::*;
use super::error::LocustCsvError;
use super::table::table;
use crate::diagnostics::Warning;
use crate::model::stats::{StatsFormat, StatsRow};

/// Rows of a stats file.
#[derive(Debug)]
pub struct ParsedStats {
    pub format: StatsFormat,
    pub rows: Vec<StatsRow>,
    pub aggregated: Option<StatsRow>,
}

/// Parses a `_stats.csv` (or old `_requests.csv`) file's text.
pub fn parse_stats(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<ParsedStats, LocustCsvError> {
    let t = table(file, text, &[NAME, REQUESTS, FAILURES], warnings)?;
    let h = &t.header;
    let format = if h.has(&["request count"]) {
        StatsFormat::Current
    } else if h.has(&["type"]) || !h.percentiles.is_empty() {
        StatsFormat::Legacy
    } else {
        StatsFormat::Requests
    };
    let mut rows = Vec::new();
    let mut aggregated: Option<StatsRow> = None;
    for r in &t.rows {
        if !t.width_ok(r, warnings) {
            continue;
        }
        let (Some(requests), Some(failures)) = (
            t.req_count(r, REQUESTS, warnings),
            t.req_count(r, FAILURES, warnings),
        ) else {
            continue;
        };
        let method = method_cell(t.text(r, METHOD));
        let name = t.text(r, NAME).unwrap_or_default();
        let row = StatsRow {
            requests,
            failures,
            median_ms: t.opt_float(r, MEDIAN, warnings),
            average_ms: t.opt_float(r, AVERAGE, warnings),
            min_ms: t.opt_float(r, MIN, warnings),
            max_ms: t.opt_float(r, MAX, warnings),
            average_content_size: t.opt_float(r, CONTENT, warnings),
            rps: t.opt_float(r, RPS, warnings),
            failures_per_s: t.opt_float(r, FAILURES_PER_S, warnings),
            percentiles: t.percentiles(r, warnings),
            histogram: None,
            line: r.line,
            method,
            name,
        };
        if is_aggregate(&row.method, &row.name) {
            if let Some(previous) = &aggregated {
                warnings.push(Warning::new(
                    file,
                    row.line,
                    format!(
                        "a second {} row (the first is on line {}); the last one is used",
                        row.name, previous.line
                    ),
                ));
            }
            aggregated = Some(row);
        } else {
            rows.push(row);
        }
    }
    if aggregated.is_none() {
        warnings.push(Warning::new(
            file,
            0,
            "no Aggregated (or Total) row; the file looks truncated",
        ));
    }
    Ok(ParsedStats {
        format,
        rows,
        aggregated,
    })
}
