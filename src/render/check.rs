//! Rendering of `routecov check`.

use super::charts::text_chart;
use super::escape::{self, markdown_code, markdown_sentence, terminal};
use super::layout::{self, Text};
use super::{html, json, Format};
use crate::model::run::{CheckResult, CriterionStatus};
use std::fmt::Write;

pub fn render(c: &CheckResult, format: Format, width: u16) -> Option<String> {
    Some(match format {
        Format::Json => json(c),
        Format::Table => layout::fit_lines(&table(c, width), width),
        Format::Markdown => markdown(c),
        Format::Html => html_page(c),
        Format::Csv | Format::Junit | Format::Github => return None,
    })
}

fn status(s: CriterionStatus) -> &'static str {
    match s {
        CriterionStatus::Pass => "PASS",
        CriterionStatus::Fail => "FAIL",
        CriterionStatus::Missing => "MISSING",
    }
}

fn table(c: &CheckResult, width: u16) -> String {
    let mut out = format!("run: {}\n", terminal(&c.stats_file));
    let rows = c
        .results
        .iter()
        .map(|r| {
            vec![
                Text::new(terminal(&r.scope)),
                Text::new(&r.criterion),
                Text::new(&r.target),
                Text::new(match &r.note {
                    Some(n) => format!("{} ({n})", r.actual_text),
                    None => r.actual_text.clone(),
                }),
                Text::new(status(r.status)),
                Text::new(&r.source),
            ]
        })
        .collect();
    let header = ["Scope", "Criterion", "Target", "Actual", "Result", "From"];
    let t = layout::table(width, &header, rows, false);
    let _ = writeln!(out, "{t}");
    for n in &c.notes {
        let _ = writeln!(out, "note: {}", terminal(n));
    }
    if let Some(tl) = &c.timeline {
        let _ = write!(out, "\ntimeline:\n{}", text_chart(tl, width));
    }
    let _ = writeln!(out, "\n{}", terminal(&c.verdict));
    out
}

fn markdown(c: &CheckResult) -> String {
    let mut out = format!(
        "## routecov check\n\n**{}**\n\nrun `{}`\n\n| Scope | Criterion | Target | Actual | Result |\n|---|---|--:|--:|---|\n",
        markdown_sentence(&c.verdict),
        markdown_code(&c.stats_file)
    );
    for r in &c.results {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            escape::markdown(&r.scope),
            r.criterion,
            markdown_sentence(&r.target),
            markdown_sentence(&r.actual_text),
            status(r.status)
        );
    }
    for n in &c.notes {
        let _ = writeln!(out, "\nnote: {}", markdown_sentence(n));
    }
    if let Some(tl) = &c.timeline {
        let _ = writeln!(out, "\nTimeline: {}", markdown_sentence(&tl.summary));
    }
    out
}

fn html_page(c: &CheckResult) -> String {
    use html::{Bar, Cell as H};
    let mut sections = vec![html::verdict(&c.verdict, c.passed)];
    let rows: Vec<Vec<H>> = c
        .results
        .iter()
        .map(|r| {
            let bad = r.status != CriterionStatus::Pass;
            vec![
                H::text(if bad {
                    format!("!{}", r.scope)
                } else {
                    r.scope.clone()
                }),
                H::text(&r.criterion),
                H::num(r.target_value, &r.target),
                H::opt(r.actual, &r.actual_text),
                H::text(status(r.status)),
                H::text(r.note.clone().unwrap_or_default()),
            ]
        })
        .collect();
    sections.push(html::section(
        "Criteria (click a header to sort)",
        &html::sortable_table(
            &["scope", "criterion", "target", "actual", "result", "note"],
            &rows,
        ),
    ));
    // Each criterion as a share of its limit: 100% is the limit.
    let bars: Vec<Bar> = c
        .results
        .iter()
        .filter_map(|r| {
            let a = r.actual?;
            let ratio = if r.target_value > 0.0 {
                a / r.target_value * 100.0
            } else {
                0.0
            };
            Some(Bar {
                label: format!("{} {}", r.scope, r.criterion),
                value: ratio.min(300.0),
                text: format!("{} (target {})", r.actual_text, r.target),
                bad: r.status != CriterionStatus::Pass,
            })
        })
        .collect();
    sections.push(html::section(
        "Actual as a share of the target (100% = the limit)",
        &html::bar_chart(
            "actual / target (%)",
            &bars,
            Some(bars.iter().map(|b| b.value).fold(100.0, f64::max)),
        ),
    ));
    if let Some(tl) = &c.timeline {
        sections.push(html::section("Timeline", &html::timeline_charts("Run", tl)));
    }
    if !c.notes.is_empty() {
        sections.push(html::section("Notes", &html::list(&c.notes)));
    }
    html::page(
        "routecov check",
        &format!("run <code>{}</code>", html::escape(&c.stats_file)),
        &sections,
    )
}
