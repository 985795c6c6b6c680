//! The counting options of the coverage table, shared by every format: the
//! rows (the categories, or with `--table partition` the partition) and the
//! group rows of `[categories] group_by`; the lines saying how the rows
//! count and which endpoints of duplicate patterns left the totals.

use crate::model::report::{CategoryCoverage, Report};

/// The coverage table's rows before TOTAL: categories (or the partition),
/// then groups.
pub(super) fn coverage_rows(r: &Report) -> Vec<&CategoryCoverage> {
    let main = if r.partition.is_empty() {
        &r.categories
    } else {
        &r.partition
    };
    main.iter().chain(&r.groups).collect()
}

/// The partition has an `unknown method` row of its own; the category
/// table gets one added.
pub(super) fn unknown_row(r: &Report) -> bool {
    r.partition.is_empty() && r.unknown_method.endpoints > 0
}

/// How the rows count, and the endpoints left out of the totals.
pub(super) fn counting_lines(r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    if !r.partition.is_empty() {
        out.push(
            "partition: each endpoint in its first category (table order), so the category rows add up to the TOTAL"
                .to_string(),
        );
    }
    if let Some(g) = r.groups.first() {
        let kind = g.label.split(' ').next().unwrap_or("group");
        out.push(format!(
            "{kind} rows: each endpoint in one {kind}, so they add up to the TOTAL too"
        ));
    }
    if !r.duplicates.is_empty() {
        let list: Vec<String> = r
            .duplicates
            .iter()
            .map(|d| {
                format!(
                    "{} {} ({} at {}:{}, shadowed by {} at {}:{})",
                    d.method,
                    d.path,
                    d.view,
                    d.source.file,
                    d.source.line,
                    d.shadowed_by_view,
                    d.shadowed_by.file,
                    d.shadowed_by.line
                )
            })
            .collect();
        out.push(format!(
            "{} endpoints of duplicate URL patterns left out of the totals (an earlier pattern of the same path takes their requests): {}",
            r.duplicates.len(),
            list.join("; ")
        ));
    }
    out
}
