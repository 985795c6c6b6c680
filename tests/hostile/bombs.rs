//! Evaluator bombs: values that grow without bound.

use super::*;

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
    out.assert_that(
        stdout.contains("\n/before/,") && stdout.contains("\n/after/,"),
        "routes around the fan-out lost",
    );
    let named = regex::Regex::new(r"\b(m\d+|urls)\.py:\d+").expect("regex");
    out.assert_that(
        named.is_match(&out.err()),
        &format!("2^{LEVELS} routes and no warning naming a file:line"),
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
        out.assert_that(stdout.contains(p), &format!("`{p}` lost"));
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
    out.assert_that(
        stdout.contains("\n/before/,") && stdout.contains("\n/after/,"),
        "routes lost",
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
    out.assert_that(
        listed == n || out.err().contains("urls.py"),
        &format!("{listed} of {n} routes listed and no warning naming urls.py"),
    );
}
