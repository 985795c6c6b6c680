//! `path`, `re_path`, `url`, `include()` and namespaces.

use super::*;

// ---------------------------------------------------------------------------
// path, re_path, url
// ---------------------------------------------------------------------------

pub(crate) const BLOG_VIEWS: &str = r#"from django.http import HttpResponse
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

pub(crate) const ROOT_INCLUDING_BLOG: &str = r#"from django.urls import include, path

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
