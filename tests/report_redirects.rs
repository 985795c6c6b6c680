//! Requests that reach a route only through Django's `APPEND_SLASH` or
//! locale redirect: the report on the real `noslash` run (fixtures/runs/),
//! and the redirects routecov predicts against those Django's own middleware
//! answers (tests/python/django_redirects.py) on a project with
//! `i18n_patterns` and `LocaleMiddleware`.

mod common;

use assert_cmd::Command;
use std::collections::BTreeMap;

fn report(args: &[&str]) -> serde_json::Value {
    let out = Command::cargo_bin("routecov")
        .expect("binary")
        .current_dir(common::repo())
        .args(["report", "-q"])
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "report prints JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// `METHOD name` -> request count, from the run's stats file.
fn stats_counts(run: &str) -> BTreeMap<String, u64> {
    let text =
        std::fs::read_to_string(common::repo().join(format!("fixtures/runs/{run}_stats.csv")))
            .expect("stats file");
    let mut out = BTreeMap::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if let [method, name, count, ..] = cells.as_slice() {
            out.insert(format!("{method} {name}"), count.parse().unwrap_or(0));
        }
    }
    out
}

fn endpoint<'a>(report: &'a serde_json::Value, label: &str) -> &'a serde_json::Value {
    report["endpoints"]
        .as_array()
        .expect("endpoints")
        .iter()
        .find(|e| {
            format!(
                "{} {}",
                e["method"].as_str().unwrap_or(""),
                e["path"].as_str().unwrap_or("")
            ) == label
        })
        .unwrap_or_else(|| panic!("no endpoint {label}"))
}

fn findings<'a>(report: &'a serde_json::Value, kind: &str) -> Vec<&'a serde_json::Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["kind"] == kind)
        .collect()
}

#[test]
fn paths_without_their_slash_exercise_their_endpoints_through_the_redirect() {
    let r = report(&[
        "--project",
        "fixtures/estimator",
        "--locustfile",
        "fixtures/locust/noslash_locustfile.py",
        "--stats",
        "fixtures/runs/noslash",
    ]);
    let counts = stats_counts("noslash");
    assert_eq!(
        r["redirects"],
        serde_json::Value::Null,
        "settings are in the route map, not the report"
    );
    let redirected = findings(&r, "redirected");
    for (sent, reached) in [
        ("GET /health", "GET /health/"),
        ("GET /health/ready", "GET /health/ready/"),
        ("GET /ping", "ANY /ping/"),
    ] {
        let requests = counts[sent];
        assert!(requests > 0, "{sent} is in the run");
        let e = endpoint(&r, reached);
        assert_eq!(e["status"], "exercised", "{reached}");
        assert_eq!(e["stats"]["requests"], requests, "{reached}");
        let via = e["via_redirect"][0].as_str().unwrap_or_default();
        assert!(
            via.starts_with(&format!("via APPEND_SLASH redirect from {sent} (")),
            "{via}"
        );
        assert!(e["note"]
            .as_str()
            .unwrap_or_default()
            .contains("via APPEND_SLASH redirect"));
        let f = redirected
            .iter()
            .find(|f| f["endpoints"][0] == reached)
            .unwrap_or_else(|| panic!("no redirected finding for {reached}"));
        assert_eq!(f["numbers"]["extra_round_trips"], requests);
        assert!(f["message"].as_str().unwrap_or_default().contains("301"));
    }
    assert_eq!(redirected.len(), 3);
    // Written with its slash: exercised, no redirect.
    let simple = endpoint(&r, "GET /health/simple/");
    assert_eq!(simple["status"], "exercised");
    assert!(simple.get("via_redirect").is_none());

    // The write: a RuntimeError under DEBUG, its endpoint not exercised.
    let archive = "POST /dashboard/projects/<int:pk>/archive/";
    assert_eq!(endpoint(&r, archive)["status"], "untested");
    let writes = findings(&r, "redirected_write");
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0]["endpoints"][0], archive);
    let message = writes[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("RuntimeError"), "{message}");
    assert_eq!(
        writes[0]["numbers"]["requests"],
        counts["POST /dashboard/projects/160/archive"]
    );
    // No LocaleMiddleware in the estimator: /about/ stays a 404.
    assert!(findings(&r, "unmatched")
        .iter()
        .any(|f| f["endpoints"][0] == "GET /about/"));
}

/// Requests sent to the locale fixture, as `METHOD:PATH`.
const LOCALE_REQUESTS: &[&str] = &[
    "GET:/items",
    "GET:/items/",
    "GET:/items/3",
    "GET:/items/3?x=1",
    "POST:/items",
    "PUT:/items",
    "DELETE:/items/3",
    "GET:/raw",
    "GET:/raw/",
    "GET:/nothing",
    "GET:/channels/",
    "GET:/channels",
    "GET:/channels/7/",
    "POST:/channels/",
    "GET:/feed",
    "GET:/en/channels/",
    "GET:/en/channels",
    "GET:/en-us/channels/",
    "GET:/de/channels/7/",
    "GET:/xx/channels/",
    // HEAD is redirected as GET is; `@no_append_slash` views are no target.
    "HEAD:/items",
    "HEAD:/channels",
    "GET:/exact",
    "HEAD:/exact",
    "POST:/exact",
    "GET:/exact/",
    "GET:/wrapped",
];

/// routecov's prediction for each request of [`LOCALE_REQUESTS`] against
/// what Django's middleware answers and where `requests` then goes.
fn check_locale_project(settings: &str, requests: &[&str]) {
    let project = "fixtures/edge/locale_redirects";
    let mut args = vec![project, settings];
    args.extend_from_slice(requests);
    let truth = common::python_json("django_redirects.py", &args);
    let map = routecov::extract::route_map(&routecov::extract::RouteOptions {
        project: common::repo().join(project),
        settings: Some(settings.to_string()),
        ..Default::default()
    })
    .expect("fixture has routes");
    assert!(map.warnings.is_empty(), "{:?}", map.warnings);
    let resolver = routecov::join::Resolver::new(&map);
    for t in truth.as_array().expect("list") {
        let (method, path) = (
            t["method"].as_str().unwrap_or(""),
            t["path"].as_str().unwrap_or(""),
        );
        let what = format!("{settings}: {method} {path}");
        let ours = resolver.follow(path, method);
        let location = ours.redirect.as_ref().map(|r| r.location.clone());
        assert_eq!(
            location.as_deref(),
            t["location"].as_str(),
            "{what}: redirect (right: Django)"
        );
        if let Some(r) = &ours.redirect {
            assert_eq!(u64::from(r.kind.status()), t["status"], "{what}: status");
        }
        let reached = resolver
            .route(&ours.resolution)
            .and_then(|i| map.routes[i].name.clone());
        assert_eq!(
            reached.as_deref(),
            t["reached"].as_str(),
            "{what}: route reached"
        );
        // A write the client repeats with another method, or Django
        // refuses, is never counted for its endpoint.
        let write = matches!(method, "POST" | "PUT" | "PATCH" | "DELETE");
        if write && t["location"].is_string() {
            assert!(
                matches!(
                    ours.resolution,
                    routecov::join::Resolution::RedirectedWrite { .. }
                ),
                "{what}: a redirected write"
            );
        } else if reached.is_some() {
            assert!(
                matches!(ours.resolution, routecov::join::Resolution::Endpoint(_)),
                "{what}: reaches its endpoint"
            );
        }
    }
}

#[test]
fn locale_and_slash_redirects_match_djangos_middleware() {
    check_locale_project("config.settings", LOCALE_REQUESTS);
}

#[test]
fn unprefixed_default_language_is_not_redirected() {
    // Not the paths naming a language: with prefix_default_language=False
    // Django serves the i18n routes under every language's prefix too, and
    // the map does not mark which routes are i18n ones (a documented limit).
    let requests: Vec<&str> = LOCALE_REQUESTS
        .iter()
        .copied()
        .filter(|r| !["/en/", "/de/"].iter().any(|l| r.contains(l)))
        .collect();
    check_locale_project("config.settings_unprefixed", &requests);
}

#[test]
fn locale_fixture_routes_equal_djangos_resolver() {
    for settings in ["config.settings", "config.settings_unprefixed"] {
        let project = "fixtures/edge/locale_redirects";
        let truth = common::python_json("django_routes.py", &[project, "--settings", settings]);
        let truth: Vec<(String, Option<String>)> = truth["routes"]
            .as_array()
            .expect("routes")
            .iter()
            .map(|r| {
                (
                    r["path"].as_str().unwrap_or_default().to_string(),
                    r["name"].as_str().map(str::to_string),
                )
            })
            .collect();
        let map = routecov::extract::route_map(&routecov::extract::RouteOptions {
            project: common::repo().join(project),
            settings: Some(settings.to_string()),
            ..Default::default()
        })
        .expect("fixture has routes");
        let ours: Vec<(String, Option<String>)> = map
            .routes
            .iter()
            .map(|r| (r.path.clone(), r.name.clone()))
            .collect();
        assert_eq!(ours, truth, "{settings} (right: Django)");
    }
}

/// The redirect settings of a project whose settings module ends with `extra`.
fn redirect_settings(extra: &str) -> routecov::model::RouteMap {
    let manage =
        "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"proj.settings\")\n";
    let settings = format!("import os\nROOT_URLCONF = \"proj.urls\"\n{extra}");
    let dir = common::project(&[
        ("manage.py", manage),
        ("proj/__init__.py", ""),
        ("proj/settings.py", &settings),
        (
            "proj/urls.py",
            "from django.urls import path\nfrom django.http import HttpResponse\n\ndef v(request):\n    return HttpResponse()\n\nurlpatterns = [path(\"items/\", v)]\n",
        ),
    ]);
    routecov::extract::route_map(&routecov::extract::RouteOptions {
        project: dir.path().to_path_buf(),
        ..Default::default()
    })
    .expect("routes")
}

#[test]
fn redirect_settings_take_djangos_defaults_and_warn_on_unknowns() {
    // Nothing set: MIDDLEWARE is empty, APPEND_SLASH true, DEBUG false.
    let m = redirect_settings("");
    let r = &m.redirects;
    assert_eq!(
        (
            r.common_middleware,
            r.locale_middleware,
            r.append_slash,
            r.debug
        ),
        (Some(false), Some(false), Some(true), Some(false))
    );
    assert_eq!(r.appends_slash(), Some(false));
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);

    let m = redirect_settings(
        "MIDDLEWARE = [\"django.middleware.common.CommonMiddleware\"]\nAPPEND_SLASH = False\nDEBUG = True\n",
    );
    assert_eq!(m.redirects.common_middleware, Some(true));
    assert_eq!(m.redirects.appends_slash(), Some(false));
    assert_eq!(m.redirects.debug, Some(true));

    // An entry read from the environment: whether the middleware is there
    // is unknown, said once with the line, and no redirect is assumed.
    let m = redirect_settings(
        "MIDDLEWARE = [os.environ[\"EXTRA_MIDDLEWARE\"]]\nAPPEND_SLASH = os.environ[\"SLASH\"]\n",
    );
    assert_eq!(m.redirects.common_middleware, None);
    assert_eq!(m.redirects.append_slash, None);
    assert_eq!(m.redirects.appends_slash(), None);
    let lines: Vec<(usize, &str)> = m
        .warnings
        .iter()
        .map(|w| (w.line, w.message.split(':').next().unwrap_or("")))
        .collect();
    assert_eq!(
        lines,
        [
            (3, "MIDDLEWARE in proj.settings"),
            (4, "APPEND_SLASH in proj.settings")
        ]
    );
    let resolver = routecov::join::Resolver::new(&m);
    assert_eq!(
        resolver.url("/items", "GET"),
        routecov::join::Resolution::NoRoute
    );
}
