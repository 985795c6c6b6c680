//! The intended versus the actual mix in each format: every endpoint's
//! expected share of the run's requests (from the locustfile's weights),
//! its actual share and their ratio. The table lists the endpoints off the
//! mix and the largest others; Markdown and HTML (with a bar chart) list all.

use crate::model::report::{Mix, MixEndpoint, Report};
use crate::render::escape::{markdown_code, terminal};
use crate::render::html::{self, Bar, Cell as H};
use std::fmt::Write;

/// Rows the table lists.
const TOP_MIX: usize = 10;

fn ratio(e: &MixEndpoint) -> String {
    e.ratio
        .map_or_else(|| "none expected".to_string(), |r| format!("{r:.2}x"))
}

fn marks(e: &MixEndpoint) -> &'static str {
    match (e.off, e.per_user) {
        (true, _) => " OFF",
        (false, true) => " (on_start, per user)",
        _ => "",
    }
}

fn heading(m: &Mix) -> String {
    let off = m.endpoints.iter().filter(|e| e.off).count();
    format!(
        "{off} of {} endpoints off by more than {}x (not judged under {} requests, expected or actual{})",
        m.endpoints.len(),
        m.factor,
        m.min_requests,
        m.users.map_or_else(
            || "; user count unknown".to_string(),
            |u| format!("; {u} users")
        )
    )
}

/// The mix as text lines under the table's other sections; empty without one.
pub(super) fn table_text(r: &Report) -> String {
    let Some(m) = &r.mix else {
        return String::new();
    };
    let mut out = format!(
        "\nMix, expected versus actual share of requests: {}\n",
        heading(m)
    );
    let mut shown: Vec<&MixEndpoint> = m.endpoints.iter().filter(|e| e.off).collect();
    shown.extend(m.endpoints.iter().filter(|e| !e.off));
    for e in shown.iter().take(TOP_MIX) {
        let _ = writeln!(
            out,
            "  {}: expected {:.1}%, actual {:.1}%, {}{}",
            terminal(&e.endpoint),
            e.expected_pct,
            e.actual_pct,
            ratio(e),
            marks(e)
        );
    }
    if m.endpoints.len() > TOP_MIX {
        let _ = writeln!(
            out,
            "  ... {} more (JSON, Markdown and HTML list every one)",
            m.endpoints.len() - TOP_MIX
        );
    }
    out
}

pub(super) fn markdown_section(out: &mut String, r: &Report) {
    let Some(m) = &r.mix else {
        return;
    };
    let _ = writeln!(out, "### Intended versus actual mix\n\n{}.\n", heading(m));
    out.push_str("| Endpoint | Expected | Actual | Ratio | Off |\n|---|---:|---:|---:|---|\n");
    for e in &m.endpoints {
        let _ = writeln!(
            out,
            "| `{}` | {:.2}% | {:.2}% | {} | {} |",
            markdown_code(&e.endpoint),
            e.expected_pct,
            e.actual_pct,
            ratio(e),
            marks(e).trim()
        );
    }
    out.push('\n');
    for a in &m.assumptions {
        let _ = writeln!(out, "- {a}");
    }
    out.push('\n');
}

pub(super) fn html_section(r: &Report) -> Option<String> {
    let m = r.mix.as_ref()?;
    let bars: Vec<Bar> = m
        .endpoints
        .iter()
        .map(|e| Bar {
            label: e.endpoint.clone(),
            value: e.actual_pct,
            text: format!(
                "{:.1}% (expected {:.1}%, {})",
                e.actual_pct,
                e.expected_pct,
                ratio(e)
            ),
            bad: e.off,
        })
        .collect();
    let max = m
        .endpoints
        .iter()
        .map(|e| e.actual_pct.max(e.expected_pct))
        .fold(0.0, f64::max);
    let chart = html::bar_chart(
        &format!(
            "Actual share of the run's requests (red: off the expected share by more than {}x)",
            m.factor
        ),
        &bars,
        Some(max.max(1.0)),
    );
    let rows: Vec<Vec<H>> = m
        .endpoints
        .iter()
        .map(|e| {
            vec![
                H::text(&e.endpoint),
                H::num(e.expected_pct, format!("{:.2}%", e.expected_pct)),
                H::num(e.actual_pct, format!("{:.2}%", e.actual_pct)),
                H::opt(e.ratio, ratio(e)),
                H::text(marks(e).trim()),
            ]
        })
        .collect();
    let table = html::sortable_table(&["endpoint", "expected", "actual", "ratio", "off"], &rows);
    Some(html::section(
        "Intended versus actual mix",
        &format!(
            "<p>{}.</p>\n{chart}\n{table}\n{}",
            crate::render::escape::html(&heading(m)),
            html::list(&m.assumptions)
        ),
    ))
}
