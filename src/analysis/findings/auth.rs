//! Login/auth requests failing, taken together: later requests of those users
//! fail as a consequence.

use super::errors::{by_count, error_list};
use super::format::{fmt_pct, round};
use super::ranking::{finding, Ranked, Row};
use crate::config::Thresholds;
use crate::model::findings::FindingKind;
use std::collections::BTreeMap;

pub(super) fn auth_failures(rows: &[Row], t: &Thresholds) -> Vec<Ranked> {
    let re = t.auth_pattern();
    let mut matched: Vec<&Row> = rows
        .iter()
        .filter(|r| r.stats.requests > 0 && (re.is_match(&r.stats.name) || re.is_match(&r.label)))
        .collect();
    // The headline counts authentication attempts (what sends credentials:
    // not a GET of the login page), when there are any: a login form's page
    // loads say nothing of how often logging in fails.
    let is_attempt =
        |r: &Row| !matches!(r.stats.method.as_deref(), Some("GET" | "HEAD" | "OPTIONS"));
    let attempts: Vec<&Row> = matched.iter().copied().filter(|r| is_attempt(r)).collect();
    let counted: &[&Row] = if attempts.is_empty() {
        &matched
    } else {
        &attempts
    };
    let requests: u64 = counted.iter().map(|r| r.stats.requests).sum();
    let failures: u64 = counted.iter().map(|r| r.stats.failures).sum();
    let all_failures: u64 = matched.iter().map(|r| r.stats.failures).sum();
    if requests == 0 || all_failures == 0 {
        return Vec::new();
    }
    let pct_of = |r: &Row| r.stats.failure_pct().unwrap_or(0.0);
    matched.sort_by(|a, b| {
        pct_of(b)
            .total_cmp(&pct_of(a))
            .then_with(|| a.label.cmp(&b.label))
            .then_with(|| a.key().cmp(&b.key()))
    });
    let pct = failures as f64 * 100.0 / requests as f64;
    let failing: Vec<String> = matched
        .iter()
        .filter(|r| r.stats.failures > 0)
        .map(|r| {
            let mut s = format!(
                "{} {} of {} ({})",
                r.label,
                r.stats.failures,
                r.stats.requests,
                fmt_pct(pct_of(r))
            );
            if let Some((e, n)) = r.errors.first() {
                s.push_str(&format!(", mostly {e} ×{n}"));
            }
            s
        })
        .collect();
    let what = if attempts.is_empty() {
        "Login/auth requests"
    } else {
        "Login/auth attempts"
    };
    let pages: Vec<&Row> = matched.iter().copied().filter(|r| !is_attempt(r)).collect();
    let pages_text = if attempts.is_empty() || pages.is_empty() {
        String::new()
    } else {
        let (n, f) = pages.iter().fold((0, 0), |(n, f), r| {
            (n + r.stats.requests, f + r.stats.failures)
        });
        format!(" (login pages, apart: {f} of {n} failed)")
    };
    let message = format!(
        "{what} failed {failures} of {requests} times ({}){pages_text}: {}; users whose login fails go on unauthenticated, so their later requests can fail too",
        fmt_pct(pct),
        failing.join("; ")
    );
    let mut merged: BTreeMap<String, u64> = BTreeMap::new();
    for r in &matched {
        for (e, n) in &r.errors {
            *merged.entry(e.clone()).or_default() += n;
        }
    }
    let mut f = finding(
        FindingKind::AuthFailures,
        message,
        matched.iter().map(|r| r.label.clone()).collect(),
    );
    f.numbers.requests = Some(requests);
    f.numbers.failures = Some(failures);
    f.numbers.failure_pct = Some(round(pct, 2));
    f.errors = error_list(&by_count(merged), t.top_errors());
    vec![Ranked {
        severity: pct,
        label: String::new(),
        tiebreak: String::new(),
        finding: f,
    }]
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::config::Pattern;

    #[test]
    fn auth_failures_combine_login_rows() {
        let r = run(
            vec![
                row("POST", "[AUTH] Login POST", 100, 46),
                row("GET", "[AUTH] Login page", 100, 0),
                row("GET", "/api/items/", 100, 50),
            ],
            vec![failure(
                "POST",
                "[AUTH] Login POST",
                "HTTPError('500 Server Error: Internal Server Error for url: [AUTH] Login POST')",
                46,
            )],
        );
        let fs = find(&r, &Thresholds::default(), &label);
        let a = of_kind(&fs, FindingKind::AuthFailures);
        assert_eq!(a.len(), 1, "{fs:#?}");
        let a = a[0];
        assert_eq!(
            a.endpoints,
            vec!["POST [AUTH] Login POST", "GET [AUTH] Login page"]
        );
        // Issue 14: the attempts (the POST), not the page loads, make the headline.
        assert_eq!(a.numbers.requests, Some(100));
        assert_eq!(a.numbers.failures, Some(46));
        assert_eq!(a.numbers.failure_pct, Some(46.0));
        assert!(
            a.message.starts_with("Login/auth attempts failed 46 of 100 times (46%) (login pages, apart: 0 of 100 failed): POST [AUTH] Login POST 46 of 100 (46%), mostly HTTPError('500 Server Error: Internal Server Error') ×46;"),
            "{}",
            a.message
        );
        assert_eq!(
            a.errors,
            vec!["HTTPError('500 Server Error: Internal Server Error') (×46)"]
        );

        // The pattern applies to the label (the joined endpoint) too.
        let t = Thresholds {
            auth_pattern: Pattern::new("^POST /accounts/").ok(),
            ..Thresholds::default()
        };
        let by_path = |r: &StatsRow| {
            if r.name.contains("Login POST") {
                "POST /accounts/login/".to_string()
            } else {
                label(r)
            }
        };
        let fs = find(&r, &t, &by_path);
        let a = of_kind(&fs, FindingKind::AuthFailures);
        assert_eq!(a[0].endpoints, vec!["POST /accounts/login/"]);
        assert_eq!(a[0].numbers.failure_pct, Some(46.0));
    }

    #[test]
    fn no_auth_finding_without_auth_failures_or_a_matching_request() {
        let r = run(
            vec![row("POST", "login", 11, 0), row("GET", "/x/", 10, 5)],
            Vec::new(),
        );
        assert!(of_kind(
            &find(&r, &Thresholds::default(), &label),
            FindingKind::AuthFailures
        )
        .is_empty());
        let t = Thresholds {
            auth_pattern: Pattern::new("^sign-on$").ok(),
            ..Thresholds::default()
        };
        let r = run(vec![row("POST", "login", 11, 3)], Vec::new());
        assert!(of_kind(&find(&r, &t, &label), FindingKind::AuthFailures).is_empty());
    }
}
