//! Fuzzing (issue 9: never abort, hang, blow up or lose a line).
//!
//! From a fixed seed, mutates copies of the fixtures (the estimator's
//! URLconfs, views and settings, the fixture locustfiles, the Locust CSVs of
//! `fixtures/runs/` and a `routecov.toml` using every section) with byte
//! flips, truncation, deleted, duplicated and swapped lines, CSV columns set
//! to hostile values, and inserted snippets of deep nesting and huge values,
//! then runs the command that reads each input (`routes`, `tasks`, `report`,
//! `check`, `compare`) under the bound of `common::run_bounded` (1 GiB of
//! address space, 10 s). It fails listing every case that exits with a code
//! other than 0, 1 or 2, is killed by a signal, runs out of time or of
//! memory; each such case's input is copied to
//! `target/fuzz-failures/seed-SEED/case-N/` with a `repro.sh`.
//!
//! `ROUTECOV_FUZZ_CASES` (default 300) and `ROUTECOV_FUZZ_SEED` (decimal or
//! 0x-hex) choose the cases; case N is the same for a seed whatever the number
//! of cases. `scripts/fuzz` runs thousands on an optimised build with overflow
//! checks (the `fuzz` profile).

mod common;

use common::{run_bounded, Outcome};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

const DEFAULT_CASES: usize = 300;
const DEFAULT_SEED: u64 = 0x5eed_0009;

// ---------------------------------------------------------------------------
// A small PRNG (xorshift64*, seeded through splitmix64).

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(splitmix(seed) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => {
            let v = v.trim().replace('_', "");
            let parsed = match v.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => v.parse(),
            };
            parsed.unwrap_or_else(|_| panic!("{name}={v}: not a number"))
        }
        Err(_) => default,
    }
}

// ---------------------------------------------------------------------------
// Snippets: the shapes of issue 9, at random sizes.

fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
    format!("{}{inner}{}", open.repeat(n), close.repeat(n))
}

/// Python lines to insert (unindented; the caller indents them).
fn python_snippet(rng: &mut Rng) -> (String, String) {
    let depth = *rng.pick(&[50, 300, 1_000, 5_000]);
    let (name, text) = match rng.below(19) {
        0 => (
            "parens",
            format!("X = {}", nested("(", "\"a/\"", ")", depth)),
        ),
        1 => (
            "lists",
            format!("X = {}", nested("[", "\"a/\"", "]", depth)),
        ),
        2 => (
            "dicts",
            format!("X = {}", nested("{\"k\": ", "\"a/\"", "}", depth)),
        ),
        3 => (
            "calls",
            format!("X = {}", nested("str(", "\"a/\"", ")", depth)),
        ),
        4 => ("unary", format!("X = {}1", "- ".repeat(depth))),
        5 => (
            "or-chain",
            format!("X = {}\"a/\"", "\"\" or ".repeat(depth)),
        ),
        6 => (
            "ternary-chain",
            format!("X = {}\"a/\"", "\"a/\" if X else ".repeat(depth)),
        ),
        7 => (
            "plus-chain",
            format!("X = {}\"/\"", "\"a\" + ".repeat(depth * 20)),
        ),
        8 => {
            let n = *rng.pick(&[100, 509, 600]);
            let mut s = String::new();
            for i in 0..n {
                let _ = writeln!(s, "{}if True:", " ".repeat(i));
            }
            let _ = write!(s, "{}X = \"a/\"", " ".repeat(n));
            ("nested-ifs", s)
        }
        9 => ("repeat-bomb", "X = \"a\" * 9999 * 9999 * 9999".to_string()),
        10 => (
            "list-doublings",
            format!("X = [\"a\"]\n{}", "X = X + X\n".repeat(40)),
        ),
        11 => (
            "string-doublings",
            format!("X = \"a\"\n{}", "X = X + X\n".repeat(40)),
        ),
        12 => (
            "urlpatterns-doublings",
            "urlpatterns += urlpatterns\n".repeat(30),
        ),
        13 => (
            "task-weight",
            "@task(10000000)\ndef bomb(self):\n    self.client.get(\"/bomb/\")".to_string(),
        ),
        14 => (
            "tasks-dict",
            "tasks = {open_dashboard: 100000000}".to_string(),
        ),
        15 => (
            "commented-requests",
            "# self.client.get(\"/x/\"\n".repeat(*rng.pick(&[1_000, 5_000, 20_000])),
        ),
        16 => (
            "recursive-helper",
            "def g(x):\n    return g(x) + g(x) + g(x) + g(x)\nX = g(\"a\")".to_string(),
        ),
        17 => (
            "nested-include",
            format!(
                "urlpatterns += [{}]",
                nested(
                    "path(\"i/\", include([",
                    "path(\"x/\", X)",
                    "]))",
                    depth.min(2_000)
                )
            ),
        ),
        _ => (
            "nested-csrf-exempt",
            format!(
                "urlpatterns += [path(\"c/\", {})]",
                nested("csrf_exempt(", "X", ")", depth)
            ),
        ),
    };
    (name.to_string(), text)
}

/// A CSV cell value.
fn csv_value(rng: &mut Rng) -> &'static str {
    const VALUES: [&str; 24] = [
        "1e400",
        "NaN",
        "nan",
        "inf",
        "-inf",
        "-1",
        "",
        "N/A",
        "\"",
        "18446744073709551616",
        "99999999999999999999999",
        "-9223372036854775808",
        "9223372036854775807",
        "-9223372036854775809",
        "4294967296",
        "18446744073709551615",
        "4611686018427387904",
        "1e308",
        "-0",
        "0x10",
        "1,5",
        "\u{1b}[2J\u{7}",
        "<img src=x onerror=alert(1)>",
        "/api/\u{0}/",
    ];
    VALUES[rng.below(VALUES.len())]
}

/// TOML lines to insert.
fn toml_snippet(rng: &mut Rng) -> (String, String) {
    let depth = *rng.pick(&[50, 500, 5_000]);
    let (name, text) = match rng.below(10) {
        0 => ("nan", "fail_under = nan".to_string()),
        1 => ("huge", "fail_under = 1e400".to_string()),
        2 => ("floors", "[floors]\nwrites = nan\nreads = -5\nhealth = 150".to_string()),
        3 => (
            "deep-array",
            format!("deep = {}", nested("[", "1", "]", depth)),
        ),
        4 => (
            "deep-inline-table",
            format!("deep = {}", nested("{ a = ", "1", " }", depth)),
        ),
        5 => (
            "regex-bomb",
            format!(
                "[categories.bomb]\npath = \"{}\"",
                "(a{1000}){1000}".repeat(depth / 50)
            ),
        ),
        6 => (
            "big-integers",
            "[compare]\nmin_requests = 18446744073709551616\nlatency_regression_pct = -1".to_string(),
        ),
        7 => (
            "criteria",
            "[criteria]\nmin_success_pct = nan\nmax_p95_ms = -1\nmax_failures = 99999999999999999999"
                .to_string(),
        ),
        8 => (
            "long-string",
            format!("history = \"{}\"", "h/".repeat(depth * 20)),
        ),
        _ => ("control-bytes", "locustfile = \"\u{1b}[2J\u{7}.py\"".to_string()),
    };
    (name.to_string(), text)
}

// ---------------------------------------------------------------------------
// Mutations.

#[derive(Clone, Copy, PartialEq)]
enum Lang {
    Python,
    Csv,
    Toml,
}

fn line_starts(b: &[u8]) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(
        b.iter()
            .enumerate()
            .filter(|(_, &c)| c == b'\n')
            .map(|(i, _)| i + 1)
            .filter(|&i| i < b.len()),
    );
    v
}

fn line_range(b: &[u8], starts: &[usize], i: usize) -> (usize, usize) {
    let s = starts[i];
    let e = starts.get(i + 1).copied().unwrap_or(b.len());
    (s, e)
}

/// Applies one to three mutations to `b`; returns what was done.
fn mutate(rng: &mut Rng, b: &mut Vec<u8>, lang: Lang) -> Vec<String> {
    let mut done = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let starts = line_starts(b);
        match rng.below(7) {
            0 => {
                let n = 1 + rng.below(8);
                for _ in 0..n {
                    if b.is_empty() {
                        break;
                    }
                    let i = rng.below(b.len());
                    b[i] = if rng.chance(50) {
                        b[i] ^ (1 << rng.below(8))
                    } else {
                        *rng.pick(b"()[]{}\"'\n\\,#: \t\x00\xff\xc3\x1b")
                    };
                }
                done.push(format!("flip x{n}"));
            }
            1 => {
                let at = rng.below(b.len() + 1);
                b.truncate(at);
                done.push(format!("truncate at {at}"));
            }
            2 => {
                let i = rng.below(starts.len());
                let (s, e) = line_range(b, &starts, i);
                b.drain(s..e);
                done.push(format!("delete line {}", i + 1));
            }
            3 => {
                let i = rng.below(starts.len());
                let (s, e) = line_range(b, &starts, i);
                let times = *rng.pick(&[1, 2, 10, 1_000]);
                let mut line = b[s..e].to_vec();
                if !line.ends_with(b"\n") {
                    line.push(b'\n');
                }
                let copies = line.repeat(times);
                b.splice(s..s, copies);
                done.push(format!("duplicate line {} x{times}", i + 1));
            }
            4 if starts.len() > 1 => {
                let (i, j) = (rng.below(starts.len()), rng.below(starts.len()));
                let (i, j) = (i.min(j), i.max(j));
                let lines: Vec<Vec<u8>> = (0..starts.len())
                    .map(|k| {
                        let (s, e) = line_range(b, &starts, k);
                        b[s..e].to_vec()
                    })
                    .collect();
                let mut lines = lines;
                lines.swap(i, j);
                *b = lines.concat();
                done.push(format!("swap lines {} and {}", i + 1, j + 1));
            }
            5 if lang == Lang::Csv => {
                // One column of some rows (every row, or about one in
                // ten) set to a hostile value.
                let text = String::from_utf8_lossy(b).into_owned();
                let mut rows: Vec<Vec<String>> = text
                    .lines()
                    .map(|l| l.split(',').map(str::to_string).collect())
                    .collect();
                let c = rng.below(rows.first().map_or(1, Vec::len));
                let v = csv_value(rng);
                let every = rng.chance(30);
                // One value for all, or a value per row (differences of
                // extremes overflow).
                let mixed = rng.chance(40);
                let mut n = 0;
                for (k, row) in rows.iter_mut().enumerate() {
                    if k > 0 && c < row.len() && (every || rng.chance(10)) {
                        row[c] = if mixed { csv_value(rng) } else { v }.to_string();
                        n += 1;
                    }
                }
                let mut out: String = rows.iter().map(|r| r.join(",") + "\r\n").collect();
                if !text.ends_with('\n') {
                    out.truncate(out.len().saturating_sub(2));
                }
                *b = out.into_bytes();
                if mixed {
                    done.push(format!("column {} of {n} rows = hostile values", c + 1));
                } else {
                    done.push(format!("column {} of {n} rows = {v:?}", c + 1));
                }
            }
            _ => {
                let i = rng.below(starts.len() + 1);
                let at = starts.get(i).copied().unwrap_or(b.len());
                let (name, text) = match lang {
                    Lang::Python => python_snippet(rng),
                    Lang::Toml => toml_snippet(rng),
                    Lang::Csv => {
                        let rows = *rng.pick(&[1, 100, 10_000]);
                        let row = format!(
                            "{},{},GET,/x/,1,0,1,1,1,1,1,1,1,1,1,1,1,{},0,1,1.0,1,1,1.0\r\n",
                            csv_value(rng),
                            csv_value(rng),
                            csv_value(rng)
                        );
                        (format!("rows x{rows}"), row.repeat(rows))
                    }
                };
                // Indent like the line it goes before.
                let indent: Vec<u8> = if lang == Lang::Python {
                    b[at..]
                        .iter()
                        .take_while(|&&c| c == b' ')
                        .copied()
                        .collect()
                } else {
                    Vec::new()
                };
                let mut ins = Vec::new();
                for l in text.lines() {
                    ins.extend_from_slice(&indent);
                    ins.extend_from_slice(l.as_bytes());
                    ins.push(b'\n');
                }
                if at > 0 && b[at - 1] != b'\n' {
                    ins.insert(0, b'\n');
                }
                b.splice(at..at, ins);
                done.push(format!("insert {name} before line {}", i + 1));
            }
        }
    }
    done
}

// ---------------------------------------------------------------------------
// Inputs.

fn fixtures() -> PathBuf {
    common::repo().join("fixtures")
}

fn copy_dir(from: &Path, to: &Path, only_py: bool) {
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

const RUNS: [&str; 6] = [
    "nofault_estimator",
    "faulty_estimator",
    "nofault_taskset",
    "nofault_package",
    "pair_baseline",
    "pair_candidate",
];
const RUN_FILES: [&str; 4] = ["stats", "failures", "exceptions", "stats_history"];

fn copy_run(run: &str, dir: &Path, prefix: &str) {
    for f in RUN_FILES {
        std::fs::copy(
            fixtures().join(format!("runs/{run}_{f}.csv")),
            dir.join(format!("{prefix}_{f}.csv")),
        )
        .expect("copy run");
    }
}

/// The estimator project as `p/`, its locustfile as `l.py`, the faulty run as `run_*`.
fn copy_estimator(dir: &Path, locustfile: bool, run: bool) {
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

const CONFIG: &str = r#"ignore = ["^/__debug__/"]
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

struct Case {
    index: usize,
    /// The input and the snippets inserted, to group failures.
    kind: String,
    description: String,
    dir: tempfile::TempDir,
    args: Vec<String>,
}

fn mutate_file(rng: &mut Rng, path: &Path, lang: Lang) -> Vec<String> {
    let mut b = std::fs::read(path).expect("read input");
    let done = mutate(rng, &mut b, lang);
    std::fs::write(path, b).expect("write input");
    done
}

fn format_arg(rng: &mut Rng, formats: &[&'static str]) -> Vec<String> {
    vec!["--format".into(), rng.pick(formats).to_string()]
}

fn make_case(seed: u64, index: usize) -> Case {
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

// ---------------------------------------------------------------------------
// Running and reporting.

struct Failure {
    index: usize,
    kind: String,
    description: String,
    command: String,
    why: String,
    summary: String,
    signature: String,
    saved: PathBuf,
}

/// What kind of failure, to group cases: the violation and the first telling
/// line of standard error, numbers masked.
fn signature(out: &Outcome, why: &str) -> String {
    let err = out.err();
    let telling = [
        "panicked at",
        "overflowed its stack",
        "Assertion",
        "memory allocation of",
        "out of memory",
        "fatal runtime error",
    ];
    let thread_id = regex::Regex::new(r" \(\d+\)").expect("regex");
    let digits = regex::Regex::new(r"\d+").expect("regex");
    let registry = regex::Regex::new(r"/\S*/registry/src/[^/]+/").expect("regex");
    let lines: Vec<&str> = err.lines().collect();
    let mut masked = String::new();
    if let Some(i) = lines
        .iter()
        .position(|l| telling.iter().any(|t| l.contains(t)))
    {
        let l = thread_id.replace_all(lines[i], "");
        let l = registry.replace_all(&l, "");
        // Source locations stay (they tell the sites apart); other numbers
        // (sizes, thread ids, indexes in messages) are masked.
        masked = match l.find("panicked at") {
            Some(at) => {
                let msg: String = lines.get(i + 1).unwrap_or(&"").chars().take(80).collect();
                format!("{} {}", &l[at..], digits.replace_all(&msg, "N"))
            }
            None if l.contains("Assertion") => l.chars().take(160).collect(),
            None => digits.replace_all(&l, "N").chars().take(160).collect(),
        };
    }
    match masked.trim() {
        "" => why.to_string(),
        detail => format!("{why}: {detail}"),
    }
}

fn failures_dir(seed: u64) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::repo().join("target"));
    target.join("fuzz-failures").join(format!("seed-{seed:#x}"))
}

fn save(case: &Case, out: &Outcome, why: &str, root: &Path) -> PathBuf {
    let to = root.join(format!("case-{}", case.index));
    copy_dir(case.dir.path(), &to, false);
    let quoted: Vec<String> = case
        .args
        .iter()
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let script = format!(
        "#!/bin/sh\n# {}\n# {why}: {}\n# Run with ROUTECOV=path/to/routecov to use another binary.\ncd \"$(dirname \"$0\")\" && ulimit -v 1048576 && exec \"${{ROUTECOV:-routecov}}\" {}\n",
        case.description,
        out.summary(),
        quoted.join(" ")
    );
    let repro = to.join("repro.sh");
    std::fs::write(&repro, script).expect("write repro.sh");
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&repro, std::fs::Permissions::from_mode(0o755));
    }
    let _ = std::fs::write(to.join("stderr.txt"), &out.stderr);
    to
}

#[test]
fn mutated_fixtures_never_abort_hang_or_blow_up() {
    let cases = env_number("ROUTECOV_FUZZ_CASES", DEFAULT_CASES as u64) as usize;
    let seed = env_number("ROUTECOV_FUZZ_SEED", DEFAULT_SEED);
    let root = failures_dir(seed);
    // Failures of the cases this run covers are this run's to report; those
    // of a longer run with the same seed stay.
    for i in 0..cases {
        let _ = std::fs::remove_dir_all(root.join(format!("case-{i}")));
    }
    let started = std::time::Instant::now();
    let next = AtomicUsize::new(0);
    let failures: Mutex<Vec<Failure>> = Mutex::new(Vec::new());
    // (seconds, case) of the cases that kept the bound.
    let times: Mutex<Vec<(f64, usize)>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= cases {
                    break;
                }
                let case = make_case(seed, i);
                let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
                let out = run_bounded(&args, case.dir.path());
                if out.violation().is_none() {
                    times
                        .lock()
                        .expect("lock")
                        .push((out.elapsed.as_secs_f64(), i));
                }
                if let Some(why) = out.violation() {
                    let saved = save(&case, &out, &why, &root);
                    let f = Failure {
                        index: i,
                        kind: case.kind.clone(),
                        description: case.description.clone(),
                        command: format!("routecov {}", case.args.join(" ")),
                        signature: signature(&out, &why),
                        why,
                        summary: out.summary(),
                        saved,
                    };
                    eprintln!(
                        "case {i}: {} ({})\n  {}\n  {}",
                        f.why, f.summary, f.description, f.signature
                    );
                    failures.lock().expect("lock").push(f);
                }
            });
        }
    });
    let mut failures = failures.into_inner().expect("lock");
    failures.sort_by_key(|f| f.index);
    let mut times = times.into_inner().expect("lock");
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    let total: f64 = times.iter().map(|t| t.0).sum();
    let slowest: Vec<String> = times
        .iter()
        .take(5)
        .map(|(t, i)| format!("case {i} {t:.2} s"))
        .collect();
    eprintln!(
        "fuzz: {cases} cases, seed {seed:#x}, {} failing, {:.1} s; passing cases took {total:.1} s in all, slowest: {}",
        failures.len(),
        started.elapsed().as_secs_f64(),
        slowest.join(", ")
    );
    if failures.is_empty() {
        return;
    }
    let group = |key: &dyn Fn(&Failure) -> String| {
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        for f in &failures {
            let k = key(f);
            match groups.iter_mut().find(|(g, _)| *g == k) {
                Some((_, v)) => v.push(f.index),
                None => groups.push((k, vec![f.index])),
            }
        }
        groups.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
        let mut text = String::new();
        for (k, v) in &groups {
            let shown: Vec<String> = v.iter().take(10).map(|i| i.to_string()).collect();
            let _ = writeln!(
                text,
                "  {:4} x {k}\n         cases {}{}",
                v.len(),
                shown.join(", "),
                if v.len() > 10 { ", ..." } else { "" }
            );
        }
        text
    };
    let mut msg = format!(
        "{} of {cases} cases (seed {seed:#x}) broke the bound; inputs in {}\n\nby failure:\n{}\nby input:\n{}",
        failures.len(),
        root.display(),
        group(&|f| f.signature.clone()),
        group(&|f| f.kind.clone())
    );
    msg.push_str("\nevery case:\n");
    for f in &failures {
        let _ = writeln!(
            msg,
            "  case {}: {} ({})\n    input: {}\n    {}\n    saved: {}/repro.sh",
            f.index,
            f.why,
            f.summary,
            f.description,
            f.command,
            f.saved.display()
        );
    }
    panic!("{msg}");
}
