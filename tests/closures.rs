//! Views wrapped by closures: project decorators (with and without
//! `functools.wraps`), factories returning functions, `as_view` overridden
//! by mixins, and callable instances, against Django's own resolver on the
//! closures fixture, route for route.

mod common;

use routecov::extract::{route_map, RouteOptions};

const FIXTURE: &str = "fixtures/edge/closures";

type Row = (String, Option<String>, String);

fn django_rows() -> Vec<(Row, Option<Vec<String>>)> {
    let truth = common::python_json("django_routes.py", &[FIXTURE, "--methods"]);
    truth["routes"]
        .as_array()
        .expect("routes list")
        .iter()
        .map(|r| {
            let row = (
                r["path"].as_str().unwrap_or_default().to_string(),
                r["name"].as_str().map(str::to_string),
                r["view"].as_str().unwrap_or_default().to_string(),
            );
            let methods = r["methods"].as_array().map(|m| {
                m.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            });
            (row, methods)
        })
        .collect()
}

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
    let truth = django_rows();
    assert!(truth.len() >= 19, "the fixture's full route set");
    for site_packages in [false, true] {
        let map = our_map(site_packages);
        let ours: Vec<Row> = map
            .routes
            .iter()
            .map(|r| (r.path.clone(), r.name.clone(), r.view.clone()))
            .collect();
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
