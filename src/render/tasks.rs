//! Rendering of `routecov tasks`.

use super::escape::{self, markdown_code, terminal};
use super::layout::{self, Text};
use super::{json, Format};
use crate::model::{Hook, LocustModel, Request, Task, TaskKind, UserClass};
use std::fmt::Write;

pub fn render(m: &LocustModel, format: Format, width: u16) -> Option<String> {
    Some(match format {
        Format::Json => json(m),
        Format::Table => layout::fit_lines(&table(m, width), width),
        Format::Csv => csv(m),
        Format::Markdown => markdown(m),
        Format::Html | Format::Junit | Format::Github => return None,
    })
}

/// Counts for the summary line.
#[derive(Default)]
struct Counts {
    tasks: usize,
    enabled: usize,
    requests: usize,
    disabled: usize,
    off: usize,
}

fn count(tasks: &[Task], c: &mut Counts) {
    for t in tasks {
        match &t.tasks {
            Some(sub) => count(sub, c),
            None => {
                c.tasks += 1;
                c.enabled += t.enabled as usize;
            }
        }
        for r in t
            .requests
            .iter()
            .chain(t.on_start.iter().flat_map(|h| h.requests.iter()))
        {
            c.requests += 1;
            c.disabled += r.disabled as usize;
            c.off += (!r.disabled && r.conditional_on.is_some()) as usize;
        }
    }
}

fn summary(m: &LocustModel) -> String {
    let mut c = Counts::default();
    for u in &m.users {
        count(&u.tasks, &mut c);
        for r in u.on_start.iter().flat_map(|h| h.requests.iter()) {
            c.requests += 1;
            c.disabled += r.disabled as usize;
            c.off += (!r.disabled && r.conditional_on.is_some()) as usize;
        }
    }
    let spawned = m.users.iter().filter(|u| u.spawned).count();
    let abstract_ = m.users.iter().filter(|u| u.is_abstract).count();
    format!(
        "{} user classes ({spawned} spawned, {abstract_} abstract), {} tasks ({} run), {} requests ({} commented out, {} switched off by a flag)",
        m.users.len(),
        c.tasks,
        c.enabled,
        c.requests,
        c.disabled,
        c.off
    )
}

/// `--tags a b --exclude-tags c --env X=1`, or "no tag filter".
fn filter_line(m: &LocustModel) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &m.filter.tags {
        parts.push(format!("--tags {}", t.join(" ")));
    }
    if let Some(t) = &m.filter.exclude_tags {
        parts.push(format!("--exclude-tags {}", t.join(" ")));
    }
    for (k, v) in &m.filter.env {
        parts.push(format!("--env {k}={v}"));
    }
    if !m.filter.locust_args.is_empty() {
        parts.push(format!(
            "--locust-args \"{}\"",
            m.filter.locust_args.join(" ")
        ));
    }
    if parts.is_empty() {
        "no tag filter, default environment".to_string()
    } else {
        parts.join(" ")
    }
}

fn opt_num(n: Option<i64>) -> String {
    n.map_or_else(|| "?".to_string(), |n| n.to_string())
}

/// `APIUser (HttpUser): weight 3 (depends on LOCUST_AUTH_ONLY), wait between(1, 3)`.
fn user_line(u: &UserClass) -> String {
    let mut s = format!("{} ({})", u.name, u.base);
    if u.is_abstract {
        s.push_str(": abstract, not spawned");
        return s;
    }
    let _ = write!(s, ": weight {}", opt_num(u.weight));
    if !u.weight_depends_on.is_empty() {
        let _ = write!(s, " (depends on {})", u.weight_depends_on.join(", "));
    }
    if u.fixed_count != Some(0) {
        let _ = write!(s, ", fixed_count {}", opt_num(u.fixed_count));
        if !u.fixed_count_depends_on.is_empty() {
            let _ = write!(s, " (depends on {})", u.fixed_count_depends_on.join(", "));
        }
    }
    if let Some(w) = &u.wait_time {
        let _ = write!(s, ", wait {}", w.text);
    }
    if !u.spawned {
        s.push_str(", not spawned");
    } else if !u.has_tasks_after_filter {
        let _ = write!(
            s,
            ", NO TASKS: Locust raises \"No tasks defined on {}\"",
            u.name
        );
    }
    s
}

fn request_text(r: &Request) -> String {
    let mut s = String::new();
    if r.disabled {
        s.push_str("# ");
    }
    let _ = write!(s, "{} {}", r.method, r.url);
    if let Some(q) = &r.query {
        let _ = write!(s, "?{q}");
    }
    if let Some(p) = &r.params {
        let _ = write!(s, " params {p}");
    }
    if let Some(n) = &r.name {
        let _ = write!(s, " as {n:?}");
    }
    if r.disabled {
        s.push_str(" (commented out)");
    }
    if let Some(f) = &r.conditional_on {
        let _ = write!(s, " (off: {f})");
    }
    if let Some(c) = &r.condition {
        let _ = write!(s, " (if {c})");
    }
    match (&r.route, &r.external) {
        (_, Some(module)) => {
            let _ = write!(s, " (external: {module})");
        }
        (Some(None), None) => s.push_str(" (no route)"),
        _ => {}
    }
    s
}

fn runs(t: &Task, u: &UserClass) -> String {
    if t.enabled {
        "yes".into()
    } else if t.weight == 0 {
        "no: weight 0".into()
    } else if !t.kept_by_filter {
        "no: tags".into()
    } else if u.is_abstract {
        "no: abstract".into()
    } else {
        "no: user not spawned".into()
    }
}

/// Rows of a user's tasks: (task, weight, tags, runs, requests).
fn rows(u: &UserClass) -> Vec<[String; 5]> {
    let mut out = Vec::new();
    if let Some(h) = &u.on_start {
        out.push(hook_row(h, 0, u.spawned));
    }
    task_rows(&u.tasks, u, 0, &mut out);
    out
}

/// Nesting marker; not blank, so a wrapped cell keeps it.
fn indent(depth: usize) -> String {
    "· ".repeat(depth)
}

fn hook_row(h: &Hook, depth: usize, runs: bool) -> [String; 5] {
    [
        format!("{}on_start", indent(depth)),
        "-".into(),
        String::new(),
        if runs { "yes" } else { "no" }.into(),
        h.requests
            .iter()
            .map(request_text)
            .collect::<Vec<_>>()
            .join("\n"),
    ]
}

fn task_rows(tasks: &[Task], u: &UserClass, depth: usize, out: &mut Vec<[String; 5]>) {
    for t in tasks {
        let indent = indent(depth);
        let name = match t.kind {
            TaskKind::Task => format!("{indent}{}", t.name),
            TaskKind::Taskset => format!("{indent}{} (TaskSet)", t.name),
            TaskKind::SequentialTaskset => format!("{indent}{} (SequentialTaskSet)", t.name),
        };
        let mut weight = t.weight.to_string();
        if !t.weight_depends_on.is_empty() {
            let _ = write!(weight, " ({})", t.weight_depends_on.join(", "));
        }
        let requests = if t.kind == TaskKind::Task && t.requests.is_empty() {
            "(no request)".to_string()
        } else if let Some(seq) = &t.sequence {
            format!("in order: {}", seq.join(", "))
        } else {
            t.requests
                .iter()
                .map(request_text)
                .collect::<Vec<_>>()
                .join("\n")
        };
        out.push([name, weight, t.tags.join(" "), runs(t, u), requests]);
        if let Some(h) = &t.on_start {
            out.push(hook_row(h, depth + 1, t.enabled));
        }
        if let Some(sub) = &t.tasks {
            task_rows(sub, u, depth + 1, out);
        }
    }
}

fn table(m: &LocustModel, width: u16) -> String {
    let mut out = format!(
        "{} ({})\n{}\n",
        terminal(&m.locustfile),
        m.found_by,
        terminal(&filter_line(m))
    );
    for u in &m.users {
        let _ = writeln!(
            out,
            "\n{}",
            terminal(&format!(
                "{}  {}:{}",
                user_line(u),
                u.source.file,
                u.source.line
            ))
        );
        let rows = rows(u)
            .iter()
            .map(|r| r.iter().map(|c| Text::new(terminal(c))).collect())
            .collect();
        let header = ["Task", "Weight", "Tags", "Runs", "Requests"];
        let t = layout::table_with_prose(width, &header, rows, false, &[2, 4]);
        let _ = writeln!(out, "{t}");
    }
    let _ = writeln!(out, "\n{}", summary(m));
    out
}

fn markdown(m: &LocustModel) -> String {
    let mut out = String::from("## Locust tasks\n\n");
    let _ = writeln!(
        out,
        "`{}` ({}); {}.\n\n{}\n",
        markdown_code(&m.locustfile),
        m.found_by,
        escape::markdown(&filter_line(m)),
        summary(m)
    );
    for u in &m.users {
        let _ = writeln!(out, "### {}\n", escape::markdown(&user_line(u)));
        out.push_str("| Task | Weight | Tags | Runs | Requests |\n|---|---|---|---|---|\n");
        for r in rows(u) {
            let cells: Vec<String> = r
                .iter()
                .map(|c| {
                    c.split('\n')
                        .map(escape::markdown)
                        .collect::<Vec<_>>()
                        .join("<br>")
                })
                .collect();
            let name = &cells[0];
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                name, cells[1], cells[2], cells[3], cells[4]
            );
        }
        out.push('\n');
    }
    if !m.warnings.is_empty() {
        out.push_str("### Warnings\n\n");
        for w in &m.warnings {
            let _ = writeln!(out, "- {}", escape::markdown(&w.to_string()));
        }
    }
    out
}

fn csv(m: &LocustModel) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "user",
        "user_weight",
        "user_spawned",
        "task",
        "kind",
        "task_weight",
        "tags",
        "enabled",
        "kept_by_filter",
        "method",
        "url",
        "query",
        "params",
        "name",
        "file",
        "line",
        "disabled",
        "active",
        "conditional_on",
        "condition",
        "route",
    ]);
    for u in &m.users {
        let mut rows: Vec<Vec<String>> = Vec::new();
        let base =
            |path: &str, kind: &str, weight: String, tags: &str, enabled: bool, kept: bool| {
                vec![
                    u.name.clone(),
                    opt_num(u.weight),
                    u.spawned.to_string(),
                    path.to_string(),
                    kind.to_string(),
                    weight,
                    tags.to_string(),
                    enabled.to_string(),
                    kept.to_string(),
                ]
            };
        if let Some(h) = &u.on_start {
            let b = base(
                &format!("{}/on_start", u.name),
                "on_start",
                "0".into(),
                "",
                u.spawned,
                true,
            );
            push_requests(&mut rows, b, &h.requests);
        }
        csv_tasks(&u.tasks, &u.name, &base, &mut rows);
        for r in rows {
            let _ = w.write_record(&r);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

type Base<'a> = dyn Fn(&str, &str, String, &str, bool, bool) -> Vec<String> + 'a;

fn csv_tasks(tasks: &[Task], prefix: &str, base: &Base, rows: &mut Vec<Vec<String>>) {
    for t in tasks {
        let path = format!("{prefix}/{}", t.name);
        let kind = match t.kind {
            TaskKind::Task => "task",
            TaskKind::Taskset => "taskset",
            TaskKind::SequentialTaskset => "sequential_taskset",
        };
        let b = base(
            &path,
            kind,
            t.weight.to_string(),
            &t.tags.join(" "),
            t.enabled,
            t.kept_by_filter,
        );
        if let Some(h) = &t.on_start {
            let hb = base(
                &format!("{path}/on_start"),
                "on_start",
                "0".into(),
                "",
                t.enabled,
                t.kept_by_filter,
            );
            push_requests(rows, hb, &h.requests);
        }
        match &t.tasks {
            Some(sub) => {
                rows.push(pad(b));
                csv_tasks(sub, &path, base, rows);
            }
            None => push_requests(rows, b, &t.requests),
        }
    }
}

fn pad(mut b: Vec<String>) -> Vec<String> {
    b.resize(21, String::new());
    b
}

fn push_requests(rows: &mut Vec<Vec<String>>, b: Vec<String>, requests: &[Request]) {
    if requests.is_empty() {
        rows.push(pad(b));
        return;
    }
    for r in requests {
        let mut row = b.clone();
        row.extend([
            r.method.clone(),
            r.url.clone(),
            r.query.clone().unwrap_or_default(),
            r.params.clone().unwrap_or_default(),
            r.name.clone().unwrap_or_default(),
            r.file.clone(),
            r.line.to_string(),
            r.disabled.to_string(),
            r.active.to_string(),
            r.conditional_on.clone().unwrap_or_default(),
            r.condition.clone().unwrap_or_default(),
            match (&r.route, &r.external) {
                (_, Some(module)) => format!("(external: {module})"),
                (Some(Some(p)), None) => p.clone(),
                (Some(None), None) => "(none)".into(),
                (None, None) => String::new(),
            },
        ]);
        rows.push(row);
    }
}
