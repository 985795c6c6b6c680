//! Load depth: the fourth reading of coverage beside exercised, declared and
//! disabled. An exercised endpoint is load-tested when its stats hold at
//! least `min_samples` requests, shallow with fewer: one request makes an
//! endpoint exercised, but its p95 means nothing until there are enough.

use crate::model::findings::{Finding, FindingKind};
use crate::model::report::{Depth, DepthCounts, EndpointReport, Report, ShallowEndpoint};
use crate::model::run::{CheckResult, Comparison, CriterionStatus};
use crate::model::stats::RunStats;

/// Requests an endpoint needs to count as load-tested unless configured: at
/// 100 requests Locust's p95 is the 95th of 100 sorted times, so five
/// requests lie above it and one slow request moves it by one rank only.
pub const DEFAULT_MIN_SAMPLES: u64 = 100;

/// Depth of one endpoint: `None` when not exercised.
pub fn depth_of(e: &EndpointReport, min_samples: u64) -> Option<Depth> {
    let requests = e.stats.as_ref().map_or(0, |s| s.requests);
    if requests == 0 {
        return None;
    }
    Some(if requests >= min_samples {
        Depth::LoadTested
    } else {
        Depth::Shallow
    })
}

/// Rounds a percentage to one decimal, as every coverage percentage.
fn pct(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    ((part as f64) * 1000.0 / (whole as f64)).round() / 10.0
}

fn counts<'a>(members: impl Iterator<Item = &'a EndpointReport>) -> DepthCounts {
    let (mut all, mut exercised, mut load_tested) = (0, 0, 0);
    for e in members {
        all += 1;
        match e.depth {
            Some(Depth::LoadTested) => {
                exercised += 1;
                load_tested += 1;
            }
            Some(Depth::Shallow) => exercised += 1,
            None => {}
        }
    }
    DepthCounts {
        exercised,
        exercised_pct: pct(exercised, all),
        load_tested,
        load_tested_pct: pct(load_tested, all),
        shallow: exercised - load_tested,
    }
}

/// Gives every endpoint, category and the summary its depth, and lists the
/// shallow endpoints (fewest requests first). For a report with a run.
pub fn apply(report: &mut Report, min_samples: u64) {
    for e in &mut report.endpoints {
        e.depth = depth_of(e, min_samples);
    }
    for c in &mut report.categories {
        c.depth = Some(counts(
            report
                .endpoints
                .iter()
                .filter(|e| e.categories.contains(&c.name)),
        ));
    }
    report.summary.depth = Some(counts(report.endpoints.iter()));
    let mut shallow: Vec<ShallowEndpoint> = report
        .endpoints
        .iter()
        .filter(|e| e.depth == Some(Depth::Shallow))
        .map(|e| ShallowEndpoint {
            method: e.method.clone(),
            path: e.path.clone(),
            requests: e.stats.as_ref().map_or(0, |s| s.requests),
            categories: e.categories.clone(),
        })
        .collect();
    shallow.sort_by(|a, b| (a.requests, &a.path, &a.method).cmp(&(b.requests, &b.path, &b.method)));
    report.min_samples = Some(min_samples);
    report.shallow = Some(shallow);
    for f in &mut report.findings {
        if matches!(f.kind, FindingKind::Outlier | FindingKind::Bimodal) {
            mark_small_sample(f, min_samples);
        }
    }
}

/// Says in a percentile finding that its endpoint's sample is under
/// `min_samples` (by its `requests` number).
pub fn mark_small_sample(f: &mut Finding, min_samples: u64) {
    let Some(requests) = f.numbers.requests else {
        return;
    };
    if requests < min_samples {
        f.message
            .push_str(&small_sample_note(requests, min_samples));
        f.numbers.min_samples = Some(min_samples);
    }
}

/// The words a percentile finding adds when its sample is too small to
/// trust, empty otherwise.
pub fn small_sample_note(requests: u64, min_samples: u64) -> String {
    if requests >= min_samples {
        String::new()
    } else {
        format!(" (only {requests} requests, under min_samples {min_samples}: its percentiles are not stable)")
    }
}

/// Says after the percentile reasons of a compared row (median, p95) when
/// either run has fewer than `min_samples` requests of it.
pub fn mark_comparison(c: &mut Comparison, min_samples: u64) {
    for row in &mut c.rows {
        let (Some(b), Some(cd)) = (&row.baseline, &row.candidate) else {
            continue;
        };
        let n = b.requests.min(cd.requests);
        if n >= min_samples {
            continue;
        }
        // Once per list, after its last percentile reason: the table is narrow.
        for list in [&mut row.reasons, &mut row.improvements] {
            let last = list
                .iter_mut()
                .rev()
                .find(|r| r.starts_with("median") || r.starts_with("p95"));
            if let Some(reason) = last {
                reason.push_str(&format!(" ({n} requests < min_samples {min_samples})"));
            }
        }
    }
}

/// Says in each judged percentile criterion of an endpoint or category row
/// (`max_p95_ms`, `max_median_ms`, ...) when its row has fewer than
/// `min_samples` requests.
pub fn mark_check(result: &mut CheckResult, run: &RunStats, min_samples: u64) {
    for r in &mut result.results {
        let percentile = r.criterion.starts_with("max_p") || r.criterion == "max_median_ms";
        if r.scope == "overall" || !percentile || r.status == CriterionStatus::Missing {
            continue;
        }
        let label = r
            .scope
            .split_once(": ")
            .filter(|_| r.scope.starts_with("category "))
            .map_or(r.scope.as_str(), |(_, l)| l);
        let Some(row) = run.stats.iter().find(|row| match &row.method {
            Some(m) => format!("{m} {}", row.name) == label,
            None => row.name == label,
        }) else {
            continue;
        };
        let note = small_sample_note(row.requests, min_samples);
        if !note.is_empty() {
            r.note = Some(note.trim().trim_matches(['(', ')']).to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_appears_only_under_the_minimum() {
        assert_eq!(small_sample_note(100, 100), "");
        assert!(small_sample_note(8, 100).contains("only 8 requests"));
    }
}
