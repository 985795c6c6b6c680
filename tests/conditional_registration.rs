//! A router registration the evaluator cannot decide (`if` on a value
//! known only at run time, in module code or in a function it calls): the
//! routes are listed, as for a `urlpatterns` entry in the same place, with
//! the condition they depend on rather than as certain.

mod common;

const SETTINGS: &str = r#"ROOT_URLCONF = "proj.urls"
INSTALLED_APPS = ["blog"]
"#;

const URLS: &str = r#"
import os
from django.urls import include, path
from rest_framework import routers, viewsets
from blog.views import page


class ThingViewSet(viewsets.ViewSet):
    def list(self, request):
        pass


class OtherViewSet(viewsets.ViewSet):
    def list(self, request):
        pass


class PlainViewSet(viewsets.ViewSet):
    def list(self, request):
        pass


router = routers.SimpleRouter()
router.register("plain", PlainViewSet, "plain")
if os.environ["FLAG"]:
    router.register("things", ThingViewSet, "thing")


def add(r):
    if os.environ["OTHER"]:
        r.register("others", OtherViewSet, "other")


add(router)
urlpatterns = [path("api/", include(router.urls))]
if os.environ["PAGE"]:
    urlpatterns.append(path("page/", page))
"#;

#[test]
fn registrations_under_unknown_conditions_carry_them() {
    let map = common::blog_routes(SETTINGS, URLS, &[]);
    let rows: Vec<(String, Option<String>)> = map
        .routes
        .iter()
        .map(|r| (r.path.clone(), r.condition.clone()))
        .collect();
    let cond = |c: &str| Some(c.to_string());
    assert_eq!(
        rows,
        [
            ("/api/plain/$".to_string(), None),
            ("/api/things/$".to_string(), cond(r#"os.environ["FLAG"]"#)),
            ("/api/others/$".to_string(), cond(r#"os.environ["OTHER"]"#)),
            ("/page/".to_string(), cond(r#"os.environ["PAGE"]"#)),
        ]
    );
}
