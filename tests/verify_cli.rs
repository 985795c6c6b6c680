//! `routecov verify`: Django's own resolver, run in the test Python, against
//! the static route map. On the fixture project the maps are identical; on
//! fixtures/edge/runtime_urls, whose URLconf reads a JSON file at import
//! time, every difference is listed; a settings module that fails to import
//! and a Python that is not there end with status 2.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

const RUNTIME: &str = "fixtures/edge/runtime_urls";

fn routecov() -> Command {
    let mut c = Command::cargo_bin("routecov").expect("binary builds");
    c.current_dir(common::repo())
        .env_remove("VIRTUAL_ENV")
        .env_remove("DJANGO_SETTINGS_MODULE")
        .env("NO_COLOR", "1");
    c
}

fn python() -> String {
    common::python().display().to_string()
}

/// Runs `verify` with the test Python; status, stdout, stderr.
fn verify(args: &[&str]) -> (i32, String, String) {
    let py = python();
    let out = routecov()
        .arg("verify")
        .args(["--python", &py])
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn verify_json(args: &[&str], status: i32) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = verify(&all);
    assert_eq!(code, status, "stdout:\n{out}\nstderr:\n{err}");
    serde_json::from_str(&out).expect("JSON on stdout")
}

/// Every file under a directory, for "nothing is written" checks.
fn tree(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(|e| e.path().display().to_string())
        .collect();
    files.sort();
    files
}

#[test]
fn the_fixture_project_is_identical() {
    let (code, out, err) = verify(&["-p", "fixtures/estimator"]);
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    assert!(out.contains("The maps are identical"), "{out}");
    let v = verify_json(&["-p", "fixtures/estimator"], 0);
    assert_eq!(v["identical"], true);
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["differences"].as_array().map(Vec::len), Some(0));
    let c = &v["counts"];
    assert_eq!(c["django_routes"], c["routecov_routes"]);
    assert_eq!(c["django_routes"], c["matched"]);
    assert!(c["django_routes"].as_u64() >= Some(140), "{c}");
    // Methods were compared, not skipped.
    assert!(c["methods_compared"].as_u64() >= Some(100), "{c}");
    assert!(v["django"]["django_version"].as_str().is_some());
}

/// (kind, path, fields) of each difference.
fn differences(v: &Value) -> Vec<(String, String, String)> {
    v["differences"]
        .as_array()
        .expect("differences")
        .iter()
        .map(|d| {
            let fields: Vec<&str> = d["fields"]
                .as_array()
                .map(|f| f.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            (
                d["kind"].as_str().unwrap_or("").to_string(),
                d["path"].as_str().unwrap_or("").to_string(),
                fields.join(","),
            )
        })
        .collect()
}

#[test]
fn routes_known_only_at_import_time_are_listed_as_differences() {
    let before = tree(&common::repo().join(RUNTIME));
    let v = verify_json(&["-p", RUNTIME], 1);
    let d = |k: &str, p: &str, f: &str| (k.to_string(), p.to_string(), f.to_string());
    assert_eq!(
        differences(&v),
        vec![
            // The name is read from the JSON file.
            d("differs", "/about/", "name"),
            // require_http_methods(SITE["contact_methods"]): Django knows.
            d("differs", "/contact/", "methods"),
            // getattr(views, SITE["feed_view"]).
            d("differs", "/feed/", "view"),
            // The prefix is read from the file: the same route elsewhere.
            d("differs", "/news/", "path"),
            // One route per page the JSON file lists.
            d("missing", "/pricing/", ""),
            // Behind a switch the JSON file turns off.
            d("extra", "/search/", ""),
            d("missing", "/terms/", ""),
        ]
    );
    let c = &v["counts"];
    assert_eq!(
        (
            c["missing"].as_u64(),
            c["extra"].as_u64(),
            c["differing"].as_u64()
        ),
        (Some(2), Some(1), Some(4))
    );
    let feed = &v["differences"][2];
    assert_eq!(feed["django"]["view"], "pages.views.rss_feed");
    assert_eq!(feed["routecov"]["source"]["file"], "pages/urls.py");
    assert!(
        feed["notes"][0]
            .as_str()
            .is_some_and(|n| n.contains("pages/urls.py:9")),
        "{feed}"
    );
    let contact = &v["differences"][1];
    assert_eq!(
        contact["django"]["methods"],
        serde_json::json!(["GET", "POST"])
    );
    assert_eq!(contact["routecov"]["methods"], serde_json::json!(["ANY"]));
    // The comprehension the static map could not evaluate explains the
    // missing pages.
    assert!(
        v["related_warnings"]
            .as_array()
            .is_some_and(|w| w.iter().any(|w| w["line"] == 16)),
        "{}",
        v["related_warnings"]
    );
    // Nothing was written into the project, not even bytecode.
    assert_eq!(tree(&common::repo().join(RUNTIME)), before);
}

#[test]
fn differences_in_table_and_markdown_are_byte_stable() {
    let (code, table, _) = verify(&["-p", RUNTIME]);
    assert_eq!(code, 1, "{table}");
    assert!(table.contains("The maps differ: 7 differences"), "{table}");
    for needle in [
        "missing",
        "/pricing/",
        "name about-us",
        "methods GET POST",
        "at pages/urls.py:19",
        "/news/",
    ] {
        assert!(table.contains(needle), "{needle} not in:\n{table}");
    }
    let (_, again, _) = verify(&["-p", RUNTIME]);
    assert_eq!(table, again);
    let (code, md, _) = verify(&["-p", RUNTIME, "--format", "markdown"]);
    assert_eq!(code, 1);
    assert!(
        md.contains("| missing | `/pricing/` | name pricing<br>view pages.views.page | - |"),
        "{md}"
    );
    let (code, _, err) = verify(&["-p", RUNTIME, "--format", "csv"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_settings_module_that_fails_to_import_is_status_2_with_djangos_error() {
    let (code, out, err) = verify(&["-p", RUNTIME, "--settings", "catalog_site.broken_settings"]);
    assert_eq!(code, 2, "stdout:\n{out}\nstderr:\n{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("Django cannot be set up"), "{err}");
    assert!(
        err.contains("ModuleNotFoundError: No module named 'catalog_site.local'"),
        "{err}"
    );
    // The traceback's end names the project's own line.
    assert!(err.contains("broken_settings.py\", line 3"), "{err}");
}

/// `verify` on the runtime fixture with `args` and `env` set: status 2
/// saying `needle`.
fn no_python(args: &[&str], env: (&str, &Path), needle: &str) {
    let out = routecov()
        .args(["verify", "-p", RUNTIME])
        .args(args)
        .env(env.0, env.1)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(needle), "{needle} not in: {err}");
}

#[test]
fn a_missing_python_is_status_2() {
    no_python(
        &["--python", "/nonexistent/bin/python"],
        ("NO_COLOR", Path::new("1")),
        "python not found: cannot run /nonexistent/bin/python (--python)",
    );
    no_python(
        &[],
        ("VIRTUAL_ENV", Path::new("/nonexistent/venv")),
        "/nonexistent/venv/bin/python does not exist",
    );
}

#[test]
fn the_active_virtualenv_is_the_default_python() {
    // A virtualenv whose python is the test Python behind a script.
    let venv = common::project(&[(
        "bin/python",
        &format!("#!/bin/sh\nexec '{}' \"$@\"\n", python()),
    )]);
    let exe = venv.path().join("bin/python");
    let mut perms = std::fs::metadata(&exe).expect("written").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&exe, perms).expect("chmod");
    let out = routecov()
        .args(["verify", "-p", "fixtures/estimator", "--format", "json"])
        .env("VIRTUAL_ENV", venv.path())
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // Without it, python3 on PATH is tried; with a PATH holding none, it
    // is not found.
    no_python(
        &[],
        ("PATH", &venv.path().join("nothing")),
        "python not found: cannot run python3 (on PATH)",
    );
}

const SETTINGS_HEAD: &str = "SECRET_KEY = 'x'\nROOT_URLCONF = 'site_urls'\nINSTALLED_APPS = []\n";
const URLS: &str = "from django.http import HttpResponse\nfrom django.urls import path\n\n\
def home(request):\n    return HttpResponse('')\n\nurlpatterns = [path('', home, name='home')]\n";

/// A project whose settings module `site_settings` is `settings`, with
/// the one-route `site_urls`.
fn site_project(settings: &str) -> tempfile::TempDir {
    common::project(&[
        (
            "manage.py",
            "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_settings')\n",
        ),
        ("site_settings.py", settings),
        ("site_urls.py", URLS),
    ])
}

#[test]
fn what_the_project_prints_or_leaves_running_does_not_spoil_the_result() {
    // It also starts a thread that never ends: the result still comes.
    let settings = format!(
        "{SETTINGS_HEAD}print('ROUTECOV-VERIFY-JSON {{\"routes\": []}}')\nprint('hello from settings')\n\
         import threading, time\nthreading.Thread(target=lambda: time.sleep(600)).start()\n"
    );
    let dir = site_project(&settings);
    let p = dir.path().display().to_string();
    let v = verify_json(&["-p", &p, "--timeout", "20s"], 0);
    assert_eq!(v["counts"]["django_routes"], 1);
}

#[test]
fn a_project_that_hangs_is_stopped_at_the_timeout() {
    let settings = format!("{SETTINGS_HEAD}import time\ntime.sleep(60)\n");
    let dir = site_project(&settings);
    let p = dir.path().display().to_string();
    let started = Instant::now();
    let (code, _, err) = verify(&["-p", &p, "--timeout", "1s"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("within 1s (--timeout)"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(20));
}
