//! The report as CSV: one row per endpoint, with its run's figures: every
//! figure of the stats file, its percentile columns in the file's order.

use crate::model::report::{EndpointStats, Report};
use crate::model::stats::percent_name;

/// The run's percentile columns: the Aggregated row's, else the first
/// endpoint's (every row of one stats file has the same columns).
fn percent_columns(r: &Report) -> Vec<f64> {
    let from_run = r
        .run
        .as_ref()
        .map(|s| s.percentiles.iter().map(|p| p.percent).collect::<Vec<_>>())
        .filter(|v| !v.is_empty());
    from_run
        .or_else(|| {
            let st = r.endpoints.iter().find_map(|e| e.stats.as_ref())?;
            Some(st.percentiles.iter().map(|p| p.percent).collect())
        })
        .unwrap_or_default()
}

pub(super) fn csv(r: &Report) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let percents = percent_columns(r);
    let mut header: Vec<String> = [
        "method",
        "path",
        "route_name",
        "view",
        "categories",
        "status",
        "covered",
        "tasks",
        "stats_name",
        "requests",
        "failures",
        "median_ms",
        "p95_ms",
        "p99_ms",
        "max_ms",
        "rps",
        "approximate",
        "source",
        "mean_ms",
        "min_ms",
        "average_content_size",
        "total_time_s",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(percents.iter().map(|p| format!("p{}_ms", percent_name(*p))));
    let _ = w.write_record(&header);
    let f = |x: Option<f64>| x.map_or_else(String::new, |v| v.to_string());
    for e in &r.endpoints {
        let st = e.stats.as_ref();
        let mut record = vec![
            e.method.clone(),
            e.path.clone(),
            e.route_name.clone().unwrap_or_default(),
            e.view.clone(),
            e.categories.join(" "),
            e.status.name().to_string(),
            r.coverage_basis.covers(e.status).to_string(),
            e.tasks.join(" "),
            st.map(|s| s.name.clone()).unwrap_or_default(),
            st.map(|s| s.requests.to_string()).unwrap_or_default(),
            st.map(|s| s.failures.to_string()).unwrap_or_default(),
            f(st.and_then(|s| s.median_ms)),
            f(st.and_then(|s| s.p95_ms)),
            f(st.and_then(|s| s.p99_ms)),
            f(st.and_then(|s| s.max_ms)),
            f(st.and_then(|s| s.rps)),
            st.map(|s| s.approximate.to_string()).unwrap_or_default(),
            format!("{}:{}", e.source.file, e.source.line),
            f(st.and_then(|s| s.mean_ms)),
            f(st.and_then(|s| s.min_ms)),
            f(st.and_then(|s| s.average_content_size)),
            f(st.and_then(|s| s.total_time_s)),
        ];
        record.extend(
            percents
                .iter()
                .map(|p| f(st.and_then(|s| percentile(s, *p)))),
        );
        let _ = w.write_record(&record);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn percentile(s: &EndpointStats, percent: f64) -> Option<f64> {
    s.percentiles
        .iter()
        .find(|p| (p.percent - percent).abs() < 1e-9)
        .and_then(|p| p.ms)
}
