//! Success criteria of `routecov check`: a run against targets such as
//! "success rate >= 99.5%, p95 <= 2000 ms, >= 13 req/s, < 20 failures".
//!
//! # Where limits come from
//! Overall limits (on the Aggregated row): a flag wins over `[criteria]` in
//! the configuration. When neither flags nor configuration state any
//! criterion at all, the [`DEFAULT_MIN_SUCCESS_PCT`] and
//! [`DEFAULT_MAX_P95_MS`] defaults apply.
//!
//! `[criteria.endpoints."KEY"]` applies to the stats rows whose
//! `METHOD name` or name equals KEY, or (with a project) whose route is
//! `METHOD path`. `[criteria.categories.NAME]` applies to every stats row
//! whose route is in that category; it needs the route map (`--project`).
//! A per-endpoint or per-category limit is checked on each matching row.
//! A limit that names nothing in the run is reported `missing` and fails.

use crate::analysis::compare::figures;
use crate::analysis::timeline::timeline;
use crate::config::{Criteria, Limits};
use crate::model::run::{CheckResult, CriterionResult, CriterionStatus};
use crate::model::stats::{percent_name, RunStats, StatsRow};

/// Default minimum success rate, percent (at most 1% of requests fail).
pub const DEFAULT_MIN_SUCCESS_PCT: f64 = 99.0;
/// Default maximum Aggregated p95, milliseconds.
pub const DEFAULT_MAX_P95_MS: f64 = 2000.0;

/// What a stats row reaches in the project, when known.
#[derive(Debug, Clone, Default)]
pub struct RowRoute {
    /// Route path.
    pub path: String,
    pub categories: Vec<String>,
}

/// Resolves stats rows to routes: `None` when no route map is available.
pub type Resolver<'a> = Option<&'a dyn Fn(&StatsRow) -> Option<RowRoute>>;

/// What a criterion measures on a stats row.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Measure {
    SuccessPct,
    Median,
    Mean,
    /// A percentile column: 95.0 for `95%`.
    Percentile(f64),
    Max,
    Rps,
    Failures,
    FailurePct,
}

impl Measure {
    /// The criterion's name, as the configuration key.
    fn name(self) -> String {
        match self {
            Measure::SuccessPct => "min_success_pct".into(),
            Measure::Median => "max_median_ms".into(),
            Measure::Mean => "max_mean_ms".into(),
            Measure::Percentile(p) => format!("max_p{}_ms", percent_name(p)),
            Measure::Max => "max_max_ms".into(),
            Measure::Rps => "min_rps".into(),
            Measure::Failures => "max_failures".into(),
            Measure::FailurePct => "max_failure_pct".into(),
        }
    }

    /// A floor (the value must reach it), or a ceiling.
    fn is_min(self) -> bool {
        matches!(self, Measure::SuccessPct | Measure::Rps)
    }

    fn unit(self) -> &'static str {
        match self {
            Measure::SuccessPct | Measure::FailurePct => "%",
            Measure::Rps => " req/s",
            Measure::Failures => "",
            _ => " ms",
        }
    }

    /// `<= 500 ms`, `>= 99%`.
    fn target(self, limit: f64) -> String {
        let op = if self.is_min() { ">=" } else { "<=" };
        format!("{op} {}{}", fmt_num(limit), self.unit())
    }

    /// The row's value; the median is the one `report` and `compare` show.
    fn value(self, row: &StatsRow) -> Option<f64> {
        match self {
            Measure::SuccessPct => {
                (row.requests > 0).then(|| 100.0 - row.failure_pct().unwrap_or(0.0))
            }
            Measure::Median => row.p50(),
            Measure::Mean => row.average_ms,
            Measure::Percentile(p) => row.percentile(p),
            Measure::Max => row.max_ms,
            Measure::Rps => row.rps,
            Measure::Failures => Some(row.failures as f64),
            Measure::FailurePct => row.failure_pct(),
        }
    }

    /// Why a row has no value for it.
    fn missing_note(self, row: &StatsRow) -> String {
        match self {
            Measure::Percentile(p)
                if !row.percentiles.iter().any(|c| (c.percent - p).abs() < 1e-9) =>
            {
                format!("the stats file has no {}% column", percent_name(p))
            }
            _ => "the run has no value for it".to_string(),
        }
    }
}

/// The limits set, in the order `check` lists them.
fn limits_list(l: &Limits) -> Vec<(Measure, f64)> {
    let mut v = Vec::new();
    let mut push = |m, x: Option<f64>| {
        if let Some(x) = x {
            v.push((m, x));
        }
    };
    push(Measure::SuccessPct, l.min_success_pct);
    push(Measure::Median, l.max_median_ms);
    push(Measure::Mean, l.max_mean_ms);
    for (p, x) in l.percentile_limits() {
        push(Measure::Percentile(p), Some(x));
    }
    push(Measure::Max, l.max_max_ms);
    push(Measure::Rps, l.min_rps);
    push(Measure::Failures, l.max_failures.map(|x| x as f64));
    push(Measure::FailurePct, l.max_failure_pct);
    v
}

/// Overall limits with their sources: flags over configuration over defaults.
fn overall_limits(config: &Criteria, flags: &Limits) -> Vec<(Measure, f64, &'static str)> {
    let c = config.overall();
    let nothing =
        !c.any() && !flags.any() && config.endpoints.is_empty() && config.categories.is_empty();
    if nothing {
        return vec![
            (Measure::SuccessPct, DEFAULT_MIN_SUCCESS_PCT, "default"),
            (Measure::Percentile(95.0), DEFAULT_MAX_P95_MS, "default"),
        ];
    }
    let from_flags = limits_list(flags);
    let from_config = limits_list(&c);
    let mut out: Vec<(Measure, f64, &'static str)> = Vec::new();
    // Each measure once, in `limits_list` order: a flag wins.
    let mut all: Vec<(Measure, f64, &'static str)> = from_flags
        .iter()
        .map(|&(m, v)| (m, v, "flag"))
        .chain(from_config.iter().map(|&(m, v)| (m, v, "config")))
        .collect();
    all.sort_by_key(|(m, _, _)| order(*m));
    for item in all {
        if !out.iter().any(|o| o.0 == item.0) {
            out.push(item);
        }
    }
    out
}

/// Where a measure stands in the listing: `limits_list` order, percentiles
/// by percent.
fn order(m: Measure) -> (u8, u64) {
    match m {
        Measure::SuccessPct => (0, 0),
        Measure::Median => (1, 0),
        Measure::Mean => (2, 0),
        Measure::Percentile(p) => (3, (p * 10_000.0) as u64),
        Measure::Max => (4, 0),
        Measure::Rps => (5, 0),
        Measure::Failures => (6, 0),
        Measure::FailurePct => (7, 0),
    }
}

fn fmt_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

fn evaluate(scope: &str, m: Measure, source: &str, limit: f64, row: &StatsRow) -> CriterionResult {
    let (actual, min, unit) = (m.value(row), m.is_min(), m.unit());
    let target = m.target(limit);
    let status = match actual {
        Some(a) if (min && a >= limit) || (!min && a <= limit) => CriterionStatus::Pass,
        Some(_) => CriterionStatus::Fail,
        None => CriterionStatus::Missing,
    };
    let actual_text = match actual {
        Some(a) if unit == "%" => format!("{a:.2}%"),
        Some(a) => format!(
            "{}{unit}",
            fmt_num(if unit == " ms" { a.round() } else { a })
        ),
        None => "n/a".to_string(),
    };
    CriterionResult {
        scope: scope.to_string(),
        criterion: m.name(),
        source: source.to_string(),
        target,
        target_value: limit,
        actual,
        actual_text,
        status,
        note: (status == CriterionStatus::Missing).then(|| m.missing_note(row)),
    }
}

fn missing(
    scope: &str,
    criterion: Measure,
    source: &str,
    limit: f64,
    note: String,
) -> CriterionResult {
    CriterionResult {
        scope: scope.to_string(),
        criterion: criterion.name(),
        source: source.to_string(),
        target: criterion.target(limit),
        target_value: limit,
        actual: None,
        actual_text: "n/a".to_string(),
        status: CriterionStatus::Missing,
        note: Some(note),
    }
}

fn row_label(r: &StatsRow) -> String {
    match &r.method {
        Some(m) => format!("{m} {}", r.name),
        None => r.name.clone(),
    }
}

/// Checks `run` against the criteria.
pub fn check(run: &RunStats, config: &Criteria, flags: &Limits, resolve: Resolver) -> CheckResult {
    let mut results = Vec::new();
    let mut notes = Vec::new();
    for (name, limit, source) in overall_limits(config, flags) {
        match &run.aggregated {
            Some(agg) => results.push(evaluate("overall", name, source, limit, agg)),
            None => results.push(missing(
                "overall",
                name,
                source,
                limit,
                "the stats file has no Aggregated row".to_string(),
            )),
        }
    }
    let routes: Vec<Option<RowRoute>> = run
        .stats
        .iter()
        .map(|r| resolve.and_then(|f| f(r)))
        .collect();
    results.extend(endpoint_results(run, config, &routes));
    results.extend(category_results(run, config, &routes, resolve.is_some()));
    if resolve.is_none() && !config.categories.is_empty() {
        notes.push(
            "category criteria need --project (the route map); they are reported missing"
                .to_string(),
        );
    }
    let passed = results.iter().all(|r| r.status == CriterionStatus::Pass);
    CheckResult {
        schema_version: crate::model::SCHEMA_VERSION,
        stats_file: run.files.stats.display().to_string(),
        aggregated: run.aggregated.as_ref().map(figures),
        verdict: verdict(&results),
        results,
        passed,
        timeline: timeline(run),
        notes,
    }
}

/// `[criteria.endpoints."KEY"]`: each limit on every row the key names
/// (`METHOD name`, name, or `METHOD path` of its route).
fn endpoint_results(
    run: &RunStats,
    config: &Criteria,
    routes: &[Option<RowRoute>],
) -> Vec<CriterionResult> {
    let mut results = Vec::new();
    for (key, limits) in &config.endpoints {
        let matching: Vec<&StatsRow> = run
            .stats
            .iter()
            .zip(routes)
            .filter(|(r, route)| {
                row_label(r) == *key
                    || r.name == *key
                    || route.as_ref().is_some_and(|rt| {
                        r.method
                            .as_ref()
                            .is_some_and(|m| format!("{m} {}", rt.path) == *key)
                    })
            })
            .map(|(r, _)| r)
            .collect();
        for (name, limit) in limits_list(limits) {
            if matching.is_empty() {
                results.push(missing(
                    key,
                    name,
                    "config",
                    limit,
                    format!("no stats row `{key}` in the run"),
                ));
            }
            for r in &matching {
                results.push(evaluate(&row_label(r), name, "config", limit, r));
            }
        }
    }
    results
}

/// `[criteria.categories.NAME]`: each limit on every row whose route is in
/// the category; `resolved` tells whether routes were known at all.
fn category_results(
    run: &RunStats,
    config: &Criteria,
    routes: &[Option<RowRoute>],
    resolved: bool,
) -> Vec<CriterionResult> {
    let mut results = Vec::new();
    for (cat, limits) in &config.categories {
        let matching: Vec<&StatsRow> = run
            .stats
            .iter()
            .zip(routes)
            .filter(|(_, rt)| {
                rt.as_ref()
                    .is_some_and(|rt| rt.categories.iter().any(|c| c == cat))
            })
            .map(|(r, _)| r)
            .collect();
        for (name, limit) in limits_list(limits) {
            if matching.is_empty() {
                let note = if resolved {
                    format!("no stats row reaches a route of category `{cat}`")
                } else {
                    format!("category `{cat}` needs the route map: give --project")
                };
                results.push(missing(
                    &format!("category {cat}"),
                    name,
                    "config",
                    limit,
                    note,
                ));
            }
            for r in &matching {
                results.push(evaluate(
                    &format!("category {cat}: {}", row_label(r)),
                    name,
                    "config",
                    limit,
                    r,
                ));
            }
        }
    }
    results
}

/// `PASS: ...` or `FAIL: ...` naming each criterion not met.
fn verdict(results: &[CriterionResult]) -> String {
    let failed: Vec<&CriterionResult> = results
        .iter()
        .filter(|r| r.status != CriterionStatus::Pass)
        .collect();
    if results.is_empty() {
        "PASS: no criteria to check".to_string()
    } else if failed.is_empty() {
        format!("PASS: {} of {} criteria met", results.len(), results.len())
    } else {
        let names: Vec<String> = failed
            .iter()
            .map(|r| {
                format!(
                    "{} {} (target {}, actual {})",
                    r.scope, r.criterion, r.target, r.actual_text
                )
            })
            .collect();
        format!(
            "FAIL: {} of {} criteria not met: {}",
            failed.len(),
            results.len(),
            names.join("; ")
        )
    }
}

/// A resolver from stats rows to routes of `map`, by the stats join
/// `routecov report` uses: a row carried by a locustfile request (its
/// `name=`, or its URL) takes the route of that request's endpoint;
/// otherwise the row's name is matched as a path (`[id]`-style labels
/// standing for a dynamic part). A row takes the first route it reaches,
/// even one whose view does not serve its method.
pub fn route_resolver<'a>(
    map: &'a crate::model::RouteMap,
    model: Option<&'a crate::model::LocustModel>,
) -> impl Fn(&StatsRow) -> Option<RowRoute> + 'a {
    let join = crate::join::StatsJoin::new(map, model);
    move |row: &StatsRow| {
        let route = &map.routes[*join.row(row).routes.first()?];
        Some(RowRoute {
            path: route.path.clone(),
            categories: route.categories.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{missing, Measure};

    #[test]
    fn a_missing_target_reads_like_the_others() {
        assert_eq!(Measure::Percentile(95.0).target(500.0), "<= 500 ms");
        assert_eq!(Measure::SuccessPct.target(99.0), ">= 99%");
        assert_eq!(Measure::Rps.target(5.0), ">= 5 req/s");
        let m = missing(
            "GET /x/",
            Measure::Percentile(95.0),
            "flag",
            500.0,
            "no row".into(),
        );
        assert_eq!(m.target, "<= 500 ms");
    }
}
