//! Stats rows, failures and runs for the tests of each family of findings.

pub(super) use super::find;
pub(super) use crate::config::Thresholds;
pub(super) use crate::model::findings::{EndpointNumber, Finding, FindingKind};
pub(super) use crate::model::stats::{
    ExceptionRow, FailureRow, Percentile, RunFiles, RunStats, StatsFormat, StatsRow,
};

pub(super) fn row(method: &str, name: &str, requests: u64, failures: u64) -> StatsRow {
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
        histogram: None,
        line: 2,
    }
}

pub(super) fn pct(percent: f64, ms: f64) -> Percentile {
    Percentile {
        label: format!("{percent}%"),
        percent,
        ms: Some(ms),
    }
}

pub(super) fn times(mut r: StatsRow, median: f64, average: f64, p95: f64, max: f64) -> StatsRow {
    r.median_ms = Some(median);
    r.average_ms = Some(average);
    r.max_ms = Some(max);
    r.percentiles = vec![pct(50.0, median), pct(95.0, p95), pct(99.0, max)];
    r
}

/// `r` with these percentile columns (`(percent, ms)`), its median the first.
pub(super) fn columns(mut r: StatsRow, average: f64, cols: &[(f64, f64)]) -> StatsRow {
    r.percentiles = cols.iter().map(|(p, ms)| pct(*p, *ms)).collect();
    r.median_ms = cols.first().map(|c| c.1);
    r.max_ms = cols.last().map(|c| c.1);
    r.average_ms = Some(average);
    r
}

pub(super) fn failure(method: &str, name: &str, error: &str, n: u64) -> FailureRow {
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

pub(super) fn run(stats: Vec<StatsRow>, failures: Vec<FailureRow>) -> RunStats {
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

pub(super) fn label(r: &StatsRow) -> String {
    format!("{} {}", r.method.as_deref().unwrap_or(""), r.name)
}

pub(super) fn of_kind(fs: &[Finding], kind: FindingKind) -> Vec<&Finding> {
    fs.iter().filter(|f| f.kind == kind).collect()
}
