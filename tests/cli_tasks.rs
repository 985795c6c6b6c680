//! `routecov tasks` on the command line: exit codes, messages, formats.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn routecov() -> Command {
    let mut c = Command::cargo_bin("routecov").expect("binary builds");
    c.current_dir(common::repo());
    c
}

const ESTIMATOR: &str = "fixtures/locust/estimator_locustfile.py";

#[test]
fn heavy_export_user_left_without_tasks_is_warned_about() {
    routecov()
        .args(["tasks", "-f", ESTIMATOR, "--tags", "api", "page", "phase1"])
        .args(["--exclude-tags", "export", "admin"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "estimator_locustfile.py:324: HeavyExportUser has no tasks left after tag filtering",
        ))
        .stderr(predicate::str::contains(
            "raises \"No tasks defined on HeavyExportUser\"",
        ))
        // AdminUser's weight drops to 0 with these arguments: not spawned, no error.
        .stderr(predicate::str::contains("No tasks defined on AdminUser").not())
        // The line is wrapped to the table's width.
        .stdout(predicate::str::contains(
            "NO TASKS:\n  Locust raises \"No tasks defined on HeavyExportUser\"",
        ));
}

#[test]
fn broken_locustfile_warns_with_file_and_line_and_keeps_the_classes() {
    routecov()
        .args(["tasks", "-f", "fixtures/locust/broken_locustfile.py", "--format", "csv"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: fixtures/locust/broken_locustfile.py:28: syntax error",
        ))
        .stdout(predicate::str::contains(
            "PageUser,2,true,PageUser/dashboard,task,3,page,true,true,GET,/dashboard/",
        ))
        .stdout(predicate::str::contains(
            "PageUser/list_pekerjaan_page,task,2,page,true,true,GET,/detail_project/160/list-pekerjaan/",
        ))
        .stdout(predicate::str::contains("HealthUser/live,task,1,health"));
}

#[test]
fn comma_joined_tags_get_a_suggestion() {
    routecov()
        .args(["tasks", "-f", ESTIMATOR, "--tags", "api,page"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "--tags \"api,page\": no task carries this tag, so it selects nothing; Locust takes tags separated by spaces, not commas: --tags api page",
        ));
}

#[test]
fn export_tasks_without_the_export_tag_are_reported_with_a_project() {
    routecov()
        .args(["tasks", "-f", ESTIMATOR, "--project", "fixtures/estimator"])
        .args(["--exclude-tags", "export", "--format", "json", "-q"])
        .assert()
        .success();
    let out = routecov()
        .args(["tasks", "-f", ESTIMATOR, "--project", "fixtures/estimator"])
        .args(["--exclude-tags", "export", "--format", "json"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "estimator_locustfile.py:285: APIUser/api_export_rekap_quick is not tagged \"export\" but requests GET /detail_project/api/project/{project_id}/export/rekap-rab/csv/, an export route"
        ),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let api = v["users"]
        .as_array()
        .expect("users")
        .iter()
        .find(|u| u["name"] == "APIUser")
        .expect("APIUser");
    let harga = api["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .find(|t| t["name"] == "api_harga_items")
        .expect("task");
    // `harga-item/` (singular) reaches no route: a 404 waiting to happen.
    assert_eq!(harga["requests"][0]["route"], serde_json::Value::Null);
    let rekap = api["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .find(|t| t["name"] == "api_rekap_rab")
        .expect("task");
    assert_eq!(
        rekap["requests"][0]["route"],
        "/detail_project/api/project/<int:project_id>/rekap/"
    );
}

#[test]
fn json_follows_the_contract_and_is_byte_identical_across_runs() {
    let run = || {
        routecov()
            .args(["tasks", "-f", ESTIMATOR, "--format", "json", "-q"])
            .output()
            .expect("runs")
            .stdout
    };
    let a = run();
    assert_eq!(a, run());
    let v: serde_json::Value = serde_json::from_slice(&a).expect("JSON");
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["locustfile"], ESTIMATOR);
    let api = &v["users"]
        .as_array()
        .expect("users")
        .iter()
        .find(|u| u["name"] == "APIUser")
        .expect("APIUser")
        .clone();
    assert_eq!(api["weight"], 3);
    assert_eq!(
        api["weight_depends_on"],
        serde_json::json!(["LOCUST_AUTH_ONLY"])
    );
    assert_eq!(api["abstract"], false);
    let t = &api["tasks"][0];
    assert_eq!(t["name"], "api_rekap_rab");
    assert_eq!(t["weight"], 8);
    assert_eq!(t["tags"], serde_json::json!(["api", "critical"]));
    assert_eq!(t["enabled"], true);
    let r = &t["requests"][0];
    assert_eq!(r["method"], "GET");
    assert_eq!(r["url"], "/detail_project/api/project/{project_id}/rekap/");
    assert_eq!(r["query"], serde_json::Value::Null);
    assert_eq!(r["name"], "/api/project/[id]/rekap/");
    assert_eq!(r["line"], 211);
    assert_eq!(r["disabled"], false);
    assert!(v["warnings"].is_array());
}

#[test]
fn locustfile_is_discovered_in_the_project_and_named() {
    let dir = common::project(&[(
        "load_testing/locustfile.py",
        "from locust import HttpUser, task\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        self.client.get('/x/')\n",
    )]);
    routecov()
        .args(["tasks", "--project"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "using load_testing/locustfile.py (found as locustfile.py in load_testing/)",
        ))
        .stdout(predicate::str::contains("GET /x/"));
}

#[test]
fn no_locustfile_exits_2_with_what_was_looked_for() {
    let dir = common::project(&[("manage.py", "")]);
    routecov()
        .args(["tasks", "--project"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no locustfile found in"))
        .stderr(predicate::str::contains("load_testing/locustfile.py"))
        .stderr(predicate::str::contains("--locustfile FILE"));
}

#[test]
fn unreadable_inputs_and_bad_arguments_exit_2() {
    routecov()
        .args(["tasks", "-f", "fixtures/locust/nope.py"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "fixtures/locust/nope.py: no such file or directory",
        ));
    routecov()
        .args(["tasks", "-f", "fixtures/locust/EXPECTED.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a Python file"));
    routecov()
        .args(["tasks", "-f", ESTIMATOR, "--env", "NOEQUALS"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected NAME=VALUE"));
    routecov()
        .args(["tasks", "-f", ESTIMATOR, "--format", "junit"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--format junit is not available for `tasks`",
        ));
    let empty = common::project(&[("locustfile.py", "print('no users')\n")]);
    routecov()
        .args(["tasks", "-f"])
        .arg(empty.path().join("locustfile.py"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no User class found"));
}

#[test]
fn env_overrides_change_weights() {
    let out = routecov()
        .args([
            "tasks",
            "-f",
            ESTIMATOR,
            "--env",
            "LOCUST_AUTH_ONLY=1",
            "--format",
            "csv",
            "-q",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\nAuthOnlyUser,1,true,"), "{text}");
    assert!(text.contains("\nAPIUser,0,false,"), "{text}");
}

#[test]
fn markdown_lists_users_tasks_and_warnings() {
    routecov()
        .args([
            "tasks",
            "-f",
            ESTIMATOR,
            "--format",
            "markdown",
            "--exclude-tags",
            "export",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("## Locust tasks"))
        .stdout(predicate::str::contains("### HeavyExportUser"))
        .stdout(predicate::str::contains("### Warnings"));
}
