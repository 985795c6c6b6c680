//! Findings from a Locust run: failure rates with their top errors, endpoints
//! failing every request, a shared timeout ceiling, outliers, bimodal
//! endpoints, login/auth failures, and exceptions explained.
//!
//! Findings come in a fixed order: by kind (`always_failing`,
//! `failure_rate`, `timeout_ceiling`, `outlier`, `bimodal`, `auth_failures`,
//! `exception`), then by severity (most severe first), then by label. The
//! Aggregated row is never an endpoint.

mod auth;
mod errors;
mod exceptions;
mod failures;
mod format;
mod latency;
mod ranking;
mod timeout;

pub use format::fmt_ms;

/// Compiles the regexes the findings read errors and exceptions with.
pub fn compile_regexes() {
    timeout::compile_regexes();
    exceptions::compile_regexes();
}

use crate::config::Thresholds;
use crate::model::findings::Finding;
use crate::model::stats::{RunStats, StatsRow};
use errors::errors_of;
use ranking::{is_aggregated, ordered, Row};

/// Finds what the thresholds ask about in `run`. `label` names a stats row
/// as the report shows it (an endpoint when joined, else `METHOD name`).
pub fn find(
    run: &RunStats,
    thresholds: &Thresholds,
    label: &dyn Fn(&StatsRow) -> String,
) -> Vec<Finding> {
    let rows: Vec<Row> = run
        .stats
        .iter()
        .filter(|r| !is_aggregated(r))
        .map(|r| Row {
            stats: r,
            label: label(r),
            errors: errors_of(run, r),
        })
        .collect();
    let mut out = Vec::new();
    out.extend(ordered(failures::always_failing(&rows, thresholds)));
    out.extend(ordered(failures::failure_rate(&rows, thresholds)));
    let (ceiling_findings, ceilings) = timeout::timeout_ceiling(&rows, thresholds);
    out.extend(ordered(ceiling_findings));
    out.extend(ordered(latency::outliers(&rows, thresholds, &ceilings)));
    out.extend(ordered(latency::bimodal(&rows, thresholds, &ceilings)));
    out.extend(ordered(auth::auth_failures(&rows, thresholds)));
    out.extend(ordered(exceptions::exceptions(&run.exceptions)));
    out
}

#[cfg(test)]
mod test_support;

#[cfg(test)]
mod tests {
    use super::test_support::*;

    #[test]
    fn aggregated_is_never_an_endpoint_and_kinds_come_in_order() {
        let mut agg = times(
            row("GET", "Aggregated", 100, 100),
            10.0,
            900.0,
            20.0,
            5000.0,
        );
        agg.method = None;
        let r = run(
            vec![
                agg,
                row("GET", "/z-dead/", 2, 2),
                row("GET", "/a-dead/", 2, 2),
                columns(
                    row("POST", "/login/", 20, 5),
                    30.0,
                    &[
                        (50.0, 10.0),
                        (66.0, 10.0),
                        (75.0, 40.0),
                        (95.0, 40.0),
                        (100.0, 50.0),
                    ],
                ),
            ],
            Vec::new(),
        );
        let t = Thresholds {
            bimodal_min_gap_ms: Some(0.0),
            ..Thresholds::default()
        };
        let fs = find(&r, &t, &label);
        assert!(fs
            .iter()
            .all(|f| f.endpoints.iter().all(|e| !e.contains("Aggregated"))));
        let kinds: Vec<(FindingKind, &str)> = fs
            .iter()
            .map(|f| (f.kind, f.endpoints[0].as_str()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (FindingKind::AlwaysFailing, "GET /a-dead/"),
                (FindingKind::AlwaysFailing, "GET /z-dead/"),
                (FindingKind::FailureRate, "POST /login/"),
                (FindingKind::Bimodal, "POST /login/"),
                (FindingKind::AuthFailures, "POST /login/"),
            ]
        );
    }
}
