//! `routecov check`: exit codes follow the criteria; the timeline finds the
//! onset of failures in the faulty fixture run.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use routecov::analysis::timeline::timeline;
use routecov::extract::locust_csv::read_run;

fn routecov() -> Command {
    let mut c = Command::cargo_bin("routecov").expect("binary builds");
    c.current_dir(common::repo());
    c
}

#[test]
fn healthy_run_passes_lax_limits() {
    routecov()
        .args(["check", "--stats", "fixtures/runs/nofault_package"])
        .args([
            "--min-success-pct",
            "99",
            "--max-p95-ms",
            "5000",
            "--max-failures",
            "0",
            "--min-rps",
            "5",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PASS: 4 of 4 criteria met"));
}

#[test]
fn faulty_run_fails_the_defaults_and_flags() {
    // Defaults: success >= 99%, p95 <= 2000 ms.
    routecov()
        .args(["check", "--stats", "fixtures/runs/faulty_estimator"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("83.85%"))
        .stdout(predicate::str::contains("default"));
    routecov()
        .args([
            "check",
            "--stats",
            "fixtures/runs/faulty_estimator",
            "--max-failures",
            "20",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("max_failures"));
    // Lax enough flags pass even this run.
    routecov()
        .args([
            "check",
            "--stats",
            "fixtures/runs/faulty_estimator",
            "--min-success-pct",
            "80",
        ])
        .args(["--max-max-ms", "2100"])
        .assert()
        .code(0);
    routecov()
        .args(["check", "--stats", "fixtures/runs/nope"])
        .assert()
        .code(2);
}

#[test]
fn flags_override_configuration_and_endpoint_limits_apply_per_row() {
    let dir = common::project(&[(
        "routecov.toml",
        "[criteria]\nmin_success_pct = 99.5\n[criteria.endpoints.\"GET /detail_project/[id]/rekap-rab/\"]\nmax_p95_ms = 500\n[criteria.endpoints.\"GET /no/such/row/\"]\nmax_failures = 0\n",
    )]);
    let cfg = dir.path().join("routecov.toml");
    let cfg = cfg.to_string_lossy();
    let out = routecov()
        .args([
            "check",
            "--stats",
            "fixtures/runs/faulty_estimator",
            "--config",
            &cfg,
        ])
        .args(["--min-success-pct", "80", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let r = v["results"].as_array().expect("results");
    assert_eq!(r[0]["criterion"], "min_success_pct");
    assert_eq!(
        (r[0]["source"].as_str(), r[0]["status"].as_str()),
        (Some("flag"), Some("pass"))
    );
    let row = r
        .iter()
        .find(|x| x["scope"] == "GET /detail_project/[id]/rekap-rab/")
        .expect("endpoint row");
    assert_eq!(
        (row["actual"].as_f64(), row["status"].as_str()),
        (Some(650.0), Some("fail"))
    );
    let missing = r
        .iter()
        .find(|x| x["scope"] == "GET /no/such/row/")
        .expect("missing");
    assert_eq!(missing["status"], "missing");
}

#[test]
fn categories_without_a_project_are_missing_not_passed() {
    let dir = common::project(&[(
        "routecov.toml",
        "[criteria.categories.export]\nmax_p95_ms = 30000\n",
    )]);
    let cfg = dir.path().join("routecov.toml");
    routecov()
        .args([
            "check",
            "--stats",
            "fixtures/runs/nofault_estimator",
            "--config",
        ])
        .arg(&cfg)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("category criteria need --project"));
    // With the project, export rows are found through the locustfile's names.
    routecov()
        .args([
            "check",
            "--stats",
            "fixtures/runs/nofault_estimator",
            "--config",
        ])
        .arg(&cfg)
        .args([
            "--project",
            "fixtures/estimator",
            "-f",
            "fixtures/locust/estimator_locustfile.py",
        ])
        .args(["--format", "json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "\"category export: GET /api/project/[id]/export/",
        ));
}

#[test]
fn timeline_finds_the_onset_of_failures() {
    // fixtures/runs/faulty_estimator_stats_history.csv: the Aggregated rows
    // start at 1795625731 with 0 users; the first failures are counted at
    // 1795625732 (8 users, 3 failures); 30 users from 1795625735.
    let run = read_run(&common::repo().join("fixtures/runs/faulty_estimator")).expect("reads");
    let t = timeline(&run).expect("history");
    assert_eq!(t.start, 1795625731);
    assert_eq!(t.first_failure_s, Some(1));
    assert_eq!(t.users_at_first_failure, Some(8));
    assert_eq!((t.peak_users, t.ramp_s), (Some(30), Some(4)));
    assert_eq!(t.duration_s, 15);
    assert_eq!(
        t.summary,
        "users ramped 0 -> 30 in 4 s; failures began 1 s after the start, at 8 users, 3 s before the user count reached 30 (during the ramp); failures went on to the end (the last at 15 s of 15 s)"
    );
    assert_eq!((t.last_failure_s, t.failing_at_end), (Some(15), true));
    // fixtures/runs/pair_baseline_stats_history.csv: the Aggregated failure
    // count is 2 at + 2 s and reaches its final 4 at + 6 s; the run goes on
    // to + 14 s without another.
    let pair = read_run(&common::repo().join("fixtures/runs/pair_baseline")).expect("reads");
    let t = timeline(&pair).expect("history");
    assert_eq!(
        (t.first_failure_s, t.last_failure_s, t.failing_at_end),
        (Some(2), Some(6), false)
    );
    assert!(
        t.summary
            .ends_with("; the last failure was at 6 s, 8 s before the end"),
        "{}",
        t.summary
    );
    let healthy = read_run(&common::repo().join("fixtures/runs/nofault_package")).expect("reads");
    let t = timeline(&healthy).expect("history");
    assert_eq!(t.first_failure_s, None);
    assert_eq!((t.last_failure_s, t.failing_at_end), (None, false));
    assert!(t.summary.ends_with("no failures in 14 s"), "{}", t.summary);
}

#[test]
fn snapshots() {
    let out = routecov()
        .args([
            "check",
            "--stats",
            "fixtures/runs/faulty_estimator",
            "--max-p99-ms",
            "1000",
        ])
        .output()
        .expect("runs");
    insta::assert_snapshot!("check_faulty_table", String::from_utf8_lossy(&out.stdout));
    let out = routecov()
        .args([
            "check",
            "--stats",
            "fixtures/runs/faulty_estimator",
            "--max-p99-ms",
            "1000",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    insta::assert_snapshot!("check_faulty_json", String::from_utf8_lossy(&out.stdout));
}
