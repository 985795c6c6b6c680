//! Snapshots of `routecov tasks` on the fixture locustfiles, per output format.

mod common;

use routecov::extract::locustfile::{extract_tasks, TaskOptions};
use routecov::extract::{route_map, RouteOptions};
use routecov::render::{tasks::render, Format};

fn model(
    file: &str,
    tags: Option<&[&str]>,
    exclude: Option<&[&str]>,
) -> routecov::model::LocustModel {
    let opts = TaskOptions {
        locustfile: Some(common::repo().join(file)),
        // Paths are shown relative to the repository: no machine-specific prefix.
        base: common::repo(),
        tags: tags.map(|t| t.iter().map(|s| s.to_string()).collect()),
        exclude_tags: exclude.map(|t| t.iter().map(|s| s.to_string()).collect()),
        env: Default::default(),
        locust_args: Vec::new(),
        routes: None,
    };
    extract_tasks(&opts).expect("fixture locustfile reads")
}

#[test]
fn fixture_locustfiles_table_and_json() {
    for (name, file) in [
        ("estimator", "fixtures/locust/estimator_locustfile.py"),
        ("taskset", "fixtures/locust/taskset_locustfile.py"),
        ("package", "fixtures/locust/locustfile_pkg"),
        ("broken", "fixtures/locust/broken_locustfile.py"),
    ] {
        let m = model(file, None, None);
        for format in [Format::Table, Format::Json] {
            let text = render(&m, format, 120).expect("supported format");
            insta::assert_snapshot!(format!("tasks_{name}_{}", format.name()), text);
        }
    }
}

#[test]
fn estimator_filtered_and_joined_to_routes_in_every_format() {
    let mut m = model(
        "fixtures/locust/estimator_locustfile.py",
        Some(&["api", "page", "phase1"]),
        Some(&["export", "admin"]),
    );
    let map = estimator_routes();
    routecov::join::join_tasks(&mut m, &map);
    for format in [Format::Table, Format::Json, Format::Csv, Format::Markdown] {
        let text = render(&m, format, 120).expect("supported format");
        insta::assert_snapshot!(format!("tasks_estimator_filtered_{}", format.name()), text);
    }
}

#[test]
fn reverse_locustfile_resolved_and_joined_to_routes() {
    let map = estimator_routes();
    let mut m = extract_tasks(&TaskOptions {
        locustfile: Some(common::repo().join("fixtures/locust/reverse_locustfile.py")),
        base: common::repo(),
        routes: Some(std::rc::Rc::new(map.clone())),
        ..Default::default()
    })
    .expect("fixture locustfile reads");
    routecov::join::join_tasks(&mut m, &map);
    for format in [Format::Table, Format::Json] {
        let text = render(&m, format, 120).expect("supported format");
        insta::assert_snapshot!(format!("tasks_reverse_{}", format.name()), text);
    }
}

/// The fixture project's classified route map.
fn estimator_routes() -> routecov::model::RouteMap {
    let opts = RouteOptions {
        project: common::repo().join("fixtures/estimator"),
        ..Default::default()
    };
    let mut map = route_map(&opts).expect("fixture project routes");
    routecov::analysis::classify_routes(&mut map, &Default::default());
    map
}
