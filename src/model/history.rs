//! One line of the history file: a report's coverage and its run's figures
//! at one moment, as `report --history` appends it and `history` reads it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the history line's layout (independent of the reports').
pub const HISTORY_SCHEMA_VERSION: u32 = 1;

/// Coverage of one category in one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryPoint {
    /// The category's label when it differs from its id (`versioned API`
    /// for `versioned_api`); older lines have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub endpoints: usize,
    pub covered: usize,
    pub coverage_pct: f64,
}

/// Figures of the load-test run a report read, when it read one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunPoint {
    pub requests: u64,
    pub failures: u64,
    pub failure_pct: f64,
    pub rps: f64,
    pub p95_ms: Option<f64>,
}

/// One line of the history file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub schema_version: u32,
    /// UTC, RFC 3339 (`2026-11-25T16:58:30Z`).
    pub time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// `exercised` or `declared`.
    pub coverage_basis: String,
    pub endpoints: usize,
    pub covered: usize,
    pub coverage_pct: f64,
    pub categories: BTreeMap<String, CategoryPoint>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<RunPoint>,
}
