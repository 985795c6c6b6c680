//! Rendering of `routecov journey`: the runs' Aggregated figures, each row's
//! failures and p95 run by run, the findings across runs; in HTML, lines
//! per run.

use super::charts::sparkline;
use super::escape::{self, markdown_code, markdown_sentence, terminal};
use super::html::{self, Series};
use super::layout::{self, Text};
use super::{json, Format};
use crate::model::journey::{Journey, JourneyFinding, JourneyFindingKind, JourneyRow};
use crate::model::run::Figures;
use std::fmt::Write;

pub fn render(j: &Journey, format: Format, width: u16) -> Option<String> {
    Some(match format {
        Format::Json => json(j),
        Format::Table => table(j, width),
        Format::Markdown => markdown(j),
        Format::Html => html_page(j),
        Format::Csv | Format::Junit | Format::Github => return None,
    })
}

fn opt(v: Option<u64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "n/a".into())
}

fn order_text(j: &Journey) -> &'static str {
    match j.order.as_str() {
        "start_time" => "sorted by start time",
        _ => "in the order given",
    }
}

/// `#`, run, requests, success %, req/s, median ms, p95 ms of each run.
fn run_lines(j: &Journey) -> Vec<[String; 7]> {
    j.runs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let a = &r.aggregated;
            [
                (i + 1).to_string(),
                r.name.clone(),
                a.requests.to_string(),
                format!("{:.2}%", r.success_pct),
                format!("{:.2}", a.rps),
                opt(a.median_ms),
                opt(a.p95_ms),
            ]
        })
        .collect()
}

const RUN_HEADERS: [&str; 7] = [
    "#",
    "run",
    "requests",
    "success %",
    "req/s",
    "median ms",
    "p95 ms",
];

/// `failures/requests` of each run, `-` where the run lacks the row.
fn failures_per_run(r: &JourneyRow) -> String {
    per_run(r, |f| format!("{}/{}", f.failures, f.requests))
}

fn p95_per_run(r: &JourneyRow) -> String {
    per_run(r, |f| opt(f.p95_ms))
}

fn per_run(r: &JourneyRow, f: impl Fn(&Figures) -> String) -> String {
    r.runs
        .iter()
        .map(|x| x.as_ref().map(&f).unwrap_or_else(|| "-".into()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn p95_series(r: &JourneyRow) -> Vec<Option<f64>> {
    r.runs
        .iter()
        .map(|f| f.as_ref().and_then(|f| f.p95_ms).map(|v| v as f64))
        .collect()
}

/// Every finding as one line: across runs, then pooled.
fn finding_lines(j: &Journey) -> (Vec<String>, Vec<String>) {
    (
        j.findings.iter().map(|f| f.message.clone()).collect(),
        j.pooled.iter().map(|f| f.message.clone()).collect(),
    )
}

fn table(j: &Journey, width: u16) -> String {
    let mut out = format!("{} runs, {}\n", j.runs.len(), order_text(j));
    let runs: Vec<Vec<Text>> = run_lines(j)
        .iter()
        .map(|line| {
            line.iter()
                .enumerate()
                .map(|(i, s)| match i {
                    1 => Text::new(terminal(s)),
                    _ => Text::num(s.as_str()),
                })
                .collect()
        })
        .collect();
    let _ = writeln!(out, "{}", layout::table(width, &RUN_HEADERS, runs, false));
    let series = |f: &dyn Fn(&Figures) -> Option<f64>| -> Vec<Option<f64>> {
        j.runs.iter().map(|r| f(&r.aggregated)).collect()
    };
    let room = usize::from(width).saturating_sub(20).max(10);
    let success: Vec<Option<f64>> = j.runs.iter().map(|r| Some(r.success_pct)).collect();
    let _ = writeln!(
        out,
        "  success %  {}",
        sparkline(&success, Some(100.0), room)
    );
    let _ = writeln!(
        out,
        "  req/s      {}",
        sparkline(&series(&|a| Some(a.rps)), None, room)
    );
    let _ = writeln!(
        out,
        "  p95        {}\n",
        sparkline(&series(&|a| a.p95_ms.map(|v| v as f64)), None, room)
    );
    let rows: Vec<Vec<Text>> = j
        .rows
        .iter()
        .map(|r| {
            vec![
                Text::new(terminal(&r.label)),
                Text::new(failures_per_run(r)),
                Text::new(p95_per_run(r)),
                Text::new(sparkline(&p95_series(r), None, 40)),
            ]
        })
        .collect();
    let header = [
        "Row (worst first)",
        "failures per run",
        "p95 ms per run",
        "p95",
    ];
    let t = layout::table(width, &header, rows, false);
    let _ = writeln!(out, "{t}");
    let (across, pooled) = finding_lines(j);
    for (title, items) in [("Across runs", across), ("Pooled across runs", pooled)] {
        let _ = writeln!(out, "\n{title}:");
        if items.is_empty() {
            out.push_str("  none\n");
        }
        for i in items {
            let line = format!("  - {}", terminal(&i));
            let _ = writeln!(out, "{}", layout::prose(&line, width, "    "));
        }
    }
    out
}

fn markdown(j: &Journey) -> String {
    let mut out = String::from("## routecov journey\n\n");
    let _ = writeln!(out, "{} runs, {}.\n", j.runs.len(), order_text(j));
    out.push_str("| # | run | requests | success % | req/s | median ms | p95 ms |\n|--:|---|--:|--:|--:|--:|--:|\n");
    for l in run_lines(j) {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} | {} |",
            l[0],
            markdown_code(&l[1]),
            l[2],
            l[3],
            l[4],
            l[5],
            l[6]
        );
    }
    out.push_str("\n| Row (worst first) | failures per run | p95 ms per run |\n|---|---|---|\n");
    for r in &j.rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            escape::markdown(&r.label),
            failures_per_run(r),
            p95_per_run(r)
        );
    }
    let (across, pooled) = finding_lines(j);
    for (title, items) in [("Across runs", across), ("Pooled across runs", pooled)] {
        let _ = writeln!(out, "\n### {title}\n");
        if items.is_empty() {
            out.push_str("none\n");
        }
        for i in items {
            let _ = writeln!(out, "- {}", markdown_sentence(&i));
        }
    }
    out
}

const COLORS: [&str; 6] = [
    "#4a7bd0", "#d64545", "#2e9b57", "#b06a00", "#7a4fb5", "#3a8f9b",
];

/// Points `(run number, value)` of the runs that have a value.
fn points(values: impl Iterator<Item = Option<f64>>) -> Vec<(f64, f64)> {
    values
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| ((i + 1) as f64, v)))
        .collect()
}

fn aggregated_charts(j: &Journey) -> String {
    let line = |title: &str, unit: &str, series: Vec<(&str, Vec<(f64, f64)>)>| {
        let series: Vec<Series> = series
            .into_iter()
            .zip(COLORS)
            .map(|((name, points), color)| Series {
                name: name.into(),
                color: color.into(),
                points,
            })
            .collect();
        format!(
            "<div>{}</div>",
            html::line_chart(title, "run", unit, &series, None)
        )
    };
    let agg = |f: fn(&Figures) -> Option<f64>| points(j.runs.iter().map(|r| f(&r.aggregated)));
    [
        line(
            "success % per run",
            "%",
            vec![(
                "success %",
                points(j.runs.iter().map(|r| Some(r.success_pct))),
            )],
        ),
        line(
            "requests per second per run",
            "req/s",
            vec![("req/s", agg(|a| Some(a.rps)))],
        ),
        line(
            "median and p95 per run",
            "ms",
            vec![
                ("median", agg(|a| a.median_ms.map(|v| v as f64))),
                ("p95", agg(|a| a.p95_ms.map(|v| v as f64))),
            ],
        ),
    ]
    .join("\n")
}

/// The p95 of the rows findings name, run by run (at most six lines): the
/// rows of p95 trends first, since the chart is about them.
fn row_chart(j: &Journey) -> Option<String> {
    let trend = |f: &&JourneyFinding| {
        matches!(
            f.kind,
            JourneyFindingKind::P95Rising | JourneyFindingKind::P95Falling
        )
    };
    let ordered = j
        .findings
        .iter()
        .filter(trend)
        .chain(j.findings.iter().filter(|f| !trend(f)));
    let mut named: Vec<&JourneyRow> = Vec::new();
    for f in ordered {
        if let Some(r) = j.rows.iter().find(|r| r.label == f.row) {
            if !named.iter().any(|n| n.label == r.label) && named.len() < COLORS.len() {
                named.push(r);
            }
        }
    }
    if named.is_empty() {
        return None;
    }
    let series: Vec<Series> = named
        .iter()
        .zip(COLORS)
        .map(|(r, color)| Series {
            name: r.label.clone(),
            color: color.into(),
            points: points(p95_series(r).into_iter()),
        })
        .collect();
    Some(html::line_chart(
        "p95 per run of the rows with findings",
        "run",
        "ms",
        &series,
        None,
    ))
}

fn html_page(j: &Journey) -> String {
    use html::Cell as H;
    let runs: Vec<Vec<H>> = j
        .runs
        .iter()
        .zip(run_lines(j))
        .enumerate()
        .map(|(i, (r, l))| {
            let a = &r.aggregated;
            vec![
                H::num((i + 1) as f64, l[0].clone()),
                H::text(l[1].clone()),
                H::num(a.requests as f64, l[2].clone()),
                H::num(r.success_pct, l[3].clone()),
                H::num(a.rps, l[4].clone()),
                H::opt(a.median_ms.map(|v| v as f64), l[5].clone()),
                H::opt(a.p95_ms.map(|v| v as f64), l[6].clone()),
            ]
        })
        .collect();
    let mut headers: Vec<String> = vec!["Row (worst first)".into(), "failures".into()];
    headers.extend(j.runs.iter().map(|r| r.name.clone()));
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let rows: Vec<Vec<H>> = j
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![
                H::text(r.label.clone()),
                H::num(r.failures as f64, format!("{}/{}", r.failures, r.requests)),
            ];
            cells.extend(r.runs.iter().map(|f| match f {
                Some(f) => H::opt(
                    f.p95_ms.map(|v| v as f64),
                    format!("{}/{} · p95 {}", f.failures, f.requests, opt(f.p95_ms)),
                ),
                None => H::text("-"),
            }));
            cells
        })
        .collect();
    let (across, pooled) = finding_lines(j);
    let mut sections = vec![
        html::section(
            "Runs",
            &format!(
                "<p>{} runs, {}.</p>{}{}",
                j.runs.len(),
                order_text(j),
                html::sortable_table(&RUN_HEADERS, &runs),
                aggregated_charts(j)
            ),
        ),
        html::section("Findings across runs", &html::list(&across)),
        html::section("Pooled across runs", &html::list(&pooled)),
    ];
    if let Some(chart) = row_chart(j) {
        sections.push(html::section(
            "Rows with findings",
            &format!("<div>{chart}</div>"),
        ));
    }
    sections.push(html::section(
        "Rows, run by run (failures/requests and p95 ms)",
        &html::sortable_table(&header_refs, &rows),
    ));
    html::page(
        "routecov journey",
        &html::escape(&format!("{} runs", j.runs.len())),
        &sections,
    )
}
