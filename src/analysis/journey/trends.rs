//! What holds across the runs of a journey, row by row: failing in every run,
//! beginning or ceasing to fail, a p95 rising or falling from every run to
//! the next.
//!
//! A trend needs the row in every run and each step to move by at least
//! `min_step_ms` (`[compare] latency_min_growth_ms`, default 50): the p95 of
//! a fast row wanders by a few milliseconds from run to run, and over four
//! runs one row in 24 would rise every time by chance.

use crate::model::journey::{JourneyFinding, JourneyFindingKind as Kind, JourneyRow};
use crate::model::run::Figures;

pub(super) fn find(names: &[String], rows: &[JourneyRow], min_step_ms: f64) -> Vec<JourneyFinding> {
    let mut out: Vec<JourneyFinding> = rows
        .iter()
        .flat_map(|r| {
            [
                failing_every_run(names, r),
                started_failing(names, r),
                stopped_failing(names, r),
                p95_trend(names, r, min_step_ms),
            ]
        })
        .flatten()
        .collect();
    out.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| a.row.cmp(&b.row)));
    out
}

fn finding(kind: Kind, row: &JourneyRow, message: String, runs: Vec<String>) -> JourneyFinding {
    JourneyFinding {
        kind,
        message,
        row: row.label.clone(),
        runs,
    }
}

/// `(run index, figures)` of the runs that have the row.
fn present(r: &JourneyRow) -> Vec<(usize, &Figures)> {
    r.runs
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.as_ref().map(|f| (i, f)))
        .collect()
}

fn counts(list: &[(usize, &Figures)]) -> String {
    list.iter()
        .map(|(_, f)| format!("{}/{}", f.failures, f.requests))
        .collect::<Vec<_>>()
        .join(", ")
}

fn failing_every_run(names: &[String], r: &JourneyRow) -> Option<JourneyFinding> {
    let list = present(r);
    if list.len() < 2 || list.iter().any(|(_, f)| f.failures == 0) {
        return None;
    }
    let scope = if list.len() == names.len() {
        format!("in all {} runs", names.len())
    } else {
        format!(
            "in every run that requested it ({} of {} runs)",
            list.len(),
            names.len()
        )
    };
    let message = format!(
        "{} failed {scope}: {} failed/requests",
        r.label,
        counts(&list)
    );
    let runs = list.iter().map(|(i, _)| names[*i].clone()).collect();
    Some(finding(Kind::FailingEveryRun, r, message, runs))
}

/// Runs (of those having the row) that failed.
fn failing_runs(names: &[String], list: &[(usize, &Figures)]) -> Vec<String> {
    list.iter()
        .filter(|(_, f)| f.failures > 0)
        .map(|(i, _)| names[*i].clone())
        .collect()
}

fn started_failing(names: &[String], r: &JourneyRow) -> Option<JourneyFinding> {
    let list = present(r);
    let (first, last) = (list.first()?, list.last()?);
    if list.len() < 2 || first.1.failures > 0 || last.0 + 1 != names.len() || last.1.failures == 0 {
        return None;
    }
    let runs = failing_runs(names, &list);
    let message = format!(
        "{} had no failures in {} and fails in the last run, {} ({}/{} failed); failing runs: {}",
        r.label,
        names[first.0],
        names[last.0],
        last.1.failures,
        last.1.requests,
        runs.join(", ")
    );
    Some(finding(Kind::StartedFailing, r, message, runs))
}

fn stopped_failing(names: &[String], r: &JourneyRow) -> Option<JourneyFinding> {
    let list = present(r);
    let last = list.last()?;
    let runs = failing_runs(names, &list);
    if runs.is_empty() || last.0 + 1 != names.len() || last.1.failures > 0 {
        return None;
    }
    let message = format!(
        "{} failed in {} and not in the last run, {} (0/{} failed)",
        r.label,
        runs.join(", "),
        names[last.0],
        last.1.requests
    );
    Some(finding(Kind::StoppedFailing, r, message, runs))
}

fn p95_trend(names: &[String], r: &JourneyRow, min_step_ms: f64) -> Option<JourneyFinding> {
    if names.len() < 3 {
        return None;
    }
    let p95: Vec<u64> = r
        .runs
        .iter()
        .map(|f| f.as_ref().and_then(|f| f.p95_ms))
        .collect::<Option<_>>()?;
    let steps: Vec<f64> = p95.windows(2).map(|w| w[1] as f64 - w[0] as f64).collect();
    let kind = if steps.iter().all(|s| *s >= min_step_ms) {
        Kind::P95Rising
    } else if steps.iter().all(|s| -*s >= min_step_ms) {
        Kind::P95Falling
    } else {
        return None;
    };
    let verb = match kind {
        Kind::P95Rising => "rises",
        _ => "falls",
    };
    let series: Vec<String> = p95.iter().map(|v| format!("{v} ms")).collect();
    let message = format!(
        "{}: p95 {verb} from every run to the next, {} (each step at least {min_step_ms:.0} ms)",
        r.label,
        series.join(" -> ")
    );
    Some(finding(kind, r, message, names.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(requests: u64, failures: u64, p95: u64) -> Option<Figures> {
        Some(Figures {
            requests,
            failures,
            failure_pct: 0.0,
            rps: 0.0,
            median_ms: Some(p95 / 2),
            p95_ms: Some(p95),
            p99_ms: Some(p95),
            max_ms: Some(p95),
            mean_ms: Some(p95 / 2),
        })
    }

    fn row(label: &str, runs: Vec<Option<Figures>>) -> JourneyRow {
        JourneyRow {
            label: label.into(),
            method: "GET".into(),
            path: None,
            name: label.into(),
            runs,
            requests: 0,
            failures: 0,
            worst_p95_ms: None,
        }
    }

    fn names(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("r{i}")).collect()
    }

    fn kinds(rows: &[JourneyRow], n: usize) -> Vec<(Kind, String)> {
        find(&names(n), rows, 50.0)
            .into_iter()
            .map(|f| (f.kind, f.row))
            .collect()
    }

    #[test]
    fn failing_in_every_run_needs_failures_wherever_the_row_is() {
        let rows = [
            row("always", vec![fig(4, 1, 10), fig(5, 2, 10), fig(3, 3, 10)]),
            row("gap", vec![fig(2, 2, 10), None, fig(1, 1, 10)]),
            row("once", vec![fig(2, 2, 10), None, None]),
            row("healed", vec![fig(4, 1, 10), fig(4, 0, 10), fig(4, 0, 10)]),
        ];
        let found = find(&names(3), &rows, 50.0);
        let every: Vec<&str> = found
            .iter()
            .filter(|f| f.kind == Kind::FailingEveryRun)
            .map(|f| f.row.as_str())
            .collect();
        assert_eq!(every, ["always", "gap"]);
        let gap = found
            .iter()
            .find(|f| f.row == "gap")
            .map(|f| f.message.as_str());
        assert_eq!(
            gap,
            Some(
                "gap failed in every run that requested it (2 of 3 runs): 2/2, 1/1 failed/requests"
            )
        );
    }

    #[test]
    fn started_and_stopped_failing_look_at_the_last_run() {
        let rows = [
            row("began", vec![fig(4, 0, 10), fig(4, 0, 10), fig(4, 2, 10)]),
            row("fixed", vec![fig(4, 0, 10), fig(4, 4, 10), fig(4, 0, 10)]),
            row(
                "absent at the end",
                vec![fig(4, 0, 10), fig(4, 4, 10), None],
            ),
        ];
        assert_eq!(
            kinds(&rows, 3),
            [
                (Kind::StartedFailing, "began".to_string()),
                (Kind::StoppedFailing, "fixed".to_string())
            ]
        );
    }

    #[test]
    fn p95_trends_need_every_step_and_every_run() {
        let rows = [
            row(
                "up",
                vec![
                    fig(9, 0, 12),
                    fig(9, 0, 210),
                    fig(9, 0, 420),
                    fig(9, 0, 600),
                ],
            ),
            row(
                "down",
                vec![
                    fig(9, 0, 900),
                    fig(9, 0, 500),
                    fig(9, 0, 300),
                    fig(9, 0, 100),
                ],
            ),
            // Up every time, but by a few milliseconds: noise.
            row(
                "creeping",
                vec![fig(9, 0, 10), fig(9, 0, 20), fig(9, 0, 30), fig(9, 0, 95)],
            ),
            row(
                "missing",
                vec![fig(9, 0, 10), None, fig(9, 0, 300), fig(9, 0, 600)],
            ),
            row(
                "dip",
                vec![
                    fig(9, 0, 10),
                    fig(9, 0, 300),
                    fig(9, 0, 200),
                    fig(9, 0, 600),
                ],
            ),
        ];
        assert_eq!(
            kinds(&rows, 4),
            [
                (Kind::P95Rising, "up".to_string()),
                (Kind::P95Falling, "down".to_string())
            ]
        );
        // Two runs are a comparison, not a trend.
        assert!(kinds(&[row("up", vec![fig(9, 0, 12), fig(9, 0, 210)])], 2).is_empty());
    }
}
