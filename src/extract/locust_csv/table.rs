//! A table: its header found among the first records (with its required
//! columns checked) and the data rows after it.

use super::columns::{display_name, norm, percentile_header};
use super::error::LocustCsvError;
use super::records::{records, records_where, Record, HEADER_LOOKAHEAD};
use crate::diagnostics::Warning;
use std::collections::HashMap;

/// The header of a table and where its columns are.
pub(super) struct Header {
    pub(super) line: usize,
    /// As written, for messages.
    pub(super) raw: Vec<String>,
    /// Normalised, for lookups.
    pub(super) cells: Vec<String>,
    index: HashMap<String, usize>,
    pub(super) percentiles: Vec<(usize, String, f64)>,
}

impl Header {
    pub(super) fn new(record: &Record) -> Header {
        let cells: Vec<String> = record.fields.iter().map(|c| norm(c)).collect();
        let mut index = HashMap::new();
        let mut percentiles = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            index.entry(cell.clone()).or_insert(i);
            if let Some((label, p)) = percentile_header(&record.fields[i]) {
                percentiles.push((i, label, p));
            }
        }
        Header {
            line: record.line,
            raw: record.fields.iter().map(|c| c.trim().to_string()).collect(),
            cells,
            index,
            percentiles,
        }
    }

    pub(super) fn col(&self, aliases: &[&str]) -> Option<usize> {
        aliases.iter().find_map(|a| self.index.get(*a).copied())
    }

    pub(super) fn has(&self, aliases: &[&str]) -> bool {
        self.col(aliases).is_some()
    }
}

/// The data rows of a table, after its header.
pub(super) struct Table {
    pub(super) file: String,
    pub(super) header: Header,
    pub(super) rows: Vec<Record>,
}

/// Finds the header among the first records (a title or blank lines may come
/// first in files that went through other tools) and checks its required
/// columns. Rows that repeat the header are dropped with a warning (two runs
/// appended to one file).
pub(super) fn table(
    file: &str,
    text: &str,
    required: &[&[&str]],
    warnings: &mut Vec<Warning>,
) -> Result<Table, LocustCsvError> {
    table_of(file, records(file, text, warnings), required, warnings)
}

/// A table of the records `keep` accepts (the header always is).
pub(super) fn table_where(
    file: &str,
    text: &str,
    required: &[&[&str]],
    warnings: &mut Vec<Warning>,
    keep: impl Fn(&csv::StringRecord) -> bool,
) -> Result<Table, LocustCsvError> {
    table_of(
        file,
        records_where(file, text, warnings, keep),
        required,
        warnings,
    )
}

fn table_of(
    file: &str,
    mut recs: Vec<Record>,
    required: &[&[&str]],
    warnings: &mut Vec<Warning>,
) -> Result<Table, LocustCsvError> {
    if recs.is_empty() {
        return Err(LocustCsvError::Empty {
            file: file.to_string(),
        });
    }
    let candidates: Vec<Header> = recs
        .iter()
        .take(HEADER_LOOKAHEAD)
        .map(Header::new)
        .collect();
    let found = candidates
        .iter()
        .position(|h| required.iter().all(|aliases| h.has(aliases)));
    let Some(at) = found else {
        // Name the first missing column of the most header-like record (the
        // first of equals).
        let best = candidates
            .iter()
            .rev()
            .max_by_key(|h| required.iter().filter(|a| h.has(a)).count());
        let missing = best
            .and_then(|b| required.iter().find(|a| !b.has(a)))
            .copied()
            .unwrap_or(&[]);
        let accepted = missing
            .iter()
            .skip(1)
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>();
        return Err(LocustCsvError::MissingColumn {
            file: file.to_string(),
            line: best.map_or(0, |b| b.line),
            column: display_name(missing),
            accepted: if accepted.is_empty() {
                String::new()
            } else {
                format!(" (or {})", accepted.join(", "))
            },
            header: best.map(|b| b.raw.join(",")).unwrap_or_default(),
        });
    };
    // `at` indexes `candidates`, taken from `recs`: both lookups exist.
    let skipped = (recs.first(), at.checked_sub(1).and_then(|i| recs.get(i)));
    if let (Some(first), Some(last)) = skipped {
        let (first, last) = (first.line, last.line);
        let lines = if first == last {
            format!("line {first}")
        } else {
            format!("lines {first}-{last}")
        };
        warnings.push(Warning::new(
            file,
            first,
            format!("{lines} before the header skipped (not Locust data)"),
        ));
    }
    let mut rest = recs.split_off(at).into_iter();
    let Some(header_record) = rest.next() else {
        return Err(LocustCsvError::Empty {
            file: file.to_string(),
        });
    };
    let header = Header::new(&header_record);
    let mut rows = Vec::with_capacity(rest.len());
    for r in rest {
        let cells: Vec<String> = r.fields.iter().map(|c| norm(c)).collect();
        if cells == header.cells {
            warnings.push(Warning::new(
                file,
                r.line,
                "the header row again (files of two runs joined?); skipped",
            ));
            continue;
        }
        rows.push(r);
    }
    Ok(Table {
        file: file.to_string(),
        header,
        rows,
    })
}
