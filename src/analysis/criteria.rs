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
use crate::model::stats::{RunStats, StatsRow};

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

fn any(l: &Limits) -> bool {
    l.min_success_pct.is_some()
        || l.max_p95_ms.is_some()
        || l.max_p99_ms.is_some()
        || l.max_max_ms.is_some()
        || l.min_rps.is_some()
        || l.max_failures.is_some()
}

/// Overall limits with their sources: flags over configuration over defaults.
pub fn overall_limits(config: &Criteria, flags: &Limits) -> Vec<(&'static str, f64, &'static str)> {
    let c = config.overall();
    let nothing =
        !any(&c) && !any(flags) && config.endpoints.is_empty() && config.categories.is_empty();
    let mut out = Vec::new();
    let mut pick = |name: &'static str, f: Option<f64>, c: Option<f64>, d: Option<f64>| {
        if let Some(v) = f {
            out.push((name, v, "flag"));
        } else if let Some(v) = c {
            out.push((name, v, "config"));
        } else if let Some(v) = d.filter(|_| nothing) {
            out.push((name, v, "default"));
        }
    };
    pick(
        "min_success_pct",
        flags.min_success_pct,
        c.min_success_pct,
        Some(DEFAULT_MIN_SUCCESS_PCT),
    );
    pick(
        "max_p95_ms",
        flags.max_p95_ms,
        c.max_p95_ms,
        Some(DEFAULT_MAX_P95_MS),
    );
    pick("max_p99_ms", flags.max_p99_ms, c.max_p99_ms, None);
    pick("max_max_ms", flags.max_max_ms, c.max_max_ms, None);
    pick("min_rps", flags.min_rps, c.min_rps, None);
    pick(
        "max_failures",
        flags.max_failures.map(|v| v as f64),
        c.max_failures.map(|v| v as f64),
        None,
    );
    out
}

fn limits_list(l: &Limits) -> Vec<(&'static str, f64)> {
    let mut v = Vec::new();
    let mut push = |n, x: Option<f64>| {
        if let Some(x) = x {
            v.push((n, x));
        }
    };
    push("min_success_pct", l.min_success_pct);
    push("max_p95_ms", l.max_p95_ms);
    push("max_p99_ms", l.max_p99_ms);
    push("max_max_ms", l.max_max_ms);
    push("min_rps", l.min_rps);
    push("max_failures", l.max_failures.map(|x| x as f64));
    v
}

fn fmt_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

fn evaluate(
    scope: &str,
    criterion: &str,
    source: &str,
    limit: f64,
    row: &StatsRow,
) -> CriterionResult {
    let (actual, min, unit) = match criterion {
        "min_success_pct" => (
            (row.requests > 0).then(|| 100.0 - row.failure_pct().unwrap_or(0.0)),
            true,
            "%",
        ),
        "max_p95_ms" => (row.p95(), false, " ms"),
        "max_p99_ms" => (row.p99(), false, " ms"),
        "max_max_ms" => (row.max_ms, false, " ms"),
        "min_rps" => (row.rps, true, " req/s"),
        _ => (Some(row.failures as f64), false, ""),
    };
    let target = format!("{} {}{unit}", if min { ">=" } else { "<=" }, fmt_num(limit));
    let status = match actual {
        Some(a) if (min && a >= limit) || (!min && a <= limit) => CriterionStatus::Pass,
        Some(_) => CriterionStatus::Fail,
        None => CriterionStatus::Missing,
    };
    let actual_text = match actual {
        Some(a) if criterion == "min_success_pct" => format!("{a:.2}%"),
        Some(a) => format!(
            "{}{unit}",
            fmt_num(if unit == " ms" { a.round() } else { a })
        ),
        None => "n/a".to_string(),
    };
    CriterionResult {
        scope: scope.to_string(),
        criterion: criterion.to_string(),
        source: source.to_string(),
        target,
        target_value: limit,
        actual,
        actual_text,
        status,
        note: (status == CriterionStatus::Missing)
            .then(|| "the run has no value for it".to_string()),
    }
}

/// `<= 500 ms`, `>= 99%`: the comparison and unit follow from the
/// criterion's name (`min_`/`max_`, `_ms`, `_pct`, `_rps`).
fn target_text(criterion: &str, limit: f64) -> String {
    let op = if criterion.starts_with("min_") {
        ">="
    } else {
        "<="
    };
    let unit = if criterion.ends_with("_ms") {
        " ms"
    } else if criterion.ends_with("_pct") {
        "%"
    } else if criterion.ends_with("_rps") {
        " req/s"
    } else {
        ""
    };
    format!("{op} {}{unit}", fmt_num(limit))
}

fn missing(
    scope: &str,
    criterion: &str,
    source: &str,
    limit: f64,
    note: String,
) -> CriterionResult {
    CriterionResult {
        scope: scope.to_string(),
        criterion: criterion.to_string(),
        source: source.to_string(),
        target: target_text(criterion, limit),
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
    use super::{missing, target_text};

    #[test]
    fn a_missing_target_reads_like_the_others() {
        assert_eq!(target_text("max_p95_ms", 500.0), "<= 500 ms");
        assert_eq!(target_text("min_success_pct", 99.0), ">= 99%");
        assert_eq!(target_text("min_rps", 5.0), ">= 5 req/s");
        let m = missing("GET /x/", "max_p95_ms", "flag", 500.0, "no row".into());
        assert_eq!(m.target, "<= 500 ms");
    }
}
