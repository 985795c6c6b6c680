//! Objects of project classes and Django's app registry, one construct per
//! test on a tiny project: what the URLconf builds through them must be the
//! routes Django would serve, and what cannot be known an explicit unknown.

mod common;

use routecov::model::RouteMap;

const SETTINGS: &str = r#"ROOT_URLCONF = "proj.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "blog",
]
"#;

/// The route map of a project `proj` with the URLconf `urls`, an app
/// `blog` with a view `page`, plus `extra` files (which may replace those).
fn routes(urls: &str, extra: &[(&str, &str)]) -> RouteMap {
    common::blog_routes(SETTINGS, urls, extra)
}

/// `path name` per route (`-` for no name).
fn rows(map: &RouteMap) -> Vec<String> {
    map.routes
        .iter()
        .map(|r| format!("{} {}", r.path, r.name.as_deref().unwrap_or("-")))
        .collect()
}

fn warnings(map: &RouteMap) -> Vec<String> {
    map.warnings
        .iter()
        .map(|w| format!("{}:{}: {}", w.file, w.line, w.message))
        .collect()
}

#[test]
fn init_methods_and_properties_fill_an_object() {
    let map = routes(
        r#"
from django.urls import path
from blog.views import page

class Base:
    suffix = "/"
    def __init__(self, prefix):
        self.prefix = prefix
        self.items = []

class Registry(Base):
    def __init__(self):
        super().__init__("reg/")
        self.count = 0
    def add(self, slug):
        self.items.append(slug)
        self.count += 1
        return self
    @property
    def urls(self):
        return [path(self.prefix + s + self.suffix, page, name=s) for s in self.items]
    @classmethod
    def make(cls):
        return cls()

registry = Registry()
registry.add("a").add("b")
Registry.add(registry, "c")
other = registry.make()
other.add("z")
setattr(other, "prefix", "other/")
urlpatterns = registry.urls + other.urls
if registry.count == 3 and hasattr(registry, "items") and not hasattr(registry, "nope"):
    urlpatterns.append(path("counted/", page, name="counted"))
if isinstance(other, Base) and issubclass(Registry, Base) and not isinstance(other, str):
    urlpatterns.append(path("typed/", page, name="typed"))
"#,
        &[],
    );
    assert_eq!(
        rows(&map),
        [
            "/reg/a/ a",
            "/reg/b/ b",
            "/reg/c/ c",
            "/other/z/ z",
            "/counted/ counted",
            "/typed/ typed"
        ]
    );
}

#[test]
fn unknown_attributes_of_objects_say_why() {
    let map = routes(
        r#"
from django.urls import path
from blog.views import page

class Thing:
    pass

thing = Thing()
urlpatterns = [path(thing.prefix + "x/", page)]
"#,
        &[],
    );
    let w = warnings(&map).join("\n");
    assert!(
        w.contains("proj/urls.py:9: route `{proj.urls.Thing.prefix}x/` is not fully known"),
        "{w}"
    );
}

#[test]
fn import_error_picks_the_except_branch() {
    let map = routes(
        r#"
import importlib
from django.urls import path, include
from django.utils.module_loading import import_string

urlpatterns = []
for name in ["blog", "proj"]:
    try:
        extra = import_string(name + ".extra.urlpatterns")
    except ImportError:
        urlpatterns.append(path(name + "-none/", include([])))
    else:
        urlpatterns.append(path(name + "/", include(extra)))
try:
    importlib.import_module("blog.missing")
    urlpatterns.append(path("never/", include([])))
except (KeyError, ModuleNotFoundError):
    from blog.views import page
    urlpatterns.append(path("fallback/", page, name="fallback"))
finally:
    urlpatterns.append(path("finally/", page, name="finally"))
"#,
        &[(
            "blog/extra.py",
            "from django.urls import path\nfrom .views import page\nurlpatterns = [path('e/', page, name='e')]\n",
        )],
    );
    assert_eq!(
        rows(&map),
        ["/blog/e/ e", "/fallback/ fallback", "/finally/ finally"]
    );
}

#[test]
fn app_configs_are_chosen_as_django_does() {
    let map = routes(
        r#"
from django.apps import apps
from django.urls import path
from blog.views import page

urlpatterns = [
    path(c.label + "/" + c.verbose_name + "/", page, name=c.name)
    for c in apps.get_app_configs()
]
if apps.is_installed("shop") and not apps.is_installed("nothere"):
    urlpatterns.append(path(apps.get_app_config("store").path_name + "/", page))
"#,
        &[
            (
                "proj/settings.py",
                "ROOT_URLCONF = 'proj.urls'\nINSTALLED_APPS = ['blog', 'shop.apps.ShopConfig', 'news']\n",
            ),
            (
                "blog/apps.py",
                "from django.apps import AppConfig\nclass BlogConfig(AppConfig):\n    name = 'blog'\n    verbose_name = 'Weblog'\n",
            ),
            ("shop/__init__.py", ""),
            (
                "shop/apps.py",
                "from django.apps import AppConfig\nclass ShopConfig(AppConfig):\n    name = 'shop'\n    label = 'store'\n    path_name = 'the-store'\nclass Other(AppConfig):\n    name = 'shop'\n",
            ),
            ("news/__init__.py", ""),
            (
                "news/apps.py",
                "from django.apps import AppConfig\nfrom blog.apps import BlogConfig\nclass NewsConfig(AppConfig):\n    name = 'news'\n",
            ),
        ],
    );
    // news/apps.py has two config classes, none marked default: Django's own.
    assert_eq!(
        rows(&map),
        [
            "/blog/Weblog/ blog",
            "/store/Store/ shop",
            "/news/News/ news",
            "/the-store/ -"
        ]
    );
}

#[test]
fn ready_runs_before_the_root_urlconf_is_read() {
    let map = routes(
        "from django.urls import path\nfrom blog.views import page\nurlpatterns = [path('', page, name='home')] + EXTRA\n",
        &[
            (
                "proj/urls.py",
                "from django.urls import path\nfrom blog.views import page\nfrom blog.registry import extra\nurlpatterns = [path('', page, name='home')] + extra\n",
            ),
            ("blog/registry.py", "extra = []\n"),
            (
                "blog/base.py",
                r#"from django.apps import AppConfig
from django.urls import path

class Base(AppConfig):
    def ready(self):
        from .registry import extra
        from .views import page
        extra.append(path(self.label + "/", page, name=self.name))
"#,
            ),
            (
                "blog/apps.py",
                r#"from . import base

# The only AppConfig subclass among the module's names: the default.
class BlogConfig(base.Base):
    name = "blog"
    def ready(self):
        super().ready()
        undefined_function()
"#,
            ),
        ],
    );
    assert_eq!(rows(&map), ["/ home", "/blog/ blog"]);
}

#[test]
fn objects_that_hold_or_make_themselves_stay_bounded() {
    let map = routes(
        r#"
from django.urls import path
from blog.views import page

class Node:
    def __init__(self):
        self.me = self
        self.child = Node()
    @property
    def loop(self):
        return self.loop
    def again(self):
        return self.again()

n = Node()
n.loop
n.again()
urlpatterns = [path("ok/", page, name="ok")]
if isinstance(n.me.me, Node):
    urlpatterns.append(path("self/", page, name="self"))
"#,
        &[],
    );
    assert_eq!(rows(&map), ["/ok/ ok", "/self/ self"]);
}

#[test]
fn methods_of_objects_used_as_decorators_record_what_they_decorate() {
    let map = routes(
        r#"
from django.urls import path

class Registry:
    def __init__(self):
        self.items = []
        self.slug = None
    def add(self, view):
        self.items.append((view.__name__, view))
        return view
    def named(self, slug):
        self.slug = slug
        return self.take
    def take(self, view):
        self.items.append((self.slug, view))
        return view

registry = Registry()

@registry.add
def first(request):
    pass

@registry.named("second-page")
def second(request):
    pass

urlpatterns = [path(slug + "/", view, name=slug) for slug, view in registry.items]
"#,
        &[],
    );
    assert_eq!(rows(&map), ["/first/ first", "/second-page/ second-page"]);
}

#[test]
fn a_ready_that_cannot_be_run_is_a_warning_naming_its_class() {
    let map = routes(
        "from django.urls import path\nfrom blog.views import page\nurlpatterns = [path('', page, name='home')]\n",
        &[(
            "blog/apps.py",
            "from django.apps import AppConfig\nfrom somewhere import traced\n\nclass BlogConfig(AppConfig):\n    name = 'blog'\n    @traced\n    def ready(self):\n        pass\n",
        )],
    );
    assert_eq!(rows(&map), ["/ home"]);
    let w = warnings(&map).join("\n");
    assert!(
        w.contains("blog/apps.py:4: `BlogConfig.ready()` could not be evaluated (call of a decorated function)"),
        "{w}"
    );
}
