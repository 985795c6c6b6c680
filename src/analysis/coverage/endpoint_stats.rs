//! The run figures of an endpoint from the stats rows joined to it: counts
//! and req/s summed, the largest maximum and smallest minimum, mean and
//! content size weighted by requests, the median and percentiles of the
//! busiest row, or, when every row carries its histogram (Locust's `--json`
//! report), the exact median and percentiles of all the rows' requests.

use crate::model::report::{EndpointStats, StatsRef};
use crate::model::stats::{find_percentile, Histogram, Percentile, StatsRow};

/// Of the stats rows joined to one endpoint, the one whose median and
/// percentiles stand for the endpoint: the most requests, the first in the
/// file on a tie.
fn busiest_row<'a>(rows: impl Iterator<Item = &'a StatsRow>) -> Option<&'a StatsRow> {
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

/// The histogram of all the rows' requests, when every row has one.
fn combined(rows: &[(&StatsRow, bool)]) -> Option<Histogram> {
    Histogram::of_all(rows.iter().map(|r| r.0.histogram.as_ref()))
}

/// The figures of the rows joined to one endpoint, each with whether it was
/// joined approximately; `None` without rows.
pub fn endpoint_stats(rows: &[(&StatsRow, bool)]) -> Option<EndpointStats> {
    let busiest = busiest_row(rows.iter().map(|r| r.0))?;
    let requests: u64 = rows.iter().map(|r| r.0.requests).sum();
    let rps: Option<f64> = rows.iter().try_fold(0.0, |acc, r| r.0.rps.map(|x| acc + x));
    let mean_ms = weighted(rows, |r| r.average_ms);
    let (min_ms, max_ms) = (
        extreme(rows, |r| r.min_ms, false),
        extreme(rows, |r| r.max_ms, true),
    );
    let (median_ms, percentiles) = match combined(rows) {
        Some(h) if rows.len() > 1 => (
            h.median(min_ms, max_ms),
            busiest
                .percentiles
                .iter()
                .map(|p| Percentile {
                    ms: h.percentile(p.percent),
                    ..p.clone()
                })
                .collect(),
        ),
        _ => (busiest.p50(), busiest.percentiles.clone()),
    };
    let pick = |percent: f64| find_percentile(&percentiles, percent);
    Some(EndpointStats {
        name: busiest.name.clone(),
        requests,
        failures: rows.iter().map(|r| r.0.failures).sum(),
        median_ms,
        p95_ms: pick(95.0),
        p99_ms: pick(99.0),
        max_ms,
        mean_ms,
        min_ms,
        average_content_size: weighted(rows, |r| r.average_content_size),
        percentiles,
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
