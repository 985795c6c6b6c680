//! The report as terminal tables: coverage by category, gaps, the endpoints
//! in the run, unmatched requests and stats rows, findings. Analysed text
//! goes through [`terminal`].

use super::columns::Columns;
use super::counting::{counting_lines, coverage_rows, unknown_row};
use super::lines::{
    header_lines, intended_line, pct, unknown_line, unmatched_kind, unmatched_request,
};
use super::run_views;
use super::terse;
use crate::model::report::{GapEndpoint, Report};
use crate::render::escape::terminal;
use crate::render::layout::{self, prose, Text};
use comfy_table::Color;
use std::collections::HashMap;
use std::fmt::Write;

/// How much of a list (gaps, findings) a table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Shown {
    /// None of it.
    None,
    /// The first ones: 20 gaps, 3 findings of each kind.
    #[default]
    Top,
    /// All of it.
    All,
}

/// How much of each list the table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detail {
    pub gaps: Shown,
    pub findings: Shown,
}

impl Detail {
    pub const ALL: Detail = Detail {
        gaps: Shown::All,
        findings: Shown::All,
    };
}

/// Endpoints a `--gaps top` list shows.
const TOP_GAPS: usize = 20;
/// Routes of unknown method a table lists unless `--gaps all`: none, the
/// gap list shows them as `ANY`.
const TOP_UNKNOWN: usize = 0;
/// Findings of each kind a `--findings top` table shows.
const TOP_FINDINGS: usize = 3;

/// The report as a person reads it on a terminal: what matters first (the
/// run line, coverage by category, findings), then the gaps, each endpoint
/// once, then the run's endpoints and what matched nothing.
pub(super) fn table(
    r: &Report,
    width: u16,
    color: bool,
    detail: Detail,
    columns: &Columns,
) -> String {
    let mut out = String::new();
    for l in header_lines(r) {
        let _ = writeln!(out, "{}", prose(&terminal(&l), width, "  "));
    }
    out.push('\n');
    categories(&mut out, r, width, color, detail.gaps);
    findings(&mut out, r, width, detail.findings);
    gaps(&mut out, r, width, color, detail.gaps);
    run(&mut out, r, width, columns);
    out.push_str(&run_views::table_text(r));
    out.push_str(&super::depth::table_text(r));
    out.push_str(&super::mix::table_text(r));
    unmatched(&mut out, r, width);
    out
}

/// Coverage colour: red under 50%, yellow under 80%, green above.
fn coverage_color(pct: f64) -> Color {
    if pct < 50.0 {
        Color::Red
    } else if pct < 80.0 {
        Color::Yellow
    } else {
        Color::Green
    }
}

fn status_color(status: &str) -> Color {
    match status {
        "exercised" => Color::Green,
        "declared" => Color::Cyan,
        "disabled" => Color::Yellow,
        _ => Color::Red,
    }
}

/// Coverage by category, the totals under it.
fn categories(out: &mut String, r: &Report, width: u16, color: bool, shown: Shown) {
    let coverage = |p: f64| Text::num(pct(p)).fg(coverage_color(p), color);
    let mut rows: Vec<Vec<Text>> = coverage_rows(r)
        .into_iter()
        .map(|c| {
            vec![
                Text::new(terminal(&c.label)),
                Text::num(c.endpoints.to_string()),
                Text::num(c.covered.to_string()),
                Text::num(c.not_covered.to_string()),
                coverage(c.coverage_pct),
            ]
        })
        .collect();
    if unknown_row(r) {
        let u = &r.unknown_method;
        rows.push(vec![
            Text::new("unknown method"),
            Text::num(u.endpoints.to_string()),
            Text::num(u.covered.to_string()),
            Text::num((u.endpoints - u.covered).to_string()),
            Text::num(pct(u.coverage_pct)),
        ]);
    }
    let s = &r.summary;
    rows.push(vec![
        Text::new("TOTAL"),
        Text::num(s.endpoints.to_string()),
        Text::num(s.covered.to_string()),
        Text::num(s.not_covered.to_string()),
        coverage(s.coverage_pct),
    ]);
    let header = [
        "Category",
        "Endpoints",
        "Covered",
        "Not covered",
        "Coverage",
    ];
    let _ = writeln!(out, "{}", layout::table(width, &header, rows, color));
    let totals = format!(
        "{} exercised, {} declared, {} disabled, {} untested (each endpoint once)",
        s.exercised, s.declared, s.disabled, s.untested
    );
    let _ = writeln!(out, "{}", prose(&totals, width, "  "));
    for l in counting_lines(r) {
        let _ = writeln!(out, "{}", prose(&terminal(&l), width, "  "));
    }
    let max = if shown == Shown::All {
        usize::MAX
    } else {
        TOP_UNKNOWN
    };
    if let Some(l) = unknown_line(r, max) {
        let _ = writeln!(out, "{}", prose(&terminal(&l), width, "    "));
    }
    if let Some(l) = intended_line(r) {
        let _ = writeln!(out, "{}", prose(&l, width, "    "));
    }
}

/// Each endpoint not covered once, with the categories it is in.
fn distinct_gaps(r: &Report) -> Vec<(&GapEndpoint, Vec<&str>)> {
    let mut out: Vec<(&GapEndpoint, Vec<&str>)> = Vec::new();
    let mut at: HashMap<(&str, &str), usize> = HashMap::new();
    for g in &r.gaps {
        for e in &g.endpoints {
            match at.get(&(e.method.as_str(), e.path.as_str())) {
                Some(&i) => out[i].1.push(&g.label),
                None => {
                    at.insert((&e.method, &e.path), out.len());
                    out.push((e, vec![&g.label]));
                }
            }
        }
    }
    out
}

fn gaps(out: &mut String, r: &Report, width: u16, color: bool, shown: Shown) {
    let all = distinct_gaps(r);
    if all.is_empty() || shown == Shown::None {
        return;
    }
    let limit = if shown == Shown::All {
        all.len()
    } else {
        TOP_GAPS
    };
    let _ = writeln!(out, "\nGaps ({} endpoints not covered):", all.len());
    let rows = all
        .iter()
        .take(limit)
        .map(|(e, cats)| {
            let status = e.status.name();
            vec![
                Text::new(terminal(&format!("{} {}", e.method, e.path))),
                Text::new(status).fg(status_color(status), color),
                Text::new(cats.join(", ")),
                Text::new(terminal(&format!(
                    "{}\n{}:{}",
                    e.view, e.source.file, e.source.line
                ))),
            ]
        })
        .collect();
    let header = ["Endpoint", "Status", "Categories", "View and source"];
    let t = layout::table_with_prose(width, &header, rows, color, &[2]);
    let _ = writeln!(out, "{t}");
    if all.len() > limit {
        let more = format!(
            "... and {} more (--gaps all lists every one; JSON, CSV, Markdown and HTML hold them all)",
            all.len() - limit
        );
        let _ = writeln!(out, "{}", prose(&more, width, "    "));
    }
}

/// The endpoints the run's stats have requests for, with the figures picked
/// by `--columns`.
fn run(out: &mut String, r: &Report, width: u16, columns: &Columns) {
    let cols = columns.expanded(r);
    let rows: Vec<Vec<Text>> = r
        .endpoints
        .iter()
        .filter_map(|e| {
            let st = e.stats.as_ref()?;
            let mut label = e.label();
            if st.approximate {
                label.push_str(" (approximate)");
            }
            let mut row = vec![Text::new(terminal(&label))];
            row.extend(cols.iter().map(|c| Text::num(c.value(st))));
            Some(row)
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nEndpoints in the run:");
    let mut header = vec!["Endpoint".to_string()];
    header.extend(cols.iter().map(|c| c.header()));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let _ = writeln!(out, "{}", layout::table(width, &header, rows, false));
}

fn unmatched(out: &mut String, r: &Report, width: u16) {
    if r.unmatched.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nUnmatched:");
    let rows = r
        .unmatched
        .iter()
        .map(|u| {
            vec![
                Text::new(unmatched_kind(&u.kind)),
                Text::new(terminal(&unmatched_request(u))),
                Text::new(terminal(&format!("{}:{}", u.source.file, u.source.line))),
                Text::new(terminal(&u.reason)),
            ]
        })
        .collect();
    let header = ["Kind", "Request", "Source", "Reason"];
    let _ = writeln!(
        out,
        "{}",
        layout::table_with_prose(width, &header, rows, false, &[3])
    );
}

/// One wrapped paragraph per finding, in its short form; with `top`, the
/// first of each kind (they come most severe first) and how many more.
fn findings(out: &mut String, r: &Report, width: u16, shown: Shown) {
    if r.findings.is_empty() || shown == Shown::None {
        return;
    }
    let _ = writeln!(out, "\nFindings ({}):", r.findings.len());
    let limit = if shown == Shown::All {
        usize::MAX
    } else {
        TOP_FINDINGS
    };
    let mut i = 0;
    while i < r.findings.len() {
        let kind = r.findings[i].kind;
        let run = r.findings[i..]
            .iter()
            .take_while(|f| f.kind == kind)
            .count();
        for f in r.findings[i..i + run].iter().take(limit) {
            let line = format!("- {}: {}", f.kind, terminal(&terse::line(f)));
            let _ = writeln!(out, "{}", prose(&line, width, "    "));
        }
        if run > limit {
            let more = format!(
                "  ... and {} more {kind} (--findings all lists them)",
                run - limit
            );
            let _ = writeln!(out, "{}", prose(&more, width, "    "));
        }
        i += run;
    }
}
