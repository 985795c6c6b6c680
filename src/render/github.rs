//! `--format github`: GitHub Actions workflow commands (`::error ...::`,
//! `::warning ...::`, `::notice ...::`), which the runner turns into
//! annotations on the pull request's diff when they name a file and line,
//! and into the job's summary otherwise. Failed gates and criteria are
//! errors; static findings and warnings with a place in the code, warnings;
//! what a run showed, notices.

use crate::diagnostics::Warning;
use crate::model::findings::Finding;
use crate::model::report::Report;
use crate::model::run::{CheckResult, Comparison, CriterionStatus};
use std::fmt::Write;

/// Maps a path as routecov shows it to one relative to the repository
/// root, where GitHub looks for it.
pub type Locate<'a> = &'a dyn Fn(&str) -> String;

#[derive(Clone, Copy)]
enum Level {
    Error,
    Warning,
    Notice,
}

/// One workflow command.
struct Annotation<'a> {
    level: Level,
    title: String,
    place: Option<(&'a str, usize)>,
    message: &'a str,
}

/// Data of a workflow command: `%`, CR and LF escaped.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: [`data`], and the `:` and `,` that end properties.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

fn write(out: &mut String, a: &Annotation, locate: Locate) {
    let level = match a.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Notice => "notice",
    };
    let mut props = Vec::new();
    if let Some((file, line)) = a.place {
        props.push(format!("file={}", property(&locate(file))));
        if line > 0 {
            props.push(format!("line={line}"));
        }
    }
    props.push(format!("title={}", property(&a.title)));
    let _ = writeln!(out, "::{level} {}::{}", props.join(","), data(a.message));
}

/// `routecov.toml:12` as a place; flags and defaults have none.
fn place_of(source: &str) -> Option<(&str, usize)> {
    let (file, line) = source.rsplit_once(':')?;
    let line: usize = line.parse().ok()?;
    (!file.is_empty() && !file.starts_with('-')).then_some((file, line))
}

fn finding<'a>(f: &'a Finding) -> Annotation<'a> {
    let place = f.source.as_ref().map(|s| (s.file.as_str(), s.line));
    Annotation {
        level: if place.is_some() {
            Level::Warning
        } else {
            Level::Notice
        },
        title: format!("routecov: {}", f.kind),
        place,
        message: &f.message,
    }
}

fn warning(w: &Warning) -> Annotation<'_> {
    Annotation {
        level: Level::Warning,
        title: "routecov".into(),
        place: Some((w.file.as_str(), w.line)),
        message: &w.message,
    }
}

/// The report: failed gates, findings, warnings with a place, then one
/// line of plain log text with the coverage.
pub fn report(r: &Report, locate: Locate) -> String {
    let mut out = String::new();
    for g in r.gates.iter().filter(|g| !g.passed) {
        let a = Annotation {
            level: Level::Error,
            title: format!("routecov: {} not met", g.name),
            place: place_of(&g.source),
            message: &g.message,
        };
        write(&mut out, &a, locate);
    }
    for f in &r.findings {
        write(&mut out, &finding(f), locate);
    }
    for w in r.warnings.iter().filter(|w| !w.file.is_empty()) {
        write(&mut out, &warning(w), locate);
    }
    let s = &r.summary;
    let _ = writeln!(
        out,
        "routecov: {:.1}% coverage ({} of {} endpoints), {} findings, {} of {} gates failed",
        s.coverage_pct,
        s.covered,
        s.endpoints,
        r.findings.len(),
        r.gates.iter().filter(|g| !g.passed).count(),
        r.gates.len()
    );
    out
}

/// `check`: each criterion not met (or without a value) an error, then the
/// verdict.
pub fn check(c: &CheckResult, locate: Locate) -> String {
    let mut out = String::new();
    for r in &c.results {
        let level = match r.status {
            CriterionStatus::Pass => continue,
            CriterionStatus::Fail => Level::Error,
            CriterionStatus::Missing => Level::Warning,
        };
        let message = format!(
            "{} {}: target {}, actual {}{}",
            r.scope,
            r.criterion,
            r.target,
            r.actual_text,
            r.note
                .as_ref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        );
        let a = Annotation {
            level,
            title: format!("routecov check: {}", r.criterion),
            place: place_of(&r.source),
            message: &message,
        };
        write(&mut out, &a, locate);
    }
    let _ = writeln!(out, "routecov check: {}", c.verdict);
    out
}

/// `compare`: regressed rows errors, errors that appeared warnings, then
/// the verdict.
pub fn compare(c: &Comparison, locate: Locate) -> String {
    let mut out = String::new();
    for row in c.rows.iter().filter(|r| r.regressed) {
        let message = format!("{} {}: {}", row.method, row.name, row.reasons.join("; "));
        let a = Annotation {
            level: Level::Error,
            title: "routecov compare: regressed".into(),
            place: None,
            message: &message,
        };
        write(&mut out, &a, locate);
    }
    for e in &c.errors_appeared {
        let message = format!("new error on {} {}: {}", e.method, e.name, e.error);
        let a = Annotation {
            level: Level::Warning,
            title: "routecov compare: new error".into(),
            place: None,
            message: &message,
        };
        write(&mut out, &a, locate);
    }
    let _ = writeln!(out, "routecov compare: {}", c.verdict);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_escape_their_data_and_properties() {
        let mut out = String::new();
        let a = Annotation {
            level: Level::Warning,
            title: "a: b, c".into(),
            place: Some(("dir/locust file.py", 12)),
            message: "50% of\nrequests",
        };
        write(&mut out, &a, &|f| format!("app/{f}"));
        assert_eq!(
            out,
            "::warning file=app/dir/locust file.py,line=12,title=a%3A b%2C c::50%25 of%0Arequests\n"
        );
    }

    #[test]
    fn gate_sources_with_a_line_are_places() {
        assert_eq!(place_of("routecov.toml:12"), Some(("routecov.toml", 12)));
        assert_eq!(place_of("--fail-under"), None);
        assert_eq!(place_of("default"), None);
    }
}
