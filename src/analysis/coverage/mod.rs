//! Coverage: the join of stats rows -> Locust requests -> routes -> endpoints,
//! the coverage level of every endpoint, totals per category, gap lists,
//! unmatched requests and stats rows, and the static findings that come out
//! of the join (requests reaching no route, method mismatches, user classes
//! left without tasks).
//!
//! [`build`] runs the steps in order: endpoints from the route map, their
//! declared levels from the locustfile ([`levels`]), the stats join
//! ([`crate::join::stats`]) and the figures it gives each endpoint
//! ([`endpoint_stats`]), requests reaching no endpoint ([`unmatched`]) or
//! reaching one through a redirect of Django's middleware ([`redirects`]),
//! findings ([`run_findings`]), then totals ([`totals`]).

mod counting;
mod endpoint_stats;
mod filter;
mod gate;
mod history_line;
mod levels;
mod redirects;
mod run_findings;
mod slowest;
mod totals;
mod unmatched;

pub use counting::partition;
pub use endpoint_stats::endpoint_stats;
pub use filter::filter_text;
pub use gate::{failed, gates, Floor, GateBasis};
pub use history_line::history_entry;
pub use run_findings::compile_regexes;
pub use totals::pct;

use crate::analysis::categories::{endpoint_categories, Category};
use crate::config::Config;
use crate::join::StatsJoin;
use crate::model::report::{Basis, EndpointReport, Report, Status, Unmatched};
use crate::model::stats::RunStats;
use crate::model::{LocustModel, Route, RouteMap, Source, SCHEMA_VERSION};
use run_findings::RowLabels;
use std::collections::{BTreeSet, HashMap};

/// What the report is built from.
pub struct Inputs<'a> {
    pub map: &'a RouteMap,
    pub model: &'a LocustModel,
    pub run: Option<&'a RunStats>,
    pub config: &'a Config,
    pub categories: &'a [Category],
}

/// Builds the report.
pub fn build(inp: &Inputs) -> Report {
    let map = inp.map;
    let basis = if inp.run.is_some() {
        Basis::Exercised
    } else {
        Basis::Declared
    };
    let join = StatsJoin::new(map, Some(inp.model));
    let mut endpoints = endpoint_list(&join, inp.categories);
    levels::mark_declared(&mut endpoints, &join.requests);
    let stats_file = inp
        .run
        .map(|r| r.files.stats.display().to_string())
        .unwrap_or_default();
    let mut joined = RunJoin::default();
    if let Some(run) = inp.run {
        joined = join_run(&join, run, &mut endpoints, &stats_file);
    }
    let (requests, mut static_findings) =
        unmatched::unmatched_requests(&join.requests, &joined.req_rows, inp.run, map);
    static_findings.extend(redirects::followed_redirects(
        &join.requests,
        &joined.req_rows,
        inp.run,
        &mut endpoints,
    ));
    let mut unmatched = joined.unmatched;
    unmatched.extend(requests);
    let findings = run_findings::all_findings(
        inp.run,
        inp.model,
        inp.config,
        &joined.row_labels,
        static_findings,
    );
    unmatched.sort_by(|a, b| {
        (a.kind.as_str(), &a.source.file, a.source.line, &a.name).cmp(&(
            b.kind.as_str(),
            &b.source.file,
            b.source.line,
            &b.name,
        ))
    });
    let (endpoints, duplicates) = counting::split_duplicates(endpoints, &join);
    let (categories, gaps) = totals::categories_and_gaps(&endpoints, inp.categories, basis);
    // Validated when the configuration was loaded.
    let groups = match inp.config.categories.grouping() {
        Ok(Some(by)) => counting::groups(&endpoints, by, basis),
        _ => Vec::new(),
    };
    let mut warnings = map.warnings.clone();
    warnings.extend(
        inp.model
            .warnings
            .iter()
            .map(|w| run_findings::checked_against_run(w, inp.run)),
    );
    if let Some(r) = inp.run {
        warnings.extend(r.warnings.iter().cloned());
    }
    let slowest = slowest::slowest(&endpoints, &unmatched);
    let mut report = Report {
        schema_version: SCHEMA_VERSION,
        coverage_basis: basis,
        project: map.discovery.project.clone(),
        locustfile: inp.model.locustfile.clone(),
        filter: inp.model.filter.clone(),
        filter_text: filter_text(inp.model),
        summary: totals::summary(&endpoints, basis),
        categories,
        partition: Vec::new(),
        groups,
        duplicates,
        unknown_method: totals::unknown_method(&endpoints, basis),
        gaps,
        unmatched,
        findings,
        run: inp.run.and_then(|r| totals::run_summary(r, &stats_file)),
        slowest,
        errors_by_type: inp
            .run
            .map(crate::analysis::errors::error_groups)
            .unwrap_or_default(),
        endpoints,
        min_samples: None,
        shallow: None,
        mix: None,
        gates: Vec::new(),
        warnings,
    };
    if let Some(run) = inp.run {
        let min_samples = inp
            .config
            .min_samples
            .unwrap_or(crate::analysis::depth::DEFAULT_MIN_SAMPLES);
        crate::analysis::depth::apply(&mut report, min_samples);
        crate::analysis::mix::apply(&mut report, inp.model, &join, run, &inp.config.mix);
    }
    report
}

/// Every endpoint untested, in the join's order (routes in resolver order,
/// methods in canonical order).
fn endpoint_list(join: &StatsJoin, categories: &[Category]) -> Vec<EndpointReport> {
    join.resolver
        .endpoints
        .iter()
        .map(|(ri, m)| {
            let r = &join.map.routes[*ri];
            let intended = r.counted_methods() != r.methods.as_slice();
            EndpointReport {
                method: m.clone(),
                path: r.path.clone(),
                route_name: r.name.clone(),
                view: r.view.clone(),
                categories: endpoint_categories(categories, r, m),
                status: Status::Untested,
                tasks: Vec::new(),
                stats: None,
                depth: None,
                methods_note: methods_note(r),
                intended_methods: intended.then(|| r.counted_methods().to_vec()),
                intended_evidence: if intended {
                    r.intended_evidence.clone()
                } else {
                    Vec::new()
                },
                note: None,
                via_redirect: Vec::new(),
                source: r.source.clone(),
            }
        })
        .collect()
}

/// The endpoint's note on its method: for a route Django serves to any
/// method, counted by the methods its view's body shows, says so and why.
fn methods_note(r: &Route) -> Option<String> {
    if r.counted_methods() == r.methods.as_slice() {
        return r.methods_note.clone();
    }
    let why = r
        .methods_note
        .as_deref()
        .unwrap_or("methods not inferable from the view");
    Some(format!(
        "Django serves any method ({why}); counted as {} intended by the view's body: {}",
        r.counted_methods().join(", "),
        r.intended_evidence.join("; ")
    ))
}

/// What the stats join of a run leaves for the later steps.
#[derive(Default)]
struct RunJoin {
    /// Stats rows reaching no endpoint.
    unmatched: Vec<Unmatched>,
    row_labels: RowLabels,
    /// Stats rows (indices into `run.stats`) joined to each request (by index
    /// into the join's requests). One row can be carried by many copies of a
    /// request (an inherited `on_start`), so counts are summed over distinct
    /// rows.
    req_rows: HashMap<usize, BTreeSet<usize>>,
}

/// Joins the rows of `run` and gives each endpoint its figures (exercised
/// when it received requests).
fn join_run(
    join: &StatsJoin,
    run: &RunStats,
    endpoints: &mut [EndpointReport],
    stats_file: &str,
) -> RunJoin {
    let mut out = RunJoin::default();
    let rows = join.rows(run);
    for (row_index, (row, j)) in run.stats.iter().zip(&rows).enumerate() {
        for &c in &j.carriers {
            out.req_rows.entry(c).or_default().insert(row_index);
        }
        if j.targets.is_empty() {
            out.unmatched.push(Unmatched {
                kind: "stats_row".into(),
                method: row.method.clone(),
                name: row.name.clone(),
                source: Source {
                    file: stats_file.to_string(),
                    line: row.line,
                },
                reason: j.reason.clone(),
                tasks: Vec::new(),
                requests: Some(row.requests),
                failures: Some(row.failures),
                stats: endpoint_stats(&[(row, false)]),
            });
            continue;
        }
        let labels: Vec<String> = j.targets.iter().map(|&i| endpoints[i].label()).collect();
        out.row_labels
            .insert((row.method.clone(), row.name.clone()), labels.join(", "));
    }
    let joined = join.rows_by_endpoint(run, &rows);
    for (e, rows) in endpoints.iter_mut().zip(&joined) {
        if let Some(stats) = endpoint_stats(rows) {
            if stats.requests > 0 {
                e.status = Status::Exercised;
            }
            e.stats = Some(stats);
        }
    }
    out
}
