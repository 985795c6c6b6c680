//! Endpoints failing every request, and those failing above the threshold.

use super::errors::{error_list, push_errors_text};
use super::format::{fmt_pct, round};
use super::ranking::{finding, Ranked, Row};
use crate::config::Thresholds;
use crate::model::findings::FindingKind;

pub(super) fn always_failing(rows: &[Row], t: &Thresholds) -> Vec<Ranked> {
    rows.iter()
        .filter(|r| r.stats.requests > 0 && r.stats.failures >= r.stats.requests)
        .map(|r| {
            let s = r.stats;
            let mut message = format!(
                "{} failed {} of {} requests (100%)",
                r.label, s.failures, s.requests
            );
            push_errors_text(&mut message, &r.errors, t.top_errors());
            let mut f = finding(FindingKind::AlwaysFailing, message, vec![r.label.clone()]);
            f.numbers.requests = Some(s.requests);
            f.numbers.failures = Some(s.failures);
            f.numbers.failure_pct = Some(100.0);
            f.errors = error_list(&r.errors, t.top_errors());
            r.ranked(s.requests as f64, f)
        })
        .collect()
}

pub(super) fn failure_rate(rows: &[Row], t: &Thresholds) -> Vec<Ranked> {
    rows.iter()
        .filter_map(|r| {
            let s = r.stats;
            let pct = s.failure_pct()?;
            if s.failures == 0 || s.failures >= s.requests || pct < t.failure_rate_pct() {
                return None;
            }
            let mut message = format!(
                "{} failed {} of {} requests ({})",
                r.label,
                s.failures,
                s.requests,
                fmt_pct(pct)
            );
            push_errors_text(&mut message, &r.errors, t.top_errors());
            let mut f = finding(FindingKind::FailureRate, message, vec![r.label.clone()]);
            f.numbers.requests = Some(s.requests);
            f.numbers.failures = Some(s.failures);
            f.numbers.failure_pct = Some(round(pct, 2));
            f.errors = error_list(&r.errors, t.top_errors());
            // By rate, then by count.
            Some(r.ranked(pct * 1e9 + s.failures as f64, f))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn always_failing_names_the_errors() {
        let r = run(
            vec![
                row("POST", "/api/monitoring/report-client-metric/", 18, 18),
                row("GET", "/ok/", 10, 0),
                row("GET", "/never/", 0, 0),
            ],
            vec![failure(
                "POST",
                "/api/monitoring/report-client-metric/",
                "HTTPError('403 Client Error: Forbidden for url: /api/monitoring/report-client-metric/')",
                18,
            )],
        );
        let fs = find(&r, &Thresholds::default(), &label);
        assert_eq!(fs.len(), 1, "{fs:#?}");
        let f = &fs[0];
        assert_eq!(f.kind, FindingKind::AlwaysFailing);
        assert_eq!(
            f.message,
            "POST /api/monitoring/report-client-metric/ failed 18 of 18 requests (100%): HTTPError('403 Client Error: Forbidden') ×18"
        );
        assert_eq!(
            f.endpoints,
            vec!["POST /api/monitoring/report-client-metric/"]
        );
        assert_eq!(f.numbers.requests, Some(18));
        assert_eq!(f.numbers.failures, Some(18));
        assert_eq!(
            f.errors,
            vec!["HTTPError('403 Client Error: Forbidden') (×18)"]
        );
    }

    #[test]
    fn failure_rate_threshold_is_inclusive_and_lists_top_errors() {
        let r = run(
            vec![
                row("GET", "/at/", 100, 1),
                row("GET", "/below/", 1000, 9),
                row("POST", "/many/", 20, 10),
            ],
            vec![
                failure("POST", "/many/", "E1", 4),
                failure("POST", "/many/", "E2", 3),
                failure("POST", "/many/", "E3", 2),
                failure("POST", "/many/", "E4", 1),
                // Another method of the same name is not this row's.
                failure("GET", "/many/", "other", 7),
            ],
        );
        let fs = find(&r, &Thresholds::default(), &label);
        let rates = of_kind(&fs, FindingKind::FailureRate);
        assert_eq!(rates.len(), 2, "{fs:#?}");
        // Most severe first.
        assert_eq!(rates[0].endpoints, vec!["POST /many/"]);
        assert_eq!(rates[0].numbers.failure_pct, Some(50.0));
        assert_eq!(rates[0].errors, vec!["E1 (×4)", "E2 (×3)", "E3 (×2)"]);
        assert_eq!(
            rates[0].message,
            "POST /many/ failed 10 of 20 requests (50%): E1 ×4; E2 ×3; E3 ×2; and 1 other error ×1"
        );
        assert_eq!(rates[1].endpoints, vec!["GET /at/"]);
        assert_eq!(rates[1].numbers.failure_pct, Some(1.0));

        let t = Thresholds {
            failure_rate_pct: Some(1.5),
            top_errors: Some(1),
            ..Thresholds::default()
        };
        let fs = find(&r, &t, &label);
        let rates = of_kind(&fs, FindingKind::FailureRate);
        assert_eq!(rates.len(), 1);
        assert_eq!(rates[0].errors, vec!["E1 (×4)"]);
    }

    #[test]
    fn failure_rate_zero_threshold_needs_a_failure_and_skips_always_failing() {
        let r = run(
            vec![row("GET", "/fine/", 10, 0), row("GET", "/dead/", 3, 3)],
            Vec::new(),
        );
        let t = Thresholds {
            failure_rate_pct: Some(0.0),
            ..Thresholds::default()
        };
        let fs = find(&r, &t, &label);
        assert!(of_kind(&fs, FindingKind::FailureRate).is_empty(), "{fs:#?}");
        assert_eq!(of_kind(&fs, FindingKind::AlwaysFailing).len(), 1);
        assert_eq!(fs[0].message, "GET /dead/ failed 3 of 3 requests (100%)");
    }
}
