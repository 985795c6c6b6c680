//! A table: its header found among the first records (with its required
//! columns checked) and the data rows after it.

use super::columns::{display_name, norm, percentile_header};
use super::error::LocustCsvError;
use super::records::{each_record, records, Record, HEADER_LOOKAHEAD};
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
    let mut table = Table {
        file: file.to_string(),
        header: Header::new(&header_record),
        rows: Vec::with_capacity(rest.len()),
    };
    for r in rest {
        if !table.is_header_again(&r, warnings) {
            table.rows.push(r);
        }
    }
    Ok(table)
}

impl Table {
    /// A row that repeats the header (two runs appended to one file): said,
    /// and to be skipped.
    fn is_header_again(&self, r: &Record, warnings: &mut Vec<Warning>) -> bool {
        let again = r.fields.len() == self.header.cells.len()
            && r.fields
                .iter()
                .zip(&self.header.cells)
                .all(|(c, h)| norm(c) == *h);
        if again {
            warnings.push(Warning::new(
                &self.file,
                r.line,
                "the header row again (files of two runs joined?); skipped",
            ));
        }
        again
    }
}

/// Hands `on_row` each data row `keep` accepts, one at a time, after the
/// header is found as [`table`] finds it: a large file is read in one pass
/// from `source`, without holding it or its rows.
pub(super) fn each_row(
    file: &str,
    delim: u8,
    source: impl std::io::Read,
    required: &[&[&str]],
    warnings: &mut Vec<Warning>,
    keep: impl Fn(&csv::StringRecord) -> bool,
    mut on_row: impl FnMut(&Table, Record, &mut Vec<Warning>),
) -> Result<(), LocustCsvError> {
    let mut head: Vec<Record> = Vec::new();
    let mut table: Option<Result<Table, LocustCsvError>> = None;
    let mut found: Vec<Warning> = Vec::new();
    let start = |head: &mut Vec<Record>,
                 found: &mut Vec<Warning>,
                 on_row: &mut dyn FnMut(&Table, Record, &mut Vec<Warning>)| {
        let mut t = table_of(file, std::mem::take(head), required, found);
        if let Ok(t) = &mut t {
            for r in std::mem::take(&mut t.rows) {
                on_row(t, r, found);
            }
        }
        t
    };
    let read = each_record(file, delim, source, keep, |r| match &table {
        None => {
            head.push(r);
            if head.len() == HEADER_LOOKAHEAD {
                table = Some(start(&mut head, &mut found, &mut on_row));
            }
        }
        Some(Ok(t)) => {
            if !t.is_header_again(&r, &mut found) {
                on_row(t, r, &mut found);
            }
        }
        Some(Err(_)) => {}
    });
    let table = match table {
        Some(t) => t,
        None => start(&mut head, &mut found, &mut on_row),
    };
    warnings.extend(read);
    warnings.extend(found);
    table.map(|_| ())
}
