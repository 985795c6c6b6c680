//! The report as one self-contained HTML page, section by section: summary,
//! coverage by category, gaps, every endpoint, latency, findings, unmatched
//! requests and stats rows, timeline, warnings.

use super::columns::{Column, Columns};
use super::counting::{counting_lines, coverage_rows, unknown_row};
use super::lines::{category_total, header_lines, ms, pct, unmatched_kind, unmatched_request};
use super::run_views;
use crate::model::report::{EndpointReport, EndpointStats, Report};
use crate::model::run::Timeline;
use crate::render::escape;
use crate::render::html::{self, Bar, Cell as H};
use std::fmt::Write;

/// The report as one self-contained HTML page: summary, coverage by category
/// (chart and table), gaps, every endpoint (a sortable table), p95 of the
/// exercised endpoints, findings, unmatched requests and stats rows,
/// warnings, and the run's `timeline` when its stats have a history file.
pub fn html_page(r: &Report, timeline: Option<&Timeline>) -> String {
    let mut sections = vec![summary(r), coverage(r)];
    sections.extend(gaps(r));
    sections.push(endpoints(r));
    sections.extend(latency(r));
    sections.extend(run_views::html_sections(r));
    sections.extend(super::depth::html_section(r));
    sections.extend(super::mix::html_section(r));
    sections.extend(findings(r));
    sections.extend(unmatched(r));
    if let Some(tl) = timeline {
        sections.push(html::section("Timeline", &html::timeline_charts("Run", tl)));
    }
    if !r.warnings.is_empty() {
        let items: Vec<String> = r.warnings.iter().map(|w| w.to_string()).collect();
        sections.push(html::section("Warnings", &html::list(&items)));
    }
    html::page(
        "routecov report",
        &format!(
            "project <code>{}</code>, locustfile <code>{}</code>",
            escape::html(&r.project),
            escape::html(&r.locustfile)
        ),
        &sections,
    )
}

fn summary(r: &Report) -> String {
    let s = &r.summary;
    let mut summary = html::verdict(
        &format!(
            "{} of {} endpoints {} ({})",
            s.covered,
            s.endpoints,
            r.coverage_basis.name(),
            pct(s.coverage_pct)
        ),
        s.not_covered == 0,
    );
    let mut lines = header_lines(r);
    lines.push(format!(
        "{} exercised, {} declared, {} disabled, {} untested (distinct endpoints; an endpoint can be in several categories)",
        s.exercised, s.declared, s.disabled, s.untested
    ));
    lines.extend(counting_lines(r));
    summary.push_str(&html::list(&lines));
    let u = &r.unknown_method;
    if u.endpoints > 0 {
        let _ = write!(
            summary,
            "<details><summary>unknown method: {} endpoints (method ANY, neither reads nor writes), {} covered; annotate their views</summary>",
            u.endpoints, u.covered
        );
        let items: Vec<String> = u
            .routes
            .iter()
            .map(|x| {
                format!(
                    "{} {} ({}:{}): {}",
                    x.path, x.view, x.source.file, x.source.line, x.reason
                )
            })
            .collect();
        summary.push_str(&html::list(&items));
        summary.push_str("</details>");
    }
    html::section("Summary", &summary)
}

/// A coverage bar: red under 50%.
fn coverage_bar(label: &str, pct_value: f64, covered: usize, endpoints: usize) -> Bar {
    Bar {
        label: label.to_string(),
        value: pct_value,
        text: format!("{} ({covered} of {endpoints})", pct(pct_value)),
        bad: pct_value < 50.0,
    }
}

/// One line of coverage: label, endpoints, covered, not covered, percent.
type CoverageLine<'a> = (&'a str, usize, usize, usize, f64);

fn coverage_row(&(label, endpoints, covered, not_covered, p): &CoverageLine) -> Vec<H> {
    let count = |n: usize| H::num(n as f64, n.to_string());
    vec![
        H::text(label),
        count(endpoints),
        count(covered),
        count(not_covered),
        H::num(p, pct(p)),
    ]
}

fn coverage(r: &Report) -> String {
    let (s, u) = (&r.summary, &r.unknown_method);
    let mut lines: Vec<CoverageLine> = coverage_rows(r)
        .into_iter()
        .map(|c| {
            let label = c.label.as_str();
            (label, c.endpoints, c.covered, c.not_covered, c.coverage_pct)
        })
        .collect();
    if unknown_row(r) {
        let not_covered = u.endpoints - u.covered;
        lines.push((
            "unknown method",
            u.endpoints,
            u.covered,
            not_covered,
            u.coverage_pct,
        ));
    }
    lines.push((
        "TOTAL",
        s.endpoints,
        s.covered,
        s.not_covered,
        s.coverage_pct,
    ));
    let bars: Vec<Bar> = lines
        .iter()
        .map(|&(label, endpoints, covered, _, p)| coverage_bar(label, p, covered, endpoints))
        .collect();
    let chart = html::bar_chart(
        &format!(
            "Coverage by category (% of endpoints {}; red: under 50%)",
            r.coverage_basis.name()
        ),
        &bars,
        Some(100.0),
    );
    let rows: Vec<Vec<H>> = lines.iter().map(coverage_row).collect();
    let table = html::sortable_table(
        &[
            "category",
            "endpoints",
            "covered",
            "not covered",
            "coverage",
        ],
        &rows,
    );
    html::section("Coverage by category", &format!("{chart}\n{table}"))
}

fn gaps(r: &Report) -> Option<String> {
    if r.gaps.is_empty() {
        return None;
    }
    let mut inner = String::new();
    for g in &r.gaps {
        let _ = write!(
            inner,
            "<details><summary><b>{}</b>: {} of {} not covered</summary>",
            escape::html(&g.label),
            g.endpoints.len(),
            category_total(r, g)
        );
        let items: Vec<String> = g
            .endpoints
            .iter()
            .map(|e| {
                format!(
                    "{} {} ({}; {} at {}:{})",
                    e.method,
                    e.path,
                    e.status.name(),
                    e.view,
                    e.source.file,
                    e.source.line
                )
            })
            .collect();
        inner.push_str(&html::list(&items));
        inner.push_str("</details>");
    }
    Some(html::section(
        "Gaps (endpoints not covered, by category; click to open)",
        &inner,
    ))
}

/// Every figure of a run: the columns of `--columns all`.
fn all_columns(r: &Report) -> Vec<Column> {
    Columns(vec![
        Column::FailurePct,
        Column::Rps,
        Column::Median,
        Column::Mean,
        Column::Min,
        Column::Max,
        Column::Size,
        Column::Time,
        Column::Percentiles,
    ])
    .expanded(r)
}

/// A column's value as a sortable cell.
fn figure(c: Column, st: Option<&EndpointStats>) -> H {
    let text = st.map(|s| c.value(s)).unwrap_or_default();
    let sort = text.trim_end_matches('%').parse::<f64>().ok();
    H::opt(sort, text)
}

/// One endpoint's row: `!` first when some of its requests failed.
fn endpoint_row(e: &EndpointReport, cols: &[Column]) -> Vec<H> {
    let st = e.stats.as_ref();
    let mut label = e.label();
    if st.is_some_and(|x| x.approximate) {
        label.push_str(" (approximate)");
    }
    if st.is_some_and(|x| x.failures > 0) {
        label.insert(0, '!');
    }
    let count = |n: Option<u64>| {
        H::opt(
            n.map(|n| n as f64),
            n.map_or(String::new(), |n| n.to_string()),
        )
    };
    let mut row = vec![
        H::text(label),
        H::text(e.status.name()),
        count(st.map(|x| x.requests)),
        count(st.map(|x| x.failures)),
    ];
    row.extend(cols.iter().map(|c| figure(*c, st)));
    row.push(H::text(e.categories.join(" ")));
    row
}

fn endpoints(r: &Report) -> String {
    // Strongest status first (exercised, declared, ...), resolver order within.
    let mut ordered: Vec<&EndpointReport> = r.endpoints.iter().collect();
    ordered.sort_by_key(|e| e.status);
    let cols = all_columns(r);
    let rows: Vec<Vec<H>> = ordered
        .into_iter()
        .map(|e| endpoint_row(e, &cols))
        .collect();
    let mut header: Vec<String> = ["endpoint", "status", "requests", "failures"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(cols.iter().map(|c| c.header()));
    header.push("categories".into());
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let table = html::sortable_table(&header, &rows);
    html::section(
        "Endpoints (click a header to sort; red: some requests failed; times in ms)",
        // Long paths may break anywhere, so the table fits the window.
        &format!(
            "<style>.ep td:first-child{{overflow-wrap:anywhere;min-width:16em}}</style><div class=\"ep\" style=\"overflow-x:auto\">{table}</div>"
        ),
    )
}

/// p95 of the exercised endpoints, slowest first.
fn latency(r: &Report) -> Option<String> {
    let mut lat: Vec<(&EndpointReport, f64)> = r
        .endpoints
        .iter()
        .filter_map(|e| Some((e, e.stats.as_ref()?.p95_ms?)))
        .collect();
    if lat.is_empty() {
        return None;
    }
    lat.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| a.0.label().cmp(&b.0.label()))
    });
    let bars: Vec<Bar> = lat
        .iter()
        .map(|(e, p95)| {
            let st = e.stats.as_ref();
            let failures = st.map_or(0, |x| x.failures);
            let requests = st.map_or(0, |x| x.requests);
            Bar {
                label: tail_label(&e.method, &e.path),
                value: *p95,
                text: if failures > 0 {
                    format!("{} ms, {failures} of {requests} failed", ms(Some(*p95)))
                } else {
                    format!("{} ms, {requests} requests", ms(Some(*p95)))
                },
                bad: failures > 0,
            }
        })
        .collect();
    Some(html::section(
        "Latency of the exercised endpoints",
        &html::bar_chart(
            "p95 by endpoint (ms; red: some requests failed)",
            &bars,
            None,
        ),
    ))
}

fn findings(r: &Report) -> Option<String> {
    if r.findings.is_empty() {
        return None;
    }
    let mut inner = String::from("<ul>");
    for fd in &r.findings {
        let _ = write!(
            inner,
            "<li><b>{}</b>: {}",
            escape::html(fd.kind.as_str()),
            escape::html(&fd.message)
        );
        if !fd.errors.is_empty() {
            inner.push_str("<ul>");
            for e in &fd.errors {
                let _ = write!(inner, "<li><code>{}</code></li>", escape::html(e));
            }
            inner.push_str("</ul>");
        }
        inner.push_str("</li>");
    }
    inner.push_str("</ul>");
    Some(html::section("Findings", &inner))
}

fn unmatched(r: &Report) -> Option<String> {
    if r.unmatched.is_empty() {
        return None;
    }
    let count = |n: Option<u64>| {
        H::opt(
            n.map(|n| n as f64),
            n.map_or(String::new(), |n| n.to_string()),
        )
    };
    let rows: Vec<Vec<H>> = r
        .unmatched
        .iter()
        .map(|x| {
            vec![
                H::text(unmatched_kind(&x.kind)),
                H::text(unmatched_request(x)),
                H::text(format!("{}:{}", x.source.file, x.source.line)),
                count(x.requests),
                count(x.failures),
                figure(Column::Median, x.stats.as_ref()),
                figure(Column::Mean, x.stats.as_ref()),
                figure(Column::Percentile(95.0), x.stats.as_ref()),
                figure(Column::Max, x.stats.as_ref()),
                H::text(&x.reason),
            ]
        })
        .collect();
    Some(html::section(
        "Unmatched requests and stats rows",
        &html::sortable_table(
            &[
                "kind",
                "request",
                "source",
                "requests",
                "failures",
                "median ms",
                "mean ms",
                "p95 ms",
                "max ms",
                "reason",
            ],
            &rows,
        ),
    ))
}

/// `METHOD path` short enough for a chart label: a long path keeps its end,
/// where endpoints under one prefix differ.
fn tail_label(method: &str, path: &str) -> String {
    const MAX: usize = 50;
    let n = path.chars().count();
    if method.len() + 1 + n <= MAX {
        return format!("{method} {path}");
    }
    let keep = MAX.saturating_sub(method.len() + 2);
    let tail: String = path.chars().skip(n.saturating_sub(keep)).collect();
    format!("{method} …{tail}")
}
