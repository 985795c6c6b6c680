//! The run figures of an endpoint from the stats rows joined to it: counts
//! and req/s summed, the largest maximum and smallest minimum, mean and
//! content size weighted by requests, the median and percentiles of the
//! busiest row.

use crate::model::report::{EndpointStats, StatsRef};
use crate::model::stats::StatsRow;

/// Of the stats rows joined to one endpoint, the one whose median and
/// percentiles stand for the endpoint: the most requests, the first in the
/// file on a tie.
pub fn busiest_row<'a>(rows: impl Iterator<Item = &'a StatsRow>) -> Option<&'a StatsRow> {
    rows.max_by(|a, b| a.requests.cmp(&b.requests).then(b.line.cmp(&a.line)))
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The mean of `value` over the rows, each weighted by its requests; `None`
/// when a row with requests lacks the value or no row has requests.
fn weighted(rows: &[(&StatsRow, bool)], value: impl Fn(&StatsRow) -> Option<f64>) -> Option<f64> {
    let mut sum = 0.0;
    let mut n = 0u64;
    for (r, _) in rows.iter().filter(|r| r.0.requests > 0) {
        sum += value(r)? * r.requests as f64;
        n += r.requests;
    }
    (n > 0).then(|| round3(sum / n as f64))
}

fn extreme(
    rows: &[(&StatsRow, bool)],
    value: impl Fn(&StatsRow) -> Option<f64>,
    max: bool,
) -> Option<f64> {
    rows.iter()
        .filter_map(|r| value(r.0))
        .fold(None, |m: Option<f64>, x| {
            Some(m.map_or(x, |m| if max { m.max(x) } else { m.min(x) }))
        })
}

/// The figures of the rows joined to one endpoint, each with whether it was
/// joined approximately; `None` without rows.
pub fn endpoint_stats(rows: &[(&StatsRow, bool)]) -> Option<EndpointStats> {
    let busiest = busiest_row(rows.iter().map(|r| r.0))?;
    let requests: u64 = rows.iter().map(|r| r.0.requests).sum();
    let rps: Option<f64> = rows.iter().try_fold(0.0, |acc, r| r.0.rps.map(|x| acc + x));
    let mean_ms = weighted(rows, |r| r.average_ms);
    Some(EndpointStats {
        name: busiest.name.clone(),
        requests,
        failures: rows.iter().map(|r| r.0.failures).sum(),
        median_ms: busiest.p50(),
        p95_ms: busiest.p95(),
        p99_ms: busiest.p99(),
        max_ms: extreme(rows, |r| r.max_ms, true),
        mean_ms,
        min_ms: extreme(rows, |r| r.min_ms, false),
        average_content_size: weighted(rows, |r| r.average_content_size),
        percentiles: busiest.percentiles.clone(),
        total_time_s: mean_ms.map(|m| round3(m * requests as f64 / 1000.0)),
        rps: rps.map(round3),
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
