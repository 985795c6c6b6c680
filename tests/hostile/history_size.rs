//! Huge stats histories and timeline arithmetic.

use super::*;

// ---------------------------------------------------------------------------
// 4. Huge stats history (issue 9).

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
            out.assert_that(
                out.names_line("run_stats_history.csv", lines),
                &format!("no warning naming run_stats_history.csv:{lines:?}"),
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
