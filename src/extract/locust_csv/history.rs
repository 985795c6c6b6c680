//! The stats history file: one row per timestamp and request name.

use super::cells::{is_aggregate, method_cell, Cell};
use super::columns::*;
use super::error::LocustCsvError;
use super::records::{delimiter, Record};
use super::table::{each_row, table, Table};
use crate::diagnostics::Warning;
use crate::model::stats::HistoryRow;

/// Parses a `_stats_history.csv` file's text: every row.
pub fn parse_history(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<HistoryRow>, LocustCsvError> {
    let t = table(file, text, &[TIMESTAMP, NAME], warnings)?;
    Ok(t.rows
        .iter()
        .filter_map(|r| history_row(&t, r, warnings))
        .collect())
}

/// The Aggregated rows of a `_stats_history.csv` file, all a run's timeline
/// reads, in time order. The file is read in one pass: rows of request
/// names are passed over as they come, and past [`MAX_POINTS`] seconds the
/// rows kept are thinned (every other one dropped, the first with failures
/// always kept), so memory stays bounded whatever the file's size.
pub fn parse_aggregated_history(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<HistoryRow>, LocustCsvError> {
    aggregated_history(file, delimiter(text), text.as_bytes(), warnings)
}

/// [`parse_aggregated_history`] of the file at `path`, streamed from disk:
/// memory follows the seconds kept, not the file's size. A file in UTF-16
/// (a spreadsheet's "Unicode text") is decoded whole first.
pub fn read_aggregated_history(
    path: &std::path::Path,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<HistoryRow>, LocustCsvError> {
    use std::io::{BufRead, BufReader};
    let file = path.display().to_string();
    let io = |source| LocustCsvError::Io {
        file: file.clone(),
        source,
    };
    let mut reader = BufReader::with_capacity(1 << 16, std::fs::File::open(path).map_err(io)?);
    let head = reader.fill_buf().map_err(io)?;
    if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
        let (label, text) = super::decode::load(path, warnings)?;
        return parse_aggregated_history(&label, &text, warnings);
    }
    let bom = if head.starts_with(b"\xef\xbb\xbf") {
        3
    } else {
        0
    };
    let delim = delimiter(&String::from_utf8_lossy(&head[bom..]));
    reader.consume(bom);
    aggregated_history(&file, delim, reader, warnings)
}

fn aggregated_history(
    file: &str,
    delim: u8,
    source: impl std::io::Read,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<HistoryRow>, LocustCsvError> {
    let aggregated = memchr::memmem::Finder::new("Aggregated");
    let total = memchr::memmem::Finder::new("Total");
    let keep = |r: &csv::StringRecord| {
        // A quick look at the raw record; `history_row` decides exactly.
        aggregated.find(r.as_slice().as_bytes()).is_some()
            || total.find(r.as_slice().as_bytes()).is_some()
    };
    let mut kept = Thinned::default();
    each_row(
        file,
        delim,
        source,
        &[TIMESTAMP, NAME],
        warnings,
        keep,
        |t, r, w| {
            if let Some(h) = history_row(t, &r, w).filter(|h| h.aggregated) {
                kept.push(file, h, w);
            }
        },
    )?;
    Ok(kept.rows)
}

/// Aggregated rows kept before thinning: about two hours of seconds; the
/// timeline's charts show far fewer points.
pub const MAX_POINTS: usize = 8_192;

/// Earliest and latest timestamps taken as real: 1970 to the year 9999.
const TIMESTAMPS: std::ops::RangeInclusive<i64> = 0..=253_402_300_799;

/// Rows kept in time order, thinned as they grow.
#[derive(Default)]
pub(super) struct Thinned {
    pub(super) rows: Vec<HistoryRow>,
    last: Option<i64>,
    /// Keep every `stride`-th row from now on (1 before any thinning).
    stride: usize,
    seen: usize,
    /// The first row with failures was kept: it is never thinned away.
    onset: Option<i64>,
}

impl Thinned {
    /// Adds `h` unless its timestamp goes back or is no date (a warning).
    pub(super) fn push(&mut self, file: &str, h: HistoryRow, warnings: &mut Vec<Warning>) {
        let why = if !TIMESTAMPS.contains(&h.timestamp) {
            Some(format!(
                "timestamp {} is not a date between 1970 and 9999",
                h.timestamp
            ))
        } else {
            self.last
                .filter(|p| h.timestamp < *p)
                .map(|p| format!("timestamp {} goes back before {p}", h.timestamp))
        };
        if let Some(why) = why {
            warnings.push(Warning::new(file, h.line, format!("{why}; row skipped")));
            return;
        }
        self.last = Some(h.timestamp);
        let is_onset = self.onset.is_none() && h.failures.is_some_and(|f| f > 0);
        if is_onset {
            self.onset = Some(h.timestamp);
        }
        self.seen += 1;
        if is_onset || self.seen.is_multiple_of(self.stride.max(1)) || self.rows.is_empty() {
            self.rows.push(h);
        }
        if self.rows.len() >= MAX_POINTS {
            let onset = self.onset;
            let mut i = 0;
            self.rows.retain(|r| {
                i += 1;
                i % 2 == 1 || Some(r.timestamp) == onset
            });
            self.stride = self.stride.max(1) * 2;
        }
    }
}

fn history_row(t: &Table, r: &Record, warnings: &mut Vec<Warning>) -> Option<HistoryRow> {
    if !t.width_ok(r, warnings) {
        return None;
    }
    let timestamp = match t.float(r, TIMESTAMP) {
        Cell::Value(v) if v.abs() < 1e15 => v.trunc() as i64,
        Cell::Value(_) => {
            let raw = t.text(r, TIMESTAMP).unwrap_or_default();
            t.bad_cell(r, TIMESTAMP, &raw, "row skipped", warnings);
            return None;
        }
        Cell::Absent => {
            t.bad_cell(r, TIMESTAMP, "", "row skipped", warnings);
            return None;
        }
        Cell::Bad(s) => {
            t.bad_cell(r, TIMESTAMP, &s, "row skipped", warnings);
            return None;
        }
    };
    let method = method_cell(t.text(r, METHOD));
    let name = t.text(r, NAME).unwrap_or_default();
    Some(HistoryRow {
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
    })
}
