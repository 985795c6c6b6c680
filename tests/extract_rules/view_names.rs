//! View names.

use super::*;

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
