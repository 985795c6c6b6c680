//! The figures and header lines every format of the report shares.

use crate::model::report::{Basis, Report};
use std::fmt::Write;

/// `42.9%`.
pub fn pct(x: f64) -> String {
    format!("{x:.1}%")
}

pub(super) fn ms(x: Option<f64>) -> String {
    x.map_or_else(String::new, |v| format!("{}", v.round() as i64))
}

fn basis_text(r: &Report) -> String {
    match r.coverage_basis {
        Basis::Exercised => format!(
            "coverage basis: exercised (requests in {})",
            r.run
                .as_ref()
                .map_or("the stats", |x| x.stats_file.as_str())
        ),
        Basis::Declared => {
            "coverage basis: declared (enabled tasks request it; no stats given)".to_string()
        }
    }
}

/// Project, locustfile, basis and run: unescaped, each format escapes them.
pub(super) fn header_lines(r: &Report) -> Vec<String> {
    let mut v = vec![
        format!("project {}, locustfile {}", r.project, r.locustfile),
        format!("{}; tag filter: {}", basis_text(r), r.filter_text),
    ];
    if let Some(run) = &r.run {
        v.push(format!(
            "run: {} requests, {} failures ({}), {} req/s, median {} ms, p95 {} ms, max {} ms",
            run.requests,
            run.failures,
            pct(run.failure_pct),
            run.rps.map_or("?".into(), |x| format!("{x:.1}")),
            ms(run.median_ms),
            ms(run.p95_ms),
            ms(run.max_ms)
        ));
    }
    v
}

/// The `unknown method` note: a summary line, then one line per route, the
/// first `max` of them.
pub(super) fn unknown_line(r: &Report, max: usize) -> Option<String> {
    let u = &r.unknown_method;
    (u.endpoints > 0).then(|| {
        let mut s = format!(
            "unknown method: {} endpoints (method ANY, neither reads nor writes), {} covered; annotate their views:",
            u.endpoints, u.covered,
        );
        for x in u.routes.iter().take(max) {
            let _ = write!(s, "\n  {} ({}:{}): {}", x.path, x.source.file, x.source.line, x.reason);
        }
        if u.routes.len() > max {
            let _ = write!(s, "\n  ... and {} more (--gaps all lists them)", u.routes.len() - max);
        }
        s
    })
}

/// `request` or `stats row`, for an unmatched entry's kind.
pub(super) fn unmatched_kind(kind: &str) -> &'static str {
    if kind == "request" {
        "request"
    } else {
        "stats row"
    }
}

/// How many endpoints the gap's category has (its gaps alone if unknown).
pub(super) fn category_total(r: &Report, g: &crate::model::report::Gap) -> usize {
    r.categories
        .iter()
        .find(|c| c.name == g.category)
        .map_or(g.endpoints.len(), |c| c.endpoints)
}

/// `METHOD name` of an unmatched request or stats row.
pub(super) fn unmatched_request(u: &crate::model::report::Unmatched) -> String {
    format!("{} {}", u.method.as_deref().unwrap_or(""), u.name)
        .trim()
        .to_string()
}
