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

/// Below this many routes the map is written on one thread: a thread
/// costs more than it saves.
const SPLIT_FROM: usize = 2000;

/// Routes serialised as one piece on either thread.
const CHUNK: usize = 250;

/// The route map as [`super::json_to`] writes it, byte for byte, with
/// every other chunk of routes serialised on another thread while this one
/// writes the rest (at 10,000 routes the JSON takes about a twentieth of
/// the run).
pub fn json_to(map: &mut RouteMap, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if map.routes.len() < SPLIT_FROM {
        return super::json_to(map, out);
    }
    // Taken out for the rest to be serialised without them, then put back.
    let routes = std::mem::take(&mut map.routes);
    let written = split_json_to(map, &routes, out);
    map.routes = routes;
    written
}

fn split_json_to(
    rest: &RouteMap,
    routes: &[Route],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut text = Vec::new();
    super::json_to(rest, &mut text)?;
    // The top-level key sits alone at two spaces of indent; deeper keys
    // are indented further, so this is the one place the routes go.
    let marker = b"\n  \"routes\": []";
    let Some(at) = text.windows(marker.len()).position(|w| w == marker) else {
        return Err(std::io::Error::other("the route map has no routes key"));
    };
    out.write_all(&text[..at])?;
    out.write_all(b"\n  \"routes\": [")?;
    let chunks: Vec<&[Route]> = routes.chunks(CHUNK).collect();
    std::thread::scope(|s| {
        // Every other chunk is serialised on the other thread, at most two
        // ahead: the two run together and little is held at once.
        let (tx, rx) = std::sync::mpsc::sync_channel(2);
        let odd = chunks.iter().skip(1).step_by(2).copied();
        let _ = std::thread::Builder::new().spawn_scoped(s, move || {
            for c in odd {
                let mut buf = Vec::new();
                let r = array_items(c, &mut buf).map(|()| buf);
                if tx.send(r).is_err() {
                    break;
                }
            }
        });
        for (i, c) in chunks.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            // A thread the system refused or that stopped: the chunk is
            // serialised here.
            match (i % 2 == 1).then(|| rx.recv().ok()).flatten() {
                Some(r) => out.write_all(&r?)?,
                None => array_items(c, out)?,
            }
        }
        out.write_all(b"\n  ]")?;
        out.write_all(&text[at + marker.len()..])
    })
}

/// Writes the elements of `routes` as they appear inside the map's pretty
/// JSON: each on a new line at two levels of indent, separated by commas,
/// without the brackets.
fn array_items(routes: &[Route], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut indented = Indented { out };
    for (i, r) in routes.iter().enumerate() {
        indented
            .out
            .write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        serde_json::to_writer_pretty(&mut indented, r)?;
    }
    Ok(())
}

/// Indents every line but the first by two levels. A newline in pretty
/// JSON is always between tokens (strings escape theirs), so this indents
/// a value serialised alone as it is indented inside the map.
struct Indented<'a> {
    out: &'a mut dyn std::io::Write,
}

impl std::io::Write for Indented<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let mut rest = buf;
        while let Some(i) = memchr::memchr(b'\n', rest) {
            self.out.write_all(&rest[..i])?;
            self.out.write_all(b"\n    ")?;
            rest = &rest[i + 1..];
        }
        self.out.write_all(rest)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Discovery, Redirects};

    fn map(n: usize) -> RouteMap {
        RouteMap {
            schema_version: crate::model::SCHEMA_VERSION,
            discovery: Discovery::default(),
            routes: (0..n)
                .map(|i| {
                    let mut r = Route::sample(&format!("/r{i}/\"q\"\n/"), &["GET"], "app.v");
                    r.categories = vec!["reads".into(); i % 3];
                    r
                })
                .collect(),
            external_includes: Vec::new(),
            converters: [("slug2".to_string(), "[a-z]+".to_string())].into(),
            findings: Vec::new(),
            redirects: Redirects::default(),
            warnings: Vec::new(),
        }
    }

    /// Split on two threads or not, the bytes are those of the whole map
    /// serialised at once, and the map keeps its routes.
    #[test]
    fn split_json_is_the_whole_json() {
        for n in [0, 1, SPLIT_FROM - 1, SPLIT_FROM, SPLIT_FROM + 1] {
            let mut m = map(n);
            let mut whole = Vec::new();
            super::super::json_to(&m, &mut whole).expect("to memory");
            let mut split = Vec::new();
            json_to(&mut m, &mut split).expect("to memory");
            assert_eq!(m.routes.len(), n);
            assert!(split == whole, "{n} routes: the split JSON differs");
        }
    }
}
