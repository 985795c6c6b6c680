//! Constructs of real projects' modules (seen in the real-world suite)
//! that gave a warning that was not needed, or one that did not say
//! what the loss depends on: each warning routecov prints must be true
//! and useful.

mod common;

use routecov::model::RouteMap;

const SETTINGS: &str = r#"import sys
ROOT_URLCONF = "proj.urls"
INSTALLED_APPS = ["blog"]
DEBUG = "runserver" in sys.argv
"#;

fn routes(urls: &str) -> RouteMap {
    common::blog_routes(SETTINGS, urls, &[])
}

fn paths(map: &RouteMap) -> Vec<String> {
    map.routes.iter().map(|r| r.path.clone()).collect()
}

/// celery binds `globals()['kcah_acitats'[::-1].upper()]`: a slice with a
/// step is evaluated as Python does, so the name is known.
#[test]
fn slices_with_steps_are_evaluated() {
    let map = routes(
        r#"
from django.urls import path
from blog.views import page

globals()['kcah_acitats'[::-1].upper()] = "stat/"
parts = ["a", "b", "c", "d"]
urlpatterns = [
    path(STATICA_HACK, page),
    path("".join(parts[::2]) + "/", page),
    path("".join(parts[-2:]) + "/", page),
    path("".join(parts[3:0:-2]) + "/", page),
    path("abcdef"[1:-1:2] + "/", page),
]
"#,
    );
    assert_eq!(paths(&map), ["/stat/", "/ac/", "/cd/", "/db/", "/bd/"]);
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
}

#[test]
fn a_slice_of_an_unknown_value_stays_unknown() {
    let map = routes(
        r#"
import os
from django.urls import path
from blog.views import page

urlpatterns = [path(os.environ["PREFIX"][1:] + "x/", page)]
"#,
    );
    assert!(
        map.routes.iter().all(|r| !r.path.contains("PREFIX")),
        "{:?}",
        paths(&map)
    );
    assert!(!map.warnings.is_empty());
}

/// A `static()` whose prefix is not known, under a DEBUG that is not known
/// either: the warning names the prefix and says the route exists only
/// under DEBUG.
#[test]
fn an_unknown_static_prefix_names_itself_and_debug() {
    let map = routes(
        r#"
from django.conf import settings
from django.conf.urls.static import static
from django.urls import path
from blog.views import page
from elsewhere import media_url

urlpatterns = [path("p/", page)]
if settings.DEBUG:
    urlpatterns += static(media_url(), document_root="/srv")
"#,
    );
    let messages: Vec<&str> = map.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("static() prefix `media_url()`")
                && m.contains("only when settings.DEBUG is true")),
        "{messages:?}"
    );
}

/// pretalx: `with suppress(ImportError): import debug_toolbar` and its
/// include, where the site-packages do not hold it: Python skips the rest
/// of the block, so there is no external include to warn about; the code
/// after the block runs.
#[test]
fn an_import_suppressed_by_contextlib_skips_the_rest_of_its_block() {
    let urls = r#"
from contextlib import suppress
from django.urls import include, path
from blog.views import page

urlpatterns = [path("p/", page)]
with suppress(ImportError):
    import debug_toolbar
    urlpatterns += [path("__debug__/", include(debug_toolbar.urls))]
urlpatterns += [path("after/", page)]
"#;
    let dir = common::blog_project(SETTINGS, urls, &[]);
    let site = tempfile::tempdir().expect("temp dir");
    common::write(site.path(), "somepkg/__init__.py", "");
    let opts = routecov::extract::RouteOptions {
        project: dir.path().to_path_buf(),
        site_packages: vec![site.path().to_path_buf()],
        ..Default::default()
    };
    let map = routecov::extract::route_map(&opts).expect("project has a URLconf");
    assert_eq!(paths(&map), ["/p/", "/after/"]);
    assert!(
        map.external_includes.is_empty(),
        "{:?}",
        map.external_includes
    );
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
}

/// pretalx pads a list with `itertools.repeat(None, n)`.
#[test]
fn itertools_repeat_with_a_count_is_a_list() {
    let map = routes(
        r#"
from itertools import repeat
from django.urls import path
from blog.views import page

urlpatterns = [path(f"r{i}/", page) for i, _ in enumerate(repeat(None, 2))]
urlpatterns += [path("n/", page) for _ in repeat("x", -1)]
"#,
    );
    assert_eq!(paths(&map), ["/r0/", "/r1/"]);
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
}
