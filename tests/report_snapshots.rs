//! Snapshots of `routecov report` in every format: the fixture project with
//! the estimator locustfile and its faulty run (the audit reports' tag
//! filter), and a declared-only report without stats.

mod common;

use assert_cmd::Command;

fn report(args: &[&str], format: &str) -> String {
    let out = Command::cargo_bin("routecov")
        .expect("binary")
        .current_dir(common::repo())
        .env_remove("COLUMNS")
        .args(["report", "-q", "--format", format])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

const FAULTY: &[&str] = &[
    "--project",
    "fixtures/estimator",
    "--locustfile",
    "fixtures/locust/estimator_locustfile.py",
    "--stats",
    "fixtures/runs/faulty_estimator",
    "--tags",
    "api",
    "page",
    "phase1",
    "--exclude-tags",
    "export",
    "admin",
];

const DECLARED: &[&str] = &[
    "--project",
    "fixtures/estimator",
    "--locustfile",
    "fixtures/locust/estimator_locustfile.py",
];

#[test]
fn faulty_run_in_every_format() {
    for format in ["table", "json", "csv", "markdown", "junit"] {
        let text = report(FAULTY, format);
        insta::assert_snapshot!(format!("report_faulty_{format}"), text);
    }
}

#[test]
fn declared_only_in_every_format() {
    for format in ["table", "json", "csv", "markdown", "junit"] {
        let text = report(DECLARED, format);
        insta::assert_snapshot!(format!("report_declared_{format}"), text);
    }
}

#[test]
fn json_contract_fields_are_there() {
    let v: serde_json::Value = serde_json::from_str(&report(FAULTY, "json")).expect("json");
    for k in [
        "schema_version",
        "coverage_basis",
        "summary",
        "categories",
        "endpoints",
        "unmatched",
        "findings",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(v["coverage_basis"], "exercised");
    for k in ["endpoints", "covered", "coverage_pct"] {
        assert!(v["summary"][k].is_number(), "summary.{k}");
    }
    for c in v["categories"].as_array().expect("list") {
        for k in ["name", "endpoints", "covered", "coverage_pct"] {
            assert!(c.get(k).is_some(), "category {k}");
        }
    }
    let rekap = v["endpoints"]
        .as_array()
        .expect("list")
        .iter()
        .find(|e| {
            e["path"] == "/detail_project/api/project/<int:project_id>/rekap/"
                && e["method"] == "GET"
        })
        .expect("rekap endpoint");
    assert_eq!(rekap["status"], "exercised");
    assert_eq!(rekap["route_name"], "detail_project:api_rekap");
    let s = &rekap["stats"];
    assert_eq!(s["name"], "/api/project/[id]/rekap/");
    assert_eq!(s["requests"], 12);
    assert_eq!(s["failures"], 2);
    assert_eq!(s["approximate"], false);
    for k in ["median_ms", "p95_ms", "p99_ms", "max_ms", "rps"] {
        assert!(s[k].is_number(), "stats.{k}");
    }
    let kinds: Vec<&str> = v["findings"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    for k in ["unmatched", "method_mismatch", "exception"] {
        assert!(kinds.contains(&k), "no {k} finding in {kinds:?}");
    }
    // The declared-only report says so.
    let d: serde_json::Value = serde_json::from_str(&report(DECLARED, "json")).expect("json");
    assert_eq!(d["coverage_basis"], "declared");
    assert!(d["endpoints"]
        .as_array()
        .expect("list")
        .iter()
        .all(|e| e["status"] != "exercised" && e["stats"].is_null()));
}
