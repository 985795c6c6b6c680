//! The report as terminal tables: coverage by category, gaps, the endpoints
//! in the run, unmatched requests and stats rows, findings. Analysed text
//! goes through [`terminal`].

use super::columns::Columns;
use super::lines::{header_lines, pct, unknown_line, unmatched_kind, unmatched_request};
use super::run_views;
use crate::model::report::{GapEndpoint, Report};
use crate::render::escape::terminal;
use comfy_table::{
    presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement,
    Table, Width,
};
use std::collections::HashMap;
use std::fmt::Write;

/// How much of the gap list a table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Gaps {
    /// None: the summary and findings only.
    None,
    /// The first 20 endpoints not covered.
    #[default]
    Top,
    /// Every endpoint not covered.
    All,
}

/// Endpoints a `--gaps top` list shows.
const TOP_GAPS: usize = 20;
/// Routes of unknown method a table lists unless `--gaps all`.
const TOP_UNKNOWN: usize = 5;

/// The report as a person reads it on a terminal: what matters first (the
/// run line, coverage by category, findings), then the gaps, each endpoint
/// once, then the run's endpoints and what matched nothing.
pub(super) fn table(r: &Report, width: u16, color: bool, shown: Gaps, columns: &Columns) -> String {
    let mut out = String::new();
    for l in header_lines(r) {
        let _ = writeln!(out, "{}", terminal(&l));
    }
    out.push('\n');
    categories(&mut out, r, width, color, shown);
    findings(&mut out, r);
    gaps(&mut out, r, width, color, shown);
    run(&mut out, r, width, columns);
    out.push_str(&run_views::table_text(r));
    unmatched(&mut out, r, width);
    out
}

fn new_table(width: u16, header: Vec<&str>) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header(header);
    t
}

fn num(n: String) -> Cell {
    Cell::new(n).set_alignment(CellAlignment::Right)
}

fn paint(cell: Cell, c: Color, color: bool) -> Cell {
    if color {
        cell.fg(c)
    } else {
        cell
    }
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
fn categories(out: &mut String, r: &Report, width: u16, color: bool, shown: Gaps) {
    let mut t = new_table(
        width,
        vec![
            "Category",
            "Endpoints",
            "Covered",
            "Not covered",
            "Coverage",
        ],
    );
    let coverage = |p: f64| paint(num(pct(p)), coverage_color(p), color);
    for c in &r.categories {
        t.add_row(vec![
            Cell::new(terminal(&c.label)),
            num(c.endpoints.to_string()),
            num(c.covered.to_string()),
            num(c.not_covered.to_string()),
            coverage(c.coverage_pct),
        ]);
    }
    if r.unknown_method.endpoints > 0 {
        let u = &r.unknown_method;
        t.add_row(vec![
            Cell::new("unknown method"),
            num(u.endpoints.to_string()),
            num(u.covered.to_string()),
            num((u.endpoints - u.covered).to_string()),
            num(pct(u.coverage_pct)),
        ]);
    }
    let s = &r.summary;
    t.add_row(vec![
        Cell::new("TOTAL"),
        num(s.endpoints.to_string()),
        num(s.covered.to_string()),
        num(s.not_covered.to_string()),
        coverage(s.coverage_pct),
    ]);
    if color {
        t.enforce_styling();
    }
    let _ = writeln!(out, "{t}");
    let _ = writeln!(
        out,
        "{} exercised, {} declared, {} disabled, {} untested (distinct endpoints; a category total counts each endpoint once)",
        s.exercised, s.declared, s.disabled, s.untested
    );
    let max = if shown == Gaps::All {
        usize::MAX
    } else {
        TOP_UNKNOWN
    };
    if let Some(l) = unknown_line(r, max) {
        let _ = writeln!(out, "{}", terminal(&l));
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

fn gaps(out: &mut String, r: &Report, width: u16, color: bool, shown: Gaps) {
    let all = distinct_gaps(r);
    if all.is_empty() || shown == Gaps::None {
        return;
    }
    let limit = if shown == Gaps::All {
        all.len()
    } else {
        TOP_GAPS
    };
    let _ = writeln!(out, "\nGaps ({} endpoints not covered):", all.len());
    // View and source share a column: the path needs the room.
    let mut t = new_table(
        width,
        vec!["Endpoint and categories", "Status", "View and source"],
    );
    for (i, share) in [(0, 40), (2, 42)] {
        if let Some(col) = t.column_mut(i) {
            col.set_constraint(ColumnConstraint::LowerBoundary(Width::Percentage(share)));
        }
    }
    for (e, cats) in all.iter().take(limit) {
        let status = e.status.name();
        t.add_row(vec![
            Cell::new(terminal(&format!(
                "{} {}\n{}",
                e.method,
                e.path,
                cats.join(", ")
            ))),
            paint(Cell::new(status), status_color(status), color),
            Cell::new(terminal(&format!(
                "{}\n{}:{}",
                e.view, e.source.file, e.source.line
            ))),
        ]);
    }
    if color {
        t.enforce_styling();
    }
    let _ = writeln!(out, "{t}");
    if all.len() > limit {
        let _ = writeln!(
            out,
            "... and {} more (--gaps all lists every one; JSON, CSV, Markdown and HTML hold them all)",
            all.len() - limit
        );
    }
}

/// The endpoints the run's stats have requests for, with the figures picked
/// by `--columns`.
fn run(out: &mut String, r: &Report, width: u16, columns: &Columns) {
    let exercised: Vec<_> = r.endpoints.iter().filter(|e| e.stats.is_some()).collect();
    if exercised.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nEndpoints in the run:");
    let cols = columns.expanded(r);
    let mut header = vec!["Endpoint".to_string()];
    header.extend(cols.iter().map(|c| c.header()));
    let mut t = new_table(width, header.iter().map(String::as_str).collect());
    if let Some(col) = t.column_mut(0) {
        col.set_constraint(ColumnConstraint::LowerBoundary(Width::Percentage(45)));
    }
    for e in exercised {
        let Some(st) = &e.stats else { continue };
        let mut label = e.label();
        if st.approximate {
            label.push_str(" (approximate)");
        }
        let mut row = vec![Cell::new(terminal(&label))];
        row.extend(cols.iter().map(|c| num(c.value(st))));
        t.add_row(row);
    }
    let _ = writeln!(out, "{t}");
}

fn unmatched(out: &mut String, r: &Report, width: u16) {
    if r.unmatched.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nUnmatched:");
    let mut t = new_table(width, vec!["Kind", "Request", "Source", "Reason"]);
    for u in &r.unmatched {
        t.add_row(vec![
            Cell::new(unmatched_kind(&u.kind)),
            Cell::new(terminal(&unmatched_request(u))),
            Cell::new(terminal(&format!("{}:{}", u.source.file, u.source.line))),
            Cell::new(terminal(&u.reason)),
        ]);
    }
    let _ = writeln!(out, "{t}");
}

fn findings(out: &mut String, r: &Report) {
    if r.findings.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nFindings:");
    for f in &r.findings {
        let _ = writeln!(out, "- [{}] {}", f.kind, terminal(&f.message));
        for e in &f.errors {
            let _ = writeln!(out, "    error: {}", terminal(e));
        }
    }
}
