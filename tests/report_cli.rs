//! `routecov report` and `routecov history` on the command line: the CI gate
//! (`--fail-under`, category floors), history files and `--fail-on-drop`,
//! and exit code 2 for unreadable input.

mod common;

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

fn routecov() -> Command {
    let mut c = Command::cargo_bin("routecov").expect("binary");
    c.current_dir(common::repo()).env_remove("COLUMNS");
    c
}

const BASE: &[&str] = &[
    "report",
    "-q",
    "--project",
    "fixtures/estimator",
    "--locustfile",
    "fixtures/locust/estimator_locustfile.py",
    "--stats",
    "fixtures/runs/healthy_estimator",
];

fn summary_pct() -> f64 {
    let out = routecov()
        .args(BASE)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v["summary"]["coverage_pct"].as_f64().expect("number")
}

#[test]
fn fail_under_exits_1_with_the_reason_and_0_when_met() {
    let pct = summary_pct();
    assert!(pct > 0.0 && pct < 100.0, "{pct}");
    routecov()
        .args(BASE)
        .args(["--fail-under", "99"])
        .assert()
        .code(1)
        .stderr(contains(format!("coverage is {pct:.1}%")))
        .stderr(contains("is under fail_under 99% (--fail-under)"));
    routecov()
        .args(BASE)
        .args(["--fail-under", &format!("{}", (pct - 1.0).max(0.0))])
        .assert()
        .code(0);
}

#[test]
fn category_floor_from_configuration_names_category_coverage_and_floor() {
    let dir = tempfile::tempdir().expect("tmp");
    let cfg = dir.path().join("routecov.toml");
    std::fs::write(&cfg, "fail_under = 99\n[floors]\nwrites = 80\nhealth = 1\n").expect("write");
    let out = routecov()
        .args(BASE)
        .args(["--config", cfg.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    // Issue 11: every failing gate, each with where its floor was set.
    let err = String::from_utf8_lossy(&out.stderr);
    let cfg_name = cfg.display().to_string();
    let lines: Vec<&str> = err.lines().rev().take(2).collect();
    assert!(
        lines[0].starts_with("coverage of writes is ")
            && lines[0].ends_with(&format!("is under floors.writes 80% ({cfg_name}:3)")),
        "{err}"
    );
    assert!(
        lines[1].starts_with("coverage is ")
            && lines[1].ends_with(&format!("is under fail_under 99% ({cfg_name}:1)")),
        "{err}"
    );
    let json = routecov()
        .args(BASE)
        .args(["--config", cfg.to_str().expect("utf-8"), "--format", "json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let gates = v["gates"].as_array().expect("gates");
    assert_eq!(gates.len(), 3, "{v}");
    assert_eq!(gates[0]["name"], "fail_under");
    assert_eq!(gates[0]["source"], format!("{cfg_name}:1"));
    assert_eq!(gates[0]["passed"], false);
    assert_eq!(gates[2]["name"], "floors.writes");
    assert_eq!(gates[1]["passed"], true);
    // Floors that hold: exit 0.
    std::fs::write(&cfg, "fail_under = 1\n[floors]\nhealth = 1\n").expect("write");
    routecov()
        .args(BASE)
        .args(["--config", cfg.to_str().expect("utf-8")])
        .assert()
        .code(0);
    // A floor naming no category is an error, not a silent pass.
    std::fs::write(&cfg, "[floors]\nwritez = 80\n").expect("write");
    routecov()
        .args(BASE)
        .args(["--config", cfg.to_str().expect("utf-8")])
        .assert()
        .code(2)
        .stderr(contains("floor for unknown category \"writez\""));
}

#[test]
fn unreadable_stats_exit_2_naming_the_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let bad = dir.path().join("bad_stats.csv");
    std::fs::write(&bad, "Type,Name\nGET,/x/\n").expect("write");
    routecov()
        .args(&BASE[..6])
        .args(["--stats", bad.to_str().expect("utf-8")])
        .assert()
        .code(2)
        .stderr(contains("bad_stats.csv:1"))
        .stderr(contains("missing required column"));
    routecov()
        .args(&BASE[..6])
        .args(["--stats", "fixtures/runs/no_such_run"])
        .assert()
        .code(2)
        .stderr(contains("no_such_run"));
}

#[test]
fn history_appends_and_fail_on_drop() {
    let dir = tempfile::tempdir().expect("tmp");
    let h = dir.path().join("coverage.jsonl");
    let hs = h.to_str().expect("utf-8");
    // Run with stats (exercised), then without (declared: more endpoints covered),
    // then with stats again: the last line drops.
    routecov()
        .args(BASE)
        .args(["--history", hs])
        .assert()
        .code(0);
    routecov()
        .args(&BASE[..6])
        .args(["--history", hs])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&h).expect("history");
    assert_eq!(text.lines().count(), 2);
    let first: serde_json::Value =
        serde_json::from_str(text.lines().next().unwrap_or("")).expect("json line");
    assert_eq!(first["coverage_basis"], "exercised");
    assert!(first["run"]["requests"].as_u64().is_some_and(|n| n > 0));
    assert!(first["categories"]["writes"]["coverage_pct"].is_number());
    assert!(first["time"].as_str().is_some_and(|t| t.ends_with('Z')));
    // Categories by the labels `report` shows, their ids in the file.
    assert!(first["categories"]["versioned_api"]["label"] == "versioned API");
    routecov()
        .args(["history", hs, "--fail-on-drop"])
        .assert()
        .code(0)
        .stdout(contains("TOTAL"))
        .stdout(contains("│ versioned API "))
        .stdout(contains("versioned_api").not());
    routecov()
        .args(BASE)
        .args(["--history", hs])
        .assert()
        .code(0);
    routecov()
        .args(["history", hs, "--fail-on-drop"])
        .assert()
        .code(1)
        .stderr(contains("coverage dropped from"));
    routecov().args(["history", hs]).assert().code(0);
    for format in ["json", "markdown"] {
        routecov()
            .args(["history", hs, "--format", format])
            .assert()
            .code(0)
            .stdout(contains("writes"));
    }
    routecov()
        .args(["history", "no/such/history.jsonl"])
        .assert()
        .code(2)
        .stderr(contains("no/such/history.jsonl"));
}

#[test]
fn history_file_from_configuration() {
    let dir = tempfile::tempdir().expect("tmp");
    let cfg = dir.path().join("routecov.toml");
    std::fs::write(&cfg, "history = \"runs/coverage.jsonl\"\n").expect("config");
    let cfg_s = cfg.to_str().expect("utf-8");
    // Relative to the configuration file. A missing directory is not
    // created: the write fails with a message naming the file.
    routecov()
        .args(BASE)
        .args(["--config", cfg_s])
        .assert()
        .code(2)
        .stderr(contains("runs/coverage.jsonl"));
    let h = dir.path().join("runs/coverage.jsonl");
    assert!(!h.exists());
    std::fs::create_dir_all(dir.path().join("runs")).expect("mkdir");
    routecov()
        .args(BASE)
        .args(["--config", cfg_s])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(&h)
            .expect("history")
            .lines()
            .count(),
        1
    );
    routecov()
        .args(["history", "--config", cfg_s])
        .assert()
        .code(0)
        .stdout(contains("TOTAL"));
    routecov()
        .args(["history"])
        .current_dir(dir.path().join("runs"))
        .assert()
        .code(2)
        .stderr(contains("no history file: pass FILE"));
}

/// Colour on a terminal only (and never with NO_COLOR): `script` gives the
/// command a pseudo-terminal.
#[test]
fn colour_only_on_a_terminal() {
    let bin = assert_cmd::cargo::cargo_bin("routecov");
    let cmd = format!(
        "{} report -q --project fixtures/estimator --locustfile fixtures/locust/estimator_locustfile.py",
        bin.display()
    );
    let run = |no_color: bool| {
        let mut c = std::process::Command::new("script");
        c.args(["-qec", &cmd, "/dev/null"])
            .current_dir(common::repo());
        if no_color {
            c.env("NO_COLOR", "1");
        } else {
            c.env_remove("NO_COLOR");
        }
        let out = c.output().expect("script (util-linux) runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(run(false).contains("\u{1b}["), "no colour on a terminal");
    assert!(!run(true).contains("\u{1b}["), "colour despite NO_COLOR");
    let piped = routecov().args(&BASE[..6]).output().expect("runs");
    assert!(!String::from_utf8_lossy(&piped.stdout).contains('\u{1b}'));
}

/// Issue 11: the table lists each endpoint not covered once, the first 20
/// by default; `--gaps all` lists every one and `--gaps none` none.
#[test]
fn gap_list_shows_each_endpoint_once_and_as_much_as_asked() {
    let text = |gaps: &str| {
        let out = routecov()
            .args(BASE)
            .args(["--gaps", gaps])
            .output()
            .expect("runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let top = text("top");
    assert!(top.contains("endpoints not covered):"), "{top}");
    assert!(top.contains("more (--gaps all lists every one"), "{top}");
    let all = text("all");
    assert!(!all.contains("more (--gaps all"), "{all}");
    // `GET /dashboard/projects/` is in two categories; its row (and the
    // source line in it) comes once.
    let rows = all.matches(" dashboard/urls.py:10 ").count();
    assert_eq!(rows, 1, "each endpoint once:\n{all}");
    assert!(!text("none").contains("endpoints not covered"));
}

/// Runs the README's main command on a pseudo-terminal `cols` wide.
fn main_command_on_terminal(cols: u16) -> String {
    let bin = env!("CARGO_BIN_EXE_routecov");
    let cmd = format!(
        "stty cols {cols} rows 50; {bin} report --project fixtures/estimator \
         --locustfile fixtures/locust/estimator_locustfile.py \
         --stats fixtures/runs/faulty_estimator --tags api page phase1 \
         --exclude-tags export admin 2>/dev/null"
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(common::repo())
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .output()
        .expect("script (util-linux) runs");
    String::from_utf8_lossy(&out.stdout).replace('\r', "")
}

/// Issue 11: the README's main command shows the run, the coverage table and
/// the findings within one screen before the gap list, every line within the
/// terminal's width, and no word split across lines.
#[test]
fn the_main_command_fits_one_screen_of_the_terminal() {
    for cols in [80u16, 100, 160] {
        let text = main_command_on_terminal(cols);
        let gaps = text
            .lines()
            .position(|l| l.starts_with("Gaps ("))
            .expect(&text);
        if cols >= 100 {
            assert!(
                gaps <= 60,
                "{gaps} lines before the gap list at {cols} columns:\n{text}"
            );
        }
        for line in text.lines() {
            assert!(line.chars().count() <= usize::from(cols), "{cols}: {line}");
        }
        // Names break only after a `/`, a `.` or a `-` of their own.
        for part in [
            "RedirectView",
            "list-pekerjaan",
            "harga-items",
            "ProjectListView",
        ] {
            let joined = text
                .lines()
                .map(|l| l.trim_matches(|c: char| c == '│' || c == '┆' || c == ' '))
                .collect::<Vec<_>>()
                .join("\n");
            for (i, _) in part.char_indices().skip(1) {
                let (a, b) = part.split_at(i);
                if a.ends_with('-') {
                    continue;
                }
                assert!(
                    !joined.contains(&format!("{a}\n{b}")),
                    "{part} split at {cols}:\n{text}"
                );
            }
        }
    }
}

/// Issue 11: findings: three of each kind on the table by default, the rest
/// counted; `--findings all` lists every one and `none` none.
#[test]
fn findings_flag_bounds_the_table() {
    let text = |which: &str| {
        let out = routecov()
            .args(["report", "--project", "fixtures/estimator"])
            .args(["--locustfile", "fixtures/locust/estimator_locustfile.py"])
            .args(["--stats", "fixtures/runs/faulty_estimator"])
            .args(["--findings", which])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let count = |t: &str, kind: &str| {
        t.lines()
            .filter(|l| l.starts_with(&format!("- {kind}:")))
            .count()
    };
    let top = text("top");
    let all = text("all");
    assert_eq!(count(&top, "failure_rate"), 3, "{top}");
    assert!(count(&all, "failure_rate") > 3, "{all}");
    assert!(
        top.contains("more failure_rate (--findings all lists them)"),
        "{top}"
    );
    assert!(!text("none").contains("Findings ("));
}

/// Issue 11: `--format github` gives workflow commands: gate failures as
/// errors, requests with a locustfile line as warnings on that line,
/// warnings at their file and line, run findings as notices; the exit
/// code is the gate's.
#[test]
fn github_format_annotates_the_diff() {
    let out = routecov()
        .args(["report", "--project", "fixtures/estimator"])
        .args(["--locustfile", "fixtures/locust/estimator_locustfile.py"])
        .args(["--stats", "fixtures/runs/faulty_estimator"])
        .args([
            "--tags",
            "api",
            "page",
            "phase1",
            "--exclude-tags",
            "export",
            "admin",
        ])
        .args(["--fail-under", "50", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("::error title=routecov%3A fail_under not met::coverage is 9.6%25"),
        "{text}"
    );
    assert!(
        text.contains("::warning file=fixtures/locust/estimator_locustfile.py,line=274,title=routecov%3A method_mismatch::POST "),
        "{text}"
    );
    // A URLconf warning is relative to the project: the annotation names the
    // file from the repository root.
    assert!(
        text.contains("::warning file=fixtures/estimator/config/urls.py,line=20,"),
        "{text}"
    );
    assert!(
        text.contains("::notice title=routecov%3A always_failing::"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("::") || l.starts_with("routecov: ")),
        "{text}"
    );

    let check = routecov()
        .args([
            "check",
            "--stats",
            "fixtures/runs/faulty_estimator",
            "--format",
            "github",
        ])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(text.starts_with("::error title=routecov check%3A min_success_pct::overall min_success_pct: target >= 99%25"), "{text}");

    let compare = routecov()
        .args([
            "compare",
            "fixtures/runs/pair_baseline",
            "fixtures/runs/pair_candidate",
        ])
        .args(["--format", "github", "--fail-on-regression"])
        .output()
        .unwrap();
    assert_eq!(compare.status.code(), Some(1));
    let text = String::from_utf8_lossy(&compare.stdout);
    assert!(
        text.contains("::error title=routecov compare%3A regressed::GET "),
        "{text}"
    );
    assert!(
        text.lines()
            .last()
            .unwrap_or("")
            .starts_with("routecov compare: REGRESSED"),
        "{text}"
    );

    for command in ["routes", "tasks", "history"] {
        routecov()
            .args([command, "--format", "github"])
            .assert()
            .code(2)
            .stderr(contains(format!(
                "--format github is not available for `{command}`"
            )));
    }
}
