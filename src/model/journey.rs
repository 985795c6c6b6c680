//! A journey across many Locust runs of one application: the Aggregated
//! figures run by run, each row's failures and p95 run by run, and what holds
//! across the runs (`routecov journey`).

use super::findings::Finding;
use super::run::Figures;
use serde::Serialize;

/// Every run of the journey, in journey order.
#[derive(Debug, Clone, Serialize)]
pub struct Journey {
    pub schema_version: u32,
    /// How the runs were put in order: `given` (the order of the command
    /// line) or `start_time` (a directory of runs, sorted by the first
    /// timestamp of each run's stats history, else by its stats file's
    /// modification time).
    pub order: String,
    /// Rows are endpoints (`METHOD path`) when a project joined them, stats
    /// names (`METHOD name`) otherwise.
    pub rows_are_endpoints: bool,
    pub runs: Vec<JourneyRun>,
    /// Worst first: most failures over all runs, then the highest p95.
    pub rows: Vec<JourneyRow>,
    /// What holds across runs, in kind order, then by row.
    pub findings: Vec<JourneyFinding>,
    /// Findings of rows with too few requests in every run to be judged
    /// alone, judged on the runs pooled: counts summed, the mean weighted by
    /// requests, the median and percentiles estimated from each run's
    /// percentile columns.
    pub pooled: Vec<Finding>,
}

/// One run: its name and Aggregated figures.
#[derive(Debug, Clone, Serialize)]
pub struct JourneyRun {
    /// The file name of the stats file without `_stats.csv`.
    pub name: String,
    pub stats_file: String,
    /// Unix time of the first stats history line, when there is a history.
    pub started: Option<i64>,
    /// 100 minus the failure percentage, two decimals.
    pub success_pct: f64,
    pub aggregated: Figures,
}

/// One row (endpoint or stats name) across the runs.
#[derive(Debug, Clone, Serialize)]
pub struct JourneyRow {
    /// `METHOD path` of an endpoint, `METHOD name` of a stats row.
    pub label: String,
    pub method: String,
    /// Route path, for an endpoint.
    pub path: Option<String>,
    /// Stats name (the busiest one for an endpoint).
    pub name: String,
    /// One entry per run, `null` where the run has no such row.
    pub runs: Vec<Option<Figures>>,
    pub requests: u64,
    pub failures: u64,
    /// The highest p95 of any run.
    pub worst_p95_ms: Option<u64>,
}

/// What a journey finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JourneyFindingKind {
    /// Failures in every run that has the row (at least two runs).
    FailingEveryRun,
    /// No failures in the first run that has the row, failures in the last.
    StartedFailing,
    /// Failures in an earlier run, none in the last.
    StoppedFailing,
    /// The p95 grows from every run to the next.
    P95Rising,
    /// The p95 falls from every run to the next.
    P95Falling,
}

/// A finding that holds across runs.
#[derive(Debug, Clone, Serialize)]
pub struct JourneyFinding {
    pub kind: JourneyFindingKind,
    /// One sentence a person reads.
    pub message: String,
    pub row: String,
    /// Names of the runs the finding is about (failing runs, or the runs of
    /// a trend).
    pub runs: Vec<String>,
}
