//! Locustfile extraction: the user classes, tasks, tags and requests of a
//! locustfile, read statically with the shared evaluator and Locust's own
//! semantics. Locust itself is never imported.
//!
//! The steps, in order: `discover` finds the locustfile, `load` imports it,
//! `classes` reads Locust's classes (kinds, `tasks` lists, weights, tags),
//! `filter` applies `--tags`/`--exclude-tags`; the model is then assembled
//! from an `extraction` by `users`, `tasks` and `requests` (the requests a
//! task makes come from walking its `body`, with the evaluator's Locust
//! `hooks` sharing `state` with the walker; `instance_attrs` tells class
//! attributes a method replaces, `reverse` resolves route names), and `filter_warnings` adds
//! what the filter leaves behind.

mod body;
mod classes;
mod discover;
mod error;
mod extraction;
mod filter;
mod filter_warnings;
mod hooks;
mod instance_attrs;
mod load;
mod requests;
mod reverse;
mod state;
mod tasks;
mod users;

pub use discover::{find_locustfile, LOAD_TEST_DIRS};
pub use error::TaskError;

use crate::diagnostics::display_path;
use crate::model::{LocustModel, TagFilter, SCHEMA_VERSION};
use extraction::Extraction;
use filter::Filter;
use state::LocustHooks;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::rc::Rc;

/// Inputs of `routecov tasks`.
#[derive(Debug, Clone, Default)]
pub struct TaskOptions {
    /// `--locustfile`: a file, or a directory of locustfiles.
    pub locustfile: Option<PathBuf>,
    /// Where the locustfile is looked for, and what paths are shown relative to.
    pub base: PathBuf,
    /// `--tags`; `None` (or an empty list, as Locust reads `--tags` alone) for no filter.
    pub tags: Option<Vec<String>>,
    pub exclude_tags: Option<Vec<String>>,
    /// `--env NAME=VALUE`: environment variables the locustfile reads.
    pub env: BTreeMap<String, String>,
    /// `--locust-args`: the rest of Locust's command line, in `sys.argv`
    /// after `-f` and the tag options.
    pub locust_args: Vec<String>,
    /// The project's route map, when known: `reverse()` resolves through it.
    pub routes: Option<std::rc::Rc<crate::model::RouteMap>>,
}

/// Reads the locustfile and models what Locust would do with it.
pub fn extract_tasks(opts: &TaskOptions) -> Result<LocustModel, TaskError> {
    let base = if opts.base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        opts.base.clone()
    };
    let (path, found_by) = match &opts.locustfile {
        Some(p) => (p.clone(), "given with --locustfile".to_string()),
        None => find_locustfile(&base)?,
    };
    let shown = display_path(&base, &path);
    let files = discover::files_to_read(&path, &shown)?;
    let filter = Filter::from_options(&opts.tags, &opts.exclude_tags);
    let mut argv = load::locust_argv(&shown, &opts.tags, &opts.exclude_tags);
    argv.extend(opts.locust_args.iter().cloned());
    let routes = opts.routes.as_deref().map(reverse::RouteNames::new);
    let hooks = Rc::new(LocustHooks::new(argv, routes));
    let loaded = load::load(&base, &files, hooks.clone(), &opts.env);
    let mut x = Extraction::new(loaded.it, hooks, loaded.diags, filter);
    let users = x.user_classes(&loaded.modules);
    if users.is_empty() {
        return Err(TaskError::NoUsers {
            locustfile: shown,
            warnings: x.into_warnings(),
        });
    }
    let model_users = x.users(&users);
    x.filter_warnings(&model_users, &shown);
    let mut warnings = x.into_warnings();
    warnings.sort();
    warnings.dedup();
    Ok(LocustModel {
        schema_version: SCHEMA_VERSION,
        locustfile: shown,
        found_by,
        files: loaded.files,
        filter: TagFilter {
            tags: opts.tags.clone().filter(|t| !t.is_empty()),
            exclude_tags: opts.exclude_tags.clone().filter(|t| !t.is_empty()),
            env: opts.env.clone(),
            locust_args: opts.locust_args.clone(),
        },
        users: model_users,
        warnings,
    })
}
