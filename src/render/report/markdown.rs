//! The report as Markdown, for a pull-request comment or
//! `$GITHUB_STEP_SUMMARY`: analysed text goes through [`markdown`], or into
//! code spans through [`markdown_code`].

use super::columns::Columns;
use super::counting::{counting_lines, coverage_rows, unknown_row};
use super::lines::{category_total, header_lines, ms, pct, unmatched_kind, unmatched_request};
use super::run_views;
use crate::model::report::Report;
use crate::render::escape::{markdown, markdown_code};
use std::fmt::Write;

pub(super) fn render(r: &Report, columns: &Columns) -> String {
    let mut out = String::from("## Load test coverage\n\n");
    for l in header_lines(r) {
        let _ = writeln!(out, "{}  ", markdown(&l));
    }
    out.push('\n');
    categories(&mut out, r);
    unknown_method(&mut out, r);
    gaps(&mut out, r);
    findings(&mut out, r);
    run(&mut out, r, columns);
    run_views::markdown_sections(&mut out, r);
    super::depth::markdown_section(&mut out, r);
    super::mix::markdown_section(&mut out, r);
    unmatched(&mut out, r);
    out
}

/// The endpoints the run's stats have requests for, with the figures picked
/// by `--columns`.
fn run(out: &mut String, r: &Report, columns: &Columns) {
    let exercised: Vec<_> = r.endpoints.iter().filter(|e| e.stats.is_some()).collect();
    if exercised.is_empty() {
        return;
    }
    let cols = columns.expanded(r);
    let _ = writeln!(
        out,
        "<details><summary><b>Endpoints in the run</b>: {}</summary>\n",
        exercised.len()
    );
    out.push_str("| Endpoint |");
    for c in &cols {
        let _ = write!(out, " {} |", c.header());
    }
    out.push_str("\n|---|");
    out.push_str(&"---:|".repeat(cols.len()));
    out.push('\n');
    for e in exercised {
        let Some(st) = &e.stats else { continue };
        let approx = if st.approximate { " (approximate)" } else { "" };
        let _ = write!(out, "| `{}`{approx} |", markdown_code(&e.label()));
        for c in &cols {
            let _ = write!(out, " {} |", c.value(st));
        }
        out.push('\n');
    }
    out.push_str("\n</details>\n\n");
}

fn categories(out: &mut String, r: &Report) {
    out.push_str("| Category | Endpoints | Covered | Not covered | Coverage |\n");
    out.push_str("|---|---:|---:|---:|---:|\n");
    for c in coverage_rows(r) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            markdown(&c.label),
            c.endpoints,
            c.covered,
            c.not_covered,
            pct(c.coverage_pct)
        );
    }
    let u = &r.unknown_method;
    if unknown_row(r) {
        let _ = writeln!(
            out,
            "| unknown method | {} | {} | {} | {} |",
            u.endpoints,
            u.covered,
            u.endpoints - u.covered,
            pct(u.coverage_pct)
        );
    }
    let s = &r.summary;
    let _ = writeln!(
        out,
        "| **TOTAL** | **{}** | **{}** | **{}** | **{}** |\n",
        s.endpoints,
        s.covered,
        s.not_covered,
        pct(s.coverage_pct)
    );
    let _ = writeln!(
        out,
        "{} exercised, {} declared, {} disabled, {} untested. The TOTAL counts distinct endpoints; an endpoint can be in several categories.\n",
        s.exercised, s.declared, s.disabled, s.untested
    );
    for l in counting_lines(r) {
        let _ = writeln!(out, "{}\n", markdown(&l));
    }
}

fn unknown_method(out: &mut String, r: &Report) {
    if let Some(l) = super::lines::intended_line(r) {
        let _ = writeln!(out, "{}\n", markdown(&l));
    }
    let u = &r.unknown_method;
    if u.endpoints == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "**Unknown method**: {} endpoints whose methods could not be inferred (neither reads nor writes); annotate their views:\n",
        u.endpoints
    );
    for x in &u.routes {
        let _ = writeln!(
            out,
            "- `{}` `{}` ({}:{}): {}",
            markdown_code(&x.path),
            markdown_code(&x.view),
            markdown(&x.source.file),
            x.source.line,
            markdown(&x.reason)
        );
    }
    out.push('\n');
}

fn gaps(out: &mut String, r: &Report) {
    if r.gaps.is_empty() {
        return;
    }
    out.push_str("### Gaps\n\n");
    for g in &r.gaps {
        let _ = writeln!(
            out,
            "<details><summary><b>{}</b>: {} of {} not covered</summary>\n",
            markdown(&g.label),
            g.endpoints.len(),
            category_total(r, g)
        );
        out.push_str("| Endpoint | Status | View | Source |\n|---|---|---|---|\n");
        for e in &g.endpoints {
            let _ = writeln!(
                out,
                "| `{} {}` | {} | `{}` | {}:{} |",
                e.method,
                markdown_code(&e.path),
                e.status.name(),
                markdown_code(&e.view),
                markdown(&e.source.file),
                e.source.line
            );
        }
        out.push_str("\n</details>\n\n");
    }
}

fn findings(out: &mut String, r: &Report) {
    if r.findings.is_empty() {
        return;
    }
    out.push_str("### Findings\n\n");
    for f in &r.findings {
        let _ = writeln!(out, "- **{}**: {}", f.kind, markdown(&f.message));
        for e in &f.errors {
            let _ = writeln!(out, "  - `{}`", markdown_code(e));
        }
    }
    out.push('\n');
}

/// Unmatched requests and rows, with the run's figures for them (the login
/// of `django.contrib.auth` is usually one).
fn unmatched(out: &mut String, r: &Report) {
    if r.unmatched.is_empty() {
        return;
    }
    out.push_str("### Unmatched requests and stats rows\n\n");
    out.push_str("| Kind | Request | Source | Reason | Requests | Failures | Median ms | p95 ms | Max ms |\n|---|---|---|---|---:|---:|---:|---:|---:|\n");
    for x in &r.unmatched {
        let figures = match &x.stats {
            Some(st) => format!(
                "{} | {} | {} | {} | {}",
                st.requests,
                st.failures,
                ms(st.median_ms),
                ms(st.p95_ms),
                ms(st.max_ms)
            ),
            None => " | | | | ".to_string(),
        };
        let _ = writeln!(
            out,
            "| {} | `{}` | {}:{} | {} | {figures} |",
            unmatched_kind(&x.kind),
            markdown_code(&unmatched_request(x)),
            markdown(&x.source.file),
            x.source.line,
            markdown(&x.reason)
        );
    }
    out.push('\n');
}
