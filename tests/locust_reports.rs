//! Locust's JSON (`--json-file`) and HTML (`--html`) reports as run input,
//! on the real runs of `scripts/fixture-runs mix` (fixtures/runs/mix_*):
//! the same coverage and findings as the run's CSV files, and figures from
//! the JSON histograms equal to Locust's own (tests/python/
//! locust_json_stats.py combines the entries with Locust's StatsEntry).
//! Also the load mix on those runs: the healthy run keeps every endpoint
//! within the default factor, the faulty one names exactly the endpoints
//! its faults starve, with the reasons.

mod common;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

const LOCUSTFILE: &str = "fixtures/locust/mix_locustfile.py";

fn report(stats: &Path, extra: &[&str]) -> Value {
    let repo = common::repo();
    let stats = stats.to_string_lossy().into_owned();
    let mut args = vec![
        "report",
        "--project",
        "fixtures/estimator",
        "--locustfile",
        LOCUSTFILE,
        "--stats",
        &stats,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let out = common::run_bounded(&args, &repo);
    out.assert_code(0);
    serde_json::from_str(&out.out()).expect("report JSON")
}

fn run(name: &str) -> std::path::PathBuf {
    common::repo().join("fixtures/runs").join(name)
}

/// Endpoints with requests, and the coverage counts of every category.
fn coverage(r: &Value) -> (BTreeSet<String>, Value) {
    let hit = r["endpoints"]
        .as_array()
        .expect("endpoints")
        .iter()
        .filter(|e| e["stats"].is_object())
        .map(|e| format!("{} {}", e["method"], e["path"]))
        .collect();
    (hit, r["coverage"].clone())
}

/// Each finding's kind and what it is about.
fn findings(r: &Value) -> BTreeSet<String> {
    r["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| format!("{} {}", f["kind"], f["endpoints"]))
        .collect()
}

#[test]
fn the_json_and_html_reports_give_the_coverage_and_findings_of_the_csv_files() {
    let csv = report(&run("mix_faulty"), &[]);
    let html = report(&run("mix_faulty.html"), &[]);
    let json = report(&run("mix_faulty.json"), &[]);
    assert_eq!(csv["run"]["stats_format"], "current");
    assert_eq!(html["run"]["stats_format"], "html");
    assert_eq!(json["run"]["stats_format"], "json");
    assert_eq!(coverage(&html), coverage(&csv));
    assert_eq!(coverage(&json), coverage(&csv));
    assert_eq!(findings(&html), findings(&csv));
    // Beside its CSV files the JSON report takes their failures and
    // exceptions: the same findings.
    assert_eq!(findings(&json), findings(&csv));

    // Alone, it holds no failure messages or exceptions: coverage stays,
    // the findings built on error messages go, and a warning says so.
    let alone = tempfile::tempdir().expect("temp dir");
    let copy = alone.path().join("mix_faulty.json");
    std::fs::copy(run("mix_faulty.json"), &copy).expect("copy");
    let lone = report(&copy, &[]);
    assert_eq!(coverage(&lone), coverage(&csv));
    let missing: BTreeSet<String> = findings(&csv)
        .difference(&findings(&lone))
        .cloned()
        .collect();
    assert!(
        missing.iter().all(|f| f.starts_with("\"exception\"")
            || f.starts_with("\"auth_failures\"")
            || f.starts_with("\"mix\"")),
        "{missing:?}"
    );
    let warned = lone["warnings"].to_string();
    assert!(warned.contains("holds no failure messages"), "{warned}");
}

#[test]
fn percentiles_from_the_json_histograms_are_locusts_own() {
    for name in ["mix_healthy.json", "mix_faulty.json"] {
        let r = report(&run(name), &[]);
        let combined = r["endpoints"]
            .as_array()
            .expect("endpoints")
            .iter()
            .filter(|e| {
                e["stats"]["rows"]
                    .as_array()
                    .is_some_and(|rows| rows.len() > 1)
            })
            .count();
        if name == "mix_healthy.json" {
            assert!(
                combined > 0,
                "the healthy run has an endpoint of two stats names"
            );
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let ours = dir.path().join("routecov.json");
        std::fs::write(&ours, r.to_string()).expect("write");
        let out = std::process::Command::new(common::python())
            .arg(common::repo().join("tests/python/locust_json_stats.py"))
            .arg(run(name))
            .arg(&ours)
            .output()
            .expect("python runs");
        assert!(
            out.status.success(),
            "{name}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn mix_findings(r: &Value) -> Vec<(String, String)> {
    r["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["kind"] == "mix")
        .map(|f| {
            (
                f["endpoints"][0].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn on_the_long_healthy_run_every_share_is_within_the_factor() {
    let r = report(&run("mix_healthy"), &[]);
    let rows = r["mix"]["endpoints"].as_array().expect("mix rows");
    assert!(rows.len() >= 5, "{rows:?}");
    for row in rows {
        assert_eq!(row["off"], false, "{row}");
    }
    assert_eq!(mix_findings(&r), vec![]);
}

#[test]
fn on_the_faulty_run_the_starved_endpoints_are_named_with_their_reasons() {
    let r = report(&run("mix_faulty"), &[]);
    let found = mix_findings(&r);
    let low: Vec<&(String, String)> = found
        .iter()
        .filter(|f| f.1.contains("less than expected") || f.1.contains("none of them arrived"))
        .collect();
    let names: BTreeSet<&str> = low.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "GET /api/v1/projects/(?P<pk>[0-9]+)/$",
            "GET /detail_project/<int:project_id>/rekap-rab/",
        ]),
        "{found:#?}"
    );
    let why = |endpoint: &str| {
        low.iter()
            .find(|f| f.0 == endpoint)
            .map(|f| f.1.clone())
            .unwrap_or_default()
    };
    let project = why("GET /api/v1/projects/(?P<pk>[0-9]+)/$");
    assert!(project.contains("its task raises: 'results'"), "{project}");
    assert!(
        project.contains("ReviewerUser's on_start request POST [AUTH] Login POST failed"),
        "{project}"
    );
    let rekap = why("GET /detail_project/<int:project_id>/rekap-rab/");
    assert!(
        rekap.contains("ReaderUser.rekap_report is tagged reports"),
        "{rekap}"
    );
    // The rest rose by what those lost, and say so.
    for (endpoint, message) in found.iter().filter(|f| !names.contains(f.0.as_str())) {
        assert!(
            message.contains("endpoints below their share leave it to the others"),
            "{endpoint}: {message}"
        );
    }

    // Told the run's tag filter, the report expects the rekap page's small share.
    let told = report(&run("mix_faulty"), &["--exclude-tags", "reports"]);
    let told: BTreeSet<String> = mix_findings(&told).into_iter().map(|f| f.0).collect();
    assert!(
        !told.contains("GET /detail_project/<int:project_id>/rekap-rab/"),
        "{told:?}"
    );
    assert!(
        told.contains("GET /api/v1/projects/(?P<pk>[0-9]+)/$"),
        "{told:?}"
    );
}
