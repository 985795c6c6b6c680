//! routecov's route map against Django's own URL resolver, route for route,
//! on the fixture project; and its methods against the hand-written
//! expectations (checked against the running app by tests/python/check_methods.py).

mod common;

use routecov::extract::{route_map, RouteOptions};
use std::collections::BTreeMap;

fn fixture_map(site_packages: bool) -> routecov::model::RouteMap {
    project_map("fixtures/estimator", site_packages)
}

/// The classified route map of the fixture project at `project`.
fn project_map(project: &str, site_packages: bool) -> routecov::model::RouteMap {
    let opts = RouteOptions {
        project: common::repo().join(project),
        site_packages: if site_packages {
            vec![common::site_packages()]
        } else {
            vec![]
        },
        ..Default::default()
    };
    {
        let mut map = route_map(&opts).expect("fixture project has routes");
        routecov::analysis::classify_routes(&mut map, &Default::default());
        map
    }
}

/// Path, name and view of one route of `django_routes.py`'s output.
fn django_row(r: &serde_json::Value) -> (String, Option<String>, String) {
    (
        r["path"].as_str().unwrap_or_default().to_string(),
        r["name"].as_str().map(str::to_string),
        r["view"].as_str().unwrap_or_default().to_string(),
    )
}

/// Path, name and view of each route of routecov's map.
fn our_rows(map: &routecov::model::RouteMap) -> Vec<(String, Option<String>, String)> {
    map.routes
        .iter()
        .map(|r| (r.path.clone(), r.name.clone(), r.view.clone()))
        .collect()
}

#[test]
fn routes_equal_djangos_resolver() {
    let truth = django_routes("fixtures/estimator");
    let map = fixture_map(true);
    let ours = our_rows(&map);
    for (i, (t, o)) in truth.iter().zip(ours.iter()).enumerate() {
        assert_eq!(t, o, "route #{i} differs (left: Django, right: routecov)");
    }
    assert_eq!(truth.len(), ours.len(), "route counts differ");
    assert!(
        truth.len() >= 140,
        "fixture project is expected to have its full route set"
    );
    assert!(
        map.warnings.is_empty(),
        "unexpected warnings: {:?}",
        map.warnings
    );
    // The admin site is one external group, not routes.
    assert_eq!(map.external_includes.len(), 1);
    assert_eq!(map.external_includes[0].prefix, "/admin/");
}

#[test]
fn methods_match_expectations() {
    let text =
        std::fs::read_to_string(common::repo().join("fixtures/estimator/expected_methods.json"))
            .expect("expectations file");
    let expected: BTreeMap<String, Vec<String>> = serde_json::from_str(&text).expect("valid JSON");
    let map = fixture_map(true);
    let mut wrong = Vec::new();
    for r in &map.routes {
        match expected.get(&r.path) {
            Some(m) if *m == r.methods => {}
            Some(m) => wrong.push(format!(
                "{}: routecov {:?}, expected {:?} ({})",
                r.path, r.methods, m, r.view
            )),
            None => wrong.push(format!("{}: no expectation", r.path)),
        }
    }
    assert!(wrong.is_empty(), "method mismatches:\n{}", wrong.join("\n"));
    assert_eq!(expected.len(), map.routes.len());
    let endpoints: usize = map.routes.iter().map(|r| r.methods.len()).sum();
    assert!(endpoints >= 150, "fixture has {endpoints} endpoints");
}

#[test]
fn third_party_urlconf_without_sources_is_an_external_include() {
    let map = fixture_map(false);
    let auth = map
        .external_includes
        .iter()
        .find(|e| e.module == "django.contrib.auth.urls")
        .expect("auth include listed");
    assert_eq!(auth.prefix, "/accounts/");
    assert!(!map.routes.iter().any(|r| r.path.starts_with("/accounts/")));
}

/// Django's routes of the fixture project `dir` (relative to the repository).
fn django_routes(dir: &str) -> Vec<(String, Option<String>, String)> {
    let truth = common::python_json("django_routes.py", &[dir]);
    truth["routes"]
        .as_array()
        .expect("routes list")
        .iter()
        .map(django_row)
        .collect()
}

/// The values fixture computes its prefixes from settings and a
/// configuration module, and builds its URL lists with loops,
/// comprehensions, a class method and a registry filled at import time.
#[test]
fn computed_urls_equal_djangos_resolver() {
    assert_equals_django_without_warnings("fixtures/values", 18);
}

/// The plugins fixture's root URLconf is filled by its apps: `ready()` of
/// app configs chosen from `INSTALLED_APPS`, a loop over
/// `apps.get_app_configs()`, `import_string` under `try`/`except
/// ImportError`, and a registry object filled by method calls.
#[test]
fn app_registry_urls_equal_djangos_resolver() {
    assert_equals_django_without_warnings("fixtures/plugins", 11);
}

/// The globals_settings fixture's settings are written through the
/// settings module's namespace by a registry object (`globals()`,
/// `setattr(sys.modules[__name__], ...)`, `vars(module)`), each value
/// from the environment, a configuration file or a default, and its apps
/// add their URLconfs in `ready()`. The one warning says the configuration
/// file is taken as absent.
#[test]
fn settings_written_through_globals_equal_djangos_resolver() {
    let dir = "fixtures/edge/globals_settings";
    let truth = common::python_json("django_routes.py", &[dir, "--methods"]);
    let map = project_map(dir, false);
    let rows: Vec<_> = truth["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .map(django_row)
        .collect();
    assert_eq!(rows, our_rows(&map), "left: Django, right: routecov");
    assert_eq!(rows.len(), 7, "the fixture's full route set");
    for (t, r) in truth["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .zip(&map.routes)
    {
        if let Some(methods) = t["methods"].as_array() {
            let theirs: Vec<&str> = methods.iter().filter_map(|m| m.as_str()).collect();
            assert_eq!(theirs, r.methods, "methods of {}", r.path);
        }
    }
    let messages: Vec<&str> = map.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("is taken as absent"), "{messages:?}");
}

/// The viewset_tree fixture's API is a tree of viewsets that plugin app
/// configs find with `dir(module)` and `issubclass` under `try`/`except
/// TypeError` into `defaultdict(list)`s, read through a generator, ordered
/// by `sorted(key=lambda)` and `max(key=function)`, and registered by the
/// tree's recursive methods with routers nested under their parents.
#[test]
fn viewset_tree_urls_equal_djangos_resolver() {
    assert_equals_django_without_warnings("fixtures/edge/viewset_tree", 14);
}

/// The import_order fixture's plugins append their routes to a list of the
/// root URLconf when they are imported (`import x`, `from x import name`,
/// `importlib.import_module`, in an import cycle with the URLconf): the
/// modules run where the statements stand, as in Python, before
/// `urlpatterns` is built.
#[test]
fn modules_run_where_imported_equal_djangos_resolver() {
    assert_equals_django_without_warnings("fixtures/edge/import_order", 6);
}

/// The url_objects fixture builds entries by calling Django's
/// `URLPattern`/`URLResolver`/`RoutePattern`/`RegexPattern`, and a plugin
/// host replaces `entry.callback` on patterns built earlier (walking
/// `url_patterns`, reading a flag set on `entry.pattern`, copying the
/// view's `dir()` onto its wrapper): the views Django serves are the
/// wrappers, named as Django names them.
#[test]
fn url_objects_changed_by_code_equal_djangos_resolver() {
    assert_equals_django_without_warnings("fixtures/edge/url_objects", 10);
}

/// The master_detail fixture's viewsets get their URLs from their method
/// resolution order: `reversed(cls.mro())` walked under `try`/`except
/// AttributeError` for the eldest class naming an endpoint (mixins and
/// DRF's classes name none), `getattr` without a default, `hasattr`,
/// `__mro__` and `__bases__`; master viewsets are not registered. With and
/// without DRF's source, routecov agrees with Django route for route.
#[test]
fn master_detail_urls_equal_djangos_resolver() {
    let dir = "fixtures/edge/master_detail";
    let truth = django_routes(dir);
    assert!(truth.len() >= 10, "the fixture's full route set");
    for site_packages in [false, true] {
        let map = project_map(dir, site_packages);
        assert_eq!(
            truth,
            our_rows(&map),
            "left: Django, right: routecov (site-packages: {site_packages})"
        );
        assert!(map.warnings.is_empty(), "{:?}", map.warnings);
    }
}

/// The model_meta fixture builds its URLs from models' options
/// (`Model._meta`): `app_label` from the app config's label or `Meta`,
/// `model_name`, `verbose_name_plural`, the primary key's class (declared,
/// a parent link, the app's `default_auto_field`, Django's own `auth`
/// models through `get_user_model()`), `get_field` raising
/// `FieldDoesNotExist` (fields through abstract bases, a project field
/// class, a field hidden by `name = None`), `hasattr` through
/// `models.Model`, a property the project sets on `Options` that reads
/// `get_parent_list()`, and a viewset's own `get_extra_actions` that
/// drops an `@action` for a model without a `name` field.
#[test]
fn model_options_urls_equal_djangos_resolver() {
    assert_equals_django_without_warnings("fixtures/edge/model_meta", 54);
}

/// The fixture project `dir`, read without site-packages, has Django's
/// routes (at least `min` of them) in Django's order, and no warning.
fn assert_equals_django_without_warnings(dir: &str, min: usize) {
    let truth = django_routes(dir);
    let opts = RouteOptions {
        project: common::repo().join(dir),
        ..Default::default()
    };
    let map = route_map(&opts).expect("fixture has routes");
    assert_eq!(truth, our_rows(&map), "left: Django, right: routecov");
    assert!(truth.len() >= min, "the fixture's full route set");
    assert!(
        map.warnings.is_empty(),
        "unexpected warnings: {:?}",
        map.warnings
    );
}

/// `--env` chooses what the code reads, as the environment does for Django.
#[test]
fn env_values_change_computed_prefixes() {
    let opts = RouteOptions {
        project: common::repo().join("fixtures/values"),
        env: [(
            "VALUES_API_URL".to_string(),
            "https://example.org/v3/api/".to_string(),
        )]
        .into_iter()
        .collect(),
        ..Default::default()
    };
    let map = route_map(&opts).expect("values fixture has routes");
    assert!(map.routes.iter().any(|r| r.path == "/v3/api/catalog/book/"));
    assert!(!map.routes.iter().any(|r| r.path.starts_with("/api/v2/")));
}

/// The routers fixture: project router subclasses, drf-extensions' and
/// drf-nested-routers' routers, against Django's resolver with the real
/// packages, route for route and method for method. The two packages are
/// known without their source: the map is the same without site-packages.
#[test]
fn routers_equal_djangos_resolver() {
    type Row = (String, Option<String>, String, Option<Vec<String>>);
    let truth = common::python_json("django_routes.py", &["fixtures/routers", "--methods"]);
    let truth: Vec<Row> = truth["routes"]
        .as_array()
        .expect("routes list")
        .iter()
        .map(|r| {
            let (path, name, view) = django_row(r);
            (
                path,
                name,
                view,
                r["methods"].as_array().map(|m| {
                    m.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                }),
            )
        })
        .collect();
    for site_packages in [true, false] {
        let map = project_map("fixtures/routers", site_packages);
        let ours: Vec<Row> = map
            .routes
            .iter()
            .map(|r| {
                (
                    r.path.clone(),
                    r.name.clone(),
                    r.view.clone(),
                    Some(r.methods.clone()),
                )
            })
            .collect();
        for (i, (t, o)) in truth.iter().zip(ours.iter()).enumerate() {
            assert_eq!(
                t, o,
                "route #{i} differs (left: Django, right: routecov; site-packages: {site_packages})"
            );
        }
        assert_eq!(truth.len(), ours.len(), "route counts differ");
        assert!(
            map.warnings.is_empty(),
            "unexpected warnings: {:?}",
            map.warnings
        );
    }
    assert!(
        truth.len() >= 80,
        "routers fixture has {} routes",
        truth.len()
    );
}
