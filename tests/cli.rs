//! The command line: exit codes, messages and output formats.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn routecov() -> Command {
    let mut c = Command::cargo_bin("routecov").expect("binary builds");
    c.current_dir(common::repo()).env_remove("VIRTUAL_ENV");
    c
}

/// Without --site-packages, the virtualenv the user works in
/// (`$VIRTUAL_ENV`) is read: Django's auth URLconf is expanded from it.
#[test]
fn virtual_env_site_packages_are_read_without_the_flag() {
    let accounts = "/accounts/login/";
    routecov()
        .args(["routes", "--project", "fixtures/estimator"])
        .assert()
        .success()
        .stdout(predicate::str::contains(accounts).not());
    routecov()
        .env("VIRTUAL_ENV", common::repo().join("target/pyenv"))
        .args(["routes", "--project", "fixtures/estimator"])
        .assert()
        .success()
        .stdout(predicate::str::contains(accounts));
}

#[test]
fn routes_on_the_fixture_project_exits_0() {
    routecov()
        .args(["routes", "--project", "fixtures/estimator"])
        .assert()
        .success()
        .stdout(predicate::str::contains("/health/ready/"))
        .stdout(predicate::str::contains(
            "external: /admin/ -> django.contrib.admin.site.urls",
        ));
}

#[test]
fn no_urlconf_exits_2_with_help() {
    routecov()
        .args(["routes", "--project", "fixtures/edge/no_urlconf"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "no Django URLconf found in fixtures/edge/no_urlconf",
        ))
        .stderr(predicate::str::contains("looked for: manage.py"))
        .stderr(predicate::str::contains(
            "--settings MODULE or --urlconf MODULE",
        ));
}

#[test]
fn missing_project_dir_exits_2() {
    routecov()
        .args(["routes", "--project", "fixtures/does-not-exist"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "fixtures/does-not-exist: no such directory",
        ));
}

/// Each edge-case fixture: a warning naming file:line, the routes that can
/// still be found, exit 0.
#[test]
fn edge_fixtures_warn_with_file_and_line_and_keep_routes() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "include_cycle",
            "warning: shop/urls.py:12: include cycle",
            &["/shop/cart/add/", "/about/"],
        ),
        (
            "missing_include",
            "warning: config/urls.py:15: include target `ghost.urls` not found",
            &["/blog/feed/", "/status/"],
        ),
        (
            "syntax_error",
            "warning: catalog/urls.py:10: syntax error",
            &["/catalog/items/", "/catalog/export/", "/accounts/sign-out/"],
        ),
        (
            "non_utf8",
            "warning: menu/urls.py:5: file is not valid UTF-8",
            &["/menu/commande/", "/menu/avis/"],
        ),
        (
            "no_manage",
            "no manage.py found; using settings module mysite.settings",
            &["/polls/<int:question_id>/vote/"],
        ),
    ];
    for (name, warning, paths) in cases {
        let out = routecov()
            .args([
                "routes",
                "--format",
                "csv",
                "--project",
                &format!("fixtures/edge/{name}"),
            ])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stderr.contains(warning),
            "{name}: expected `{warning}` in:\n{stderr}"
        );
        for p in *paths {
            assert!(
                stdout.contains(&format!("\n{p},")),
                "{name}: route {p} missing from:\n{stdout}"
            );
        }
    }
}

#[test]
fn json_has_schema_version_and_is_byte_identical_across_runs() {
    let run = || {
        routecov()
            .args([
                "routes",
                "--format",
                "json",
                "-q",
                "--project",
                "fixtures/estimator",
            ])
            .output()
            .expect("runs")
            .stdout
    };
    let a = run();
    assert_eq!(a, run());
    let v: serde_json::Value = serde_json::from_slice(&a).expect("JSON");
    assert_eq!(v["schema_version"], 2);
    let r = &v["routes"][0];
    for key in [
        "path",
        "methods",
        "view",
        "name",
        "categories",
        "origin",
        "source",
    ] {
        assert!(r.get(key).is_some(), "route lacks `{key}`");
    }
}

#[test]
fn unsupported_format_is_a_usage_error() {
    routecov()
        .args([
            "routes",
            "--format",
            "junit",
            "--project",
            "fixtures/estimator",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--format junit is not available for `routes`",
        ));
}

#[test]
fn unknown_flag_is_a_usage_error() {
    routecov().args(["routes", "--bogus"]).assert().code(2);
}

#[test]
fn config_typo_is_an_error_naming_file_line_and_key() {
    let dir = common::project(&[("routecov.toml", "ignore = []\nsettngs = \"x\"\n")]);
    routecov()
        .args(["routes", "--project", "fixtures/estimator", "--config"])
        .arg(dir.path().join("routecov.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("routecov.toml:2"))
        .stderr(predicate::str::contains("unknown field `settngs`"));
}

#[test]
fn config_categories_and_ignore_apply() {
    let dir = common::project(&[(
        "pyproject.toml",
        "[tool.routecov]\nignore = ['^/media/']\n[tool.routecov.categories.reports]\npath = 'rekap'\n",
    )]);
    let out = routecov()
        .args([
            "routes",
            "--format",
            "json",
            "-q",
            "--project",
            "fixtures/estimator",
            "--config",
        ])
        .arg(dir.path().join("pyproject.toml"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let routes = v["routes"].as_array().expect("routes");
    assert!(!routes
        .iter()
        .any(|r| r["path"].as_str().unwrap_or("").starts_with("/media/")));
    let rekap = routes
        .iter()
        .find(|r| r["path"] == "/detail_project/api/project/<int:project_id>/rekap/")
        .expect("rekap route");
    assert!(rekap["categories"]
        .as_array()
        .expect("list")
        .iter()
        .any(|c| c == "reports"));
}

#[test]
fn output_file_is_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("routes.md");
    routecov()
        .args([
            "routes",
            "--format",
            "markdown",
            "-q",
            "--project",
            "fixtures/estimator",
            "--output",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(out).expect("written");
    assert!(text.starts_with("## Routes"));
    assert!(
        text.contains(
            "| GET POST | `/detail_project/api/project/<int:project_id>/list-pekerjaan/upsert/`"
        ) || text.contains("list-pekerjaan/upsert/")
    );
}

/// Issue 10: on a terminal the table takes the terminal's width, not 100
/// columns, although interactive shells do not export `$COLUMNS`.
#[test]
fn tables_take_the_real_terminal_width() {
    let bin = env!("CARGO_BIN_EXE_routecov");
    let widest = |cols: u16| {
        let cmd = format!("stty cols {cols} rows 50; {bin} routes --project fixtures/estimator");
        let out = std::process::Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .current_dir(common::repo())
            .env_remove("COLUMNS")
            .output()
            .expect("script (util-linux) runs");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.contains('│'))
            .map(|l| l.trim_end_matches('\r').chars().count())
            .max()
            .unwrap_or(0)
    };
    let wide = widest(200);
    assert!(wide > 100 && wide <= 200, "{wide}");
    let narrow = widest(80);
    assert!(narrow > 40 && narrow <= 80, "{narrow}");
}

/// Issue 9: a NaN gate compares false with everything and would always pass;
/// a percentage over 100 can never pass. Both are usage errors.
#[test]
fn gate_flags_must_be_finite_percentages() {
    for value in ["nan", "150", "-1", "inf"] {
        routecov()
            .args(["report", "--project", "fixtures/estimator"])
            .arg(format!("--fail-under={value}"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--fail-under"));
    }
    routecov()
        .args([
            "check",
            "--stats",
            "fixtures/runs/nofault_estimator",
            "--max-p95-ms",
            "nan",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--max-p95-ms"));
}

/// Issue 11: a module the configuration names that does not exist is an
/// error naming the configuration's file and line.
#[test]
fn configured_modules_that_do_not_exist_exit_2_with_their_line() {
    let dir = common::project(&[
        (
            "manage.py",
            "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.settings')\n",
        ),
        ("app/__init__.py", ""),
        ("app/settings.py", "ROOT_URLCONF = 'app.urls'\n"),
        ("app/urls.py", "urlpatterns = []\n"),
        ("routecov.toml", "# routes\nurlconf = \"nope.urls\"\n"),
    ]);
    routecov()
        .current_dir(dir.path())
        .arg("routes")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "routecov.toml:2: urlconf nope.urls: no such module",
        ))
        .stderr(predicate::str::contains("nope/urls.py"));
    common::write(
        dir.path(),
        "routecov.toml",
        "locustfile = \"load/nope.py\"\n",
    );
    routecov()
        .current_dir(dir.path())
        .arg("report")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("routecov.toml:1: locustfile"))
        .stderr(predicate::str::contains(
            "nope.py: no such file or directory",
        ));
}

/// Issue 11: a `--settings` or `--urlconf` that does not exist is an error
/// saying what was looked for, never a silent fallback to another URLconf.
#[test]
fn explicit_modules_that_do_not_exist_exit_2() {
    for (flag, module, file) in [
        ("--settings", "nope.settings", "nope/settings.py"),
        ("--urlconf", "nope.urls", "nope/urls.py"),
    ] {
        routecov()
            .args(["routes", "--project", "fixtures/estimator", flag, module])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!(
                "{flag} {module}: no such module"
            )))
            .stderr(predicate::str::contains(file));
    }
}

/// Issue 11: `debug tree` is listed in `--help`.
#[test]
fn help_lists_debug_tree() {
    routecov()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("debug tree FILE"));
}

/// Issue 9: one file reachable as two modules (the project inside a
/// site-packages directory given with --site-packages, as label-studio
/// ships) was waited for twice from the parsing workers: a hang.
#[test]
fn one_file_as_two_modules_does_not_hang() {
    let dir = common::project(&[
        (
            "site/proj/manage.py",
            "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\n",
        ),
        ("site/proj/__init__.py", ""),
        ("site/proj/settings.py", "ROOT_URLCONF = 'urls'\n"),
        (
            "site/proj/urls.py",
            "from django.urls import path\nfrom app import views as a\nfrom proj.app import views as b\nurlpatterns = [path('a/', a.index), path('b/', b.index)]\n",
        ),
        ("site/proj/app/__init__.py", ""),
        ("site/proj/app/views.py", "def index(request):\n    pass\n"),
    ]);
    let project = dir.path().join("site/proj");
    let site = dir.path().join("site");
    routecov()
        .args(["routes", "--format", "csv", "--project"])
        .arg(&project)
        .arg("--site-packages")
        .arg(&site)
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .success()
        .stdout(predicate::str::contains("/a/,"))
        .stdout(predicate::str::contains("/b/,"));
}

/// Issue 11: a criterion without a value reads like the others: its target
/// with comparison and unit, MISSING, and why.
#[test]
fn missing_criteria_show_their_target_like_the_others() {
    routecov()
        .args(["check", "--stats", "fixtures/runs/faulty_estimator"])
        .args(["--max-percentile-ms", "42=100"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("<= 100 ms"))
        .stdout(predicate::str::contains("MISSING"))
        .stdout(predicate::str::contains("the stats file has no 42% column"));
}
