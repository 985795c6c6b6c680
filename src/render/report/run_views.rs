//! The views of a run a team asks for beside coverage: the slowest rows
//! (by p95 and by time spent) and the failures by type, in each format.
//! The table keeps a short top list; Markdown and HTML list every row.

use super::lines::ms;
use crate::model::report::{Report, SlowRow};
use crate::render::escape::{self, markdown, markdown_code, terminal};
use crate::render::html::{self, Cell as H};
use std::fmt::Write;

/// Rows of each slowest list the table shows.
pub(super) const TOP_SLOWEST: usize = 5;

fn share(r: &SlowRow) -> String {
    r.time_share_pct
        .map_or_else(String::new, |p| format!(" ({p:.1}% of the run's time)"))
}

fn time(r: &SlowRow) -> String {
    r.total_time_s
        .map_or_else(|| "n/a".to_string(), |t| format!("{t:.1} s"))
}

fn or_na(x: Option<f64>) -> String {
    let s = ms(x);
    if s.is_empty() {
        "n/a".into()
    } else {
        s
    }
}

/// The slowest rows and the failures by type, as text lines under the
/// table's other sections; empty without a run.
pub(super) fn table_text(r: &Report) -> String {
    let mut out = String::new();
    let s = &r.slowest;
    if !s.by_p95.is_empty() {
        let _ = writeln!(
            out,
            "\nSlowest by p95 (top {TOP_SLOWEST} of {}; JSON, Markdown and HTML list every row):",
            s.by_p95.len()
        );
        for (i, x) in s.by_p95.iter().take(TOP_SLOWEST).enumerate() {
            let _ = writeln!(
                out,
                "  {}. {}: p95 {} ms, mean {} ms, {} requests",
                i + 1,
                terminal(&x.label),
                or_na(x.p95_ms),
                or_na(x.mean_ms),
                x.requests
            );
        }
        let _ = writeln!(out, "Most time spent (requests x mean):");
        for (i, x) in s.by_total_time.iter().take(TOP_SLOWEST).enumerate() {
            let _ = writeln!(
                out,
                "  {}. {}: {}{}, {} requests x {} ms",
                i + 1,
                terminal(&x.label),
                time(x),
                share(x),
                x.requests,
                or_na(x.mean_ms)
            );
        }
    }
    if !r.errors_by_type.is_empty() {
        let _ = writeln!(out, "\nErrors by type:");
        for g in &r.errors_by_type {
            let _ = writeln!(
                out,
                "  {}: {} in {} row(s)",
                g.label,
                g.occurrences,
                g.rows.len()
            );
        }
    }
    out
}

/// The slowest rows and the failures by type as Markdown sections.
pub(super) fn markdown_sections(out: &mut String, r: &Report) {
    let s = &r.slowest;
    if !s.by_p95.is_empty() {
        out.push_str("### Slowest endpoints\n\n");
        for (title, rows) in [
            ("by p95", &s.by_p95),
            ("by time spent (requests x mean)", &s.by_total_time),
        ] {
            let _ = writeln!(
                out,
                "<details><summary><b>{title}</b>: {} rows</summary>\n",
                rows.len()
            );
            out.push_str(
                "| # | Row | Requests | Fail | Median | Mean | p95 | Max | Time (s) | Share |\n",
            );
            out.push_str("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (i, x) in rows.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "| {} | `{}` | {} | {} | {} | {} | {} | {} | {} | {} |",
                    i + 1,
                    markdown_code(&x.label),
                    x.requests,
                    x.failures,
                    ms(x.median_ms),
                    ms(x.mean_ms),
                    ms(x.p95_ms),
                    ms(x.max_ms),
                    x.total_time_s
                        .map_or_else(String::new, |t| format!("{t:.1}")),
                    x.time_share_pct
                        .map_or_else(String::new, |p| format!("{p:.1}%")),
                );
            }
            out.push_str("\n</details>\n\n");
        }
    }
    if !r.errors_by_type.is_empty() {
        out.push_str("### Errors by type\n\n| Type | Occurrences | Rows |\n|---|---:|---|\n");
        for g in &r.errors_by_type {
            let rows: Vec<String> = g
                .rows
                .iter()
                .map(|x| format!("`{}`", markdown_code(x)))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                markdown(&g.label),
                g.occurrences,
                rows.join(", ")
            );
        }
        out.push('\n');
    }
}

fn slow_row(x: &SlowRow) -> Vec<H> {
    let f = |v: Option<f64>| H::opt(v, ms(v));
    vec![
        H::text(&x.label),
        H::opt(Some(x.requests as f64), x.requests.to_string()),
        H::opt(Some(x.failures as f64), x.failures.to_string()),
        f(x.median_ms),
        f(x.mean_ms),
        f(x.p95_ms),
        f(x.max_ms),
        H::opt(
            x.total_time_s,
            x.total_time_s
                .map_or_else(String::new, |t| format!("{t:.1}")),
        ),
        H::opt(
            x.time_share_pct,
            x.time_share_pct
                .map_or_else(String::new, |p| format!("{p:.1}%")),
        ),
    ]
}

/// The slowest rows (two sortable tables) and the failures by type as HTML
/// sections.
pub(super) fn html_sections(r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    let s = &r.slowest;
    if !s.by_p95.is_empty() {
        let header = [
            "row",
            "requests",
            "failures",
            "median ms",
            "mean ms",
            "p95 ms",
            "max ms",
            "time s",
            "share",
        ];
        let mut inner = String::new();
        for (title, rows) in [
            ("By p95", &s.by_p95),
            ("By time spent (requests x mean)", &s.by_total_time),
        ] {
            let rows: Vec<Vec<H>> = rows.iter().map(slow_row).collect();
            let _ = write!(
                inner,
                "<h3>{}</h3>{}",
                escape::html(title),
                html::sortable_table(&header, &rows)
            );
        }
        out.push(html::section("Slowest endpoints", &inner));
    }
    if !r.errors_by_type.is_empty() {
        let rows: Vec<Vec<H>> = r
            .errors_by_type
            .iter()
            .map(|g| {
                vec![
                    H::text(&g.label),
                    H::opt(Some(g.occurrences as f64), g.occurrences.to_string()),
                    H::text(g.rows.join(", ")),
                ]
            })
            .collect();
        out.push(html::section(
            "Errors by type",
            &html::sortable_table(&["type", "occurrences", "rows"], &rows),
        ));
    }
    out
}
