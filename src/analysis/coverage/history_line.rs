//! A report as one line of the history file.

use crate::model::report::Report;

/// The history line of a report: totals, coverage per category and the
/// run's figures, with the git commit and branch when known.
pub fn history_entry(
    report: &Report,
    time: String,
    commit: Option<String>,
    branch: Option<String>,
) -> crate::model::history::Entry {
    use crate::model::history::{CategoryPoint, Entry, RunPoint, HISTORY_SCHEMA_VERSION};
    Entry {
        schema_version: HISTORY_SCHEMA_VERSION,
        time,
        commit,
        branch,
        coverage_basis: report.coverage_basis.name().to_string(),
        endpoints: report.summary.endpoints,
        covered: report.summary.covered,
        coverage_pct: report.summary.coverage_pct,
        categories: report
            .categories
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    CategoryPoint {
                        label: (c.label != c.name).then(|| c.label.clone()),
                        endpoints: c.endpoints,
                        covered: c.covered,
                        coverage_pct: c.coverage_pct,
                    },
                )
            })
            .collect(),
        run: report.run.as_ref().map(|r| RunPoint {
            requests: r.requests,
            failures: r.failures,
            failure_pct: r.failure_pct,
            rps: r.rps.unwrap_or(0.0),
            p95_ms: r.p95_ms,
        }),
    }
}
