//! Requests that reach their endpoint only through a redirect Django's
//! middleware answers first (`APPEND_SLASH`'s 301, `LocaleMiddleware`'s
//! 302), which Locust's client follows: the endpoint is exercised, marked so,
//! and a finding counts the round trips the redirect adds.

use super::unmatched::request_text;
use crate::join::{JoinedRequest, Resolution};
use crate::model::findings::{Finding, FindingKind, Numbers};
use crate::model::report::EndpointReport;
use crate::model::stats::RunStats;
use crate::model::Source;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The requests of one locustfile line reaching an endpoint through a
/// redirect.
struct Line {
    /// Index into the resolver's endpoints.
    endpoint: usize,
    /// The first of its requests (index into the join's requests).
    first: usize,
    /// Its stats rows (indices into the run's stats).
    rows: BTreeSet<usize>,
}

/// Marks the endpoints reached through a redirect and gives one finding
/// per request line; `req_rows` are the stats rows of each request.
pub fn followed_redirects(
    requests: &[JoinedRequest],
    req_rows: &HashMap<usize, BTreeSet<usize>>,
    run: Option<&RunStats>,
    endpoints: &mut [EndpointReport],
) -> Vec<Finding> {
    // One entry per request line: the endpoint, the redirect, the rows.
    let mut lines: BTreeMap<(String, usize, String), Line> = BTreeMap::new();
    for (ri, jr) in requests.iter().enumerate() {
        let (Resolution::Endpoint(e), Some(_)) = (&jr.resolution, &jr.redirect) else {
            continue;
        };
        let r = jr.walked.request;
        let entry = lines
            .entry((r.file.clone(), r.line, r.method.clone()))
            .or_insert(Line {
                endpoint: *e,
                first: ri,
                rows: BTreeSet::new(),
            });
        entry
            .rows
            .extend(req_rows.get(&ri).into_iter().flatten().copied());
    }
    let mut findings = Vec::new();
    for (
        (file, line, _),
        Line {
            endpoint: e,
            first,
            rows,
        },
    ) in lines
    {
        let jr = &requests[first];
        let (Some(redirect), r) = (&jr.redirect, jr.walked.request) else {
            continue;
        };
        let shown = request_text(r);
        let via = format!(
            "via {} redirect from {} {} ({file}:{line})",
            redirect.kind.label(),
            r.method,
            shown
        );
        let endpoint = &mut endpoints[e];
        if !endpoint.via_redirect.contains(&via) {
            endpoint.via_redirect.push(via.clone());
        }
        endpoint.note = Some(match endpoint.note.take() {
            Some(n) => format!("{n}; {via}"),
            None => via,
        });
        let requests_made: Option<u64> = run.map(|run| {
            rows.iter()
                .filter_map(|&i| run.stats.get(i))
                .map(|row| row.requests)
                .sum()
        });
        let mut numbers = Numbers {
            line: Some(line as u64),
            ..Numbers::default()
        };
        let tail = match requests_made.filter(|&n| n > 0) {
            Some(n) => {
                numbers.requests = Some(n);
                numbers.extra_round_trips = Some(n);
                let plural = if n == 1 { "" } else { "s" };
                format!("; the run recorded {n} request{plural}: {n} extra round trip{plural}")
            }
            None => String::new(),
        };
        let off = if jr.walked.runs {
            ""
        } else {
            " (not sent in this configuration)"
        };
        let label = endpoint.label();
        findings.push(Finding {
            kind: FindingKind::Redirected,
            message: format!(
                "{} {shown} at {file}:{line}{off} reaches {label} only through Django's {} redirect ({} to {}), which Locust's client follows: every request costs two round trips and the redirect's time is in its response time{tail}",
                r.method,
                redirect.kind.label(),
                redirect.kind.status(),
                redirect.location,
            ),
            endpoints: vec![label],
            numbers,
            per_endpoint: Vec::new(),
            errors: Vec::new(),
            source: Some(Source { file, line }),
        });
    }
    findings
}
