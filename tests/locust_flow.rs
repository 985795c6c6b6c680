//! Values in a locustfile that more than one path assigns, values known
//! only from a response, and URLs named by route (`reverse()`), each on a
//! tiny locustfile: a request's URL is never the value of one path only
//! nor the text `None`, and a condition on an unknown value leaves both
//! branches possible.

mod common;

use routecov::extract::locustfile::{extract_tasks, TaskOptions};
use routecov::extract::{route_map, RouteOptions};
use routecov::model::{LocustModel, Request};
use std::rc::Rc;

const HEAD: &str = "import re\nfrom locust import HttpUser, task, between\n\nTOKEN_RE = re.compile(r'value=\"([^\"]+)\"')\nMUTATIONS = False\n\n";

fn model(body: &str, routes: Option<&[(&str, &str)]>) -> LocustModel {
    let dir = common::project(&[("locustfile.py", &format!("{HEAD}{body}"))]);
    let routes = routes.map(|files| {
        let project = common::project(files);
        let map = route_map(&RouteOptions {
            project: project.path().to_path_buf(),
            ..Default::default()
        })
        .expect("project routes read");
        Rc::new(map)
    });
    extract_tasks(&TaskOptions {
        locustfile: Some(dir.path().join("locustfile.py")),
        base: dir.path().to_path_buf(),
        routes,
        ..Default::default()
    })
    .expect("locustfile reads")
}

/// Every request of the first user, with its on_start first.
fn requests(m: &LocustModel) -> Vec<&Request> {
    let u = &m.users[0];
    let mut out: Vec<&Request> = u.on_start.iter().flat_map(|h| &h.requests).collect();
    out.extend(u.tasks.iter().flat_map(|t| &t.requests));
    out
}

fn urls(m: &LocustModel) -> Vec<String> {
    requests(m)
        .iter()
        .map(|r| format!("{} {}", r.method, r.url))
        .collect()
}

#[test]
fn a_default_replaced_later_is_a_placeholder_not_none() {
    let m = model(
        r#"
class U(HttpUser):
    def first_channel(self):
        data = self.client.get("/channels/").json()
        if data:
            return data[0]["id"]

    @task
    def open_channel(self, channel_id=None):
        if not channel_id:
            channel_id = self.first_channel()
        self.client.get(f"/channels/{channel_id}/")
"#,
        None,
    );
    assert_eq!(
        urls(&m),
        ["GET /channels/", "GET /channels/{channel_id}/"],
        "{:?}",
        m.warnings
    );
}

#[test]
fn a_guard_on_a_value_from_a_response_leaves_the_request_possible() {
    let m = model(
        r#"
def extract(html):
    m = TOKEN_RE.search(html)
    if not m:
        return None
    return m.group(1)

class U(HttpUser):
    def on_start(self):
        login_page = self.client.get("/login/")
        csrf_token = self._extract_csrf_token(login_page.text)
        if not csrf_token:
            return
        self.client.post("/login/", data={"csrfmiddlewaretoken": csrf_token})

    def _extract_csrf_token(self, html):
        match = TOKEN_RE.search(html)
        if match:
            return match.group(1)
        return None

    @task
    def helper_function(self):
        token = extract(self.client.get("/form/").text)
        if not token:
            return
        self.client.post("/form/")
"#,
        None,
    );
    let reqs = requests(&m);
    assert_eq!(reqs.len(), 4);
    for r in reqs {
        assert!(r.active, "{} {} is not active", r.method, r.url);
        assert_eq!(r.conditional_on, None, "{} {}", r.method, r.url);
    }
}

#[test]
fn branches_loops_and_handlers_join_their_values() {
    let m = model(
        r#"
CURRENT = None

class U(HttpUser):
    mode = "list"

    def on_start(self):
        self.mode = self.client.get("/mode/").json()["mode"]

    @task
    def branches(self):
        if self.client.get("/flag/").json():
            same, differs = "a", "b"
        else:
            same, differs = "a", "c"
        self.client.get(f"/x/{same}/{differs}/")

    @task
    def loop(self):
        item = 1
        for row in self.client.get("/rows/").json():
            item = row["id"]
        self.client.get(f"/items/{item}/")

    @task
    def handler(self):
        try:
            job = self.client.get("/jobs/").json()["id"]
        except KeyError:
            job = "none"
        self.client.get(f"/jobs/{job}/")

    @task
    def attribute_set_by_a_method(self):
        self.client.get(f"/view/{self.mode}/")

    @task
    def global_rebound_by_another_method(self):
        self.client.get(f"/current/{CURRENT}/")

    @task
    def pick(self):
        global CURRENT
        CURRENT = self.client.get("/pick/").json()["id"]

    @task
    def switched_off_code_binds_nothing(self):
        url = "/on/"
        if MUTATIONS:
            url = "/off/"
        self.client.get(url)
"#,
        None,
    );
    let got = urls(&m);
    for want in [
        "GET /x/a/{differs}/",
        "GET /items/{item}/",
        "GET /jobs/{job}/",
        "GET /view/{mode}/",
        "GET /current/{CURRENT}/",
        "GET /on/",
    ] {
        assert!(got.iter().any(|u| u == want), "{want} not in {got:?}");
    }
}

const URLS: &str = r#"from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.urls import reverse_lazy
from shop import views

urlpatterns = [
    path("photos/", views.photos, name="photo-list"),
    path("shop/", include("shop.urls")),
    re_path(r"^legacy/(?P<pk>[0-9]+)/$", views.photos, name="legacy"),
    path("old/", RedirectView.as_view(url=reverse_lazy("photo-list")), name="old"),
]
"#;
const SHOP_URLS: &str = r#"from django.urls import path
from . import views

app_name = "shop"
urlpatterns = [
    path("items/<int:pk>/", views.item, name="item"),
    path("items/<slug:slug>/<int:n>/", views.item, name="item-page"),
]
"#;

fn project() -> Vec<(&'static str, &'static str)> {
    vec![
        ("manage.py", common::MANAGE_PY),
        ("proj/__init__.py", ""),
        ("proj/settings.py", "ROOT_URLCONF = 'proj.urls'\n"),
        ("proj/urls.py", URLS),
        ("shop/__init__.py", ""),
        ("shop/urls.py", SHOP_URLS),
        (
            "shop/views.py",
            "def photos(request):\n    pass\n\ndef item(request, **kw):\n    pass\n",
        ),
    ]
}

const REVERSING: &str = r#"
from django.urls import reverse, reverse_lazy

class U(HttpUser):
    @task
    def named(self):
        self.client.get(reverse("photo-list"))
        self.client.get(reverse("shop:item", kwargs={"pk": 3}))
        self.client.get(reverse("shop:item", args=[self.item_id]))
        self.client.get(reverse("shop:item-page", args=["red-shoes", 2]))
        self.client.get(str(reverse_lazy("legacy", args=(7,))))
        self.client.get(reverse("photo-list") + "?page=2")
        self.client.get(reverse("missing"))
"#;

#[test]
fn reverse_resolves_through_the_route_map() {
    let files = project();
    let m = model(REVERSING, Some(&files));
    assert_eq!(
        urls(&m),
        [
            "GET /photos/",
            "GET /shop/items/3/",
            "GET /shop/items/{pk}/",
            "GET /shop/items/red-shoes/2/",
            "GET /legacy/7/",
            "GET /photos/",
            "GET {reverse(\"missing\")}",
        ]
    );
    assert_eq!(requests(&m)[5].query.as_deref(), Some("page=2"));
    assert!(m
        .warnings
        .iter()
        .any(|w| w.message.contains("no route is named `missing`")));
}

/// `reverse(view_callable)`: the routes serving that view outside namespaced
/// includes, the last defined first, as Django's `reverse_dict` has them.
#[test]
fn reverse_of_a_view_callable_resolves_through_the_route_map() {
    let files = project();
    let m = model(
        r#"
from django.urls import reverse
from shop import views

class U(HttpUser):
    @task
    def by_view(self):
        self.client.get(reverse(views.photos))
        self.client.get(reverse(views.photos, args=[7]))
        self.client.get(reverse(views.item, kwargs={"pk": 3}))
"#,
        Some(&files),
    );
    assert_eq!(
        urls(&m),
        [
            "GET /photos/",
            "GET /legacy/7/",
            "GET {reverse(views.item, kwargs={\"pk\": 3})}",
        ]
    );
    assert!(m.warnings.iter().any(|w| w
        .message
        .contains("no route serves the view `shop.views.item`")));
}

#[test]
fn reverse_without_the_project_is_a_placeholder_with_a_warning() {
    let m = model(REVERSING, None);
    let got = urls(&m);
    assert_eq!(got[0], "GET {reverse(\"photo-list\")}");
    assert!(m
        .warnings
        .iter()
        .any(|w| w.message.contains("--project") && w.line > 0));
}

#[test]
fn reverse_lazy_in_a_urlconf_leaves_the_route_alone() {
    let dir = common::project(&project());
    let map = route_map(&RouteOptions {
        project: dir.path().to_path_buf(),
        ..Default::default()
    })
    .expect("project routes read");
    let old = map
        .routes
        .iter()
        .find(|r| r.path == "/old/")
        .expect("the redirect route is listed");
    assert_eq!(old.view, "django.views.generic.base.RedirectView");
    assert_eq!(old.name.as_deref(), Some("old"));
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
}

/// `tasks` resolves `reverse()` once the project is named, and `report`
/// always: the CLI hands the route map to the locustfile's reading.
#[test]
fn the_commands_resolve_reverse_with_the_project() {
    let repo = common::repo();
    let lf = "fixtures/locust/reverse_locustfile.py";
    let alone = common::run_bounded(&["tasks", "--locustfile", lf], &repo);
    alone.assert_code(0);
    assert!(alone.out().contains("{reverse(\"project-list\")}"));
    assert!(alone.err().contains("--project"));
    let project = "fixtures/estimator";
    let with = common::run_bounded(&["tasks", "--project", project, "--locustfile", lf], &repo);
    with.assert_code(0);
    assert!(with.out().contains("GET /api/v1/projects/160.json"));
    assert!(!with.out().contains("{reverse("), "{}", with.out());
    let report = common::run_bounded(
        &[
            "report",
            "--project",
            project,
            "--locustfile",
            lf,
            "--format",
            "json",
        ],
        &repo,
    );
    report.assert_code(0);
    let json: serde_json::Value = serde_json::from_str(&report.out()).expect("report JSON");
    // The format-suffix route is reached only through reverse(..., kwargs=...).
    let declared = json["endpoints"].as_array().into_iter().flatten().any(|e| {
        e["route_name"] == "project-detail"
            && e["path"].as_str().is_some_and(|p| p.contains("format"))
            && e["tasks"]
                .as_array()
                .is_some_and(|t| t.iter().any(|t| t == "NamedRoutesUser.api_projects"))
    });
    assert!(declared, "the format route is not reached by api_projects");
    assert!(!json["unmatched"].to_string().contains("{reverse("));
}

/// `continue`, `raise`, `match` and `while` in a task as Python runs them:
/// a `continue` the constants take switches off the rest of the loop's
/// body, a path that raises gives no result, a `match` on a constant picks
/// its case and one on a response keeps every case under its pattern.
#[test]
fn loops_raises_and_matches_follow_python() {
    let m = model(
        r#"
MODE = "read"

class U(HttpUser):
    def pick(self):
        ids = self.client.get("/ids/").json()
        if not ids:
            raise ValueError("no ids")
        return "first"

    @task
    def loop_with_flag(self):
        for kind in ["a", "b"]:
            if not MUTATIONS:
                continue
            self.client.post(f"/save/{kind}/")
        self.client.get("/after/")

    @task
    def use_pick(self):
        self.client.get(f"/items/{self.pick()}/")

    @task
    def by_mode(self):
        match MODE:
            case "read":
                self.client.get("/read/")
            case "write":
                self.client.post("/write/")

    @task
    def by_response(self):
        match self.client.get("/kind/").json()["kind"]:
            case "x":
                self.client.get("/x/")
            case _:
                self.client.get("/other/")

    @task
    def spin(self):
        while MUTATIONS:
            self.client.delete("/spin/")
"#,
        None,
    );
    let reqs = requests(&m);
    let find = |method: &str, url: &str| {
        *reqs
            .iter()
            .find(|r| r.method == method && r.url == url)
            .unwrap_or_else(|| panic!("{method} {url} not in {:?}", urls(&m)))
    };
    for url in ["/save/a/", "/save/b/"] {
        let r = find("POST", url);
        assert!(!r.active, "{url}");
        assert_eq!(r.conditional_on.as_deref(), Some("MUTATIONS"), "{url}");
    }
    for (method, url) in [
        ("GET", "/after/"),
        ("GET", "/items/first/"),
        ("GET", "/read/"),
    ] {
        let r = find(method, url);
        assert!(
            r.active && r.conditional_on.is_none() && r.condition.is_none(),
            "{url}"
        );
    }
    assert_eq!(
        find("POST", "/write/").conditional_on.as_deref(),
        Some("MODE")
    );
    assert!(find("GET", "/kind/").active);
    assert_eq!(find("GET", "/x/").condition.as_deref(), Some("case \"x\""));
    assert_eq!(find("GET", "/other/").condition.as_deref(), Some("case _"));
    assert_eq!(
        find("DELETE", "/spin/").conditional_on.as_deref(),
        Some("MUTATIONS")
    );
}
