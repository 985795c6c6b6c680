//! `--format html` of compare and check: one self-contained, deterministic
//! page with every analysed string escaped. (The page is rendered in a real
//! headless Chromium by scripts/html-check, outside `cargo test`.)

mod common;

use assert_cmd::Command;

fn routecov() -> Command {
    let mut c = Command::cargo_bin("routecov").expect("binary builds");
    c.current_dir(common::repo());
    c
}

fn html(args: &[&str]) -> String {
    let out = routecov().args(args).output().expect("runs");
    String::from_utf8(out.stdout).expect("utf-8")
}

const HEADER: &str = "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,95%,99%,100%";

fn hostile_run(dir: &std::path::Path, prefix: &str, fails: u32) {
    let evil = "\"<script>alert('x')</script>\"";
    common::write(
        dir,
        &format!("{prefix}_stats.csv"),
        &format!(
            "{HEADER}\nGET,{evil},10,{fails},10,10,5,20,1,1.0,0.0,10,20,20,20\n,Aggregated,10,{fails},10,10,5,20,1,1.0,0.0,10,20,20,20\n"
        ),
    );
    common::write(
        dir,
        &format!("{prefix}_failures.csv"),
        &if fails == 0 {
            "Method,Name,Error,Occurrences\n".to_string()
        } else {
            format!("Method,Name,Error,Occurrences\nGET,{evil},\"<img src=x onerror=alert(1)>\",{fails}\n")
        },
    );
    common::write(
        dir,
        &format!("{prefix}_stats_history.csv"),
        "Timestamp,User Count,Type,Name,Requests/s,Failures/s,95%,Total Request Count,Total Failure Count\n1,0,,Aggregated,0,0,N/A,0,0\n2,5,,Aggregated,1,0,20,5,0\n3,5,,Aggregated,1,1,20,10,1\n",
    );
}

#[test]
fn hostile_names_are_escaped() {
    let dir = tempfile::tempdir().expect("tmp");
    hostile_run(dir.path(), "a", 0);
    hostile_run(dir.path(), "b", 5);
    let a = dir.path().join("a").to_string_lossy().into_owned();
    let b = dir.path().join("b").to_string_lossy().into_owned();
    for page in [
        html(&["compare", &a, &b, "--format", "html"]),
        html(&["check", "--stats", &b, "--format", "html"]),
    ] {
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(!page.contains("<script>alert"), "unescaped script");
        assert!(!page.contains("<img"), "unescaped img");
        // The page's own script is the only one.
        assert_eq!(page.matches("<script>").count(), 1);
        assert!(page.contains("<svg"));
    }
    let page = html(&["compare", &a, &b, "--format", "html"]);
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn pages_are_deterministic_and_self_contained() {
    let args: [&[&str]; 2] = [
        &[
            "compare",
            "fixtures/runs/pair_baseline",
            "fixtures/runs/pair_candidate",
            "--format",
            "html",
        ],
        &[
            "check",
            "--stats",
            "fixtures/runs/faulty_estimator",
            "--format",
            "html",
        ],
    ];
    for a in args {
        let one = html(a);
        assert_eq!(one, html(a), "not deterministic: {a:?}");
        let lower = one.to_lowercase();
        for external in ["http://", "https://", "src=", "href=", "@import", "url("] {
            assert!(!lower.contains(external), "{external} in {a:?}");
        }
        assert!(one.contains("<polyline"), "timeline chart in {a:?}");
        assert!(one.contains("<rect"), "bar chart in {a:?}");
        assert!(one.contains("class=\"sortable\""));
    }
}
