//! Rendering of `routecov compare`.

use super::charts::text_chart;
use super::escape::{self, markdown_code, markdown_sentence, terminal};
use super::layout::{self, Text};
use super::{html, json, Format};
use crate::model::run::{
    Change, CompareRow, Comparison, ErrorChange, Figures, FiguresDelta, RowPresence,
};
use std::fmt::Write;

pub fn render(c: &Comparison, format: Format, width: u16) -> Option<String> {
    Some(match format {
        Format::Json => json(c),
        Format::Table => layout::fit_lines(&table(c, width), width),
        Format::Markdown => markdown(c),
        Format::Html => html_page(c),
        Format::Csv | Format::Junit | Format::Github => return None,
    })
}

fn opt(v: Option<u64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "n/a".into())
}

fn change_text(c: &Change, unit: &str) -> (String, String) {
    let abs = if (c.absolute - c.absolute.round()).abs() < 1e-9 {
        format!("{:+.0}{unit}", c.absolute)
    } else {
        format!("{:+.2}{unit}", c.absolute)
    };
    let rel = c
        .relative_pct
        .map(|p| format!("{p:+.1}%"))
        .unwrap_or_else(|| "-".into());
    (abs, rel)
}

/// Label, baseline, candidate, absolute and relative change of each figure.
fn figure_lines(b: &Figures, c: &Figures, d: &FiguresDelta) -> Vec<[String; 5]> {
    let na = || ("-".to_string(), "-".to_string());
    let mut out = Vec::new();
    let mut push = |label: &str, bv: String, cv: String, ch: (String, String)| {
        out.push([label.to_string(), bv, cv, ch.0, ch.1]);
    };
    push(
        "requests",
        b.requests.to_string(),
        c.requests.to_string(),
        change_text(&d.requests, ""),
    );
    push(
        "failures",
        b.failures.to_string(),
        c.failures.to_string(),
        change_text(&d.failures, ""),
    );
    push(
        "failure %",
        format!("{:.2}%", b.failure_pct),
        format!("{:.2}%", c.failure_pct),
        (
            format!("{:+.2} pts", d.failure_pct.absolute),
            change_text(&d.failure_pct, "").1,
        ),
    );
    push(
        "req/s",
        format!("{:.2}", b.rps),
        format!("{:.2}", c.rps),
        change_text(&d.rps, ""),
    );
    for (label, bv, cv, ch) in [
        ("median ms", b.median_ms, c.median_ms, &d.median_ms),
        ("p95 ms", b.p95_ms, c.p95_ms, &d.p95_ms),
        ("p99 ms", b.p99_ms, c.p99_ms, &d.p99_ms),
        ("max ms", b.max_ms, c.max_ms, &d.max_ms),
        ("mean ms", b.mean_ms, c.mean_ms, &d.mean_ms),
    ] {
        push(
            label,
            opt(bv),
            opt(cv),
            ch.as_ref().map(|c| change_text(c, "")).unwrap_or_else(na),
        );
    }
    out
}

/// `METHOD path` of an endpoint row (joined to a project), `METHOD name` of
/// a stats row.
fn row_label(r: &CompareRow) -> String {
    let what = r.path.as_deref().unwrap_or(&r.name);
    if r.method.is_empty() {
        what.to_string()
    } else {
        format!("{} {what}", r.method)
    }
}

fn status(r: &CompareRow) -> String {
    match r.presence {
        RowPresence::New => "new".into(),
        RowPresence::Gone => "gone".into(),
        RowPresence::Both if r.regressed => format!("REGRESSED: {}", r.reasons.join(", ")),
        RowPresence::Both if r.improved => format!("improved: {}", r.improvements.join(", ")),
        RowPresence::Both if r.newly_failing => "newly failing".into(),
        RowPresence::Both if !r.judged => "too few requests".into(),
        RowPresence::Both => "ok".into(),
    }
}

fn side(f: &Option<Figures>) -> [String; 4] {
    match f {
        Some(f) => [
            format!("{}/{}", f.failures, f.requests),
            opt(f.median_ms),
            opt(f.p95_ms),
            opt(f.max_ms),
        ],
        None => ["-".into(), "-".into(), "-".into(), "-".into()],
    }
}

fn table(c: &Comparison, width: u16) -> String {
    let mut out = format!(
        "baseline:  {}\ncandidate: {}\n\n",
        terminal(&c.baseline_file),
        terminal(&c.candidate_file)
    );
    let rows = figure_lines(&c.baseline, &c.candidate, &c.delta)
        .into_iter()
        .map(|line| {
            line.into_iter()
                .enumerate()
                .map(|(i, s)| if i > 0 { Text::num(s) } else { Text::new(s) })
                .collect()
        })
        .collect();
    let header = ["Aggregated", "baseline", "candidate", "change", "relative"];
    let t = layout::table(width, &header, rows, false);
    let _ = writeln!(out, "{t}\n");
    let rows = c
        .rows
        .iter()
        .map(|r| {
            let b = side(&r.baseline);
            let n = side(&r.candidate);
            let mut row = vec![Text::new(terminal(&row_label(r)))];
            row.extend((0..4).map(|i| Text::num(format!("{} → {}", b[i], n[i]))));
            row.push(Text::new(terminal(&status(r))));
            row
        })
        .collect();
    let header = [
        "Row",
        "fail/req\nbase → cand",
        "median ms\nbase → cand",
        "p95 ms\nbase → cand",
        "max ms\nbase → cand",
        "Status",
    ];
    let t = layout::table_with_prose(width, &header, rows, false, &[5]);
    let _ = writeln!(out, "{t}");
    lists(c, &mut out, &|s| terminal(s).into_owned());
    for (label, tl) in [
        ("baseline", &c.baseline_timeline),
        ("candidate", &c.candidate_timeline),
    ] {
        if let Some(tl) = tl {
            let _ = write!(out, "\ntimeline of the {label}:\n{}", text_chart(tl, width));
        }
    }
    let _ = writeln!(out, "\n{}", terminal(&c.verdict));
    out
}

/// `METHOD name: error (xN)` of each error that appeared, or vanished.
fn error_items(c: &Comparison, appeared: bool) -> Vec<String> {
    let (errors, count): (_, fn(&ErrorChange) -> u64) = if appeared {
        (&c.errors_appeared, |e| e.candidate_occurrences)
    } else {
        (&c.errors_vanished, |e| e.baseline_occurrences)
    };
    errors
        .iter()
        .map(|e| format!("{} {}: {} (x{})", e.method, e.name, e.error, count(e)))
        .collect()
}

/// `message (xN)` of each exception that appeared, or vanished.
fn exception_items(c: &Comparison, appeared: bool) -> Vec<String> {
    let exceptions = if appeared {
        &c.exceptions_appeared
    } else {
        &c.exceptions_vanished
    };
    exceptions
        .iter()
        .map(|e| format!("{} (x{})", e.message, e.count))
        .collect()
}

/// `METHOD name: reasons` of each regressed row, or of each improved one.
fn moved_items(c: &Comparison, regressed: bool) -> Vec<String> {
    c.rows
        .iter()
        .filter(|r| if regressed { r.regressed } else { r.improved })
        .map(|r| {
            let why = if regressed {
                &r.reasons
            } else {
                &r.improvements
            };
            format!("{}: {}", row_label(r), why.join(", "))
        })
        .collect()
}

/// `HTTP 500: 3 -> 7 (+4)` for each type of failure of either run.
fn error_type_items(c: &Comparison) -> Vec<String> {
    c.error_types
        .iter()
        .map(|t| {
            format!(
                "{}: {} -> {} ({:+})",
                t.label, t.baseline_occurrences, t.candidate_occurrences, t.change
            )
        })
        .collect()
}

/// Regressed and improved rows, new, gone and newly failing rows, failures
/// by type, errors and exceptions, as text lists.
fn lists(c: &Comparison, out: &mut String, esc: &dyn Fn(&str) -> String) {
    let mut section = |title: &str, items: Vec<String>| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n{title}:");
        for i in items {
            let _ = writeln!(out, "  - {}", esc(&i));
        }
    };
    section("regressed", moved_items(c, true));
    section("improved", moved_items(c, false));
    section("new rows (only in the candidate)", c.new_rows.clone());
    section("gone rows (only in the baseline)", c.gone_rows.clone());
    section("newly failing", c.newly_failing.clone());
    section(
        "failures by type (baseline -> candidate)",
        error_type_items(c),
    );
    section("errors that appeared", error_items(c, true));
    section("errors that vanished", error_items(c, false));
    section("exceptions that appeared", exception_items(c, true));
    section("exceptions that vanished", exception_items(c, false));
}

fn markdown(c: &Comparison) -> String {
    let mut out = String::from("## routecov compare\n\n");
    let _ = writeln!(
        out,
        "**{}**\n\nbaseline `{}`, candidate `{}`\n",
        markdown_sentence(&c.verdict),
        markdown_code(&c.baseline_file),
        markdown_code(&c.candidate_file)
    );
    out.push_str(
        "| Aggregated | baseline | candidate | change | relative |\n|---|--:|--:|--:|--:|\n",
    );
    for l in figure_lines(&c.baseline, &c.candidate, &c.delta) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            l[0], l[1], l[2], l[3], l[4]
        );
    }
    out.push_str("\n| Row | failures/requests | median ms | p95 ms | max ms | status |\n|---|--:|--:|--:|--:|---|\n");
    for r in &c.rows {
        let b = side(&r.baseline);
        let n = side(&r.candidate);
        let _ = writeln!(
            out,
            "| {} | {} → {} | {} → {} | {} → {} | {} → {} | {} |",
            escape::markdown(&row_label(r)),
            b[0],
            n[0],
            b[1],
            n[1],
            b[2],
            n[2],
            b[3],
            n[3],
            markdown_sentence(&status(r))
        );
    }
    // Composed sentences (`12 -> 410 ms`): their `>` stays, `<` is escaped.
    lists(c, &mut out, &|s| markdown_sentence(s));
    for (label, tl) in [
        ("baseline", &c.baseline_timeline),
        ("candidate", &c.candidate_timeline),
    ] {
        if let Some(tl) = tl {
            let _ = writeln!(
                out,
                "\nTimeline of the {label}: {}",
                markdown_sentence(&tl.summary)
            );
        }
    }
    out
}

fn html_page(c: &Comparison) -> String {
    use html::Cell as H;
    let mut sections = vec![html::verdict(&c.verdict, !c.regressed)];
    let agg_rows: Vec<Vec<H>> = figure_lines(&c.baseline, &c.candidate, &c.delta)
        .into_iter()
        .map(|l| l.into_iter().map(H::text).collect())
        .collect();
    sections.push(html::section(
        "Aggregated",
        &html::sortable_table(
            &["figure", "baseline", "candidate", "change", "relative"],
            &agg_rows,
        ),
    ));
    sections.push(p95_section(c));
    sections.push(rows_section(c));
    sections.push(changes_section(c));
    for (label, tl) in [
        ("Baseline", &c.baseline_timeline),
        ("Candidate", &c.candidate_timeline),
    ] {
        if let Some(tl) = tl {
            sections.push(html::section(
                &format!("Timeline of the {}", label.to_lowercase()),
                &html::timeline_charts(label, tl),
            ));
        }
    }
    html::page(
        "routecov compare",
        &format!(
            "baseline <code>{}</code> vs candidate <code>{}</code>",
            escape::html(&c.baseline_file),
            escape::html(&c.candidate_file)
        ),
        &sections,
    )
}

/// p95 per row, baseline and candidate bars next to each other.
fn p95_section(c: &Comparison) -> String {
    let mut bars = Vec::new();
    for r in c.rows.iter().filter(|r| r.presence == RowPresence::Both) {
        for (which, f) in [("baseline", &r.baseline), ("candidate", &r.candidate)] {
            if let Some(p) = f.as_ref().and_then(|f| f.p95_ms) {
                bars.push(html::Bar {
                    label: format!("{} ({which})", row_label(r)),
                    value: p as f64,
                    text: format!("{p} ms"),
                    bad: which == "candidate" && r.regressed,
                });
            }
        }
    }
    html::section(
        "p95 per row",
        &html::bar_chart("p95 (ms), baseline and candidate", &bars, None),
    )
}

/// One row's cells: its label (`!` first when it regressed), each side's
/// figures, its status.
fn html_row(r: &CompareRow) -> Vec<html::Cell> {
    use html::Cell as H;
    let num = |v: Option<u64>| H::opt(v.map(|x| x as f64), opt(v));
    let mut cells = vec![H::text(if r.regressed {
        format!("!{}", row_label(r))
    } else {
        row_label(r)
    })];
    for f in [&r.baseline, &r.candidate] {
        match f {
            Some(f) => {
                cells.push(H::num(f.requests as f64, f.requests.to_string()));
                cells.push(H::num(f.failure_pct, format!("{:.2}%", f.failure_pct)));
                cells.push(num(f.median_ms));
                cells.push(num(f.p95_ms));
                cells.push(num(f.max_ms));
            }
            None => cells.extend((0..5).map(|_| H::opt(None, "-"))),
        }
    }
    cells.push(H::text(status(r)));
    cells
}

fn rows_section(c: &Comparison) -> String {
    let rows: Vec<Vec<html::Cell>> = c.rows.iter().map(html_row).collect();
    html::section(
        "Rows (click a header to sort)",
        &html::sortable_table(
            &[
                "row",
                "base req",
                "base fail %",
                "base median",
                "base p95",
                "base max",
                "cand req",
                "cand fail %",
                "cand median",
                "cand p95",
                "cand max",
                "status",
            ],
            &rows,
        ),
    )
}

fn changes_section(c: &Comparison) -> String {
    let mut changes = String::new();
    for (title, items) in [
        ("Regressed rows", moved_items(c, true)),
        ("Improved rows", moved_items(c, false)),
        (
            "Failures by type (baseline -> candidate)",
            error_type_items(c),
        ),
        ("New rows", c.new_rows.clone()),
        ("Gone rows", c.gone_rows.clone()),
        ("Newly failing", c.newly_failing.clone()),
        ("Errors that appeared", error_items(c, true)),
        ("Errors that vanished", error_items(c, false)),
        ("Exceptions that appeared", exception_items(c, true)),
    ] {
        let _ = write!(
            changes,
            "<h3>{}</h3>{}",
            escape::html(title),
            html::list(&items)
        );
    }
    html::section("What changed", &changes)
}
