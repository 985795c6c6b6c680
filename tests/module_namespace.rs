//! A module's namespace as a mapping (`globals()`, `vars(module)`,
//! `module.__dict__`, `setattr(sys.modules[__name__], ...)`) and the
//! handlers code gives for what it reads when it runs (an unset environment
//! variable, a missing file, a missing key, its own exceptions), one
//! construct per test on a tiny project: the URLconf builds its paths from
//! the names these bind, and each path must be the one Python computes.

mod common;

use routecov::model::RouteMap;

const SETTINGS: &str = "ROOT_URLCONF = \"proj.urls\"\nINSTALLED_APPS = [\"blog\"]\n";

/// The route map of a project `proj` whose URLconf is `urls`, with a view
/// `blog.views.page`, plus `extra` files.
fn routes(urls: &str, extra: &[(&str, &str)]) -> RouteMap {
    common::blog_routes(SETTINGS, urls, extra)
}

fn paths(map: &RouteMap) -> Vec<String> {
    map.routes.iter().map(|r| r.path.clone()).collect()
}

fn warnings(map: &RouteMap) -> Vec<String> {
    map.warnings
        .iter()
        .map(|w| format!("{}:{}: {}", w.file, w.line, w.message))
        .collect()
}

const HEAD: &str = "from django.urls import path\nfrom blog.views import page\n";

#[test]
fn writes_through_globals_bind_module_names() {
    let map = routes(
        &format!(
            r#"{HEAD}
globals()["A"] = "a"
globals().update({{"B": "b"}}, C="c")
globals().setdefault("A", "never")
globals().setdefault("D", "d")

def fill(table):
    table["E"] = "e"

fill(globals())

class Registry:
    def __init__(self, table):
        self.table = table

    def write(self):
        self.table.update(F="f")
        globals()["G"] = self.table["F"] + "g"

Registry(globals()).write()
urlpatterns = [path(A + B + C + D + E + F + G + "/", page)]
if "A" in globals() and "Z" not in globals():
    urlpatterns.append(path(globals()["A"] + globals().get("Z", "z") + "/", page))
"#
        ),
        &[],
    );
    assert_eq!(paths(&map), ["/abcdeffg/", "/az/"], "{:?}", warnings(&map));
    assert!(map.warnings.is_empty(), "{:?}", warnings(&map));
}

#[test]
fn a_module_is_written_through_sys_modules_vars_and_dict() {
    let map = routes(
        &format!(
            r#"{HEAD}import sys
from proj import names

setattr(sys.modules[__name__], "PREFIX", "p")
vars(names)["SUFFIX"] = "s"
urlpatterns = [
    path(PREFIX + names.SUFFIX + names.__dict__["MIDDLE"] + "/", page),
]
"#
        ),
        &[("proj/names.py", "MIDDLE = 'm'\n")],
    );
    assert_eq!(paths(&map), ["/psm/"], "{:?}", warnings(&map));
    assert!(map.warnings.is_empty(), "{:?}", warnings(&map));
}

#[test]
fn a_missing_name_key_or_variable_runs_the_codes_handler() {
    let map = routes(
        &format!(
            r#"{HEAD}import os

try:
    A = globals()["UNBOUND"]
except KeyError:
    A = "a"
try:
    B = {{"x": 1}}["y"]
except LookupError:
    B = "b"
try:
    C = os.environ["PROJ_PREFIX"]
except KeyError:
    C = "c"
urlpatterns = [path(A + B + C + "/", page)]
"#
        ),
        &[],
    );
    assert_eq!(paths(&map), ["/abc/"], "{:?}", warnings(&map));
    assert!(map.warnings.is_empty(), "{:?}", warnings(&map));
}

#[test]
fn without_a_handler_a_missing_name_or_variable_stays_unknown() {
    let map = routes(
        &format!(
            r#"{HEAD}import os

urlpatterns = [
    path(globals()["UNBOUND"] + "/a/", page),
    path(os.environ["PROJ_PREFIX"] + "/b/", page),
]
"#
        ),
        &[],
    );
    // Never the text of the code, and never a guess: the unknown part is
    // left out and said.
    for r in &map.routes {
        assert!(
            !r.path.contains("UNBOUND") && !r.path.contains("environ"),
            "{}",
            r.path
        );
    }
    assert!(!map.warnings.is_empty());
}

#[test]
fn a_raise_the_code_catches_goes_to_its_handler() {
    let map = routes(
        &format!(
            r#"{HEAD}
class NotFound(Exception):
    pass

def lookup(table, key):
    try:
        return table[key]
    except KeyError:
        raise NotFound

def value(key):
    try:
        return lookup({{"a": "a"}}, key)
    except NotFound:
        return "default"

urlpatterns = [path(value("a") + "/" + value("b") + "/", page)]
"#
        ),
        &[],
    );
    assert_eq!(paths(&map), ["/a/default/"], "{:?}", warnings(&map));
}

#[test]
fn a_file_read_when_the_code_runs_is_absent_where_the_code_handles_that() {
    let map = routes(
        &format!(
            r#"{HEAD}
def config():
    try:
        with open("/etc/proj/config.json") as f:
            return f.read()
    except IOError:
        return {{}}

PREFIX = config().get("prefix", "default")
urlpatterns = [path(PREFIX + "/", page)]
"#
        ),
        &[],
    );
    assert_eq!(paths(&map), ["/default/"]);
    let w = warnings(&map);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with("proj/urls.py:6: `open(\"/etc/proj/config.json\")` reads a file when the code runs; it is taken as absent"),
        "{w:?}"
    );
}

/// `except OSError as e` binds the exception the handler caught: a missing
/// file's `errno` is `errno.ENOENT`, so the handler's own test picks the
/// branch Python takes (the other one re-raises), even in a function
/// whose returns disagree.
#[test]
fn a_caught_missing_file_has_its_errno() {
    let map = routes(
        &format!(
            r#"{HEAD}
import errno

def config():
    try:
        with open("/etc/proj/config.json") as f:
            return {{"prefix": f.read()}}
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            return {{}}
        else:
            raise

PREFIX = config().get("prefix", "default")
urlpatterns = [path(PREFIX + "/", page)]
"#
        ),
        &[],
    );
    assert_eq!(paths(&map), ["/default/"]);
    assert_eq!(warnings(&map).len(), 1, "{:?}", warnings(&map));
}
