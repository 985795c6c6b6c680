//! Findings from a Locust run: failure rates with their top errors, endpoints
//! failing every request, a shared timeout ceiling, outliers, bimodal
//! endpoints, login/auth failures, and exceptions explained.
//!
//! Findings come in a fixed order: by kind (`always_failing`,
//! `failure_rate`, `timeout_ceiling`, `outlier`, `bimodal`, `auth_failures`,
//! `exception`), then by severity (most severe first), then by label. The
//! Aggregated row is never an endpoint.

use crate::config::Thresholds;
use crate::model::findings::{EndpointNumber, Finding, FindingKind};
use crate::model::stats::{ExceptionRow, RunStats, StatsRow};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Finds what the thresholds ask about in `run`. `label` names a stats row
/// as the report shows it (an endpoint when joined, else `METHOD name`).
pub fn find(
    run: &RunStats,
    thresholds: &Thresholds,
    label: &dyn Fn(&StatsRow) -> String,
) -> Vec<Finding> {
    let rows: Vec<Row> = run
        .stats
        .iter()
        .filter(|r| !is_aggregated(r))
        .map(|r| Row {
            stats: r,
            label: label(r),
            errors: errors_of(run, r),
        })
        .collect();
    let mut out = Vec::new();
    out.extend(ordered(always_failing(&rows, thresholds)));
    out.extend(ordered(failure_rate(&rows, thresholds)));
    out.extend(ordered(timeout_ceiling(&rows, thresholds)));
    out.extend(ordered(outliers(&rows, thresholds)));
    out.extend(ordered(bimodal(&rows, thresholds)));
    out.extend(ordered(auth_failures(&rows, thresholds)));
    out.extend(ordered(exceptions(&run.exceptions)));
    out
}

/// A stats row with its label and its errors from the failures file.
struct Row<'a> {
    stats: &'a StatsRow,
    label: String,
    /// Cleaned error texts with their occurrences, most frequent first.
    errors: Vec<(String, u64)>,
}

impl Row<'_> {
    /// Tie-breaker after the label: rows of one endpoint stay in a fixed order.
    fn key(&self) -> String {
        format!(
            "{} {}",
            self.stats.method.as_deref().unwrap_or(""),
            self.stats.name
        )
    }
}

/// A finding with what orders it among those of its kind.
struct Ranked {
    /// Higher is more severe.
    severity: f64,
    label: String,
    tiebreak: String,
    finding: Finding,
}

fn ordered(mut list: Vec<Ranked>) -> Vec<Finding> {
    list.sort_by(|a, b| {
        b.severity
            .total_cmp(&a.severity)
            .then_with(|| a.label.cmp(&b.label))
            .then_with(|| a.tiebreak.cmp(&b.tiebreak))
    });
    list.into_iter().map(|r| r.finding).collect()
}

fn is_aggregated(r: &StatsRow) -> bool {
    r.method.is_none() && (r.name == "Aggregated" || r.name == "Total")
}

fn finding(kind: FindingKind, message: String, endpoints: Vec<String>) -> Finding {
    Finding::new(kind, message, endpoints)
}

// ---------------------------------------------------------------------------
// Failures.

fn always_failing(rows: &[Row], t: &Thresholds) -> Vec<Ranked> {
    rows.iter()
        .filter(|r| r.stats.requests > 0 && r.stats.failures >= r.stats.requests)
        .map(|r| {
            let s = r.stats;
            let mut message = format!(
                "{} failed {} of {} requests (100%)",
                r.label, s.failures, s.requests
            );
            push_errors_text(&mut message, &r.errors, t.top_errors());
            let mut f = finding(FindingKind::AlwaysFailing, message, vec![r.label.clone()]);
            f.numbers.requests = Some(s.requests);
            f.numbers.failures = Some(s.failures);
            f.numbers.failure_pct = Some(100.0);
            f.errors = error_list(&r.errors, t.top_errors());
            Ranked {
                severity: s.requests as f64,
                label: r.label.clone(),
                tiebreak: r.key(),
                finding: f,
            }
        })
        .collect()
}

fn failure_rate(rows: &[Row], t: &Thresholds) -> Vec<Ranked> {
    rows.iter()
        .filter_map(|r| {
            let s = r.stats;
            let pct = s.failure_pct()?;
            if s.failures == 0 || s.failures >= s.requests || pct < t.failure_rate_pct() {
                return None;
            }
            let mut message = format!(
                "{} failed {} of {} requests ({})",
                r.label,
                s.failures,
                s.requests,
                fmt_pct(pct)
            );
            push_errors_text(&mut message, &r.errors, t.top_errors());
            let mut f = finding(FindingKind::FailureRate, message, vec![r.label.clone()]);
            f.numbers.requests = Some(s.requests);
            f.numbers.failures = Some(s.failures);
            f.numbers.failure_pct = Some(round(pct, 2));
            f.errors = error_list(&r.errors, t.top_errors());
            Some(Ranked {
                // By rate, then by count.
                severity: pct * 1e9 + s.failures as f64,
                label: r.label.clone(),
                tiebreak: r.key(),
                finding: f,
            })
        })
        .collect()
}

fn auth_failures(rows: &[Row], t: &Thresholds) -> Vec<Ranked> {
    let Ok(re) = Regex::new(t.auth_pattern()) else {
        return Vec::new();
    };
    let mut matched: Vec<&Row> = rows
        .iter()
        .filter(|r| r.stats.requests > 0 && (re.is_match(&r.stats.name) || re.is_match(&r.label)))
        .collect();
    let requests: u64 = matched.iter().map(|r| r.stats.requests).sum();
    let failures: u64 = matched.iter().map(|r| r.stats.failures).sum();
    if requests == 0 || failures == 0 {
        return Vec::new();
    }
    let pct_of = |r: &Row| r.stats.failure_pct().unwrap_or(0.0);
    matched.sort_by(|a, b| {
        pct_of(b)
            .total_cmp(&pct_of(a))
            .then_with(|| a.label.cmp(&b.label))
            .then_with(|| a.key().cmp(&b.key()))
    });
    let pct = failures as f64 * 100.0 / requests as f64;
    let failing: Vec<String> = matched
        .iter()
        .filter(|r| r.stats.failures > 0)
        .map(|r| {
            let mut s = format!(
                "{} {} of {} ({})",
                r.label,
                r.stats.failures,
                r.stats.requests,
                fmt_pct(pct_of(r))
            );
            if let Some((e, n)) = r.errors.first() {
                s.push_str(&format!(", mostly {e} ×{n}"));
            }
            s
        })
        .collect();
    let message = format!(
        "Login/auth requests failed {failures} of {requests} times ({}): {}; users whose login fails go on unauthenticated, so their later requests can fail too",
        fmt_pct(pct),
        failing.join("; ")
    );
    let mut merged: BTreeMap<String, u64> = BTreeMap::new();
    for r in &matched {
        for (e, n) in &r.errors {
            *merged.entry(e.clone()).or_default() += n;
        }
    }
    let mut f = finding(
        FindingKind::AuthFailures,
        message,
        matched.iter().map(|r| r.label.clone()).collect(),
    );
    f.numbers.requests = Some(requests);
    f.numbers.failures = Some(failures);
    f.numbers.failure_pct = Some(round(pct, 2));
    f.errors = error_list(&by_count(merged), t.top_errors());
    vec![Ranked {
        severity: pct,
        label: String::new(),
        tiebreak: String::new(),
        finding: f,
    }]
}

/// The failures-file errors of `row`, cleaned and merged, most frequent first.
fn errors_of(run: &RunStats, row: &StatsRow) -> Vec<(String, u64)> {
    let mut merged: BTreeMap<String, u64> = BTreeMap::new();
    for f in &run.failures {
        let same_method = match (&f.method, &row.method) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => true,
        };
        if f.name == row.name && same_method && f.occurrences > 0 {
            *merged.entry(clean_error(&f.error)).or_default() += f.occurrences;
        }
    }
    by_count(merged)
}

fn by_count(merged: BTreeMap<String, u64>) -> Vec<(String, u64)> {
    let mut list: Vec<(String, u64)> = merged.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

/// One line, without the URL Locust appends to HTTP errors (the endpoint is
/// named already), at most 300 characters.
fn clean_error(e: &str) -> String {
    static URL: OnceLock<Option<Regex>> = OnceLock::new();
    let one_line = e.split_whitespace().collect::<Vec<_>>().join(" ");
    let cleaned = match URL.get_or_init(|| Regex::new(r#"(?i) for url: [^'"]*"#).ok()) {
        Some(re) => re.replace_all(&one_line, "").into_owned(),
        None => one_line,
    };
    truncate(&cleaned, 300)
}

fn truncate(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max_chars).collect();
    out.push('…');
    out
}

/// `Error text (×N)` for the first `top` errors.
fn error_list(errors: &[(String, u64)], top: usize) -> Vec<String> {
    errors
        .iter()
        .take(top)
        .map(|(e, n)| format!("{e} (×{n})"))
        .collect()
}

/// Appends `: E1 ×N; E2 ×M` (and how many other errors) to a message.
fn push_errors_text(message: &mut String, errors: &[(String, u64)], top: usize) {
    let shown: Vec<String> = errors
        .iter()
        .take(top)
        .map(|(e, n)| format!("{e} ×{n}"))
        .collect();
    if shown.is_empty() {
        return;
    }
    message.push_str(": ");
    message.push_str(&shown.join("; "));
    let rest = &errors[shown.len()..];
    if !rest.is_empty() {
        let n: u64 = rest.iter().map(|(_, n)| n).sum();
        message.push_str(&format!(
            "; and {} other error{} ×{n}",
            rest.len(),
            plural(rest.len() as u64)
        ));
    }
}

// ---------------------------------------------------------------------------
// Response times.

fn timeout_ceiling(rows: &[Row], t: &Thresholds) -> Vec<Ranked> {
    let tolerance = t.timeout_ceiling_tolerance_pct().max(0.0) / 100.0;
    // "Several" endpoints: one alone is an outlier at most.
    let min_endpoints = t.timeout_ceiling_min_endpoints().max(2);
    let mut candidates: Vec<(&Row, f64)> = rows
        .iter()
        .filter(|r| r.stats.requests > 0)
        .filter_map(|r| Some((r, r.stats.max_ms?)))
        .filter(|(_, max)| max.is_finite() && *max >= t.timeout_ceiling_min_ms() && *max > 0.0)
        .collect();
    candidates.sort_by(|a, b| {
        a.1.total_cmp(&b.1)
            .then_with(|| a.0.label.cmp(&b.0.label))
            .then_with(|| a.0.key().cmp(&b.0.key()))
    });
    let mut out = Vec::new();
    // Greedy: the largest group of maxima within the tolerance of its lowest
    // one (on a tie, the higher group), then again on what is left.
    loop {
        let mut best: Option<(usize, usize)> = None;
        for i in 0..candidates.len() {
            let limit = candidates[i].1 * (1.0 + tolerance);
            let end = i + candidates[i..].iter().take_while(|c| c.1 <= limit).count();
            if best.is_none_or(|(bi, be)| end - i >= be - bi) {
                best = Some((i, end));
            }
        }
        let Some((start, end)) = best else { break };
        if end - start < min_endpoints {
            break;
        }
        let group: Vec<(&Row, f64)> = candidates.drain(start..end).collect();
        out.push(ceiling_finding(&group, t));
    }
    out
}

fn ceiling_finding(group: &[(&Row, f64)], t: &Thresholds) -> Ranked {
    let maxima: Vec<f64> = group.iter().map(|g| g.1).collect();
    let value = median(&maxima);
    let lo = maxima.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = maxima.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut members: Vec<&(&Row, f64)> = group.iter().collect();
    members.sort_by(|a, b| {
        a.0.label
            .cmp(&b.0.label)
            .then_with(|| a.0.key().cmp(&b.0.key()))
    });

    // Timeout-like errors of these endpoints.
    let mut timeouts: BTreeMap<String, u64> = BTreeMap::new();
    let mut short: BTreeMap<String, u64> = BTreeMap::new();
    for (r, _) in &members {
        for (e, n) in &r.errors {
            if is_timeout_error(e) {
                *timeouts.entry(e.clone()).or_default() += n;
                *short.entry(short_timeout(e)).or_default() += n;
            }
        }
    }
    let timeout_count: u64 = timeouts.values().sum();

    let range = if fmt_ms(lo) == fmt_ms(hi) {
        String::new()
    } else {
        format!(" ({} to {})", fmt_ms(lo), fmt_ms(hi))
    };
    let list: Vec<String> = members
        .iter()
        .map(|(r, max)| format!("{} {}", r.label, fmt_ms(*max)))
        .collect();
    let why = if timeout_count > 0 {
        let kinds: Vec<String> = by_count(short)
            .into_iter()
            .map(|(e, n)| format!("{e} ×{n}"))
            .collect();
        format!(
            "{timeout_count} of their failures are timeouts ({}), so a pool, proxy or client timeout near {} cuts these requests off",
            kinds.join("; "),
            fmt_ms(value)
        )
    } else {
        format!(
            "a shared maximum like this is usually a pool, proxy or client timeout near {}",
            fmt_ms(value)
        )
    };
    let message = format!(
        "{} endpoints share a maximum response time of about {}{range}: {}; {why}",
        members.len(),
        fmt_ms(value),
        list.join(", ")
    );
    let mut f = finding(
        FindingKind::TimeoutCeiling,
        message,
        members.iter().map(|(r, _)| r.label.clone()).collect(),
    );
    f.numbers.value_ms = Some(round(value, 1));
    f.numbers.endpoints = Some(members.len() as u64);
    f.numbers.lowest_max_ms = Some(round(lo, 1));
    f.numbers.highest_max_ms = Some(round(hi, 1));
    f.numbers.timeout_errors = Some(timeout_count);
    f.per_endpoint = members
        .iter()
        .map(|(r, max)| EndpointNumber {
            endpoint: r.label.clone(),
            max_ms: round(*max, 1),
        })
        .collect();
    f.errors = error_list(&by_count(timeouts), t.top_errors());
    Ranked {
        severity: members.len() as f64 * 1e12 + value,
        label: members
            .first()
            .map(|(r, _)| r.label.clone())
            .unwrap_or_default(),
        tiebreak: String::new(),
        finding: f,
    }
}

fn is_timeout_error(e: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)time-?out|timed out|\b504\b").ok())
        .as_ref()
        .is_some_and(|re| re.is_match(e))
}

/// `ReadTimeout (read timeout=2.0)` for a long `ReadTimeout(...)` error; the
/// error itself when its exception name says nothing of a timeout.
fn short_timeout(e: &str) -> String {
    static NAME: OnceLock<Option<Regex>> = OnceLock::new();
    static VALUE: OnceLock<Option<Regex>> = OnceLock::new();
    let name = NAME
        .get_or_init(|| Regex::new(r"^([A-Za-z_][\w.]*)\(").ok())
        .as_ref()
        .and_then(|re| re.captures(e))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
        .filter(|n| n.to_ascii_lowercase().contains("timeout"));
    let Some(name) = name else {
        return truncate(e, 120);
    };
    let value = VALUE
        .get_or_init(|| Regex::new(r"\(((?:read |connect )?timeout=[\d.]+)\)").ok())
        .as_ref()
        .and_then(|re| re.captures(e))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string());
    match value {
        Some(v) => format!("{name} ({v})"),
        None => name.to_string(),
    }
}

fn outliers(rows: &[Row], t: &Thresholds) -> Vec<Ranked> {
    rows.iter()
        .filter(|r| r.stats.requests >= t.min_requests())
        .filter_map(|r| {
            let s = r.stats;
            let (p95, max) = (s.p95()?, s.max_ms?);
            // Locust rounds percentiles; a 0 ms p95 counts as 1 ms.
            let ratio = max / p95.max(1.0);
            if !ratio.is_finite() || ratio < t.outlier_ratio() || max < t.outlier_min_ms() {
                return None;
            }
            let message = format!(
                "{} has a maximum of {}, {} its p95 of {} ({} requests): a few requests took far longer than the rest",
                r.label,
                fmt_ms(max),
                fmt_ratio(ratio),
                fmt_ms(p95),
                s.requests
            );
            let mut f = finding(FindingKind::Outlier, message, vec![r.label.clone()]);
            f.numbers.requests = Some(s.requests);
            f.numbers.p95_ms = Some(round(p95, 1));
            f.numbers.max_ms = Some(round(max, 1));
            f.numbers.ratio = Some(round(ratio, 2));
            Some(Ranked {
                severity: ratio,
                label: r.label.clone(),
                tiebreak: r.key(),
                finding: f,
            })
        })
        .collect()
}

fn bimodal(rows: &[Row], t: &Thresholds) -> Vec<Ranked> {
    rows.iter()
        .filter(|r| r.stats.requests >= t.min_requests())
        .filter_map(|r| {
            let s = r.stats;
            let median = s.median_ms.or_else(|| s.p50())?;
            let average = s.average_ms?;
            if median <= 0.0 {
                return None;
            }
            let ratio = average / median;
            if !ratio.is_finite() || ratio < t.bimodal_ratio() || average - median < t.bimodal_min_gap_ms() {
                return None;
            }
            let p95 = s.p95();
            let p95_text = p95.map(|p| format!(", p95 {}", fmt_ms(p))).unwrap_or_default();
            let message = format!(
                "{} is bimodal: its mean of {} is {} its median of {} ({} requests{p95_text}), so some requests take a much slower path than most",
                r.label,
                fmt_ms(average),
                fmt_ratio(ratio),
                fmt_ms(median),
                s.requests
            );
            let mut f = finding(FindingKind::Bimodal, message, vec![r.label.clone()]);
            f.numbers.requests = Some(s.requests);
            f.numbers.median_ms = Some(round(median, 1));
            f.numbers.average_ms = Some(round(average, 1));
            f.numbers.ratio = Some(round(ratio, 2));
            if let Some(p) = p95 {
                f.numbers.p95_ms = Some(round(p, 1));
            }
            Some(Ranked {
                severity: ratio,
                label: r.label.clone(),
                tiebreak: r.key(),
                finding: f,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Exceptions.

fn exceptions(list: &[ExceptionRow]) -> Vec<Ranked> {
    static NO_TASKS: OnceLock<Option<Regex>> = OnceLock::new();
    let no_tasks = NO_TASKS
        .get_or_init(|| Regex::new(r"No tasks defined(?: on ([A-Za-z_]\w*))?").ok())
        .as_ref();
    list.iter()
        .map(|e| {
            let cleaned = clean_exception(&e.message);
            let times = format!("{} time{}", e.count, plural(e.count));
            let message = match no_tasks.and_then(|re| re.captures(&cleaned)) {
                Some(c) => match c.get(1).map(|m| m.as_str()) {
                    Some(class) => format!(
                        "`No tasks defined on {class}` was raised {times}: user class {class} has no tasks: with the tag filter used (--tags/--exclude-tags), all its tasks were filtered out; Locust raises this for every {class} user it spawns, which also lowers the load"
                    ),
                    None => format!(
                        "`No tasks defined` was raised {times}: a user class has no tasks: with the tag filter used (--tags/--exclude-tags), all its tasks were filtered out; Locust raises this for every such user it spawns, which also lowers the load"
                    ),
                },
                None => {
                    let place = user_frame(&e.traceback)
                        .map(|p| format!(" (in {p})"))
                        .unwrap_or_default();
                    format!("User code raised `{cleaned}` {times}{place}")
                }
            };
            let mut f = finding(FindingKind::Exception, message, Vec::new());
            f.numbers.count = Some(e.count);
            Ranked {
                severity: e.count as f64,
                label: cleaned,
                tiebreak: e.line.to_string(),
                finding: f,
            }
        })
        .collect()
}

/// The message on one line; for `No tasks defined on X. Use the @task...`
/// only its first sentence; at most 200 characters.
fn clean_exception(message: &str) -> String {
    let one_line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let one_line = one_line.trim_end_matches('.').to_string();
    if one_line.starts_with("No tasks defined") {
        if let Some(i) = one_line.find(". ") {
            return one_line[..i].to_string();
        }
    }
    truncate(&one_line, 200)
}

/// `func, file:line` of the innermost traceback frame outside Locust and
/// site-packages (else the innermost frame).
fn user_frame(traceback: &str) -> Option<String> {
    static FRAME: OnceLock<Option<Regex>> = OnceLock::new();
    let re = FRAME
        .get_or_init(|| Regex::new(r#"File "([^"]+)", line (\d+), in (\S+)"#).ok())
        .as_ref()?;
    let frames: Vec<(String, String, String)> = re
        .captures_iter(traceback)
        .filter_map(|c| {
            Some((
                c.get(1)?.as_str().to_string(),
                c.get(2)?.as_str().to_string(),
                c.get(3)?.as_str().to_string(),
            ))
        })
        .collect();
    let pick = frames
        .iter()
        .rev()
        .find(|(file, _, _)| !file.contains("site-packages") && !file.contains("/locust/"))
        .or_else(|| frames.last())?;
    let (file, line, func) = pick;
    let file = match file.split_once("site-packages/") {
        Some((_, rest)) => rest,
        None => file.as_str(),
    };
    Some(format!("{func}, {file}:{line}"))
}

// ---------------------------------------------------------------------------
// Formatting.

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => v[n / 2],
        _ => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `24.1%`, `46%`; never `100%` or `0%` for what is not exactly that.
fn fmt_pct(p: f64) -> String {
    if p.fract() == 0.0 {
        return format!("{p:.0}%");
    }
    let one = format!("{p:.1}");
    if one == "100.0" || one == "0.0" {
        format!("{p:.2}%")
    } else {
        format!("{}%", one.trim_end_matches(".0"))
    }
}

/// `3.2 ms`, `655 ms`, `117.1 s`.
fn fmt_ms(ms: f64) -> String {
    if ms >= 10_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

/// `3.9×`, `1064×`.
fn fmt_ratio(r: f64) -> String {
    if r >= 100.0 {
        format!("{r:.0}×")
    } else {
        format!("{r:.1}×")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::stats::{FailureRow, Percentile, RunFiles, StatsFormat};

    fn row(method: &str, name: &str, requests: u64, failures: u64) -> StatsRow {
        StatsRow {
            method: Some(method.to_string()),
            name: name.to_string(),
            requests,
            failures,
            median_ms: Some(10.0),
            average_ms: Some(12.0),
            min_ms: Some(5.0),
            max_ms: Some(30.0),
            average_content_size: None,
            rps: None,
            failures_per_s: None,
            percentiles: vec![pct(50.0, 10.0), pct(95.0, 25.0), pct(99.0, 30.0)],
            line: 2,
        }
    }

    fn pct(percent: f64, ms: f64) -> Percentile {
        Percentile {
            label: format!("{percent}%"),
            percent,
            ms: Some(ms),
        }
    }

    fn times(mut r: StatsRow, median: f64, average: f64, p95: f64, max: f64) -> StatsRow {
        r.median_ms = Some(median);
        r.average_ms = Some(average);
        r.max_ms = Some(max);
        r.percentiles = vec![pct(50.0, median), pct(95.0, p95), pct(99.0, max)];
        r
    }

    fn failure(method: &str, name: &str, error: &str, n: u64) -> FailureRow {
        FailureRow {
            method: Some(method.to_string()),
            name: name.to_string(),
            error: error.to_string(),
            occurrences: n,
            first_seen: None,
            last_seen: None,
            line: 2,
        }
    }

    fn run(stats: Vec<StatsRow>, failures: Vec<FailureRow>) -> RunStats {
        let mut aggregated = row("GET", "Aggregated", 1000, 1000);
        aggregated.method = None;
        aggregated.max_ms = Some(5000.0);
        RunStats {
            format: StatsFormat::Current,
            files: RunFiles::default(),
            stats,
            aggregated: Some(aggregated),
            failures,
            exceptions: Vec::new(),
            history: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn label(r: &StatsRow) -> String {
        format!("{} {}", r.method.as_deref().unwrap_or(""), r.name)
    }

    fn of_kind(fs: &[Finding], kind: FindingKind) -> Vec<&Finding> {
        fs.iter().filter(|f| f.kind == kind).collect()
    }

    #[test]
    fn always_failing_names_the_errors() {
        let r = run(
            vec![
                row("POST", "/api/monitoring/report-client-metric/", 18, 18),
                row("GET", "/ok/", 10, 0),
                row("GET", "/never/", 0, 0),
            ],
            vec![failure(
                "POST",
                "/api/monitoring/report-client-metric/",
                "HTTPError('403 Client Error: Forbidden for url: /api/monitoring/report-client-metric/')",
                18,
            )],
        );
        let fs = find(&r, &Thresholds::default(), &label);
        assert_eq!(fs.len(), 1, "{fs:#?}");
        let f = &fs[0];
        assert_eq!(f.kind, FindingKind::AlwaysFailing);
        assert_eq!(
            f.message,
            "POST /api/monitoring/report-client-metric/ failed 18 of 18 requests (100%): HTTPError('403 Client Error: Forbidden') ×18"
        );
        assert_eq!(
            f.endpoints,
            vec!["POST /api/monitoring/report-client-metric/"]
        );
        assert_eq!(f.numbers.requests, Some(18));
        assert_eq!(f.numbers.failures, Some(18));
        assert_eq!(
            f.errors,
            vec!["HTTPError('403 Client Error: Forbidden') (×18)"]
        );
    }

    #[test]
    fn failure_rate_threshold_is_inclusive_and_lists_top_errors() {
        let r = run(
            vec![
                row("GET", "/at/", 100, 1),
                row("GET", "/below/", 1000, 9),
                row("POST", "/many/", 20, 10),
            ],
            vec![
                failure("POST", "/many/", "E1", 4),
                failure("POST", "/many/", "E2", 3),
                failure("POST", "/many/", "E3", 2),
                failure("POST", "/many/", "E4", 1),
                // Another method of the same name is not this row's.
                failure("GET", "/many/", "other", 7),
            ],
        );
        let fs = find(&r, &Thresholds::default(), &label);
        let rates = of_kind(&fs, FindingKind::FailureRate);
        assert_eq!(rates.len(), 2, "{fs:#?}");
        // Most severe first.
        assert_eq!(rates[0].endpoints, vec!["POST /many/"]);
        assert_eq!(rates[0].numbers.failure_pct, Some(50.0));
        assert_eq!(rates[0].errors, vec!["E1 (×4)", "E2 (×3)", "E3 (×2)"]);
        assert_eq!(
            rates[0].message,
            "POST /many/ failed 10 of 20 requests (50%): E1 ×4; E2 ×3; E3 ×2; and 1 other error ×1"
        );
        assert_eq!(rates[1].endpoints, vec!["GET /at/"]);
        assert_eq!(rates[1].numbers.failure_pct, Some(1.0));

        let t = Thresholds {
            failure_rate_pct: Some(1.5),
            top_errors: Some(1),
            ..Thresholds::default()
        };
        let fs = find(&r, &t, &label);
        let rates = of_kind(&fs, FindingKind::FailureRate);
        assert_eq!(rates.len(), 1);
        assert_eq!(rates[0].errors, vec!["E1 (×4)"]);
    }

    #[test]
    fn failure_rate_zero_threshold_needs_a_failure_and_skips_always_failing() {
        let r = run(
            vec![row("GET", "/fine/", 10, 0), row("GET", "/dead/", 3, 3)],
            Vec::new(),
        );
        let t = Thresholds {
            failure_rate_pct: Some(0.0),
            ..Thresholds::default()
        };
        let fs = find(&r, &t, &label);
        assert!(of_kind(&fs, FindingKind::FailureRate).is_empty(), "{fs:#?}");
        assert_eq!(of_kind(&fs, FindingKind::AlwaysFailing).len(), 1);
        assert_eq!(fs[0].message, "GET /dead/ failed 3 of 3 requests (100%)");
    }

    #[test]
    fn timeout_ceiling_clusters_maxima_and_mentions_timeouts() {
        let mk = |name: &str, max: f64| times(row("GET", name, 20, 0), 50.0, 80.0, 200.0, max);
        let r = run(
            vec![
                mk("/a/", 2003.7),
                mk("/b/", 2004.1),
                mk("/c/", 2004.3),
                mk("/d/", 2003.9),
                mk("/far/", 2300.0),
                mk("/fast/", 900.0),
            ],
            vec![
                failure(
                    "GET",
                    "/a/",
                    "ReadTimeout(ReadTimeoutError(\"HTTPConnectionPool(host='127.0.0.1', port=1): Read timed out. (read timeout=2.0)\"))",
                    2,
                ),
                failure("GET", "/b/", "HTTPError('504 Server Error: Gateway Timeout')", 1),
                failure("GET", "/c/", "CatchResponseError('bad json')", 1),
            ],
        );
        let fs = find(&r, &Thresholds::default(), &label);
        let c = of_kind(&fs, FindingKind::TimeoutCeiling);
        assert_eq!(c.len(), 1, "{fs:#?}");
        let c = c[0];
        assert_eq!(
            c.endpoints,
            vec!["GET /a/", "GET /b/", "GET /c/", "GET /d/"]
        );
        assert_eq!(c.numbers.value_ms, Some(2004.0));
        assert!(c.per_endpoint.contains(&EndpointNumber {
            endpoint: "GET /c/".into(),
            max_ms: 2004.3
        }));
        assert_eq!(c.numbers.timeout_errors, Some(3));
        assert!(
            c.message.contains("ReadTimeout (read timeout=2.0) ×2"),
            "{}",
            c.message
        );
        assert!(c.message.contains("504"), "{}", c.message);
        assert!(!c.message.contains("bad json"), "{}", c.message);
        assert_eq!(c.errors.len(), 2);
    }

    #[test]
    fn timeout_ceiling_edges() {
        let mk = |name: &str, max: f64| times(row("GET", name, 20, 0), 50.0, 80.0, 200.0, max);
        // Exactly at the tolerance (5% above the lowest) is in.
        let r = run(
            vec![mk("/a/", 1000.0), mk("/b/", 1025.0), mk("/c/", 1050.0)],
            Vec::new(),
        );
        let fs = find(&r, &Thresholds::default(), &label);
        let c = of_kind(&fs, FindingKind::TimeoutCeiling);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].numbers.value_ms, Some(1025.0));
        assert!(c[0]
            .message
            .contains("usually a pool, proxy or client timeout"));
        // Just past it, only two are left: not enough.
        let r = run(
            vec![mk("/a/", 1000.0), mk("/b/", 1025.0), mk("/c/", 1050.5)],
            Vec::new(),
        );
        assert!(of_kind(
            &find(&r, &Thresholds::default(), &label),
            FindingKind::TimeoutCeiling
        )
        .is_empty());
        // Below min_ms: no ceiling.
        let r = run(
            vec![mk("/a/", 999.0), mk("/b/", 999.0), mk("/c/", 999.0)],
            Vec::new(),
        );
        assert!(of_kind(
            &find(&r, &Thresholds::default(), &label),
            FindingKind::TimeoutCeiling
        )
        .is_empty());
        // Two endpoints are enough when configured.
        let t = Thresholds {
            timeout_ceiling_min_endpoints: Some(2),
            ..Thresholds::default()
        };
        let r = run(vec![mk("/a/", 120_300.0), mk("/b/", 120_700.0)], Vec::new());
        let fs = find(&r, &t, &label);
        let c = of_kind(&fs, FindingKind::TimeoutCeiling);
        assert_eq!(c.len(), 1);
        assert!(
            c[0].message.contains("about 120.5 s (120.3 s to 120.7 s)"),
            "{}",
            c[0].message
        );
    }

    #[test]
    fn two_ceilings_come_out_largest_first() {
        let mk = |name: &str, max: f64| times(row("GET", name, 20, 0), 50.0, 80.0, 200.0, max);
        let r = run(
            vec![
                mk("/a/", 100_350.0),
                mk("/b/", 100_588.0),
                mk("/c/", 100_914.0),
                mk("/d/", 114_040.0),
                mk("/e/", 115_826.0),
                mk("/f/", 116_894.0),
                mk("/g/", 116_933.0),
                mk("/h/", 117_069.0),
            ],
            Vec::new(),
        );
        let fs = find(&r, &Thresholds::default(), &label);
        let c = of_kind(&fs, FindingKind::TimeoutCeiling);
        assert_eq!(c.len(), 2, "{fs:#?}");
        assert_eq!(c[0].endpoints.len(), 5);
        assert_eq!(c[1].endpoints, vec!["GET /a/", "GET /b/", "GET /c/"]);
    }

    #[test]
    fn outlier_edges() {
        // max / p95 exactly 10 with max exactly 1000 ms: reported.
        let at = times(row("GET", "/at/", 5, 0), 50.0, 60.0, 100.0, 1000.0);
        // Ratio high but max below outlier_min_ms.
        let small = times(row("GET", "/small/", 50, 0), 5.0, 6.0, 10.0, 999.0);
        // Too few requests.
        let few = times(row("GET", "/few/", 4, 0), 50.0, 60.0, 100.0, 5000.0);
        // Ratio just below.
        let below = times(row("GET", "/below/", 50, 0), 50.0, 60.0, 101.0, 1000.0);
        let big = times(row("GET", "/big/", 500, 0), 50.0, 900.0, 110.0, 117_069.0);
        let r = run(vec![at, small, few, below, big], Vec::new());
        let fs = find(&r, &Thresholds::default(), &label);
        let o = of_kind(&fs, FindingKind::Outlier);
        assert_eq!(o.len(), 2, "{fs:#?}");
        assert_eq!(o[0].endpoints, vec!["GET /big/"]);
        assert_eq!(o[0].numbers.ratio, Some(1064.26));
        assert_eq!(
            o[0].message,
            "GET /big/ has a maximum of 117.1 s, 1064× its p95 of 110 ms (500 requests): a few requests took far longer than the rest"
        );
        assert_eq!(o[1].endpoints, vec!["GET /at/"]);
        assert_eq!(o[1].numbers.p95_ms, Some(100.0));
        assert_eq!(o[1].numbers.max_ms, Some(1000.0));
    }

    #[test]
    fn bimodal_edges() {
        let at = times(row("GET", "/at/", 5, 0), 10.0, 20.0, 40.0, 50.0);
        let below = times(row("GET", "/below/", 50, 0), 10.0, 19.9, 40.0, 50.0);
        let few = times(row("GET", "/few/", 4, 0), 10.0, 90.0, 400.0, 500.0);
        let rab = times(
            row("GET", "/detail_project/[id]/rekap-rab/", 13, 0),
            55.0,
            212.77,
            650.0,
            652.0,
        );
        let r = run(vec![at, below, few, rab], Vec::new());
        // By default a gap of 10 ms between mean and median is no finding.
        let fs = find(&r, &Thresholds::default(), &label);
        assert_eq!(of_kind(&fs, FindingKind::Bimodal).len(), 1, "{fs:#?}");
        let no_gap = Thresholds {
            bimodal_min_gap_ms: Some(0.0),
            ..Thresholds::default()
        };
        let fs = find(&r, &no_gap, &label);
        let b = of_kind(&fs, FindingKind::Bimodal);
        assert_eq!(b.len(), 2, "{fs:#?}");
        assert_eq!(b[0].endpoints, vec!["GET /detail_project/[id]/rekap-rab/"]);
        assert_eq!(b[0].numbers.median_ms, Some(55.0));
        assert_eq!(b[0].numbers.average_ms, Some(212.8));
        assert_eq!(b[0].numbers.p95_ms, Some(650.0));
        assert_eq!(b[0].numbers.ratio, Some(3.87));
        assert_eq!(
            b[0].message,
            "GET /detail_project/[id]/rekap-rab/ is bimodal: its mean of 213 ms is 3.9× its median of 55 ms (13 requests, p95 650 ms), so some requests take a much slower path than most"
        );
        assert_eq!(b[1].endpoints, vec!["GET /at/"]);
        let t = Thresholds {
            bimodal_ratio: Some(2.5),
            min_requests: Some(4),
            bimodal_min_gap_ms: Some(0.0),
            ..Thresholds::default()
        };
        let fs = find(&r, &t, &label);
        let names: Vec<_> = of_kind(&fs, FindingKind::Bimodal)
            .iter()
            .map(|f| f.endpoints[0].clone())
            .collect();
        assert_eq!(
            names,
            vec!["GET /few/", "GET /detail_project/[id]/rekap-rab/"]
        );
    }

    #[test]
    fn auth_failures_combine_login_rows() {
        let r = run(
            vec![
                row("POST", "[AUTH] Login POST", 100, 46),
                row("GET", "[AUTH] Login page", 100, 0),
                row("GET", "/api/items/", 100, 50),
            ],
            vec![failure(
                "POST",
                "[AUTH] Login POST",
                "HTTPError('500 Server Error: Internal Server Error for url: [AUTH] Login POST')",
                46,
            )],
        );
        let fs = find(&r, &Thresholds::default(), &label);
        let a = of_kind(&fs, FindingKind::AuthFailures);
        assert_eq!(a.len(), 1, "{fs:#?}");
        let a = a[0];
        assert_eq!(
            a.endpoints,
            vec!["POST [AUTH] Login POST", "GET [AUTH] Login page"]
        );
        assert_eq!(a.numbers.requests, Some(200));
        assert_eq!(a.numbers.failures, Some(46));
        assert_eq!(a.numbers.failure_pct, Some(23.0));
        assert!(
            a.message.starts_with("Login/auth requests failed 46 of 200 times (23%): POST [AUTH] Login POST 46 of 100 (46%), mostly HTTPError('500 Server Error: Internal Server Error') ×46;"),
            "{}",
            a.message
        );
        assert_eq!(
            a.errors,
            vec!["HTTPError('500 Server Error: Internal Server Error') (×46)"]
        );

        // The pattern applies to the label (the joined endpoint) too.
        let t = Thresholds {
            auth_pattern: Some("^POST /accounts/".into()),
            ..Thresholds::default()
        };
        let by_path = |r: &StatsRow| {
            if r.name.contains("Login POST") {
                "POST /accounts/login/".to_string()
            } else {
                label(r)
            }
        };
        let fs = find(&r, &t, &by_path);
        let a = of_kind(&fs, FindingKind::AuthFailures);
        assert_eq!(a[0].endpoints, vec!["POST /accounts/login/"]);
        assert_eq!(a[0].numbers.failure_pct, Some(46.0));
    }

    #[test]
    fn no_auth_finding_without_auth_failures_or_with_a_bad_pattern() {
        let r = run(
            vec![row("POST", "login", 11, 0), row("GET", "/x/", 10, 5)],
            Vec::new(),
        );
        assert!(of_kind(
            &find(&r, &Thresholds::default(), &label),
            FindingKind::AuthFailures
        )
        .is_empty());
        let t = Thresholds {
            auth_pattern: Some("(".into()),
            ..Thresholds::default()
        };
        let r = run(vec![row("POST", "login", 11, 3)], Vec::new());
        assert!(of_kind(&find(&r, &t, &label), FindingKind::AuthFailures).is_empty());
    }

    #[test]
    fn exceptions_are_explained() {
        let mut r = run(Vec::new(), Vec::new());
        r.exceptions = vec![
            ExceptionRow {
                count: 6,
                message: "No tasks defined on HeavyExportUser. Use the @task decorator or set the 'tasks' attribute of the User".into(),
                traceback: String::new(),
                nodes: vec!["local".into()],
                line: 2,
            },
            ExceptionRow {
                count: 9,
                message: "KeyError: 'job_id'\n".into(),
                traceback: "  File \"/venv/lib/python3.11/site-packages/locust/user/task.py\", line 358, in run\n    x\n  File \"/src/locustfile.py\", line 42, in export\n    y\n".into(),
                nodes: Vec::new(),
                line: 3,
            },
        ];
        let fs = find(&r, &Thresholds::default(), &label);
        assert_eq!(fs.len(), 2, "{fs:#?}");
        assert_eq!(fs[0].numbers.count, Some(9));
        assert_eq!(
            fs[0].message,
            "User code raised `KeyError: 'job_id'` 9 times (in export, /src/locustfile.py:42)"
        );
        assert_eq!(
            fs[1].message,
            "`No tasks defined on HeavyExportUser` was raised 6 times: user class HeavyExportUser has no tasks: with the tag filter used (--tags/--exclude-tags), all its tasks were filtered out; Locust raises this for every HeavyExportUser user it spawns, which also lowers the load"
        );
        assert!(fs[1].endpoints.is_empty());
    }

    #[test]
    fn aggregated_is_never_an_endpoint_and_kinds_come_in_order() {
        let mut agg = times(
            row("GET", "Aggregated", 100, 100),
            10.0,
            900.0,
            20.0,
            5000.0,
        );
        agg.method = None;
        let r = run(
            vec![
                agg,
                row("GET", "/z-dead/", 2, 2),
                row("GET", "/a-dead/", 2, 2),
                times(row("POST", "/login/", 10, 5), 10.0, 30.0, 40.0, 50.0),
            ],
            Vec::new(),
        );
        let t = Thresholds {
            bimodal_min_gap_ms: Some(0.0),
            ..Thresholds::default()
        };
        let fs = find(&r, &t, &label);
        assert!(fs
            .iter()
            .all(|f| f.endpoints.iter().all(|e| !e.contains("Aggregated"))));
        let kinds: Vec<(FindingKind, &str)> = fs
            .iter()
            .map(|f| (f.kind, f.endpoints[0].as_str()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (FindingKind::AlwaysFailing, "GET /a-dead/"),
                (FindingKind::AlwaysFailing, "GET /z-dead/"),
                (FindingKind::FailureRate, "POST /login/"),
                (FindingKind::Bimodal, "POST /login/"),
                (FindingKind::AuthFailures, "POST /login/"),
            ]
        );
    }

    #[test]
    fn formatting() {
        assert_eq!(fmt_pct(100.0), "100%");
        assert_eq!(fmt_pct(24.137), "24.1%");
        assert_eq!(fmt_pct(99.99), "99.99%");
        assert_eq!(fmt_pct(33.0 + 1.0 / 3.0), "33.3%");
        assert_eq!(fmt_pct(12.04), "12%");
        assert_eq!(fmt_ms(3.31), "3.3 ms");
        assert_eq!(fmt_ms(2003.96), "2004 ms");
        assert_eq!(fmt_ms(117_069.0), "117.1 s");
        assert_eq!(
            clean_error("HTTPError('503 Server Error: Service Unavailable for url: /x/')"),
            "HTTPError('503 Server Error: Service Unavailable')"
        );
    }
}
