//! `urlpatterns` built by code; route strings built from expressions.

use super::*;

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
