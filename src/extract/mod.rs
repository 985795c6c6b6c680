//! Extraction, one module per source: URLconfs (with the views they name and
//! the DRF routers they use), locustfiles, Locust CSVs. Each turns parsed
//! source into the model.

pub mod apps;
pub mod django;
pub mod drf;
pub mod drf_nested;
pub mod extra_actions;
pub mod format_suffix;
pub mod intended;
pub mod known_classes;
pub mod known_views;
pub mod locust_csv;
pub mod locustfile;
pub mod model_fields;
pub mod model_meta;
pub mod names;
pub mod querysets;
pub mod redirects;
pub mod router_urls;
pub mod router_values;
pub mod routers;
pub mod url_objects;
pub mod url_values;
pub mod urlconf;
pub mod view_objects;
pub mod views;

use crate::diagnostics::display_path;
use crate::discovery::{find_layout, scan_settings_modules, scan_urlconfs, Layout};
use crate::model::{Discovery, RouteMap, SCHEMA_VERSION};
use crate::python::{Interp, Value};
use std::path::PathBuf;
use std::rc::Rc;

/// Inputs of `routecov routes`.
#[derive(Debug, Clone, Default)]
pub struct RouteOptions {
    pub project: PathBuf,
    pub settings: Option<String>,
    pub urlconf: Option<String>,
    pub site_packages: Vec<PathBuf>,
    /// Environment variables the settings and URLconfs read (`--env`);
    /// every other variable takes its default from the code.
    pub env: std::collections::BTreeMap<String, String>,
}

/// Nothing useful could be found.
#[derive(Debug, thiserror::Error)]
pub enum RouteError {
    #[error("{0}: no such directory")]
    NoProject(String),
    #[error(
        "no Django URLconf found in {dir}\n  looked for: {looked}\n  help: point routecov at it with --project DIR (the directory holding manage.py), --settings MODULE or --urlconf MODULE"
    )]
    NoUrlconf { dir: String, looked: String },
    /// A module given explicitly (`--settings`, `--urlconf`, configuration)
    /// that does not exist: never replaced by a guess.
    #[error("{flag} {module}: no such module under {dir}\n  looked for: {looked}")]
    NoModule {
        /// `--settings`, or where the configuration set it.
        flag: String,
        module: String,
        dir: String,
        looked: String,
    },
}

/// Where the module `dotted` would be, for messages.
fn module_files(dotted: &str) -> String {
    let p = dotted.replace('.', "/");
    format!("{p}.py, {p}/__init__.py")
}

/// The root URLconf as it is being looked for.
struct UrlconfSearch {
    root: Option<String>,
    /// How `root` was found, for the discovery section.
    found_by: String,
    /// What was looked for, for the error when nothing is found.
    looked: Vec<String>,
}

/// Builds the route map of a project as its URLconfs define it, before the
/// configuration ignores, categorises and checks routes (`analysis`).
pub fn route_map(opts: &RouteOptions) -> Result<RouteMap, RouteError> {
    evaluated(opts).map(|(map, _evaluator)| map)
}

/// [`route_map`] for a process that ends once it has used the map: the
/// evaluator's values are not freed one by one (about 6 ms at 10,000
/// routes, all of it before the map can be used).
pub fn route_map_for_exit(opts: &RouteOptions) -> Result<RouteMap, RouteError> {
    let (map, evaluator) = evaluated(opts)?;
    evaluator.end_without_freeing();
    Ok(map)
}

fn evaluated(opts: &RouteOptions) -> Result<(RouteMap, Interp), RouteError> {
    let project = &opts.project;
    if !project.is_dir() {
        return Err(RouteError::NoProject(project.display().to_string()));
    }
    let layout = find_layout(project, opts.settings.as_deref(), &opts.site_packages);
    let hooks = Rc::new(django::DjangoHooks::default());
    hooks
        .routers
        .drf_version
        .set(format_suffix::drf_version(&layout.site_packages));
    let mut it = Interp::new(
        project.to_path_buf(),
        std::slice::from_ref(&layout.module_root),
        &layout.site_packages,
        hooks.clone(),
    );
    it.env = opts.env.clone();
    let mut discovery = Discovery {
        project: project.display().to_string(),
        manage_py: layout.manage_py.as_ref().map(|m| display_path(project, m)),
        site_packages: layout
            .site_packages
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        ..Default::default()
    };
    for n in &layout.notes {
        it.diags
            .warn_at(discovery.manage_py.as_deref().unwrap_or("."), 0, n.clone());
    }

    for (flag, module) in [("--settings", &opts.settings), ("--urlconf", &opts.urlconf)] {
        if let Some(m) = module.as_deref().filter(|m| !it.exists(m)) {
            return Err(RouteError::NoModule {
                flag: flag.to_string(),
                module: m.to_string(),
                dir: layout.module_root.display().to_string(),
                looked: module_files(m),
            });
        }
    }
    let entries = [&opts.settings, &layout.settings_module, &opts.urlconf];
    it.set_first_party(entries.into_iter().flatten().map(String::as_str));
    let mut looked = Vec::new();
    let settings = settings_module(&mut it, &layout, opts, &mut looked);
    it.set_first_party(settings.as_deref());
    *hooks.settings_module.borrow_mut() = settings.clone();
    let mut search = UrlconfSearch {
        root: opts.urlconf.clone(),
        found_by: if opts.urlconf.is_some() {
            "--urlconf".to_string()
        } else {
            String::new()
        },
        looked,
    };
    search_settings(
        &mut it,
        &hooks,
        settings.as_deref(),
        &layout,
        &mut discovery,
        &mut search,
    );
    // A guess only when nothing was given.
    if opts.settings.is_none() {
        search_urls_py(&mut it, &layout, &mut search);
    }
    let Some(root_urlconf) = search.root else {
        return Err(RouteError::NoUrlconf {
            dir: project.display().to_string(),
            looked: search.looked.join("; "),
        });
    };
    it.set_first_party([root_urlconf.as_str()]);
    // Django runs every app's ready() before it reads the root URLconf.
    hooks.run_ready(&mut it);
    let Some(root_idx) = it.load(&root_urlconf) else {
        return Err(RouteError::NoUrlconf {
            dir: project.display().to_string(),
            looked: format!(
                "{}; the URLconf module {root_urlconf} (not found)",
                search.looked.join("; ")
            ),
        });
    };
    discovery.urlconf_file = it.file_of(root_idx).map(|f| f.display.clone());
    discovery.root_urlconf = root_urlconf.clone();
    discovery.found_by = search.found_by;

    let walk = urlconf::WalkOptions {
        installed_apps: installed_apps(&mut it, &hooks),
        language_code: hooks
            .setting(&mut it, "LANGUAGE_CODE")
            .as_known_str()
            .unwrap_or_else(|| "en-us".to_string()),
    };
    let extracted = urlconf::extract_routes(&mut it, &root_urlconf, &walk);
    let converters = converter_regexes(&mut it, &hooks);
    let redirects = redirects::redirect_settings(&mut it, &hooks, extracted.i18n_prefix);
    let map = RouteMap {
        schema_version: SCHEMA_VERSION,
        discovery,
        converters,
        findings: Vec::new(),
        routes: extracted.routes,
        external_includes: extracted.external_includes,
        redirects,
        warnings: std::mem::take(&mut it.diags).into_sorted(),
    };
    Ok((map, it))
}

/// The settings module manage.py (or `--settings`) names; without
/// manage.py and `--urlconf`, the first module that sets `ROOT_URLCONF`.
fn settings_module(
    it: &mut Interp,
    layout: &Layout,
    opts: &RouteOptions,
    looked: &mut Vec<String>,
) -> Option<String> {
    let settings = layout.settings_module.clone();
    if layout.manage_py.is_some() {
        return settings;
    }
    looked.push("manage.py (in the directory and two levels below)".to_string());
    if settings.is_some() || opts.urlconf.is_some() {
        return settings;
    }
    let (module, file) = scan_settings_modules(&layout.module_root)
        .into_iter()
        .next()?;
    it.diags.warn_at(
        ".",
        0,
        format!(
            "no manage.py found; using settings module {module} ({}), found by its ROOT_URLCONF",
            display_path(&opts.project, &file)
        ),
    );
    Some(module)
}

/// Loads the settings module and, unless the root URLconf is known
/// already, reads its `ROOT_URLCONF`.
fn search_settings(
    it: &mut Interp,
    hooks: &django::DjangoHooks,
    settings: Option<&str>,
    layout: &Layout,
    discovery: &mut Discovery,
    search: &mut UrlconfSearch,
) {
    let Some(s) = settings else {
        search
            .looked
            .push("a settings module with ROOT_URLCONF".to_string());
        return;
    };
    match it.load(s) {
        Some(idx) => {
            discovery.settings_file = it.file_of(idx).map(|f| f.display.clone());
            if search.root.is_none() {
                match hooks.setting(it, "ROOT_URLCONF").as_known_str() {
                    Some(u) => {
                        search.root = Some(u);
                        search.found_by = format!("ROOT_URLCONF in settings module {s}");
                    }
                    None => search.looked.push(format!(
                        "ROOT_URLCONF in settings module {s} (not set or not evaluable)"
                    )),
                }
            }
        }
        None => {
            search
                .looked
                .push(format!("settings module {s} (not found)"));
            it.diags.warn_at(
                discovery.manage_py.as_deref().unwrap_or("."),
                0,
                format!(
                    "settings module {s} not found under {}",
                    layout.module_root.display()
                ),
            );
        }
    }
    discovery.settings_module = Some(s.to_string());
}

/// Without a root URLconf so far, the top-most urls.py.
fn search_urls_py(it: &mut Interp, layout: &Layout, search: &mut UrlconfSearch) {
    if search.root.is_some() {
        return;
    }
    search.looked.push("urls.py".to_string());
    if let Some(u) = scan_urlconfs(&layout.module_root).into_iter().next() {
        it.diags.warn_at(
            ".",
            0,
            format!("ROOT_URLCONF not found; using {u}, the top-most urls.py"),
        );
        search.found_by = "the top-most urls.py".to_string();
        search.root = Some(u);
    }
}

/// The `regex` class attribute of each registered custom converter.
fn converter_regexes(
    it: &mut Interp,
    hooks: &django::DjangoHooks,
) -> std::collections::BTreeMap<String, String> {
    let registered: Vec<(String, Value)> = hooks
        .converters
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut out = std::collections::BTreeMap::new();
    for (name, class) in registered {
        if let Value::Class(c) = it.resolve(class) {
            if let Some(re) = it.class_attr(&c, "regex").and_then(|v| v.as_known_str()) {
                out.insert(name, re);
            }
        }
    }
    out
}

/// Top-level packages of `INSTALLED_APPS`, to tell a third-party include
/// whose source is absent from a broken one.
fn installed_apps(
    it: &mut Interp,
    hooks: &django::DjangoHooks,
) -> std::collections::BTreeSet<String> {
    let apps = hooks.setting(it, "INSTALLED_APPS");
    let mut out = std::collections::BTreeSet::new();
    if let Some(items) = apps.items() {
        for i in items {
            if let Some(s) = i.as_known_str() {
                out.insert(s.split('.').next().unwrap_or(&s).to_string());
                out.insert(s.clone());
            }
        }
    }
    if let Value::Unknown(_) = apps {
        // Unknown apps: nothing to add; missing includes are reported as missing.
    }
    out
}
