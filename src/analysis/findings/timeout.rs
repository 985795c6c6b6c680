//! A timeout ceiling: several endpoints sharing one maximum response time.

use super::errors::{by_count, error_list, truncate};
use super::format::{fmt_ms, median, round};
use super::ranking::{finding, Ranked, Row};
use crate::config::Thresholds;
use crate::model::findings::{EndpointNumber, FindingKind};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

pub(super) fn timeout_ceiling(rows: &[Row], t: &Thresholds) -> Vec<Ranked> {
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

pub(super) fn ceiling_finding(group: &[(&Row, f64)], t: &Thresholds) -> Ranked {
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

pub(super) fn is_timeout_error(e: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)time-?out|timed out|\b504\b").ok())
        .as_ref()
        .is_some_and(|re| re.is_match(e))
}

/// `ReadTimeout (read timeout=2.0)` for a long `ReadTimeout(...)` error; the
/// error itself when its exception name says nothing of a timeout.
pub(super) fn short_timeout(e: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

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
}
