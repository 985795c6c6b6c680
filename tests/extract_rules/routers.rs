//! DRF routers.

use super::*;

// ---------------------------------------------------------------------------
// DRF routers
// ---------------------------------------------------------------------------

pub(crate) const MODELS: &str = r#"from django.db import models


class Project(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField()


class Tag(models.Model):
    label = models.SlugField()
"#;

/// A project whose `blog/views.py` is `views` and whose root URLconf is `urls`.
pub(crate) fn drf_project(urls: &str, views: &str) -> RouteMap {
    let map = routes(
        urls,
        &[("blog/models.py", MODELS), ("blog/views.py", views)],
    );
    assert_no_warnings(&map);
    map
}

/// One line per route: `path name METHODS`.

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
