//! Code that discovers what to route: generators, `dir()` over modules,
//! classes and objects, `collections.defaultdict`, `sorted`/`min`/`max`
//! with `key=`, `issubclass` over module members under `try`/`except
//! TypeError`, querysets' `.model`, and trees of project objects built by
//! recursive methods. One construct per test on a tiny project; what cannot
//! be known stays an explicit unknown.

mod common;

use routecov::model::RouteMap;

const SETTINGS: &str = r#"ROOT_URLCONF = "proj.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "blog",
]
"#;

fn routes(urls: &str, extra: &[(&str, &str)]) -> RouteMap {
    common::blog_routes(SETTINGS, urls, extra)
}

fn paths(map: &RouteMap) -> Vec<String> {
    map.routes.iter().map(|r| r.path.clone()).collect()
}

#[test]
fn generators_give_what_they_yield_in_order() {
    let map = routes(
        r#"
from django.urls import path
from blog.views import page

def slugs(prefix):
    for s in ["a", "b"]:
        yield prefix + s
    yield from ["c", "d"]
    return "ignored"

def none():
    return
    yield "never"

urlpatterns = [path(s + "/", page) for s in slugs("x")]
urlpatterns += [path(f"n{len(list(none()))}/", page)]
"#,
        &[],
    );
    assert_eq!(paths(&map), ["/xa/", "/xb/", "/c/", "/d/", "/n0/"]);
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
}

#[test]
fn a_yield_under_an_unknown_condition_makes_the_generator_unknown() {
    let map = routes(
        r#"
import os
from django.urls import path
from blog.views import page

def slugs():
    yield "a"
    if os.environ["FLAG"]:
        yield "b"

urlpatterns = [path(s + "/", page) for s in slugs()]
"#,
        &[],
    );
    assert!(paths(&map).is_empty(), "{:?}", paths(&map));
    assert!(
        map.warnings
            .iter()
            .any(|w| w.message.contains("slugs()") && w.line == 11),
        "{:?}",
        map.warnings
    );
}

#[test]
fn dir_lists_bound_names_sorted_and_issubclass_skips_non_classes() {
    let map = routes(
        r#"
from django.urls import path
from blog import kinds
from blog.views import page

found = []
for name in dir(kinds):
    obj = getattr(kinds, name)
    try:
        if obj is not kinds.Base and issubclass(obj, kinds.Base):
            found.append(obj.slug)
    except TypeError:
        continue

urlpatterns = [path(s + "/", page) for s in found]
urlpatterns += [path("-".join(dir(kinds.Two)) + "/", page)]
"#,
        &[(
            "blog/kinds.py",
            r#"
from collections import OrderedDict

LIMIT = 3
TABLE = OrderedDict()

def helper():
    return LIMIT

class Base:
    slug = "base"

class Two(Base):
    slug = "two"
    def go(self):
        pass

class One(Base):
    slug = "one"

class Other:
    slug = "other"
"#,
        )],
    );
    assert_eq!(paths(&map), ["/one/", "/two/", "/go-slug/"]);
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
}

#[test]
fn defaultdict_calls_its_factory_for_a_missing_key() {
    let map = routes(
        r#"
from collections import defaultdict
from django.urls import path
from blog.views import page

groups = defaultdict(list)
for slug in ["a/x", "b/y", "a/z"]:
    head, tail = slug.split("/")
    groups[head].append(tail)
counts = defaultdict(lambda: "none")
urlpatterns = [path(k + "/" + "-".join(v) + "/", page) for k, v in groups.items()]
urlpatterns += [path(counts["missing"] + "/", page)]
urlpatterns += [path(f"{len(counts)}-{groups.get('c', 'absent')}/", page)]
"#,
        &[],
    );
    assert_eq!(paths(&map), ["/a/x-z/", "/b/y/", "/none/", "/1-absent/"]);
}

#[test]
fn sorted_min_and_max_call_their_key() {
    let map = routes(
        r#"
from django.urls import path
from blog.views import page

class Item:
    def __init__(self, slug, depth):
        self.slug = slug
        self.depth = depth
    def nest(self):
        return self.depth

def depth_of(item):
    return item.depth

items = [Item("c", 2), Item("a", 1), Item("b", 2), Item("d", 1)]
ordered = sorted(items, key=lambda i: i.nest())
backwards = sorted(items, key=depth_of, reverse=True)
urlpatterns = [path("-".join([i.slug for i in ordered]) + "/", page)]
urlpatterns += [path("-".join([i.slug for i in backwards]) + "/", page)]
urlpatterns += [path(max(items, key=depth_of).slug + min(items, key=depth_of).slug + "/", page)]
urlpatterns += [path(f"{max(3, 7, 5)}-{min([], default=0)}/", page)]
"#,
        &[],
    );
    assert_eq!(paths(&map), ["/a-d-c-b/", "/c-b-a-d/", "/ca/", "/7-0/"]);
}

#[test]
fn sorting_values_that_do_not_compare_is_unknown() {
    let map = routes(
        r#"
from django.urls import path
from blog.views import page

mixed = sorted(["a", 1], key=lambda v: v)
urlpatterns = [path(f"{s}/", page) for s in mixed]
"#,
        &[],
    );
    assert!(paths(&map).is_empty());
    assert!(
        map.warnings.iter().any(|w| w.line == 6),
        "{:?}",
        map.warnings
    );
}

#[test]
fn a_querysets_model_is_the_model_class() {
    let map = routes(
        r#"
from django.urls import path
from blog.models import Post
from blog.views import page

class PostList:
    queryset = Post.objects.filter(public=True).order_by("-id")

model = PostList.queryset.model
urlpatterns = [path(model.__name__.lower() + "/", page)]
if model is Post and Post.objects.all().model is Post:
    urlpatterns.append(path("same/", page))
"#,
        &[(
            "blog/models.py",
            "from django.db import models\n\nclass Post(models.Model):\n    title = models.CharField(max_length=10)\n",
        )],
    );
    assert_eq!(paths(&map), ["/post/", "/same/"]);
}

/// Django's own models have managers without their source: the queryset's
/// model is the known model, which derives from no project class and is
/// one dict key however often it is reached.
#[test]
fn querysets_of_djangos_own_models_know_their_model() {
    let map = routes(
        r#"
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import path
from blog.models import Post
from blog.views import page

User = get_user_model()
by_model = {}
for qs in [User.objects.all(), Post.objects.all(), User.objects.none()]:
    by_model.setdefault(qs.model, []).append(qs)
urlpatterns = []
for model, querysets in by_model.items():
    if not issubclass(model, Post):
        name = model._meta.app_label + "." + model._meta.model_name
        urlpatterns.append(path(f"{name}/{len(querysets)}/", page))
group = Group.objects.filter(name="x").model
if not issubclass(group, Post):
    urlpatterns.append(path(group._meta.app_label + "." + group._meta.model_name + "/", page))
"#,
        &[(
            "blog/models.py",
            "from django.db import models\n\nclass Post(models.Model):\n    title = models.CharField(max_length=10)\n",
        )],
    );
    assert_eq!(paths(&map), ["/auth.user/2/", "/auth.group/"]);
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
}

/// A project manager and queryset class: `self.model` is the model the
/// manager is set on (also through an abstract base), its own methods run,
/// and Django's chained methods return a queryset of that model.
#[test]
fn custom_managers_and_querysets_are_of_their_model() {
    let map = routes(
        r#"
from django.urls import path
from blog.models import Post, Page
from blog.views import page

urlpatterns = [
    path(Post.objects.published().model.__name__.lower() + "/", page),
    path(Page.objects.published().model.__name__.lower() + "/", page),
    path(Post.drafts.recent().exclude(a=1).model.__name__.lower() + "/", page),
]
"#,
        &[(
            "blog/models.py",
            r#"from django.db import models

class PostQuerySet(models.QuerySet):
    def recent(self):
        return self.order_by("-id")

class PostManager(models.Manager):
    def get_queryset(self):
        return PostQuerySet(self.model, using=self._db)

    def published(self):
        return self.get_queryset().recent().filter(public=True)

class Base(models.Model):
    objects = PostManager()
    drafts = PostQuerySet.as_manager()

    class Meta:
        abstract = True

class Post(Base):
    title = models.CharField(max_length=10)

class Page(Base):
    title = models.CharField(max_length=10)
"#,
        )],
    );
    assert_eq!(paths(&map), ["/post/", "/page/", "/post/"]);
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
}

#[test]
fn trees_of_objects_are_built_by_recursive_methods() {
    let map = routes(
        r#"
from django.urls import path
from blog.views import page

class Node:
    def __init__(self, slug=None, parent=None):
        self.slug = slug
        self.parent = parent
        self.children = []

    def add(self, node):
        if node.parent is None or node.parent == self.slug:
            self.children.append(node)
        else:
            for child in self.children:
                child.add(node)

    def urls(self, prefix=""):
        out = []
        if self.slug:
            prefix = prefix + self.slug + "/"
            out.append(path(prefix, page))
        for child in self.children:
            out = out + child.urls(prefix)
        return out

root = Node()
for slug, parent in [("a", None), ("b", "a"), ("c", "b"), ("d", None)]:
    root.add(Node(slug, parent))
urlpatterns = root.urls()
"#,
        &[],
    );
    assert_eq!(paths(&map), ["/a/", "/a/b/", "/a/b/c/", "/d/"]);
}
