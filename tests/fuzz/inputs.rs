//! Inputs: the mutated cases and the command that reads each.

use super::*;

// ---------------------------------------------------------------------------
// Inputs.

pub(crate) fn fixtures() -> PathBuf {
    common::repo().join("fixtures")
}

pub(crate) fn copy_dir(from: &Path, to: &Path, only_py: bool) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.expect("walk");
        let rel = e.path().strip_prefix(from).expect("under");
        let dst = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dst).expect("mkdir");
        } else if !only_py || e.path().extension().is_some_and(|x| x == "py") {
            std::fs::copy(e.path(), &dst).expect("copy");
        }
    }
}

pub(crate) const RUNS: [&str; 6] = [
    "nofault_estimator",
    "faulty_estimator",
    "nofault_taskset",
    "nofault_package",
    "pair_baseline",
    "pair_candidate",
];
pub(crate) const RUN_FILES: [&str; 4] = ["stats", "failures", "exceptions", "stats_history"];

pub(crate) fn copy_run(run: &str, dir: &Path, prefix: &str) {
    for f in RUN_FILES {
        std::fs::copy(
            fixtures().join(format!("runs/{run}_{f}.csv")),
            dir.join(format!("{prefix}_{f}.csv")),
        )
        .expect("copy run");
    }
}

/// The estimator project as `p/`, its locustfile as `l.py`, the faulty run as `run_*`.
pub(crate) fn copy_estimator(dir: &Path, locustfile: bool, run: bool) {
    copy_dir(&fixtures().join("estimator"), &dir.join("p"), true);
    if locustfile {
        std::fs::copy(
            fixtures().join("locust/estimator_locustfile.py"),
            dir.join("l.py"),
        )
        .expect("copy");
    }
    if run {
        copy_run("faulty_estimator", dir, "run");
    }
}

pub(crate) const CONFIG: &str = r#"ignore = ["^/__debug__/"]
default_categories = true
fail_under = 1
history = "h.jsonl"

[floors]
writes = 1
health = 1

[categories.reports]
label = "reports"
path = "rekap|report"
methods = ["GET"]

[thresholds]
failure_rate_pct = 1
top_errors = 3
timeout_ceiling_tolerance_pct = 5
timeout_ceiling_min_endpoints = 3
timeout_ceiling_min_ms = 1000
outlier_ratio = 10
outlier_min_ms = 1000
bimodal_ratio = 2
bimodal_min_gap_ms = 100
min_requests = 5
auth_pattern = "(?i)login|logout|auth|token|signin|sign-in"

[compare]
latency_regression_pct = 20
latency_min_growth_ms = 50
failure_regression_points = 1
rps_regression_pct = 20
min_requests = 5

[criteria]
min_success_pct = 99.5
max_p95_ms = 2000
max_p99_ms = 5000
max_max_ms = 120000
min_rps = 1
max_failures = 20

[criteria.endpoints."GET /detail_project/[id]/rekap-rab/"]
max_p95_ms = 500

[criteria.categories.export]
max_p95_ms = 30000
"#;

pub(crate) struct Case {
    pub(crate) index: usize,
    /// The input and the snippets inserted, to group failures.
    pub(crate) kind: String,
    pub(crate) description: String,
    pub(crate) dir: tempfile::TempDir,
    pub(crate) args: Vec<String>,
}

pub(crate) fn mutate_file(rng: &mut Rng, path: &Path, lang: Lang) -> Vec<String> {
    let mut b = std::fs::read(path).expect("read input");
    let done = mutate(rng, &mut b, lang);
    std::fs::write(path, b).expect("write input");
    done
}

pub(crate) fn format_arg(rng: &mut Rng, formats: &[&'static str]) -> Vec<String> {
    vec!["--format".into(), rng.pick(formats).to_string()]
}

pub(crate) fn make_case(seed: u64, index: usize) -> Case {
    let mut rng = Rng::new(seed ^ splitmix(index as u64));
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let s = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<String>>();
    let report_formats = ["table", "json", "csv", "markdown", "junit", "html"];
    let (what, mut args) = match rng.below(10) {
        // The estimator project, one Python file mutated.
        0..=2 => {
            copy_estimator(d, true, true);
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(d.join("p"))
                .into_iter()
                .filter_map(Result::ok)
                .map(|e| e.into_path())
                .filter(|p| {
                    let s = p.to_string_lossy();
                    p.is_file() && s.ends_with(".py")
                })
                .filter(|p| {
                    let s = p.to_string_lossy();
                    s.ends_with("urls.py")
                        || s.contains("views")
                        || s.contains("settings")
                        || s.ends_with("manage.py")
                })
                .collect();
            files.sort();
            let f = rng.pick(&files).clone();
            let done = mutate_file(&mut rng, &f, Lang::Python);
            let rel = f.strip_prefix(d).expect("under").display().to_string();
            let mut args = match rng.below(3) {
                0 => s(&["routes", "--project", "p"]),
                1 => s(&["tasks", "--project", "p", "--locustfile", "l.py"]),
                _ => s(&[
                    "report",
                    "--project",
                    "p",
                    "--locustfile",
                    "l.py",
                    "--stats",
                    "run",
                ]),
            };
            let formats: &[&str] = if args[0] == "report" {
                &report_formats
            } else {
                &["table", "json", "csv", "markdown"]
            };
            args.extend(format_arg(&mut rng, formats));
            (format!("{rel}: {}", done.join(", ")), args)
        }
        // A fixture locustfile mutated.
        3..=5 => {
            let choice = *rng.pick(&[
                "estimator_locustfile.py",
                "taskset_locustfile.py",
                "broken_locustfile.py",
                "locustfile_pkg",
            ]);
            let target = if choice == "locustfile_pkg" {
                copy_dir(
                    &fixtures().join("locust/locustfile_pkg"),
                    &d.join(choice),
                    true,
                );
                let f = *rng.pick(&[
                    "__init__.py",
                    "_common.py",
                    "catalog_users.py",
                    "report_users.py",
                ]);
                d.join(choice).join(f)
            } else {
                std::fs::copy(fixtures().join("locust").join(choice), d.join(choice))
                    .expect("copy");
                d.join(choice)
            };
            let done = mutate_file(&mut rng, &target, Lang::Python);
            let rel = target.strip_prefix(d).expect("under").display().to_string();
            let mut args = if rng.chance(70) {
                let mut a = s(&["tasks", "--locustfile", choice]);
                a.extend(format_arg(&mut rng, &["table", "json", "csv", "markdown"]));
                if rng.chance(30) {
                    a.extend(s(&["--tags", "api", "page", "--exclude-tags", "export"]));
                }
                a
            } else {
                copy_estimator(d, false, true);
                let mut a = s(&["report", "--project", "p", "--locustfile", choice]);
                if rng.chance(50) {
                    a.extend(s(&["--stats", "run"]));
                }
                a.extend(format_arg(&mut rng, &report_formats));
                a
            };
            if rng.chance(20) {
                args.extend(s(&["--env", "LOCUST_PROJECT_ID=7"]));
            }
            (format!("{rel}: {}", done.join(", ")), args)
        }
        // A Locust run with one CSV mutated.
        6..=8 => {
            let run = *rng.pick(&RUNS);
            copy_run(run, d, "x");
            let file = *rng.pick(&[
                "stats",
                "stats",
                "stats_history",
                "stats_history",
                "failures",
                "exceptions",
            ]);
            let done = mutate_file(&mut rng, &d.join(format!("x_{file}.csv")), Lang::Csv);
            let args = match rng.below(3) {
                0 => {
                    let mut a = s(&["check", "--stats", "x"]);
                    a.extend(format_arg(&mut rng, &["table", "json", "markdown", "html"]));
                    a
                }
                1 => {
                    copy_run("pair_baseline", d, "base");
                    let mut a = if rng.chance(50) {
                        s(&["compare", "base", "x"])
                    } else {
                        s(&["compare", "x", "base"])
                    };
                    a.extend(format_arg(&mut rng, &["table", "json", "markdown", "html"]));
                    a
                }
                _ => {
                    copy_estimator(d, true, false);
                    let mut a = s(&[
                        "report",
                        "--project",
                        "p",
                        "--locustfile",
                        "l.py",
                        "--stats",
                        "x",
                    ]);
                    a.extend(format_arg(&mut rng, &report_formats));
                    a
                }
            };
            (
                format!("{run}_{file}.csv as x_{file}.csv: {}", done.join(", ")),
                args,
            )
        }
        // A routecov.toml using every section, mutated.
        _ => {
            copy_estimator(d, true, true);
            std::fs::write(d.join("routecov.toml"), CONFIG).expect("write");
            let done = mutate_file(&mut rng, &d.join("routecov.toml"), Lang::Toml);
            let mut args = match rng.below(4) {
                0 => s(&["routes", "--project", "p"]),
                1 => s(&["check", "--stats", "run"]),
                2 => {
                    copy_run("pair_baseline", d, "base");
                    s(&["compare", "base", "run"])
                }
                _ => s(&[
                    "report",
                    "--project",
                    "p",
                    "--locustfile",
                    "l.py",
                    "--stats",
                    "run",
                ]),
            };
            args.extend(s(&["--config", "routecov.toml"]));
            (format!("routecov.toml: {}", done.join(", ")), args)
        }
    };
    if rng.chance(10) {
        args.push("--quiet".into());
    }
    let class = if what.starts_with("routecov.toml") {
        "routecov.toml"
    } else if what.contains(".csv") {
        "Locust CSV"
    } else if what.starts_with("p/") {
        "project Python file"
    } else {
        "locustfile"
    };
    let mut snippets: Vec<&str> = what
        .split(", ")
        .filter_map(|m| m.split("insert ").nth(1))
        .filter_map(|m| m.split(" before").next())
        .collect();
    snippets.sort_unstable();
    snippets.dedup();
    let kind = if snippets.is_empty() {
        format!("{class}, byte and line mutations")
    } else {
        format!("{class} with {}", snippets.join(" + "))
    };
    Case {
        index,
        kind,
        description: what,
        dir,
        args,
    }
}
