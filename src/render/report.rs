//! Rendering of `routecov report`: table, JSON, CSV (one row per endpoint),
//! Markdown (a pull-request comment or `$GITHUB_STEP_SUMMARY`), JUnit (one
//! testcase per endpoint, the ones not covered failing) and one
//! self-contained HTML page ([`html_page`]).

use super::{html, json, md_cell, Format};
use crate::model::report::{Basis, Report};
use crate::model::run::Timeline;
use comfy_table::{
    presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement,
    Table, Width,
};
use std::fmt::Write;

pub fn render(r: &Report, format: Format, width: u16) -> Option<String> {
    render_styled(r, format, width, false)
}

/// [`render`], with colour in the table when `color` (on a terminal).
pub fn render_styled(r: &Report, format: Format, width: u16, color: bool) -> Option<String> {
    Some(match format {
        Format::Json => json(r),
        Format::Table => table(r, width, color),
        Format::Csv => csv(r),
        Format::Markdown => markdown(r),
        Format::Junit => super::junit::report(r),
        Format::Html => html_page(r, None),
    })
}

/// `42.9%`.
pub fn pct(x: f64) -> String {
    format!("{x:.1}%")
}

fn ms(x: Option<f64>) -> String {
    x.map_or_else(String::new, |v| format!("{}", v.round() as i64))
}

fn basis_text(r: &Report) -> String {
    match r.coverage_basis {
        Basis::Exercised => format!(
            "coverage basis: exercised (requests in {})",
            r.run
                .as_ref()
                .map_or("the stats", |x| x.stats_file.as_str())
        ),
        Basis::Declared => {
            "coverage basis: declared (enabled tasks request it; no stats given)".to_string()
        }
    }
}

fn header_lines(r: &Report) -> Vec<String> {
    let mut v = vec![
        format!("project {}, locustfile {}", r.project, r.locustfile),
        format!("{}; tag filter: {}", basis_text(r), r.filter_text),
    ];
    if let Some(run) = &r.run {
        v.push(format!(
            "run: {} requests, {} failures ({}), {} req/s, median {} ms, p95 {} ms, max {} ms",
            run.requests,
            run.failures,
            pct(run.failure_pct),
            run.rps.map_or("?".into(), |x| format!("{x:.1}")),
            ms(run.median_ms),
            ms(run.p95_ms),
            ms(run.max_ms)
        ));
    }
    v
}

/// The `unknown method` note: a summary line, then one line per route.
fn unknown_line(r: &Report) -> Option<String> {
    let u = &r.unknown_method;
    (u.endpoints > 0).then(|| {
        let mut s = format!(
            "unknown method: {} endpoints (method ANY, neither reads nor writes), {} covered; annotate their views:",
            u.endpoints, u.covered,
        );
        for x in &u.routes {
            let _ = write!(s, "\n  {} ({}:{}): {}", x.path, x.source.file, x.source.line, x.reason);
        }
        s
    })
}

fn new_table(width: u16, header: Vec<&str>) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header(header);
    t
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

fn table(r: &Report, width: u16, color: bool) -> String {
    let paint = |cell: Cell, c: Color| if color { cell.fg(c) } else { cell };
    let mut out = String::new();
    for l in header_lines(r) {
        let _ = writeln!(out, "{l}");
    }
    out.push('\n');
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
    let num = |n: String| Cell::new(n).set_alignment(CellAlignment::Right);
    for c in &r.categories {
        t.add_row(vec![
            Cell::new(&c.label),
            num(c.endpoints.to_string()),
            num(c.covered.to_string()),
            num(c.not_covered.to_string()),
            paint(num(pct(c.coverage_pct)), coverage_color(c.coverage_pct)),
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
        paint(num(pct(s.coverage_pct)), coverage_color(s.coverage_pct)),
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
    if let Some(l) = unknown_line(r) {
        let _ = writeln!(out, "{l}");
    }

    if !r.gaps.is_empty() {
        let _ = writeln!(out, "\nGaps (endpoints not covered, by category):");
        // View and source share a column: the path needs the room.
        let mut t = new_table(
            width,
            vec!["Category", "Endpoint", "Status", "View and source"],
        );
        if let Some(col) = t.column_mut(1) {
            col.set_constraint(ColumnConstraint::LowerBoundary(Width::Percentage(40)));
        }
        for g in &r.gaps {
            for e in &g.endpoints {
                t.add_row(vec![
                    Cell::new(&g.label),
                    Cell::new(format!("{} {}", e.method, e.path)),
                    paint(Cell::new(e.status.name()), status_color(e.status.name())),
                    Cell::new(format!("{}\n{}:{}", e.view, e.source.file, e.source.line)),
                ]);
            }
        }
        if color {
            t.enforce_styling();
        }
        let _ = writeln!(out, "{t}");
    }

    let exercised: Vec<_> = r.endpoints.iter().filter(|e| e.stats.is_some()).collect();
    if !exercised.is_empty() {
        let _ = writeln!(out, "\nEndpoints in the run:");
        let mut t = new_table(
            width,
            vec![
                "Endpoint", "Requests", "Fail", "Median", "p95", "p99", "Max",
            ],
        );
        if let Some(col) = t.column_mut(0) {
            col.set_constraint(ColumnConstraint::LowerBoundary(Width::Percentage(45)));
        }
        for e in exercised {
            let Some(st) = &e.stats else { continue };
            let mut label = e.label();
            if st.approximate {
                label.push_str(" (approximate)");
            }
            t.add_row(vec![
                Cell::new(label),
                num(st.requests.to_string()),
                num(st.failures.to_string()),
                num(ms(st.median_ms)),
                num(ms(st.p95_ms)),
                num(ms(st.p99_ms)),
                num(ms(st.max_ms)),
            ]);
        }
        let _ = writeln!(out, "{t}");
    }

    if !r.unmatched.is_empty() {
        let _ = writeln!(out, "\nUnmatched:");
        let mut t = new_table(width, vec!["Kind", "Request", "Source", "Reason"]);
        for u in &r.unmatched {
            t.add_row(vec![
                Cell::new(if u.kind == "request" {
                    "request"
                } else {
                    "stats row"
                }),
                Cell::new(format!("{} {}", u.method.as_deref().unwrap_or(""), u.name).trim()),
                Cell::new(format!("{}:{}", u.source.file, u.source.line)),
                Cell::new(&u.reason),
            ]);
        }
        let _ = writeln!(out, "{t}");
    }
    if !r.findings.is_empty() {
        let _ = writeln!(out, "\nFindings:");
        for f in &r.findings {
            let _ = writeln!(out, "- [{}] {}", f.kind, f.message);
            for e in &f.errors {
                let _ = writeln!(out, "    error: {e}");
            }
        }
    }
    out
}

fn csv(r: &Report) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "method",
        "path",
        "route_name",
        "view",
        "categories",
        "status",
        "covered",
        "tasks",
        "stats_name",
        "requests",
        "failures",
        "median_ms",
        "p95_ms",
        "p99_ms",
        "max_ms",
        "rps",
        "approximate",
        "source",
    ]);
    let f = |x: Option<f64>| x.map_or_else(String::new, |v| v.to_string());
    for e in &r.endpoints {
        let st = e.stats.as_ref();
        let _ = w.write_record([
            e.method.clone(),
            e.path.clone(),
            e.route_name.clone().unwrap_or_default(),
            e.view.clone(),
            e.categories.join(" "),
            e.status.name().to_string(),
            r.coverage_basis.covers(e.status).to_string(),
            e.tasks.join(" "),
            st.map(|s| s.name.clone()).unwrap_or_default(),
            st.map(|s| s.requests.to_string()).unwrap_or_default(),
            st.map(|s| s.failures.to_string()).unwrap_or_default(),
            f(st.and_then(|s| s.median_ms)),
            f(st.and_then(|s| s.p95_ms)),
            f(st.and_then(|s| s.p99_ms)),
            f(st.and_then(|s| s.max_ms)),
            f(st.and_then(|s| s.rps)),
            st.map(|s| s.approximate.to_string()).unwrap_or_default(),
            format!("{}:{}", e.source.file, e.source.line),
        ]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn markdown(r: &Report) -> String {
    let mut out = String::from("## Load test coverage\n\n");
    for l in header_lines(r) {
        let _ = writeln!(out, "{}  ", md_cell(&l));
    }
    out.push('\n');
    out.push_str("| Category | Endpoints | Covered | Not covered | Coverage |\n");
    out.push_str("|---|---:|---:|---:|---:|\n");
    for c in &r.categories {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            md_cell(&c.label),
            c.endpoints,
            c.covered,
            c.not_covered,
            pct(c.coverage_pct)
        );
    }
    let u = &r.unknown_method;
    if u.endpoints > 0 {
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
    if u.endpoints > 0 {
        let _ = writeln!(
            out,
            "**Unknown method**: {} endpoints whose methods could not be inferred (neither reads nor writes); annotate their views:\n",
            u.endpoints
        );
        for x in &u.routes {
            let _ = writeln!(
                out,
                "- `{}` `{}` ({}:{}): {}",
                x.path,
                x.view,
                x.source.file,
                x.source.line,
                md_cell(&x.reason)
            );
        }
        out.push('\n');
    }
    if !r.gaps.is_empty() {
        out.push_str("### Gaps\n\n");
        for g in &r.gaps {
            let total = r
                .categories
                .iter()
                .find(|c| c.name == g.category)
                .map_or(g.endpoints.len(), |c| c.endpoints);
            let _ = writeln!(
                out,
                "<details><summary><b>{}</b>: {} of {} not covered</summary>\n",
                md_cell(&g.label),
                g.endpoints.len(),
                total
            );
            out.push_str("| Endpoint | Status | View | Source |\n|---|---|---|---|\n");
            for e in &g.endpoints {
                let _ = writeln!(
                    out,
                    "| `{} {}` | {} | `{}` | {}:{} |",
                    e.method,
                    md_cell(&e.path),
                    e.status.name(),
                    md_cell(&e.view),
                    md_cell(&e.source.file),
                    e.source.line
                );
            }
            out.push_str("\n</details>\n\n");
        }
    }
    if !r.findings.is_empty() {
        out.push_str("### Findings\n\n");
        for f in &r.findings {
            let _ = writeln!(out, "- **{}**: {}", f.kind, md_cell(&f.message));
            for e in &f.errors {
                let _ = writeln!(out, "  - `{}`", md_cell(e).replace('`', "'"));
            }
        }
        out.push('\n');
    }
    if !r.unmatched.is_empty() {
        out.push_str("### Unmatched requests and stats rows\n\n");
        out.push_str("| Kind | Request | Source | Reason |\n|---|---|---|---|\n");
        for x in &r.unmatched {
            let _ = writeln!(
                out,
                "| {} | `{}` | {}:{} | {} |",
                if x.kind == "request" {
                    "request"
                } else {
                    "stats row"
                },
                md_cell(format!("{} {}", x.method.as_deref().unwrap_or(""), x.name).trim()),
                md_cell(&x.source.file),
                x.source.line,
                md_cell(&x.reason)
            );
        }
        out.push('\n');
    }
    out
}

/// The report as one self-contained HTML page: summary, coverage by category
/// (chart and table), gaps, every endpoint (a sortable table), p95 of the
/// exercised endpoints, findings, unmatched requests and stats rows,
/// warnings, and the run's `timeline` when its stats have a history file.
pub fn html_page(r: &Report, timeline: Option<&Timeline>) -> String {
    use html::{Bar, Cell as H};
    let s = &r.summary;
    let mut sections = Vec::new();

    // Summary.
    let mut summary = String::new();
    let ok = s.not_covered == 0;
    summary.push_str(&html::verdict(
        &format!(
            "{} of {} endpoints {} ({})",
            s.covered,
            s.endpoints,
            r.coverage_basis.name(),
            pct(s.coverage_pct)
        ),
        ok,
    ));
    let mut lines = header_lines(r);
    lines.push(format!(
        "{} exercised, {} declared, {} disabled, {} untested (distinct endpoints; an endpoint can be in several categories)",
        s.exercised, s.declared, s.disabled, s.untested
    ));
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
    sections.push(html::section("Summary", &summary));

    // Coverage by category.
    let mut bars: Vec<Bar> = r
        .categories
        .iter()
        .map(|c| Bar {
            label: c.label.clone(),
            value: c.coverage_pct,
            text: format!("{} ({} of {})", pct(c.coverage_pct), c.covered, c.endpoints),
            bad: c.coverage_pct < 50.0,
        })
        .collect();
    if u.endpoints > 0 {
        bars.push(Bar {
            label: "unknown method".into(),
            value: u.coverage_pct,
            text: format!("{} ({} of {})", pct(u.coverage_pct), u.covered, u.endpoints),
            bad: u.coverage_pct < 50.0,
        });
    }
    bars.push(Bar {
        label: "TOTAL".into(),
        value: s.coverage_pct,
        text: format!("{} ({} of {})", pct(s.coverage_pct), s.covered, s.endpoints),
        bad: s.coverage_pct < 50.0,
    });
    let chart = html::bar_chart(
        &format!(
            "Coverage by category (% of endpoints {}; red: under 50%)",
            r.coverage_basis.name()
        ),
        &bars,
        Some(100.0),
    );
    let mut rows: Vec<Vec<H>> = r
        .categories
        .iter()
        .map(|c| {
            vec![
                H::text(&c.label),
                H::num(c.endpoints as f64, c.endpoints.to_string()),
                H::num(c.covered as f64, c.covered.to_string()),
                H::num(c.not_covered as f64, c.not_covered.to_string()),
                H::num(c.coverage_pct, pct(c.coverage_pct)),
            ]
        })
        .collect();
    if u.endpoints > 0 {
        rows.push(vec![
            H::text("unknown method"),
            H::num(u.endpoints as f64, u.endpoints.to_string()),
            H::num(u.covered as f64, u.covered.to_string()),
            H::num(
                (u.endpoints - u.covered) as f64,
                (u.endpoints - u.covered).to_string(),
            ),
            H::num(u.coverage_pct, pct(u.coverage_pct)),
        ]);
    }
    rows.push(vec![
        H::text("TOTAL"),
        H::num(s.endpoints as f64, s.endpoints.to_string()),
        H::num(s.covered as f64, s.covered.to_string()),
        H::num(s.not_covered as f64, s.not_covered.to_string()),
        H::num(s.coverage_pct, pct(s.coverage_pct)),
    ]);
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
    sections.push(html::section(
        "Coverage by category",
        &format!("{chart}\n{table}"),
    ));

    // Gaps.
    if !r.gaps.is_empty() {
        let mut inner = String::new();
        for g in &r.gaps {
            let total = r
                .categories
                .iter()
                .find(|c| c.name == g.category)
                .map_or(g.endpoints.len(), |c| c.endpoints);
            let _ = write!(
                inner,
                "<details><summary><b>{}</b>: {} of {} not covered</summary>",
                html::escape(&g.label),
                g.endpoints.len(),
                total
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
        sections.push(html::section(
            "Gaps (endpoints not covered, by category; click to open)",
            &inner,
        ));
    }

    // Every endpoint.
    let f = |x: Option<f64>| H::opt(x, ms(x));
    // Strongest status first (exercised, declared, ...), resolver order within.
    let mut ordered: Vec<&crate::model::report::EndpointReport> = r.endpoints.iter().collect();
    ordered.sort_by_key(|e| e.status);
    let rows: Vec<Vec<H>> = ordered
        .into_iter()
        .map(|e| {
            let st = e.stats.as_ref();
            let failing = st.is_some_and(|x| x.failures > 0);
            let mut label = e.label();
            if st.is_some_and(|x| x.approximate) {
                label.push_str(" (approximate)");
            }
            if failing {
                label.insert(0, '!');
            }
            let fail_pct = st.and_then(|x| {
                (x.requests > 0).then(|| x.failures as f64 * 100.0 / x.requests as f64)
            });
            vec![
                H::text(label),
                H::text(e.status.name()),
                H::opt(
                    st.map(|x| x.requests as f64),
                    st.map_or(String::new(), |x| x.requests.to_string()),
                ),
                H::opt(
                    st.map(|x| x.failures as f64),
                    st.map_or(String::new(), |x| x.failures.to_string()),
                ),
                H::opt(fail_pct, fail_pct.map_or(String::new(), pct)),
                f(st.and_then(|x| x.median_ms)),
                f(st.and_then(|x| x.p95_ms)),
                f(st.and_then(|x| x.max_ms)),
                H::text(e.categories.join(" ")),
            ]
        })
        .collect();
    let table = html::sortable_table(
        &[
            "endpoint",
            "status",
            "requests",
            "failures",
            "fail %",
            "median ms",
            "p95 ms",
            "max ms",
            "categories",
        ],
        &rows,
    );
    sections.push(html::section(
        "Endpoints (click a header to sort; red: some requests failed)",
        // Long paths may break anywhere, so the table fits the window.
        &format!(
            "<style>.ep td:first-child{{overflow-wrap:anywhere;min-width:16em}}</style><div class=\"ep\" style=\"overflow-x:auto\">{table}</div>"
        ),
    ));

    // Latency of the exercised endpoints.
    let mut lat: Vec<(&crate::model::report::EndpointReport, f64)> = r
        .endpoints
        .iter()
        .filter_map(|e| Some((e, e.stats.as_ref()?.p95_ms?)))
        .collect();
    lat.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| a.0.label().cmp(&b.0.label()))
    });
    if !lat.is_empty() {
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
        sections.push(html::section(
            "Latency of the exercised endpoints",
            &html::bar_chart(
                "p95 by endpoint (ms; red: some requests failed)",
                &bars,
                None,
            ),
        ));
    }

    // Findings.
    if !r.findings.is_empty() {
        let mut inner = String::from("<ul>");
        for fd in &r.findings {
            let _ = write!(
                inner,
                "<li><b>{}</b>: {}",
                html::escape(fd.kind.as_str()),
                html::escape(&fd.message)
            );
            if !fd.errors.is_empty() {
                inner.push_str("<ul>");
                for e in &fd.errors {
                    let _ = write!(inner, "<li><code>{}</code></li>", html::escape(e));
                }
                inner.push_str("</ul>");
            }
            inner.push_str("</li>");
        }
        inner.push_str("</ul>");
        sections.push(html::section("Findings", &inner));
    }

    // Unmatched.
    if !r.unmatched.is_empty() {
        let rows: Vec<Vec<H>> = r
            .unmatched
            .iter()
            .map(|x| {
                vec![
                    H::text(if x.kind == "request" {
                        "request"
                    } else {
                        "stats row"
                    }),
                    H::text(
                        format!("{} {}", x.method.as_deref().unwrap_or(""), x.name)
                            .trim()
                            .to_string(),
                    ),
                    H::text(format!("{}:{}", x.source.file, x.source.line)),
                    H::opt(
                        x.requests.map(|n| n as f64),
                        x.requests.map_or(String::new(), |n| n.to_string()),
                    ),
                    H::opt(
                        x.failures.map(|n| n as f64),
                        x.failures.map_or(String::new(), |n| n.to_string()),
                    ),
                    H::text(&x.reason),
                ]
            })
            .collect();
        sections.push(html::section(
            "Unmatched requests and stats rows",
            &html::sortable_table(
                &[
                    "kind", "request", "source", "requests", "failures", "reason",
                ],
                &rows,
            ),
        ));
    }

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
            html::escape(&r.project),
            html::escape(&r.locustfile)
        ),
        &sections,
    )
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
