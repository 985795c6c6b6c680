//! Hostile input (issue 9: never abort, hang, blow up or lose a line).
//!
//! One regression test per input observed to break routecov. Each builds its
//! input in a temporary directory and runs the binary with its address space
//! limited to 1 GiB and a 10 s deadline (`common::run_bounded`). Every run
//! must end with exit code 0, 1 or 2; where routecov gives up on part of the
//! input, a warning on standard error names the file and line.

mod common;

use common::{line_of, run_bounded, Outcome};
use std::io::Write;
use std::path::Path;
use tempfile::TempDir;

// ---------------------------------------------------------------------------
// Inputs

const VIEWS: &str = "def a(request):\n    pass\n";

const URLS_HEAD: &str = "from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from views import a
";

/// A project of `urls.py` (the root URLconf, `--urlconf urls`) and `views.py`.
fn urls_project(urls: &str) -> TempDir {
    common::project(&[("urls.py", urls), ("views.py", VIEWS)])
}

/// `routes --format csv` of a project made by [`urls_project`].
fn routes(dir: &Path) -> Outcome {
    run_bounded(&["routes", "--urlconf", "urls", "--format", "csv"], dir)
}

/// `tasks --format csv` of `locustfile.py` in `dir`.
fn tasks(dir: &Path) -> Outcome {
    run_bounded(
        &["tasks", "--locustfile", "locustfile.py", "--format", "csv"],
        dir,
    )
}

/// urls.py with `X = <expr>` and three routes, the middle one at `X`.
fn urls_with_x(expr: &str) -> String {
    format!(
        "{URLS_HEAD}X = {expr}
urlpatterns = [
    path(\"before/\", a),
    path(X, a, name=\"deep\"),
    path(\"after/\", a),
]
"
    )
}

/// A locustfile with `X = <expr>` and three tasks, the middle one requesting `"/" + X`.
fn locustfile_with_x(expr: &str) -> String {
    format!(
        "from locust import HttpUser, task

X = {expr}


class U(HttpUser):
    @task
    def before(self):
        self.client.get(\"/before/\")

    @task
    def deep(self):
        self.client.get(\"/\" + X)

    @task
    def after(self):
        self.client.get(\"/after/\")
"
    )
}

/// Exit 0 with the routes or requests `/before/` and `/after/` listed, and
/// `expected` (a CSV cell such as `/deep/,`) listed too, or else a warning
/// naming `file` at the line of one of `markers` in `text`. `expected` of
/// `None`: the value cannot be listed, so the warning is required.
fn assert_kept_or_warned(
    out: &Outcome,
    file: &str,
    text: &str,
    expected: Option<&str>,
    markers: &[&str],
) {
    let lines: Vec<usize> = markers.iter().map(|m| line_of(text, m)).collect();
    assert_kept_or_warned_at(out, file, expected, &lines);
}

/// [`assert_kept_or_warned`] with the lines a warning may name.
fn assert_kept_or_warned_at(out: &Outcome, file: &str, expected: Option<&str>, lines: &[usize]) {
    out.assert_code(0);
    let stdout = out.out();
    for p in ["/before/,", "/after/,"] {
        assert!(
            stdout.contains(p),
            "{}\n  `{p}` lost from the output ({})\n  stderr:\n{}",
            out.command,
            out.summary(),
            out.err_tail()
        );
    }
    let listed = expected.is_some_and(|e| stdout.contains(e));
    assert!(
        listed || out.names_line(file, lines),
        "{}\n  neither `{}` listed nor a warning naming {file}:{lines:?} ({})\n  stderr:\n{}",
        out.command,
        expected
            .map(|e| e.chars().take(60).collect::<String>())
            .unwrap_or_default(),
        out.summary(),
        out.err_tail()
    );
}

fn deep_in_urls(expr: &str, value: &str) {
    let text = urls_with_x(expr);
    let dir = urls_project(&text);
    let out = routes(dir.path());
    assert_kept_or_warned(
        &out,
        "urls.py",
        &text,
        Some(&format!("\n/{value},")),
        &["X = ", "path(X"],
    );
}

fn deep_in_locustfile(expr: &str, value: &str) {
    let text = locustfile_with_x(expr);
    let dir = common::project(&[("locustfile.py", &text)]);
    let out = tasks(dir.path());
    assert_kept_or_warned(
        &out,
        "locustfile.py",
        &text,
        Some(&format!(",/{value},")),
        &["X = ", "\"/\" + X"],
    );
}

const DEEP: usize = 5_000;

fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
    format!("{}{inner}{}", open.repeat(n), close.repeat(n))
}

fn parens() -> String {
    nested("(", "\"deep/\"", ")", DEEP)
}
fn lists() -> String {
    nested("[", "\"deep/\"", "]", DEEP) + &"[0]".repeat(DEEP)
}
fn dicts() -> String {
    nested("{\"k\": ", "\"deep/\"", "}", DEEP) + &"[\"k\"]".repeat(DEEP)
}
fn calls() -> String {
    nested("str(", "\"deep/\"", ")", DEEP)
}
fn unary() -> String {
    // An even number of minus signs: 1.
    format!("\"n%d/\" % ({}1)", "- ".repeat(DEEP))
}
fn or_chain() -> String {
    format!("{}\"deep/\"", "\"\" or ".repeat(DEEP))
}
fn ternary_chain() -> String {
    format!("{}\"deep/\"", "\"deep/\" if True else ".repeat(DEEP))
}
const PLUS_TERMS: usize = 100_000;
fn plus_chain() -> String {
    format!("{}\"/\"", "\"a\" + ".repeat(PLUS_TERMS))
}
fn plus_value() -> String {
    format!("{}/", "a".repeat(PLUS_TERMS))
}

// ---------------------------------------------------------------------------
// 1. Deep nesting (issue 9): 5,000 levels abort today with a stack overflow.
// The same expression at depth 6 evaluates to the value checked here, so at
// depth 5,000 routecov lists the same value, or warns where it gave up.

macro_rules! deep_expression_tests {
    ($($urls:ident, $locust:ident: $expr:expr, $value:expr;)*) => {$(
        #[test]
        fn $urls() {
            deep_in_urls(&$expr, &$value);
        }

        #[test]
        fn $locust() {
            deep_in_locustfile(&$expr, &$value);
        }
    )*};
}

deep_expression_tests! {
    urls_5000_nested_parentheses, locustfile_5000_nested_parentheses: parens(), "deep/";
    urls_5000_nested_lists, locustfile_5000_nested_lists: lists(), "deep/";
    urls_5000_nested_dicts, locustfile_5000_nested_dicts: dicts(), "deep/";
    urls_5000_nested_calls, locustfile_5000_nested_calls: calls(), "deep/";
    urls_5000_unary_minus_chain, locustfile_5000_unary_minus_chain: unary(), "n1/";
    urls_5000_or_chain, locustfile_5000_or_chain: or_chain(), "deep/";
    urls_5000_ternary_chain, locustfile_5000_ternary_chain: ternary_chain(), "deep/";
    urls_100000_term_string_concatenation, locustfile_100000_term_string_concatenation:
        plus_chain(), plus_value();
}

/// Issue 9: 2,000 nested `include([...])`.
#[test]
fn urls_2000_nested_include_lists() {
    const N: usize = 2_000;
    let inner = nested(
        "path(\"i/\", include([",
        "path(\"leaf/\", a, name=\"leaf\")",
        "])),",
        N,
    );
    let text = format!(
        "{URLS_HEAD}urlpatterns = [
    path(\"before/\", a),
    {inner}
    path(\"after/\", a),
]
"
    );
    let dir = urls_project(&text);
    let out = routes(dir.path());
    let value = format!("\n/{}leaf/,", "i/".repeat(N));
    assert_kept_or_warned(&out, "urls.py", &text, Some(&value), &["include(["]);
}

/// Issue 9: a view wrapped in 5,000 nested `csrf_exempt(...)`.
#[test]
fn urls_view_in_5000_nested_csrf_exempt() {
    let view = nested("csrf_exempt(", "a", ")", DEEP);
    let text = format!(
        "{URLS_HEAD}urlpatterns = [
    path(\"before/\", a),
    path(\"deep/\", {view}, name=\"deep\"),
    path(\"after/\", a),
]
"
    );
    let dir = urls_project(&text);
    let out = routes(dir.path());
    assert_kept_or_warned(
        &out,
        "urls.py",
        &text,
        Some("\n/deep/,ANY,views.a,"),
        &["path(\"deep/\""],
    );
}

/// Issue 9 (found by tests/fuzz.rs): the ternary chain that the main thread
/// survives overflows the smaller stack of the thread that parses included
/// URLconfs ahead.
#[test]
fn included_urls_5000_ternary_chain() {
    let app = format!(
        "from django.urls import path\nfrom views import a\nX = {}\nurlpatterns = [path(X, a)]\n",
        ternary_chain()
    );
    let dir = urls_project(&format!(
        "{URLS_HEAD}urlpatterns = [
    path(\"before/\", a),
    path(\"app/\", include(\"app.urls\")),
    path(\"after/\", a),
]
"
    ));
    common::write(dir.path(), "app/__init__.py", "");
    common::write(dir.path(), "app/urls.py", &app);
    let out = routes(dir.path());
    assert_kept_or_warned(
        &out,
        "app/urls.py",
        &app,
        Some("\n/app/deep/,"),
        &["X = ", "path(X"],
    );
}

// ---------------------------------------------------------------------------
// 2. Deeply nested blocks (issue 9): tree-sitter's scanner asserts
// `length <= 1024` and aborts on 509 nested `if` blocks.

fn nested_ifs(indent: usize, depth: usize, body: &str) -> String {
    let mut s = String::new();
    for i in 0..depth {
        s.push_str(&" ".repeat(indent + i));
        s.push_str("if True:\n");
    }
    s.push_str(&" ".repeat(indent + depth));
    s.push_str(body);
    s.push('\n');
    s
}

fn if_blocks_in_urls(depth: usize) {
    let text = format!(
        "{URLS_HEAD}urlpatterns = [path(\"before/\", a)]
{}urlpatterns += [path(\"after/\", a)]
",
        nested_ifs(0, depth, "urlpatterns += [path(\"deep/\", a)]")
    );
    let dir = urls_project(&text);
    let out = routes(dir.path());
    let first = line_of(&text, "if True:");
    let markers: Vec<String> = text
        .lines()
        .skip(first - 1)
        .take(depth + 1)
        .map(str::to_string)
        .collect();
    let markers: Vec<&str> = markers.iter().map(String::as_str).collect();
    assert_kept_or_warned(&out, "urls.py", &text, Some("\n/deep/,"), &markers);
}

fn if_blocks_in_locustfile(depth: usize) {
    let text = format!(
        "from locust import HttpUser, task


class U(HttpUser):
    @task
    def t(self):
        self.client.get(\"/before/\")
{}        self.client.get(\"/after/\")
",
        nested_ifs(8, depth, "self.client.get(\"/deep/\")")
    );
    let dir = common::project(&[("locustfile.py", &text)]);
    let out = tasks(dir.path());
    let first = line_of(&text, "if True:");
    let markers: Vec<String> = text
        .lines()
        .skip(first - 1)
        .take(depth + 1)
        .map(str::to_string)
        .collect();
    let markers: Vec<&str> = markers.iter().map(String::as_str).collect();
    assert_kept_or_warned(&out, "locustfile.py", &text, Some(",/deep/,"), &markers);
}

/// Issue 9.
#[test]
fn urls_509_nested_if_blocks() {
    if_blocks_in_urls(509);
}

/// Issue 9.
#[test]
fn urls_600_nested_if_blocks() {
    if_blocks_in_urls(600);
}

/// Issue 9.
#[test]
fn locustfile_509_nested_if_blocks() {
    if_blocks_in_locustfile(509);
}

/// Issue 9.
#[test]
fn locustfile_600_nested_if_blocks() {
    if_blocks_in_locustfile(600);
}

// ---------------------------------------------------------------------------
// 3. Evaluator bombs (issue 9): values that grow without bound.

/// Issue 9: `@task(10000000)` is a weight, not ten million list entries.
#[test]
fn task_weight_of_ten_million() {
    let text = "from locust import HttpUser, task


class U(HttpUser):
    @task(10000000)
    def heavy(self):
        self.client.get(\"/heavy/\")

    @task
    def light(self):
        self.client.get(\"/light/\")
";
    let dir = common::project(&[("locustfile.py", text)]);
    let out = run_bounded(
        &["tasks", "--locustfile", "locustfile.py", "--format", "json"],
        dir.path(),
    );
    out.assert_code(0);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let weights: Vec<i64> = v["users"][0]["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter_map(|t| t["weight"].as_i64())
        .collect();
    assert!(weights.contains(&10_000_000), "{weights:?}");
}

/// Issue 9: `tasks = {t: 100000000}`.
#[test]
fn tasks_dict_weight_of_a_hundred_million() {
    let text = "from locust import HttpUser


def t(user):
    user.client.get(\"/t/\")


class U(HttpUser):
    tasks = {t: 100000000}
";
    let dir = common::project(&[("locustfile.py", text)]);
    let out = run_bounded(
        &["tasks", "--locustfile", "locustfile.py", "--format", "json"],
        dir.path(),
    );
    out.assert_code(0);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["users"][0]["tasks"][0]["weight"], 100_000_000, "{v}");
}

/// Issue 9: `"a" * 9999 * 9999 * 9999` is a terabyte.
#[test]
fn urls_string_repetition_bomb() {
    let text = urls_with_x("\"a\" * 9999 * 9999 * 9999");
    let dir = urls_project(&text);
    let out = routes(dir.path());
    assert_kept_or_warned(&out, "urls.py", &text, None, &["X = ", "path(X"]);
}

fn doublings(start: &str, n: usize) -> String {
    format!("X = {start}\n{}", "X = X + X\n".repeat(n))
}

/// Issue 9: forty doublings of a list, `X[0]` used in a route.
#[test]
fn urls_forty_list_doublings() {
    let text = format!(
        "{URLS_HEAD}{}urlpatterns = [
    path(\"before/\", a),
    path(X[0] + \"/\", a, name=\"deep\"),
    path(\"after/\", a),
]
",
        doublings("[\"deep\"]", 40)
    );
    let dir = urls_project(&text);
    let out = routes(dir.path());
    assert_kept_or_warned_lines(&out, "urls.py", &text, Some("\n/deep/,"), "X = ", "X[0]");
}

/// Issue 9: forty doublings of a string (a terabyte), used in a route.
#[test]
fn urls_forty_string_doublings() {
    let text = format!(
        "{URLS_HEAD}{}urlpatterns = [
    path(\"before/\", a),
    path(X + \"/\", a, name=\"deep\"),
    path(\"after/\", a),
]
",
        doublings("\"a\"", 40)
    );
    let dir = urls_project(&text);
    let out = routes(dir.path());
    assert_kept_or_warned_lines(&out, "urls.py", &text, None, "X = ", "path(X");
}

/// Issue 9: forty doublings of a string in a locustfile request.
#[test]
fn locustfile_forty_string_doublings() {
    let text = locustfile_with_x(&format!("\"a\"\n{}", "X = X + X\n".repeat(40).trim_end()));
    let dir = common::project(&[("locustfile.py", &text)]);
    let out = tasks(dir.path());
    assert_kept_or_warned_lines(&out, "locustfile.py", &text, None, "X = ", "\"/\" + X");
}

/// [`assert_kept_or_warned`] where the warning may name any line from the
/// first containing `from` to the first containing `to`.
fn assert_kept_or_warned_lines(
    out: &Outcome,
    file: &str,
    text: &str,
    expected: Option<&str>,
    from: &str,
    to: &str,
) {
    let (a, b) = (line_of(text, from), line_of(text, to));
    assert_kept_or_warned_at(out, file, expected, &(a..=b).collect::<Vec<_>>());
}

/// Issue 9: thirty lines of `urlpatterns += urlpatterns` (2^30 routes).
#[test]
fn urls_thirty_self_doublings_of_urlpatterns() {
    let text = format!(
        "{URLS_HEAD}urlpatterns = [path(\"before/\", a)]
{}urlpatterns += [path(\"after/\", a)]
",
        "urlpatterns += urlpatterns\n".repeat(30)
    );
    let dir = urls_project(&text);
    let out = routes(dir.path());
    assert_kept_or_warned_lines(
        &out,
        "urls.py",
        &text,
        None,
        "urlpatterns += urlpatterns",
        "after/",
    );
}

/// Issue 9: a 25-level include fan-out (module k includes module k+1 twice:
/// 2^25 routes).
#[test]
fn urls_include_fan_out_25_levels() {
    const LEVELS: usize = 25;
    let dir = urls_project(&format!(
        "{URLS_HEAD}urlpatterns = [
    path(\"before/\", a),
    path(\"fan/\", include(\"m0\")),
    path(\"after/\", a),
]
"
    ));
    for k in 0..LEVELS - 1 {
        common::write(
            dir.path(),
            &format!("m{k}.py"),
            &format!(
                "from django.urls import include, path

urlpatterns = [
    path(\"x/\", include(\"m{n}\")),
    path(\"y/\", include(\"m{n}\")),
]
",
                n = k + 1
            ),
        );
    }
    common::write(
        dir.path(),
        &format!("m{}.py", LEVELS - 1),
        "from django.urls import path\nfrom views import a\n\nurlpatterns = [path(\"leaf/\", a)]\n",
    );
    let out = routes(dir.path());
    out.assert_code(0);
    let stdout = out.out();
    assert!(
        stdout.contains("\n/before/,") && stdout.contains("\n/after/,"),
        "{}\n  routes around the fan-out lost ({})\n{}",
        out.command,
        out.summary(),
        out.err_tail()
    );
    let named = regex::Regex::new(r"\b(m\d+|urls)\.py:\d+").expect("regex");
    assert!(
        named.is_match(&out.err()),
        "{}\n  2^{LEVELS} routes and no warning naming a file:line ({})\n{}",
        out.command,
        out.summary(),
        out.err_tail()
    );
}

/// Issue 9: `def g(x): return g(x) + g(x) + g(x) + g(x)` used in a route.
#[test]
fn urls_recursive_helper_function() {
    let text = format!(
        "{URLS_HEAD}

def g(x):
    return g(x) + g(x) + g(x) + g(x)


urlpatterns = [
    path(\"before/\", a),
    path(g(\"p\") + \"/\", a, name=\"deep\"),
    path(\"after/\", a),
]
"
    );
    let dir = urls_project(&text);
    let out = routes(dir.path());
    assert_kept_or_warned(
        &out,
        "urls.py",
        &text,
        None,
        &["def g", "return g(x)", "path(g("],
    );
}

fn commented_out_requests(n: usize) {
    let text = format!(
        "from locust import HttpUser, task


class U(HttpUser):
    @task
    def t(self):
        self.client.get(\"/before/\")
{}        self.client.get(\"/after/\")
",
        "        # self.client.get(\"/x/\"\n".repeat(n)
    );
    let dir = common::project(&[("locustfile.py", &text)]);
    let out = tasks(dir.path());
    out.assert_code(0);
    let stdout = out.out();
    for p in [",/before/,", ",/after/,"] {
        assert!(
            stdout.contains(p),
            "{}\n  `{p}` lost ({})\n{}",
            out.command,
            out.summary(),
            out.err_tail()
        );
    }
}

/// Issue 9: 10,000 commented-out requests with unbalanced parentheses.
#[test]
fn locustfile_10000_unbalanced_commented_out_requests() {
    commented_out_requests(10_000);
}

/// Issue 9: 20,000 of them (twice the lines must not take four times as long).
#[test]
fn locustfile_20000_unbalanced_commented_out_requests() {
    commented_out_requests(20_000);
}

/// Issue 9 (found by tests/fuzz.rs): 20,000 comment lines in a urls.py
/// (4,000 take seconds today: time grows with the square of their number).
#[test]
fn urls_20000_comment_lines() {
    let text = format!(
        "{URLS_HEAD}{}urlpatterns = [
    path(\"before/\", a),
    path(\"after/\", a),
]
",
        "# a comment line\n".repeat(20_000)
    );
    let dir = urls_project(&text);
    let out = routes(dir.path());
    out.assert_code(0);
    let stdout = out.out();
    assert!(
        stdout.contains("\n/before/,") && stdout.contains("\n/after/,"),
        "{}\n  routes lost ({})\n{}",
        out.command,
        out.summary(),
        out.err_tail()
    );
}

/// Issue 9: a 50 MB urls.py of plain `path()` lines.
#[test]
fn urls_py_of_50_megabytes() {
    const TARGET: usize = 50 << 20;
    let dir = urls_project("");
    let mut n = 0usize;
    {
        let f = std::fs::File::create(dir.path().join("urls.py")).expect("create");
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        w.write_all(b"from django.urls import path\nfrom views import a\n\nurlpatterns = [\n")
            .expect("write");
        let mut written = 0usize;
        let mut line = String::new();
        while written < TARGET {
            line.clear();
            use std::fmt::Write as _;
            let _ = writeln!(
                line,
                "    path(\"r{n:07}/with/a/longer/route/to/fill/the/line/\", a, name=\"route-{n:07}\"),"
            );
            w.write_all(line.as_bytes()).expect("write");
            written += line.len();
            n += 1;
        }
        w.write_all(b"]\n").expect("write");
        w.flush().expect("flush");
    }
    let out = routes(dir.path());
    out.assert_code(0);
    let listed = out
        .stdout
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        .saturating_sub(1);
    assert!(
        listed == n || out.err().contains("urls.py"),
        "{}\n  {listed} of {n} routes listed and no warning naming urls.py ({})\n{}",
        out.command,
        out.summary(),
        out.err_tail()
    );
}

// ---------------------------------------------------------------------------
// 4. Huge stats history (issue 9).

/// The run files other than the history, copied from the healthy estimator run.
const RUN_FILES: [&str; 3] = ["stats", "failures", "exceptions"];

fn copy_run(dir: &Path, prefix: &str) {
    for f in RUN_FILES {
        std::fs::copy(
            common::repo().join(format!("fixtures/runs/nofault_estimator_{f}.csv")),
            dir.join(format!("{prefix}_{f}.csv")),
        )
        .expect("copy fixture run");
    }
}

fn history_header() -> String {
    let text = std::fs::read_to_string(
        common::repo().join("fixtures/runs/nofault_estimator_stats_history.csv"),
    )
    .expect("fixture history");
    text.lines().next().expect("header").trim_end().to_string()
}

/// An Aggregated row of `*_stats_history.csv`.
fn aggregated_row(t: &str, users: u64, total: &str, failures: &str) -> String {
    format!(
        "{t},{users},,Aggregated,20.000000,0.000000,12,15,18,20,40,120,300,500,900,1000,1004,{total},{failures},12,24.5,3,1004,1205.0"
    )
}

/// Writes a `*_stats_history.csv` of at least `target` bytes: one second
/// after another, four request rows and the Aggregated row each, counts
/// growing. Returns the number of seconds.
fn write_big_history(path: &Path, target: usize) -> u64 {
    use std::fmt::Write as _;
    const NAMES: [&str; 4] = [
        "/dashboard/",
        "/detail_project/[id]/rekap-rab/",
        "/api/project/[id]/rekap/",
        "/health/ready/",
    ];
    let f = std::fs::File::create(path).expect("create history");
    let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
    w.write_all(history_header().as_bytes()).expect("write");
    w.write_all(b"\r\n").expect("write");
    let (mut written, mut sec, mut total, mut failures) = (0usize, 0u64, 0u64, 0u64);
    let mut buf = String::with_capacity(1024);
    while written < target {
        buf.clear();
        let t = 1_795_625_683 + sec;
        let users = (sec * 5).min(100);
        total += 20;
        if sec % 7 == 3 {
            failures += 1;
        }
        for name in NAMES {
            let _ = write!(
                buf,
                "{t},{users},GET,{name},5.000000,0.000000,12,15,18,20,40,120,300,500,900,1000,1004,{},0,12,24.5,3,1004,1205.0\r\n",
                total / 4
            );
        }
        buf.push_str(&aggregated_row(
            &t.to_string(),
            users,
            &total.to_string(),
            &failures.to_string(),
        ));
        buf.push_str("\r\n");
        w.write_all(buf.as_bytes()).expect("write");
        written += buf.len();
        sec += 1;
    }
    w.flush().expect("flush");
    sec
}

/// Runs `big` (a history of `target` bytes) and `other` (the same files,
/// hard-linked).
fn big_history_run(target: usize) -> TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    copy_run(dir.path(), "big");
    let start = std::time::Instant::now();
    write_big_history(&dir.path().join("big_stats_history.csv"), target);
    eprintln!(
        "generated {} MB of stats history in {:.1} s",
        target >> 20,
        start.elapsed().as_secs_f64()
    );
    for f in RUN_FILES.iter().chain(&["stats_history"]) {
        std::fs::hard_link(
            dir.path().join(format!("big_{f}.csv")),
            dir.path().join(format!("other_{f}.csv")),
        )
        .expect("hard link");
    }
    dir
}

const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

fn big_history_stays_bounded(target: usize) {
    let dir = big_history_run(target);
    let check = run_bounded(&["check", "--stats", "big"], dir.path());
    check.assert_bounded();
    assert!(
        matches!(check.code, Some(0 | 1)),
        "{}\n  a valid run is no input error ({})\n{}",
        check.command,
        check.summary(),
        check.err_tail()
    );
    let stdout = check.out();
    let sparklines: Vec<&str> = stdout.lines().filter(|l| l.contains(SPARKS)).collect();
    assert!(!sparklines.is_empty(), "no timeline in:\n{stdout}");
    for line in sparklines {
        let n = line.chars().count();
        assert!(
            n <= 400,
            "sparkline of {n} characters: {}...",
            line.chars().take(100).collect::<String>()
        );
    }
    let compare = run_bounded(&["compare", "big", "other", "--format", "html"], dir.path());
    compare.assert_code(0);
}

/// Issue 9: a 20 MB `*_stats_history.csv` for `check` and `compare --format html`.
#[test]
fn stats_history_of_20_megabytes() {
    big_history_stays_bounded(20 << 20);
}

/// Issue 9: a 200 MB `*_stats_history.csv` for `check` and `compare --format html`
/// (generated in about 2 s).
#[test]
fn stats_history_of_200_megabytes() {
    big_history_stays_bounded(200 << 20);
}

// ---------------------------------------------------------------------------
// 5. Timeline arithmetic (issue 9): overflowing sums and differences.

/// Numbers that only wrapping arithmetic prints.
const ABSURD: [&str; 3] = [
    "-9223372035059150073",
    "18446744073709551615",
    "9223372036854775807",
];

/// A run whose history is `rows` after the header (line 2 on).
fn run_with_history(rows: &[String]) -> TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    copy_run(dir.path(), "run");
    let mut text = history_header();
    text.push_str("\r\n");
    for r in rows {
        text.push_str(r);
        text.push_str("\r\n");
    }
    std::fs::write(dir.path().join("run_stats_history.csv"), text).expect("write");
    dir
}

/// `check` prints no wrapped-around number and warns naming the history
/// file at one of `lines`.
fn assert_timeline_sane(dir: &Path, lines: &[usize]) {
    let long_number = regex::Regex::new(r"\d{19,}").expect("regex");
    for format in ["table", "json"] {
        let out = run_bounded(&["check", "--stats", "run", "--format", format], dir);
        out.assert_bounded();
        for text in [out.out(), out.err()] {
            for bad in ABSURD {
                assert!(
                    !text.contains(bad),
                    "{}\n  prints {bad}:\n{}",
                    out.command,
                    text.lines()
                        .filter(|l| l.contains(bad))
                        .collect::<Vec<_>>()
                        .join("\n")
                );
            }
        }
        if format == "table" {
            let stdout = out.out();
            assert!(
                !long_number.is_match(&stdout),
                "{}\n  prints a 19-digit number:\n{stdout}",
                out.command
            );
            assert!(
                out.names_line("run_stats_history.csv", lines),
                "{}\n  no warning naming run_stats_history.csv:{lines:?} ({})\n{}",
                out.command,
                out.summary(),
                out.err_tail()
            );
        }
    }
}

/// Issue 9: timestamps near i64::MIN and i64::MAX.
#[test]
fn history_timestamps_near_the_limits_of_i64() {
    let dir = run_with_history(&[
        aggregated_row("-9223372036854775800", 0, "0", "0"),
        aggregated_row("1795625683", 5, "20", "0"),
        aggregated_row("9223372036854775800", 10, "40", "1"),
        aggregated_row("9223372036854775801", 10, "60", "1"),
    ]);
    assert_timeline_sane(dir.path(), &[2, 3, 4, 5]);
}

/// Issue 9: timestamps going backwards.
#[test]
fn history_timestamps_decreasing() {
    let rows: Vec<String> = (0..6)
        .map(|i| {
            aggregated_row(
                &(1_795_625_690 - i).to_string(),
                5 * i as u64,
                &(20 * i).to_string(),
                &i.to_string(),
            )
        })
        .collect();
    assert_timeline_sane(run_with_history(&rows).path(), &[2, 3, 4, 5, 6, 7]);
}

/// Issue 9: cumulative counts above u64::MAX.
#[test]
fn history_counts_above_u64_max() {
    let dir = run_with_history(&[
        aggregated_row("1795625683", 5, "20", "0"),
        aggregated_row("1795625684", 10, "18446744073709551616", "1"),
        aggregated_row(
            "1795625685",
            10,
            "99999999999999999999999",
            "18446744073709551617",
        ),
    ]);
    assert_timeline_sane(dir.path(), &[3, 4]);
}

// ---------------------------------------------------------------------------
// A small project for report, gates, history and escaping.

const TINY_VIEWS: &str = "from django.views.decorators.http import require_GET, require_POST


@require_GET
def a(request):
    pass


@require_POST
def b(request):
    pass
";

const TINY_URLS: &str = "from django.urls import path
from views import a, b

urlpatterns = [
    path(\"a/\", a, name=\"a\"),
    path(\"b/\", b, name=\"b\"),
]
";

const TINY_LOCUSTFILE: &str = "from locust import HttpUser, task


class U(HttpUser):
    @task
    def read(self):
        self.client.get(\"/a/\")

    @task
    def write(self):
        self.client.post(\"/b/\")
";

fn tiny_project() -> TempDir {
    common::project(&[
        ("urls.py", TINY_URLS),
        ("views.py", TINY_VIEWS),
        ("locustfile.py", TINY_LOCUSTFILE),
    ])
}

/// `report` of a project in `dir` with `extra` arguments.
fn report(dir: &Path, extra: &[&str]) -> Outcome {
    let mut args = vec![
        "report",
        "--urlconf",
        "urls",
        "--locustfile",
        "locustfile.py",
    ];
    args.extend_from_slice(extra);
    run_bounded(&args, dir)
}

// ---------------------------------------------------------------------------
// 6. Gates (issue 9): a NaN or impossible floor passes every run today.

fn assert_gate_rejected(out: &Outcome, names: &[&str]) {
    out.assert_code(2);
    let err = out.err();
    for n in names {
        assert!(
            err.contains(n),
            "{}\n  message does not name `{n}`:\n{}",
            out.command,
            out.err_tail()
        );
    }
}

/// Issue 9.
#[test]
fn config_fail_under_nan_is_an_error() {
    let dir = tiny_project();
    common::write(dir.path(), "routecov.toml", "fail_under = nan\n");
    let out = report(dir.path(), &["--config", "routecov.toml"]);
    assert_gate_rejected(&out, &["fail_under"]);
    assert!(out.names_line("routecov.toml", &[1]), "{}", out.err_tail());
}

/// Issue 9.
#[test]
fn config_floor_nan_is_an_error() {
    let dir = tiny_project();
    common::write(dir.path(), "routecov.toml", "[floors]\nwrites = nan\n");
    let out = report(dir.path(), &["--config", "routecov.toml"]);
    assert_gate_rejected(&out, &["writes"]);
    assert!(out.names_line("routecov.toml", &[2]), "{}", out.err_tail());
}

/// Issue 9.
#[test]
fn flag_fail_under_nan_is_an_error() {
    let dir = tiny_project();
    let out = report(dir.path(), &["--fail-under", "nan"]);
    assert_gate_rejected(&out, &["--fail-under"]);
}

/// Issue 9: a floor above 100% can never hold.
#[test]
fn flag_fail_under_150_is_an_error() {
    let dir = tiny_project();
    let out = report(dir.path(), &["--fail-under", "150"]);
    assert_gate_rejected(&out, &["--fail-under"]);
}

// ---------------------------------------------------------------------------
// 7. History files (issue 9).

fn history_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("history readable")
        .lines()
        .map(str::to_string)
        .collect()
}

fn assert_history_line(line: &str) {
    let v: serde_json::Value =
        serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
    assert!(v.is_object() && v.get("time").is_some(), "{line}");
}

/// Issue 9: 20 concurrent appends, 5 rounds: no line lost or torn.
#[test]
fn history_concurrent_appends_keep_every_line() {
    let dir = tiny_project();
    for _round in 0..5 {
        let outs: Vec<Outcome> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..20)
                .map(|_| s.spawn(|| report(dir.path(), &["-q", "--history", "h.jsonl"])))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("thread"))
                .collect()
        });
        for out in &outs {
            out.assert_code(0);
        }
    }
    let lines = history_lines(&dir.path().join("h.jsonl"));
    assert_eq!(lines.len(), 100, "lines lost or added");
    for l in &lines {
        assert_history_line(l);
    }
}

/// Issue 9: a history path that is a symlink is written through.
#[test]
fn history_symlink_stays_a_symlink() {
    let dir = tiny_project();
    std::fs::create_dir(dir.path().join("real")).expect("mkdir");
    report(dir.path(), &["-q", "--history", "real/h.jsonl"]).assert_code(0);
    std::os::unix::fs::symlink("real/h.jsonl", dir.path().join("link.jsonl")).expect("symlink");
    report(dir.path(), &["-q", "--history", "link.jsonl"]).assert_code(0);
    let meta = std::fs::symlink_metadata(dir.path().join("link.jsonl")).expect("link");
    assert!(meta.file_type().is_symlink(), "the symlink was replaced");
    assert_eq!(history_lines(&dir.path().join("real/h.jsonl")).len(), 2);
}

/// Issue 9: a hard-linked history file stays linked.
#[test]
fn history_hard_link_stays_linked() {
    use std::os::unix::fs::MetadataExt;
    let dir = tiny_project();
    let h = dir.path().join("h.jsonl");
    let other = dir.path().join("other.jsonl");
    report(dir.path(), &["-q", "--history", "h.jsonl"]).assert_code(0);
    std::fs::hard_link(&h, &other).expect("hard link");
    report(dir.path(), &["-q", "--history", "h.jsonl"]).assert_code(0);
    let (a, b) = (
        std::fs::metadata(&h).expect("h"),
        std::fs::metadata(&other).expect("other"),
    );
    assert_eq!(a.ino(), b.ino(), "the hard link was broken");
    assert_eq!(history_lines(&other).len(), 2);
}

/// Issue 9: the history file keeps its mode.
#[test]
fn history_mode_0600_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tiny_project();
    let h = dir.path().join("h.jsonl");
    report(dir.path(), &["-q", "--history", "h.jsonl"]).assert_code(0);
    std::fs::set_permissions(&h, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    report(dir.path(), &["-q", "--history", "h.jsonl"]).assert_code(0);
    let mode = std::fs::metadata(&h).expect("h").permissions().mode() & 0o7777;
    assert_eq!(mode, 0o600, "mode {mode:o}");
    assert_eq!(history_lines(&h).len(), 2);
}

/// Issue 9: a corrupt line is named, and the run is still appended.
#[test]
fn history_corrupt_line_warns_and_appends() {
    let dir = tiny_project();
    let h = dir.path().join("h.jsonl");
    report(dir.path(), &["-q", "--history", "h.jsonl"]).assert_code(0);
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&h)
        .expect("open");
    f.write_all(b"{\"time\": \"2026-01-01T00:00:00Z\", \"torn\n")
        .expect("append");
    drop(f);
    let out = report(dir.path(), &["--history", "h.jsonl"]);
    out.assert_code(0);
    assert!(
        out.names_line("h.jsonl", &[2]),
        "{}\n  no warning naming h.jsonl:2\n{}",
        out.command,
        out.err_tail()
    );
    let lines = history_lines(&h);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_history_line(&lines[2]);
}

/// Issue 9: a history file that is not UTF-8 never gives output and then
/// exit 2.
#[test]
fn history_invalid_utf8_fails_before_output_or_warns() {
    let dir = tiny_project();
    let h = dir.path().join("h.jsonl");
    std::fs::write(
        &h,
        b"{\"time\": \"2026-01-01T00:00:00Z\", \"x\": \"\xff\xfe\"}\n",
    )
    .expect("write");
    let out = report(dir.path(), &["--history", "h.jsonl"]);
    out.assert_bounded();
    match out.code {
        Some(2) => assert!(
            out.stdout.is_empty(),
            "{}\n  exit 2 after printing {} bytes of output",
            out.command,
            out.stdout.len()
        ),
        _ => {
            out.assert_code(0);
            assert!(out.err().contains("h.jsonl"), "{}", out.err_tail());
            let text = std::fs::read(&h).expect("h");
            assert_eq!(
                text.split(|&b| b == b'\n')
                    .filter(|l| !l.is_empty())
                    .count(),
                2
            );
        }
    }
}

// ---------------------------------------------------------------------------
// 8. Escaping (issue 9): terminal control bytes and markup from the
// analysed files.

const ESC: &str = "\u{1b}[2J\u{7}";

fn assert_no_control_bytes(out: &Outcome) {
    for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        for b in [0x1b_u8, 0x07] {
            if let Some(i) = bytes.iter().position(|&c| c == b) {
                let from = i.saturating_sub(40);
                let to = (i + 40).min(bytes.len());
                panic!(
                    "{}\n  raw byte {b:#04x} on {what}: {:?}",
                    out.command,
                    String::from_utf8_lossy(&bytes[from..to])
                );
            }
        }
    }
}

/// Issue 9: raw ESC and BEL in a route path, a route name and an include
/// target (which a warning quotes).
#[test]
fn control_bytes_in_routes_are_escaped_in_table_and_warnings() {
    let urls = format!(
        "from django.urls import include, path
from views import a

urlpatterns = [
    path(\"esc{ESC}/\", a, name=\"n{ESC}\"),
    path(\"ghost/\", include(\"ghost{ESC}.urls\")),
]
"
    );
    let dir = urls_project(&urls);
    let out = run_bounded(&["routes", "--urlconf", "urls"], dir.path());
    out.assert_code(0);
    assert_no_control_bytes(&out);
    let stdout = out.out();
    assert!(
        stdout.contains("\\x1b[2J") && stdout.contains("\\x07"),
        "not shown escaped:\n{stdout}"
    );
}

/// Issue 9: the Python escape `"\x1b"` in a route string is the ESC
/// character (in JSON), shown escaped in the table.
#[test]
fn python_escape_in_route_string_is_decoded_then_shown_escaped() {
    let urls = "from django.urls import path
from views import a

urlpatterns = [path(\"esc\\x1b[2J\\x07/\", a)]
";
    let dir = urls_project(urls);
    let json = run_bounded(
        &["routes", "--urlconf", "urls", "--format", "json", "-q"],
        dir.path(),
    );
    json.assert_code(0);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(v["routes"][0]["path"], "/esc\u{1b}[2J\u{7}/", "{v}");
    let table = run_bounded(&["routes", "--urlconf", "urls"], dir.path());
    table.assert_code(0);
    assert_no_control_bytes(&table);
    assert!(
        table.out().contains("/esc\\x1b[2J\\x07/"),
        "{}",
        table.out()
    );
}

/// A run `run` whose stats have an extra row named `name`.
fn add_run_with_row(dir: &Path, name: &str) {
    copy_run(dir, "run");
    let p = dir.join("run_stats.csv");
    let text = std::fs::read_to_string(&p).expect("stats");
    let (header, rest) = text.split_once('\n').expect("header");
    let row = format!(
        "GET,\"{}\",5,0,68,83.0,65.2,108.2,3694.0,0.37,0.0,68,110,110,110,110,110,110,110,110,110,110\r\n",
        name.replace('"', "\"\"")
    );
    std::fs::write(&p, format!("{header}\n{row}{rest}")).expect("write");
}

/// Issue 9: ESC and BEL in a stats name and a request's `name=`.
#[test]
fn control_bytes_in_stats_and_request_names_are_escaped() {
    let dir = tiny_project();
    common::write(
        dir.path(),
        "locustfile.py",
        &TINY_LOCUSTFILE.replace(
            "self.client.get(\"/a/\")",
            &format!("self.client.get(\"/a/\", name=\"a{ESC}\")"),
        ),
    );
    add_run_with_row(dir.path(), &format!("/x{ESC}/"));
    for out in [
        run_bounded(&["check", "--stats", "run"], dir.path()),
        run_bounded(&["compare", "run", "run"], dir.path()),
        report(dir.path(), &["--stats", "run"]),
        run_bounded(&["tasks", "--locustfile", "locustfile.py"], dir.path()),
    ] {
        out.assert_bounded();
        assert_no_control_bytes(&out);
    }
}

/// The parts of a Markdown line outside code spans (CommonMark: a run of n
/// backticks opens a span that the next run of exactly n closes).
fn outside_code_spans(line: &str) -> String {
    let b = line.as_bytes();
    let run_at = |i: usize| b[i..].iter().take_while(|&&c| c == b'`').count();
    let (mut out, mut i) = (String::new(), 0);
    while i < b.len() {
        if b[i] != b'`' {
            let next = line[i..].find('`').map_or(b.len(), |j| i + j);
            out.push_str(&line[i..next]);
            i = next;
            continue;
        }
        let n = run_at(i);
        let mut j = i + n;
        let mut close = None;
        while j < b.len() {
            if b[j] == b'`' {
                let m = run_at(j);
                if m == n {
                    close = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => i = end,
            None => {
                out.push_str(&line[i..i + n]);
                i += n;
            }
        }
    }
    out
}

/// Issue 9: markup from route paths, route names, request names and stats
/// names never reaches Markdown output unescaped.
#[test]
fn markup_from_analysed_files_is_escaped_in_markdown() {
    const IMG: &str = "<img src=x onerror=alert(1)>";
    let urls = format!(
        "from django.urls import path
from views import a, b

urlpatterns = [
    path(\"a/\", a, name=\"</script>\"),
    path(\"{IMG}/\", a, name=\"img\"),
    path(\"b/\", b, name=\"b`{IMG}`\"),
]
"
    );
    let dir = tiny_project();
    common::write(dir.path(), "urls.py", &urls);
    common::write(
        dir.path(),
        "locustfile.py",
        &TINY_LOCUSTFILE.replace(
            "self.client.get(\"/a/\")",
            &format!("self.client.get(\"/a/\", name=\"</script>`{IMG}`\")"),
        ),
    );
    add_run_with_row(dir.path(), &format!("/x`{IMG}`</script>/"));
    let out = report(dir.path(), &["--stats", "run", "--format", "markdown"]);
    out.assert_code(0);
    let stdout = out.out();
    let mut fenced = false;
    for line in stdout.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let outside = outside_code_spans(line);
        for bad in ["<img", "</script>"] {
            assert!(
                !outside.contains(bad),
                "raw `{bad}` outside code spans in:\n{line}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// 9. Silent wrong results (issue 9).

/// Issue 9: an IndentationError is a syntax warning with file:line.
#[test]
fn locustfile_indentation_error_warns_with_file_and_line() {
    let text = "from locust import HttpUser, task


class U(HttpUser):
    @task
    def t(self):
        self.client.get(\"/a/\")
       self.client.get(\"/b/\")

    @task
    def u(self):
        self.client.get(\"/c/\")
";
    let dir = common::project(&[("locustfile.py", text)]);
    let out = tasks(dir.path());
    out.assert_code(0);
    assert!(
        out.names_line("locustfile.py", &[8]),
        "{}\n  no warning naming locustfile.py:8\n{}",
        out.command,
        out.err_tail()
    );
}

/// Issue 9: TaskSets nested 20 deep are legal and modelled.
#[test]
fn taskset_nested_20_deep_is_modelled() {
    const DEPTH: usize = 20;
    let mut text = String::from("from locust import HttpUser, TaskSet, task\n\n\n");
    text.push_str(&format!(
        "class L{DEPTH}(TaskSet):\n    @task\n    def leaf(self):\n        self.client.get(\"/leaf/\")\n\n\n"
    ));
    for k in (1..DEPTH).rev() {
        text.push_str(&format!(
            "class L{k}(TaskSet):\n    tasks = [L{}]\n\n\n",
            k + 1
        ));
    }
    text.push_str("class U(HttpUser):\n    tasks = [L1]\n");
    let dir = common::project(&[("locustfile.py", &text)]);
    let out = tasks(dir.path());
    out.assert_code(0);
    assert!(
        out.out().contains(",/leaf/,"),
        "{}\n  the leaf request is lost:\n{}",
        out.command,
        out.err_tail()
    );
    for text in [out.out(), out.err()] {
        assert!(!text.contains("contains itself"), "{}", out.err_tail());
    }
}

/// Issue 9: a user class 40 levels of inheritance down is kept, or named.
#[test]
fn user_class_40_levels_of_inheritance_is_kept_or_named() {
    let mut text = String::from(
        "from locust import HttpUser, task


class U0(HttpUser):
    abstract = True

    @task
    def t(self):
        self.client.get(\"/a/\")
",
    );
    for k in 1..40 {
        text.push_str(&format!(
            "\n\nclass U{k}(U{}):\n    abstract = True\n",
            k - 1
        ));
    }
    text.push_str("\n\nclass U40(U39):\n    pass\n");
    let dir = common::project(&[("locustfile.py", &text)]);
    let out = run_bounded(
        &["tasks", "--locustfile", "locustfile.py", "--format", "json"],
        dir.path(),
    );
    out.assert_code(0);
    let kept = serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .ok()
        .and_then(|v| v["users"].as_array().cloned())
        .is_some_and(|users| users.iter().any(|u| u["name"] == "U40"));
    assert!(
        kept || out.err().contains("U40"),
        "{}\n  U40 dropped silently\n{}",
        out.command,
        out.err_tail()
    );
}

/// Issue 9: an unknown key under `[tool.routecov]` is named with its line.
#[test]
fn pyproject_unknown_key_is_named_with_its_line() {
    let dir = urls_project(&format!("{URLS_HEAD}urlpatterns = [path(\"a/\", a)]\n"));
    common::write(
        dir.path(),
        "pyproject.toml",
        "[project]\nname = \"site\"\n\n[tool.routecov]\nfail_undr = 50\n",
    );
    let out = routes(dir.path());
    out.assert_code(2);
    assert!(
        out.err().contains("fail_undr") && out.names_line("pyproject.toml", &[5]),
        "{}\n  the key and pyproject.toml:5 not named\n{}",
        out.command,
        out.err_tail()
    );
}

/// A run `run` whose first stats row has `value` as its median.
fn run_with_median(dir: &Path, value: &str) {
    copy_run(dir, "run");
    let p = dir.join("run_stats.csv");
    let text = std::fs::read_to_string(&p).expect("stats");
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut cells: Vec<&str> = lines[1].split(',').collect();
    cells[4] = value;
    lines[1] = cells.join(",");
    std::fs::write(&p, lines.join("\n")).expect("write");
}

fn stats_cell_is_quoted(value: &str) {
    let dir = tempfile::tempdir().expect("tmp");
    run_with_median(dir.path(), value);
    let out = run_bounded(&["check", "--stats", "run"], dir.path());
    out.assert_bounded();
    assert!(
        out.err().contains(value) && out.names_line("run_stats.csv", &[2]),
        "{}\n  no message quoting `{value}` at run_stats.csv:2 ({})\n{}",
        out.command,
        out.summary(),
        out.err_tail()
    );
}

/// Issue 9: `1e400` (infinite as f64) in a stats cell.
#[test]
fn stats_cell_1e400_is_quoted_in_a_warning() {
    stats_cell_is_quoted("1e400");
}

/// Issue 9: `NaN` in a stats cell.
#[test]
fn stats_cell_nan_is_quoted_in_a_warning() {
    stats_cell_is_quoted("NaN");
}

// ---------------------------------------------------------------------------
// 10. Configuration files that are no files (issue 9).

/// Issue 9: a FIFO with no writer must not block.
#[test]
fn config_fifo_without_writer_exits_2() {
    let dir = urls_project(&format!("{URLS_HEAD}urlpatterns = [path(\"a/\", a)]\n"));
    let fifo = dir.path().join("routecov.toml");
    let c = std::ffi::CString::new(fifo.to_str().expect("utf-8")).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    let out = run_bounded(
        &["routes", "--urlconf", "urls", "--config", "routecov.toml"],
        dir.path(),
    );
    out.assert_code(2);
}

/// Issue 9: `--config /dev/zero` is an endless file.
#[test]
fn config_dev_zero_exits_2() {
    let dir = urls_project(&format!("{URLS_HEAD}urlpatterns = [path(\"a/\", a)]\n"));
    let out = run_bounded(
        &["routes", "--urlconf", "urls", "--config", "/dev/zero"],
        dir.path(),
    );
    out.assert_code(2);
}

/// Issue 9: long runs of comment lines are hidden from the parser (its
/// scanner is quadratic in them); commented-out requests in such a run are
/// still found and reported disabled.
#[test]
fn commented_out_requests_in_a_long_run_are_still_read() {
    let calls: String = (0..40)
        .map(|i| format!("        # self.client.get(\"/x{i}/\")\n"))
        .collect();
    let text = format!(
        "from locust import HttpUser, task


class U(HttpUser):
    @task
    def t(self):
        self.client.get(\"/before/\")
{calls}        self.client.get(\"/after/\")
"
    );
    let dir = common::project(&[("locustfile.py", &text)]);
    let out = tasks(dir.path());
    out.assert_code(0);
    let stdout = out.out();
    for i in [0, 39] {
        assert!(stdout.contains(&format!(",/x{i}/,")), "{stdout}");
    }
    assert!(stdout.matches(",true,").count() >= 40, "{stdout}");
}
