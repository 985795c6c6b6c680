//! Bad input.

use super::*;

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
