//! Snapshots of every `routes` output format on the fixture project.

mod common;

use routecov::extract::{route_map, RouteOptions};
use routecov::render::{routes::render, Format};

fn map(dir: &str) -> routecov::model::RouteMap {
    let opts = RouteOptions {
        project: std::path::PathBuf::from(dir),
        ..Default::default()
    };
    // Relative paths keep the snapshots free of machine-specific prefixes.
    std::env::set_current_dir(common::repo()).expect("cd repo");
    {
        let mut map = route_map(&opts).expect("routes");
        routecov::analysis::classify_routes(&mut map, &Default::default());
        map
    }
}

#[test]
fn routes_formats() {
    let m = map("fixtures/estimator");
    for format in [Format::Table, Format::Json, Format::Csv, Format::Markdown] {
        let text = render(&m, format, 100).expect("supported format");
        insta::assert_snapshot!(format!("estimator_routes_{}", format.name()), text);
    }
}

#[test]
fn edge_fixture_json() {
    for name in [
        "include_cycle",
        "syntax_error",
        "non_utf8",
        "intended_methods",
    ] {
        let m = map(&format!("fixtures/edge/{name}"));
        let text = render(&m, Format::Json, 100).expect("json");
        insta::assert_snapshot!(format!("edge_{name}_json"), text);
    }
}

/// Views Django serves to any method, with the methods their bodies show,
/// as a reader of the routes table sees them.
#[test]
fn intended_methods_table() {
    let m = map("fixtures/edge/intended_methods");
    let text = render(&m, Format::Table, 100).expect("table");
    insta::assert_snapshot!("edge_intended_methods_table", text);
}
