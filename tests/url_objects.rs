//! Django's URL objects handled as objects: attributes of the entries
//! `path()`/`re_path()`/`include()` make, read and assigned after the entry
//! was built, and `URLPattern`/`URLResolver`/`RoutePattern`/`RegexPattern`
//! called directly. One construct per test on a tiny project; the whole
//! set runs against Django in `differential_routes` (fixtures/edge/url_objects).

mod common;

use routecov::model::RouteMap;

const SETTINGS: &str = r#"ROOT_URLCONF = "proj.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "blog",
]
"#;

const VIEWS: &str = r#"from django.views import View


def page(request):
    pass


def other(request):
    pass


class Detail(View):
    def get(self, request):
        pass
"#;

const BLOG_URLS: &str = r#"from django.urls import path
from .views import page

urlpatterns = [path("p/", page, name="p")]
"#;

fn routes(urls: &str) -> RouteMap {
    common::blog_routes(
        SETTINGS,
        urls,
        &[("blog/views.py", VIEWS), ("blog/urls.py", BLOG_URLS)],
    )
}

fn rows(map: &RouteMap) -> Vec<(String, Option<String>, String)> {
    map.routes
        .iter()
        .map(|r| (r.path.clone(), r.name.clone(), r.view.clone()))
        .collect()
}

fn row(path: &str, name: Option<&str>, view: &str) -> (String, Option<String>, String) {
    (path.into(), name.map(str::to_string), view.into())
}

#[test]
fn a_callback_assigned_in_a_walk_of_the_list_changes_the_view() {
    let map = routes(
        r#"
from django.urls import include, path
from blog.views import Detail, other, page

def guard(func):
    def wrap(request, *args, **kwargs):
        return func(request, *args, **kwargs)
    for attr in dir(func):
        if not attr.startswith("__"):
            setattr(wrap, attr, getattr(func, attr))
    return wrap

def wrap_all(entries):
    for entry in entries:
        if hasattr(entry, "url_patterns"):
            wrap_all(entry.url_patterns)
        elif hasattr(entry, "callback"):
            entry.callback = guard(entry.callback)
    return entries

inner = [path("a/", page, name="a"), path("d/", Detail.as_view(), name="d")]
patterns = [path("x/", include(inner)), path("o/", other)]
wrap_all(patterns)
urlpatterns = patterns
"#,
    );
    assert_eq!(
        rows(&map),
        [
            row("/x/a/", Some("a"), "proj.urls.guard.<locals>.wrap"),
            // `view_class` copied onto the wrapper names it, as Django's listing does.
            row("/x/d/", Some("d"), "blog.views.Detail"),
            row("/o/", None, "proj.urls.guard.<locals>.wrap"),
        ]
    );
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
}

#[test]
fn name_callback_and_pattern_flags_are_read_and_assigned() {
    let map = routes(
        r#"
from django.urls import path
from blog.views import other, page

p = path("p/", page, name="first")
p.callback = other
p.name = p.name + "-renamed"
p.pattern.flag = False
q = path("q/", page, name="q")
urlpatterns = [p, q]
if getattr(p.pattern, "flag", True) is False and getattr(q.pattern, "flag", True):
    urlpatterns.append(path("flags/", page, name=p.callback.__name__))
"#,
    );
    assert_eq!(
        rows(&map),
        [
            row("/p/", Some("first-renamed"), "blog.views.other"),
            row("/q/", Some("q"), "blog.views.page"),
            row("/flags/", Some("other"), "blog.views.page"),
        ]
    );
}

#[test]
fn url_classes_called_directly_build_entries() {
    let map = routes(
        r#"
from django.urls import URLPattern, include, path
from django.urls.resolvers import RegexPattern, RoutePattern, URLResolver
from blog.views import page

section = URLResolver(RoutePattern("s/"), [URLPattern(RoutePattern("a/"), page, name="a")], app_name="sec", namespace="sec")
urlpatterns = [
    URLPattern(RegexPattern(r"^r/$", name="r", is_endpoint=True), page, {}, "r"),
    section,
    URLResolver(RoutePattern("plain/"), [path("b/", page, name="b")], app_name="only"),
    path(section.namespace + "-again/", include(section.url_patterns)),
]
"#,
    );
    assert_eq!(
        rows(&map),
        [
            row("/r/$", Some("r"), "blog.views.page"),
            row("/s/a/", Some("sec:a"), "blog.views.page"),
            // An app_name without a namespace does not namespace the names.
            row("/plain/b/", Some("b"), "blog.views.page"),
            row("/sec-again/a/", Some("a"), "blog.views.page"),
        ]
    );
}

#[test]
fn a_urlpattern_of_an_unknown_pattern_is_left_out_with_a_warning() {
    let map = routes(
        r#"
from django.urls import URLPattern, path
from blog.views import page
from elsewhere import make_pattern

urlpatterns = [
    URLPattern(make_pattern("a/"), page, {}, "a"),
    path("b/", page, name="b"),
]
"#,
    );
    assert_eq!(rows(&map), [row("/b/", Some("b"), "blog.views.page")]);
    assert!(
        map.warnings.iter().any(|w| w
            .message
            .contains("URLPattern(make_pattern(\"a/\"), page, {}, \"a\")")),
        "{:?}",
        map.warnings
    );
}

#[test]
fn url_patterns_of_a_module_include_are_its_urlpatterns() {
    let map = routes(
        r#"
from django.urls import include, path
from blog.views import other

def retarget(entries):
    for entry in entries:
        for inner in getattr(entry, "url_patterns", []):
            inner.callback = other
    return entries

urlpatterns = retarget([path("blog/", include(("blog.urls", "blog")))])
"#,
    )
    .routes
    .iter()
    .map(|r| (r.path.clone(), r.name.clone(), r.view.clone()))
    .collect::<Vec<_>>();
    assert_eq!(map, [row("/blog/p/", Some("blog:p"), "blog.views.other")]);
}

#[test]
fn a_pattern_assigned_a_value_not_known_never_keeps_the_old_route() {
    let map = routes(
        r#"
from django.urls import path
from django.urls.resolvers import RoutePattern
from blog.views import page
from elsewhere import make_pattern

moved = path("old/", page, name="moved")
moved.pattern = RoutePattern("new/", name="moved")
lost = path("kept/", page, name="lost")
lost.pattern = make_pattern()
urlpatterns = [moved, lost]
"#,
    );
    let paths: Vec<&str> = map.routes.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths[0], "/new/");
    assert!(!paths.contains(&"/kept/"), "{paths:?}");
    assert!(
        map.warnings
            .iter()
            .any(|w| w.message.contains("make_pattern()")),
        "{:?}",
        map.warnings
    );
}
