//! Plain top-level assignments (`urlpatterns = [path(...), ...]`) are read
//! without the parser. The same URLconfs with a `;` after each such
//! statement (which the plain reader refuses, so the parser reads them) must
//! give the same route map: routes, places, findings and warnings, byte for
//! byte.

mod common;

const SETTINGS: &str = "ROOT_URLCONF = 'proj.urls'\nINSTALLED_APPS = ['blog']\nDEBUG = True\n";

/// `@END@` marks the end of each statement the plain reader takes.
const ROOT: &str = r#"from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView
from blog import views

app_name = "proj"@END@
PREFIX = "x/"@END@
DEPTH = 3@END@
FLAGS = (True, False, None, ())@END@
urlpatterns = [
    # a comment between entries
    path("", views.page, name="home"),
    path("about/", TemplateView.as_view(template_name="about.html"), name="about"),
    re_path(r"^post/(?P<pk>\d+)/(?P<slug>[\w-]+)/$", views.page, name="post"),
    re_path(r'^quote/\'/$', views.page),
    path("old/", RedirectView.as_view(url="/new/", permanent=True)),
    path("blog/", include(("blog.urls", "blog"), namespace="blog")),
    path("by-module/", include("blog.more")),
    path("missing/", views.missing, name="missing"),
    path("unknown/", undefined_view),
    path("method/", views.page.as_view()),
    path(PREFIX, views.page),
    (path("paren/", views.page)),
    path("tuple/", (views.page), name=("t")),
    path("é/", views.page, name="accent"),
    path("", views.page, name="home"),
]@END@
extra = [path("extra/", views.page, name="extra"),
         path("extra/<int:pk>/", views.Detail.as_view(),)  # trailing comma, comment
         ]@END@  # after the statement
urlpatterns += extra
media = static(views.media_prefix(), document_root=settings.MEDIA_ROOT)@END@
urlpatterns += media
urlpatterns += [path("dict/", views.page, {"a": 1})]
"#;

const BLOG_URLS: &str = r#"from django.urls import path
from . import views

app_name = "blog"@END@
urlpatterns = [path("p/<int:pk>/", views.page, name="p"), path("q/", views.Detail.as_view(http_method_names=["get"]), name="q")]@END@
"#;

const BLOG_MORE: &str = "from django.urls import path\nfrom .views import page\nurlpatterns = [\n    path('more/', page, name='more'),\n]@END@\n";

const BLOG_VIEWS: &str = "import os\nfrom django.views.generic import View\n\n\ndef media_prefix():\n    return os.environ['MEDIA']\n\n\ndef page(request):\n    pass\n\n\nclass Detail(View):\n    def post(self, request):\n        pass\n";

fn map_of(end: &str) -> (serde_json::Value, usize) {
    let fill = |t: &str| t.replace("@END@", end);
    let (root, blog, more) = (fill(ROOT), fill(BLOG_URLS), fill(BLOG_MORE));
    let dir = common::project(&[
        ("manage.py", common::MANAGE_PY),
        ("proj/__init__.py", ""),
        ("proj/settings.py", SETTINGS),
        ("proj/urls.py", &root),
        ("blog/__init__.py", ""),
        ("blog/urls.py", &blog),
        ("blog/more.py", &more),
        ("blog/views.py", BLOG_VIEWS),
    ]);
    let plain: usize = [&root, &blog, &more]
        .iter()
        .map(|t| routecov::parsing::parse_bytes("x.py".into(), "x.py".into(), t.as_bytes()))
        .map(|f| f.plain.len())
        .sum();
    let opts = routecov::extract::RouteOptions {
        project: dir.path().to_path_buf(),
        ..Default::default()
    };
    let map = routecov::extract::route_map(&opts).expect("project has a URLconf");
    let mut json = serde_json::to_value(&map).expect("serialisable");
    // The temporary directory differs between the two projects.
    if let Some(d) = json.get_mut("discovery") {
        *d = serde_json::Value::Null;
    }
    (json, plain)
}

#[test]
fn plain_statements_read_as_the_parser_reads_them() {
    let (plain, read_plain) = map_of("");
    let (parsed, read_parsed) = map_of(";");
    assert_eq!(
        read_plain, 10,
        "every marked statement is read without the parser"
    );
    assert_eq!(read_parsed, 0, "`;` leaves every statement to the parser");
    let routes = plain["routes"].as_array().map_or(0, Vec::len);
    assert!(routes >= 18, "the URLconfs' routes: {routes}");
    let warnings = plain["warnings"].as_array().map_or(0, Vec::len);
    assert!(warnings >= 2, "unknown views are warned about: {plain:#}");
    let static_warning = plain["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w["message"].as_str())
        .any(|m| m.contains("static() prefix `views.media_prefix()`"));
    assert!(static_warning, "the argument as written: {plain:#}");
    assert_eq!(
        serde_json::to_string_pretty(&plain).ok(),
        serde_json::to_string_pretty(&parsed).ok(),
        "left: plain reader, right: parser"
    );
}
