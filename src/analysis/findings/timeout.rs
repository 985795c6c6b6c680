//! A timeout ceiling: several failing endpoints whose maxima sit at one high
//! value, the time after which a client, proxy or pool gives up.
//!
//! A shared maximum alone is weak evidence (under load, maxima of a few
//! seconds cluster by chance), so a ceiling needs a reason to be one: the
//! value is a timeout the run's own errors state (`read timeout=2.0`), the
//! client timeout the user gave, or, with neither, a value of at least
//! `timeout_ceiling_min_ms` (30 s). Every endpoint of a ceiling has failures:
//! a request cut off by a timeout fails.

use super::errors::{by_count, error_list, truncate};
use super::format::{fmt_ms, median, round};
use super::ranking::{finding, Ranked, Row};
use crate::config::StaticRegex;
use crate::config::Thresholds;
use crate::model::findings::{EndpointNumber, FindingKind};
use std::collections::{BTreeMap, BTreeSet};

/// What makes a shared maximum a timeout ceiling.
#[derive(Debug, Clone, PartialEq)]
enum Evidence {
    /// The client timeout the user gave, in ms.
    Given(f64),
    /// A timeout stated in the errors (`read timeout=2.0`), in ms, with its text.
    Stated(f64, String),
    /// Only the height of the shared maximum.
    High(f64),
}

/// A ceiling found: its endpoints (labels) and the lowest maximum among them.
pub(super) struct Ceiling {
    pub(super) labels: BTreeSet<String>,
    pub(super) lowest_ms: f64,
}

/// Requests cut off at a timeout T end a little after T (the time to notice
/// and raise); one just below T is rounding.
const BELOW_TIMEOUT: f64 = 0.01;

pub(super) fn timeout_ceiling(rows: &[Row], t: &Thresholds) -> (Vec<Ranked>, Vec<Ceiling>) {
    let tolerance = t.timeout_ceiling_tolerance_pct().max(0.0) / 100.0;
    // "Several" endpoints: one alone is an outlier at most.
    let min_endpoints = t.timeout_ceiling_min_endpoints().max(2);
    let mut candidates: Vec<(&Row, f64)> = rows
        .iter()
        .filter(|r| r.stats.requests > 0 && r.stats.failures > 0)
        .filter_map(|r| Some((r, r.stats.max_ms?)))
        .filter(|(_, max)| max.is_finite() && *max > 0.0)
        .collect();
    candidates.sort_by(|a, b| {
        a.1.total_cmp(&b.1)
            .then_with(|| a.0.label.cmp(&b.0.label))
            .then_with(|| a.0.key().cmp(&b.0.key()))
    });
    let mut groups: Vec<(Vec<(&Row, f64)>, Evidence)> = Vec::new();
    let mut known: Vec<Evidence> = stated_timeouts(&candidates);
    if let Some(given) = t.client_timeout_ms() {
        known.insert(0, Evidence::Given(given));
    }
    for evidence in known {
        let at = match &evidence {
            Evidence::Given(ms) | Evidence::Stated(ms, _) | Evidence::High(ms) => *ms,
        };
        let (lo, hi) = (at * (1.0 - BELOW_TIMEOUT), at * (1.0 + tolerance));
        let inside = |c: &(&Row, f64)| c.1 >= lo && c.1 <= hi;
        if candidates.iter().filter(|c| inside(c)).count() >= min_endpoints {
            let (group, rest): (Vec<_>, Vec<_>) = candidates.into_iter().partition(inside);
            candidates = rest;
            groups.push((group, evidence));
        }
    }
    // A timeout the user gave is where the ceiling is looked for; without
    // one, any shared maximum high enough to be a timeout.
    if t.client_timeout_ms().is_none() {
        candidates.retain(|c| c.1 >= t.timeout_ceiling_min_ms());
        groups.extend(
            shared_maxima(candidates, tolerance, min_endpoints)
                .into_iter()
                .map(|g| {
                    let lowest = g.first().map_or(0.0, |c| c.1);
                    (g, Evidence::High(lowest))
                }),
        );
    }
    let mut ceilings = Vec::new();
    let mut out = Vec::new();
    for (group, evidence) in groups {
        ceilings.push(Ceiling {
            labels: group.iter().map(|(r, _)| r.label.clone()).collect(),
            lowest_ms: group.iter().map(|c| c.1).fold(f64::INFINITY, f64::min),
        });
        out.push(ceiling_finding(&group, &evidence, t));
    }
    (out, ceilings)
}

/// Greedy: the largest group of maxima within the tolerance of its lowest
/// one (on a tie, the higher group), then again on what is left.
fn shared_maxima<'a>(
    mut candidates: Vec<(&'a Row<'a>, f64)>,
    tolerance: f64,
    min_endpoints: usize,
) -> Vec<Vec<(&'a Row<'a>, f64)>> {
    let mut out = Vec::new();
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
        out.push(candidates.drain(start..end).collect());
    }
    out
}

/// Timeouts the errors of `candidates` state (`timeout=2.0`, seconds), each
/// once, the highest first.
fn stated_timeouts(candidates: &[(&Row, f64)]) -> Vec<Evidence> {
    let Some(re) = STATED_TIMEOUT.get() else {
        return Vec::new();
    };
    let mut found: BTreeMap<u64, String> = BTreeMap::new();
    for (r, _) in candidates {
        for (e, _) in &r.errors {
            for c in re.captures_iter(e) {
                let seconds = c.get(2).and_then(|m| m.as_str().parse::<f64>().ok());
                if let (Some(s), Some(text)) = (seconds, c.get(1)) {
                    if s.is_finite() && s > 0.0 {
                        // Keyed by whole ms so 2.0 and 2 are one timeout.
                        found
                            .entry((s * 1000.0).round() as u64)
                            .or_insert_with(|| text.as_str().to_string());
                    }
                }
            }
        }
    }
    found
        .into_iter()
        .rev()
        .map(|(ms, text)| Evidence::Stated(ms as f64, text))
        .collect()
}

fn ceiling_finding(group: &[(&Row, f64)], evidence: &Evidence, t: &Thresholds) -> Ranked {
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
    let failures: u64 = members.iter().map(|(r, _)| r.stats.failures).sum();
    let requests: u64 = members.iter().map(|(r, _)| r.stats.requests).sum();

    let range = if fmt_ms(lo) == fmt_ms(hi) {
        String::new()
    } else {
        format!(" ({} to {})", fmt_ms(lo), fmt_ms(hi))
    };
    let list: Vec<String> = members
        .iter()
        .map(|(r, max)| {
            format!(
                "{} {} ({} of {} failed)",
                r.label,
                fmt_ms(*max),
                r.stats.failures,
                r.stats.requests
            )
        })
        .collect();
    let kinds = if timeout_count > 0 {
        let kinds: Vec<String> = by_count(short)
            .into_iter()
            .map(|(e, n)| format!("{e} ×{n}"))
            .collect();
        format!(
            "; {timeout_count} of their {failures} failures are timeouts ({})",
            kinds.join("; ")
        )
    } else {
        String::new()
    };
    let why = match evidence {
        Evidence::Given(ms) => format!(
            "the client timeout given ({}) cuts these requests off",
            fmt_ms(*ms)
        ),
        Evidence::Stated(ms, text) => format!(
            "their errors state the timeout ({text}, {}), which cuts these requests off",
            fmt_ms(*ms)
        ),
        Evidence::High(_) => format!(
            "a shared maximum this high is a pool, proxy or client timeout near {}",
            fmt_ms(value)
        ),
    };
    let message = format!(
        "{} endpoints share a maximum response time of about {}{range}, each with failures: {}{kinds}; {why}",
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
    f.numbers.requests = Some(requests);
    f.numbers.failures = Some(failures);
    if let Evidence::Given(ms) | Evidence::Stated(ms, _) = evidence {
        f.numbers.timeout_ms = Some(round(*ms, 1));
    }
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

pub(super) fn is_timeout_error(e: &str) -> bool {
    TIMEOUT_ERROR.get().is_some_and(|re| re.is_match(e))
}

static STATED_TIMEOUT: StaticRegex =
    StaticRegex::new(r"\b((?:read |connect )?timeout=(\d+(?:\.\d+)?))");

static TIMEOUT_ERROR: StaticRegex = StaticRegex::new(r"(?i)time-?out|timed out|\b504\b");

static EXCEPTION_NAME: StaticRegex = StaticRegex::new(r"^([A-Za-z_][\w.]*)\(");

static TIMEOUT_VALUE: StaticRegex = StaticRegex::new(r"\(((?:read |connect )?timeout=[\d.]+)\)");

/// Compiles this file's regexes (see [`super::compile_regexes`]).
pub(super) fn compile_regexes() {
    STATED_TIMEOUT.get();
    TIMEOUT_ERROR.get();
    EXCEPTION_NAME.get();
    TIMEOUT_VALUE.get();
}

/// `ReadTimeout (read timeout=2.0)` for a long `ReadTimeout(...)` error; the
/// error itself when its exception name says nothing of a timeout.
pub(super) fn short_timeout(e: &str) -> String {
    let name = EXCEPTION_NAME
        .get()
        .and_then(|re| re.captures(e))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
        .filter(|n| n.to_ascii_lowercase().contains("timeout"));
    let Some(name) = name else {
        return truncate(e, 120);
    };
    let value = TIMEOUT_VALUE
        .get()
        .and_then(|re| re.captures(e))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string());
    match value {
        Some(v) => format!("{name} ({v})"),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    fn mk(name: &str, max: f64) -> StatsRow {
        times(row("GET", name, 20, 2), 50.0, 80.0, 200.0, max)
    }

    fn ceilings(r: &RunStats, t: &Thresholds) -> Vec<Finding> {
        of_kind(&find(r, t, &label), FindingKind::TimeoutCeiling)
            .into_iter()
            .cloned()
            .collect()
    }

    const READ_TIMEOUT: &str = "ReadTimeout(ReadTimeoutError(\"HTTPConnectionPool(host='127.0.0.1', port=1): Read timed out. (read timeout=2.0)\"))";

    #[test]
    fn a_timeout_stated_in_the_errors_makes_a_low_ceiling() {
        let r = run(
            vec![
                mk("/a/", 2003.7),
                mk("/b/", 2004.1),
                mk("/c/", 2004.3),
                mk("/d/", 2003.9),
                // No failure: a request that ended at 2 s and succeeded was
                // not cut off.
                times(row("GET", "/ok/", 20, 0), 50.0, 80.0, 200.0, 2004.0),
                mk("/far/", 2300.0),
            ],
            vec![
                failure("GET", "/a/", READ_TIMEOUT, 2),
                failure(
                    "GET",
                    "/b/",
                    "HTTPError('504 Server Error: Gateway Timeout')",
                    1,
                ),
                failure("GET", "/c/", "CatchResponseError('bad json')", 1),
            ],
        );
        let c = ceilings(&r, &Thresholds::default());
        assert_eq!(c.len(), 1, "{c:#?}");
        let c = &c[0];
        assert_eq!(
            c.endpoints,
            vec!["GET /a/", "GET /b/", "GET /c/", "GET /d/"]
        );
        assert_eq!(c.numbers.value_ms, Some(2004.0));
        assert_eq!(c.numbers.timeout_ms, Some(2000.0));
        assert_eq!(c.numbers.timeout_errors, Some(3));
        assert_eq!(c.numbers.requests, Some(80));
        assert_eq!(c.numbers.failures, Some(8));
        assert!(c.per_endpoint.contains(&EndpointNumber {
            endpoint: "GET /c/".into(),
            max_ms: 2004.3
        }));
        assert!(
            c.message.contains("ReadTimeout (read timeout=2.0) ×2"),
            "{}",
            c.message
        );
        assert!(
            c.message.contains("GET /a/ 2004 ms (2 of 20 failed)"),
            "{}",
            c.message
        );
        assert!(
            c.message
                .contains("their errors state the timeout (read timeout=2.0, 2000 ms)"),
            "{}",
            c.message
        );
        assert!(c.message.contains("504"), "{}", c.message);
        assert!(!c.message.contains("bad json"), "{}", c.message);
        assert_eq!(c.errors.len(), 2);
    }

    #[test]
    fn shared_maxima_under_30_s_without_a_stated_timeout_are_no_ceiling() {
        // Maxima of a loaded server cluster by chance: 6 endpoints at 5 s.
        let rows: Vec<StatsRow> = (0..6)
            .map(|i| mk(&format!("/e{i}/"), 5000.0 + f64::from(i) * 20.0))
            .collect();
        let r = run(rows, Vec::new());
        assert!(ceilings(&r, &Thresholds::default()).is_empty());
        // The threshold is configurable.
        let t = Thresholds {
            timeout_ceiling_min_ms: Some(5000.0),
            ..Thresholds::default()
        };
        let c = ceilings(&r, &t);
        assert_eq!(c.len(), 1);
        assert!(
            c[0].message
                .contains("a shared maximum this high is a pool, proxy or client timeout near"),
            "{}",
            c[0].message
        );
        assert_eq!(c[0].numbers.timeout_ms, None);
    }

    #[test]
    fn high_ceiling_edges() {
        // Exactly at the tolerance (5% above the lowest) is in.
        let r = run(
            vec![
                mk("/a/", 30_000.0),
                mk("/b/", 30_750.0),
                mk("/c/", 31_500.0),
            ],
            Vec::new(),
        );
        let c = ceilings(&r, &Thresholds::default());
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].numbers.value_ms, Some(30_750.0));
        // Just past it, only two are left: not enough.
        let r = run(
            vec![
                mk("/a/", 30_000.0),
                mk("/b/", 30_750.0),
                mk("/c/", 31_500.5),
            ],
            Vec::new(),
        );
        assert!(ceilings(&r, &Thresholds::default()).is_empty());
        // Just below 30 s: no ceiling.
        let r = run(
            vec![
                mk("/a/", 29_999.0),
                mk("/b/", 29_999.0),
                mk("/c/", 29_999.0),
            ],
            Vec::new(),
        );
        assert!(ceilings(&r, &Thresholds::default()).is_empty());
        // Without failures: no ceiling.
        let ok = |n: &str| times(row("GET", n, 20, 0), 50.0, 80.0, 200.0, 40_000.0);
        let r = run(vec![ok("/a/"), ok("/b/"), ok("/c/")], Vec::new());
        assert!(ceilings(&r, &Thresholds::default()).is_empty());
        // Two endpoints are enough when configured.
        let t = Thresholds {
            timeout_ceiling_min_endpoints: Some(2),
            ..Thresholds::default()
        };
        let r = run(vec![mk("/a/", 120_300.0), mk("/b/", 120_700.0)], Vec::new());
        let c = ceilings(&r, &t);
        assert_eq!(c.len(), 1);
        assert!(
            c[0].message.contains("about 120.5 s (120.3 s to 120.7 s)"),
            "{}",
            c[0].message
        );
    }

    #[test]
    fn a_given_client_timeout_is_where_the_ceiling_is_looked_for() {
        let r = run(
            vec![
                mk("/a/", 120_300.0),
                mk("/b/", 120_700.0),
                mk("/c/", 121_000.0),
                mk("/x/", 60_100.0),
                mk("/y/", 60_200.0),
                mk("/z/", 60_300.0),
            ],
            Vec::new(),
        );
        // Without it, both groups are ceilings.
        assert_eq!(ceilings(&r, &Thresholds::default()).len(), 2);
        let t = Thresholds {
            client_timeout_s: Some(120.0),
            ..Thresholds::default()
        };
        let c = ceilings(&r, &t);
        assert_eq!(c.len(), 1, "{c:#?}");
        assert_eq!(c[0].endpoints, vec!["GET /a/", "GET /b/", "GET /c/"]);
        assert_eq!(c[0].numbers.timeout_ms, Some(120_000.0));
        assert!(
            c[0].message
                .contains("the client timeout given (120.0 s) cuts these requests off"),
            "{}",
            c[0].message
        );
        // A given timeout below 30 s makes a ceiling there.
        let r = run(
            vec![mk("/a/", 2003.0), mk("/b/", 2004.0), mk("/c/", 2010.0)],
            Vec::new(),
        );
        let t = Thresholds {
            client_timeout_s: Some(2.0),
            ..Thresholds::default()
        };
        assert_eq!(ceilings(&r, &t).len(), 1);
        assert!(ceilings(&r, &Thresholds::default()).is_empty());
    }

    #[test]
    fn two_ceilings_come_out_largest_first() {
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
        let c = ceilings(&r, &Thresholds::default());
        assert_eq!(c.len(), 2, "{c:#?}");
        assert_eq!(c[0].endpoints.len(), 5);
        assert_eq!(c[1].endpoints, vec!["GET /a/", "GET /b/", "GET /c/"]);
    }
}
