//! Values computed from settings and configuration; URL lists built by code.

use super::*;

// ---------------------------------------------------------------------------
// Values computed from settings and configuration; URL lists built by code
// ---------------------------------------------------------------------------

/// Warnings as `file:line: message`.
fn warning_lines(map: &RouteMap) -> Vec<String> {
    map.warnings
        .iter()
        .map(|w| format!("{}:{}: {}", w.file, w.line, w.message))
        .collect()
}

#[test]
fn unknown_prefix_is_served_empty_under_a_condition() {
    let urls = r#"import os
from django.urls import include, path
from blog import views

PREFIX = os.environ["URL_PREFIX"]
urlpatterns = [
    path(f"{PREFIX}/items/", include([path("add/", views.index, name="add")])),
]
"#;
    let map = routes(urls, &[("blog/views.py", BLOG_VIEWS)]);
    assert_eq!(paths(&map), ["//items/add/"]);
    let cond = route(&map, "//items/add/").condition.clone();
    assert_eq!(cond.as_deref(), Some("`PREFIX` is empty"));
    let w = warning_lines(&map);
    assert!(
        w.iter()
            .any(|l| l.starts_with("proj/urls.py:7:") && l.contains("when `PREFIX` is empty")),
        "{w:#?}"
    );
}

#[test]
fn settings_getattr_default_urlparse_and_path_join() {
    let s = settings(
        "import os\nSITE_URL = 'https://example.com/portal/'\nDOCS = os.path.join('help', 'v1', '')\n",
    );
    let urls = r#"from urllib.parse import urlparse, urljoin
from django.conf import settings
from django.urls import path
from blog import views

BASE = urlparse(settings.SITE_URL).path.lstrip("/")
urlpatterns = [
    path(BASE, views.index, name="home"),
    path(getattr(settings, "SHOP", "shop/"), views.index, name="shop"),
    path(getattr(settings, "DOCS", "none/"), views.index, name="docs"),
    path(urljoin("/a/b/", "../c/").lstrip("/"), views.index, name="c"),
]
if (p := getattr(settings, "EXTRA", None)) is None:
    urlpatterns.append(path("extra/", views.index, name="extra"))
"#;
    let map = routes(
        urls,
        &[("proj/settings.py", &s), ("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(
        paths(&map),
        ["/portal/", "/shop/", "/help/v1/", "/a/c/", "/extra/"]
    );
    assert_no_warnings(&map);
}

#[test]
fn configuration_module_chosen_by_environment_falls_back_to_the_shipped_example() {
    let s = settings(
        r#"import importlib, os
configuration = importlib.import_module(os.environ.get("APP_CONFIGURATION", "proj.configuration"))
PREFIX = getattr(configuration, "PREFIX", "")
"#,
    );
    let urls = r#"from django.conf import settings
from django.urls import path
from blog import views

urlpatterns = [path(settings.PREFIX + "x/", views.index, name="x")]
"#;
    let files: &[(&str, &str)] = &[
        ("proj/settings.py", &s),
        ("proj/configuration_example.py", "PREFIX = 'example/'\n"),
        ("proj/configuration_live.py", "PREFIX = 'live/'\n"),
        ("blog/views.py", BLOG_VIEWS),
    ];
    let map = routes(urls, files);
    assert_eq!(paths(&map), ["/example/x/"]);
    let w = warning_lines(&map);
    assert!(
        w.iter()
            .any(|l| l.contains("proj.configuration") && l.contains("proj.configuration_example")),
        "{w:#?}"
    );
    // `--env` chooses the module, as the environment does for Django.
    let dir = write_project(urls, files);
    let opts = RouteOptions {
        project: dir.path().to_path_buf(),
        env: [(
            "APP_CONFIGURATION".to_string(),
            "proj.configuration_live".to_string(),
        )]
        .into_iter()
        .collect(),
        ..Default::default()
    };
    let map = route_map(&opts).expect("routes");
    assert_eq!(paths(&map), ["/live/x/"]);
    assert_no_warnings(&map);
}

#[test]
fn django_environ_and_decouple_defaults() {
    let s = settings(
        r#"import environ
from decouple import config
env = environ.Env()
API = env.str("API_PREFIX", default="api/")
ADMIN = config("ADMIN_PREFIX", default="manage/")
SHOW = config("SHOW_DOCS", default="true", cast=bool)
"#,
    );
    let urls = r#"from django.conf import settings
from django.urls import path
from blog import views

urlpatterns = [
    path(settings.API + "x/", views.index, name="x"),
    path(settings.ADMIN, views.index, name="admin"),
]
if settings.SHOW:
    urlpatterns.append(path("docs/", views.index, name="docs"))
"#;
    let map = routes(
        urls,
        &[("proj/settings.py", &s), ("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(paths(&map), ["/api/x/", "/manage/", "/docs/"]);
    assert_no_warnings(&map);
}

#[test]
fn url_lists_built_by_functions_comprehensions_and_registries() {
    let urls = r#"from django.urls import path
from blog import views
from blog.registry import urls_for

PAGES = {}
for name in ["a", "b", "c"]:
    if name == "c":
        break
    PAGES[name] = f"pages/{name}/"

urlpatterns = [path(route, views.index, name=key) for key, route in PAGES.items()]
urlpatterns += {f"{k}/": k for k in ("x", "y")} and [path("dict/", views.index, name="dict")]
urlpatterns += urls_for("blog")
"#;
    let registry = r#"from django.urls import path

REGISTRY = {}


def register(app, model):
    def add(view):
        return view
    REGISTRY.setdefault(app, {}).setdefault(model, []).append(model)
    return add


def urls_for(app):
    return [
        path(f"{app}/{model}/", lambda request: None, name=f"{app}-{model}")
        for model in sorted(REGISTRY.get(app, {}))
    ]
"#;
    let views = r#"from django.http import HttpResponse
from .registry import register

register("blog", "post")
register("blog", "comment")
register("other", "thing")


def index(request):
    return HttpResponse("index")
"#;
    let map = routes(
        urls,
        &[("blog/views.py", views), ("blog/registry.py", registry)],
    );
    assert_eq!(
        paths(&map),
        [
            "/pages/a/",
            "/pages/b/",
            "/dict/",
            "/blog/comment/",
            "/blog/post/"
        ]
    );
    assert_no_warnings(&map);
}

#[test]
fn loops_past_the_budget_are_unknown_with_a_warning() {
    let urls = r#"from django.urls import path
from blog import views

def spin(n):
    out = []
    for i in range(n):
        for j in range(n):
            out.append(i)
    return out

COUNT = len(spin(1000))
urlpatterns = [path("ok/", views.index, name="ok")]
for x in unknown_things():
    urlpatterns.append(path(f"{x}/", views.index))
"#;
    let map = routes(urls, &[("blog/views.py", BLOG_VIEWS)]);
    assert_eq!(paths(&map), ["/ok/"]);
    let w = warning_lines(&map);
    assert!(w.iter().any(|l| l.contains("budget")), "{w:#?}");
    assert!(
        w.iter()
            .any(|l| l.starts_with("proj/urls.py:13:") && l.contains("unknown_things()")),
        "{w:#?}"
    );
}

#[test]
fn a_root_urlconf_filled_at_run_time_is_said_to_have_no_routes() {
    let map = routes("urlpatterns = []\n", &[]);
    assert!(map.routes.is_empty());
    let w = warning_lines(&map);
    assert!(
        w.iter().any(|l| l.starts_with("proj/urls.py:0:")
            && l.contains("root URLconf proj.urls has no routes")),
        "{w:#?}"
    );
}

#[test]
fn match_cases_keep_their_routes_under_their_pattern_and_while_is_warned() {
    let urls = r#"from django.urls import path
from blog import views

urlpatterns = [path("ok/", views.index, name="ok")]
match unknown_mode():
    case "full":
        urlpatterns.append(path("full/", views.index, name="full"))
    case _:
        urlpatterns.append(path("lite/", views.index, name="lite"))
match "v2":
    case "v1":
        urlpatterns.append(path("v1/", views.index, name="v1"))
    case "v2" | "v3" as version:
        urlpatterns.append(path(f"{version}/", views.index, name="current"))
with open("extra.txt") as extra:
    urlpatterns.append(path("with/", views.index, name="with"))
while more_routes():
    urlpatterns.append(path("spun/", views.index))
"#;
    let map = routes(urls, &[("blog/views.py", BLOG_VIEWS)]);
    assert_eq!(paths(&map), ["/ok/", "/full/", "/lite/", "/v2/", "/with/"]);
    assert_eq!(
        route(&map, "/full/").condition.as_deref(),
        Some("case \"full\"")
    );
    assert_eq!(route(&map, "/lite/").condition.as_deref(), Some("case _"));
    assert_eq!(route(&map, "/v2/").condition, None);
    let w = warning_lines(&map);
    assert!(
        w.iter()
            .any(|l| l.starts_with("proj/urls.py:17:") && l.contains("`while more_routes()`")),
        "{w:#?}"
    );
}

#[test]
fn annotated_star_parameters_collect_their_arguments() {
    let map = routes(
        r#"from django.urls import path
from . import views

def joined(*parts: str, **options: dict) -> str:
    return "/".join(parts) + options.get("end", "/")

urlpatterns = [path(joined("a", "b", end="/"), views.index, name="home")]
"#,
        &[("views.py", BLOG_VIEWS)],
    );
    assert_eq!(paths(&map), ["/a/b/"]);
}

/// DRF before 3.8 had no path converter for format suffixes: the version in
/// the site-packages decides, and a twin that version cannot make is said.
#[test]
fn format_suffix_form_follows_the_drf_version_in_site_packages() {
    let dir = write_project(
        r#"from django.urls import path, re_path
from rest_framework.urlpatterns import format_suffix_patterns
from blog import views

urlpatterns = format_suffix_patterns([
    path("items/", views.index, name="items"),
    re_path(r"^old/$", views.index, name="old"),
])
"#,
        &[("blog/__init__.py", ""), ("blog/views.py", BLOG_VIEWS)],
    );
    let site = tempfile::tempdir().expect("temp dir");
    let drf = site.path().join("rest_framework");
    std::fs::create_dir_all(&drf).expect("mkdir");
    let map_with = |version: &str| {
        std::fs::write(
            drf.join("__init__.py"),
            format!("__version__ = '{version}'\n"),
        )
        .expect("write");
        let opts = RouteOptions {
            project: dir.path().to_path_buf(),
            site_packages: vec![site.path().to_path_buf()],
            ..Default::default()
        };
        route_map(&opts).expect("routes")
    };
    let recent = map_with("3.16.1");
    assert_eq!(
        paths(&recent),
        [
            "/items/",
            "/items<drf_format_suffix:format>",
            "/old/$",
            "/old\\.(?P<format>[a-z0-9]+)/?$"
        ]
    );
    let old = map_with("3.7.7");
    assert_eq!(
        paths(&old),
        ["/items/", "/old/$", "/old\\.(?P<format>[a-z0-9]+)/?$"]
    );
    assert!(old
        .warnings
        .iter()
        .any(|w| w.message.contains("DRF 3.7 has no path converter")));
}
