//! Reading what the subcommands share: configuration and project options
//! (flags win over configuration), the route map, the load test, a run.

use super::args::{Cli, ProjectArgs, TasksArgs};
use super::output::Log;
use super::status::{error, Error};
use crate::config::{self, Loaded};
use crate::extract::locust_csv::RunStats;
use crate::extract::locustfile::{extract_tasks, TaskOptions};
use crate::extract::{route_map_for_exit, RouteOptions};
use std::path::{Path, PathBuf};

/// Loads configuration and fills project options: flags win over configuration.
pub fn project_options(cli: &Cli, a: &ProjectArgs) -> Result<(RouteOptions, Loaded), Error> {
    let flag_project = a.project.clone();
    let probe_dir = flag_project.clone().unwrap_or_else(|| PathBuf::from("."));
    let loaded = config::discover(cli.config.as_deref(), &probe_dir).map_err(error)?;
    let c = &loaded.config;
    let project = flag_project
        .or_else(|| c.project.as_ref().map(|p| loaded.resolve(p)))
        .unwrap_or_else(|| PathBuf::from("."));
    let mut site_packages = a.site_packages.clone();
    site_packages.extend(c.site_packages.iter().map(|p| loaded.resolve(p)));
    if site_packages.is_empty() {
        // The virtualenv the user works in holds the project's packages.
        if let Some(venv) = std::env::var_os("VIRTUAL_ENV").filter(|v| !v.is_empty()) {
            site_packages = crate::discovery::venv_site_packages(Path::new(&venv));
        }
    }
    let opts = RouteOptions {
        project,
        settings: a.settings.clone().or_else(|| c.settings.clone()),
        urlconf: a.urlconf.clone().or_else(|| c.urlconf.clone()),
        site_packages,
        env: Default::default(),
    };
    Ok((opts, loaded))
}

/// Configuration alone, from the working directory.
pub fn config_here(cli: &Cli) -> Result<Loaded, Error> {
    config::discover(cli.config.as_deref(), Path::new(".")).map_err(error)
}

/// The project's route map as the configuration sees it, for a command
/// that ends once it has used it.
pub fn routes_of(
    opts: &RouteOptions,
    loaded: &Loaded,
) -> Result<crate::model::RouteMap, crate::extract::RouteError> {
    let mut map = route_map_for_exit(opts).map_err(|e| configured(e, loaded))?;
    crate::analysis::classify_routes(&mut map, &loaded.config);
    Ok(map)
}

/// A module the configuration named is named by its file and line (a flag
/// giving the same module is named the same way: both say it).
fn configured(e: crate::extract::RouteError, loaded: &Loaded) -> crate::extract::RouteError {
    use crate::extract::RouteError;
    match e {
        RouteError::NoModule {
            flag,
            module,
            dir,
            looked,
        } => {
            let key = flag.trim_start_matches('-');
            let c = &loaded.config;
            let value = if key == "settings" {
                &c.settings
            } else {
                &c.urlconf
            };
            let flag = match loaded.source_of(key) {
                Some(at) if value.as_deref() == Some(module.as_str()) => {
                    format!("{at}: {key}")
                }
                _ => flag,
            };
            RouteError::NoModule {
                flag,
                module,
                dir,
                looked,
            }
        }
        other => other,
    }
}

/// The locustfile: the flag, else the configuration's.
/// A configured locustfile that is not there is an error naming the
/// configuration's line, never a reason to look for another.
pub fn locustfile(flag: Option<&PathBuf>, loaded: &Loaded) -> Result<Option<PathBuf>, Error> {
    if flag.is_some() {
        return Ok(flag.cloned());
    }
    let Some(configured) = loaded.config.locustfile.as_ref() else {
        return Ok(None);
    };
    let path = loaded.resolve(configured);
    if !path.exists() {
        let at = loaded.source_of("locustfile").unwrap_or_default();
        return Err(error(format!(
            "{at}: locustfile {}: no such file or directory",
            path.display()
        )));
    }
    Ok(Some(path))
}

/// A project's routes and load test, read as `report` reads them.
pub struct Project {
    pub route_opts: RouteOptions,
    pub loaded: Loaded,
    pub map: crate::model::RouteMap,
    pub model: crate::model::LocustModel,
}

pub fn load_project(cli: &Cli, load: &TasksArgs) -> Result<Project, Error> {
    let (mut route_opts, loaded) = project_options(cli, &load.project)?;
    route_opts.env = load.env.iter().cloned().collect();
    let map = routes_of(&route_opts, &loaded).map_err(error)?;
    let opts = TaskOptions {
        locustfile: locustfile(load.locustfile.as_ref(), &loaded)?,
        base: route_opts.project.clone(),
        tags: load.tags.clone(),
        exclude_tags: load.exclude_tags.clone(),
        env: load.env.iter().cloned().collect(),
        locust_args: load.locust_args.clone().unwrap_or_default().0,
        routes: Some(std::rc::Rc::new(map.clone())),
    };
    let model = extract_tasks(&opts).map_err(error)?;
    Ok(Project {
        route_opts,
        loaded,
        map,
        model,
    })
}

/// A Locust run, its warnings logged.
pub fn read_run(p: &Path, log: &mut Log) -> Result<RunStats, Error> {
    let run = crate::extract::locust_csv::read_run(p).map_err(error)?;
    for w in &run.warnings {
        log.warn(w);
    }
    Ok(run)
}

/// The project and load test when `--project` or `--locustfile` is given
/// (their warnings logged), with the configuration either way.
pub fn optional_project(
    cli: &Cli,
    load: &TasksArgs,
    log: &mut Log,
) -> Result<(Option<Project>, Loaded), Error> {
    if load.project.project.is_none() && load.locustfile.is_none() {
        return Ok((None, config_here(cli)?));
    }
    let p = load_project(cli, load)?;
    if load.locustfile.is_none() {
        log.note(format!(
            "using {} ({})",
            p.model.locustfile, p.model.found_by
        ));
    }
    for w in p.map.warnings.iter().chain(&p.model.warnings) {
        log.warn(w);
    }
    let loaded = p.loaded.clone();
    Ok((Some(p), loaded))
}
