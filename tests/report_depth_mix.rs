//! Load depth and the intended versus actual mix on fixture runs: each
//! endpoint's depth against `--min-samples`, gates on the load-tested basis,
//! and `mix` findings on a run whose counts are changed so that one
//! endpoint is starved while the rest keep the locustfile's mix.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

const FAULTY: &[&str] = &[
    "report",
    "-q",
    "--project",
    "fixtures/estimator",
    "--locustfile",
    "fixtures/locust/estimator_locustfile.py",
    "--tags",
    "api",
    "page",
    "phase1",
    "--exclude-tags",
    "export",
    "admin",
    "--format",
    "json",
];

fn report(stats: &str, extra: &[&str]) -> (Value, Option<i32>) {
    let out = Command::cargo_bin("routecov")
        .expect("binary")
        .current_dir(common::repo())
        .args(FAULTY)
        .args(["--stats", stats])
        .args(extra)
        .output()
        .expect("runs");
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    (v, out.status.code())
}

#[test]
fn depth_follows_min_samples() {
    let (r, _) = report("fixtures/runs/faulty_estimator", &["--min-samples", "10"]);
    assert_eq!(r["min_samples"], 10);
    let depth_of = |label: &str| {
        r["endpoints"]
            .as_array()
            .expect("endpoints")
            .iter()
            .find(|e| {
                format!(
                    "{} {}",
                    e["method"].as_str().unwrap(),
                    e["path"].as_str().unwrap()
                ) == label
            })
            .map(|e| e["depth"].clone())
            .expect("endpoint")
    };
    // 41 requests, 9 requests, none.
    assert_eq!(depth_of("GET /dashboard/"), "load_tested");
    assert_eq!(
        depth_of("GET /detail_project/<int:project_id>/harga-items/"),
        "shallow"
    );
    assert_eq!(depth_of("GET /health/"), Value::Null);
    let total = &r["summary"]["depth"];
    assert_eq!(total["exercised"], 18);
    assert_eq!(
        total["load_tested"].as_u64().unwrap() + total["shallow"].as_u64().unwrap(),
        18
    );
    let shallow = r["shallow"].as_array().expect("shallow");
    assert_eq!(shallow.len() as u64, total["shallow"].as_u64().unwrap());
    let counts: Vec<u64> = shallow
        .iter()
        .map(|s| s["requests"].as_u64().unwrap())
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] <= w[1]),
        "fewest first: {counts:?}"
    );
    assert!(counts.iter().all(|c| *c < 10));
    for c in r["categories"].as_array().expect("categories") {
        let d = &c["depth"];
        assert!(d["load_tested"].as_u64() <= d["exercised"].as_u64(), "{c}");
    }
    // The bimodal endpoint has 13 requests: under 100 its finding says so,
    // under 10 it does not.
    let bimodal = |r: &Value| {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["kind"] == "bimodal")
            .map(|f| f["message"].as_str().unwrap().to_string())
            .expect("bimodal finding")
    };
    assert!(!bimodal(&r).contains("min_samples"));
    let (default, _) = report("fixtures/runs/faulty_estimator", &[]);
    assert!(bimodal(&default).contains("only 13 requests, under min_samples 100"));
}

#[test]
fn gates_count_load_tested_endpoints_when_asked() {
    let (exercised, code) = report("fixtures/runs/faulty_estimator", &["--fail-under", "5"]);
    assert_eq!(exercised["gates"][0]["passed"], true);
    assert_eq!(exercised["gates"][0]["basis"], "exercised");
    assert_eq!(code, Some(0));
    let (loaded, code) = report(
        "fixtures/runs/faulty_estimator",
        &["--fail-under", "5", "--coverage-basis", "load_tested"],
    );
    let g = &loaded["gates"][0];
    assert_eq!(g["passed"], false, "{g}");
    assert_eq!(g["basis"], "load_tested");
    assert_eq!(g["value"], 0.0);
    let message = g["message"].as_str().unwrap();
    assert!(
        message
            .contains("load-tested, at least 100 requests; coverage_basis from --coverage-basis"),
        "{message}"
    );
    assert_ne!(code, Some(0));
}

/// The faulty run with every count times `scale`, but `keep`'s, written
/// under `dir` with its other files.
fn scaled_run(dir: &Path, scale: u64, keep: &str) -> String {
    let src = common::repo().join("fixtures/runs/faulty_estimator");
    for suffix in ["_failures.csv", "_exceptions.csv", "_stats_history.csv"] {
        let from = format!("{}{suffix}", src.display());
        std::fs::copy(&from, dir.join(format!("run{suffix}"))).expect("copies");
    }
    let text = std::fs::read_to_string(format!("{}_stats.csv", src.display())).expect("reads");
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let mut out = csv::Writer::from_path(dir.join("run_stats.csv")).expect("writes");
    out.write_record(rdr.headers().expect("header"))
        .expect("writes");
    let (mut requests, mut failures) = (0u64, 0u64);
    for rec in rdr.records() {
        let mut rec: Vec<String> = rec.expect("record").iter().map(str::to_string).collect();
        if rec[1] == "Aggregated" {
            rec[2] = requests.to_string();
            rec[3] = failures.to_string();
        } else {
            let n = if rec[1] == keep { 1 } else { scale };
            let r: u64 = rec[2].parse().expect("count");
            let f: u64 = rec[3].parse().expect("count");
            rec[2] = (r * n).to_string();
            rec[3] = (f * n).to_string();
            requests += r * n;
            failures += f * n;
        }
        out.write_record(&rec).expect("writes");
    }
    out.flush().expect("flushes");
    dir.join("run").display().to_string()
}

#[test]
fn a_starved_endpoint_is_a_mix_finding_with_its_reasons() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = scaled_run(dir.path(), 10, "/api/project/[id]/list-pekerjaan/");
    let (r, _) = report(&run, &[]);
    let mix = &r["mix"];
    assert_eq!(mix["factor"], 2.0);
    assert_eq!(mix["users"], 30);
    let off: Vec<&Value> = mix["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["off"] == true)
        .collect();
    let labels: Vec<&str> = off
        .iter()
        .map(|e| e["endpoint"].as_str().unwrap())
        .collect();
    // Scaling keeps the short run's chance deviations (an endpoint with 0 of
    // 4 expected requests is now 0 of 40), so those are off too; endpoints
    // the run hit as often as the mix says are not.
    let starved = "GET /detail_project/api/project/<int:project_id>/list-pekerjaan/";
    assert!(labels.contains(&starved), "{labels:?}");
    for fine in [
        "GET /dashboard/",
        "GET /detail_project/api/project/<int:project_id>/rekap/",
    ] {
        assert!(!labels.contains(&fine), "{fine} is not off: {labels:?}");
    }
    let row = off.iter().find(|e| e["endpoint"] == starved).unwrap();
    assert!(row["ratio"].as_f64().unwrap() < 0.5, "{row}");
    let findings: Vec<&Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "mix")
        .collect();
    assert_eq!(findings.len(), off.len());
    let finding = findings
        .iter()
        .find(|f| f["endpoints"][0] == starved)
        .expect("a finding for the starved endpoint");
    let message = finding["message"].as_str().unwrap();
    for part in [
        "less than expected",
        "6 of its 10 requests failed",
        "on_start request POST [AUTH] Login POST failed",
    ] {
        assert!(message.contains(part), "{part:?} not in {message}");
    }
}

#[test]
fn the_mix_is_rendered_in_every_format() {
    for (format, needle) in [
        ("table", "Mix, expected versus actual share"),
        ("markdown", "### Intended versus actual mix"),
        ("html", "Intended versus actual mix"),
    ] {
        let out = Command::cargo_bin("routecov")
            .expect("binary")
            .current_dir(common::repo())
            .args(&FAULTY[..FAULTY.len() - 2])
            .args([
                "--stats",
                "fixtures/runs/faulty_estimator",
                "--format",
                format,
            ])
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(needle), "{format}: no {needle:?}");
        assert!(text.contains("oad depth"), "{format}: no load depth");
    }
}

#[test]
fn the_configuration_sets_the_basis_and_the_sample_and_the_gate_says_where() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("routecov.toml");
    std::fs::write(
        &config,
        "fail_under = 5\ncoverage_basis = \"load_tested\"\nmin_samples = 40\n[mix]\nfactor = 3\n",
    )
    .expect("writes");
    let (r, code) = report(
        "fixtures/runs/faulty_estimator",
        &["--config", config.to_str().unwrap()],
    );
    assert_eq!(r["min_samples"], 40);
    assert_eq!(r["mix"]["factor"], 3.0);
    let g = &r["gates"][0];
    // Only GET /dashboard/ (41 requests) is load-tested: 1 of 187.
    assert_eq!(g["value"], 0.5, "{g}");
    assert_eq!(g["basis"], "load_tested");
    let message = g["message"].as_str().unwrap();
    assert!(
        message.contains("at least 40 requests; coverage_basis from"),
        "{message}"
    );
    assert!(message.contains("routecov.toml:2"), "{message}");
    assert_ne!(code, Some(0));
    std::fs::write(&config, "coverage_basis = \"deep\"\n").expect("writes");
    let out = Command::cargo_bin("routecov")
        .expect("binary")
        .current_dir(common::repo())
        .args(FAULTY)
        .args(["--stats", "fixtures/runs/faulty_estimator", "--config"])
        .arg(&config)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "an unknown basis is an error");
}

#[test]
fn check_notes_a_percentile_criterion_on_a_small_sample() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("routecov.toml");
    let write = |min: u64| {
        std::fs::write(
            &config,
            format!("min_samples = {min}\n[criteria.endpoints]\n\"GET /dashboard/\" = {{ max_p95_ms = 5000, min_success_pct = 50 }}\n"),
        )
        .expect("writes")
    };
    let results = || {
        let out = Command::cargo_bin("routecov")
            .expect("binary")
            .current_dir(common::repo())
            .args([
                "check",
                "--stats",
                "fixtures/runs/faulty_estimator",
                "--format",
                "json",
                "--config",
            ])
            .arg(&config)
            .output()
            .expect("runs");
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        v["results"].as_array().expect("results").clone()
    };
    write(100);
    let r = results();
    let p95 = r
        .iter()
        .find(|x| x["criterion"] == "max_p95_ms")
        .expect("p95");
    let note = p95["note"].as_str().expect("a note");
    assert!(
        note.contains("only 35 requests, under min_samples 100"),
        "{note}"
    );
    let success = r
        .iter()
        .find(|x| x["criterion"] == "min_success_pct")
        .expect("success");
    assert!(
        success.get("note").is_none(),
        "a rate is no percentile: {success}"
    );
    write(30);
    let r = results();
    let p95 = r
        .iter()
        .find(|x| x["criterion"] == "max_p95_ms")
        .expect("p95");
    assert!(p95.get("note").is_none(), "{p95}");
}
