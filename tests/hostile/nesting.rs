//! Deep nesting and deeply nested blocks.

use super::*;

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

/// The lines of the `depth` nested `if` blocks and the statement inside them.
fn if_block_lines(text: &str, depth: usize) -> Vec<String> {
    let first = line_of(text, "if True:");
    text.lines()
        .skip(first - 1)
        .take(depth + 1)
        .map(str::to_string)
        .collect()
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
    let markers = if_block_lines(&text, depth);
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
    let markers = if_block_lines(&text, depth);
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
