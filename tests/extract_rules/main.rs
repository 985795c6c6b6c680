//! One test per URLconf / view rule routecov must understand, each on a tiny
//! project, with the paths, names, views and methods Django and DRF give.
//!
//! Conventions checked: path = "/" + each level's pattern with one leading
//! `^` stripped; name = namespaces and name joined by ":"; view = defining
//! module + qualname (class for class-based views, `module.<lambda>` for a
//! lambda); methods canonical, HEAD/OPTIONS dropped unless alone, `ANY` when
//! unknown.

#[path = "../common/mod.rs"]
mod common;

mod bad_input;
mod building;
mod methods;
mod paths;
mod routers;
mod settings;
mod view_names;

use common::method_rows as drf_rows;
use paths::BLOG_VIEWS;
use paths::ROOT_INCLUDING_BLOG;
use routecov::extract::{route_map, RouteOptions};
use routecov::model::{Origin, Route, RouteMap};
use routers::drf_project;
use routers::MODELS;
use std::path::Path;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

const SETTINGS: &str = r#"ROOT_URLCONF = "proj.urls"
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "blog",
]
"#;

/// The default settings followed by `extra` lines.
fn settings(extra: &str) -> String {
    format!("{SETTINGS}{extra}")
}

/// Writes a project `proj` whose root URLconf is `urls`, with an empty app
/// package `blog`, plus `extra` files (which may replace the defaults, e.g.
/// `proj/settings.py`).
fn write_project(urls: &str, extra: &[(&str, &str)]) -> tempfile::TempDir {
    let defaults = [
        ("manage.py", common::MANAGE_PY),
        ("proj/__init__.py", ""),
        ("proj/settings.py", SETTINGS),
        ("proj/urls.py", urls),
        ("blog/__init__.py", ""),
    ];
    common::project_with(&defaults, extra)
}

/// The route map of the project in `dir`.
fn map_of(dir: &Path) -> RouteMap {
    let opts = RouteOptions {
        project: dir.to_path_buf(),
        ..Default::default()
    };
    {
        let mut map = route_map(&opts).expect("project has a URLconf");
        routecov::analysis::classify_routes(&mut map, &Default::default());
        map
    }
}

/// Builds the project and returns its route map.
fn routes(urls: &str, extra: &[(&str, &str)]) -> RouteMap {
    let dir = write_project(urls, extra);
    map_of(dir.path())
}

/// One line per route: `path name view METHODS` (`-` for no name).
fn rows(map: &RouteMap) -> Vec<String> {
    map.routes
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {}",
                r.path,
                r.name.as_deref().unwrap_or("-"),
                r.view,
                r.methods.join(",")
            )
        })
        .collect()
}

fn paths(map: &RouteMap) -> Vec<&str> {
    map.routes.iter().map(|r| r.path.as_str()).collect()
}

/// The route at `path`, or a panic listing what there is.
fn route<'a>(map: &'a RouteMap, path: &str) -> &'a Route {
    map.routes
        .iter()
        .find(|r| r.path == path)
        .unwrap_or_else(|| panic!("no route {path}; routes: {:#?}", rows(map)))
}

/// Methods of the route at `path`.
fn methods(map: &RouteMap, path: &str) -> Vec<String> {
    route(map, path).methods.clone()
}

fn assert_no_warnings(map: &RouteMap) {
    assert!(
        map.warnings.is_empty(),
        "unexpected warnings: {:#?}",
        map.warnings
    );
}

/// 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not in source"))
        + 1
}

const ANY: &[&str] = &["ANY"];
