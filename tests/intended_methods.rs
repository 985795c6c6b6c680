//! Intended methods of the views Django serves to any method, held to the
//! hand-written expectations next to each fixture project, and the report's
//! `unknown method` line left with exactly the views without evidence.

mod common;

use routecov::extract::{route_map, RouteOptions};
use std::collections::BTreeMap;

#[derive(serde::Deserialize)]
struct Expected {
    intended: BTreeMap<String, Vec<String>>,
}

fn map(dir: &str) -> routecov::model::RouteMap {
    std::env::set_current_dir(common::repo()).expect("cd repo");
    let opts = RouteOptions {
        project: std::path::PathBuf::from(dir),
        ..Default::default()
    };
    let mut map = route_map(&opts).expect("routes");
    routecov::analysis::classify_routes(&mut map, &Default::default());
    map
}

fn expected(dir: &str) -> Expected {
    let path = common::repo().join(dir).join("INTENDED_METHODS.toml");
    let text = std::fs::read_to_string(&path).expect("expectations");
    toml::from_str(&text).expect("expectations parse")
}

fn check(dir: &str) {
    let map = map(dir);
    let want = expected(dir);
    let any: BTreeMap<String, Vec<String>> = map
        .routes
        .iter()
        .filter(|r| r.methods == ["ANY"])
        .map(|r| {
            let got = r.intended_methods.clone().unwrap_or_default();
            assert_eq!(
                got.is_empty(),
                r.intended_evidence.is_empty(),
                "{}: intended methods come with evidence",
                r.path
            );
            (r.path.clone(), got)
        })
        .collect();
    assert_eq!(any, want.intended, "{dir}: intended methods");
    // Only routes Django serves to any method get intended methods.
    for r in map.routes.iter().filter(|r| r.methods != ["ANY"]) {
        assert!(r.intended_methods.is_none(), "{}", r.path);
    }

    let model = routecov::model::LocustModel {
        schema_version: routecov::model::SCHEMA_VERSION,
        locustfile: String::new(),
        found_by: String::new(),
        files: Vec::new(),
        filter: Default::default(),
        users: Vec::new(),
        warnings: Vec::new(),
    };
    let config = routecov::config::Config::default();
    let cats = routecov::analysis::categories::categories(&config);
    let report = routecov::analysis::coverage::build(&routecov::analysis::coverage::Inputs {
        map: &map,
        model: &model,
        run: None,
        config: &config,
        categories: &cats,
    });
    let unknown: Vec<&str> = report
        .unknown_method
        .routes
        .iter()
        .map(|r| r.path.as_str())
        .collect();
    let without_evidence: Vec<&str> = want
        .intended
        .iter()
        .filter(|(_, m)| m.is_empty())
        .map(|(p, _)| p.as_str())
        .collect();
    let mut unknown_sorted = unknown.clone();
    unknown_sorted.sort();
    assert_eq!(
        unknown_sorted, without_evidence,
        "{dir}: unknown method line"
    );
    for e in report
        .endpoints
        .iter()
        .filter(|e| e.intended_methods.is_some())
    {
        let note = e.methods_note.as_deref().unwrap_or("");
        assert!(
            note.contains("intended by the view's body"),
            "{} {}: {note}",
            e.method,
            e.path
        );
        let expected = &want.intended[&e.path];
        assert!(expected.contains(&e.method), "{} {}", e.method, e.path);
        // Counted by intent: reads are reads, writes are writes.
        let read = e.categories.iter().any(|c| c == "reads");
        let write = e.categories.iter().any(|c| c == "writes");
        assert_eq!(
            (read, write),
            (e.method == "GET", e.method == "POST"),
            "{} {}",
            e.method,
            e.path
        );
    }
}

#[test]
fn estimator_views_mean_what_the_expectations_say() {
    check("fixtures/estimator");
}

#[test]
fn each_kind_of_evidence_has_a_view() {
    check("fixtures/edge/intended_methods");
}
