//! Hook registries and views built by registry objects: apps register URL
//! functions, API endpoints and viewsets with a decorator whose closure
//! appends to a module-level dict, read once every installed app's hooks
//! module is imported; a registry's `as_view` method returns a closure;
//! a router class of the project's own lists its endpoints' patterns.
//! Against Django's own resolver on the hook_registry fixture, route for
//! route.

mod common;

use routecov::extract::{route_map, RouteOptions};

const FIXTURE: &str = "fixtures/edge/hook_registry";

use common::Row;

fn our_map(site_packages: bool) -> routecov::model::RouteMap {
    let opts = RouteOptions {
        project: common::repo().join(FIXTURE),
        site_packages: if site_packages {
            vec![common::site_packages()]
        } else {
            vec![]
        },
        ..Default::default()
    };
    route_map(&opts).expect("hook_registry fixture has routes")
}

/// Path, name and view equal Django's, route for route, with Django's
/// source read or not; methods equal wherever Django can tell them.
#[test]
fn routes_equal_djangos_resolver() {
    let truth = common::django_rows(FIXTURE);
    assert!(truth.len() >= 15, "the fixture's full route set");
    for site_packages in [false, true] {
        let map = our_map(site_packages);
        let ours = common::route_rows(&map);
        let theirs: Vec<Row> = truth.iter().map(|(r, _)| r.clone()).collect();
        assert_eq!(
            theirs, ours,
            "left: Django, right: routecov (site-packages: {site_packages})"
        );
        for ((row, methods), route) in truth.iter().zip(&map.routes) {
            if let Some(m) = methods {
                assert_eq!(m, &route.methods, "methods of {}", row.0);
            }
        }
        assert!(
            map.warnings.is_empty(),
            "unexpected warnings: {:?}",
            map.warnings
        );
    }
}

// ---------------------------------------------------------------------------
// One construct per test, each on a tiny project
// ---------------------------------------------------------------------------

/// The route map of a project with the given files.
fn tiny(files: &[(&str, &str)]) -> routecov::model::RouteMap {
    let mut all = vec![
        ("manage.py", common::MANAGE_PY),
        ("proj/__init__.py", ""),
        ("app/__init__.py", ""),
    ];
    all.extend_from_slice(files);
    let dir = common::project(&all);
    let opts = RouteOptions {
        project: dir.path().to_path_buf(),
        ..Default::default()
    };
    route_map(&opts).expect("project has a URLconf")
}

/// `path name view` per route.
fn rows(map: &routecov::model::RouteMap) -> Vec<String> {
    map.routes
        .iter()
        .map(|r| format!("{} {} {}", r.path, r.name.as_deref().unwrap_or("-"), r.view))
        .collect()
}

const SETTINGS: &str = "ROOT_URLCONF = 'proj.urls'\nINSTALLED_APPS = ['app', 'other']\n";

const VIEWS: &str = r#"
from django.http import HttpResponse

def index(request):
    return HttpResponse()
"#;

/// Hooks of an app that is not installed: never imported.
const STRAY_HOOKS: &str = r#"
from django.urls import path
from app import registry, views

registry.register("urls", lambda: [path("stray/", views.index)])
"#;

/// `importlib.import_module` runs the module it imports, as Python does:
/// what a decorator in it registers is in the registry afterwards, and only
/// for the installed apps that have such a module.
#[test]
fn import_module_runs_the_module_it_imports() {
    let registry = r#"
_hooks = {}

def register(name, fn=None):
    if fn is None:
        def decorator(fn):
            register(name, fn)
            return fn
        return decorator
    _hooks.setdefault(name, []).append(fn)
"#;
    let hooks = r#"
from django.urls import path
from app import registry, views

@registry.register("urls")
def more_urls():
    return [path("more/", views.index, name="more")]
"#;
    let urls = r#"
from importlib import import_module
from django.apps import apps
from django.utils.module_loading import module_has_submodule
from app import registry

for config in apps.get_app_configs():
    if module_has_submodule(config.module, "hooks"):
        import_module(config.name + ".hooks")

urlpatterns = []
for fn in registry._hooks.get("urls", []):
    urlpatterns += fn()
"#;
    let map = tiny(&[
        ("proj/settings.py", SETTINGS),
        ("proj/urls.py", urls),
        ("app/views.py", VIEWS),
        ("app/registry.py", registry),
        ("app/hooks.py", hooks),
        ("other/__init__.py", ""),
        ("stray/__init__.py", ""),
        ("stray/hooks.py", STRAY_HOOKS),
    ]);
    assert_eq!(rows(&map), vec!["/more/ more app.views.index"]);
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
}

/// A plain method named `as_view` on a registry object is not Django's
/// classmethod: it runs, and the closure it returns is the view, named
/// `Registry.as_view.<locals>.view_router`. A classmethod `as_view` is
/// still the class-based view.
#[test]
fn an_as_view_method_of_an_object_returns_its_closure() {
    let views = r#"
from django.http import HttpResponse
from django.views import View

class Registry:
    def as_view(self, view_name):
        def view_router(request, *args, **kwargs):
            return HttpResponse(view_name)
        return view_router

class Page(View):
    def get(self, request):
        return HttpResponse()

registry = Registry()
page = Page()
"#;
    let urls = r#"
from django.urls import path
from app.views import Page, page, registry
urlpatterns = [
    path("routed/", registry.as_view("edit"), name="routed"),
    path("page/", page.as_view(), name="page"),
    path("class/", Page.as_view(), name="class"),
]
"#;
    let map = tiny(&[
        ("proj/settings.py", "ROOT_URLCONF = 'proj.urls'\n"),
        ("proj/urls.py", urls),
        ("app/views.py", views),
    ]);
    assert_eq!(
        rows(&map),
        vec![
            "/routed/ routed app.views.Registry.as_view.<locals>.view_router",
            "/page/ page app.views.Page",
            "/class/ class app.views.Page",
        ]
    );
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
}

/// `operator.itemgetter(k)` called on a tuple, list or dict gives its
/// item, as a `key=` function or a `map` reads it.
#[test]
fn itemgetter_reads_the_item_it_names() {
    let urls = r#"
from operator import itemgetter
from django.urls import path
from app.views import index
pairs = [("a", 1), ("b", 2)]
first = itemgetter(0)
both = itemgetter(1, 0)
urlpatterns = [path(f"{first(p)}/{both(p)[0]}/", index) for p in pairs]
urlpatterns.append(path(itemgetter("k")({"k": "dict/"}), index))
"#;
    let map = tiny(&[
        ("proj/settings.py", "ROOT_URLCONF = 'proj.urls'\n"),
        ("proj/urls.py", urls),
        ("app/views.py", VIEWS),
    ]);
    assert_eq!(
        rows(&map),
        vec![
            "/a/1/ - app.views.index",
            "/b/2/ - app.views.index",
            "/dict/ - app.views.index",
        ]
    );
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
}

/// `obj.__dict__[key] = value` sets an attribute of the object, which then
/// wins over a `cached_property` of its class; a key not known statically
/// sets nothing, so the class's value stays.
#[test]
fn writes_to_an_instance_dict_are_its_attributes() {
    let views = r#"
from django.http import HttpResponse
from django.utils.functional import cached_property

def index(request):
    return HttpResponse()

class ViewSet:
    name = None

    def __init__(self, name=None, **kwargs):
        if name:
            self.__dict__["name"] = name
        for key, value in kwargs.items():
            self.__dict__[key] = value

    @cached_property
    def url_prefix(self):
        return self.name
"#;
    let urls = r#"
from django.urls import path
from app.views import ViewSet, index
sets = [ViewSet("plain"), ViewSet("named", url_prefix="given")]
urlpatterns = [path(f"{vs.url_prefix}/", index, name=vs.name) for vs in sets]
"#;
    let map = tiny(&[
        ("proj/settings.py", "ROOT_URLCONF = 'proj.urls'\n"),
        ("proj/urls.py", urls),
        ("app/views.py", views),
    ]);
    assert_eq!(
        rows(&map),
        vec![
            "/plain/ plain app.views.index",
            "/given/ named app.views.index",
        ]
    );
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
}

/// A `return` under a condition the evaluator cannot decide is one
/// possible result of the call: where the paths disagree the result is an
/// unknown (warned), never the first branch's value.
#[test]
fn a_return_under_an_unknown_condition_is_not_the_result() {
    let urls = r#"
from django.db import models
from django.urls import path
from somewhere_else import model
from app.views import index

def converter(pk):
    if isinstance(pk, models.UUIDField):
        return "uuid"
    return "int"

def prefix(flag):
    if flag:
        return "same"
    return "same"

urlpatterns = [
    path(f"a/<{converter(model.pk)}:pk>/", index),
    path(f"{prefix(model.flag)}/", index),
]
"#;
    let map = tiny(&[
        ("proj/settings.py", "ROOT_URLCONF = 'proj.urls'\n"),
        ("proj/urls.py", urls),
        ("app/views.py", VIEWS),
    ]);
    assert_eq!(
        rows(&map),
        vec!["/a/<:pk>/ - app.views.index", "/same/ - app.views.index"]
    );
    assert_eq!(map.warnings.len(), 1, "{:?}", map.warnings);
    assert!(map.warnings[0].to_string().contains("converter(model.pk)"));
}

/// `isinstance` of a plain built-in value (a string from an environment
/// default, say) against built-in types is known, so helpers such as
/// `is_truthy(os.getenv("X", "False"))` give a value rather than an
/// unknown condition; against a class outside the sources it stays unknown.
#[test]
fn isinstance_of_builtin_values_is_known() {
    let urls = r#"
import os
from django.urls import path
from somewhere_else import Special
from app.views import index

def is_truthy(arg):
    if isinstance(arg, bool):
        return arg
    return str(arg).lower() in ("y", "yes", "true", "1")

ENABLED = is_truthy(os.getenv("FEATURE", "False"))
checks = [isinstance("a", (int, str)), isinstance(3, bool), isinstance(None, dict)]
urlpatterns = [path(f"{checks[0]}-{checks[1]}-{checks[2]}/", index)]
if ENABLED:
    urlpatterns.append(path("feature/", index))
if isinstance("a", Special):
    urlpatterns.append(path("special/", index))
"#;
    let map = tiny(&[
        ("proj/settings.py", "ROOT_URLCONF = 'proj.urls'\n"),
        ("proj/urls.py", urls),
        ("app/views.py", VIEWS),
    ]);
    assert_eq!(
        rows(&map),
        vec![
            "/True-False-False/ - app.views.index",
            "/special/ - app.views.index",
        ]
    );
    assert_eq!(
        map.routes[1].condition.as_deref(),
        Some("isinstance(\"a\", Special)")
    );
}
