//! Counting in `routecov report`: duplicate URL patterns that can never
//! match leave the totals, `--table partition` rows add up to the total,
//! `[categories] group_by` adds rows per Django app or path prefix.

mod common;

use assert_cmd::Command;
use serde_json::Value;

const DUP: &str = "fixtures/edge/duplicate_routes";

fn routecov() -> Command {
    let mut c = Command::cargo_bin("routecov").expect("binary builds");
    c.current_dir(common::repo());
    c
}

fn report(extra: &[&str]) -> Value {
    let mut args = vec![
        "report",
        "-p",
        DUP,
        "-f",
        "fixtures/edge/duplicate_routes/locustfile.py",
        "--format",
        "json",
    ];
    args.extend(extra);
    let out = routecov().args(&args).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn config(text: &str) -> tempfile::NamedTempFile {
    let f = tempfile::Builder::new()
        .suffix(".toml")
        .tempfile()
        .expect("temp file");
    std::fs::write(f.path(), text).expect("write config");
    f
}

fn sum(rows: &Value) -> u64 {
    rows.as_array()
        .expect("rows")
        .iter()
        .map(|r| r["endpoints"].as_u64().unwrap_or(0))
        .sum()
}

#[test]
fn duplicate_patterns_leave_the_totals_and_are_listed() {
    let v = report(&[]);
    // 9 routes, 10 endpoints; `/shop/items/` twice more (GET, then POST):
    // Django always resolves it to the first pattern.
    assert_eq!(v["summary"]["endpoints"], 8);
    let dups = v["duplicates"].as_array().expect("duplicates");
    let got: Vec<(String, String, u64)> = dups
        .iter()
        .map(|d| {
            (
                format!(
                    "{} {}",
                    d["method"].as_str().unwrap_or(""),
                    d["path"].as_str().unwrap_or("")
                ),
                d["view"].as_str().unwrap_or("").to_string(),
                d["shadowed_by"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "GET /shop/items/".to_string(),
                "shop.views.item_list_v2".to_string(),
                8
            ),
            (
                "POST /shop/items/".to_string(),
                "shop.views.item_create".to_string(),
                8
            ),
        ]
    );
    assert!(v["endpoints"]
        .as_array()
        .expect("endpoints")
        .iter()
        .all(|e| e["view"] != "shop.views.item_list_v2"));
    // The table says so.
    let out = routecov()
        .args([
            "report",
            "-p",
            DUP,
            "-f",
            "fixtures/edge/duplicate_routes/locustfile.py",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2 endpoints of duplicate URL patterns left out of the totals"),
        "{text}"
    );
}

/// `report --table partition` of the estimator in `format`.
fn estimator_partition(format: &str) -> std::process::Output {
    routecov()
        .args([
            "report",
            "-p",
            "fixtures/estimator",
            "-f",
            "fixtures/locust/estimator_locustfile.py",
            "--table",
            "partition",
            "--format",
            format,
        ])
        .output()
        .expect("runs")
}

#[test]
fn partition_rows_add_up_to_the_total() {
    let v = report(&[]);
    assert!(v.get("partition").is_none(), "only with --table partition");
    // Category rows overlap: more than the total.
    assert!(sum(&v["categories"]) > v["summary"]["endpoints"].as_u64().unwrap_or(0));
    let v = report(&["--table", "partition"]);
    assert_eq!(sum(&v["partition"]), 8);
    let names: Vec<&str> = v["partition"]
        .as_array()
        .expect("partition")
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    // GET endpoints are reads first, POST ones writes first (table order).
    assert_eq!(names, ["reads", "writes"]);
    // The estimator, with endpoints of unknown method and some in no category.
    let out = estimator_partition("json");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        Some(sum(&v["partition"])),
        v["summary"]["endpoints"].as_u64()
    );
    assert!(v["partition"]
        .as_array()
        .expect("partition")
        .iter()
        .any(|r| r["name"] == "unknown_method"));
    for format in ["table", "markdown", "html"] {
        let out = estimator_partition(format);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("each endpoint in its first category"),
            "{format}"
        );
    }
}

#[test]
fn group_by_app_and_prefix_add_rows_that_add_up() {
    let app = config("[categories]\ngroup_by = \"app\"\n");
    let path = app.path().to_string_lossy().into_owned();
    let v = report(&["--config", &path]);
    let groups: Vec<(String, u64)> = v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            (
                g["label"].as_str().unwrap_or("").to_string(),
                g["endpoints"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("app blog".to_string(), 2),
            ("app config".to_string(), 1),
            ("app shop".to_string(), 5)
        ]
    );
    let prefix =
        config("[categories]\ngroup_by = \"prefix:1\"\n[categories.carts]\npath = 'cart'\n");
    let path = prefix.path().to_string_lossy().into_owned();
    let v = report(&["--config", &path]);
    let names: Vec<&str> = v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter_map(|g| g["name"].as_str())
        .collect();
    assert_eq!(names, ["/blog/", "/shop/", "/status/"]);
    let out = routecov()
        .args([
            "report",
            "-p",
            DUP,
            "-f",
            "fixtures/edge/duplicate_routes/locustfile.py",
            "--config",
            &path,
            "--table",
            "partition",
            "--gaps",
            "none",
            "--format",
            "markdown",
        ])
        .output()
        .expect("runs");
    insta::assert_snapshot!(
        "duplicate_routes_partition_prefix_markdown",
        String::from_utf8_lossy(&out.stdout).replace(&path, "CONFIG")
    );
    assert_eq!(sum(&v["groups"]), 8);
    // A category rule still works beside group_by.
    assert!(v["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .any(|c| c["name"] == "carts" && c["endpoints"] == 3));
}

#[test]
fn a_bad_group_by_is_a_configuration_error() {
    let bad = config("[categories]\ngroup_by = \"prefix:0\"\n");
    let path = bad.path().to_string_lossy().into_owned();
    let out = routecov()
        .args(["report", "-p", DUP, "--config", &path])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("categories.group_by"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `(path, view, methods)` of every route of a route list.
fn path_view_methods(v: &Value) -> Vec<(String, String, Value)> {
    v["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap_or("").to_string(),
                r["view"].as_str().unwrap_or("").to_string(),
                r["methods"].clone(),
            )
        })
        .collect()
}

/// The duplicate-routes fixture against Django's own resolver: the same
/// routes in the same order with the same methods, so the later `/shop/items/`
/// patterns are really there, and really after the first.
#[test]
fn the_fixture_equals_djangos_resolver() {
    let truth = common::python_json("django_routes.py", &[DUP, "--methods"]);
    let truth = path_view_methods(&truth);
    let out = routecov()
        .args(["routes", "-p", DUP, "--format", "json"])
        .output()
        .expect("runs");
    let ours: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let ours = path_view_methods(&ours);
    assert_eq!(ours, truth);
    let items: Vec<&str> = ours
        .iter()
        .filter(|r| r.0 == "/shop/items/")
        .map(|r| r.1.as_str())
        .collect();
    assert_eq!(
        items,
        [
            "shop.views.item_list",
            "shop.views.item_list_v2",
            "shop.views.item_create"
        ]
    );
}
