//! Hostile input (issue 9: never abort, hang, blow up or lose a line).
//!
//! One regression test per input observed to break routecov. Each builds its
//! input in a temporary directory and runs the binary with its address space
//! limited to 1 GiB and a 10 s deadline (`common::run_bounded`). Every run
//! must end with exit code 0, 1 or 2; where routecov gives up on part of the
//! input, a warning on standard error names the file and line.

#[path = "../common/mod.rs"]
mod common;

mod bombs;
mod escaping;
mod gates_history;
mod history_size;
mod nesting;
mod silent;

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
