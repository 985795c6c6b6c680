//! Classes as Python orders and reads them: `cls.mro()` and `__mro__` in
//! C3 order, `reversed()`, `is` against classes, and the `AttributeError`
//! a read raises when no class of a fully known order defines the name
//! (caught by `except AttributeError`, from `getattr` without a default,
//! `False` from `hasattr`). Where a class of the order may hold attributes
//! its body does not show (a base outside the sources whose attributes are
//! not known, a metaclass), the read stays unknown: never a wrong
//! `AttributeError`.

mod common;

use routecov::model::RouteMap;

const SETTINGS: &str = r#"ROOT_URLCONF = "proj.urls"
INSTALLED_APPS = ["blog"]
"#;

fn routes(urls: &str) -> RouteMap {
    common::blog_routes(SETTINGS, urls, &[])
}

/// `path name` per route (`-` for no name).
fn rows(map: &RouteMap) -> Vec<String> {
    map.routes
        .iter()
        .map(|r| format!("{} {}", r.path, r.name.as_deref().unwrap_or("-")))
        .collect()
}

#[test]
fn mro_is_c3_order_ending_with_object() {
    let map = routes(
        r#"
from django.urls import path
from blog.views import page

class A: pass
class B(A): pass
class C(A): pass
class D(B, C): pass
class E(C, B): pass

def names(cls, order):
    return "-".join([k.__name__ for k in order if k is not object])

urlpatterns = [
    path(names(D, D.mro()) + "/", page, name="mro"),
    path(names(E, E.__mro__) + "/", page, name="dunder"),
    path(names(D, reversed(D.mro())) + "/", page, name="reversed"),
    path(str(len(D.__mro__)) + "/", page, name="length"),
    path("-".join([k.__name__ for k in D.__bases__]) + "/", page, name="bases"),
]
if D.mro()[0] is D and D.__mro__[1] is not C:
    urlpatterns.append(path("identity/", page, name="identity"))
"#,
    );
    assert_eq!(
        rows(&map),
        [
            "/D-B-C-A/ mro",
            "/E-C-B-A/ dunder",
            "/A-C-B-D/ reversed",
            "/5/ length",
            "/B-C/ bases",
            "/identity/ identity",
        ]
    );
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
}

/// The MRO walk of master/detail viewsets: the eldest class naming an
/// endpoint, classes that name none skipped through `AttributeError`.
#[test]
fn attribute_errors_of_known_classes_are_caught() {
    let map = routes(
        r#"
from django.urls import path
from rest_framework import viewsets
from blog.views import page

class Mixin:
    pass

class Master(viewsets.GenericViewSet):
    endpoint_name = "masters"

class Detail(Mixin, Master):
    endpoint_name = "details"
    label = "core"

def eldest_name(cls):
    for eldest in reversed(cls.mro()):
        try:
            if eldest is not cls and eldest.endpoint_name is not None:
                return eldest.endpoint_name
        except AttributeError:
            continue
    return "none"

def label(cls):
    try:
        return getattr(cls, "label")
    except (KeyError, AttributeError):
        return "unlabelled"

urlpatterns = [
    path(eldest_name(Detail) + "/", page, name="eldest"),
    path(eldest_name(Master) + "/", page, name="own"),
    path(label(Detail) + "/", page, name="label"),
    path(label(Master) + "/", page, name="nolabel"),
]
if hasattr(Detail, "label") and not hasattr(Master, "label") and hasattr(Master, "as_view"):
    urlpatterns.append(path("hasattr/", page, name="hasattr"))
"#,
    );
    assert_eq!(
        rows(&map),
        [
            "/masters/ eldest",
            "/none/ own",
            "/core/ label",
            "/unlabelled/ nolabel",
            "/hasattr/ hasattr",
        ]
    );
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
}

/// A base outside the sources whose attributes are not known, and a
/// metaclass, may define the name: no `AttributeError`, the read is unknown.
#[test]
fn reads_that_may_succeed_are_never_attribute_errors() {
    let map = routes(
        r#"
from django.urls import path
from elsewhere import Base
from blog.views import page

class Meta(type):
    pass

class FromElsewhere(Base):
    pass

class WithMeta(metaclass=Meta):
    pass

def label(cls):
    try:
        return cls.label
    except AttributeError:
        return "unlabelled"

urlpatterns = [
    path(label(FromElsewhere) + "/", page, name="elsewhere"),
    path(label(WithMeta) + "/", page, name="meta"),
]
if hasattr(FromElsewhere, "label"):
    urlpatterns.append(path("maybe/", page, name="maybe"))
"#,
    );
    let rows = rows(&map);
    assert!(
        !rows.iter().any(|r| r.contains("unlabelled")),
        "a read that may succeed taken as AttributeError: {rows:?}"
    );
    assert!(!map.warnings.is_empty(), "the unknown reads are warned");
}

/// What the master/detail walk uses around the order: `all()`/`any()`
/// (decided by one false, or true, item whatever unknown items stand
/// beside it), and a call whose argument raised a caught `AttributeError`
/// is never made.
#[test]
fn all_any_and_calls_skipped_while_an_exception_unwinds() {
    let map = routes(
        r#"
import os
from django.urls import path
from blog.views import page

class Plain:
    pass

pieces = ["a", "b/c"]
flag = os.environ["FLAG"]
urlpatterns = [
    path(str(all(pieces)) + "-" + str(any(["", None])) + "/", page, name="known"),
    path(str(all([flag, ""])) + "-" + str(any([flag, "x"])) + "/", page, name="decided"),
]
try:
    urlpatterns.append(path(Plain.missing + "/", page, name="never"))
except AttributeError:
    urlpatterns.append(path("caught/", page, name="caught"))
"#,
    );
    assert_eq!(
        rows(&map),
        [
            "/True-False/ known",
            "/False-True/ decided",
            "/caught/ caught"
        ]
    );
}
