//! The failures of a run by type, read from the error strings of
//! `*_failures.csv`: HTTP status codes (`HTTPError('500 Server Error: ...')`,
//! `LocustBadStatusCode(code=403)`, a `CatchResponseError` naming a status),
//! timeouts (`ReadTimeout(...)`, `ConnectTimeout(...)`, "timed out"),
//! connection errors (`ConnectionError(...)`, refused, reset, remote
//! disconnected), other failed response checks (`CatchResponseError(...)`
//! without a status) and everything else.

use crate::model::report::ErrorGroup;
use crate::model::run::{ErrorChange, ErrorTypeChange, ExceptionChange};
use crate::model::stats::RunStats;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The type of one error string: `(kind, label)`, e.g. `("http_500", "HTTP 500")`.
pub fn error_type(error: &str) -> (String, String) {
    let class = exception_class(error);
    if let Some(code) = status_code(error, &class) {
        return (format!("http_{code}"), format!("HTTP {code}"));
    }
    let lower = error.to_ascii_lowercase();
    let timeout = class.to_ascii_lowercase().contains("timeout")
        || lower.contains("timed out")
        || lower.contains("timeouterror");
    if timeout {
        return ("timeout".into(), "timeout".into());
    }
    let connection = [
        "connectionerror",
        "connectionrefused",
        "connectionreset",
        "connectionaborted",
        "remotedisconnected",
        "newconnectionerror",
        "protocolerror",
        "connection refused",
        "connection reset",
        "connection aborted",
        "max retries exceeded",
    ]
    .iter()
    .any(|w| lower.contains(w));
    if connection {
        return ("connection".into(), "connection error".into());
    }
    if class == "CatchResponseError" {
        return ("response_check".into(), "response check failed".into());
    }
    ("other".into(), "other".into())
}

/// The name before the first `(`: `HTTPError`, `ReadTimeout`; the last dotted
/// part when qualified (`requests.exceptions.ReadTimeout`).
fn exception_class(error: &str) -> String {
    let head = error.trim().split('(').next().unwrap_or("");
    let head = head.rsplit('.').next().unwrap_or(head).trim();
    if head.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        head.to_string()
    } else {
        String::new()
    }
}

/// The regexes of [`status_code`].
fn status_res() -> &'static [Regex] {
    static RES: OnceLock<Vec<Regex>> = OnceLock::new();
    RES.get_or_init(|| {
        [
            r"^\s*(?:[\w.]+\.)?HTTPError\(\s*['\x22](\d{3})\b",
            r"(?i)\bcode\s*=\s*(\d{3})\b",
            r"(?i)\bstatus(?:[ _]code)?\s*[:=]?\s*(\d{3})\b",
            r"(?i)\bHTTP\s+(\d{3})\b",
            r"^\s*(\d{3}) (?:Client|Server) Error\b",
        ]
        .iter()
        .filter_map(|p| Regex::new(p).ok())
        .collect()
    })
}

/// The HTTP status an error names: `HTTPError('500 ...')`,
/// `LocustBadStatusCode(code=403)`, or a status in a response check's
/// message (`status 500`, `status code: 404`, `HTTP 502`).
fn status_code(error: &str, class: &str) -> Option<u16> {
    let res = status_res();
    // A status number in free text (a response check's message) counts only
    // with words saying it is one; an HTTPError always leads with it.
    let candidates: &[Regex] = match class {
        "HTTPError" | "LocustBadStatusCode" | "CatchResponseError" | "" => res,
        _ => &res[..1],
    };
    candidates.iter().find_map(|re| {
        let code: u16 = re.captures(error)?.get(1)?.as_str().parse().ok()?;
        (100..600).contains(&code).then_some(code)
    })
}

fn row_label(method: Option<&str>, name: &str) -> String {
    match method {
        Some(m) if !m.is_empty() => format!("{} {name}", m.to_ascii_uppercase()),
        _ => name.to_string(),
    }
}

/// The failures of `run` by type, most occurrences first (then by kind).
pub fn error_groups(run: &RunStats) -> Vec<ErrorGroup> {
    let mut groups: BTreeMap<String, (String, u64, BTreeSet<String>)> = BTreeMap::new();
    for f in &run.failures {
        let (kind, label) = error_type(&f.error);
        let g = groups
            .entry(kind)
            .or_insert_with(|| (label, 0, BTreeSet::new()));
        g.1 += f.occurrences;
        g.2.insert(row_label(f.method.as_deref(), &f.name));
    }
    let mut out: Vec<ErrorGroup> = groups
        .into_iter()
        .map(|(kind, (label, occurrences, rows))| ErrorGroup {
            kind,
            label,
            occurrences,
            rows: rows.into_iter().collect(),
        })
        .collect();
    out.sort_by(|a, b| {
        b.occurrences
            .cmp(&a.occurrences)
            .then_with(|| a.kind.cmp(&b.kind))
    });
    out
}

/// The failures of each type in both runs, the largest change first.
pub fn error_type_changes(baseline: &RunStats, candidate: &RunStats) -> Vec<ErrorTypeChange> {
    let mut m: BTreeMap<String, (String, u64, u64)> = BTreeMap::new();
    for g in error_groups(baseline) {
        m.entry(g.kind).or_insert((g.label, 0, 0)).1 = g.occurrences;
    }
    for g in error_groups(candidate) {
        m.entry(g.kind).or_insert((g.label, 0, 0)).2 = g.occurrences;
    }
    let mut out: Vec<ErrorTypeChange> = m
        .into_iter()
        .map(|(kind, (label, b, c))| ErrorTypeChange {
            kind,
            label,
            baseline_occurrences: b,
            candidate_occurrences: c,
            change: c as i64 - b as i64,
        })
        .collect();
    out.sort_by(|a, b| {
        b.change
            .abs()
            .cmp(&a.change.abs())
            .then_with(|| a.kind.cmp(&b.kind))
    });
    out
}

/// The regexes of [`normalize_error`], with what replaces their matches.
fn normalize_res() -> &'static [(Regex, &'static str)] {
    static RES: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    RES.get_or_init(|| {
        [
            (
                r"(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
                "<uuid>",
            ),
            (r"(?i)\b0x[0-9a-f]+\b", "0x<addr>"),
            (r"\b\d{1,3}(?:\.\d{1,3}){3}\b", "<ip>"),
            (r"(?i)\bport=\d+", "port=<port>"),
            (r":\d{2,5}\b(/|\)|'|\s|$)", ":<port>$1"),
            (r"/\d+(/|\?|$|'|\s)", "/<id>$1"),
            (r"\b\d{5,}\b", "<n>"),
        ]
        .into_iter()
        .filter_map(|(p, r)| Regex::new(p).ok().map(|re| (re, r)))
        .collect()
    })
}

/// Compiles the regexes errors are read with.
pub fn compile_regexes() {
    status_res();
    normalize_res();
}

/// Replaces the volatile parts of an error message (ports, IP addresses,
/// hex pointers, UUIDs, numeric ids in paths, long numbers) by placeholders,
/// so the same error from two runs compares equal.
pub fn normalize_error(s: &str) -> String {
    let res = normalize_res();
    let mut out = s.trim().to_string();
    for (re, rep) in res {
        // Twice: adjacent matches (`/1/2/`) share their separator.
        for _ in 0..2 {
            out = re.replace_all(&out, *rep).into_owned();
        }
    }
    out
}

/// Errors of `c` not in `b` (appeared) and of `b` not in `c` (vanished), by
/// row and normalised text.
pub fn error_changes(b: &RunStats, c: &RunStats) -> (Vec<ErrorChange>, Vec<ErrorChange>) {
    let collect = |run: &RunStats| {
        let mut m: BTreeMap<(String, String, String), u64> = BTreeMap::new();
        for f in &run.failures {
            let k = (
                f.method.clone().unwrap_or_default().to_ascii_uppercase(),
                f.name.clone(),
                normalize_error(&f.error),
            );
            *m.entry(k).or_default() += f.occurrences;
        }
        m
    };
    let bm = collect(b);
    let cm = collect(c);
    let make = |(m, n, e): &(String, String, String), bo: u64, co: u64| ErrorChange {
        method: m.clone(),
        name: n.clone(),
        error: e.clone(),
        baseline_occurrences: bo,
        candidate_occurrences: co,
    };
    let appeared = cm
        .iter()
        .filter(|(k, _)| !bm.contains_key(*k))
        .map(|(k, &n)| make(k, 0, n))
        .collect();
    let vanished = bm
        .iter()
        .filter(|(k, _)| !cm.contains_key(*k))
        .map(|(k, &n)| make(k, n, 0))
        .collect();
    (appeared, vanished)
}

/// Exceptions that appeared and vanished, by normalised message.
pub fn exception_changes(
    b: &RunStats,
    c: &RunStats,
) -> (Vec<ExceptionChange>, Vec<ExceptionChange>) {
    let collect = |run: &RunStats| {
        let mut m: BTreeMap<String, u64> = BTreeMap::new();
        for e in &run.exceptions {
            *m.entry(normalize_error(&e.message)).or_default() += e.count;
        }
        m
    };
    let bm = collect(b);
    let cm = collect(c);
    let diff = |x: &BTreeMap<String, u64>, y: &BTreeMap<String, u64>| {
        x.iter()
            .filter(|(k, _)| !y.contains_key(*k))
            .map(|(k, &n)| ExceptionChange {
                message: k.clone(),
                count: n,
            })
            .collect()
    };
    (diff(&cm, &bm), diff(&bm, &cm))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(e: &str) -> String {
        error_type(e).0
    }

    #[test]
    fn errors_are_grouped_by_type() {
        for (e, k) in [
            ("HTTPError('500 Server Error: Internal Server Error for url: /api/x/')", "http_500"),
            ("HTTPError('403 Client Error: Forbidden for url: /x/')", "http_403"),
            ("HTTPError('404 Client Error: Not Found for url: /api/export/finalize')", "http_404"),
            ("LocustBadStatusCode(code=403)", "http_403"),
            ("CatchResponseError('login failed (status 500)')", "http_500"),
            ("CatchResponseError('Got status code 502')", "http_502"),
            ("CatchResponseError('price list page rendered without its table')", "response_check"),
            (
                "ReadTimeout(ReadTimeoutError(\"HTTPConnectionPool(host='127.0.0.1', port=34075): Read timed out. (read timeout=2.0)\"))",
                "timeout",
            ),
            ("ConnectTimeout(MaxRetryError(\"...\"))", "timeout"),
            (
                "ConnectionError(MaxRetryError(\"HTTPConnectionPool(host='localhost', port=8000): Max retries exceeded with url: /x (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f>: Failed to establish a new connection: [Errno 111] Connection refused'))\"))",
                "connection",
            ),
            ("RemoteDisconnected('Remote end closed connection without response')", "connection"),
            ("ConnectionResetError(104, 'Connection reset by peer')", "connection"),
            ("ValueError('bad json at line 500')", "other"),
            ("", "other"),
        ] {
            assert_eq!(kind(e), k, "{e}");
        }
        assert_eq!(error_type("LocustBadStatusCode(code=403)").1, "HTTP 403");
    }

    #[test]
    fn groups_sum_occurrences_and_name_rows() {
        let text = "Method,Name,Error,Occurrences\nGET,/a/,HTTPError('500 Server Error: x for url: /a/'),3\nGET,/b/,HTTPError('500 Server Error: x for url: /b/'),2\nPOST,/c/,ReadTimeout('read timed out'),7\n";
        let mut w = Vec::new();
        let failures = crate::extract::locust_csv::parse_failures("f.csv", text, &mut w);
        let failures = failures.unwrap_or_default();
        let run = RunStats {
            format: crate::model::stats::StatsFormat::Current,
            files: Default::default(),
            stats: Vec::new(),
            aggregated: None,
            failures,
            exceptions: Vec::new(),
            history: Vec::new(),
            warnings: Vec::new(),
        };
        let g = error_groups(&run);
        assert_eq!(g.len(), 2);
        assert_eq!((g[0].kind.as_str(), g[0].occurrences), ("timeout", 7));
        assert_eq!((g[1].kind.as_str(), g[1].occurrences), ("http_500", 5));
        assert_eq!(g[1].rows, vec!["GET /a/", "GET /b/"]);
        let empty = RunStats {
            failures: Vec::new(),
            ..run.clone()
        };
        let ch = error_type_changes(&empty, &run);
        assert_eq!((ch[0].kind.as_str(), ch[0].change), ("timeout", 7));
        assert_eq!((ch[1].kind.as_str(), ch[1].change), ("http_500", 5));
    }

    #[test]
    fn volatile_parts_of_errors_compare_equal() {
        let a = "ReadTimeout(ReadTimeoutError(\"HTTPConnectionPool(host='127.0.0.1', port=34075): Read timed out. (read timeout=2.0)\"))";
        let b = "ReadTimeout(ReadTimeoutError(\"HTTPConnectionPool(host='127.0.0.1', port=41211): Read timed out. (read timeout=2.0)\"))";
        assert_eq!(normalize_error(a), normalize_error(b));
        assert!(normalize_error(a).contains("read timeout=2.0"));
        assert_eq!(
            normalize_error("HTTPError('500 Server Error: Internal Server Error for url: /api/project/160/rekap/')"),
            "HTTPError('500 Server Error: Internal Server Error for url: /api/project/<id>/rekap/')"
        );
        assert_eq!(
            normalize_error(
                "<object at 0x7f3a2b> job 0b9c2a4e-1111-2222-3333-444455556666 on 10.0.0.12:8000/x"
            ),
            "<object at 0x<addr>> job <uuid> on <ip>:<port>/x"
        );
    }
}
