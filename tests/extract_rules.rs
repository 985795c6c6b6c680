//! One test per URLconf / view rule routecov must understand, each on a tiny
//! project, with the paths, names, views and methods Django and DRF give.
//!
//! Conventions checked: path = "/" + each level's pattern with one leading
//! `^` stripped; name = namespaces and name joined by ":"; view = defining
//! module + qualname (class for class-based views, `module.<lambda>` for a
//! lambda); methods canonical, HEAD/OPTIONS dropped unless alone, `ANY` when
//! unknown.

mod common;

use routecov::extract::{route_map, RouteOptions};
use routecov::model::{Origin, Route, RouteMap};
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

// ---------------------------------------------------------------------------
// path, re_path, url
// ---------------------------------------------------------------------------

const BLOG_VIEWS: &str = r#"from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def index(request):
    return HttpResponse("index")


@require_GET
def detail(request, pk):
    return HttpResponse("detail")
"#;

#[test]
fn path_keeps_converter_syntax() {
    let map = routes(
        r#"from django.urls import path
from blog import views

urlpatterns = [
    path("", views.index, name="home"),
    path("articles/<int:year>/<slug:slug>/", views.detail, name="article"),
]
"#,
        &[("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(
        rows(&map),
        [
            "/ home blog.views.index GET",
            "/articles/<int:year>/<slug:slug>/ article blog.views.detail GET",
        ]
    );
    assert!(!map.routes[1].regex);
    assert_no_warnings(&map);
}

#[test]
fn re_path_keeps_named_groups_and_strips_one_caret_per_level() {
    let map = routes(
        r#"from django.urls import include, re_path
from blog import views

urlpatterns = [
    re_path(r"^articles/(?P<year>[0-9]{4})/$", views.index, name="year"),
    re_path(r"^legacy/", include("blog.urls")),
]
"#,
        &[
            ("blog/views.py", BLOG_VIEWS),
            (
                "blog/urls.py",
                r#"from django.urls import re_path
from . import views

urlpatterns = [
    re_path(r"^item/(?P<pk>\d+)/$", views.detail, name="item"),
]
"#,
            ),
        ],
    );
    assert_eq!(
        rows(&map),
        [
            "/articles/(?P<year>[0-9]{4})/$ year blog.views.index GET",
            r"/legacy/item/(?P<pk>\d+)/$ item blog.views.detail GET",
        ]
    );
    assert!(map.routes.iter().all(|r| r.regex));
    assert_no_warnings(&map);
}

#[test]
fn legacy_url_is_treated_as_re_path() {
    let map = routes(
        r#"from django.conf.urls import url
from blog import views

urlpatterns = [
    url(r"^old/(?P<pk>\d+)/$", views.detail, name="old-detail"),
]
"#,
        &[("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(
        rows(&map),
        [r"/old/(?P<pk>\d+)/$ old-detail blog.views.detail GET"]
    );
    assert!(map.routes[0].regex);
    assert_no_warnings(&map);
}

// ---------------------------------------------------------------------------
// include() and namespaces
// ---------------------------------------------------------------------------

const ROOT_INCLUDING_BLOG: &str = r#"from django.urls import include, path

urlpatterns = [
    path("blog/", include("blog.urls")),
]
"#;

#[test]
fn include_without_app_name_adds_no_namespace() {
    let map = routes(
        ROOT_INCLUDING_BLOG,
        &[
            ("blog/views.py", BLOG_VIEWS),
            (
                "blog/urls.py",
                r#"from django.urls import path
from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
]
"#,
            ),
        ],
    );
    assert_eq!(
        rows(&map),
        [
            "/blog/ index blog.views.index GET",
            "/blog/<int:pk>/ detail blog.views.detail GET",
        ]
    );
    assert_eq!(map.routes[1].source.file, "blog/urls.py");
    assert_eq!(map.routes[1].source.line, 6);
    assert_no_warnings(&map);
}

#[test]
fn include_with_app_name_namespaces_names() {
    let map = routes(
        ROOT_INCLUDING_BLOG,
        &[
            ("blog/views.py", BLOG_VIEWS),
            (
                "blog/urls.py",
                r#"from django.urls import path
from . import views

app_name = "blog"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
]
"#,
            ),
        ],
    );
    assert_eq!(
        rows(&map),
        ["/blog/<int:pk>/ blog:detail blog.views.detail GET"]
    );
    assert_no_warnings(&map);
}

#[test]
fn include_tuple_with_explicit_namespace() {
    let map = routes(
        r#"from django.urls import include, path

urlpatterns = [
    path("news/", include(("blog.urls", "blog"), namespace="news")),
]
"#,
        &[
            ("blog/views.py", BLOG_VIEWS),
            (
                "blog/urls.py",
                r#"from django.urls import path
from . import views

urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
]
"#,
            ),
        ],
    );
    assert_eq!(
        rows(&map),
        ["/news/<int:pk>/ news:detail blog.views.detail GET"]
    );
    assert_no_warnings(&map);
}

#[test]
fn include_of_an_inline_list() {
    let map = routes(
        r#"from django.urls import include, path
from blog import views

urlpatterns = [
    path("shop/", include([
        path("cart/", views.index, name="cart"),
        path("items/<int:pk>/", views.detail, name="item"),
    ])),
]
"#,
        &[("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(
        rows(&map),
        [
            "/shop/cart/ cart blog.views.index GET",
            "/shop/items/<int:pk>/ item blog.views.detail GET",
        ]
    );
    assert_no_warnings(&map);
}

#[test]
fn nested_includes_chain_namespaces() {
    let map = routes(
        ROOT_INCLUDING_BLOG,
        &[
            ("blog/views.py", BLOG_VIEWS),
            (
                "blog/urls.py",
                r#"from django.urls import include, path

app_name = "blog"
urlpatterns = [
    path("api/v1/", include("blog.api_urls")),
]
"#,
            ),
            (
                "blog/api_urls.py",
                r#"from django.urls import path
from . import views

app_name = "api"
urlpatterns = [
    path("status/", views.index, name="status"),
]
"#,
            ),
        ],
    );
    assert_eq!(
        rows(&map),
        ["/blog/api/v1/status/ blog:api:status blog.views.index GET"]
    );
    assert_no_warnings(&map);
}

#[test]
fn admin_site_is_an_external_include_without_routes() {
    let map = routes(
        r#"from django.contrib import admin
from django.urls import path
from blog import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", views.index, name="home"),
]
"#,
        &[("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(paths(&map), ["/"]);
    assert_eq!(map.external_includes.len(), 1);
    let admin = &map.external_includes[0];
    assert_eq!(admin.prefix, "/admin/");
    assert!(admin.module.contains("admin"), "{admin:?}");
    assert_eq!(admin.source.file, "proj/urls.py");
    assert_eq!(admin.source.line, 6);
    assert_no_warnings(&map);
}

const ALLAUTH_URLS: &str = r#"from django.urls import include, path

urlpatterns = [
    path("accounts/", include("allauth.urls")),
]
"#;

#[test]
fn installed_third_party_include_without_source_is_external() {
    let s = settings("INSTALLED_APPS += [\"allauth\", \"allauth.account\"]\n");
    let map = routes(ALLAUTH_URLS, &[("proj/settings.py", &s)]);
    assert!(map.routes.is_empty(), "{:#?}", rows(&map));
    assert_eq!(map.external_includes.len(), 1);
    let inc = &map.external_includes[0];
    assert_eq!(inc.prefix, "/accounts/");
    assert_eq!(inc.module, "allauth.urls");
    assert_eq!(
        (inc.source.file.as_str(), inc.source.line),
        ("proj/urls.py", 4)
    );
}

#[test]
fn installed_third_party_include_without_source_says_how_to_expand_it() {
    let s = settings("INSTALLED_APPS += [\"allauth\", \"allauth.account\"]\n");
    let map = routes(ALLAUTH_URLS, &[("proj/settings.py", &s)]);
    assert_eq!(map.external_includes.len(), 1);
    assert_eq!(map.warnings.len(), 1, "{:#?}", map.warnings);
    assert!(map.warnings[0]
        .message
        .contains("listed as an external include"));
    assert!(map.warnings[0].message.contains("--site-packages"));
}

#[test]
fn include_of_a_missing_module_warns_with_file_and_line() {
    let urls = r#"from django.urls import include, path
from blog import views

urlpatterns = [
    path("", views.index, name="home"),
    path("ghost/", include("ghost.urls")),
]
"#;
    let map = routes(urls, &[("blog/views.py", BLOG_VIEWS)]);
    assert_eq!(paths(&map), ["/"]);
    assert!(map.external_includes.is_empty());
    let w: Vec<_> = map
        .warnings
        .iter()
        .filter(|w| w.message.contains("ghost.urls"))
        .collect();
    assert_eq!(w.len(), 1, "{:#?}", map.warnings);
    assert_eq!(w[0].file, "proj/urls.py");
    assert_eq!(w[0].line, line_of(urls, "ghost.urls"));
}

#[test]
fn third_party_include_is_expanded_from_a_local_virtualenv() {
    let s = settings("INSTALLED_APPS += [\"allauth\"]\n");
    let sp = ".venv/lib/python3.11/site-packages/allauth";
    let init = format!("{sp}/__init__.py");
    let urls = format!("{sp}/urls.py");
    let views = format!("{sp}/views.py");
    let map = routes(
        r#"from django.urls import include, path

urlpatterns = [
    path("accounts/", include("allauth.urls")),
]
"#,
        &[
            ("proj/settings.py", &s),
            (&init, ""),
            (
                &urls,
                r#"from django.urls import path
from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="account_login"),
]
"#,
            ),
            (
                &views,
                r#"from django.views.generic.edit import FormView


class LoginView(FormView):
    template_name = "account/login.html"
"#,
            ),
        ],
    );
    assert_eq!(
        rows(&map),
        ["/accounts/login/ account_login allauth.views.LoginView GET,POST,PUT"]
    );
    assert_eq!(map.routes[0].origin, Origin::External);
    assert!(
        map.external_includes.is_empty(),
        "{:?}",
        map.external_includes
    );
    assert_no_warnings(&map);
}

// ---------------------------------------------------------------------------
// Building urlpatterns
// ---------------------------------------------------------------------------

#[test]
fn urlpatterns_plus_equals_list() {
    let map = routes(
        r#"from django.urls import path
from blog import views

urlpatterns = [
    path("a/", views.index, name="a"),
]
urlpatterns += [
    path("b/", views.index, name="b"),
]
"#,
        &[("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(paths(&map), ["/a/", "/b/"]);
    assert_eq!(map.routes[1].source.line, 8);
    assert_no_warnings(&map);
}

#[test]
fn urlpatterns_append() {
    let map = routes(
        r#"from django.urls import path
from blog import views

urlpatterns = [
    path("a/", views.index, name="a"),
]
urlpatterns.append(path("b/", views.detail, name="b"))
"#,
        &[("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(
        rows(&map),
        ["/a/ a blog.views.index GET", "/b/ b blog.views.detail GET"]
    );
    assert_no_warnings(&map);
}

#[test]
fn urlpatterns_concatenated_lists() {
    let map = routes(
        r#"from django.urls import path
from blog import views

urlpatterns = [
    path("a/", views.index, name="a"),
] + [
    path("b/", views.index, name="b"),
]
"#,
        &[("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(paths(&map), ["/a/", "/b/"]);
    assert_no_warnings(&map);
}

const DEBUG_URLS: &str = r#"from django.conf import settings
from django.urls import path
from blog import views

urlpatterns = [
    path("", views.index, name="home"),
]

if settings.DEBUG:
    urlpatterns += [
        path("__debug__/", views.detail, name="debug"),
    ]
"#;

#[test]
fn debug_block_with_debug_true_is_included() {
    let s = settings("DEBUG = True\n");
    let map = routes(
        DEBUG_URLS,
        &[("proj/settings.py", &s), ("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(paths(&map), ["/", "/__debug__/"]);
    assert_eq!(route(&map, "/__debug__/").condition, None);
    assert_no_warnings(&map);
}

#[test]
fn debug_block_with_debug_false_is_left_out() {
    let s = settings("DEBUG = False\n");
    let map = routes(
        DEBUG_URLS,
        &[("proj/settings.py", &s), ("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(paths(&map), ["/"]);
    assert_no_warnings(&map);
}

#[test]
fn debug_block_with_unknown_debug_is_conditional() {
    let s = format!("import os\n{}DEBUG = os.environ[\"DEBUG\"]\n", SETTINGS);
    let map = routes(
        DEBUG_URLS,
        &[("proj/settings.py", &s), ("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(paths(&map), ["/", "/__debug__/"]);
    assert_eq!(route(&map, "/").condition, None);
    let cond = route(&map, "/__debug__/").condition.clone();
    assert!(
        cond.as_deref().is_some_and(|c| c.contains("DEBUG")),
        "condition: {cond:?}"
    );
    assert_no_warnings(&map);
}

#[test]
fn static_serves_media_under_debug() {
    let s = settings("DEBUG = True\nMEDIA_URL = \"/media/\"\nMEDIA_ROOT = \"/srv/media\"\n");
    let map = routes(
        r#"from django.conf import settings
from django.conf.urls.static import static
from django.urls import path
from blog import views

urlpatterns = [
    path("", views.index, name="home"),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
"#,
        &[("proj/settings.py", &s), ("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(paths(&map), ["/", "/media/(?P<path>.*)$"]);
    let media = route(&map, "/media/(?P<path>.*)$");
    assert_eq!(media.view, "django.views.static.serve");
    assert_eq!(media.name, None);
    assert!(media.regex);
    assert_no_warnings(&map);
}

const I18N_URLS: &str = r#"from django.conf.urls.i18n import i18n_patterns
from django.urls import path
from blog import views

urlpatterns = [
    path("health/", views.index, name="health"),
]
urlpatterns += i18n_patterns(
    path("about/", views.detail, name="about"),
)
"#;

#[test]
fn i18n_patterns_prefix_the_language_code_from_settings() {
    let s = settings("LANGUAGE_CODE = \"de\"\n");
    let map = routes(
        I18N_URLS,
        &[("proj/settings.py", &s), ("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(paths(&map), ["/health/", "/de/about/"]);
    assert_eq!(route(&map, "/de/about/").name.as_deref(), Some("about"));
    assert_no_warnings(&map);
}

#[test]
fn i18n_patterns_default_to_en_us() {
    let map = routes(I18N_URLS, &[("blog/views.py", BLOG_VIEWS)]);
    assert_eq!(paths(&map), ["/health/", "/en-us/about/"]);
    assert_no_warnings(&map);
}

#[test]
fn i18n_patterns_without_default_language_prefix() {
    let map = routes(
        r#"from django.conf.urls.i18n import i18n_patterns
from django.urls import path
from blog import views

urlpatterns = i18n_patterns(
    path("about/", views.detail, name="about"),
    prefix_default_language=False,
)
"#,
        &[("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(paths(&map), ["/about/"]);
    assert_no_warnings(&map);
}

#[test]
fn custom_converter_keeps_its_path_syntax() {
    let map = routes(
        r#"from django.urls import path, register_converter
from blog import converters, views

register_converter(converters.FourDigitYearConverter, "yyyy")

urlpatterns = [
    path("archive/<yyyy:year>/", views.detail, name="archive"),
]
"#,
        &[
            ("blog/views.py", BLOG_VIEWS),
            (
                "blog/converters.py",
                r#"class FourDigitYearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return "%04d" % value
"#,
            ),
        ],
    );
    assert_eq!(
        rows(&map),
        ["/archive/<yyyy:year>/ archive blog.views.detail GET"]
    );
    assert!(!map.routes[0].regex);
    assert_no_warnings(&map);
}

// ---------------------------------------------------------------------------
// Route strings built from expressions
// ---------------------------------------------------------------------------

#[test]
fn route_from_module_constants() {
    let map = routes(
        r#"from django.urls import path
from blog import views
from proj.constants import API_PREFIX

HEALTH = "health/"

urlpatterns = [
    path(HEALTH, views.index, name="health"),
    path(API_PREFIX, views.index, name="api"),
]
"#,
        &[
            ("blog/views.py", BLOG_VIEWS),
            ("proj/constants.py", "API_PREFIX = \"api/v2/\"\n"),
        ],
    );
    assert_eq!(paths(&map), ["/health/", "/api/v2/"]);
    assert_no_warnings(&map);
}

#[test]
fn route_from_f_string() {
    let map = routes(
        r#"from django.urls import path
from blog import views

VERSION = "v1"

urlpatterns = [
    path(f"api/{VERSION}/items/<int:pk>/", views.detail, name="item"),
]
"#,
        &[("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(paths(&map), ["/api/v1/items/<int:pk>/"]);
    assert_no_warnings(&map);
}

#[test]
fn route_from_concatenation() {
    let map = routes(
        r#"from django.urls import path
from blog import views

BASE = "reports/"

urlpatterns = [
    path(BASE + "export/", views.index, name="export"),
]
"#,
        &[("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(paths(&map), ["/reports/export/"]);
    assert_no_warnings(&map);
}

#[test]
fn route_from_percent_formatting() {
    let map = routes(
        r#"from django.urls import path
from blog import views

BASE = "reports"

urlpatterns = [
    path("%s/<int:pk>/%s/" % (BASE, "rekap"), views.detail, name="rekap"),
]
"#,
        &[("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(paths(&map), ["/reports/<int:pk>/rekap/"]);
    assert_no_warnings(&map);
}

#[test]
fn route_from_str_format() {
    let map = routes(
        r#"from django.urls import path
from blog import views

urlpatterns = [
    path("{}/{name}/".format("api", name="batch"), views.index, name="batch"),
]
"#,
        &[("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(paths(&map), ["/api/batch/"]);
    assert_no_warnings(&map);
}

#[test]
fn route_from_getenv_default() {
    let map = routes(
        r#"import os

from django.urls import path
from blog import views

PREFIX = os.getenv("URL_PREFIX", "app/")

urlpatterns = [
    path(PREFIX + "home/", views.index, name="home"),
]
"#,
        &[("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(paths(&map), ["/app/home/"]);
    assert_no_warnings(&map);
}

// ---------------------------------------------------------------------------
// View names
// ---------------------------------------------------------------------------

const APP_URLS_HEAD: &str = "from django.urls import path\n";

#[test]
fn view_from_relative_module_import() {
    let map = routes(
        ROOT_INCLUDING_BLOG,
        &[
            ("blog/views.py", BLOG_VIEWS),
            (
                "blog/urls.py",
                r#"from django.urls import path
from . import views

urlpatterns = [path("", views.index, name="index")]
"#,
            ),
        ],
    );
    assert_eq!(rows(&map), ["/blog/ index blog.views.index GET"]);
    assert_no_warnings(&map);
}

#[test]
fn view_imported_under_an_alias_keeps_its_own_name() {
    let urls = format!(
        "{APP_URLS_HEAD}from .views import detail as show\n\nurlpatterns = [path(\"<int:pk>/\", show, name=\"show\")]\n"
    );
    let map = routes(
        ROOT_INCLUDING_BLOG,
        &[("blog/views.py", BLOG_VIEWS), ("blog/urls.py", &urls)],
    );
    assert_eq!(rows(&map), ["/blog/<int:pk>/ show blog.views.detail GET"]);
    assert_no_warnings(&map);
}

const VIEWS_PACKAGE: &[(&str, &str)] = &[
    (
        "blog/views/__init__.py",
        "from .pages import home\nfrom .api import *\n",
    ),
    (
        "blog/views/pages.py",
        r#"from django.views.decorators.http import require_GET


@require_GET
def home(request):
    pass
"#,
    ),
    (
        "blog/views/api.py",
        r#"from django.views.decorators.http import require_POST

__all__ = ["submit"]


@require_POST
def submit(request):
    pass


def _private(request):
    pass
"#,
    ),
    (
        "blog/urls.py",
        r#"from django.urls import path
from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("submit/", views.submit, name="submit"),
]
"#,
    ),
];

#[test]
fn view_reexported_by_package_init_is_named_by_its_submodule() {
    let map = routes(ROOT_INCLUDING_BLOG, VIEWS_PACKAGE);
    assert_eq!(route(&map, "/blog/").view, "blog.views.pages.home");
    assert_eq!(methods(&map, "/blog/"), ["GET"]);
    assert_no_warnings(&map);
}

#[test]
fn view_reexported_by_star_import_with_all() {
    let map = routes(ROOT_INCLUDING_BLOG, VIEWS_PACKAGE);
    assert_eq!(
        rows(&map)[1],
        "/blog/submit/ submit blog.views.api.submit POST"
    );
    assert_no_warnings(&map);
}

#[test]
fn view_through_absolute_module_import() {
    let map = routes(
        r#"import blog.views
from django.urls import path

urlpatterns = [
    path("", blog.views.index, name="home"),
]
"#,
        &[("blog/views.py", BLOG_VIEWS)],
    );
    assert_eq!(rows(&map), ["/ home blog.views.index GET"]);
    assert_no_warnings(&map);
}

#[test]
fn view_through_parent_relative_import() {
    let map = routes(
        r#"from django.urls import include, path

urlpatterns = [path("blog/", include("apps.blog.urls"))]
"#,
        &[
            ("apps/__init__.py", ""),
            ("apps/blog/__init__.py", ""),
            ("apps/common/__init__.py", ""),
            ("apps/common/views.py", BLOG_VIEWS),
            (
                "apps/blog/urls.py",
                r#"from django.urls import path
from ..common import views

urlpatterns = [path("<int:pk>/", views.detail, name="detail")]
"#,
            ),
        ],
    );
    assert_eq!(
        rows(&map),
        ["/blog/<int:pk>/ detail apps.common.views.detail GET"]
    );
    assert_no_warnings(&map);
}

#[test]
fn lambda_view_is_module_lambda_with_any_method() {
    let map = routes(
        r#"from django.http import HttpResponse
from django.urls import path

urlpatterns = [
    path("ping/", lambda request: HttpResponse("pong"), name="ping"),
]
"#,
        &[],
    );
    assert_eq!(rows(&map), ["/ping/ ping proj.urls.<lambda> ANY"]);
    assert_no_warnings(&map);
}

#[test]
fn class_based_view_as_view_is_named_by_its_class() {
    let map = routes(
        r#"from django.urls import path
from blog.views import Dashboard

urlpatterns = [path("dash/", Dashboard.as_view(), name="dash")]
"#,
        &[(
            "blog/views.py",
            r#"from django.views import View


class Dashboard(View):
    def get(self, request):
        pass
"#,
        )],
    );
    assert_eq!(rows(&map), ["/dash/ dash blog.views.Dashboard GET"]);
    assert_no_warnings(&map);
}

#[test]
fn csrf_exempt_wrapper_keeps_the_inner_view() {
    let map = routes(
        r#"from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from blog import views

urlpatterns = [path("hook/", csrf_exempt(views.hook), name="hook")]
"#,
        &[(
            "blog/views.py",
            r#"from django.views.decorators.http import require_POST


@require_POST
def hook(request):
    pass
"#,
        )],
    );
    assert_eq!(rows(&map), ["/hook/ hook blog.views.hook POST"]);
    assert_no_warnings(&map);
}

#[test]
fn login_required_around_as_view_keeps_the_class() {
    let map = routes(
        r#"from django.contrib.auth.decorators import login_required
from django.urls import path
from blog.views import Settings

urlpatterns = [
    path("settings/", login_required(Settings.as_view()), name="settings"),
]
"#,
        &[(
            "blog/views.py",
            r#"from django.views import View


class Settings(View):
    def get(self, request):
        pass

    def post(self, request):
        pass
"#,
        )],
    );
    assert_eq!(
        rows(&map),
        ["/settings/ settings blog.views.Settings GET,POST"]
    );
    assert_no_warnings(&map);
}

// ---------------------------------------------------------------------------
// Methods of function views
// ---------------------------------------------------------------------------

/// Routes every function of `views` (a `blog/views.py` body) at `/<name>/`.
fn function_views(names: &[&str], views: &str) -> RouteMap {
    let mut urls =
        String::from("from django.urls import path\nfrom blog import views\n\nurlpatterns = [\n");
    for n in names {
        urls.push_str(&format!("    path(\"{n}/\", views.{n}, name=\"{n}\"),\n"));
    }
    urls.push_str("]\n");
    let map = routes(&urls, &[("blog/views.py", views)]);
    assert_no_warnings(&map);
    map
}

#[test]
fn require_get_is_get() {
    let map = function_views(
        &["feed"],
        "from django.views.decorators.http import require_GET\n\n\n@require_GET\ndef feed(request):\n    pass\n",
    );
    assert_eq!(methods(&map, "/feed/"), ["GET"]);
}

#[test]
fn require_post_is_post() {
    let map = function_views(
        &["vote"],
        "from django.views.decorators.http import require_POST\n\n\n@require_POST\ndef vote(request):\n    pass\n",
    );
    assert_eq!(methods(&map, "/vote/"), ["POST"]);
}

#[test]
fn require_safe_is_get() {
    let map = function_views(
        &["page"],
        "from django.views.decorators.http import require_safe\n\n\n@require_safe\ndef page(request):\n    pass\n",
    );
    assert_eq!(methods(&map, "/page/"), ["GET"]);
}

#[test]
fn require_http_methods_lists_the_methods() {
    let map = function_views(
        &["form"],
        r#"from django.views.decorators.http import require_http_methods


@require_http_methods(["POST", "GET"])
def form(request):
    pass
"#,
    );
    assert_eq!(methods(&map, "/form/"), ["GET", "POST"]);
}

#[test]
fn method_decorator_stacked_with_login_required_in_either_order() {
    let map = function_views(
        &["outer", "inner"],
        r#"from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_POST


@login_required
@require_POST
def outer(request):
    pass


@require_POST
@login_required
def inner(request):
    pass
"#,
    );
    assert_eq!(
        rows(&map),
        [
            "/outer/ outer blog.views.outer POST",
            "/inner/ inner blog.views.inner POST",
        ]
    );
}

#[test]
fn drf_api_view_with_methods_and_bare() {
    let map = function_views(
        &["items", "status"],
        r#"from rest_framework.decorators import api_view
from rest_framework.response import Response


@api_view(["GET", "POST"])
def items(request):
    return Response([])


@api_view()
def status(request):
    return Response({})
"#,
    );
    assert_eq!(
        rows(&map),
        [
            "/items/ items blog.views.items GET,POST",
            "/status/ status blog.views.status GET",
        ]
    );
}

#[test]
fn request_method_branch_falls_through_to_get() {
    let map = function_views(
        &["edit"],
        r#"from django.shortcuts import render, redirect


def edit(request):
    if request.method == "POST":
        return redirect("/")
    return render(request, "edit.html")
"#,
    );
    assert_eq!(methods(&map, "/edit/"), ["GET", "POST"]);
}

#[test]
fn request_method_branch_with_not_allowed_is_exact() {
    let map = function_views(
        &["submit"],
        r#"from django.http import HttpResponseNotAllowed, JsonResponse


def submit(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return JsonResponse({"ok": True})
"#,
    );
    assert_eq!(methods(&map, "/submit/"), ["POST"]);
}

#[test]
fn request_method_in_tuple() {
    let map = function_views(
        &["profile"],
        r#"from django.http import JsonResponse


def profile(request):
    if request.method in ("PUT", "PATCH"):
        return JsonResponse({"updated": True})
    return JsonResponse({})
"#,
    );
    assert_eq!(methods(&map, "/profile/"), ["GET", "PUT", "PATCH"]);
}

#[test]
fn undecorated_function_view_is_any_with_a_note() {
    let map = function_views(
        &["plain"],
        "from django.http import HttpResponse\n\n\ndef plain(request):\n    return HttpResponse(\"x\")\n",
    );
    let r = route(&map, "/plain/");
    assert_eq!(r.methods, ANY);
    assert!(r.methods_note.is_some(), "{r:?}");
}

// ---------------------------------------------------------------------------
// Methods of class-based views
// ---------------------------------------------------------------------------

/// Routes each class of `views` (a `blog/views.py` body) at `/<lowercase name>/`.
fn class_views(names: &[&str], views: &str) -> RouteMap {
    let mut urls =
        String::from("from django.urls import path\nfrom blog import views\n\nurlpatterns = [\n");
    for n in names {
        let lower = n.to_lowercase();
        urls.push_str(&format!(
            "    path(\"{lower}/\", views.{n}.as_view(), name=\"{lower}\"),\n"
        ));
    }
    urls.push_str("]\n");
    let map = routes(&urls, &[("blog/views.py", views)]);
    assert_no_warnings(&map);
    map
}

#[test]
fn class_view_handler_methods() {
    let map = class_views(
        &["Contact"],
        r#"from django.views import View


class Contact(View):
    def post(self, request):
        pass

    def get(self, request):
        pass

    def helper(self):
        pass
"#,
    );
    assert_eq!(
        rows(&map),
        ["/contact/ contact blog.views.Contact GET,POST"]
    );
}

#[test]
fn class_view_http_method_names_restricts_handlers() {
    let map = class_views(
        &["Item"],
        r#"from django.views import View


class Item(View):
    http_method_names = ["get", "post"]

    def get(self, request):
        pass

    def post(self, request):
        pass

    def delete(self, request):
        pass
"#,
    );
    assert_eq!(methods(&map, "/item/"), ["GET", "POST"]);
}

#[test]
fn class_view_inherits_handlers_from_a_local_base() {
    let map = class_views(
        &["Child"],
        r#"from django.views import View


class Base(View):
    def get(self, request):
        pass


class Child(Base):
    def delete(self, request):
        pass
"#,
    );
    assert_eq!(rows(&map), ["/child/ child blog.views.Child GET,DELETE"]);
}

#[test]
fn class_view_with_only_head_keeps_head_and_options() {
    let map = class_views(
        &["Probe"],
        r#"from django.views import View


class Probe(View):
    def head(self, request):
        pass
"#,
    );
    assert_eq!(methods(&map, "/probe/"), ["HEAD", "OPTIONS"]);
}

#[test]
fn django_display_generic_views_are_get() {
    let map = class_views(
        &["About", "Articles", "Article"],
        r#"from django.views.generic import DetailView, ListView, TemplateView


class About(TemplateView):
    template_name = "about.html"


class Articles(ListView):
    model = None


class Article(DetailView):
    model = None
"#,
    );
    assert_eq!(
        rows(&map),
        [
            "/about/ about blog.views.About GET",
            "/articles/ articles blog.views.Articles GET",
            "/article/ article blog.views.Article GET",
        ]
    );
}

#[test]
fn django_edit_generic_views_include_put() {
    let map = class_views(
        &["New", "Edit", "Feedback"],
        r#"from django.views.generic.edit import CreateView, FormView, UpdateView


class New(CreateView):
    fields = ["title"]


class Edit(UpdateView):
    fields = ["title"]


class Feedback(FormView):
    template_name = "feedback.html"
"#,
    );
    for p in ["/new/", "/edit/", "/feedback/"] {
        assert_eq!(methods(&map, p), ["GET", "POST", "PUT"], "{p}");
    }
}

#[test]
fn django_delete_view() {
    let map = class_views(
        &["Remove"],
        "from django.views.generic import DeleteView\n\n\nclass Remove(DeleteView):\n    success_url = \"/\"\n",
    );
    assert_eq!(methods(&map, "/remove/"), ["GET", "POST", "DELETE"]);
}

#[test]
fn django_redirect_view_accepts_every_method() {
    let map = routes(
        r#"from django.urls import path
from django.views.generic import RedirectView

urlpatterns = [
    path("old/", RedirectView.as_view(url="/new/"), name="old"),
]
"#,
        &[],
    );
    assert_eq!(
        rows(&map),
        ["/old/ old django.views.generic.base.RedirectView GET,POST,PUT,PATCH,DELETE"]
    );
    assert_no_warnings(&map);
}

#[test]
fn drf_generic_views() {
    let map = class_views(
        &["Projects", "Project"],
        r#"from rest_framework import generics


class Projects(generics.ListCreateAPIView):
    pass


class Project(generics.RetrieveUpdateDestroyAPIView):
    pass
"#,
    );
    assert_eq!(methods(&map, "/projects/"), ["GET", "POST"]);
    assert_eq!(
        methods(&map, "/project/"),
        ["GET", "PUT", "PATCH", "DELETE"]
    );
}

#[test]
fn class_on_unknown_third_party_base_is_any_with_a_note() {
    let map = class_views(
        &["Fancy"],
        r#"from fancylib.views import FancyView


class Fancy(FancyView):
    template_name = "fancy.html"
"#,
    );
    let r = route(&map, "/fancy/");
    assert_eq!(r.view, "blog.views.Fancy");
    assert_eq!(r.methods, ANY);
    let note = r.methods_note.as_deref().unwrap_or_default();
    assert!(note.contains("fancylib"), "note: {note:?}");
}

// ---------------------------------------------------------------------------
// DRF routers
// ---------------------------------------------------------------------------

const MODELS: &str = r#"from django.db import models


class Project(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField()


class Tag(models.Model):
    label = models.SlugField()
"#;

/// A project whose `blog/views.py` is `views` and whose root URLconf is `urls`.
fn drf_project(urls: &str, views: &str) -> RouteMap {
    let map = routes(
        urls,
        &[("blog/models.py", MODELS), ("blog/views.py", views)],
    );
    assert_no_warnings(&map);
    map
}

/// One line per route: `path name METHODS`.
use common::method_rows as drf_rows;

#[test]
fn default_router_with_model_viewset_and_actions() {
    let map = drf_project(
        r#"from django.urls import include, path
from rest_framework.routers import DefaultRouter
from blog.views import ProjectViewSet

router = DefaultRouter()
router.register(r"projects", ProjectViewSet)

urlpatterns = [
    path("api/", include(router.urls)),
]
"#,
        r#"from rest_framework import viewsets
from rest_framework.decorators import action

from .models import Project


class ProjectViewSet(viewsets.ModelViewSet):
    queryset = Project.objects.all()

    @action(detail=True, methods=["post"], url_path="deep-copy")
    def deep_copy(self, request, pk=None):
        pass

    @action(detail=False)
    def recent(self, request):
        pass

    @action(detail=False, methods=["get", "post"])
    def archive(self, request):
        pass
"#,
    );
    assert_eq!(
        drf_rows(&map),
        [
            "/api/projects/$ project-list GET,POST",
            r"/api/projects\.(?P<format>[a-z0-9]+)/?$ project-list GET,POST",
            "/api/projects/archive/$ project-archive GET,POST",
            r"/api/projects/archive\.(?P<format>[a-z0-9]+)/?$ project-archive GET,POST",
            "/api/projects/recent/$ project-recent GET",
            r"/api/projects/recent\.(?P<format>[a-z0-9]+)/?$ project-recent GET",
            "/api/projects/(?P<pk>[^/.]+)/$ project-detail GET,PUT,PATCH,DELETE",
            r"/api/projects/(?P<pk>[^/.]+)\.(?P<format>[a-z0-9]+)/?$ project-detail GET,PUT,PATCH,DELETE",
            "/api/projects/(?P<pk>[^/.]+)/deep-copy/$ project-deep-copy POST",
            r"/api/projects/(?P<pk>[^/.]+)/deep-copy\.(?P<format>[a-z0-9]+)/?$ project-deep-copy POST",
            "/api/ api-root GET",
            "/api/<drf_format_suffix:format> api-root GET",
        ]
    );
    for r in &map.routes[..10] {
        assert_eq!(r.view, "blog.views.ProjectViewSet");
    }
    assert_eq!(map.routes[10].view, "rest_framework.routers.APIRootView");
    assert_no_warnings(&map);
}

#[test]
fn simple_router_without_trailing_slash() {
    let map = drf_project(
        r#"from django.urls import include, path
from rest_framework.routers import SimpleRouter
from blog.views import ProjectViewSet

router = SimpleRouter(trailing_slash=False)
router.register(r"projects", ProjectViewSet)

urlpatterns = [path("api/", include(router.urls))]
"#,
        r#"from rest_framework import viewsets

from .models import Project


class ProjectViewSet(viewsets.ModelViewSet):
    queryset = Project.objects.all()
"#,
    );
    assert_eq!(
        drf_rows(&map),
        [
            "/api/projects$ project-list GET,POST",
            "/api/projects/(?P<pk>[^/.]+)$ project-detail GET,PUT,PATCH,DELETE",
        ]
    );
}

#[test]
fn read_only_model_viewset() {
    let map = drf_project(
        r#"from django.urls import include, path
from rest_framework.routers import SimpleRouter
from blog.views import ProjectViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet)

urlpatterns = [path("api/", include(router.urls))]
"#,
        r#"from rest_framework import viewsets

from .models import Project


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Project.objects.all()
"#,
    );
    assert_eq!(
        drf_rows(&map),
        [
            "/api/projects/$ project-list GET",
            "/api/projects/(?P<pk>[^/.]+)/$ project-detail GET",
        ]
    );
}

#[test]
fn generic_viewset_with_mixins_has_only_the_mixins_routes() {
    let map = drf_project(
        r#"from django.urls import include, path
from rest_framework.routers import SimpleRouter
from blog.views import ProjectViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet)

urlpatterns = [path("api/", include(router.urls))]
"#,
        r#"from rest_framework import mixins, viewsets

from .models import Project


class ProjectViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Project.objects.all()
"#,
    );
    assert_eq!(
        drf_rows(&map),
        [
            "/api/projects/$ project-list POST",
            "/api/projects/(?P<pk>[^/.]+)/$ project-detail PUT,PATCH",
        ]
    );
}

#[test]
fn viewset_lookup_field_and_value_regex() {
    let map = drf_project(
        r#"from django.urls import include, path
from rest_framework.routers import SimpleRouter
from blog.views import ProjectViewSet, TagViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet)
router.register("tags", TagViewSet)

urlpatterns = [path("api/", include(router.urls))]
"#,
        r#"from rest_framework import viewsets

from .models import Project, Tag


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Project.objects.all()
    lookup_field = "slug"


class TagViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Tag.objects.all()
    lookup_field = "slug"
    lookup_value_regex = "[-a-z0-9]+"
"#,
    );
    assert_eq!(
        paths(&map),
        [
            "/api/projects/$",
            "/api/projects/(?P<slug>[^/.]+)/$",
            "/api/tags/$",
            "/api/tags/(?P<slug>[-a-z0-9]+)/$",
        ]
    );
}

#[test]
fn router_register_with_explicit_basename() {
    let map = drf_project(
        r#"from django.urls import include, path
from rest_framework.routers import SimpleRouter
from blog.views import ProjectViewSet

router = SimpleRouter()
router.register(r"work", ProjectViewSet, basename="job")

urlpatterns = [path("api/", include(router.urls))]
"#,
        r#"from rest_framework import viewsets

from .models import Project


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Project.objects.all()
"#,
    );
    assert_eq!(
        drf_rows(&map),
        [
            "/api/work/$ job-list GET",
            "/api/work/(?P<pk>[^/.]+)/$ job-detail GET",
        ]
    );
}

#[test]
fn router_urls_added_with_plus_equals() {
    let map = drf_project(
        r#"from django.urls import path
from rest_framework.routers import DefaultRouter
from blog import views

router = DefaultRouter()
router.register("projects", views.ProjectViewSet)

urlpatterns = [
    path("health/", views.health, name="health"),
]
urlpatterns += router.urls
"#,
        r#"from rest_framework import viewsets
from rest_framework.decorators import api_view

from .models import Project


@api_view()
def health(request):
    pass


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Project.objects.all()
"#,
    );
    assert_eq!(
        drf_rows(&map),
        [
            "/health/ health GET",
            "/projects/$ project-list GET",
            r"/projects\.(?P<format>[a-z0-9]+)/?$ project-list GET",
            "/projects/(?P<pk>[^/.]+)/$ project-detail GET",
            r"/projects/(?P<pk>[^/.]+)\.(?P<format>[a-z0-9]+)/?$ project-detail GET",
            "/ api-root GET",
            "/<drf_format_suffix:format> api-root GET",
        ]
    );
}

// ---------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------

#[test]
fn syntax_error_keeps_routes_around_it_and_warns_at_its_line() {
    let urls = r#"from django.urls import path
from blog import views

urlpatterns = [
    path("before/", views.index, name="before"),
]

def broken(:
    pass

urlpatterns += [
    path("after/", views.detail, name="after"),
]
"#;
    let map = routes(urls, &[("blog/views.py", BLOG_VIEWS)]);
    assert_eq!(paths(&map), ["/before/", "/after/"]);
    let line = line_of(urls, "def broken(:");
    assert!(
        map.warnings
            .iter()
            .any(|w| w.file == "proj/urls.py" && w.line == line && w.message.contains("syntax")),
        "expected a warning at proj/urls.py:{line}, got {:#?}",
        map.warnings
    );
}

#[test]
fn include_cycle_is_reported_not_followed() {
    let map = routes(
        r#"from django.urls import include, path

urlpatterns = [path("a/", include("blog.urls"))]
"#,
        &[
            ("blog/views.py", BLOG_VIEWS),
            (
                "blog/urls.py",
                r#"from django.urls import include, path
from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("b/", include("blog.more_urls")),
]
"#,
            ),
            (
                "blog/more_urls.py",
                r#"from django.urls import include, path
from . import views

urlpatterns = [
    path("leaf/", views.detail, name="leaf"),
    path("again/", include("blog.urls")),
]
"#,
            ),
        ],
    );
    assert_eq!(paths(&map), ["/a/", "/a/b/leaf/"]);
    let w: Vec<_> = map
        .warnings
        .iter()
        .filter(|w| w.message.contains("cycle"))
        .collect();
    assert_eq!(w.len(), 1, "{:#?}", map.warnings);
    assert_eq!((w[0].file.as_str(), w[0].line), ("blog/more_urls.py", 6));
    assert!(w[0].message.contains("blog.urls"), "{}", w[0].message);
    assert!(w[0].message.contains("blog.more_urls"), "{}", w[0].message);
}

#[test]
fn non_utf8_file_warns_with_its_line_and_keeps_routes() {
    let urls = "from django.urls import path\nfrom blog import views\n\n# caf\u{e9} menu\nurlpatterns = [\n    path(\"menu/\", views.index, name=\"menu\"),\n]\n";
    let dir = write_project(urls, &[("blog/views.py", BLOG_VIEWS)]);
    // The same text in Latin-1: one byte 0xE9 on line 4.
    let latin1: Vec<u8> = urls.chars().map(|c| c as u32 as u8).collect();
    std::fs::write(dir.path().join("proj/urls.py"), latin1).expect("write");
    let map = map_of(dir.path());
    assert_eq!(rows(&map), ["/menu/ menu blog.views.index GET"]);
    assert!(
        map.warnings
            .iter()
            .any(|w| w.file == "proj/urls.py" && w.line == 4 && w.message.contains("UTF-8")),
        "expected a warning at proj/urls.py:4, got {:#?}",
        map.warnings
    );
}

const UNEVALUABLE_ENTRY_URLS: &str = r#"from django.urls import path
from blog import views
from pluginlib import plugin_patterns

urlpatterns = [
    path("a/", views.index, name="a"),
    plugin_patterns(),
    path("b/", views.detail, name="b"),
]
"#;

#[test]
fn unevaluable_urlpatterns_entry_warns_and_keeps_the_rest() {
    let map = routes(UNEVALUABLE_ENTRY_URLS, &[("blog/views.py", BLOG_VIEWS)]);
    assert_eq!(paths(&map), ["/a/", "/b/"]);
    let w: Vec<_> = map
        .warnings
        .iter()
        .filter(|w| w.message.contains("plugin_patterns"))
        .collect();
    assert_eq!(w.len(), 1, "{:#?}", map.warnings);
    assert_eq!(w[0].file, "proj/urls.py");
}

#[test]
fn unevaluable_urlpatterns_entry_warning_points_at_the_entry() {
    let map = routes(UNEVALUABLE_ENTRY_URLS, &[("blog/views.py", BLOG_VIEWS)]);
    let w = map
        .warnings
        .iter()
        .find(|w| w.message.contains("plugin_patterns"))
        .expect("a warning for the entry");
    assert_eq!(
        (w.file.as_str(), w.line),
        (
            "proj/urls.py",
            line_of(UNEVALUABLE_ENTRY_URLS, "plugin_patterns()")
        )
    );
}

/// Issue 8: a package importing its own submodule (`from . import views`
/// in `app/__init__.py`, as celery, dynaconf and urllib3 do) made the lazy
/// import resolve itself forever: a stack overflow. It means the submodule.
#[test]
fn a_package_importing_its_own_submodule_is_that_submodule() {
    let map = routes(
        "from django.urls import path\nfrom blog import views\nurlpatterns = [path('', views.index, name='index')]\n",
        &[
            ("blog/__init__.py", "from . import views\n"),
            ("blog/views.py", "def index(request):\n    pass\n"),
        ],
    );
    assert_eq!(rows(&map), ["/ index blog.views.index ANY"]);
}

/// A module runs imported, never as the main program: its `__name__` is
/// its dotted name and the code under `if __name__ == "__main__":` is not
/// part of what it defines.
#[test]
fn code_under_main_guard_is_not_run() {
    let map = routes(
        "from django.urls import path\nfrom blog import views\nurlpatterns = [path('', views.index, name=__name__)]\nif __name__ == '__main__':\n    urlpatterns += [path('main/', views.index)]\n",
        &[("blog/views.py", "def index(request):\n    pass\n")],
    );
    assert_eq!(rows(&map), ["/ proj.urls blog.views.index ANY"]);
}

/// Issue 8: two modules re-exporting a name from each other end in an
/// unknown with a warning naming the cycle, not in a stack overflow.
#[test]
fn a_re_export_cycle_is_an_unknown_with_a_warning() {
    let map = routes(
        "from django.urls import path\nfrom blog.a import view\nurlpatterns = [path('x/', view), path('ok/', ok)]\ndef ok(request):\n    pass\n",
        &[
            ("blog/a.py", "from .b import view\n"),
            ("blog/b.py", "from .a import view\n"),
        ],
    );
    assert!(
        rows(&map).iter().any(|r| r.starts_with("/ok/ ")),
        "{:?}",
        rows(&map)
    );
    let text: Vec<String> = map.warnings.iter().map(ToString::to_string).collect();
    assert!(
        text.iter().any(|w| w.contains("imported in a cycle")
            && w.contains("blog.a")
            && w.contains("blog.b")),
        "{text:#?}"
    );
}

/// Issue 8: DRF names routes after `queryset.model`; a custom manager
/// (`Position.all.none()`) or a dotted model path names the model too.
#[test]
fn router_basename_comes_from_the_queryset_model_through_any_manager() {
    let map = drf_project(
        r#"from django.urls import include, path
from rest_framework.routers import SimpleRouter
from blog.views import PositionViewSet, ItemViewSet

router = SimpleRouter()
router.register("positions", PositionViewSet)
router.register("items", ItemViewSet)

urlpatterns = [path("api/", include(router.urls))]
"#,
        r#"from rest_framework import viewsets

from blog import models
from .models import Position


class PositionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Position.all.none()


class ItemViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = models.OrderItem.objects.filter(active=True)
"#,
    );
    assert_eq!(
        drf_rows(&map),
        [
            "/api/positions/$ position-list GET",
            "/api/positions/(?P<pk>[^/.]+)/$ position-detail GET",
            "/api/items/$ orderitem-list GET",
            "/api/items/(?P<pk>[^/.]+)/$ orderitem-detail GET",
        ]
    );
}

/// Issue 8: a project's own subclass of DRF's router is read from its
/// source: an overridden `register` that calls `super()` makes DRF's
/// routes; an empty `routes` table makes none, as in DRF.
#[test]
fn project_router_subclasses() {
    let map = routes(
        r#"from django.urls import include, path
from rest_framework.routers import DefaultRouter, SimpleRouter
from blog.views import ProjectViewSet


class OrderedRouter(DefaultRouter):
    def register(self, prefix, viewset, basename=None):
        super().register(prefix, viewset, basename)


class Middle(OrderedRouter):
    pass


class OwnRoutes(SimpleRouter):
    routes = []


router = Middle()
router.register("projects", ProjectViewSet)
own = OwnRoutes()
own.register("own", ProjectViewSet)

urlpatterns = [path("api/", include(router.urls)), path("own/", include(own.urls))]
"#,
        &[
            ("blog/models.py", MODELS),
            (
                "blog/views.py",
                r#"from rest_framework import viewsets

from .models import Project


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Project.objects.all()
"#,
            ),
        ],
    );
    let rows = drf_rows(&map);
    assert!(
        rows.contains(&"/api/projects/$ project-list GET".to_string()),
        "{rows:?}"
    );
    assert!(rows.iter().all(|r| !r.starts_with("/own/")), "{rows:?}");
    assert_no_warnings(&map);
}

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
