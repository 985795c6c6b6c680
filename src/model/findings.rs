//! Findings: what a run or the static model says about the load test, as
//! typed kinds with typed numbers, so every place that handles a kind is found
//! by the compiler.

use super::source::Source;
use serde::Serialize;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// An endpoint whose every request failed.
    AlwaysFailing,
    /// An endpoint failing more often than the threshold.
    FailureRate,
    /// Several endpoints whose maxima sit at one value: a client, proxy or pool timeout.
    TimeoutCeiling,
    /// A maximum far above the endpoint's p95.
    Outlier,
    /// A mean far above the median.
    Bimodal,
    /// Login or token requests failing.
    AuthFailures,
    /// An exception from the exceptions file, explained where possible.
    Exception,
    /// A request that matches no route: a 404 waiting to happen.
    Unmatched,
    /// A request whose method the route's view rejects: a 405 waiting to happen.
    MethodMismatch,
    /// A User class left without tasks.
    NoTasks,
    /// An endpoint whose share of the run is far off the locustfile's mix.
    Mix,
    /// A request reaching its endpoint only through a redirect Django's
    /// middleware answers first (`APPEND_SLASH`, the locale prefix): every
    /// request costs an extra round trip.
    Redirected,
    /// A write Django redirects: it never reaches its view as written.
    RedirectedWrite,
}

impl FindingKind {
    /// The name used in JSON and in text output.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::AlwaysFailing => "always_failing",
            FindingKind::FailureRate => "failure_rate",
            FindingKind::TimeoutCeiling => "timeout_ceiling",
            FindingKind::Outlier => "outlier",
            FindingKind::Bimodal => "bimodal",
            FindingKind::AuthFailures => "auth_failures",
            FindingKind::Exception => "exception",
            FindingKind::Unmatched => "unmatched",
            FindingKind::MethodMismatch => "method_mismatch",
            FindingKind::NoTasks => "no_tasks",
            FindingKind::Mix => "mix",
            FindingKind::Redirected => "redirected",
            FindingKind::RedirectedWrite => "redirected_write",
        }
    }
}

impl std::fmt::Display for FindingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The numbers behind a finding; each kind fills the ones it speaks of.
/// Fields are in alphabetical order, which is also their JSON order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Numbers {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_ms: Option<f64>,
    /// Occurrences of an exception.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Endpoints sharing a timeout ceiling.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoints: Option<u64>,
    /// Requests the locustfile's mix gives an endpoint in the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_requests: Option<f64>,
    /// Round trips a redirect added: one per request the run recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_round_trips: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_pct: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failures: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub highest_max_ms: Option<f64>,
    /// Line of the request in its locustfile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lowest_max_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_ms: Option<f64>,
    /// Set when the endpoint has fewer requests than `min_samples`: its
    /// percentiles are not stable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_samples: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p95_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requests: Option<u64>,
    /// Requests in the slow mode of a bimodal endpoint (a lower bound).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slow_requests: Option<u64>,
    /// Where the slow mode of a bimodal endpoint begins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slow_from_ms: Option<f64>,
    /// Timeout errors at a ceiling.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_errors: Option<u64>,
    /// The timeout a ceiling sits at: given by the user or stated in the errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<f64>,
    /// The shared value of a timeout ceiling.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_ms: Option<f64>,
}

/// A number of one endpoint among the several a finding names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndpointNumber {
    pub endpoint: String,
    pub max_ms: f64,
}

/// One finding: what, which endpoints, and the numbers behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// One sentence a person reads.
    pub message: String,
    /// Endpoints (`GET /path/`) or, when not joined, stats names.
    pub endpoints: Vec<String>,
    pub numbers: Numbers,
    /// Numbers per endpoint, for findings about several endpoints.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub per_endpoint: Vec<EndpointNumber>,
    /// Top error messages, for failure findings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    /// The line of the analysed code the finding is about (a request in the
    /// locustfile), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

impl Finding {
    /// A finding without numbers or errors yet.
    pub fn new(kind: FindingKind, message: String, endpoints: Vec<String>) -> Finding {
        Finding {
            kind,
            message,
            endpoints,
            numbers: Numbers::default(),
            per_endpoint: Vec::new(),
            errors: Vec::new(),
            source: None,
        }
    }
}

/// What is wrong in the URLconfs themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteFindingKind {
    /// A pattern an earlier one with the same path always takes.
    DuplicatePattern,
    /// A name `reverse()` cannot tell apart from another.
    DuplicateName,
}

impl std::fmt::Display for RouteFindingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RouteFindingKind::DuplicatePattern => "duplicate_pattern",
            RouteFindingKind::DuplicateName => "duplicate_name",
        })
    }
}

/// A problem in the URLconfs themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteFinding {
    pub kind: RouteFindingKind,
    pub message: String,
    /// The route that wins, then the ones it hides.
    pub routes: Vec<Source>,
}
