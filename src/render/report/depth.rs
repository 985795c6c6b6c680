//! Load depth in each format: exercised against load-tested per category and
//! overall, and the shallow endpoints with their request counts. The table
//! keeps the short list (as the gap list's top 20); Markdown and HTML list
//! every shallow endpoint.

use super::lines::pct;
use crate::model::report::{DepthCounts, Report};
use crate::render::escape::{markdown, markdown_code, terminal};
use crate::render::html::{self, Cell as H};
use std::fmt::Write;

/// Shallow endpoints the table lists.
const TOP_SHALLOW: usize = 20;

/// Label, endpoints and depth counts of each category, then the total.
fn lines(r: &Report) -> Vec<(&str, usize, &DepthCounts)> {
    let mut out: Vec<(&str, usize, &DepthCounts)> = r
        .categories
        .iter()
        .filter_map(|c| c.depth.as_ref().map(|d| (c.label.as_str(), c.endpoints, d)))
        .collect();
    if let Some(d) = &r.summary.depth {
        out.push(("TOTAL", r.summary.endpoints, d));
    }
    out
}

/// Depth as text lines under the table's other sections; empty without a run.
pub(super) fn table_text(r: &Report) -> String {
    let (Some(min), Some(shallow), Some(d)) = (r.min_samples, &r.shallow, &r.summary.depth) else {
        return String::new();
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nLoad depth (load-tested: at least {min} requests): {} of {} endpoints exercised ({}), {} load-tested ({}), {} shallow",
        d.exercised,
        r.summary.endpoints,
        pct(d.exercised_pct),
        d.load_tested,
        pct(d.load_tested_pct),
        d.shallow
    );
    let by_category: Vec<String> = lines(r)
        .iter()
        .filter(|(label, _, _)| *label != "TOTAL")
        .map(|(label, n, d)| {
            format!(
                "{} {}/{n} exercised, {} load-tested",
                terminal(label),
                d.exercised,
                d.load_tested
            )
        })
        .collect();
    if !by_category.is_empty() {
        let _ = writeln!(out, "By category: {}", by_category.join("; "));
    }
    if !shallow.is_empty() {
        let _ = writeln!(
            out,
            "Shallow endpoints (fewest requests first; top {} of {}, JSON, Markdown and HTML list every one):",
            TOP_SHALLOW.min(shallow.len()),
            shallow.len()
        );
        for s in shallow.iter().take(TOP_SHALLOW) {
            let _ = writeln!(
                out,
                "  {} {}: requests {}",
                s.method,
                terminal(&s.path),
                s.requests
            );
        }
    }
    out
}

pub(super) fn markdown_section(out: &mut String, r: &Report) {
    let (Some(min), Some(shallow)) = (r.min_samples, &r.shallow) else {
        return;
    };
    let _ = writeln!(
        out,
        "### Load depth\n\nAn exercised endpoint is load-tested with at least {min} requests, shallow with fewer.\n"
    );
    out.push_str(
        "| Category | Endpoints | Exercised | Load-tested | Shallow |\n|---|---:|---:|---:|---:|\n",
    );
    for (label, n, d) in lines(r) {
        let _ = writeln!(
            out,
            "| {} | {n} | {} ({}) | {} ({}) | {} |",
            markdown(label),
            d.exercised,
            pct(d.exercised_pct),
            d.load_tested,
            pct(d.load_tested_pct),
            d.shallow
        );
    }
    out.push('\n');
    if !shallow.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary><b>Shallow endpoints</b>: {}</summary>\n\n| Endpoint | Requests |\n|---|---:|",
            shallow.len()
        );
        for s in shallow {
            let _ = writeln!(
                out,
                "| `{} {}` | {} |",
                s.method,
                markdown_code(&s.path),
                s.requests
            );
        }
        out.push_str("\n</details>\n\n");
    }
}

pub(super) fn html_section(r: &Report) -> Option<String> {
    let (min, shallow) = (r.min_samples?, r.shallow.as_ref()?);
    let count = |n: usize| H::num(n as f64, n.to_string());
    let rows: Vec<Vec<H>> = lines(r)
        .into_iter()
        .map(|(label, n, d)| {
            vec![
                H::text(label),
                count(n),
                count(d.exercised),
                H::num(d.exercised_pct, pct(d.exercised_pct)),
                count(d.load_tested),
                H::num(d.load_tested_pct, pct(d.load_tested_pct)),
                count(d.shallow),
            ]
        })
        .collect();
    let mut inner = format!(
        "<p>An exercised endpoint is load-tested with at least {min} requests, shallow with fewer: its percentiles are not stable.</p>\n"
    );
    inner.push_str(&html::sortable_table(
        &[
            "category",
            "endpoints",
            "exercised",
            "exercised %",
            "load-tested",
            "load-tested %",
            "shallow",
        ],
        &rows,
    ));
    if !shallow.is_empty() {
        let rows: Vec<Vec<H>> = shallow
            .iter()
            .map(|s| {
                vec![
                    H::text(format!("{} {}", s.method, s.path)),
                    H::num(s.requests as f64, s.requests.to_string()),
                ]
            })
            .collect();
        let _ = write!(
            inner,
            "<details><summary>{} shallow endpoints</summary>{}</details>",
            shallow.len(),
            html::sortable_table(&["endpoint", "requests"], &rows)
        );
    }
    Some(html::section("Load depth", &inner))
}
