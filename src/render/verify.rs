//! Rendering of `routecov verify`.

use super::escape::{self, markdown_code, terminal};
use super::layout::{self, Text};
use super::{json, Format};
use crate::model::verify::{DifferenceKind, RouteDifference, RouteSide, Verification};
use std::fmt::Write;

pub fn render(v: &Verification, format: Format, width: u16) -> Option<String> {
    Some(match format {
        Format::Json => json(v),
        Format::Table => layout::fit_lines(&table(v, width), width),
        Format::Markdown => markdown(v),
        Format::Csv | Format::Html | Format::Junit | Format::Github => return None,
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The verdict, with the counts behind it.
fn verdict(v: &Verification) -> String {
    let c = &v.counts;
    if v.identical {
        return format!(
            "The maps are identical: Django's resolver and the static route map have the same {} \
             (path, name and view); methods equal on the {} whose views declare them to Django.",
            plural(c.django_routes, "route", "routes"),
            c.methods_compared
        );
    }
    format!(
        "The maps differ: {} ({} missing from the static map, {} extra, {} with another path, \
         name, view or methods); Django has {}, the static map {}, {} the same on path, name and \
         view.",
        plural(v.differences.len(), "difference", "differences"),
        c.missing,
        c.extra,
        c.differing,
        plural(c.django_routes, "route", "routes"),
        c.routecov_routes,
        c.matched
    )
}

/// Which Django ran, where: the other half of the comparison.
fn provenance(v: &Verification) -> String {
    let d = &v.django;
    format!(
        "Django {} on Python {} ({}); settings {}, root URLconf {}; static map from {}.",
        d.django_version,
        d.python_version,
        d.python,
        d.settings_module,
        d.root_urlconf.as_deref().unwrap_or("?"),
        v.discovery.root_urlconf
    )
}

/// The Difference column: the kind, or the fields that differ.
fn kind_cell(d: &RouteDifference) -> String {
    match d.kind {
        DifferenceKind::Differs => d.fields.join(", "),
        other => other.name().to_string(),
    }
}

fn methods_text(m: &Option<Vec<String>>) -> String {
    match m {
        Some(m) => m.join(" "),
        None => "not declared".to_string(),
    }
}

/// A side's lines: every field for a route only one side has, the
/// differing fields otherwise; where the static map has it.
fn side_lines(side: Option<&RouteSide>, d: &RouteDifference) -> Vec<String> {
    let Some(s) = side else {
        return vec!["-".to_string()];
    };
    let moved = d.fields.iter().any(|f| f == "path");
    // A route at another path is told by its name and view.
    let shows = |f: &str| {
        d.kind != DifferenceKind::Differs
            || d.fields.iter().any(|x| x == f)
            || (moved && f != "methods")
    };
    let mut out = Vec::new();
    // The Path column holds the other one.
    if moved && s.path != d.path {
        out.push(format!("path {}", s.path));
    }
    if shows("name") {
        out.push(format!("name {}", s.name.as_deref().unwrap_or("(none)")));
    }
    if shows("view") {
        out.push(format!("view {}", s.view));
    }
    if shows("methods") && (s.methods.is_some() || d.kind == DifferenceKind::Differs) {
        out.push(format!("methods {}", methods_text(&s.methods)));
    }
    if let Some(src) = &s.source {
        out.push(format!("at {}:{}", src.file, src.line));
    }
    out
}

/// Notes on the differences, then the static map's other warnings in
/// their files: `(path, text)` lines.
fn explanations(v: &Verification) -> (Vec<(&str, &str)>, Vec<String>) {
    let notes: Vec<(&str, &str)> = v
        .differences
        .iter()
        .flat_map(|d| d.notes.iter().map(|n| (d.path.as_str(), n.as_str())))
        .collect();
    let shown: std::collections::BTreeSet<&str> = notes.iter().map(|(_, n)| *n).collect();
    let others = v
        .related_warnings
        .iter()
        .map(ToString::to_string)
        .filter(|w| !shown.contains(w.as_str()))
        .collect();
    (notes, others)
}

fn table(v: &Verification, width: u16) -> String {
    let mut out = format!("{}\n{}\n", terminal(&verdict(v)), terminal(&provenance(v)));
    if v.differences.is_empty() {
        return out;
    }
    let rows = v
        .differences
        .iter()
        .map(|d| {
            vec![
                Text::new(kind_cell(d)),
                Text::new(terminal(&d.path)),
                Text::new(terminal(&side_lines(d.django.as_ref(), d).join("\n"))),
                Text::new(terminal(&side_lines(d.routecov.as_ref(), d).join("\n"))),
            ]
        })
        .collect();
    let header = ["Difference", "Path", "Django", "routecov"];
    let t = layout::table(width, &header, rows, false);
    let _ = writeln!(out, "{t}");
    let (notes, others) = explanations(v);
    if !notes.is_empty() {
        out.push_str("What the static map says about them:\n");
        for (path, n) in notes {
            let _ = writeln!(out, "  {}: {}", terminal(path), terminal(n));
        }
    }
    if !others.is_empty() {
        out.push_str("Its other warnings in the files these routes come from:\n");
        for w in others {
            let _ = writeln!(out, "  {}", terminal(&w));
        }
    }
    out
}

fn markdown_cell(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| escape::markdown(l))
        .collect::<Vec<_>>()
        .join("<br>")
}

fn markdown(v: &Verification) -> String {
    let mut out = String::from("## Static route map vs Django's resolver\n\n");
    let _ = writeln!(out, "{}\n", escape::markdown_sentence(&verdict(v)));
    let _ = writeln!(out, "{}\n", escape::markdown_sentence(&provenance(v)));
    if v.differences.is_empty() {
        return out;
    }
    out.push_str("| Difference | Path | Django | routecov |\n|---|---|---|---|\n");
    for d in &v.differences {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} |",
            kind_cell(d),
            markdown_code(&d.path),
            markdown_cell(&side_lines(d.django.as_ref(), d)),
            markdown_cell(&side_lines(d.routecov.as_ref(), d)),
        );
    }
    let (notes, others) = explanations(v);
    if !notes.is_empty() {
        out.push_str("\n### What the static map says about them\n\n");
        for (path, n) in notes {
            let _ = writeln!(out, "- `{}`: {}", markdown_code(path), escape::markdown(n));
        }
    }
    if !others.is_empty() {
        out.push_str("\n### Its other warnings in the files these routes come from\n\n");
        for w in others {
            let _ = writeln!(out, "- {}", escape::markdown(&w));
        }
    }
    out
}
