//! The coverage report of `routecov report`: endpoints with their coverage
//! level, the table by category, gaps, unmatched requests and stats rows,
//! and findings. Serialised as the JSON contract (see README).

use super::findings::Finding;
use super::stats::Percentile;
use super::{Source, TagFilter};
use crate::diagnostics::Warning;
use serde::Serialize;

/// Coverage level of an endpoint, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The stats CSV shows requests for it.
    Exercised,
    /// An enabled task requests it.
    Declared,
    /// Only commented-out, weight-0, flag-off or tag-excluded tasks request it.
    Disabled,
    Untested,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Exercised => "exercised",
            Status::Declared => "declared",
            Status::Disabled => "disabled",
            Status::Untested => "untested",
        }
    }
}

/// What counts as covered: `exercised` when a run's stats were given,
/// `declared` otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    Exercised,
    Declared,
}

impl Basis {
    pub fn name(self) -> &'static str {
        match self {
            Basis::Exercised => "exercised",
            Basis::Declared => "declared",
        }
    }

    /// Whether an endpoint with `status` counts as covered.
    pub fn covers(self, status: Status) -> bool {
        match self {
            Basis::Exercised => status == Status::Exercised,
            Basis::Declared => matches!(status, Status::Exercised | Status::Declared),
        }
    }
}

/// Run figures of the stats rows joined to one endpoint. With several rows
/// (`/dashboard/` and `/dashboard/?page=[n]`), counts and rates are summed,
/// the maximum is the largest and the minimum the smallest, mean and content
/// size are weighted by requests, and the median and every percentile are
/// those of the row with the most requests; every row is in `rows`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndpointStats {
    pub name: String,
    pub requests: u64,
    pub failures: u64,
    /// Locust's `Median Response Time` column (the `50%` column only when
    /// the file has no median column), as in `compare` and `check`.
    pub median_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub max_ms: Option<f64>,
    pub mean_ms: Option<f64>,
    pub min_ms: Option<f64>,
    /// Bytes.
    pub average_content_size: Option<f64>,
    /// Every percentile column of the stats file, in its order.
    pub percentiles: Vec<Percentile>,
    /// Requests times the mean: the time the run spent here, in seconds.
    pub total_time_s: Option<f64>,
    pub rps: Option<f64>,
    /// Joined by matching the stats name itself as a path (no request in the
    /// locustfile carries it).
    pub approximate: bool,
    /// Each joined row: `METHOD name` and its 1-based line in the stats file.
    pub rows: Vec<StatsRef>,
}

/// One stats row joined to an endpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatsRef {
    pub method: Option<String>,
    pub name: String,
    pub requests: u64,
    pub failures: u64,
    pub line: usize,
    pub approximate: bool,
}

/// One endpoint: a route with one method it accepts.
#[derive(Debug, Clone, Serialize)]
pub struct EndpointReport {
    pub method: String,
    pub path: String,
    pub route_name: Option<String>,
    pub view: String,
    pub categories: Vec<String>,
    pub status: Status,
    /// Tasks whose requests reach it (`User.task`, `User.TaskSet.task`,
    /// `User.on_start`), running ones and others alike.
    pub tasks: Vec<String>,
    pub stats: Option<EndpointStats>,
    /// With a run, for an exercised endpoint: `load_tested` when its stats
    /// hold at least `min_samples` requests, `shallow` when fewer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depth: Option<Depth>,
    /// Why the method is `ANY` (or how methods were inferred); for an
    /// endpoint counted by its view's intended methods, says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub methods_note: Option<String>,
    /// Set when Django serves the route to any method and the view's body
    /// shows which it means: those methods (the endpoint's `method` is one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intended_methods: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub intended_evidence: Vec<String>,
    /// Why the status is not stronger (`only in a commented-out request`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Requests reaching it only through a redirect of Django's middleware
    /// (`via APPEND_SLASH redirect from GET /items (locustfile.py:12)`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub via_redirect: Vec<String>,
    pub source: Source,
}

impl EndpointReport {
    /// `GET /path/`.
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Load depth of an exercised endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Depth {
    /// At least `min_samples` requests: its percentiles can be trusted.
    LoadTested,
    /// Exercised with fewer requests.
    Shallow,
}

impl Depth {
    pub fn name(self) -> &'static str {
        match self {
            Depth::LoadTested => "load-tested",
            Depth::Shallow => "shallow",
        }
    }
}

/// Exercised and load-tested endpoints of a category (or of all), with a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepthCounts {
    pub exercised: usize,
    pub exercised_pct: f64,
    pub load_tested: usize,
    pub load_tested_pct: f64,
    pub shallow: usize,
}

/// An exercised endpoint with fewer requests than `min_samples`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShallowEndpoint {
    pub method: String,
    pub path: String,
    pub requests: u64,
    pub categories: Vec<String>,
}

/// An endpoint of a URL pattern that never matches: Django resolves its path
/// to an earlier pattern, whose view answers every method (with 405 for one
/// it does not accept).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DuplicateEndpoint {
    pub method: String,
    pub path: String,
    pub view: String,
    pub source: Source,
    /// The view and source of the pattern that takes its requests.
    pub shadowed_by_view: String,
    pub shadowed_by: Source,
}

/// Totals of one category (or of all endpoints).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryCoverage {
    pub name: String,
    pub label: String,
    pub endpoints: usize,
    pub covered: usize,
    pub not_covered: usize,
    pub coverage_pct: f64,
    /// With a run: exercised and load-tested counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depth: Option<DepthCounts>,
}

/// Totals over all distinct endpoints, with the count of each level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub endpoints: usize,
    pub covered: usize,
    pub not_covered: usize,
    pub coverage_pct: f64,
    pub exercised: usize,
    pub declared: usize,
    pub disabled: usize,
    pub untested: usize,
    /// With a run: exercised and load-tested counts over all endpoints.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depth: Option<DepthCounts>,
}

/// Endpoints whose method is `ANY`: neither reads nor writes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnknownMethod {
    pub endpoints: usize,
    pub covered: usize,
    pub coverage_pct: f64,
    pub routes: Vec<UnknownRoute>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnknownRoute {
    pub path: String,
    pub view: String,
    pub reason: String,
    pub source: Source,
}

/// The endpoints of one category that are not covered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub category: String,
    pub label: String,
    pub endpoints: Vec<GapEndpoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapEndpoint {
    pub method: String,
    pub path: String,
    pub view: String,
    pub status: Status,
    pub source: Source,
}

/// A request or stats row that reaches no endpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmatched {
    /// `request` (in the locustfile) or `stats_row` (in the stats CSV).
    pub kind: String,
    pub method: Option<String>,
    /// The request's URL template, or the stats name.
    pub name: String,
    /// `file:line` of the request or of the row in the stats CSV.
    pub source: Source,
    pub reason: String,
    /// Tasks making the request; stats rows: requests recorded.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requests: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failures: Option<u64>,
    /// The run figures of its stats rows, as an endpoint's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stats: Option<EndpointStats>,
}

/// Overall figures of the run (its Aggregated row).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunSummary {
    pub stats_file: String,
    /// What the stats file is: Locust's CSV of a generation (`current`,
    /// `legacy`, `requests`), or its `json` or `html` report.
    pub stats_format: crate::model::stats::StatsFormat,
    pub requests: u64,
    pub failures: u64,
    pub failure_pct: f64,
    pub rps: Option<f64>,
    pub median_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub max_ms: Option<f64>,
    pub mean_ms: Option<f64>,
    pub min_ms: Option<f64>,
    pub average_content_size: Option<f64>,
    /// Every percentile column of the Aggregated row, in the file's order.
    pub percentiles: Vec<Percentile>,
}

/// One row of a slowest list: an endpoint, or a stats row that reaches none
/// (an external login, a mistyped URL), with what it is ranked by.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlowRow {
    /// `METHOD path` of an endpoint, `METHOD name` of a stats row.
    pub label: String,
    /// Whether `label` names an endpoint (else a stats row reaching none).
    pub endpoint: bool,
    pub requests: u64,
    pub failures: u64,
    pub median_ms: Option<f64>,
    pub mean_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    pub max_ms: Option<f64>,
    /// Requests times the mean, in seconds.
    pub total_time_s: Option<f64>,
    /// Its share of the time of every ranked row, in percent.
    pub time_share_pct: Option<f64>,
}

/// The slowest rows of a run, every row with figures, ranked twice.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Slowest {
    /// Highest p95 first (then mean, then label).
    pub by_p95: Vec<SlowRow>,
    /// Most time spent (requests x mean) first: where the run's time went.
    pub by_total_time: Vec<SlowRow>,
}

/// The failures of a run of one type (HTTP status, timeout, ...).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorGroup {
    /// `http_500`, `http_403`, `timeout`, `connection`, `response_check`, `other`.
    pub kind: String,
    /// `HTTP 500`, `timeout`, ...
    pub label: String,
    pub occurrences: u64,
    /// `METHOD name` of every row with such an error, sorted.
    pub rows: Vec<String>,
}

/// The result of `routecov report`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub coverage_basis: Basis,
    pub project: String,
    pub locustfile: String,
    /// The tag filter and environment the load test was read under.
    pub filter: TagFilter,
    /// The same in words (`--tags api page --exclude-tags export`, `no tag filter`).
    pub filter_text: String,
    pub summary: Summary,
    pub categories: Vec<CategoryCoverage>,
    /// With `--table partition`: each endpoint in one category only, its
    /// first in table order (endpoints in none in a row of their own, named
    /// `unknown_method` for `ANY` endpoints, else `none`), so the rows add
    /// up to the total.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub partition: Vec<CategoryCoverage>,
    /// With `[categories] group_by`: coverage per Django app or path prefix
    /// (each endpoint in one group).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<CategoryCoverage>,
    /// Endpoints of URL patterns that can never match, left out of every
    /// total: an earlier pattern with the same path takes every request.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<DuplicateEndpoint>,
    pub unknown_method: UnknownMethod,
    pub endpoints: Vec<EndpointReport>,
    pub gaps: Vec<Gap>,
    pub unmatched: Vec<Unmatched>,
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<RunSummary>,
    /// The run's rows ranked by p95 and by time spent (empty without a run).
    pub slowest: Slowest,
    /// The run's failures by type, most first (empty without failures).
    pub errors_by_type: Vec<ErrorGroup>,
    /// With a run: the requests an endpoint needs to count as load-tested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_samples: Option<u64>,
    /// With a run: exercised endpoints under `min_samples`, fewest requests first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shallow: Option<Vec<ShallowEndpoint>>,
    /// With a run and a locustfile: the intended versus the actual mix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mix: Option<Mix>,
    /// The coverage gates of this run, failed or passed (none without gates).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gates: Vec<Gate>,
    pub warnings: Vec<Warning>,
}

/// One coverage gate: a floor and where it was set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gate {
    /// `fail_under` (overall) or `floors.CATEGORY`.
    pub name: String,
    /// The coverage measured, in percent.
    pub value: f64,
    /// The floor, in percent.
    pub limit: f64,
    /// Where the floor was set: `--fail-under`, `routecov.toml:3`, ...
    pub source: String,
    /// What the gate counts as covered: `exercised`, `declared` or
    /// `load_tested`.
    pub basis: String,
    pub passed: bool,
    /// One sentence a person reads.
    pub message: String,
}

/// The intended mix (what the locustfile makes Locust send, by weights)
/// against the run's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mix {
    /// An endpoint is off when its actual share is this many times above or
    /// below its expected share.
    pub factor: f64,
    /// Requests (expected or actual, the larger) an endpoint needs to be judged.
    pub min_requests: u64,
    /// Users of the run (its stats history's peak), which `on_start`
    /// requests are counted by; `None` without a history file.
    pub users: Option<u64>,
    /// The assumptions behind the expected shares, in words.
    pub assumptions: Vec<String>,
    /// Endpoints either expected or exercised, largest expected share first.
    pub endpoints: Vec<MixEndpoint>,
}

/// One endpoint's expected and actual share of the run's requests.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixEndpoint {
    /// `METHOD path`.
    pub endpoint: String,
    pub expected_pct: f64,
    pub actual_pct: f64,
    /// Actual over expected share; `None` when none was expected.
    pub ratio: Option<f64>,
    pub expected_requests: f64,
    pub actual_requests: u64,
    /// Judged off by the factor (and a finding made).
    pub off: bool,
    /// Reached only by `on_start` requests: expected per user spawned.
    pub per_user: bool,
}
