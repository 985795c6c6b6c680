//! The shape of an endpoint's response times: outliers far above its p95, and
//! bimodal endpoints (a fast and a slow group of requests, the mean far above
//! the median). Both need enough requests to say so, and neither repeats a
//! timeout ceiling: requests cut off at a ceiling are the ceiling's finding.

use super::format::{fmt_ms, fmt_ratio, round};
use super::ranking::{finding, Ranked, Row};
use super::timeout::Ceiling;
use crate::config::Thresholds;
use crate::model::findings::FindingKind;

/// The lowest maximum of the ceiling `row` belongs to, if any.
fn ceiling_of(row: &Row, ceilings: &[Ceiling]) -> Option<f64> {
    ceilings
        .iter()
        .find(|c| c.labels.contains(&row.label))
        .map(|c| c.lowest_ms)
}

pub(super) fn outliers(rows: &[Row], t: &Thresholds, ceilings: &[Ceiling]) -> Vec<Ranked> {
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
            // Its maximum is the ceiling, said there.
            if ceiling_of(r, ceilings).is_some() {
                return None;
            }
            let message = format!(
                "{} has a maximum of {}, {} its p95 of {} ({} requests, so at most {} above the p95): a few requests took far longer than the rest",
                r.label,
                fmt_ms(max),
                fmt_ratio(ratio),
                fmt_ms(p95),
                s.requests,
                above_p95(s.requests)
            );
            let mut f = finding(FindingKind::Outlier, message, vec![r.label.clone()]);
            f.numbers.requests = Some(s.requests);
            f.numbers.p95_ms = Some(round(p95, 1));
            f.numbers.max_ms = Some(round(max, 1));
            f.numbers.ratio = Some(round(ratio, 2));
            Some(r.ranked(ratio, f))
        })
        .collect()
}

/// Requests that can lie above Locust's p95 of `n` requests: Locust's
/// percentile is the highest time with at most `floor(n * 0.95)` requests
/// below it.
fn above_p95(n: u64) -> u64 {
    n.saturating_sub((n * 95) / 100 + 1)
}

/// Where a bimodal endpoint's slow requests begin: the widest step between
/// neighbouring percentile columns from the median up, if the higher one is
/// at least `bimodal_jump` times the lower, with the least number of requests
/// at or above the higher one.
struct Split {
    fast_ms: f64,
    slow_ms: f64,
    slow_requests: u64,
}

fn split(row: &Row, t: &Thresholds) -> Option<Split> {
    let s = row.stats;
    let median = s.p50()?;
    let mut columns: Vec<(f64, f64)> = s
        .percentiles
        .iter()
        .filter(|p| p.percent > 50.0)
        .filter_map(|p| Some((p.percent, p.ms?)))
        .collect();
    if let Some(max) = s.max_ms {
        columns.push((100.0, max));
    }
    columns.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut lower = median;
    let mut widest: Option<(f64, Split)> = None;
    for (percent, ms) in columns {
        if lower > 0.0 {
            let step = ms / lower;
            if step >= t.bimodal_jump() && widest.as_ref().is_none_or(|(w, _)| step > *w) {
                // Locust's percentile column P is the highest time with at
                // most floor(n * P / 100) requests below it: the rest are at
                // or above it.
                let below = ((s.requests as f64) * percent / 100.0).floor() as u64;
                let slow_requests = s.requests.saturating_sub(below).max(1);
                let split = Split {
                    fast_ms: lower,
                    slow_ms: ms,
                    slow_requests,
                };
                widest = Some((step, split));
            }
        }
        lower = lower.max(ms);
    }
    widest.map(|(_, s)| s)
}

pub(super) fn bimodal(rows: &[Row], t: &Thresholds, ceilings: &[Ceiling]) -> Vec<Ranked> {
    rows.iter()
        .filter(|r| r.stats.requests >= t.min_requests())
        .filter_map(|r| {
            let s = r.stats;
            let median = s.p50()?;
            let average = s.average_ms?;
            if median <= 0.0 {
                return None;
            }
            let ratio = average / median;
            if !ratio.is_finite() || ratio < t.bimodal_ratio() || average - median < t.bimodal_min_gap_ms() {
                return None;
            }
            let sp = split(r, t)?;
            let least = (t.bimodal_min_slow_requests() as f64)
                .max(t.bimodal_min_slow_pct() / 100.0 * s.requests as f64);
            if (sp.slow_requests as f64) < least {
                return None;
            }
            // Slow requests that are those cut off at a ceiling are the ceiling.
            if ceiling_of(r, ceilings).is_some_and(|lowest| sp.slow_ms >= lowest * 0.95) {
                return None;
            }
            let message = format!(
                "{} is bimodal: at least {} of its {} requests took {} or more while the rest stayed at or under {}; its mean of {} is {} its median of {}",
                r.label,
                sp.slow_requests,
                s.requests,
                fmt_ms(sp.slow_ms),
                fmt_ms(sp.fast_ms),
                fmt_ms(average),
                fmt_ratio(ratio),
                fmt_ms(median),
            );
            let mut f = finding(FindingKind::Bimodal, message, vec![r.label.clone()]);
            f.numbers.requests = Some(s.requests);
            f.numbers.slow_requests = Some(sp.slow_requests);
            f.numbers.slow_from_ms = Some(round(sp.slow_ms, 1));
            f.numbers.median_ms = Some(round(median, 1));
            f.numbers.average_ms = Some(round(average, 1));
            f.numbers.ratio = Some(round(ratio, 2));
            if let Some(p) = s.p95() {
                f.numbers.p95_ms = Some(round(p, 1));
            }
            Some(r.ranked(ratio, f))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn outlier_edges() {
        // max / p95 exactly 10 with max exactly 1000 ms: reported.
        let at = times(row("GET", "/at/", 21, 0), 50.0, 60.0, 100.0, 1000.0);
        // Ratio high but max below outlier_min_ms.
        let small = times(row("GET", "/small/", 50, 0), 5.0, 6.0, 10.0, 999.0);
        // Too few requests.
        let few = times(row("GET", "/few/", 9, 0), 50.0, 60.0, 100.0, 5000.0);
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
            "GET /big/ has a maximum of 117.1 s, 1064× its p95 of 110 ms (500 requests, so at most 24 above the p95): a few requests took far longer than the rest"
        );
        assert_eq!(o[1].endpoints, vec!["GET /at/"]);
        assert_eq!(o[1].numbers.p95_ms, Some(100.0));
        assert_eq!(o[1].numbers.max_ms, Some(1000.0));
        assert!(o[1]
            .message
            .contains("(21 requests, so at most 1 above the p95)"));
    }

    #[test]
    fn an_endpoint_of_a_ceiling_is_not_also_an_outlier_or_bimodal() {
        let timeout = "ReadTimeout(ReadTimeoutError(\"x: Read timed out. (read timeout=2.0)\"))";
        let mk = |name: &str| {
            columns(
                row("GET", name, 40, 4),
                250.0,
                &[
                    (50.0, 20.0),
                    (75.0, 25.0),
                    (90.0, 2000.0),
                    (95.0, 2000.0),
                    (100.0, 2004.0),
                ],
            )
        };
        let r = run(
            vec![mk("/a/"), mk("/b/"), mk("/c/")],
            vec![failure("GET", "/a/", timeout, 4)],
        );
        let fs = find(&r, &Thresholds::default(), &label);
        assert_eq!(
            of_kind(&fs, FindingKind::TimeoutCeiling).len(),
            1,
            "{fs:#?}"
        );
        assert!(of_kind(&fs, FindingKind::Bimodal).is_empty(), "{fs:#?}");
        assert!(of_kind(&fs, FindingKind::Outlier).is_empty(), "{fs:#?}");
        // The same shape away from any ceiling is bimodal.
        let r = run(vec![mk("/a/")], Vec::new());
        let fs = find(&r, &Thresholds::default(), &label);
        assert_eq!(of_kind(&fs, FindingKind::Bimodal).len(), 1, "{fs:#?}");
    }

    /// Ten requests at 50 ms but `slow` of them at 2 s, as Locust's columns
    /// show them (the percentile P is the highest time with at most
    /// floor(10 * P / 100) requests below it).
    fn ten_with_slow(slow: usize) -> StatsRow {
        let at = |p: f64| {
            let below = (10.0 * p / 100.0_f64).floor() as usize;
            if 10 - below <= slow {
                2000.0
            } else {
                50.0
            }
        };
        let cols: Vec<(f64, f64)> = [50.0, 66.0, 75.0, 80.0, 90.0, 95.0, 98.0, 99.0, 100.0]
            .iter()
            .map(|p| (*p, if *p == 100.0 { 2000.0 } else { at(*p) }))
            .collect();
        let average = (2000.0 * slow as f64 + 50.0 * (10 - slow) as f64) / 10.0;
        columns(row("GET", &format!("/slow{slow}/"), 10, 0), average, &cols)
    }

    #[test]
    fn one_slow_request_among_ten_is_no_finding() {
        let r = run(vec![ten_with_slow(1), ten_with_slow(2)], Vec::new());
        let fs = find(&r, &Thresholds::default(), &label);
        assert!(of_kind(&fs, FindingKind::Outlier).is_empty(), "{fs:#?}");
        let b = of_kind(&fs, FindingKind::Bimodal);
        assert_eq!(b.len(), 1, "{fs:#?}");
        assert_eq!(b[0].endpoints, vec!["GET /slow2/"]);
        assert_eq!(b[0].numbers.slow_requests, Some(2));
        assert_eq!(b[0].numbers.requests, Some(10));
        assert!(
            b[0].message.starts_with(
                "GET /slow2/ is bimodal: at least 2 of its 10 requests took 2000 ms or more while the rest stayed at or under 50 ms"
            ),
            "{}",
            b[0].message
        );
    }

    #[test]
    fn a_smooth_heavy_tail_is_not_bimodal() {
        // Under load: median 300 ms, mean twice that, rising without a gap.
        let tail = columns(
            row("GET", "/tail/", 2000, 0),
            650.0,
            &[
                (50.0, 300.0),
                (66.0, 420.0),
                (75.0, 560.0),
                (80.0, 700.0),
                (90.0, 1300.0),
                (95.0, 2400.0),
                (98.0, 4500.0),
                (99.0, 8000.0),
                (100.0, 23_000.0),
            ],
        );
        let r = run(vec![tail], Vec::new());
        let fs = find(&r, &Thresholds::default(), &label);
        assert!(of_kind(&fs, FindingKind::Bimodal).is_empty(), "{fs:#?}");
    }

    #[test]
    fn bimodal_edges() {
        let rab = columns(
            row("GET", "/detail_project/[id]/rekap-rab/", 13, 0),
            212.77,
            &[
                (50.0, 55.0),
                (66.0, 72.0),
                (75.0, 610.0),
                (80.0, 610.0),
                (90.0, 620.0),
                (95.0, 650.0),
                (100.0, 652.0),
            ],
        );
        // The same shape with a gap of 20 ms between mean and median.
        let fast = columns(
            row("GET", "/fast/", 13, 0),
            30.0,
            &[
                (50.0, 10.0),
                (66.0, 12.0),
                (75.0, 60.0),
                (95.0, 60.0),
                (100.0, 61.0),
            ],
        );
        let few = columns(
            row("GET", "/few/", 9, 0),
            212.77,
            &[(50.0, 55.0), (66.0, 72.0), (75.0, 610.0), (100.0, 652.0)],
        );
        let r = run(vec![rab, fast, few], Vec::new());
        let fs = find(&r, &Thresholds::default(), &label);
        let b = of_kind(&fs, FindingKind::Bimodal);
        assert_eq!(b.len(), 1, "{fs:#?}");
        assert_eq!(b[0].endpoints, vec!["GET /detail_project/[id]/rekap-rab/"]);
        assert_eq!(b[0].numbers.median_ms, Some(55.0));
        assert_eq!(b[0].numbers.average_ms, Some(212.8));
        assert_eq!(b[0].numbers.p95_ms, Some(650.0));
        assert_eq!(b[0].numbers.ratio, Some(3.87));
        assert_eq!(b[0].numbers.slow_from_ms, Some(610.0));
        assert_eq!(
            b[0].message,
            "GET /detail_project/[id]/rekap-rab/ is bimodal: at least 4 of its 13 requests took 610 ms or more while the rest stayed at or under 72 ms; its mean of 213 ms is 3.9× its median of 55 ms"
        );
        let t = Thresholds {
            min_requests: Some(5),
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
            vec![
                "GET /detail_project/[id]/rekap-rab/",
                "GET /few/",
                "GET /fast/"
            ]
        );
        // A wider jump is asked for: no split is wide enough.
        let t = Thresholds {
            bimodal_jump: Some(9.0),
            ..Thresholds::default()
        };
        assert!(of_kind(&find(&r, &t, &label), FindingKind::Bimodal).is_empty());
    }
}
