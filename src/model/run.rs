//! Serializable results of the run commands: `routecov compare` (two runs
//! side by side), `routecov check` (a run against success criteria) and the
//! timeline both read from `*_stats_history.csv`.

use serde::Serialize;

/// The headline figures of one stats row (or of the Aggregated row).
/// Times are whole milliseconds as Locust's percentile columns write them;
/// `null` where the file says `N/A`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub requests: u64,
    pub failures: u64,
    /// Failures as a percentage of requests, two decimals (0 without requests).
    pub failure_pct: f64,
    /// Requests per second over the whole run, two decimals.
    pub rps: f64,
    /// Locust's `Median Response Time` column, as in `report` and `check`.
    pub median_ms: Option<u64>,
    pub p95_ms: Option<u64>,
    pub p99_ms: Option<u64>,
    pub max_ms: Option<u64>,
    pub mean_ms: Option<u64>,
}

/// How one figure moved from the baseline to the candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Candidate minus baseline (percentage points for `failure_pct`).
    pub absolute: f64,
    /// Relative change in percent; `null` when the baseline is 0.
    pub relative_pct: Option<f64>,
}

/// Changes of every figure; a figure missing on either side is `null`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FiguresDelta {
    pub requests: Change,
    pub failures: Change,
    pub failure_pct: Change,
    pub rps: Change,
    pub median_ms: Option<Change>,
    pub p95_ms: Option<Change>,
    pub p99_ms: Option<Change>,
    pub max_ms: Option<Change>,
    pub mean_ms: Option<Change>,
}

/// Where a compared row is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowPresence {
    Both,
    /// Only in the candidate.
    New,
    /// Only in the baseline.
    Gone,
}

/// One stats row in both runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareRow {
    /// Upper-case method as the stats file writes it.
    pub method: String,
    /// Stats name (Locust's `name=` label or the requested path).
    pub name: String,
    /// The route path the row reaches, when joined to a project; `null` otherwise.
    pub path: Option<String>,
    /// Joined to a project: `METHOD name` of every stats row (of either run)
    /// combined into this endpoint's figures. Absent otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stats_names: Vec<String>,
    pub presence: RowPresence,
    pub baseline: Option<Figures>,
    pub candidate: Option<Figures>,
    pub delta: Option<FiguresDelta>,
    /// Judged (enough requests) and worse than the thresholds allow.
    pub regressed: bool,
    /// No failure in the baseline, some in the candidate.
    pub newly_failing: bool,
    /// Why it regressed, one phrase each (`median 12 -> 410 ms (+3317%)`).
    pub reasons: Vec<String>,
    /// Judged and better by the same thresholds, not regressed.
    pub improved: bool,
    /// How it improved, one phrase each (`p95 900 -> 120 ms (-87%)`).
    pub improvements: Vec<String>,
    /// Fewer requests than `min_requests` in both runs: shown, not judged.
    pub judged: bool,
}

/// An error message (from `*_failures.csv`) of one row, normalised so that
/// volatile parts (ports, addresses, ids, hex pointers) compare equal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorChange {
    pub method: String,
    pub name: String,
    /// Normalised error text.
    pub error: String,
    pub baseline_occurrences: u64,
    pub candidate_occurrences: u64,
}

/// How the failures of one type (HTTP 500, timeout, ...) changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorTypeChange {
    /// `http_500`, `timeout`, `connection`, `response_check`, `other`.
    pub kind: String,
    pub label: String,
    pub baseline_occurrences: u64,
    pub candidate_occurrences: u64,
    pub change: i64,
}

/// An exception (from `*_exceptions.csv`) that appeared or vanished.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExceptionChange {
    /// Normalised message.
    pub message: String,
    pub count: u64,
}

/// The regression thresholds a comparison used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareThresholds {
    pub latency_regression_pct: f64,
    /// Latency growth below this many milliseconds is never a regression.
    pub latency_min_growth_ms: f64,
    pub failure_regression_points: f64,
    pub rps_regression_pct: f64,
    pub min_requests: u64,
}

/// The result of `routecov compare`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub schema_version: u32,
    /// The baseline's stats file.
    pub baseline_file: String,
    pub candidate_file: String,
    /// Aggregated figures of the baseline.
    pub baseline: Figures,
    /// Aggregated figures of the candidate.
    pub candidate: Figures,
    pub delta: FiguresDelta,
    /// Why the Aggregated figures regressed (empty: they did not).
    pub aggregated_reasons: Vec<String>,
    /// Sorted by regression: regressed rows first, worst first; then the
    /// improved rows, the most improved first; then the other judged rows in both runs, then those with too few requests to
    /// judge (each by how much worse they got); then new rows; then gone rows.
    pub rows: Vec<CompareRow>,
    /// `METHOD name` of rows only in the candidate.
    pub new_rows: Vec<String>,
    /// `METHOD name` of rows only in the baseline.
    pub gone_rows: Vec<String>,
    /// `METHOD name` of rows without failures in the baseline and with some now.
    pub newly_failing: Vec<String>,
    /// `METHOD name` of judged rows that got better and did not regress.
    pub improved_rows: Vec<String>,
    /// Failures by type in each run, every type of either run.
    pub error_types: Vec<ErrorTypeChange>,
    pub errors_appeared: Vec<ErrorChange>,
    pub errors_vanished: Vec<ErrorChange>,
    pub exceptions_appeared: Vec<ExceptionChange>,
    pub exceptions_vanished: Vec<ExceptionChange>,
    pub thresholds: CompareThresholds,
    /// The candidate is worse: the Aggregated figures or a judged row regressed.
    pub regressed: bool,
    /// One line a person reads.
    pub verdict: String,
    pub baseline_timeline: Option<Timeline>,
    pub candidate_timeline: Option<Timeline>,
}

/// One second (one Aggregated history row) of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelinePoint {
    /// Seconds since the first history row.
    pub t: i64,
    pub users: Option<u64>,
    /// Locust's current requests/s (a sliding window of about 10 s).
    pub rps: Option<f64>,
    /// Locust's current failures/s.
    pub failures_per_s: Option<f64>,
    /// Locust's current p95 in milliseconds.
    pub p95_ms: Option<f64>,
    /// Cumulative requests and failures so far.
    pub requests: Option<u64>,
    pub failures: Option<u64>,
}

/// The run over time, from the Aggregated rows of `*_stats_history.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub file: String,
    /// Unix time of the first row.
    pub start: i64,
    pub duration_s: i64,
    pub points: Vec<TimelinePoint>,
    /// Highest user count.
    pub peak_users: Option<u64>,
    /// Seconds from the start until the user count first reached its peak.
    pub ramp_s: Option<i64>,
    /// Seconds from the start of the first row with a failure counted.
    pub first_failure_s: Option<i64>,
    /// Users running at the first failure.
    pub users_at_first_failure: Option<u64>,
    /// Seconds from the start of the row where the failure count last grew.
    pub last_failure_s: Option<i64>,
    /// Failures still grew in the last rows (the last tenth of the run, 2
    /// to 10 s): they had not stopped when the run ended.
    pub failing_at_end: bool,
    /// One sentence: when failures began relative to the ramp.
    pub summary: String,
}

/// The outcome of one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionStatus {
    Pass,
    Fail,
    /// The criterion names something the run lacks (an endpoint without a
    /// row, a category without `--project`): counted as a failure, never a
    /// silent pass.
    Missing,
}

/// One line of `routecov check`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionResult {
    /// `overall`, an endpoint key, or `category NAME: METHOD name`.
    pub scope: String,
    /// `min_success_pct`, `max_p95_ms`, ...
    pub criterion: String,
    /// Where the limit comes from: `flag`, `config`, `default`.
    pub source: String,
    /// As written: `>= 99.00%`, `<= 2000 ms`.
    pub target: String,
    pub target_value: f64,
    /// `null` when the run has no value for it.
    pub actual: Option<f64>,
    pub actual_text: String,
    pub status: CriterionStatus,
    /// Why it is missing, when it is; for a percentile of a row with
    /// fewer than `min_samples` requests, that its sample is too small.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The result of `routecov check`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckResult {
    pub schema_version: u32,
    pub stats_file: String,
    pub aggregated: Option<Figures>,
    pub results: Vec<CriterionResult>,
    pub passed: bool,
    /// One line: `PASS: 4 of 4 criteria met` or `FAIL: ...`.
    pub verdict: String,
    pub timeline: Option<Timeline>,
    /// Problems met while evaluating (e.g. categories without a project).
    pub notes: Vec<String>,
}
