//! Totals over the endpoints: the summary, coverage and gaps per category,
//! endpoints of unknown method, and the run's Aggregated figures.

use crate::analysis::categories::Category;
use crate::model::report::{
    Basis, CategoryCoverage, EndpointReport, Gap, GapEndpoint, RunSummary, Status, Summary,
    UnknownMethod, UnknownRoute,
};
use crate::model::stats::RunStats;

/// Rounds a percentage to one decimal.
pub fn pct(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    ((part as f64) * 1000.0 / (whole as f64)).round() / 10.0
}

pub fn summary(endpoints: &[EndpointReport], basis: Basis) -> Summary {
    let count = |s: Status| endpoints.iter().filter(|e| e.status == s).count();
    let total_cov = endpoints.iter().filter(|e| basis.covers(e.status)).count();
    Summary {
        endpoints: endpoints.len(),
        covered: total_cov,
        not_covered: endpoints.len() - total_cov,
        coverage_pct: pct(total_cov, endpoints.len()),
        exercised: count(Status::Exercised),
        declared: count(Status::Declared),
        disabled: count(Status::Disabled),
        untested: count(Status::Untested),
        depth: None,
    }
}

/// The coverage of `members` as one row named `name`.
pub(super) fn coverage_row(
    name: &str,
    label: &str,
    members: &[&EndpointReport],
    basis: Basis,
) -> CategoryCoverage {
    let cov = members.iter().filter(|e| basis.covers(e.status)).count();
    CategoryCoverage {
        name: name.to_string(),
        label: label.to_string(),
        endpoints: members.len(),
        covered: cov,
        not_covered: members.len() - cov,
        coverage_pct: pct(cov, members.len()),
        depth: None,
    }
}

/// Coverage of each category with endpoints, and the endpoints each misses.
pub fn categories_and_gaps(
    endpoints: &[EndpointReport],
    categories: &[Category],
    basis: Basis,
) -> (Vec<CategoryCoverage>, Vec<Gap>) {
    let covered = |e: &EndpointReport| basis.covers(e.status);
    let mut coverage = Vec::new();
    let mut gaps = Vec::new();
    for c in categories {
        let members: Vec<&EndpointReport> = endpoints
            .iter()
            .filter(|e| e.categories.contains(&c.name))
            .collect();
        if members.is_empty() {
            continue;
        }
        coverage.push(coverage_row(&c.name, &c.label, &members, basis));
        let missing: Vec<GapEndpoint> = members
            .iter()
            .filter(|e| !covered(e))
            .map(|e| GapEndpoint {
                method: e.method.clone(),
                path: e.path.clone(),
                view: e.view.clone(),
                status: e.status,
                source: e.source.clone(),
            })
            .collect();
        if !missing.is_empty() {
            gaps.push(Gap {
                category: c.name.clone(),
                label: c.label.clone(),
                endpoints: missing,
            });
        }
    }
    (coverage, gaps)
}

/// Endpoints whose methods are not known (`ANY`) and how many are covered.
pub fn unknown_method(endpoints: &[EndpointReport], basis: Basis) -> UnknownMethod {
    let any: Vec<&EndpointReport> = endpoints.iter().filter(|e| e.method == "ANY").collect();
    let any_cov = any.iter().filter(|e| basis.covers(e.status)).count();
    UnknownMethod {
        endpoints: any.len(),
        covered: any_cov,
        coverage_pct: pct(any_cov, any.len()),
        routes: any
            .iter()
            .map(|e| UnknownRoute {
                path: e.path.clone(),
                view: e.view.clone(),
                reason: e
                    .methods_note
                    .clone()
                    .unwrap_or_else(|| "methods not inferable from the view".into()),
                source: e.source.clone(),
            })
            .collect(),
    }
}

/// The Aggregated row's figures, when the run has one.
pub fn run_summary(run: &RunStats, stats_file: &str) -> Option<RunSummary> {
    let a = run.aggregated.as_ref()?;
    Some(RunSummary {
        stats_file: stats_file.to_string(),
        stats_format: run.format,
        requests: a.requests,
        failures: a.failures,
        failure_pct: if a.requests == 0 {
            0.0
        } else {
            ((a.failures as f64) * 10000.0 / a.requests as f64).round() / 100.0
        },
        // Three decimals, as every endpoint's rate.
        rps: a.rps.map(|x| (x * 1000.0).round() / 1000.0),
        median_ms: a.p50(),
        p95_ms: a.percentile(95.0),
        p99_ms: a.percentile(99.0),
        max_ms: a.max_ms,
        mean_ms: a.average_ms,
        min_ms: a.min_ms,
        average_content_size: a.average_content_size,
        percentiles: a.percentiles.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_to_one_decimal() {
        assert_eq!(pct(3, 7), 42.9);
        assert_eq!(pct(0, 0), 0.0);
        assert_eq!(pct(2, 2), 100.0);
    }
}
