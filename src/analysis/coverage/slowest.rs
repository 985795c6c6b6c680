//! The slowest rows of a run, ranked two ways: by p95 (what a user waits
//! for at worst, nearly) and by the time the run spent in them (requests x
//! mean: where the server's time went). Every endpoint with figures and
//! every stats row reaching no endpoint (an external login is often the
//! slowest) is ranked.

use crate::model::report::{EndpointReport, EndpointStats, SlowRow, Slowest, Unmatched};
use std::cmp::Ordering;

fn row(label: String, endpoint: bool, s: &EndpointStats) -> SlowRow {
    SlowRow {
        label,
        endpoint,
        requests: s.requests,
        failures: s.failures,
        median_ms: s.median_ms,
        mean_ms: s.mean_ms,
        p95_ms: s.p95_ms,
        max_ms: s.max_ms,
        total_time_s: s.total_time_s,
        time_share_pct: None,
    }
}

/// `None` last, larger first.
fn desc(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.total_cmp(&a),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Ranks the endpoints with requests and the unmatched stats rows.
pub fn slowest(endpoints: &[EndpointReport], unmatched: &[Unmatched]) -> Slowest {
    let mut rows: Vec<SlowRow> = endpoints
        .iter()
        .filter_map(|e| Some(row(e.label(), true, e.stats.as_ref()?)))
        .chain(
            unmatched
                .iter()
                .filter(|u| u.kind == "stats_row")
                .filter_map(|u| {
                    let label = match &u.method {
                        Some(m) => format!("{m} {}", u.name),
                        None => u.name.clone(),
                    };
                    Some(row(label, false, u.stats.as_ref()?))
                }),
        )
        .filter(|r| r.requests > 0)
        .collect();
    let total: f64 = rows.iter().filter_map(|r| r.total_time_s).sum();
    for r in &mut rows {
        r.time_share_pct = r
            .total_time_s
            .filter(|_| total > 0.0)
            .map(|t| (t * 1000.0 / total).round() / 10.0);
    }
    let mut by_p95 = rows.clone();
    by_p95.sort_by(|a, b| {
        desc(a.p95_ms, b.p95_ms)
            .then_with(|| desc(a.mean_ms, b.mean_ms))
            .then_with(|| a.label.cmp(&b.label))
    });
    rows.sort_by(|a, b| {
        desc(a.total_time_s, b.total_time_s)
            .then_with(|| desc(a.p95_ms, b.p95_ms))
            .then_with(|| a.label.cmp(&b.label))
    });
    Slowest {
        by_p95,
        by_total_time: rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn stats(requests: u64, mean: f64, p95: f64) -> EndpointStats {
        EndpointStats {
            name: String::new(),
            requests,
            failures: 0,
            median_ms: Some(mean),
            p95_ms: Some(p95),
            p99_ms: None,
            max_ms: None,
            mean_ms: Some(mean),
            min_ms: None,
            average_content_size: None,
            percentiles: Vec::new(),
            total_time_s: Some(mean * requests as f64 / 1000.0),
            rps: None,
            approximate: false,
            rows: Vec::new(),
        }
    }

    fn endpoint(path: &str, st: Option<EndpointStats>) -> EndpointReport {
        EndpointReport {
            method: "GET".into(),
            path: path.into(),
            route_name: None,
            view: String::new(),
            categories: Vec::new(),
            status: crate::model::report::Status::Exercised,
            tasks: Vec::new(),
            stats: st,
            depth: None,
            methods_note: None,
            intended_methods: None,
            intended_evidence: Vec::new(),
            note: None,
            via_redirect: Vec::new(),
            source: Source {
                file: String::new(),
                line: 1,
            },
        }
    }

    #[test]
    fn ranked_by_p95_and_by_time_spent() {
        // /slow/ is slow but rare; /busy/ is quick but takes most of the time.
        let eps = vec![
            endpoint("/slow/", Some(stats(2, 900.0, 1500.0))),
            endpoint("/busy/", Some(stats(1000, 40.0, 90.0))),
            endpoint("/mid/", Some(stats(10, 200.0, 300.0))),
            endpoint("/none/", None),
            endpoint("/zero/", Some(stats(0, 0.0, 0.0))),
        ];
        let login = Unmatched {
            kind: "stats_row".into(),
            method: Some("POST".into()),
            name: "[AUTH] Login".into(),
            source: Source {
                file: String::new(),
                line: 9,
            },
            reason: String::new(),
            tasks: Vec::new(),
            requests: Some(100),
            failures: Some(0),
            stats: Some(stats(100, 100.0, 400.0)),
        };
        let s = slowest(&eps, &[login]);
        let labels = |v: &[SlowRow]| v.iter().map(|r| r.label.clone()).collect::<Vec<_>>();
        assert_eq!(
            labels(&s.by_p95),
            ["GET /slow/", "POST [AUTH] Login", "GET /mid/", "GET /busy/"]
        );
        assert_eq!(
            labels(&s.by_total_time),
            ["GET /busy/", "POST [AUTH] Login", "GET /mid/", "GET /slow/"]
        );
        // 40 s of 40 + 10 + 2 + 1.8 = 53.8 s.
        assert_eq!(s.by_total_time[0].time_share_pct, Some(74.3));
        assert!(!s.by_total_time[1].endpoint);
    }
}
