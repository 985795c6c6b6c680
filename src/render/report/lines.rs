//! The figures and header lines every format of the report shares.

use crate::model::report::{Basis, Report};
use regex::Regex;
use std::fmt::Write;
use std::sync::OnceLock;

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

/// How many endpoints are counted by the intended methods of views Django
/// serves to any method, when there are some.
pub(super) fn intended_line(r: &Report) -> Option<String> {
    let counted = r
        .endpoints
        .iter()
        .filter(|e| e.intended_methods.is_some())
        .count();
    (counted > 0).then(|| {
        format!(
            "intended methods: {counted} endpoints of views Django serves to any method are counted by the methods their bodies show (each endpoint's methods_note says why)"
        )
    })
}

/// The `unknown method` note: a summary line, then one line per route, the
/// first `max` of them.
pub(super) fn unknown_line(r: &Report, max: usize) -> Option<String> {
    let u = &r.unknown_method;
    (u.endpoints > 0).then(|| {
        let mut s = format!(
            "unknown method: {} endpoints (ANY: neither reads nor writes), {} covered",
            u.endpoints, u.covered,
        );
        if max == 0 {
            s.push_str("; annotate their views (--gaps all)");
            return s;
        }
        s.push_str("; annotate their views:");
        for x in u.routes.iter().take(max) {
            let _ = write!(
                s,
                "\n  {} ({}:{}): {}",
                x.path, x.source.file, x.source.line, x.reason
            );
        }
        if u.routes.len() > max {
            let _ = write!(
                s,
                "\n  ... and {} more (--gaps all lists them)",
                u.routes.len() - max
            );
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

/// A Locust error as short as tells it apart: `HTTP 500` for Requests'
/// `HTTPError('500 Server Error: ...')`, a timeout's class with its
/// `(read timeout=N)`, other long exceptions as their class; short ones whole
/// (a locustfile's own `CatchResponseError('...')` messages are its words).
pub(super) fn short_error(e: &str) -> String {
    static HTTP: OnceLock<Option<Regex>> = OnceLock::new();
    static TIMEOUT: OnceLock<Option<Regex>> = OnceLock::new();
    let http = HTTP.get_or_init(|| Regex::new(r"^HTTPError\('(\d{3}) [^']*'\)$").ok());
    if let Some(c) = http.as_ref().and_then(|re| re.captures(e)) {
        return format!("HTTP{}{}", crate::render::layout::NBSP, &c[1]);
    }
    const LONG: usize = 60;
    let class = e.split('(').next().unwrap_or(e);
    if e.chars().count() <= LONG || class.is_empty() || class.contains(' ') {
        return e.to_string();
    }
    let timeout = TIMEOUT.get_or_init(|| Regex::new(r"\((\w+ timeout=[^)]*)\)").ok());
    match timeout.as_ref().and_then(|re| re.captures(e)) {
        Some(c) => format!("{class} ({})", &c[1]),
        None => format!("{class}(…)"),
    }
}

#[cfg(test)]
mod tests {
    use super::short_error;

    #[test]
    fn errors_shorten_to_what_tells_them_apart() {
        assert_eq!(
            short_error("HTTPError('500 Server Error: Internal Server Error')"),
            "HTTP\u{a0}500"
        );
        assert_eq!(
            short_error(
                r#"ReadTimeout(ReadTimeoutError("HTTPConnectionPool(host='127.0.0.1', port=34075): Read timed out. (read timeout=2.0)"))"#
            ),
            "ReadTimeout (read timeout=2.0)"
        );
        let own = "CatchResponseError('list-pekerjaan returned invalid JSON')";
        assert_eq!(short_error(own), own);
        assert_eq!(
            short_error("ConnectionError(MaxRetryError(\"HTTPConnectionPool(host='localhost', port=8000): Max retries exceeded\"))"),
            "ConnectionError(…)"
        );
    }
}
