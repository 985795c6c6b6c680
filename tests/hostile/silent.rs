//! Silent wrong results and configuration files that are no files.

use super::*;

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
    out.assert_that(
        out.err().contains(value) && out.names_line("run_stats.csv", &[2]),
        &format!("no message quoting `{value}` at run_stats.csv:2"),
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
