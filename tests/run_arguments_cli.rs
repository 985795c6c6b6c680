//! The run's own arguments on the command line: a locustfile that reads
//! `sys.argv` (fixtures/locust/argv_locustfile.py) under `tasks` and `report`,
//! `--locust-args`, `no_tasks` predictions checked against the run's
//! exceptions file, and `report --client-timeout`.

mod common;

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

const ARGV: &str = "fixtures/locust/argv_locustfile.py";
const ESTIMATOR: &str = "fixtures/locust/estimator_locustfile.py";
/// The seeds' v26 filter: `export` right after --exclude-tags.
const V26: &[&str] = &[
    "--tags",
    "api",
    "page",
    "phase1",
    "--exclude-tags",
    "export",
    "admin",
];

fn routecov() -> Command {
    let mut c = Command::cargo_bin("routecov").expect("binary");
    c.current_dir(common::repo()).env_remove("COLUMNS");
    c
}

fn json(args: &[&str]) -> Value {
    let out = routecov()
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert!(
        out.status.code() == Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn user<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["users"]
        .as_array()
        .and_then(|us| us.iter().find(|u| u["name"] == name))
        .unwrap_or_else(|| panic!("no user {name}"))
}

fn findings_of<'a>(v: &'a Value, kind: &str) -> Vec<&'a Value> {
    v["findings"]
        .as_array()
        .map(|fs| fs.iter().filter(|f| f["kind"] == kind).collect())
        .unwrap_or_default()
}

#[test]
fn tasks_sees_the_filter_in_sys_argv() {
    let v = json(&[&["tasks", "-q", "-f", ARGV], V26].concat());
    let export = user(&v, "ExportUser");
    assert_eq!(export["weight"], 0);
    assert_eq!(export["weight_depends_on"], serde_json::json!(["sys.argv"]));
    assert_eq!(export["spawned"], false);
    assert_eq!(user(&v, "BrowsingUser")["weight"], 2);
    // Without the filter ExportUser is spawned.
    let v = json(&["tasks", "-q", "-f", ARGV]);
    assert_eq!(user(&v, "ExportUser")["weight"], 1);
    // `export` not right after --exclude-tags: spawned with no task left.
    let out = routecov()
        .args(["tasks", "-f", ARGV, "--exclude-tags", "admin", "export"])
        .assert()
        .success();
    out.stderr(contains("No tasks defined on ExportUser"));
}

#[test]
fn report_under_the_filter_has_no_no_tasks_finding() {
    let base = [
        "report",
        "-q",
        "--project",
        "fixtures/estimator",
        "-f",
        ARGV,
    ];
    let v = json(&[&base[..], V26].concat());
    assert!(
        findings_of(&v, "no_tasks").is_empty(),
        "{:#}",
        v["findings"]
    );
    let warned = v["warnings"].as_array().is_some_and(|ws| {
        ws.iter()
            .any(|w| w.to_string().contains("No tasks defined"))
    });
    assert!(!warned, "{:#}", v["warnings"]);
    // The export endpoints say why they do not run, weight 0 included.
    let notes: Vec<&str> = v["endpoints"]
        .as_array()
        .map(|es| {
            es.iter()
                .filter(|e| {
                    e["path"]
                        .as_str()
                        .is_some_and(|p| p.contains("export/rekap-rab/"))
                })
                .filter_map(|e| e["note"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(!notes.is_empty());
    for n in notes {
        assert!(
            n.contains("user class ExportUser is not spawned (weight 0, from sys.argv)"),
            "{n}"
        );
    }
    // The filter that zeroes nothing predicts the exception.
    let v = json(&[&base[..], &["--exclude-tags", "admin", "export"]].concat());
    let nt = findings_of(&v, "no_tasks");
    assert_eq!(nt.len(), 1, "{:#}", v["findings"]);
    assert!(nt[0]["message"].as_str().is_some_and(|m| m
        .starts_with("ExportUser (fixtures/locust/argv_locustfile.py:46) has no task left")
        && m.contains("Locust raises \"No tasks defined on ExportUser\"")));
}

#[test]
fn locust_args_reach_sys_argv_and_the_output() {
    let v = json(&[
        "tasks",
        "-q",
        "-f",
        ARGV,
        "--locust-args",
        "--headless -u 50",
    ]);
    assert_eq!(user(&v, "BrowsingUser")["weight"], 4);
    assert_eq!(
        v["filter"]["locust_args"],
        serde_json::json!(["--headless", "-u", "50"])
    );
    let v = json(&[
        "report",
        "-q",
        "--project",
        "fixtures/estimator",
        "-f",
        ARGV,
        "--locust-args=--headless",
    ]);
    assert!(
        v["filter_text"]
            .as_str()
            .is_some_and(|t| t.contains("--locust-args \"--headless\"")),
        "{}",
        v["filter_text"]
    );
    // compare and check read the locustfile too: they take the option.
    routecov()
        .args([
            "compare",
            "fixtures/runs/pair_baseline",
            "fixtures/runs/pair_candidate",
        ])
        .args([
            "--project",
            "fixtures/estimator",
            "-f",
            ARGV,
            "--locust-args",
            "--headless",
        ])
        .assert()
        .success();
    routecov()
        .args([
            "check",
            "-s",
            "fixtures/runs/pair_baseline",
            "--project",
            "fixtures/estimator",
        ])
        .args([
            "-f",
            ARGV,
            "--locust-args",
            "--headless",
            "--min-success-pct",
            "0",
        ])
        .assert()
        .success();
    // Options with their own flag are refused inside, so sys.argv and the
    // filter cannot disagree; so are unclosed quotes.
    routecov()
        .args([
            "tasks",
            "-f",
            ARGV,
            "--locust-args",
            "--exclude-tags export",
        ])
        .assert()
        .code(2)
        .stderr(contains("pass --exclude-tags to routecov"));
    routecov()
        .args(["tasks", "-f", ARGV, "--locust-args", "--host 'http://x"])
        .assert()
        .code(2)
        .stderr(contains("unclosed single quote"));
}

#[test]
fn a_no_tasks_prediction_the_run_did_not_bear_out_says_so() {
    // pair_baseline ran without a filter: its exceptions file is empty.
    let args = [
        &[
            "report",
            "-q",
            "--project",
            "fixtures/estimator",
            "-f",
            ESTIMATOR,
        ][..],
        V26,
    ]
    .concat();
    let with_run = [&args[..], &["--stats", "fixtures/runs/pair_baseline"]].concat();
    let v = json(&with_run);
    let nt = findings_of(&v, "no_tasks");
    assert_eq!(nt.len(), 1, "{:#}", v["findings"]);
    let m = nt[0]["message"].as_str().unwrap_or("");
    assert!(
        m.contains("so Locust would raise \"No tasks defined on HeavyExportUser\""),
        "{m}"
    );
    assert!(
        m.contains(
            "the run's exceptions file has no such exception: the prediction did not happen"
        ),
        "{m}"
    );
    assert_eq!(nt[0]["numbers"]["count"], 0);
    let warning = v["warnings"]
        .as_array()
        .and_then(|ws| {
            ws.iter().find(|w| {
                w.to_string()
                    .contains("No tasks defined on HeavyExportUser")
            })
        })
        .map(|w| w.to_string())
        .unwrap_or_default();
    assert!(
        warning.contains("this did not happen in that run"),
        "{warning}"
    );
    // Without a run the prediction stands.
    let v = json(&args);
    let m = findings_of(&v, "no_tasks")[0]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        m.contains(
            ": Locust raises \"No tasks defined on HeavyExportUser\" for every one it spawns"
        ),
        "{m}"
    );
    // A run without an exceptions file cannot say: the prediction stands.
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(
        common::repo().join("fixtures/runs/pair_baseline_stats.csv"),
        dir.path().join("x_stats.csv"),
    )
    .expect("copy");
    let prefix = dir.path().join("x");
    let prefix = prefix.to_str().expect("utf-8");
    let v = json(&[&args[..], &["--stats", prefix]].concat());
    let m = findings_of(&v, "no_tasks")[0]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        m.contains(": Locust raises \"No tasks defined on HeavyExportUser\""),
        "{m}"
    );
    // The run that did raise it: an exception finding, no no_tasks.
    let v = json(&[&args[..], &["--stats", "fixtures/runs/faulty_estimator"]].concat());
    assert!(findings_of(&v, "no_tasks").is_empty());
    assert_eq!(findings_of(&v, "exception").len(), 1);
}

#[test]
fn client_timeout_sets_where_the_ceiling_is() {
    let base = [
        "report",
        "-q",
        "--project",
        "fixtures/estimator",
        "-f",
        ESTIMATOR,
        "--stats",
        "fixtures/runs/faulty_estimator",
    ];
    let v = json(&[&base[..], &["--client-timeout", "2s"]].concat());
    let c = findings_of(&v, "timeout_ceiling");
    assert_eq!(c.len(), 1, "{:#}", v["findings"]);
    assert_eq!(c[0]["numbers"]["timeout_ms"], 2000.0);
    assert!(c[0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("the client timeout given (2000 ms)")));
    for bad in ["0s", "abc", "5h", "--client-timeout=-3"] {
        let flag: Vec<&str> = if bad.starts_with("--") {
            vec![bad]
        } else {
            vec!["--client-timeout", bad]
        };
        routecov()
            .args(base)
            .args(flag)
            .assert()
            .code(2)
            .stderr(contains("--client-timeout"));
    }
}
