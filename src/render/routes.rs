//! Rendering of `routecov routes`.

use super::escape::{self, markdown_code, terminal};
use super::layout::{self, Text};
use super::{json, Format};
use crate::model::{Route, RouteMap};
use std::fmt::Write;

/// Endpoints of a route map: one per route and method, a route Django
/// serves to any method counted by its view's intended methods when known.
pub fn endpoint_count(map: &RouteMap) -> usize {
    map.routes.iter().map(|r| r.counted_methods().len()).sum()
}

/// The methods column: `ANY (intended GET)` where the view's body says.
fn methods_cell(r: &Route) -> String {
    match &r.intended_methods {
        Some(m) if r.counted_methods() != r.methods.as_slice() => {
            format!("{} (intended {})", r.methods.join(" "), m.join(" "))
        }
        _ => r.methods.join(" "),
    }
}

fn summary(map: &RouteMap) -> String {
    let endpoints = endpoint_count(map);
    let unknown = map
        .routes
        .iter()
        .filter(|r| r.counted_methods() == ["ANY"])
        .count();
    let intended = map
        .routes
        .iter()
        .filter(|r| r.counted_methods() != r.methods.as_slice())
        .count();
    let intended_text = if intended > 0 {
        format!("; {intended} served to any method counted by their views' intended methods")
    } else {
        String::new()
    };
    let mut s = format!(
        "{} routes, {} endpoints ({} with unknown methods{intended_text}) from {} ({})",
        map.routes.len(),
        endpoints,
        unknown,
        map.discovery.root_urlconf,
        if map.discovery.found_by.is_empty() {
            "given"
        } else {
            &map.discovery.found_by
        }
    );
    if !map.external_includes.is_empty() {
        let _ = write!(
            s,
            "; {} external includes not counted",
            map.external_includes.len()
        );
    }
    s
}

pub fn render(map: &RouteMap, format: Format, width: u16) -> Option<String> {
    Some(match format {
        Format::Json => json(map),
        Format::Table => layout::fit_lines(&table(map, width), width),
        Format::Csv => csv(map),
        Format::Markdown => markdown(map),
        Format::Html | Format::Junit | Format::Github => return None,
    })
}

fn table(map: &RouteMap, width: u16) -> String {
    let rows = map
        .routes
        .iter()
        .map(|r| {
            vec![
                Text::new(methods_cell(r)),
                Text::new(terminal(&r.path)),
                Text::new(terminal(r.name.as_deref().unwrap_or(""))),
                Text::new(terminal(&r.view)),
                Text::new(terminal(&r.categories.join(" "))),
            ]
        })
        .collect();
    let header = ["Methods", "Path", "Name", "View", "Categories"];
    let t = layout::table_with_prose(width, &header, rows, false, &[0, 4]);
    let mut out = format!("{t}\n{}\n", summary(map));
    for e in &map.external_includes {
        let _ = writeln!(
            out,
            "{}",
            terminal(&format!(
                "external: {} -> {} ({}) at {}:{}",
                e.prefix, e.module, e.reason, e.source.file, e.source.line
            ))
        );
    }
    out
}

fn csv(map: &RouteMap) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "path",
        "methods",
        "view",
        "name",
        "categories",
        "origin",
        "regex",
        "condition",
        "file",
        "line",
        "intended_methods",
    ]);
    for r in &map.routes {
        let origin = match r.origin {
            crate::model::Origin::Project => "project",
            crate::model::Origin::External => "external",
        };
        let _ = w.write_record([
            r.path.as_str(),
            &r.methods.join(" "),
            &r.view,
            r.name.as_deref().unwrap_or(""),
            &r.categories.join(" "),
            origin,
            if r.regex { "true" } else { "false" },
            r.condition.as_deref().unwrap_or(""),
            &r.source.file,
            &r.source.line.to_string(),
            &r.intended_methods.as_deref().unwrap_or_default().join(" "),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn markdown(map: &RouteMap) -> String {
    let mut out = String::from("## Routes\n\n");
    let _ = writeln!(out, "{}\n", summary(map));
    out.push_str("| Methods | Path | Name | View | Categories |\n|---|---|---|---|---|\n");
    for r in &map.routes {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | `{}` | {} |",
            methods_cell(r),
            markdown_code(&r.path),
            escape::markdown(r.name.as_deref().unwrap_or("")),
            markdown_code(&r.view),
            escape::markdown(&r.categories.join(", "))
        );
    }
    if !map.external_includes.is_empty() {
        out.push_str(
            "\n### External includes (not counted)\n\n| Prefix | Module | Why |\n|---|---|---|\n",
        );
        for e in &map.external_includes {
            let _ = writeln!(
                out,
                "| `{}` | `{}` | {} |",
                markdown_code(&e.prefix),
                markdown_code(&e.module),
                escape::markdown(&e.reason)
            );
        }
    }
    if !map.findings.is_empty() {
        out.push_str("\n### Findings\n\n");
        for f in &map.findings {
            let _ = writeln!(out, "- **{}**: {}", f.kind, escape::markdown(&f.message));
        }
    }
    if !map.warnings.is_empty() {
        out.push_str("\n### Warnings\n\n");
        for w in &map.warnings {
            let _ = writeln!(out, "- {}", escape::markdown(&w.to_string()));
        }
    }
    out
}
