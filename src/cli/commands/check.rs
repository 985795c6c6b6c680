//! `routecov check`: a Locust run against success criteria.

use crate::analysis::criteria;
use crate::cli::args::{CheckArgs, Cli};
use crate::cli::output::{locator, rendered, width, Log, Outcome};
use crate::cli::project::{locustfile, project_options, routes_of};
use crate::cli::status::{error, Error};
use crate::config;
use crate::extract::locustfile::{extract_tasks, TaskOptions};
use crate::extract::RouteOptions;
use crate::model::{LocustModel, RouteMap};
use crate::render::{self, Format};
use std::path::PathBuf;

pub fn run(cli: &Cli, a: &CheckArgs, log: &mut Log) -> Result<Outcome, Error> {
    let (route_opts, loaded) = project_options(cli, &a.project)?;
    let run = crate::cli::project::read_run(&a.stats, log)?;
    let flags = config::Limits {
        min_success_pct: a.min_success_pct,
        max_median_ms: a.max_median_ms,
        max_mean_ms: a.max_mean_ms,
        max_p95_ms: a.max_p95_ms,
        max_p99_ms: a.max_p99_ms,
        max_max_ms: a.max_max_ms,
        min_rps: a.min_rps,
        max_failures: a.max_failures,
        max_failure_pct: a.max_failure_pct,
        other: Default::default(),
        percentiles: a.max_percentile_ms.clone(),
    };
    let criteria = &loaded.config.criteria;
    // Rows are mapped to routes only when a project is named and a criterion needs it.
    let with_project = a.project.project.is_some() || loaded.config.project.is_some();
    let map = if with_project && (!criteria.categories.is_empty() || !criteria.endpoints.is_empty())
    {
        Some(routes_of(&route_opts, &loaded).map_err(error)?)
    } else {
        None
    };
    let file = locustfile(a.locustfile.as_ref(), &loaded)?;
    let model = map
        .as_ref()
        .and_then(|m| joined_model(a, file, &route_opts, m, log));
    let resolver = map
        .as_ref()
        .map(|m| criteria::route_resolver(m, model.as_ref()));
    let resolve: criteria::Resolver = resolver
        .as_ref()
        .map(|f| f as &dyn Fn(&crate::extract::locust_csv::StatsRow) -> _);
    let mut result = criteria::check(&run, criteria, &flags, resolve);
    crate::analysis::depth::mark_check(
        &mut result,
        &run,
        loaded
            .config
            .min_samples
            .unwrap_or(crate::analysis::depth::DEFAULT_MIN_SAMPLES),
    );
    let text = match cli.format() {
        Format::Github => Some(render::github::check(&result, &locator(None))),
        format => render::check::render(&result, format, width(cli)),
    };
    let mut outcome = Outcome::text(rendered(cli, text)?);
    if !result.passed {
        // The verdict, in the output, says why.
        outcome.gate = Some(String::new());
    }
    Ok(outcome)
}

/// The load test joined to `map`, to map stats names to routes; without it
/// (a warning), names are matched as URLs only.
fn joined_model(
    a: &CheckArgs,
    file: Option<PathBuf>,
    route_opts: &RouteOptions,
    map: &RouteMap,
    log: &mut Log,
) -> Option<LocustModel> {
    let opts = TaskOptions {
        locustfile: file,
        base: route_opts.project.clone(),
        tags: None,
        exclude_tags: None,
        env: Default::default(),
        locust_args: a.locust_args.clone().unwrap_or_default().0,
        routes: Some(std::rc::Rc::new(map.clone())),
    };
    match extract_tasks(&opts) {
        Ok(mut model) => {
            crate::join::join_tasks(&mut model, map);
            Some(model)
        }
        Err(e) => {
            log.warn(format!("stats names matched as URLs only: {e}"));
            None
        }
    }
}
