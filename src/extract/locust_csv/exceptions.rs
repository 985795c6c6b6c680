//! The exceptions file: counts, messages, multi-line tracebacks, nodes.

use super::columns::{COUNT, MESSAGE, NODES, TRACEBACK};
use super::error::LocustCsvError;
use super::table::table;
use crate::diagnostics::Warning;
use crate::model::stats::ExceptionRow;

/// Parses an `_exceptions.csv` file's text.
pub fn parse_exceptions(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<ExceptionRow>, LocustCsvError> {
    let t = table(file, text, &[COUNT, MESSAGE], warnings)?;
    let mut out = Vec::new();
    for r in &t.rows {
        if !t.width_ok(r, warnings) {
            continue;
        }
        let Some(count) = t.req_count(r, COUNT, warnings) else {
            continue;
        };
        let nodes = t
            .text(r, NODES)
            .map(|n| {
                n.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let traceback = t
            .header
            .col(TRACEBACK)
            .and_then(|i| r.fields.get(i))
            .map(|s| s.replace("\r\n", "\n"))
            .unwrap_or_default();
        out.push(ExceptionRow {
            count,
            message: t.text(r, MESSAGE).unwrap_or_default(),
            traceback,
            nodes,
            line: r.line,
        });
    }
    Ok(out)
}
