//! JUnit XML of a coverage report: one testcase per endpoint, grouped by its
//! first category (`classname`), the endpoints not covered failing, so CI
//! test views list the gaps.

use super::escape::xml as escape;
use crate::model::report::Report;
use std::fmt::Write;

pub fn report(r: &Report) -> String {
    let tests = r.endpoints.len();
    let failures = r.summary.not_covered;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"routecov\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"endpoint coverage ({})\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        r.coverage_basis.name()
    );
    let _ = writeln!(out, "    <properties>");
    let _ = writeln!(
        out,
        "      <property name=\"coverage_basis\" value=\"{}\"/>",
        r.coverage_basis.name()
    );
    let _ = writeln!(
        out,
        "      <property name=\"tag_filter\" value=\"{}\"/>",
        escape(&r.filter_text)
    );
    let _ = writeln!(
        out,
        "      <property name=\"coverage_pct\" value=\"{}\"/>",
        r.summary.coverage_pct
    );
    let _ = writeln!(out, "    </properties>");
    for e in &r.endpoints {
        let group = if e.method == "ANY" {
            "unknown_method".to_string()
        } else {
            e.categories
                .first()
                .cloned()
                .unwrap_or_else(|| "uncategorised".into())
        };
        let _ = write!(
            out,
            "    <testcase classname=\"routecov.{}\" name=\"{}\" file=\"{}\" line=\"{}\"",
            escape(&group),
            escape(&e.label()),
            escape(&e.source.file),
            e.source.line
        );
        if r.coverage_basis.covers(e.status) {
            out.push_str("/>\n");
            continue;
        }
        let mut message = format!(
            "{} is {} (coverage basis {})",
            e.label(),
            e.status.name(),
            r.coverage_basis.name()
        );
        if let Some(n) = &e.note {
            let _ = write!(message, ": {n}");
        }
        let _ = writeln!(out, ">");
        let _ = writeln!(
            out,
            "      <failure message=\"{}\" type=\"{}\">view {} at {}:{}; categories: {}; tasks: {}</failure>",
            escape(&message),
            e.status.name(),
            escape(&e.view),
            escape(&e.source.file),
            e.source.line,
            escape(&e.categories.join(", ")),
            escape(&if e.tasks.is_empty() { "none".to_string() } else { e.tasks.join(", ") })
        );
        let _ = writeln!(out, "    </testcase>");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
