//! `routecov journey` on the fixture journey (fixtures/runs/README.md): four
//! runs of the fixture app, each built to get better or worse in a known way.
//! The tests check what the runs were built to show, not exact counts.

mod common;

use assert_cmd::Command;
use serde_json::Value;

const DIR: &str = "fixtures/runs/journey";
const RUNS: [&str; 4] = [
    "01_baseline",
    "02_page_failing",
    "03_logins_failing",
    "04_fixed",
];

fn routecov() -> Command {
    let mut c = Command::cargo_bin("routecov").expect("binary builds");
    c.current_dir(common::repo());
    c
}

fn json(args: &[&str]) -> Value {
    let out = routecov().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn names(v: &Value) -> Vec<String> {
    v["runs"]
        .as_array()
        .expect("runs")
        .iter()
        .map(|r| r["name"].as_str().unwrap_or("").to_string())
        .collect()
}

/// `(kind, row)` of every finding across runs.
fn findings(v: &Value) -> Vec<(String, String)> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap_or("").to_string(),
                f["row"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn finding<'a>(v: &'a Value, kind: &str, row: &str) -> &'a Value {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["kind"] == kind && f["row"] == row)
        .unwrap_or_else(|| panic!("no {kind} finding for {row}: {:#?}", findings(v)))
}

fn rows_of(v: &Value, kind: &str) -> Vec<String> {
    findings(v)
        .into_iter()
        .filter(|(k, _)| k == kind)
        .map(|(_, r)| r)
        .collect()
}

#[test]
fn a_directory_is_sorted_by_start_time_and_given_runs_keep_their_order() {
    let v = json(&["journey", DIR, "--format", "json"]);
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["order"], "start_time");
    assert_eq!(names(&v), RUNS);
    let reversed: Vec<String> = RUNS.iter().rev().map(|r| format!("{DIR}/{r}")).collect();
    let mut args = vec!["journey", "--format", "json"];
    args.extend(reversed.iter().map(String::as_str));
    let v = json(&args);
    assert_eq!(v["order"], "given");
    let mut expected = RUNS.to_vec();
    expected.reverse();
    assert_eq!(names(&v), expected);
}

#[test]
fn the_run_table_shows_the_worst_run() {
    let v = json(&["journey", DIR, "--format", "json"]);
    let runs = v["runs"].as_array().expect("runs");
    let success: Vec<f64> = runs
        .iter()
        .map(|r| r["success_pct"].as_f64().expect("success %"))
        .collect();
    // Run 03 fails logins (and what anonymous users then do) and the page.
    let worst = success
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, _)| i);
    assert_eq!(worst, Some(2), "{success:?}");
    for r in runs {
        let a = &r["aggregated"];
        assert!(a["requests"].as_u64().unwrap_or(0) > 50, "{r}");
        assert!(a["rps"].as_f64().unwrap_or(0.0) > 1.0, "{r}");
        assert!(a["median_ms"].as_u64().is_some() && a["p95_ms"].as_u64().is_some());
        let failure_pct = a["failure_pct"].as_f64().unwrap_or(0.0);
        let s = r["success_pct"].as_f64().unwrap_or(0.0);
        assert!((s + failure_pct - 100.0).abs() < 0.011, "{r}");
    }
}

#[test]
fn the_findings_are_the_faults_the_runs_were_built_with() {
    let v = json(&["journey", DIR, "--format", "json"]);
    // The rekap API fails one request in four in every run.
    let f = finding(&v, "failing_every_run", "GET /api/project/[id]/rekap/");
    assert_eq!(f["runs"].as_array().map(Vec::len), Some(4));
    // The list-pekerjaan page fails in runs 02 and 03 and is fixed in 04.
    let f = finding(
        &v,
        "stopped_failing",
        "GET /detail_project/[id]/list-pekerjaan/",
    );
    assert_eq!(
        f["runs"],
        serde_json::json!(["02_page_failing", "03_logins_failing"])
    );
    // One login in four fails in run 03 only.
    let f = finding(&v, "stopped_failing", "POST [AUTH] Login POST");
    assert_eq!(f["runs"], serde_json::json!(["03_logins_failing"]));
    // The rekap-rab page gets slower every run; nothing else does.
    assert_eq!(
        rows_of(&v, "p95_rising"),
        ["GET /detail_project/[id]/rekap-rab/"]
    );
    assert!(rows_of(&v, "p95_falling").is_empty());
    // Nothing began failing in the last run.
    assert!(rows_of(&v, "started_failing").is_empty());
    // Nothing is judged pooled with the default 10 requests a row needs: no
    // row of the fixture has 10 requests over its runs and fewer than 10 in
    // each that looks bimodal.
    assert_eq!(v["pooled"], serde_json::json!([]));
}

#[test]
fn a_row_too_small_in_every_run_is_judged_on_the_runs_pooled() {
    // The rekap-kebutuhan-enhanced API: 4, 1, 1 and 3 requests, one in three
    // stalled 1 s. With 5 requests enough to judge a row, no run can, the
    // four together can.
    let dir = tempfile::tempdir().expect("tmp");
    let config = dir.path().join("routecov.toml");
    std::fs::write(&config, "[thresholds]\nmin_requests = 5\n").expect("write");
    let config = config.to_string_lossy().into_owned();
    let v = json(&["journey", DIR, "--config", &config, "--format", "json"]);
    let pooled = v["pooled"].as_array().expect("pooled");
    assert!(
        pooled.iter().any(|f| f["kind"] == "bimodal"
            && f["endpoints"][0] == "GET /api/project/[id]/rekap-kebutuhan-enhanced/"
            && f["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("pooled over 4 runs"))),
        "{pooled:#?}"
    );
}

#[test]
fn the_page_row_fails_every_request_in_runs_02_and_03_only() {
    let v = json(&["journey", DIR, "--format", "json"]);
    let row = v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["label"] == "GET /detail_project/[id]/list-pekerjaan/")
        .expect("the list-pekerjaan page row");
    let per_run: Vec<(u64, u64)> = row["runs"]
        .as_array()
        .expect("runs")
        .iter()
        .map(|f| {
            (
                f["failures"].as_u64().expect("in every run"),
                f["requests"].as_u64().expect("in every run"),
            )
        })
        .collect();
    assert_eq!(per_run[0].0, 0, "{per_run:?}");
    assert!(
        per_run[1].0 == per_run[1].1 && per_run[1].1 > 0,
        "{per_run:?}"
    );
    assert!(
        per_run[2].0 == per_run[2].1 && per_run[2].1 > 0,
        "{per_run:?}"
    );
    assert_eq!(per_run[3].0, 0, "{per_run:?}");
    // The rekap-rab page's p95, run by run, only goes up.
    let rab = v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["label"] == "GET /detail_project/[id]/rekap-rab/")
        .expect("the rekap-rab page row");
    let p95: Vec<u64> = rab["runs"]
        .as_array()
        .expect("runs")
        .iter()
        .map(|f| f["p95_ms"].as_u64().expect("p95"))
        .collect();
    assert!(p95.windows(2).all(|w| w[1] > w[0]), "{p95:?}");
}

#[test]
fn rows_come_worst_first_with_one_entry_per_run() {
    let v = json(&["journey", DIR, "--format", "json"]);
    let rows = v["rows"].as_array().expect("rows");
    let failures: Vec<u64> = rows
        .iter()
        .map(|r| r["failures"].as_u64().unwrap_or(0))
        .collect();
    assert!(failures.windows(2).all(|w| w[0] >= w[1]), "{failures:?}");
    assert!(rows
        .iter()
        .all(|r| r["runs"].as_array().map(Vec::len) == Some(4)));
    assert_eq!(v["rows_are_endpoints"], false);
}

#[test]
fn with_the_project_rows_are_endpoints() {
    let v = json(&[
        "journey",
        DIR,
        "--project",
        "fixtures/estimator",
        "--locustfile",
        "fixtures/locust/estimator_locustfile.py",
        "--format",
        "json",
    ]);
    assert_eq!(v["rows_are_endpoints"], true);
    let rising = rows_of(&v, "p95_rising");
    assert_eq!(rising.len(), 1, "{rising:?}");
    assert!(
        // The page's view does not say its methods: `ANY`.
        rising[0].contains(" /detail_project/<") && rising[0].ends_with("/rekap-rab/"),
        "{rising:?}"
    );
    let every = rows_of(&v, "failing_every_run");
    assert!(
        every
            .iter()
            .any(|r| r.starts_with("GET /detail_project/api/project/<") && r.ends_with("/rekap/")),
        "{every:?}"
    );
}

#[test]
fn table_markdown_and_html_show_runs_rows_and_findings() {
    let table = routecov().args(["journey", DIR]).output().expect("runs");
    assert!(table.status.success());
    let table = String::from_utf8_lossy(&table.stdout);
    for needle in [
        "4 runs, sorted by start time",
        "03_logins_failing",
        "success %",
        "Across runs:",
        "p95 rises",
    ] {
        assert!(table.contains(needle), "{needle} missing:\n{table}");
    }
    let md = routecov()
        .args(["journey", DIR, "--format", "markdown"])
        .output()
        .expect("runs");
    let md = String::from_utf8_lossy(&md.stdout).into_owned();
    insta::assert_snapshot!("journey_fixture_markdown", md);
    let html = routecov()
        .args(["journey", DIR, "--format", "html"])
        .output()
        .expect("runs");
    let html = String::from_utf8_lossy(&html.stdout);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.matches("<polyline").count() >= 4, "lines per run");
    assert!(html.contains("p95 per run of the rows with findings"));
    assert!(html.contains("[AUTH] Login POST"));
}

#[test]
fn output_is_deterministic() {
    let a = routecov()
        .args(["journey", DIR, "--format", "json"])
        .output()
        .expect("runs");
    let b = routecov()
        .args(["journey", DIR, "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn bad_input_is_a_usage_error() {
    let out = routecov()
        .args([
            "journey",
            "fixtures/runs/journey/01_baseline",
            "fixtures/runs/no_such_run",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no_such_run"));
    let out = routecov()
        .args(["journey", DIR, "--format", "csv"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not available for `journey`"));
    let out = routecov().args(["journey"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

/// Copies the stats file (only) of `run` into `dir` as `name`, modified at
/// `secs` after the epoch.
fn stats_only(dir: &std::path::Path, run: &str, name: &str, secs: u64) {
    let to = dir.join(format!("{name}_stats.csv"));
    std::fs::copy(common::repo().join(format!("{DIR}/{run}_stats.csv")), &to).expect("copy");
    let f = std::fs::File::options()
        .write(true)
        .open(&to)
        .expect("open");
    f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
        .expect("set mtime");
}

#[test]
fn runs_without_a_history_are_sorted_by_modification_time() {
    let dir = tempfile::tempdir().expect("tmp");
    // Name order is the opposite of time order.
    stats_only(dir.path(), "01_baseline", "b_first", 1_000);
    stats_only(dir.path(), "02_page_failing", "a_second", 2_000);
    let path = dir.path().to_string_lossy().into_owned();
    let v = json(&["journey", &path, "--format", "json"]);
    assert_eq!(names(&v), ["b_first", "a_second"]);
    assert!(v["runs"][0]["started"].is_null());
}

#[test]
fn hostile_names_are_escaped_in_table_and_markdown() {
    // Pipes would end a Markdown cell; escape codes would reach the terminal.
    let dir = tempfile::tempdir().expect("tmp");
    let header = "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,95%,100%";
    for (run, fails) in [("a", 1), ("b", 2)] {
        common::write(
            dir.path(),
            &format!("{run}_stats.csv"),
            &format!(
                "{header}\nGET,\"|x| `y` \x1b[31mred\",4,{fails},10,10,5,20,1,1.0,0.0,10,20,20\n,Aggregated,4,{fails},10,10,5,20,1,1.0,0.0,10,20,20\n"
            ),
        );
    }
    let a = dir.path().join("a").to_string_lossy().into_owned();
    let b = dir.path().join("b").to_string_lossy().into_owned();
    let md = routecov()
        .args(["journey", &a, &b, "--format", "markdown"])
        .output()
        .expect("runs");
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.contains("failed in all 2 runs"), "{md}");
    assert!(!md.contains("|x|"), "{md}");
    let table = routecov().args(["journey", &a, &b]).output().expect("runs");
    assert!(!String::from_utf8_lossy(&table.stdout).contains('\x1b'));
}
