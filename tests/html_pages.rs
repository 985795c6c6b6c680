//! `--format html` of compare, check, journey and report: one self-contained,
//! deterministic page with every analysed string escaped. (The pages are
//! rendered in a real headless Chromium by scripts/html-check, outside
//! `cargo test`.)

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
        html(&["journey", &a, &b, &a, "--format", "html"]),
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

fn report_page(stats: &str) -> String {
    html(&[
        "report",
        "--project",
        "fixtures/estimator",
        "--locustfile",
        "fixtures/locust/estimator_locustfile.py",
        "--stats",
        stats,
        "--format",
        "html",
        "-q",
    ])
}

#[test]
fn report_page_has_its_charts_and_tables() {
    let page = report_page("fixtures/runs/faulty_estimator");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        page,
        report_page("fixtures/runs/faulty_estimator"),
        "not deterministic"
    );
    for needle in [
        "<svg",
        "Coverage by category (% of endpoints exercised",
        "p95 by endpoint (ms",
        "class=\"sortable\"",
        "<polyline",
        "<h2>Gaps",
        "<h2>Findings</h2>",
        "<h2>Unmatched requests and stats rows</h2>",
        "<h2>Timeline</h2>",
        // The bimodal row of the faulty run, joined to its endpoint.
        "ANY /detail_project/&lt;int:project_id&gt;/rekap-rab/",
    ] {
        assert!(page.contains(needle), "{needle} missing");
    }
    let lower = page.to_lowercase();
    for external in [
        "src=\"http",
        "href=\"http",
        "src=",
        "href=",
        "@import",
        "url(",
    ] {
        assert!(!lower.contains(external), "{external} in the report page");
    }
    assert_eq!(page.matches("<script>").count(), 1);
}

#[test]
fn report_page_escapes_hostile_names() {
    let dir = tempfile::tempdir().expect("tmp");
    hostile_run(dir.path(), "h", 5);
    let stats = dir.path().join("h").to_string_lossy().into_owned();
    let page = report_page(&stats);
    assert!(!page.contains("<script>alert"), "unescaped script");
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert_eq!(page.matches("<script>").count(), 1);
    assert!(page.contains("<h2>Timeline</h2>"));
    // A run without a history file has no timeline.
    std::fs::copy(
        common::repo().join("fixtures/runs/faulty_estimator_stats.csv"),
        dir.path().join("nohist_stats.csv"),
    )
    .expect("copies");
    let stats = dir.path().join("nohist").to_string_lossy().into_owned();
    let page = report_page(&stats);
    assert!(page.contains("<svg") && !page.contains("<h2>Timeline</h2>"));
}
