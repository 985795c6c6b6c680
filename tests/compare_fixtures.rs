//! `routecov compare` on the fixture run pair (fixtures/runs/README.md): the
//! candidate has one view made slower and one made to fail, and nothing else.

mod common;

use assert_cmd::Command;
use routecov::analysis::compare::compare;
use routecov::config::CompareSettings;
use routecov::extract::locust_csv::read_run;
use serde_json::Value;

const BASE: &str = "fixtures/runs/pair_baseline";
const CAND: &str = "fixtures/runs/pair_candidate";

fn routecov() -> Command {
    let mut c = Command::cargo_bin("routecov").expect("binary builds");
    c.current_dir(common::repo());
    c
}

fn json(args: &[&str]) -> Value {
    let out = routecov().args(args).output().expect("runs");
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn finds_exactly_the_known_regression_with_its_numbers() {
    let v = json(&["compare", BASE, CAND, "--format", "json"]);
    assert_eq!(v["schema_version"], 2);
    let b = &v["baseline"];
    assert_eq!(
        (
            b["requests"].as_u64(),
            b["failures"].as_u64(),
            b["failure_pct"].as_f64(),
            b["rps"].as_f64()
        ),
        (Some(130), Some(4), Some(3.08), Some(9.4))
    );
    assert_eq!(
        (
            b["median_ms"].as_u64(),
            b["p95_ms"].as_u64(),
            b["p99_ms"].as_u64(),
            b["max_ms"].as_u64()
        ),
        (Some(32), Some(260), Some(400), Some(404))
    );
    let c = &v["candidate"];
    assert_eq!(
        (
            c["requests"].as_u64(),
            c["failures"].as_u64(),
            c["failure_pct"].as_f64(),
            c["rps"].as_f64()
        ),
        (Some(130), Some(11), Some(8.46), Some(9.33))
    );
    assert_eq!(
        (
            c["median_ms"].as_u64(),
            c["p95_ms"].as_u64(),
            c["p99_ms"].as_u64(),
            c["max_ms"].as_u64()
        ),
        (Some(30), Some(190), Some(450), Some(455))
    );

    let rows = v["rows"].as_array().expect("rows");
    let regressed: Vec<String> = rows
        .iter()
        .filter(|r| r["regressed"] == true)
        .map(|r| {
            format!(
                "{} {}",
                r["method"].as_str().unwrap_or(""),
                r["name"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        regressed,
        [
            "GET /detail_project/[id]/rekap-rab/",
            "GET /api/project/[id]/rekap/"
        ]
    );
    // Regressed rows come first.
    assert!(
        rows[0]["regressed"] == true
            && rows[1]["regressed"] == true
            && rows[2]["regressed"] == false
    );

    let slow = &rows[0];
    assert_eq!(slow["baseline"]["requests"], 7);
    assert_eq!(slow["baseline"]["median_ms"], 12);
    assert_eq!(slow["baseline"]["p95_ms"], 67);
    assert_eq!(slow["baseline"]["max_ms"], 67);
    assert_eq!(slow["candidate"]["requests"], 6);
    assert_eq!(slow["candidate"]["median_ms"], 411); // Median Response Time, as report reads it
    assert_eq!(slow["candidate"]["p95_ms"], 460);
    assert_eq!(slow["candidate"]["max_ms"], 455);
    assert_eq!(slow["candidate"]["failures"], 0);
    assert_eq!(slow["newly_failing"], false);

    let failing = &rows[1];
    assert_eq!(failing["baseline"]["requests"], 7);
    assert_eq!(failing["baseline"]["failures"], 0);
    assert_eq!(failing["baseline"]["median_ms"], 11);
    assert_eq!(failing["candidate"]["failures"], 7);
    assert_eq!(failing["candidate"]["failure_pct"], 100.0);
    assert_eq!(failing["newly_failing"], true);
    assert_eq!(failing["path"], Value::Null);
    assert_eq!(
        v["newly_failing"],
        serde_json::json!(["GET /api/project/[id]/rekap/"])
    );

    let appeared: Vec<&str> = v["errors_appeared"]
        .as_array()
        .expect("errors")
        .iter()
        .filter(|e| e["name"] == "/api/project/[id]/rekap/")
        .map(|e| e["error"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        appeared,
        ["HTTPError('500 Server Error: Internal Server Error for url: /api/project/[id]/rekap/')"]
    );
    // The harga-item row comes with the candidate only; the batch export rows
    // are the baseline's only (random task choice).
    assert!(v["new_rows"]
        .as_array()
        .expect("new")
        .contains(&Value::from("GET /api/project/[id]/harga-item/")));
    assert!(v["gone_rows"]
        .as_array()
        .expect("gone")
        .contains(&Value::from("POST /api/export/finalize")));
    assert_eq!(v["exceptions_appeared"], serde_json::json!([]));
    assert_eq!(v["regressed"], true);
    let verdict = v["verdict"].as_str().expect("verdict");
    assert!(
        verdict.starts_with("REGRESSED: Aggregated failures 3.08% -> 8.46%"),
        "{verdict}"
    );
}

#[test]
fn exit_codes() {
    routecov().args(["compare", BASE, CAND]).assert().code(0);
    routecov()
        .args(["compare", BASE, CAND, "--fail-on-regression"])
        .assert()
        .code(1);
    // A run compared with itself does not regress.
    routecov()
        .args(["compare", BASE, BASE, "--fail-on-regression"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("no regression"));
    // Unreadable input is a usage error.
    routecov()
        .args(["compare", BASE, "fixtures/runs/nope"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("nope_stats.csv"));
    routecov()
        .args(["compare", BASE, CAND, "--format", "junit"])
        .assert()
        .code(2);
}

#[test]
fn thresholds_come_from_the_configuration() {
    let dir = common::project(&[(
        "routecov.toml",
        "[compare]\nfailure_regression_points = 200\nlatency_regression_pct = 100000\n",
    )]);
    let cfg = dir.path().join("routecov.toml");
    let cfg = cfg.to_string_lossy();
    routecov()
        .args([
            "compare",
            BASE,
            CAND,
            "--fail-on-regression",
            "--config",
            &cfg,
        ])
        .assert()
        .code(0);
    let base = read_run(&common::repo().join(BASE)).expect("reads");
    let cand = read_run(&common::repo().join(CAND)).expect("reads");
    let c = compare(&base, &cand, &CompareSettings::default());
    assert_eq!(c.thresholds.latency_regression_pct, 20.0);
    assert_eq!(c.thresholds.min_requests, 5);
    assert!(c.regressed);
}

fn redact(text: &str) -> String {
    text.to_string()
}

#[test]
fn snapshots() {
    let out = routecov()
        .args(["compare", BASE, CAND, "--format", "json"])
        .output()
        .expect("runs");
    insta::assert_snapshot!(
        "compare_pair_json",
        redact(&String::from_utf8_lossy(&out.stdout))
    );
    let out = routecov()
        .args(["compare", BASE, CAND])
        .output()
        .expect("runs");
    insta::assert_snapshot!(
        "compare_pair_table",
        redact(&String::from_utf8_lossy(&out.stdout))
    );
    let out = routecov()
        .args(["compare", BASE, CAND, "--format", "markdown"])
        .output()
        .expect("runs");
    insta::assert_snapshot!(
        "compare_pair_markdown",
        redact(&String::from_utf8_lossy(&out.stdout))
    );
}

#[test]
fn rows_are_endpoints_with_a_project_and_locustfile() {
    let v = json(&[
        "compare",
        BASE,
        CAND,
        "--project",
        "fixtures/estimator",
        "--locustfile",
        "fixtures/locust/estimator_locustfile.py",
        "--format",
        "json",
        "-q",
    ]);
    // The Aggregated figures do not depend on the join.
    assert_eq!(v["baseline"]["requests"], 130);
    assert_eq!(v["candidate"]["failures"], 11);
    let rows = v["rows"].as_array().expect("rows");
    let regressed: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| r["regressed"] == true)
        .map(|r| {
            (
                r["method"].as_str().unwrap_or(""),
                r["path"].as_str().unwrap_or(""),
                r["name"].as_str().unwrap_or(""),
            )
        })
        .collect();
    // Django serves rekap-rab's view to every method; its body (through the
    // `_render_page` helper) renders a template, so the endpoint is counted
    // as the GET it means to serve.
    assert_eq!(
        regressed,
        [
            (
                "GET",
                "/detail_project/<int:project_id>/rekap-rab/",
                "/detail_project/[id]/rekap-rab/"
            ),
            (
                "GET",
                "/detail_project/api/project/<int:project_id>/rekap/",
                "/api/project/[id]/rekap/"
            ),
        ]
    );

    // The same numbers as by stats name.
    let slow = &rows[0];
    assert_eq!(
        slow["stats_names"],
        serde_json::json!(["GET /detail_project/[id]/rekap-rab/"])
    );
    assert_eq!(slow["baseline"]["requests"], 7);
    assert_eq!(slow["baseline"]["median_ms"], 12);
    assert_eq!(slow["baseline"]["p95_ms"], 67);
    assert_eq!(slow["baseline"]["max_ms"], 67);
    assert_eq!(slow["candidate"]["requests"], 6);
    assert_eq!(slow["candidate"]["median_ms"], 411); // Median Response Time, as report reads it
    assert_eq!(slow["candidate"]["p95_ms"], 460);
    assert_eq!(slow["candidate"]["max_ms"], 455);
    assert_eq!(slow["candidate"]["failures"], 0);
    assert_eq!(slow["newly_failing"], false);
    let failing = &rows[1];
    assert_eq!(failing["baseline"]["requests"], 7);
    assert_eq!(failing["baseline"]["failures"], 0);
    assert_eq!(failing["baseline"]["median_ms"], 11);
    assert_eq!(failing["candidate"]["failures"], 7);
    assert_eq!(failing["candidate"]["failure_pct"], 100.0);
    assert_eq!(failing["newly_failing"], true);
    assert_eq!(
        v["newly_failing"],
        serde_json::json!(["GET /detail_project/api/project/<int:project_id>/rekap/"])
    );

    // Two stats names reach /dashboard/: combined as the report combines them.
    let dashboard = rows
        .iter()
        .find(|r| r["path"] == "/dashboard/" && r["method"] == "GET")
        .expect("dashboard row");
    assert_eq!(
        dashboard["stats_names"],
        serde_json::json!(["GET /dashboard/", "GET /dashboard/?page=[n]"])
    );
    let report = json(&[
        "report",
        "--project",
        "fixtures/estimator",
        "--locustfile",
        "fixtures/locust/estimator_locustfile.py",
        "--stats",
        CAND,
        "--format",
        "json",
        "-q",
    ]);
    let endpoint = report["endpoints"]
        .as_array()
        .expect("endpoints")
        .iter()
        .find(|e| e["path"] == "/dashboard/" && e["method"] == "GET")
        .expect("dashboard endpoint");
    assert_eq!(
        dashboard["candidate"]["requests"],
        endpoint["stats"]["requests"]
    );
    // Whole milliseconds in compare.
    assert_eq!(
        dashboard["candidate"]["max_ms"].as_f64(),
        endpoint["stats"]["max_ms"].as_f64().map(f64::round)
    );
    assert_eq!(
        dashboard["candidate"]["p95_ms"].as_f64(),
        endpoint["stats"]["p95_ms"].as_f64()
    );

    // A stats row reaching no route stays a row of its own, by name.
    let missing = rows
        .iter()
        .find(|r| r["name"] == "/api/project/[id]/harga-item/")
        .expect("harga-item row");
    assert_eq!(missing["path"], Value::Null);
    assert_eq!(missing["presence"], "new");

    // Exit codes as without the join.
    routecov()
        .args([
            "compare",
            BASE,
            CAND,
            "-p",
            "fixtures/estimator",
            "-f",
            "fixtures/locust/estimator_locustfile.py",
            "-q",
            "--fail-on-regression",
        ])
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "GET /detail_project/api/project/<int:project_id>/rekap/",
        ));
}
