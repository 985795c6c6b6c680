//! `routecov tasks`: the load test's users and tasks, as Locust would run them.

use crate::cli::args::{Cli, TasksCmd};
use crate::cli::output::{rendered, width, Log, Outcome};
use crate::cli::project::{project_options, routes_of};
use crate::cli::status::{error, Error};
use crate::extract::locustfile::{extract_tasks, TaskOptions};
use crate::render;

pub fn run(cli: &Cli, cmd: &TasksCmd, log: &mut Log) -> Result<Outcome, Error> {
    let a = &cmd.load;
    let (mut route_opts, loaded) = project_options(cli, &a.project)?;
    route_opts.env = a.env.iter().cloned().collect();
    // Routes are joined only when a project is named, by flag or configuration.
    let with_project = a.project.project.is_some() || loaded.config.project.is_some();
    if with_project && !route_opts.project.is_dir() {
        return Err(error(format!(
            "{}: no such directory",
            route_opts.project.display()
        )));
    }
    // The routes come first: `reverse()` in the locustfile resolves through them.
    let routes = with_project.then(|| routes_of(&route_opts, &loaded));
    let opts = TaskOptions {
        locustfile: a.locustfile.clone(),
        base: route_opts.project.clone(),
        tags: a.tags.clone(),
        exclude_tags: a.exclude_tags.clone(),
        env: a.env.iter().cloned().collect(),
        locust_args: a.locust_args.clone().unwrap_or_default().0,
        routes: match &routes {
            Some(Ok(map)) => Some(std::rc::Rc::new(map.clone())),
            _ => None,
        },
    };
    let mut model = extract_tasks(&opts).map_err(error)?;
    match routes {
        Some(Ok(map)) => crate::join::join_tasks(&mut model, &map),
        Some(Err(e)) => model.warnings.push(crate::diagnostics::Warning::new(
            route_opts.project.display().to_string(),
            0,
            format!("routes not read, requests are not matched to routes: {e}"),
        )),
        None => {}
    }
    if a.locustfile.is_none() {
        log.note(format!("using {} ({})", model.locustfile, model.found_by));
    }
    for w in &model.warnings {
        log.warn(w);
    }
    let text = render::tasks::render(&model, cli.format(), width(cli));
    Ok(Outcome::text(rendered(cli, text)?))
}
