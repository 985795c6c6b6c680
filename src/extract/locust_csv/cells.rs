//! Cells of a data row read as text, numbers and percentiles, bad cells
//! turned into warnings.

use super::columns::display_name;
use super::records::Record;
use super::table::{Header, Table};
use crate::diagnostics::Warning;
use crate::model::stats::Percentile;

/// Why a cell could not be used.
pub(super) enum Cell<T> {
    Value(T),
    /// `N/A`, empty, or no such column.
    Absent,
    Bad(String),
}

impl Table {
    /// Checks the width of a row: short rows, and long rows with text past
    /// the header, are malformed.
    pub(super) fn width_ok(&self, row: &Record, warnings: &mut Vec<Warning>) -> bool {
        let want = self.header.cells.len();
        let have = row.fields.len();
        let extra_text = row.fields.iter().skip(want).any(|f| !f.trim().is_empty());
        if have < want || extra_text {
            warnings.push(Warning::new(
                &self.file,
                row.line,
                format!("malformed row: {have} fields, the header has {want}; skipped"),
            ));
            return false;
        }
        true
    }

    pub(super) fn text(&self, row: &Record, aliases: &[&str]) -> Option<String> {
        let i = self.header.col(aliases)?;
        row.fields.get(i).map(|s| s.trim().to_string())
    }

    pub(super) fn float(&self, row: &Record, aliases: &[&str]) -> Cell<f64> {
        match self.header.col(aliases) {
            Some(i) => float_cell(row.fields.get(i).map(String::as_str).unwrap_or("")),
            None => Cell::Absent,
        }
    }

    pub(super) fn count(&self, row: &Record, aliases: &[&str]) -> Cell<u64> {
        match self.float(row, aliases) {
            // `u64::MAX as f64` is 2^64, one past the largest count.
            Cell::Value(v) if v >= 0.0 && v.fract() == 0.0 && v < u64::MAX as f64 => {
                Cell::Value(v as u64)
            }
            Cell::Value(v) => Cell::Bad(format!("{v}")),
            Cell::Absent => Cell::Absent,
            Cell::Bad(s) => Cell::Bad(s),
        }
    }

    /// An optional value: a bad cell becomes `None` with a warning.
    pub(super) fn optional<T>(
        &self,
        cell: Cell<T>,
        row: &Record,
        aliases: &[&str],
        warnings: &mut Vec<Warning>,
    ) -> Option<T> {
        match cell {
            Cell::Value(v) => Some(v),
            Cell::Absent => None,
            Cell::Bad(s) => {
                self.bad_cell(row, aliases, &s, "left empty", warnings);
                None
            }
        }
    }

    pub(super) fn opt_float(
        &self,
        row: &Record,
        aliases: &[&str],
        warnings: &mut Vec<Warning>,
    ) -> Option<f64> {
        self.optional(self.float(row, aliases), row, aliases, warnings)
    }

    pub(super) fn opt_count(
        &self,
        row: &Record,
        aliases: &[&str],
        warnings: &mut Vec<Warning>,
    ) -> Option<u64> {
        self.optional(self.count(row, aliases), row, aliases, warnings)
    }

    /// A required count: `None` (row to skip) when missing or bad.
    pub(super) fn req_count(
        &self,
        row: &Record,
        aliases: &[&str],
        warnings: &mut Vec<Warning>,
    ) -> Option<u64> {
        match self.count(row, aliases) {
            Cell::Value(v) => Some(v),
            Cell::Absent => {
                self.bad_cell(row, aliases, "", "row skipped", warnings);
                None
            }
            Cell::Bad(s) => {
                self.bad_cell(row, aliases, &s, "row skipped", warnings);
                None
            }
        }
    }

    pub(super) fn bad_cell(
        &self,
        row: &Record,
        aliases: &[&str],
        value: &str,
        consequence: &str,
        warnings: &mut Vec<Warning>,
    ) {
        let column = self
            .header
            .col(aliases)
            .and_then(|i| row_header_text(&self.header, i))
            .unwrap_or_else(|| display_name(aliases));
        warnings.push(Warning::new(
            &self.file,
            row.line,
            format!("malformed row: \"{column}\" is {value:?}, not a number; {consequence}"),
        ));
    }

    pub(super) fn percentiles(&self, row: &Record, warnings: &mut Vec<Warning>) -> Vec<Percentile> {
        let mut out = Vec::with_capacity(self.header.percentiles.len());
        for (i, label, percent) in &self.header.percentiles {
            let ms = match float_cell(row.fields.get(*i).map(String::as_str).unwrap_or("")) {
                Cell::Value(v) => Some(v),
                Cell::Absent => None,
                Cell::Bad(s) => {
                    warnings.push(Warning::new(
                        &self.file,
                        row.line,
                        format!("malformed row: \"{label}\" is {s:?}, not a number; left empty"),
                    ));
                    None
                }
            };
            out.push(Percentile {
                label: label.clone(),
                percent: *percent,
                ms,
            });
        }
        out
    }
}

pub(super) fn row_header_text(header: &Header, i: usize) -> Option<String> {
    header.raw.get(i).cloned()
}

pub(super) fn float_cell(raw: &str) -> Cell<f64> {
    let s = raw.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("n/a") {
        return Cell::Absent;
    }
    let parsed = s
        .parse::<f64>()
        .ok()
        // A decimal comma, from spreadsheets saving with `;`.
        .or_else(|| s.replace(',', ".").parse::<f64>().ok());
    match parsed {
        Some(v) if v.is_finite() => Cell::Value(v),
        // NaN, inf, 1e400: not a figure Locust writes; said, with the value.
        _ => Cell::Bad(s.to_string()),
    }
}

pub(super) fn method_cell(raw: Option<String>) -> Option<String> {
    let m = raw?;
    let m = m.trim();
    // Locust before 1.1 wrote Python's None for the Aggregated row.
    if m.is_empty() || m == "None" {
        None
    } else {
        Some(m.to_uppercase())
    }
}

pub(super) fn is_aggregate(method: &Option<String>, name: &str) -> bool {
    method.is_none() && (name == "Aggregated" || name == "Total")
}
