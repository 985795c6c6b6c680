//! Escaping terminal control bytes and markup.

use super::*;

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
