//! The run over time, from the Aggregated rows of `*_stats_history.csv`:
//! the user-count ramp, requests and failures per second, p95, when the
//! first failure happened relative to the ramp, and when the last one did.

use crate::model::run::{Timeline, TimelinePoint};
use crate::model::stats::RunStats;

/// Points a timeline keeps: a day-long run has 86,400 seconds; charts and
/// JSON need far fewer. Onset, ramp and peak come from every point first.
const MAX_POINTS: usize = 2_000;

/// At most `max` points, evenly spaced, the last one kept.
fn thin(points: Vec<TimelinePoint>, max: usize) -> Vec<TimelinePoint> {
    if points.len() <= max {
        return points;
    }
    let step = points.len().div_ceil(max);
    let last = points.len() - 1;
    points
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % step == 0 || *i == last)
        .map(|(_, p)| p)
        .collect()
}

/// Builds the timeline of `run`; `None` without history (or without any
/// Aggregated history row).
pub fn timeline(run: &RunStats) -> Option<Timeline> {
    let rows: Vec<_> = run.aggregated_history().collect();
    let first = rows.first()?;
    let start = first.timestamp;
    let points: Vec<TimelinePoint> = rows
        .iter()
        .map(|h| TimelinePoint {
            t: h.timestamp - start,
            users: h.user_count,
            rps: h.rps,
            failures_per_s: h.failures_per_s,
            p95_ms: h.percentile(95.0),
            requests: h.requests,
            failures: h.failures,
        })
        .collect();
    let duration_s = points.last().map(|p| p.t).unwrap_or(0);
    let peak_users = points.iter().filter_map(|p| p.users).max();
    let ramp_s =
        peak_users.and_then(|peak| points.iter().find(|p| p.users == Some(peak)).map(|p| p.t));
    // Cumulative failure counts say exactly when the first failure was
    // recorded; Locust's current failures/s lags behind them. Files without
    // cumulative counts (none known) fall back on the rate.
    let onset = points.iter().find(|p| match p.failures {
        Some(f) => f > 0,
        None => p.failures_per_s.is_some_and(|r| r > 0.0),
    });
    let first_failure_s = onset.map(|p| p.t);
    let users_at_first_failure = onset.and_then(|p| p.users);
    let last_failure_s = onset.and_then(|_| last_failure(&points));
    // A tenth of the run, 2 to 10 s: a 15 s run quiet for its last 8 s
    // has recovered; a long run quiet for a few seconds has not shown it.
    let window = (duration_s / 10).clamp(2, STILL_FAILING_S);
    let failing_at_end = last_failure_s.is_some_and(|t| duration_s - t <= window);
    let mut summary = summary(
        peak_users,
        ramp_s,
        first_failure_s,
        users_at_first_failure,
        duration_s,
    );
    if let Some(last) = last_failure_s {
        summary.push_str(&stop_text(last, duration_s, failing_at_end));
    }
    let points = thin(points, MAX_POINTS);
    let file = run
        .files
        .history
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    Some(Timeline {
        file,
        start,
        duration_s,
        points,
        peak_users,
        ramp_s,
        first_failure_s,
        users_at_first_failure,
        last_failure_s,
        failing_at_end,
        summary,
    })
}

/// Failures counted this close to the end of a long run had not stopped:
/// Locust writes a history row every second or so, and a quiet stretch of a
/// few rows is no recovery.
const STILL_FAILING_S: i64 = 10;

/// The second the failure count last grew: the first row holding the final
/// count (cumulative counts), or the last row with a failure rate (files
/// without them).
fn last_failure(points: &[TimelinePoint]) -> Option<i64> {
    let last = points.iter().rev().find_map(|p| p.failures);
    match last {
        Some(n) if n > 0 => points
            .iter()
            .find(|p| p.failures.is_some_and(|f| f >= n))
            .map(|p| p.t),
        Some(_) => None,
        None => points
            .iter()
            .rev()
            .find(|p| p.failures_per_s.is_some_and(|r| r > 0.0))
            .map(|p| p.t),
    }
}

fn stop_text(last: i64, duration_s: i64, at_end: bool) -> String {
    if at_end {
        format!("; failures went on to the end (the last at {last} s of {duration_s} s)")
    } else {
        format!(
            "; the last failure was at {last} s, {} s before the end",
            duration_s - last
        )
    }
}

fn summary(
    peak: Option<u64>,
    ramp_s: Option<i64>,
    onset: Option<i64>,
    users_at: Option<u64>,
    duration_s: i64,
) -> String {
    let ramp = match (peak, ramp_s) {
        (Some(p), Some(r)) => format!("users ramped 0 -> {p} in {r} s"),
        _ => "no user count in the history".to_string(),
    };
    let Some(onset) = onset else {
        return format!("{ramp}; no failures in {duration_s} s");
    };
    let at = users_at
        .map(|u| format!(", at {u} users"))
        .unwrap_or_default();
    let relative = match (peak, ramp_s) {
        (Some(p), Some(r)) if onset > r => {
            format!("{} s after the user count reached {p}", onset - r)
        }
        (Some(p), Some(r)) if onset == r => {
            format!("as the user count reached {p}")
        }
        (Some(p), Some(r)) => format!(
            "{} s before the user count reached {p} (during the ramp)",
            r - onset
        ),
        _ => "(no user count to relate it to)".to_string(),
    };
    format!("{ramp}; failures began {onset} s after the start{at}, {relative}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries() {
        assert_eq!(
            summary(Some(100), Some(30), Some(42), Some(100), 60),
            "users ramped 0 -> 100 in 30 s; failures began 42 s after the start, at 100 users, 12 s after the user count reached 100"
        );
        assert_eq!(
            summary(Some(30), Some(4), Some(1), Some(8), 15),
            "users ramped 0 -> 30 in 4 s; failures began 1 s after the start, at 8 users, 3 s before the user count reached 30 (during the ramp)"
        );
        assert_eq!(
            summary(Some(5), Some(2), None, None, 10),
            "users ramped 0 -> 5 in 2 s; no failures in 10 s"
        );
        assert_eq!(
            stop_text(40, 120, false),
            "; the last failure was at 40 s, 80 s before the end"
        );
        assert_eq!(
            stop_text(115, 120, true),
            "; failures went on to the end (the last at 115 s of 120 s)"
        );
    }

    fn point(t: i64, failures: Option<u64>, rate: Option<f64>) -> TimelinePoint {
        TimelinePoint {
            t,
            users: Some(1),
            rps: None,
            failures_per_s: rate,
            p95_ms: None,
            requests: None,
            failures,
        }
    }

    #[test]
    fn failures_stop_where_the_count_last_grew() {
        let counts = [0, 0, 2, 3, 5, 5, 5, 5];
        let pts: Vec<_> = counts
            .iter()
            .enumerate()
            .map(|(i, &f)| point(i as i64 * 10, Some(f), Some(0.0)))
            .collect();
        assert_eq!(last_failure(&pts), Some(40));
        let none: Vec<_> = (0..3).map(|i| point(i, Some(0), Some(0.0))).collect();
        assert_eq!(last_failure(&none), None);
        // Without cumulative counts, the last second with a failure rate.
        let rates: Vec<_> = [0.0, 1.0, 0.5, 0.0]
            .iter()
            .enumerate()
            .map(|(i, &r)| point(i as i64, None, Some(r)))
            .collect();
        assert_eq!(last_failure(&rates), Some(2));
    }
}
