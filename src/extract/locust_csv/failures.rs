//! The failures file, with rows of old versions repaired from their raw line.

use super::cells::method_cell;
use super::columns::{ERROR, FIRST_SEEN, LAST_SEEN, METHOD, NAME, OCCURRENCES};
use super::error::LocustCsvError;
use super::records::Record;
use super::table::table;
use crate::diagnostics::Warning;
use crate::model::stats::FailureRow;
use regex::Regex;
use std::sync::OnceLock;

/// Parses a `_failures.csv` file's text.
pub fn parse_failures(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<FailureRow>, LocustCsvError> {
    let t = table(file, text, &[NAME, ERROR, OCCURRENCES], warnings)?;
    // The 4-column layout of Locust before 1.1 wrote the error unescaped.
    let legacy = t.header.cells.len() == 4 && !t.header.has(FIRST_SEEN);
    let mut out = Vec::new();
    for r in &t.rows {
        let want = t.header.cells.len();
        if legacy && r.fields.len() != want {
            if let Some(rows) = repair_failure(file, text, r, warnings) {
                out.extend(rows);
                continue;
            }
        }
        if !t.width_ok(r, warnings) {
            continue;
        }
        let Some(occurrences) = t.req_count(r, OCCURRENCES, warnings) else {
            continue;
        };
        let seen = |aliases| t.text(r, aliases).filter(|s| !s.is_empty());
        out.push(FailureRow {
            method: method_cell(t.text(r, METHOD)),
            name: t.text(r, NAME).unwrap_or_default(),
            error: t.text(r, ERROR).unwrap_or_default(),
            occurrences,
            first_seen: seen(FIRST_SEEN),
            last_seen: seen(LAST_SEEN),
            line: r.line,
        });
    }
    Ok(out)
}

/// Re-reads a row of an old failures file from its raw text, where the error
/// held unescaped quotes: `"GET","/x","ConnectionError(...("..."))",3`.
pub(super) fn repair_failure(
    file: &str,
    text: &str,
    r: &Record,
    warnings: &mut Vec<Warning>,
) -> Option<Vec<FailureRow>> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| Regex::new(r#"^"([^"]*)","(.*?)","(.*)",\s*(\d+)\s*$"#).ok())
        .as_ref()?;
    let raw = text.get(r.start..r.end)?;
    let mut out = Vec::new();
    for (i, line) in raw.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let caps = re.captures(line)?;
        let occurrences = caps.get(4)?.as_str().parse().ok()?;
        out.push(FailureRow {
            method: method_cell(caps.get(1).map(|m| m.as_str().to_string())),
            name: caps.get(2)?.as_str().to_string(),
            error: caps.get(3)?.as_str().to_string(),
            occurrences,
            first_seen: None,
            last_seen: None,
            line: r.line + i,
        });
    }
    if out.is_empty() {
        return None;
    }
    for row in &out {
        warnings.push(Warning::new(
            file,
            row.line,
            "unescaped quotes in the Error cell (Locust before 1.1); row read from its raw line",
        ));
    }
    Some(out)
}
