//! DRF routers of every kind routecov reads, one rule per test on a tiny
//! project: project subclasses read from their source (their `routes`
//! table, `__init__`, `get_routes`, `get_lookup_regex`, class attributes),
//! drf-extensions' and drf-nested-routers' routers known without their
//! source, and the warnings that name what cannot be read. The same
//! constructs run against Django in tests/differential_routes.rs
//! (fixtures/routers).

mod common;

use routecov::extract::{route_map, RouteOptions};
use routecov::model::RouteMap;

const VIEWS: &str = r#"from rest_framework import viewsets
from rest_framework.decorators import action


class ItemViewSet(viewsets.ModelViewSet):
    lookup_value_regex = "[0-9]+"

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        pass

    def bulk_update(self, request):
        pass


class NoteViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
"#;

/// The route map of a project whose `app/routers.py` is `routers` and
/// whose root URLconf is `urls`.
fn map(routers: &str, urls: &str) -> RouteMap {
    map_of(&[
        ("proj/urls.py", urls),
        ("app/views.py", VIEWS),
        ("app/routers.py", routers),
    ])
}

/// The route map of a project `proj` with an app `app` and `files`.
fn map_of(files: &[(&str, &str)]) -> RouteMap {
    let mut all = vec![
        ("manage.py", common::MANAGE_PY),
        ("proj/__init__.py", ""),
        (
            "proj/settings.py",
            "ROOT_URLCONF = 'proj.urls'\nAUTH_USER_MODEL = 'app.Member'\n",
        ),
        ("app/__init__.py", ""),
    ];
    all.extend_from_slice(files);
    let dir = common::project(&all);
    route_map(&RouteOptions {
        project: dir.path().to_path_buf(),
        ..Default::default()
    })
    .expect("project has a URLconf")
}

/// One line per route: `path name METHODS`.
use common::method_rows as rows;

/// Fails listing `rows` unless `row` is one of them.
fn assert_has(rows: &[String], row: &str) {
    assert!(rows.iter().any(|r| r == row), "no `{row}` in {rows:#?}");
}

fn warnings(map: &RouteMap) -> Vec<String> {
    map.warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn project_routes_table_replaces_drfs() {
    let m = map(
        r#"from rest_framework.routers import DynamicRoute, Route, SimpleRouter


class PageRouter(SimpleRouter):
    routes = [
        Route(url=r"^{prefix}/$", mapping={"get": "list"}, name="{basename}_list",
              detail=False, initkwargs={}),
        Route(url=r"^{prefix}/add/$", mapping={"get": "create", "post": "create"},
              name="{basename}_add", detail=False, initkwargs={}),
        Route(url=r"^{prefix}/{lookup}/$", mapping={"get": "retrieve", "delete": "missing"},
              name="{basename}", detail=True, initkwargs={}),
        DynamicRoute(url=r"^{prefix}/{lookup}/{url_path}{trailing_slash}$",
                     name="{basename}_{url_name}", detail=True, initkwargs={}),
    ]
"#,
        r#"from app.routers import PageRouter
from app.views import ItemViewSet

router = PageRouter()
router.register("items", ItemViewSet, basename="item")
urlpatterns = router.urls
"#,
    );
    assert_eq!(
        rows(&m),
        [
            "/items/$ item_list GET",
            "/items/add/$ item_add GET,POST",
            "/items/(?P<pk>[0-9]+)/$ item GET",
            "/items/(?P<pk>[0-9]+)/close/$ item_close POST",
        ]
    );
    assert!(m.warnings.is_empty(), "{:?}", warnings(&m));
}

#[test]
fn init_changes_drfs_mappings_and_trailing_slash() {
    let m = map(
        r#"from rest_framework.routers import DefaultRouter


class BulkRouter(DefaultRouter):
    include_format_suffixes = False
    root_view_name = "root"

    def __init__(self, *args, view_name=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.view_name = view_name
        self.trailing_slash = "/?"
        self.routes[0].mapping.update({"put": "bulk_update"})
"#,
        r#"from rest_framework.routers import SimpleRouter
from app.routers import BulkRouter
from app.views import ItemViewSet

router = BulkRouter(view_name="Items")
router.register("items", ItemViewSet, basename="item")
later = SimpleRouter()
later.register("later", ItemViewSet, basename="later")
urlpatterns = router.urls + later.urls
"#,
    );
    let rows = rows(&m);
    assert_eq!(rows[0], "/items/?$ item-list GET,POST,PUT");
    assert_has(&rows, "/ root GET");
    // DRF's own table was changed: a router made afterwards has it too.
    assert_has(&rows, "/later/$ later-list GET,POST,PUT");
    assert!(m.warnings.is_empty(), "{:?}", warnings(&m));
}

#[test]
fn get_routes_and_get_lookup_regex_overrides_are_run() {
    let m = map(
        r#"from rest_framework.routers import Route, SimpleRouter


class NumericRouter(SimpleRouter):
    def get_lookup_regex(self, viewset, lookup_prefix=""):
        field = getattr(viewset, "lookup_field", "pk")
        return f"(?P<{lookup_prefix}{field}>[0-9]+)"

    def get_routes(self, viewset):
        routes = super().get_routes(viewset)
        routes.append(Route(url=r"^{prefix}/{lookup}/history{trailing_slash}$",
                            mapping={"get": "retrieve"}, name="{basename}-history",
                            detail=True, initkwargs={}))
        return routes
"#,
        r#"from app.routers import NumericRouter
from app.views import NoteViewSet

router = NumericRouter(trailing_slash=False)
router.register("notes", NoteViewSet, basename="note")
urlpatterns = router.urls
"#,
    );
    assert_eq!(
        rows(&m),
        [
            "/notes$ note-list GET",
            "/notes/(?P<slug>[0-9]+)$ note-detail GET",
            "/notes/(?P<slug>[0-9]+)/history$ note-history GET",
        ]
    );
    assert!(m.warnings.is_empty(), "{:?}", warnings(&m));
}

#[test]
fn drf_extensions_nested_registrations() {
    let m = map(
        "",
        r#"from rest_framework_extensions.routers import ExtendedSimpleRouter
from app.views import ItemViewSet, NoteViewSet

router = ExtendedSimpleRouter()
(
    router.register(r"items", ItemViewSet, basename="item")
    .register(r"notes", NoteViewSet, basename="items-note", parents_query_lookups=["item"])
    .register(r"more", NoteViewSet, basename="more", parents_query_lookups=["note__item", "note"])
)
urlpatterns = router.urls
"#,
    );
    let rows = rows(&m);
    assert_has(
        &rows,
        "/items/(?P<parent_lookup_item>[0-9]+)/notes/(?P<slug>[^/.]+)/$ items-note-detail GET",
    );
    assert_has(&rows, "/items/(?P<parent_lookup_note__item>[0-9]+)/notes/(?P<parent_lookup_note>[^/.]+)/more/$ more-list GET");
    assert!(m.warnings.is_empty(), "{:?}", warnings(&m));
}

#[test]
fn drf_nested_routers_lookup() {
    let m = map(
        "",
        r#"from django.urls import include, path
from rest_framework_nested import routers
from app.views import ItemViewSet, NoteViewSet

router = routers.SimpleRouter()
router.register(r"items", ItemViewSet, basename="item")
notes = routers.NestedSimpleRouter(router, r"items", lookup="item")
notes.register(r"notes", NoteViewSet, basename="item-notes")
deeper = routers.NestedDefaultRouter(notes, r"notes")
deeper.register(r"tags", NoteViewSet, basename="tags")
urlpatterns = [path("", include(notes.urls)), path("", include(deeper.urls))]
"#,
    );
    let rows = rows(&m);
    assert_eq!(
        rows[0],
        "/items/(?P<item_pk>[0-9]+)/notes/$ item-notes-list GET"
    );
    // Default lookup name: nested_<depth>.
    assert_has(
        &rows,
        "/items/(?P<item_pk>[0-9]+)/notes/(?P<nested_2_slug>[^/.]+)/tags/$ tags-list GET",
    );
    assert!(m.warnings.is_empty(), "{:?}", warnings(&m));
}

#[test]
fn unknown_router_class_is_a_warning_naming_it() {
    let m = map(
        "",
        r#"from fancy.routers import FancyRouter
from app.views import ItemViewSet

router = FancyRouter()
router.register("items", ItemViewSet)
urlpatterns = router.urls
"#,
    );
    assert!(m.routes.is_empty());
    let w = warnings(&m);
    assert!(
        w.iter()
            .any(|w| w.contains("proj/urls.py:4") && w.contains("fancy.routers.FancyRouter")),
        "{w:#?}"
    );
    // A project class deriving from it is said too, with both names.
    let m = map(
        "from fancy.routers import FancyRouter\n\n\nclass Mine(FancyRouter):\n    pass\n",
        r#"from app.routers import Mine
from app.views import ItemViewSet

router = Mine()
router.register("items", ItemViewSet)
urlpatterns = router.urls
"#,
    );
    assert!(m.routes.is_empty());
    let w = warnings(&m);
    assert!(
        w.iter().any(|w| w.contains("proj/urls.py:4")
            && w.contains("app.routers.Mine derives from fancy.routers.FancyRouter")),
        "{w:#?}"
    );
}

#[test]
fn override_that_cannot_be_followed_is_a_warning_naming_it() {
    let m = map(
        r#"from rest_framework.routers import SimpleRouter


class Opaque(SimpleRouter):
    def get_routes(self, viewset):
        return compute_routes(viewset)
"#,
        r#"from app.routers import Opaque
from app.views import ItemViewSet

router = Opaque()
router.register("items", ItemViewSet, basename="item")
urlpatterns = router.urls
"#,
    );
    assert!(m.routes.is_empty(), "{:?}", rows(&m));
    let w = warnings(&m);
    assert!(
        w.iter().any(|w| w.contains("proj/urls.py:5")
            && w.contains("app.routers.Opaque")
            && w.contains("`get_routes`")),
        "{w:#?}"
    );
}

#[test]
fn basename_from_aliased_model_model_keyword_and_user_model() {
    let m = map_of(&[
        (
            "proj/urls.py",
            r#"from rest_framework.routers import SimpleRouter
from app.views import JobViewSet, GroupViewSet, MemberViewSet

router = SimpleRouter()
router.register("jobs", JobViewSet)
router.register("groups", GroupViewSet)
router.register("members", MemberViewSet)
urlpatterns = router.urls
"#,
        ),
        (
            "app/models.py",
            "from django.db import models\n\n\nclass Job(models.Model):\n    pass\n",
        ),
        (
            "app/views.py",
            r#"from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework import viewsets

from .models import Job as JobModel
from .querysets import RestrictedQuerySet


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = JobModel.objects.all()

    @classmethod
    def get_extra_actions(cls):
        return []


class GroupViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = RestrictedQuerySet(model=Group).order_by("name")


class MemberViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = RestrictedQuerySet(model=get_user_model())
"#,
        ),
    ]);
    let names: Vec<_> = m.routes.iter().filter_map(|r| r.name.clone()).collect();
    assert_eq!(
        names,
        [
            "job-list",
            "job-detail",
            "group-list",
            "group-detail",
            "member-list",
            "member-detail"
        ]
    );
    // The viewset's own `get_extra_actions` runs: its answer (no action)
    // is known, so nothing needs saying.
    let w = warnings(&m);
    assert!(w.is_empty(), "{w:#?}");
}

/// DRF names routes after `queryset.model`; a model class method that
/// wraps the queryset (evaluated, it returns its parameter) still leaves the
/// model named in the class attribute's source.
#[test]
fn default_basename_through_a_model_helper_around_the_queryset() {
    let map = map_of(&[
        (
            "app/models.py",
            "from django.db import models\n\n\nclass ConsolePort(models.Model):\n    @classmethod\n    def optimize(cls, queryset):\n        return queryset.select_related('device')\n",
        ),
        (
            "app/views.py",
            "from rest_framework import viewsets\nfrom .models import ConsolePort\n\n\nclass PortViewSet(viewsets.ModelViewSet):\n    queryset = ConsolePort.optimize(ConsolePort.objects.all())\n",
        ),
        (
            "proj/urls.py",
            "from rest_framework.routers import SimpleRouter\nfrom app.views import PortViewSet\n\nrouter = SimpleRouter()\nrouter.register('console-ports', PortViewSet)\nurlpatterns = router.urls\n",
        ),
    ]);
    let rows = rows(&map);
    assert_has(&rows, "/console-ports/$ consoleport-list GET,POST");
    assert_has(
        &rows,
        "/console-ports/(?P<pk>[^/.]+)/$ consoleport-detail GET,PUT,PATCH,DELETE",
    );
}

/// A viewset's own `get_extra_actions` filters the declared actions when
/// its answer is known; when it is not (a call of a library not in the
/// sources), every declared action is routed and a warning says so.
#[test]
fn own_get_extra_actions_filters_or_warns() {
    let m = map_of(&[
        (
            "proj/urls.py",
            r#"from rest_framework.routers import SimpleRouter
from app.views import KeptViewSet, OpaqueViewSet

router = SimpleRouter()
router.register("kept", KeptViewSet, basename="kept")
router.register("opaque", OpaqueViewSet, basename="opaque")
urlpatterns = router.urls
"#,
        ),
        (
            "app/views.py",
            r#"import picker
from rest_framework import viewsets
from rest_framework.decorators import action


class Actions(viewsets.ViewSet):
    def list(self, request):
        pass

    @action(detail=False)
    def export(self, request):
        pass

    @action(detail=False)
    def purge(self, request):
        pass


class KeptViewSet(Actions):
    @classmethod
    def get_extra_actions(cls):
        return [a for a in super().get_extra_actions() if a.__name__ != "purge"]


class OpaqueViewSet(Actions):
    @classmethod
    def get_extra_actions(cls):
        return picker.choose(super().get_extra_actions())
"#,
        ),
    ]);
    let names: Vec<_> = m.routes.iter().filter_map(|r| r.name.clone()).collect();
    assert_eq!(
        names,
        [
            "kept-list",
            "kept-export",
            "opaque-list",
            "opaque-export",
            "opaque-purge"
        ]
    );
    let w = warnings(&m);
    assert!(
        w.len() == 1 && w[0].contains("app.views.OpaqueViewSet.get_extra_actions"),
        "{w:#?}"
    );
}
