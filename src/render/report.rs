//! Rendering of `routecov report`: table, JSON, CSV (one row per endpoint),
//! Markdown (a pull-request comment or `$GITHUB_STEP_SUMMARY`) and JUnit
//! (one testcase per endpoint, the ones not covered failing).

use super::{json, md_cell, Format};
use crate::model::report::{Basis, Report};
use comfy_table::{
    presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table,
    Width,
};
use std::fmt::Write;

pub fn render(r: &Report, format: Format, width: u16) -> Option<String> {
    Some(match format {
        Format::Json => json(r),
        Format::Table => table(r, width),
        Format::Csv => csv(r),
        Format::Markdown => markdown(r),
        Format::Junit => super::junit::report(r),
        Format::Html => return None,
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

fn unknown_line(r: &Report) -> Option<String> {
    let u = &r.unknown_method;
    (u.endpoints > 0).then(|| {
        format!(
            "unknown method: {} endpoints (method ANY, neither reads nor writes), {} covered; annotate their views: {}",
            u.endpoints,
            u.covered,
            u.routes
                .iter()
                .map(|x| format!("{} ({})", x.path, x.reason))
                .collect::<Vec<_>>()
                .join("; ")
        )
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

fn table(r: &Report, width: u16) -> String {
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
            num(pct(c.coverage_pct)),
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
        num(pct(s.coverage_pct)),
    ]);
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
        let mut t = new_table(
            width,
            vec!["Category", "Endpoint", "Status", "View", "Source"],
        );
        if let Some(col) = t.column_mut(1) {
            col.set_constraint(ColumnConstraint::LowerBoundary(Width::Percentage(35)));
        }
        for g in &r.gaps {
            for e in &g.endpoints {
                t.add_row(vec![
                    Cell::new(&g.label),
                    Cell::new(format!("{} {}", e.method, e.path)),
                    Cell::new(e.status.name()),
                    Cell::new(&e.view),
                    Cell::new(format!("{}:{}", e.source.file, e.source.line)),
                ]);
            }
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
