//! Views wrapped by closures: project decorators (with and without
//! `functools.wraps`), factories returning functions, `as_view` overridden
//! by mixins, and callable instances, against Django's own resolver on the
//! closures fixture, route for route.

mod common;

use routecov::extract::{route_map, RouteOptions};

const FIXTURE: &str = "fixtures/edge/closures";

use common::Row;

fn our_map(site_packages: bool) -> routecov::model::RouteMap {
    let opts = RouteOptions {
        project: common::repo().join(FIXTURE),
        site_packages: if site_packages {
            vec![common::site_packages()]
        } else {
            vec![]
        },
        ..Default::default()
    };
    route_map(&opts).expect("closures fixture has routes")
}

/// Path, name and view equal Django's, route for route, with Django's
/// source read or not; methods equal wherever Django can tell them.
#[test]
fn routes_equal_djangos_resolver() {
    let truth = common::django_rows(FIXTURE);
    assert!(truth.len() >= 19, "the fixture's full route set");
    for site_packages in [false, true] {
        let map = our_map(site_packages);
        let ours = common::route_rows(&map);
        let theirs: Vec<Row> = truth.iter().map(|(r, _)| r.clone()).collect();
        assert_eq!(
            theirs, ours,
            "left: Django, right: routecov (site-packages: {site_packages})"
        );
        for ((row, methods), route) in truth.iter().zip(&map.routes) {
            if let Some(m) = methods {
                assert_eq!(m, &route.methods, "methods of {}", row.0);
            }
        }
        assert!(
            map.warnings.is_empty(),
            "unexpected warnings: {:?}",
            map.warnings
        );
    }
}

/// Where Django cannot tell a wrapper's methods (the closure hides the
/// class), routecov keeps those of the view the wrapper passes requests to.
#[test]
fn wrappers_keep_the_methods_of_the_view_they_wrap() {
    let map = our_map(false);
    let methods = |name: &str| {
        map.routes
            .iter()
            .find(|r| r.name.as_deref() == Some(name))
            .map(|r| r.methods.clone())
            .unwrap_or_else(|| panic!("route {name}"))
    };
    assert_eq!(methods("dashboard"), vec!["GET"]);
    assert_eq!(methods("close"), vec!["POST"]);
    assert_eq!(methods("ping"), vec!["ANY"]);
}

// ---------------------------------------------------------------------------
// One construct per test, each on a tiny project
// ---------------------------------------------------------------------------

/// The route map of a project whose root URLconf is `urls`, with `app`
/// as `app/views.py`.
fn tiny(urls: &str, views: &str) -> routecov::model::RouteMap {
    let dir = common::project(&[
        ("manage.py", common::MANAGE_PY),
        ("proj/__init__.py", ""),
        ("proj/settings.py", "ROOT_URLCONF = 'proj.urls'\n"),
        ("proj/urls.py", urls),
        ("app/__init__.py", ""),
        ("app/views.py", views),
    ]);
    let opts = RouteOptions {
        project: dir.path().to_path_buf(),
        ..Default::default()
    };
    route_map(&opts).expect("project has a URLconf")
}

/// `path name view` per route.
fn rows(map: &routecov::model::RouteMap) -> Vec<String> {
    map.routes
        .iter()
        .map(|r| format!("{} {} {}", r.path, r.name.as_deref().unwrap_or("-"), r.view))
        .collect()
}

/// A closure called after its factory returned reads the factory's
/// arguments and the names it rebound, two levels deep; what it defines is
/// named `outer.<locals>.inner`.
#[test]
fn closures_read_the_bindings_of_their_enclosing_calls() {
    let views = r#"
from django.http import HttpResponse
from django.urls import path

def index(request):
    return HttpResponse()

def section(prefix):
    prefix = prefix.strip("/")
    def group(name_prefix):
        def entry(name, view):
            return path(f"{prefix}/{name}/", view, name=f"{name_prefix}-{name}")
        return entry
    return group

def page(title):
    def show(request):
        return HttpResponse(title)
    return show
"#;
    let urls = r#"
from app.views import index, page, section
docs = section("/docs/")("doc")
urlpatterns = [docs("intro", index), docs("faq", page("FAQ"))]
"#;
    let map = tiny(urls, views);
    assert_eq!(
        rows(&map),
        vec![
            "/docs/intro/ doc-intro app.views.index",
            "/docs/faq/ doc-faq app.views.page.<locals>.show",
        ]
    );
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
}

/// `functools.wraps` copies what the wrapped object has: all three names
/// from a function (also one defined outside the analysed sources),
/// the class of a class-based view; without it the wrapper is the view.
#[test]
fn wraps_copies_the_names_the_wrapped_object_has() {
    let views = r#"
import functools
from django.contrib.auth.views import logout_then_login
from django.views.generic import TemplateView

def keep(view):
    @functools.wraps(view)
    def kept(request, *args, **kwargs):
        return view(request, *args, **kwargs)
    return kept

def hide(view):
    def hidden(request, *args, **kwargs):
        return view(request, *args, **kwargs)
    return hidden

external = keep(logout_then_login)
page = keep(TemplateView.as_view(template_name="p.html"))
hidden = hide(TemplateView.as_view(template_name="p.html"))
"#;
    let urls = r#"
from django.urls import path
from app import views
urlpatterns = [
    path("a/", views.external, name="a"),
    path("b/", views.page, name="b"),
    path("c/", views.hidden, name="c"),
]
"#;
    let map = tiny(urls, views);
    assert_eq!(
        rows(&map),
        vec![
            "/a/ a django.contrib.auth.views.logout_then_login",
            "/b/ b django.views.generic.base.TemplateView",
            "/c/ c app.views.hide.<locals>.hidden",
        ]
    );
    assert_eq!(map.routes[1].methods, vec!["GET"]);
    assert_eq!(map.routes[2].methods, vec!["GET"], "the wrapped view's");
}

/// A project decorator whose result cannot be known leaves the function
/// as an external decorator does (named by itself); one that recurses
/// without end stops at the call depth bound instead of hanging.
#[test]
fn unknowable_decorators_keep_the_function() {
    let views = r#"
from django.http import HttpResponse
import somewhere

def opaque(view):
    return somewhere.wrap(view, 3)

def endless(view):
    return endless(view)

@opaque
def first(request):
    return HttpResponse()

@endless
def second(request):
    return HttpResponse()
"#;
    let urls = r#"
from django.urls import path
from app import views
urlpatterns = [path("1/", views.first), path("2/", views.second)]
"#;
    let map = tiny(urls, views);
    assert_eq!(
        rows(&map),
        vec!["/1/ - app.views.first", "/2/ - app.views.second"]
    );
}

/// A mixin's `as_view` classmethod runs with `cls` bound; `super()` and
/// `super(Mixin, cls)` continue along the method resolution order to
/// Django's own `as_view`.
#[test]
fn as_view_overrides_run_along_the_mro() {
    let views = r#"
from django.views.generic import View

def tag(label):
    def decorator(view):
        def tagged(request, *args, **kwargs):
            return view(request, *args, **kwargs)
        return tagged
    return decorator

class Base:
    label = "base"

class Tagged(Base):
    @classmethod
    def as_view(cls, **initkwargs):
        view = super(Tagged, cls).as_view(**initkwargs)
        return tag(cls.label)(view)

class Passing:
    @classmethod
    def as_view(cls, **initkwargs):
        return super().as_view(**initkwargs)

class Unknowable:
    @classmethod
    def as_view(cls, **initkwargs):
        return cls.registry[cls.label]

class One(Passing, Tagged, View):
    label = "one"
    def post(self, request):
        pass

class Two(Passing, View):
    def get(self, request):
        pass

class Three(Unknowable, View):
    def get(self, request):
        pass
"#;
    let urls = r#"
from django.urls import path
from app import views
urlpatterns = [
    path("1/", views.One.as_view()),
    path("2/", views.Two.as_view()),
    path("3/", views.Three.as_view()),
]
"#;
    let map = tiny(urls, views);
    assert_eq!(
        rows(&map),
        vec![
            "/1/ - app.views.tag.<locals>.decorator.<locals>.tagged",
            "/2/ - app.views.Two",
            "/3/ - app.views.Three",
        ]
    );
    assert_eq!(map.routes[0].methods, vec!["POST"]);
}

/// Methods in a class body keep project decorators as marks: a ViewSet's
/// extra action under a project decorator is still an action.
#[test]
fn decorated_methods_stay_actions() {
    let views = r#"
import functools
from rest_framework import viewsets
from rest_framework.decorators import action

def audited(func):
    @functools.wraps(func)
    def inner(*args, **kwargs):
        return func(*args, **kwargs)
    return inner

class ReportViewSet(viewsets.ViewSet):
    def list(self, request):
        pass

    @action(detail=False)
    @audited
    def export(self, request):
        pass
"#;
    let urls = r#"
from rest_framework.routers import SimpleRouter
from app.views import ReportViewSet
router = SimpleRouter()
router.register("reports", ReportViewSet, basename="report")
urlpatterns = router.urls
"#;
    let map = tiny(urls, views);
    assert_eq!(
        rows(&map),
        vec![
            "/reports/$ report-list app.views.ReportViewSet",
            "/reports/export/$ report-export app.views.ReportViewSet",
        ]
    );
}

/// A project decorator that fills a registry at import time, read by the
/// URLconf; the decorated functions stay themselves.
#[test]
fn registry_decorators_fill_their_registry() {
    let views = r#"
from django.http import HttpResponse

REGISTRY = []

def register(route):
    def decorator(view):
        REGISTRY.append((route, view))
        return view
    return decorator

@register("first/")
def first(request):
    return HttpResponse()

@register("second/")
def second(request):
    return HttpResponse()
"#;
    let urls = r#"
from django.urls import path
from app.views import REGISTRY
urlpatterns = [path(route, view, name=view.__name__) for route, view in REGISTRY]
"#;
    let map = tiny(urls, views);
    assert_eq!(
        rows(&map),
        vec![
            "/first/ first app.views.first",
            "/second/ second app.views.second"
        ]
    );
}

/// Lambdas are called like functions: their parameters (defaults included)
/// over what they closed over, and the lambdas they make are named as
/// Python names them.
#[test]
fn lambdas_are_called_and_named_as_python_names_them() {
    let views = r#"
from django.http import HttpResponse
from django.urls import path

def index(request):
    return HttpResponse("")

entry = lambda slug, view=index: path(f"{slug}/", view, name=slug)

def versions(prefix, v="v1"):
    join = lambda *parts: "/".join((prefix,) + parts)
    return [path(join(v, ""), lambda request: HttpResponse(v))]

ordered = sorted(["b", "a"], key=lambda s: s)
"#;
    let urls = r#"
from app import views
urlpatterns = [views.entry("a"), views.entry("b", view=lambda request: None)]
urlpatterns += views.versions("api")
"#;
    let map = tiny(urls, views);
    assert_eq!(
        rows(&map),
        vec![
            "/a/ a app.views.index",
            "/b/ b proj.urls.<lambda>",
            "/api/v1/ - app.views.versions.<locals>.<lambda>",
        ]
    );
}

/// Two project mixins that both override `as_view` with a bare `super()`:
/// each runs once, the later one inside the earlier, as Python runs them
/// (what each decorator records shows how often it ran).
#[test]
fn each_as_view_override_runs_once() {
    let views = r#"
from django.views.generic import View

applied = []

def tag(label):
    def decorator(view):
        applied.append(label)
        def tagged(request, *args, **kwargs):
            return view(request, *args, **kwargs)
        return tagged
    return decorator

class Outer:
    @classmethod
    def as_view(cls, **initkwargs):
        return tag("outer")(super().as_view(**initkwargs))

class Inner:
    @classmethod
    def as_view(cls, **initkwargs):
        return tag("inner")(super().as_view(**initkwargs))

class Page(Outer, Inner, View):
    def get(self, request):
        pass

def index(request):
    pass
"#;
    let urls = r#"
from django.urls import path
from app import views
urlpatterns = [path("page/", views.Page.as_view())]
urlpatterns += [path(f"ran/{label}/", views.index) for label in views.applied]
"#;
    let map = tiny(urls, views);
    assert_eq!(
        rows(&map),
        vec![
            "/page/ - app.views.tag.<locals>.decorator.<locals>.tagged",
            "/ran/inner/ - app.views.index",
            "/ran/outer/ - app.views.index",
        ]
    );
}
