//! Rendering of `routecov history`: coverage per category over time, with
//! sparklines, and the drops of the last entry.

use super::charts::sparkline;
use super::escape::{markdown, markdown_code, markdown_sentence, terminal};
use super::layout::{self, Text};
use super::{json, Format};
use crate::analysis::history::{drops, Drop};
use crate::model::history::Entry;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The trend of one line (overall or a category).
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub name: String,
    pub values: Vec<Option<f64>>,
    pub sparkline: String,
    pub first: Option<f64>,
    pub previous: Option<f64>,
    pub last: Option<f64>,
    pub change: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DropView {
    pub category: Option<String>,
    pub before: f64,
    pub after: f64,
    pub message: String,
}

/// What `routecov history` shows.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    pub file: String,
    pub entries: usize,
    pub first_time: Option<String>,
    pub last_time: Option<String>,
    pub last_commit: Option<String>,
    pub total: Trend,
    pub categories: Vec<Trend>,
    pub drops: Vec<DropView>,
}

fn trend(name: &str, values: Vec<Option<f64>>) -> Trend {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    let last = values.last().copied().flatten();
    let previous = if values.len() >= 2 {
        values[values.len() - 2]
    } else {
        None
    };
    Trend {
        name: name.to_string(),
        // At most 60 columns: older runs are folded into the columns they share.
        sparkline: sparkline(
            &known.iter().copied().map(Some).collect::<Vec<_>>(),
            Some(100.0),
            60,
        ),
        first: known.first().copied(),
        change: match (previous, last) {
            (Some(p), Some(l)) => Some(((l - p) * 10.0).round() / 10.0),
            _ => None,
        },
        previous,
        last,
        values,
    }
}

/// The one-line reason of a drop, the category by its label.
pub fn drop_message(d: &Drop, labels: &BTreeMap<String, String>) -> String {
    match &d.category {
        Some(c) => format!(
            "coverage of {} dropped from {:.1}% to {:.1}% since the previous run",
            labels.get(c).unwrap_or(c),
            d.before,
            d.after
        ),
        None => format!(
            "coverage dropped from {:.1}% to {:.1}% since the previous run",
            d.before, d.after
        ),
    }
}

pub fn view(file: &str, entries: &[Entry]) -> HistoryView {
    let mut names: Vec<String> = Vec::new();
    for e in entries {
        for k in e.categories.keys() {
            if !names.contains(k) {
                names.push(k.clone());
            }
        }
    }
    names.sort();
    // The newest label of each category: labels can change in the
    // configuration, ids are what the lines are keyed by.
    let labels: BTreeMap<String, String> = entries
        .iter()
        .flat_map(|e| &e.categories)
        .filter_map(|(id, c)| Some((id.clone(), c.label.clone()?)))
        .collect();
    HistoryView {
        file: file.to_string(),
        entries: entries.len(),
        first_time: entries.first().map(|e| e.time.clone()),
        last_time: entries.last().map(|e| e.time.clone()),
        last_commit: entries.last().and_then(|e| e.commit.clone()),
        total: trend(
            "TOTAL",
            entries.iter().map(|e| Some(e.coverage_pct)).collect(),
        ),
        categories: names
            .iter()
            .map(|n| {
                trend(
                    labels.get(n).unwrap_or(n),
                    entries
                        .iter()
                        .map(|e| e.categories.get(n).map(|c| c.coverage_pct))
                        .collect(),
                )
            })
            .collect(),
        drops: drops(entries)
            .iter()
            .map(|d| DropView {
                category: d.category.clone(),
                before: d.before,
                after: d.after,
                message: drop_message(d, &labels),
            })
            .collect(),
    }
}

fn p(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |v| format!("{v:.1}%"))
}

fn change(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |v| format!("{v:+.1}"))
}

pub fn render(v: &HistoryView, format: Format, width: u16) -> Option<String> {
    let rows: Vec<&Trend> = std::iter::once(&v.total).chain(&v.categories).collect();
    Some(match format {
        Format::Json => json(v),
        Format::Table => {
            let mut out = format!(
                "{}: {} entries{}\n",
                terminal(&v.file),
                v.entries,
                match (&v.first_time, &v.last_time) {
                    (Some(a), Some(b)) => format!(", {a} to {b}"),
                    _ => String::new(),
                }
            );
            let rows = rows
                .iter()
                .map(|r| {
                    vec![
                        Text::new(terminal(&r.name)),
                        Text::new(&r.sparkline),
                        Text::num(p(r.first)),
                        Text::num(p(r.previous)),
                        Text::num(p(r.last)),
                        Text::num(change(r.change)),
                    ]
                })
                .collect();
            let header = ["Category", "Trend", "First", "Previous", "Last", "Change"];
            let t = layout::table(width, &header, rows, false);
            let _ = writeln!(out, "{t}");
            for d in &v.drops {
                let _ = writeln!(out, "drop: {}", terminal(&d.message));
            }
            super::layout::fit_lines(&out, width)
        }
        Format::Markdown => {
            let mut out = format!(
                "## Coverage history\n\n{} entries in `{}`.\n\n| Category | Trend | First | Previous | Last | Change |\n|---|---|---:|---:|---:|---:|\n",
                v.entries,
                markdown_code(&v.file)
            );
            for r in rows {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} |",
                    markdown(&r.name),
                    r.sparkline,
                    p(r.first),
                    p(r.previous),
                    p(r.last),
                    change(r.change)
                );
            }
            if !v.drops.is_empty() {
                out.push_str("\n**Drops**\n\n");
                for d in &v.drops {
                    let _ = writeln!(out, "- {}", markdown_sentence(&d.message));
                }
            }
            out
        }
        _ => return None,
    })
}
