//! Modules that answer for names they do not define (a module-level
//! `__getattr__`, a module replaced in `sys.modules`), imports of optional
//! dependencies that are not installed, and the call form of
//! `functools.wraps`: against Django's own resolver on the modules fixture,
//! route for route, and one construct per test on tiny projects.

mod common;

use routecov::extract::{route_map, RouteOptions};
use routecov::model::RouteMap;
use std::path::PathBuf;

const FIXTURE: &str = "fixtures/edge/modules";

fn map_of(project: PathBuf, site_packages: Vec<PathBuf>) -> RouteMap {
    let opts = RouteOptions {
        project,
        site_packages,
        ..Default::default()
    };
    route_map(&opts).expect("project has routes")
}

/// With the site-packages Django runs with: path, name, view and the
/// methods Django can tell, equal to its resolver's, and no warning.
#[test]
fn routes_equal_djangos_resolver() {
    let truth = common::django_rows(FIXTURE);
    assert!(truth.len() >= 13, "the fixture's full route set");
    let map = map_of(common::repo().join(FIXTURE), vec![common::site_packages()]);
    let theirs: Vec<common::Row> = truth.iter().map(|(r, _)| r.clone()).collect();
    assert_eq!(
        theirs,
        common::route_rows(&map),
        "left: Django, right: routecov"
    );
    for ((row, methods), route) in truth.iter().zip(&map.routes) {
        if let Some(m) = methods {
            assert_eq!(m, &route.methods, "methods of {}", row.0);
        }
    }
    assert!(map.warnings.is_empty(), "warnings: {:?}", map.warnings);
}

/// Without site-packages nothing says an optional dependency is missing:
/// its guarded routes are kept, the rest is as with them.
#[test]
fn without_site_packages_optional_imports_are_taken_to_succeed() {
    let map = map_of(common::repo().join(FIXTURE), vec![]);
    let mut expected: Vec<common::Row> = common::django_rows(FIXTURE)
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    let at = expected
        .iter()
        .position(|r| r.0 == "/ops/health/")
        .expect("health route")
        + 1;
    for (path, name, view) in [
        ("/ops/metrics/", "ops-metrics", "metrics"),
        ("/ops/metrics/formats/", "ops-formats", "exposition_formats"),
    ]
    .into_iter()
    .rev()
    {
        let row = (
            path.to_string(),
            Some(name.to_string()),
            format!("metrics.views.{view}"),
        );
        expected.insert(at, row);
    }
    assert_eq!(expected, common::route_rows(&map));
}

const SETTINGS: &str = r#"ROOT_URLCONF = "proj.urls"
INSTALLED_APPS = ["blog"]
"#;

/// The project `proj` with the URLconf `urls` and an app `blog` with a
/// view `page`, plus `extra` files; and a site-packages folder with
/// `installed` files.
fn project(
    urls: &str,
    extra: &[(&str, &str)],
    installed: &[(&str, &str)],
) -> (tempfile::TempDir, tempfile::TempDir) {
    let dir = common::blog_project(SETTINGS, urls, extra);
    let site = common::project_with(&[], installed);
    (dir, site)
}

fn routes(urls: &str, extra: &[(&str, &str)], installed: &[(&str, &str)]) -> RouteMap {
    let (dir, site) = project(urls, extra, installed);
    map_of(dir.path().to_path_buf(), vec![site.path().to_path_buf()])
}

/// `path name [condition]` per route.
fn rows(map: &RouteMap) -> Vec<String> {
    map.routes
        .iter()
        .map(|r| {
            let mut row = format!("{} {}", r.path, r.name.as_deref().unwrap_or("-"));
            if let Some(c) = &r.condition {
                row.push_str(&format!(" [{c}]"));
            }
            row
        })
        .collect()
}

#[test]
fn module_getattr_answers_for_missing_names_only() {
    let map = routes(
        r#"
from django.urls import path
from blog import conf
from blog.conf import PREFIX
from blog.views import page

urlpatterns = [path(PREFIX + "a/", page, name="a")]
if conf.ENABLED:
    urlpatterns.append(path("enabled/", page, name="enabled"))
if conf.DISABLED:
    urlpatterns.append(path("disabled/", page, name="disabled"))
if conf.UNKNOWN:
    urlpatterns.append(path("maybe/", page, name="maybe"))
"#,
        &[(
            "blog/conf.py",
            r#"
import os

PREFIX = "own/"
_VALUES = {"ENABLED": True, "DISABLED": False, "PREFIX": "never/"}

def __getattr__(name):
    if name == "UNKNOWN":
        return os.environ["BLOG_FLAG"]
    return _VALUES[name]
"#,
        )],
        &[],
    );
    assert_eq!(
        rows(&map),
        [
            "/own/a/ a",
            "/enabled/ enabled",
            "/maybe/ maybe [conf.UNKNOWN]"
        ]
    );
}

#[test]
fn a_module_replaced_in_sys_modules_is_what_importers_get() {
    let map = routes(
        r#"
from django.urls import path
import blog.conf
from blog import conf
from blog.conf import prefix
from blog.views import page

urlpatterns = [path(prefix + conf.name + "/", page, name="a")]
if blog.conf.on:
    urlpatterns.append(path("on/", page, name="on"))
"#,
        &[(
            "blog/conf.py",
            r#"
import sys

class Conf:
    prefix = "conf/"
    on = __name__ == "blog.conf"

    @property
    def name(self):
        return self.__class__.__name__.lower()

sys.modules[__name__] = Conf()
prefix = "module-level names are not seen any more/"
"#,
        )],
        &[],
    );
    assert_eq!(rows(&map), ["/conf/conf/ a", "/on/ on"]);
}

#[test]
fn a_module_getattr_that_recurses_ends_in_an_unknown() {
    let map = routes(
        r#"
from django.urls import path
from blog import conf
from blog.views import page

urlpatterns = [path("a/", page, name="a")]
if conf.LOOP:
    urlpatterns.append(path("b/", page, name="b"))
"#,
        &[(
            "blog/conf.py",
            "import blog.conf\n\ndef __getattr__(name):\n    return getattr(blog.conf, name)\n",
        )],
        &[],
    );
    assert_eq!(rows(&map), ["/a/ a", "/b/ b [conf.LOOP]"]);
}

#[test]
fn an_optional_dependency_is_imported_when_installed() {
    let urls = r#"
from django.urls import path
from blog.views import page

urlpatterns = []
try:
    import fancy.widgets
    urlpatterns.append(path("fancy/", page, name="fancy"))
except ImportError:
    urlpatterns.append(path("plain/", page, name="plain"))
try:
    from gone import thing
    urlpatterns.append(path("gone/", page, name="gone"))
except (KeyError, ModuleNotFoundError):
    urlpatterns.append(path("no-gone/", page, name="no-gone"))
try:
    import json, compiled
    urlpatterns.append(path("compiled/", page, name="compiled"))
except ImportError:
    pass
try:
    # Deeper in the project: code may put its folder on sys.path.
    import sidecar
    urlpatterns.append(path("sidecar/", page, name="sidecar"))
except ImportError:
    pass
"#;
    let sidecar = [("libs/sidecar/__init__.py", "")];
    let installed = [
        ("fancy/__init__.py", ""),
        ("fancy/widgets.py", ""),
        ("compiled.cpython-311-x86_64-linux-gnu.so", ""),
    ];
    let map = routes(urls, &sidecar, &installed);
    assert_eq!(
        rows(&map),
        [
            "/fancy/ fancy",
            "/no-gone/ no-gone",
            "/compiled/ compiled",
            "/sidecar/ sidecar"
        ]
    );
    // Without `fancy` and `compiled` installed, their handlers run.
    let map = routes(urls, &sidecar, &[("other.py", "")]);
    assert_eq!(
        rows(&map),
        ["/plain/ plain", "/no-gone/ no-gone", "/sidecar/ sidecar"]
    );
}

#[test]
fn wraps_called_as_a_function_copies_names_and_dict() {
    let map = routes(
        r#"
from functools import wraps
import functools
from django.urls import path
from blog.views import page

page.prefix = "tagged/"

def wrapper(request):
    pass

wrapped = wraps(page)(wrapper)
also = functools.wraps(page)(lambda request: None)

urlpatterns = [
    path(wrapped.prefix + "a/", wrapped, name=wrapped.__name__),
    path(wrapped.__module__ + "/", wrapper, name=wrapper.__qualname__),
    path("lambda/", also, name="lambda"),
]
"#,
        &[],
        &[],
    );
    let views: Vec<String> = map.routes.iter().map(|r| r.view.clone()).collect();
    assert_eq!(rows(&map)[..2], ["/tagged/a/ page", "/blog.views/ page"]);
    assert_eq!(views[..2], ["blog.views.page", "blog.views.page"]);
    assert!(
        map.warnings.iter().any(|w| w
            .message
            .contains("functools.wraps applied to a value other than a function")),
        "{:?}",
        map.warnings
    );
}
