//! Two runs side by side: the Aggregated figures and every stats row with
//! absolute and relative deltas, which rows regressed, came, went or began
//! failing, which errors and exceptions appeared or vanished, and a verdict.
//!
//! # What regresses
//! With the defaults of `[compare]` in the configuration:
//! - failures: the failure percentage grows by `failure_regression_points`
//!   (default 1) percentage points or more;
//! - latency: the median or the p95 grows by `latency_regression_pct`
//!   (default 20) percent or more *and* by at least `latency_min_growth_ms`
//!   (default 50) milliseconds (a 9 -> 11 ms median is +22% but noise); the p99 is judged on the Aggregated row only, because on
//!   a row of a few requests it is the maximum;
//! - throughput: the Aggregated req/s drops by `rps_regression_pct`
//!   (default 20) percent or more;
//! - rows with fewer than `min_requests` (default 5) requests in both runs
//!   are shown but not judged.

use crate::analysis::coverage::{self, Inputs};
use crate::analysis::errors::{error_changes, error_type_changes, exception_changes};
use crate::analysis::timeline::timeline;
use crate::config::CompareSettings;
use crate::join::StatsJoin;
use crate::model::run::{
    Change, CompareRow, CompareThresholds, Comparison, ExceptionChange, Figures, FiguresDelta,
    RowPresence,
};
use crate::model::stats::{RunStats, StatsRow};
use std::collections::BTreeMap;

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn ms(v: Option<f64>) -> Option<u64> {
    v.filter(|x| x.is_finite() && *x >= 0.0)
        .map(|x| x.round() as u64)
}

/// The headline figures of a stats row.
pub fn figures(row: &StatsRow) -> Figures {
    Figures {
        requests: row.requests,
        failures: row.failures,
        failure_pct: round2(row.failure_pct().unwrap_or(0.0)),
        rps: round2(row.rps.unwrap_or(0.0)),
        median_ms: ms(row.p50()),
        p95_ms: ms(row.p95()),
        p99_ms: ms(row.p99()),
        max_ms: ms(row.max_ms),
        mean_ms: ms(row.average_ms),
    }
}

/// The figures of the run's Aggregated row; zero without one.
pub fn aggregated_figures(run: &RunStats) -> Figures {
    run.aggregated.as_ref().map(figures).unwrap_or(Figures {
        requests: 0,
        failures: 0,
        failure_pct: 0.0,
        rps: 0.0,
        median_ms: None,
        p95_ms: None,
        p99_ms: None,
        max_ms: None,
        mean_ms: None,
    })
}

fn change(b: f64, c: f64) -> Change {
    Change {
        absolute: round2(c - b),
        relative_pct: (b != 0.0).then(|| round2((c - b) * 100.0 / b)),
    }
}

fn opt_change(b: Option<u64>, c: Option<u64>) -> Option<Change> {
    Some(change(b? as f64, c? as f64))
}

pub fn delta(b: &Figures, c: &Figures) -> FiguresDelta {
    FiguresDelta {
        requests: change(b.requests as f64, c.requests as f64),
        failures: change(b.failures as f64, c.failures as f64),
        failure_pct: change(b.failure_pct, c.failure_pct),
        rps: change(b.rps, c.rps),
        median_ms: opt_change(b.median_ms, c.median_ms),
        p95_ms: opt_change(b.p95_ms, c.p95_ms),
        p99_ms: opt_change(b.p99_ms, c.p99_ms),
        max_ms: opt_change(b.max_ms, c.max_ms),
        mean_ms: opt_change(b.mean_ms, c.mean_ms),
    }
}

fn pct_text(p: Option<f64>) -> String {
    match p {
        Some(p) => format!(" ({p:+.0}%)"),
        None => String::new(),
    }
}

/// Reasons `c` is worse than `b`; `aggregated` adds p99 and throughput.
fn regressions(b: &Figures, c: &Figures, t: &CompareThresholds, aggregated: bool) -> Vec<String> {
    moves(b, c, t, aggregated, true)
}

/// Ways `c` is better than `b`, by the same thresholds turned round.
fn improvements(b: &Figures, c: &Figures, t: &CompareThresholds, aggregated: bool) -> Vec<String> {
    moves(b, c, t, aggregated, false)
}

/// The figures that moved past the thresholds from `b` to `c`: for the
/// worse when `worse`, for the better otherwise.
fn moves(
    b: &Figures,
    c: &Figures,
    t: &CompareThresholds,
    aggregated: bool,
    worse: bool,
) -> Vec<String> {
    // Growth in the direction looked for.
    let sign = if worse { 1.0 } else { -1.0 };
    let mut out = Vec::new();
    let points = c.failure_pct - b.failure_pct;
    if points * sign >= t.failure_regression_points {
        out.push(format!(
            "failures {:.2}% -> {:.2}% ({points:+.2} points)",
            b.failure_pct, c.failure_pct
        ));
    }
    let mut latency: Vec<(&str, Option<u64>, Option<u64>)> = vec![
        ("median", b.median_ms, c.median_ms),
        ("p95", b.p95_ms, c.p95_ms),
    ];
    if aggregated {
        latency.push(("p99", b.p99_ms, c.p99_ms));
    }
    for (label, bv, cv) in latency {
        let (Some(bv), Some(cv)) = (bv, cv) else {
            continue;
        };
        let grow = (cv as f64 - bv as f64) * sign;
        // Relative to the better of the two: 100 -> 500 ms is +400% worse,
        // 500 -> 100 ms is 400% better by the same measure.
        let base = if worse { bv } else { cv };
        let rel = if base > 0 {
            grow * 100.0 / base as f64
        } else if grow > 0.0 {
            f64::INFINITY
        } else {
            0.0
        };
        if grow >= t.latency_min_growth_ms && rel >= t.latency_regression_pct {
            let ch = change(bv as f64, cv as f64);
            out.push(format!(
                "{label} {bv} -> {cv} ms{}",
                pct_text(ch.relative_pct)
            ));
        }
    }
    if aggregated && b.rps > 0.0 {
        let drop = (b.rps - c.rps) * 100.0 / b.rps;
        if drop * sign >= t.rps_regression_pct {
            out.push(format!(
                "req/s {:.2} -> {:.2} ({:+.0}%)",
                b.rps, c.rps, -drop
            ));
        }
    }
    out
}

/// `(method, stats name or route path, is an endpoint)`.
pub type Key = (String, String, bool);

fn key(r: &StatsRow) -> Key {
    (
        r.method.clone().unwrap_or_default().to_ascii_uppercase(),
        r.name.clone(),
        false,
    )
}

fn label(m: &str, n: &str) -> String {
    if m.is_empty() {
        n.to_string()
    } else {
        format!("{m} {n}")
    }
}

/// `METHOD path` of an endpoint row, `METHOD name` of a stats row.
fn row_label(r: &CompareRow) -> String {
    label(&r.method, r.path.as_deref().unwrap_or(&r.name))
}

/// One row of one run: a stats row, or the stats rows joined to an endpoint.
#[derive(Clone)]
pub struct Side {
    pub name: String,
    pub path: Option<String>,
    pub stats_names: Vec<String>,
    pub figures: Figures,
}

/// The rows of `run` as `compare` keys them: by endpoint when `join` is
/// given (stats rows that reach no endpoint keep their name), else by stats
/// name.
pub fn rows_of(run: &RunStats, join: Option<&StatsJoin>) -> BTreeMap<Key, Side> {
    match join {
        Some(j) => endpoint_rows(run, j),
        None => name_rows(run),
    }
}

/// A stats row as a row of its own, not joined to an endpoint.
fn row_side(r: &StatsRow) -> Side {
    Side {
        name: r.name.clone(),
        path: None,
        stats_names: Vec::new(),
        figures: figures(r),
    }
}

/// The rows of `run` keyed by stats name.
fn name_rows(run: &RunStats) -> BTreeMap<Key, Side> {
    run.stats.iter().map(|r| (key(r), row_side(r))).collect()
}

/// The rows of `run` keyed by endpoint, joined by the stats join
/// `routecov report` uses: the figures of several stats rows reaching one
/// endpoint are combined as the report combines them (counts and req/s
/// summed, the largest maximum, the percentiles of the busiest row or, from
/// histograms, of all the rows). Stats
/// rows that reach no endpoint stay rows of their own, keyed by name.
fn endpoint_rows(run: &RunStats, join: &StatsJoin) -> BTreeMap<Key, Side> {
    let rows = join.rows(run);
    let mut out = BTreeMap::new();
    for (i, joined) in join.rows_by_endpoint(run, &rows).iter().enumerate() {
        let Some(st) = coverage::endpoint_stats(joined) else {
            continue;
        };
        let (route, method) = &join.resolver.endpoints[i];
        let path = join.map.routes[*route].path.clone();
        let failure_pct = if st.requests == 0 {
            0.0
        } else {
            round2(st.failures as f64 * 100.0 / st.requests as f64)
        };
        let f = Figures {
            requests: st.requests,
            failures: st.failures,
            failure_pct,
            rps: round2(st.rps.unwrap_or(0.0)),
            median_ms: ms(st.median_ms),
            p95_ms: ms(st.p95_ms),
            p99_ms: ms(st.p99_ms),
            max_ms: ms(st.max_ms),
            mean_ms: ms(st.mean_ms),
        };
        let stats_names = st
            .rows
            .iter()
            .map(|x| {
                label(
                    &x.method.clone().unwrap_or_default().to_ascii_uppercase(),
                    &x.name,
                )
            })
            .collect();
        out.insert(
            (method.clone(), path.clone(), true),
            Side {
                name: st.name.clone(),
                path: Some(path),
                stats_names,
                figures: f,
            },
        );
    }
    let unjoined = rows
        .iter()
        .zip(&run.stats)
        .filter(|(j, _)| j.targets.is_empty());
    for (_, r) in unjoined {
        out.insert(key(r), row_side(r));
    }
    out
}

/// Compares `baseline` with `candidate`, row by stats name.
pub fn compare(
    baseline: &RunStats,
    candidate: &RunStats,
    settings: &CompareSettings,
) -> Comparison {
    compare_rows(
        baseline,
        candidate,
        settings,
        name_rows(baseline),
        name_rows(candidate),
    )
}

/// Compares `baseline` with `candidate`, row by endpoint of the project and
/// locustfile in `join` (its `run` is ignored): each run's stats rows are
/// joined as `routecov report` joins them.
pub fn compare_endpoints(
    baseline: &RunStats,
    candidate: &RunStats,
    settings: &CompareSettings,
    join: &Inputs,
) -> Comparison {
    let join = StatsJoin::new(join.map, Some(join.model));
    compare_rows(
        baseline,
        candidate,
        settings,
        endpoint_rows(baseline, &join),
        endpoint_rows(candidate, &join),
    )
}

fn compare_rows(
    baseline: &RunStats,
    candidate: &RunStats,
    settings: &CompareSettings,
    b_rows: BTreeMap<Key, Side>,
    c_rows: BTreeMap<Key, Side>,
) -> Comparison {
    let t = thresholds(settings);
    let agg_b = aggregated_figures(baseline);
    let agg_c = aggregated_figures(candidate);
    let aggregated_reasons = regressions(&agg_b, &agg_c, &t, true);

    let mut keys: Vec<&Key> = b_rows.keys().chain(c_rows.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut rows: Vec<CompareRow> = keys
        .into_iter()
        .filter_map(|k| compare_row(k, b_rows.get(k), c_rows.get(k), &t))
        .collect();
    rows.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then_with(|| match rank(a) {
                1 => gain(a).total_cmp(&gain(b)),
                _ => severity(b).total_cmp(&severity(a)),
            })
            .then_with(|| (&a.name, &a.method, &a.path).cmp(&(&b.name, &b.method, &b.path)))
    });

    let labels = |keep: &dyn Fn(&CompareRow) -> bool| -> Vec<String> {
        let mut v: Vec<String> = rows.iter().filter(|r| keep(r)).map(row_label).collect();
        v.sort();
        v
    };
    let new_rows = labels(&|r| r.presence == RowPresence::New);
    let gone_rows = labels(&|r| r.presence == RowPresence::Gone);
    let newly_failing = labels(&|r| r.newly_failing);
    let improved_rows = labels(&|r| r.improved);

    let (errors_appeared, errors_vanished) = error_changes(baseline, candidate);
    let (exceptions_appeared, exceptions_vanished) = exception_changes(baseline, candidate);

    let regressed_rows: Vec<&CompareRow> = rows.iter().filter(|r| r.regressed).collect();
    let regressed = !aggregated_reasons.is_empty() || !regressed_rows.is_empty();
    let verdict = verdict(
        &aggregated_reasons,
        &regressed_rows,
        rows.iter().filter(|r| r.judged).count(),
        &exceptions_appeared,
    );
    Comparison {
        schema_version: crate::model::SCHEMA_VERSION,
        baseline_file: baseline.files.stats.display().to_string(),
        candidate_file: candidate.files.stats.display().to_string(),
        delta: delta(&agg_b, &agg_c),
        baseline: agg_b,
        candidate: agg_c,
        aggregated_reasons,
        rows,
        new_rows,
        gone_rows,
        newly_failing,
        improved_rows,
        error_types: error_type_changes(baseline, candidate),
        errors_appeared,
        errors_vanished,
        exceptions_appeared,
        exceptions_vanished,
        thresholds: t,
        regressed,
        verdict,
        baseline_timeline: timeline(baseline),
        candidate_timeline: timeline(candidate),
    }
}

fn thresholds(settings: &CompareSettings) -> CompareThresholds {
    CompareThresholds {
        latency_regression_pct: settings.latency_regression_pct(),
        latency_min_growth_ms: settings.latency_min_growth_ms(),
        failure_regression_points: settings.failure_regression_points(),
        rps_regression_pct: settings.rps_regression_pct(),
        min_requests: settings.min_requests(),
    }
}

/// One row of the comparison: the row `k` of either run or both, judged
/// when busy enough.
fn compare_row(
    k: &Key,
    bs: Option<&Side>,
    cs: Option<&Side>,
    t: &CompareThresholds,
) -> Option<CompareRow> {
    let side = cs.or(bs)?;
    let mut stats_names: Vec<String> = bs
        .into_iter()
        .chain(cs)
        .flat_map(|s| s.stats_names.iter().cloned())
        .collect();
    stats_names.sort();
    stats_names.dedup();
    let b = bs.map(|s| s.figures.clone());
    let c = cs.map(|s| s.figures.clone());
    let presence = match (&b, &c) {
        (Some(_), Some(_)) => RowPresence::Both,
        (None, _) => RowPresence::New,
        (_, None) => RowPresence::Gone,
    };
    let (delta, judged, mut reasons, mut better, newly_failing) = match (&b, &c) {
        (Some(b), Some(c)) => {
            let judged = b.requests.max(c.requests) >= t.min_requests;
            let (reasons, better) = if judged {
                (regressions(b, c, t, false), improvements(b, c, t, false))
            } else {
                (Vec::new(), Vec::new())
            };
            (
                Some(delta(b, c)),
                judged,
                reasons,
                better,
                b.failures == 0 && c.failures > 0,
            )
        }
        _ => (None, false, Vec::new(), Vec::new(), false),
    };
    // A row worse in one figure and better in another is a regression.
    if !reasons.is_empty() {
        better.clear();
    }
    if newly_failing && !reasons.is_empty() {
        reasons.insert(0, "newly failing".to_string());
    }
    Some(CompareRow {
        method: k.0.clone(),
        name: side.name.clone(),
        path: side.path.clone(),
        stats_names,
        presence,
        baseline: b,
        candidate: c,
        delta,
        regressed: !reasons.is_empty(),
        newly_failing,
        reasons,
        improved: !better.is_empty(),
        improvements: better,
        judged,
    })
}

fn rank(r: &CompareRow) -> u8 {
    match (r.regressed, r.presence) {
        (true, _) => 0,
        (false, RowPresence::Both) if r.improved => 1,
        (false, RowPresence::Both) if r.judged => 2,
        (false, RowPresence::Both) => 3,
        (false, RowPresence::New) => 4,
        (false, RowPresence::Gone) => 5,
    }
}

/// A row's failure-point change and relative median and p95 changes
/// (percent); zeros without a delta.
fn moved(r: &CompareRow) -> [f64; 3] {
    let Some(d) = &r.delta else {
        return [0.0; 3];
    };
    let rel = |c: &Option<Change>| c.as_ref().and_then(|c| c.relative_pct).unwrap_or(0.0);
    [d.failure_pct.absolute, rel(&d.median_ms), rel(&d.p95_ms)]
}

/// How much worse a row got: the largest of the failure-point growth and
/// the relative median / p95 growth (percent).
fn severity(r: &CompareRow) -> f64 {
    moved(r).into_iter().fold(f64::MIN, f64::max)
}

/// How much better a row got: the smallest (most negative) of the same.
fn gain(r: &CompareRow) -> f64 {
    moved(r).into_iter().fold(f64::MAX, f64::min)
}

fn verdict(
    aggregated: &[String],
    rows: &[&CompareRow],
    judged: usize,
    exceptions: &[ExceptionChange],
) -> String {
    let exc = if exceptions.is_empty() {
        String::new()
    } else {
        format!("; {} new exception(s)", exceptions.len())
    };
    if aggregated.is_empty() && rows.is_empty() {
        return format!("no regression: the Aggregated figures and {judged} judged rows are within the thresholds{exc}");
    }
    let mut parts = Vec::new();
    if !aggregated.is_empty() {
        parts.push(format!("Aggregated {}", aggregated.join(", ")));
    }
    if !rows.is_empty() {
        let list: Vec<String> = rows
            .iter()
            .map(|r| format!("{} ({})", row_label(r), r.reasons.join(", ")))
            .collect();
        parts.push(format!(
            "{} of {judged} judged rows regressed: {}",
            rows.len(),
            list.join("; ")
        ));
    }
    format!("REGRESSED: {}{exc}", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figs(failure_pct: f64, median: u64, p95: u64) -> Figures {
        Figures {
            requests: 100,
            failures: failure_pct as u64,
            failure_pct,
            rps: 10.0,
            median_ms: Some(median),
            p95_ms: Some(p95),
            p99_ms: None,
            max_ms: None,
            mean_ms: None,
        }
    }

    /// An improvement is a regression turned round: 500 -> 400 ms is the
    /// mirror of 400 -> 500 ms (+25%), by the same thresholds.
    #[test]
    fn improvements_mirror_regressions() {
        let t = thresholds(&CompareSettings::default());
        let (slow, fast) = (figs(0.0, 500, 900), figs(0.0, 400, 900));
        assert_eq!(
            regressions(&fast, &slow, &t, false),
            ["median 400 -> 500 ms (+25%)"]
        );
        assert_eq!(
            improvements(&slow, &fast, &t, false),
            ["median 500 -> 400 ms (-20%)"]
        );
        assert!(improvements(&fast, &slow, &t, false).is_empty());
        // 9 -> 11 ms is +22% but under the 50 ms floor, either way.
        let (a, b) = (figs(0.0, 11, 11), figs(0.0, 9, 9));
        assert!(improvements(&a, &b, &t, false).is_empty());
        let failing = figs(5.0, 400, 900);
        assert_eq!(
            improvements(&failing, &fast, &t, false),
            ["failures 5.00% -> 0.00% (-5.00 points)"]
        );
    }

    #[test]
    fn a_row_worse_in_one_figure_and_better_in_another_is_regressed() {
        let t = thresholds(&CompareSettings::default());
        let b = Side {
            name: "/x/".into(),
            path: None,
            stats_names: Vec::new(),
            figures: figs(0.0, 100, 900),
        };
        let c = Side {
            figures: figs(0.0, 400, 200),
            ..b.clone()
        };
        let key = ("GET".to_string(), "/x/".to_string(), false);
        let row = compare_row(&key, Some(&b), Some(&c), &t).expect("row");
        assert!(row.regressed && !row.improved, "{row:?}");
        assert!(row.improvements.is_empty());
    }
}
