//! Requests of the locustfile that reach no endpoint: each listed once per
//! source line with the stats of its rows, and, for a missing route, a
//! method the view refuses or a write Django redirects, a static finding (a
//! 404 or 405 waiting to happen, a write never tested).

use crate::join::JoinedRequest;
use crate::join::Resolution;
use crate::model::findings::{Finding, FindingKind, Numbers};
use crate::model::report::Unmatched;
use crate::model::stats::RunStats;
use crate::model::{Request, RouteMap, Source};
use std::collections::{BTreeSet, HashMap};

/// The unmatched requests and the static findings they give.
pub fn unmatched_requests(
    requests: &[JoinedRequest],
    req_rows: &HashMap<usize, BTreeSet<usize>>,
    run: Option<&RunStats>,
    map: &RouteMap,
) -> (Vec<Unmatched>, Vec<Finding>) {
    let mut unmatched = Vec::new();
    let mut findings = Vec::new();
    let mut seen: BTreeSet<(String, usize, String)> = BTreeSet::new();
    let key = |r: &Request| (r.file.clone(), r.line, r.method.clone());
    for jr in requests {
        if matches!(jr.resolution, Resolution::Endpoint(_)) {
            continue;
        }
        let r = jr.walked.request;
        let tasks: Vec<String> = requests
            .iter()
            .filter(|o| key(o.walked.request) == key(r))
            .map(|o| o.walked.task.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if !seen.insert(key(r)) {
            continue;
        }
        // Stats of every carrier of this request line, each row once.
        let rows: BTreeSet<usize> = requests
            .iter()
            .enumerate()
            .filter(|(_, o)| o.walked.request.file == r.file && o.walked.request.line == r.line)
            .filter_map(|(i, _)| req_rows.get(&i))
            .flatten()
            .copied()
            .collect();
        let stats_rows: Vec<(&crate::model::stats::StatsRow, bool)> = run
            .map(|run| {
                rows.iter()
                    .filter_map(|&i| run.stats.get(i))
                    .map(|r| (r, false))
                    .collect()
            })
            .unwrap_or_default();
        let (sreq, sfail) = stats_rows.iter().fold((0u64, 0u64), |a, s| {
            (a.0 + s.0.requests, a.1 + s.0.failures)
        });
        unmatched.push(Unmatched {
            kind: "request".into(),
            method: Some(r.method.clone()),
            name: request_text(r),
            source: Source {
                file: r.file.clone(),
                line: r.line,
            },
            reason: jr.resolution.why(map),
            tasks,
            requests: run.map(|_| sreq),
            failures: run.map(|_| sfail),
            stats: super::endpoint_stats::endpoint_stats(&stats_rows),
        });
        let counts = run.is_some().then_some((sreq, sfail));
        findings.extend(static_finding(jr, counts, map));
    }
    (unmatched, findings)
}

/// The 404 or 405 a request reaching no endpoint waits for; `counts` are
/// the run's requests and failures of its rows.
fn static_finding(
    jr: &JoinedRequest,
    counts: Option<(u64, u64)>,
    map: &RouteMap,
) -> Option<Finding> {
    let r = jr.walked.request;
    let shown = request_text(r);
    let mut numbers = Numbers {
        line: Some(r.line as u64),
        ..Numbers::default()
    };
    let mut tail = String::new();
    if let Some((sreq, sfail)) = counts.filter(|c| c.0 > 0) {
        numbers.requests = Some(sreq);
        numbers.failures = Some(sfail);
        numbers.failure_pct = Some(round1(sfail as f64 * 100.0 / sreq as f64));
        let plural = if sreq == 1 { "" } else { "s" };
        tail = format!("; the run recorded {sreq} request{plural}, {sfail} failed");
    }
    let off = if jr.walked.runs {
        ""
    } else {
        " (not sent in this configuration)"
    };
    let (kind, message, endpoint) = match &jr.resolution {
        Resolution::NoRoute => (
            FindingKind::Unmatched,
            format!(
                "{} {} at {}:{}{off} matches no route: a 404 waiting to happen{tail}",
                r.method, shown, r.file, r.line
            ),
            format!("{} {}", r.method, shown),
        ),
        Resolution::MethodMismatch { route } => {
            let rt = &map.routes[*route];
            (
                FindingKind::MethodMismatch,
                format!(
                    "{} {} at {}:{}{off} reaches {} whose view {} accepts only {}: a 405 waiting to happen{tail}",
                    r.method,
                    shown,
                    r.file,
                    r.line,
                    rt.path,
                    rt.view,
                    rt.methods.join(", ")
                ),
                format!("{} {}", r.method, rt.path),
            )
        }
        Resolution::RedirectedWrite { route, .. } => (
            FindingKind::RedirectedWrite,
            format!(
                "{} {} at {}:{}{off} {}{tail}",
                r.method,
                shown,
                r.file,
                r.line,
                jr.resolution.why(map)
            ),
            format!("{} {}", r.method, map.routes[*route].path),
        ),
        _ => return None,
    };
    Some(Finding {
        kind,
        message,
        endpoints: vec![endpoint],
        numbers,
        per_endpoint: Vec::new(),
        errors: Vec::new(),
        source: Some(Source {
            file: r.file.clone(),
            line: r.line,
        }),
    })
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// URL template with its query string, as shown.
pub(super) fn request_text(r: &Request) -> String {
    match &r.query {
        Some(q) => format!("{}?{q}", r.url),
        None => r.url.clone(),
    }
}
