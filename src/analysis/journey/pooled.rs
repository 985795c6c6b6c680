//! Findings pooled across runs: a row with a few requests in each run is
//! never judged by the run findings (`min_requests`), but over several runs
//! it may have enough. Its runs are pooled into one row and judged by the
//! same rules as one run's rows.
//!
//! # How rows are pooled
//! Counts are summed; the mean is weighted by requests; min and max are the
//! extremes. Locust's CSVs keep no individual response times, so the median
//! and each percentile are estimated: each run's percentile columns are read
//! as its distribution (a share of `p`% of its requests at or under that
//! column's value, and one request at its minimum), the runs are mixed in proportion to their requests, and
//! the pooled `p`% value is the lowest column value under which at least
//! `p`% of all requests fall. Runs read from Locust's `--json` report carry
//! their histograms: pooled, those give the exact percentiles instead.

use crate::analysis::findings;
use crate::config::Thresholds;
use crate::model::findings::{Finding, FindingKind};
use crate::model::stats::{Histogram, Percentile, RunStats, StatsFormat, StatsRow};
use std::collections::BTreeMap;

/// The kinds a single run leaves unjudged when a row has too few requests.
fn needs_requests(kind: FindingKind) -> bool {
    matches!(kind, FindingKind::Outlier | FindingKind::Bimodal)
}

/// The pooled findings of `runs`: rows in at least two runs, with fewer
/// than `min_requests` in each, and at least `min_requests` together.
pub(super) fn find(
    runs: &[&RunStats],
    t: &Thresholds,
    label: &dyn Fn(&StatsRow) -> String,
) -> Vec<Finding> {
    let min = t.min_requests();
    let mut groups: BTreeMap<(String, String), Vec<&StatsRow>> = BTreeMap::new();
    for run in runs {
        for r in &run.stats {
            let method = r.method.clone().unwrap_or_default().to_ascii_uppercase();
            groups.entry((method, r.name.clone())).or_default().push(r);
        }
    }
    let pooled: Vec<(StatsRow, usize)> = groups
        .into_values()
        .filter(|rows| rows.len() >= 2 && rows.iter().all(|r| r.requests < min))
        .map(|rows| (pool_rows(&rows), rows.len()))
        .filter(|(r, _)| r.requests >= min)
        .collect();
    if pooled.is_empty() {
        return Vec::new();
    }
    let counts: BTreeMap<String, usize> = pooled.iter().map(|(r, n)| (label(r), *n)).collect();
    let run = RunStats {
        format: StatsFormat::Current,
        files: Default::default(),
        stats: pooled.into_iter().map(|(r, _)| r).collect(),
        aggregated: None,
        failures: runs
            .iter()
            .flat_map(|r| r.failures.iter().cloned())
            .collect(),
        exceptions: Vec::new(),
        history: Vec::new(),
        warnings: Vec::new(),
    };
    findings::find(&run, t, label)
        .into_iter()
        .filter(|f| needs_requests(f.kind))
        .map(|mut f| {
            let n = f
                .endpoints
                .first()
                .and_then(|e| counts.get(e))
                .copied()
                .unwrap_or(0);
            f.message = format!(
                "pooled over {n} runs with fewer than {min} requests each: {}",
                f.message
            );
            f
        })
        .collect()
}

/// One row standing for `rows` (the same name in several runs), pooled as
/// the module documentation says. `rows` must not be empty for a useful
/// result; without rows it is a row of no requests.
pub fn pool_rows(rows: &[&StatsRow]) -> StatsRow {
    let requests: u64 = rows.iter().map(|r| r.requests).sum();
    let weighted = |f: fn(&StatsRow) -> Option<f64>| -> Option<f64> {
        let parts: Vec<(f64, f64)> = rows
            .iter()
            .filter(|r| r.requests > 0)
            .map(|r| f(r).map(|v| (v, r.requests as f64)))
            .collect::<Option<_>>()?;
        let n: f64 = parts.iter().map(|p| p.1).sum();
        (n > 0.0).then(|| parts.iter().map(|(v, w)| v * w).sum::<f64>() / n)
    };
    let extreme = |f: fn(&StatsRow) -> Option<f64>, pick: fn(f64, f64) -> f64| {
        rows.iter().filter_map(|r| f(r)).reduce(pick)
    };
    let labels: Vec<(String, f64)> = rows
        .iter()
        .max_by_key(|r| r.percentiles.len())
        .map(|r| {
            r.percentiles
                .iter()
                .map(|p| (p.label.clone(), p.percent))
                .collect()
        })
        .unwrap_or_default();
    let first = rows.first();
    let (min_ms, max_ms) = (
        extreme(|r| r.min_ms, f64::min),
        extreme(|r| r.max_ms, f64::max),
    );
    let histogram = Histogram::of_all(rows.iter().map(|r| r.histogram.as_ref()));
    let pick = |percent: f64| match &histogram {
        Some(h) => h.percentile(percent),
        None => estimate(rows, percent),
    };
    StatsRow {
        method: first.and_then(|r| r.method.clone()),
        name: first.map(|r| r.name.clone()).unwrap_or_default(),
        requests,
        failures: rows.iter().map(|r| r.failures).sum(),
        median_ms: match &histogram {
            Some(h) => h.median(min_ms, max_ms),
            None => estimate(rows, 50.0),
        },
        average_ms: weighted(|r| r.average_ms),
        min_ms,
        max_ms,
        average_content_size: weighted(|r| r.average_content_size),
        rps: None,
        failures_per_s: None,
        percentiles: labels
            .into_iter()
            .map(|(label, percent)| Percentile {
                ms: pick(percent),
                label,
                percent,
            })
            .collect(),
        histogram,
        line: 0,
    }
}

/// The `percent` value of the mixed distribution of `rows` (see the module
/// documentation).
fn estimate(rows: &[&StatsRow], percent: f64) -> Option<f64> {
    let total: u64 = rows.iter().map(|r| r.requests).sum();
    if total == 0 {
        return None;
    }
    // (value, share of the row's requests at or under it), per row.
    let points: Vec<(Vec<(f64, f64)>, f64)> = rows
        .iter()
        .filter(|r| r.requests > 0)
        .map(|r| {
            let mut pts: Vec<(f64, f64)> = r
                .percentiles
                .iter()
                .filter_map(|p| p.ms.map(|v| (v, p.percent)))
                .collect();
            if let Some(m) = r.median_ms {
                pts.push((m, 50.0));
            }
            if let Some(m) = r.max_ms {
                pts.push((m, 100.0));
            }
            // One request at least took the minimum: on a row of two
            // requests Locust's 50% column is the slower one.
            if let Some(m) = r.min_ms {
                pts.push((m, 100.0 / r.requests as f64));
            }
            (pts, r.requests as f64)
        })
        .collect();
    let mut candidates: Vec<f64> = points
        .iter()
        .flat_map(|(p, _)| p.iter().map(|x| x.0))
        .filter(|v| v.is_finite())
        .collect();
    candidates.sort_by(f64::total_cmp);
    candidates.dedup();
    let share_under = |x: f64| -> f64 {
        let under: f64 = points
            .iter()
            .map(|(pts, n)| {
                let p = pts
                    .iter()
                    .filter(|(v, _)| *v <= x)
                    .map(|(_, p)| *p)
                    .fold(0.0, f64::max);
                p * n
            })
            .sum();
        under / total as f64
    };
    candidates
        .iter()
        .copied()
        .find(|x| share_under(*x) >= percent - 1e-9)
        .or_else(|| candidates.last().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row of `n` requests whose percentile columns are `cols`
    /// (`(percent, ms)`), mean `avg`.
    fn row(n: u64, avg: f64, cols: &[(f64, f64)]) -> StatsRow {
        StatsRow {
            method: Some("GET".into()),
            name: "/x/".into(),
            requests: n,
            failures: 0,
            median_ms: cols.iter().find(|c| c.0 == 50.0).map(|c| c.1),
            average_ms: Some(avg),
            min_ms: cols.first().map(|c| c.1),
            max_ms: cols.last().map(|c| c.1),
            average_content_size: None,
            rps: None,
            failures_per_s: None,
            percentiles: cols
                .iter()
                .map(|(p, ms)| Percentile {
                    label: format!("{p}%"),
                    percent: *p,
                    ms: Some(*ms),
                })
                .collect(),
            histogram: None,
            line: 1,
        }
    }

    #[test]
    fn pooled_counts_mean_and_percentiles() {
        // Three runs of three requests: two fast, one slow in each.
        let r = row(
            3,
            340.0,
            &[(50.0, 10.0), (66.0, 10.0), (95.0, 1000.0), (100.0, 1000.0)],
        );
        let p = pool_rows(&[&r, &r, &r]);
        assert_eq!(p.requests, 9);
        assert_eq!(p.average_ms, Some(340.0));
        assert_eq!(p.median_ms, Some(10.0));
        assert_eq!(p.percentile(95.0), Some(1000.0));
        // One run all fast (4 requests), one all slow (1 request): the
        // median is fast, the p95 slow. Only two of the five requests are
        // known to be at 10 ms or under, so the median is the next value.
        let fast = row(4, 10.0, &[(50.0, 10.0), (95.0, 12.0), (100.0, 12.0)]);
        let slow = row(1, 900.0, &[(50.0, 900.0), (95.0, 900.0), (100.0, 900.0)]);
        let p = pool_rows(&[&fast, &slow]);
        assert_eq!(p.median_ms, Some(12.0));
        assert_eq!(p.percentile(95.0), Some(900.0));
        assert_eq!(p.max_ms, Some(900.0));
        assert_eq!(p.min_ms, Some(10.0));
        assert_eq!(p.average_ms, Some(188.0));
    }

    #[test]
    fn only_rows_small_in_every_run_are_pooled_and_judged() {
        // Locust's columns for three requests, one of them slow.
        let slow_one_in_three = row(
            3,
            340.0,
            &[
                (50.0, 10.0),
                (66.0, 10.0),
                (75.0, 1000.0),
                (80.0, 1000.0),
                (90.0, 1000.0),
                (95.0, 1000.0),
                (100.0, 1000.0),
            ],
        );
        let mut big = slow_one_in_three.clone();
        big.requests = 10;
        let run = |rows: Vec<StatsRow>| RunStats {
            format: StatsFormat::Current,
            files: Default::default(),
            stats: rows,
            aggregated: None,
            failures: Vec::new(),
            exceptions: Vec::new(),
            history: Vec::new(),
            warnings: Vec::new(),
        };
        let a = run(vec![slow_one_in_three.clone()]);
        let label = |r: &StatsRow| format!("GET {}", r.name);
        let t = Thresholds::default();
        let min = t.min_requests();
        // Four runs of three requests: twelve together, four of them slow.
        let found = find(&[&a, &a, &a, &a], &t, &label);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].kind, FindingKind::Bimodal);
        assert!(found[0].message.starts_with(&format!(
            "pooled over 4 runs with fewer than {min} requests each: GET /x/ is bimodal"
        )));
        // Too few requests even together.
        assert!(find(&[&a, &a], &t, &label).is_empty());
        // A run that could judge the row alone: no pooling.
        let c = run(vec![big]);
        assert!(find(&[&a, &a, &a, &c], &t, &label).is_empty());
        // One run alone is no pool.
        assert!(find(&[&a], &t, &label).is_empty());
    }
}
