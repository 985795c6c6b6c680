//! The report as CSV: one row per endpoint, with its run's figures.

use crate::model::report::Report;

pub(super) fn csv(r: &Report) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
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
    ]);
    let f = |x: Option<f64>| x.map_or_else(String::new, |v| v.to_string());
    for e in &r.endpoints {
        let st = e.stats.as_ref();
        let _ = w.write_record([
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
        ]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}
