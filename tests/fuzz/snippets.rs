//! Snippets: the shapes of hostile input, at random sizes.

use super::*;

// ---------------------------------------------------------------------------
// Snippets: the shapes of issue 9, at random sizes.

pub(crate) fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
    format!("{}{inner}{}", open.repeat(n), close.repeat(n))
}

/// Python lines to insert (unindented; the caller indents them).
pub(crate) fn python_snippet(rng: &mut Rng) -> (String, String) {
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
pub(crate) fn csv_value(rng: &mut Rng) -> &'static str {
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
pub(crate) fn toml_snippet(rng: &mut Rng) -> (String, String) {
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
