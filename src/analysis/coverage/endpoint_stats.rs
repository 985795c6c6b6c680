//! The run figures of an endpoint from the stats rows joined to it: counts
//! and req/s summed, the largest maximum, the percentiles of the busiest row.

use crate::model::report::{EndpointStats, StatsRef};
use crate::model::stats::StatsRow;

/// Of the stats rows joined to one endpoint, the one whose median and
/// percentiles stand for the endpoint: the most requests, the first in the
/// file on a tie.
pub fn busiest_row<'a>(rows: impl Iterator<Item = &'a StatsRow>) -> Option<&'a StatsRow> {
    rows.max_by(|a, b| a.requests.cmp(&b.requests).then(b.line.cmp(&a.line)))
}

/// The figures of the rows joined to one endpoint, each with whether it was
/// joined approximately; `None` without rows.
pub fn endpoint_stats(rows: &[(&StatsRow, bool)]) -> Option<EndpointStats> {
    let busiest = busiest_row(rows.iter().map(|r| r.0))?;
    let requests: u64 = rows.iter().map(|r| r.0.requests).sum();
    let rps: Option<f64> = rows.iter().try_fold(0.0, |acc, r| r.0.rps.map(|x| acc + x));
    let max = rows
        .iter()
        .filter_map(|r| r.0.max_ms)
        .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
    Some(EndpointStats {
        name: busiest.name.clone(),
        requests,
        failures: rows.iter().map(|r| r.0.failures).sum(),
        median_ms: busiest.median_ms,
        p95_ms: busiest.percentile(95.0),
        p99_ms: busiest.percentile(99.0),
        max_ms: max,
        rps: rps.map(|x| (x * 1000.0).round() / 1000.0),
        approximate: rows.iter().all(|r| r.1),
        rows: rows
            .iter()
            .map(|(r, a)| StatsRef {
                method: r.method.clone(),
                name: r.name.clone(),
                requests: r.requests,
                failures: r.failures,
                line: r.line,
                approximate: *a,
            })
            .collect(),
    })
}
