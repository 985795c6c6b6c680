//! Parsers and run resolution on text and files as Locust versions wrote them.

use super::*;
use crate::diagnostics::Warning;
use std::path::Path;

const CURRENT_HEADER: &str = "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%";

fn stats(text: &str) -> (ParsedStats, Vec<Warning>) {
    let mut w = Vec::new();
    let p = parse_stats("run_stats.csv", text, &mut w).expect("parses");
    (p, w)
}

fn messages(w: &[Warning]) -> Vec<String> {
    w.iter().map(|w| w.to_string()).collect()
}

/// Lines written by Locust 2.47 (fixtures/runs), with the BOM a
/// spreadsheet adds and CRLF line ends as Python's csv module writes them.
#[test]
fn current_headers_from_real_locust_output() {
    let text = format!(
        "\u{feff}{CURRENT_HEADER}\r\n\
         GET,/api/templates/,3,0,52,51.97221233356686,50.37061800021547,53.36096700011694,1019.0,0.21413545909402965,0.0,52,52,53,53,53,53,53,53,53,53,53\r\n\
         Patch,/api/templates/7/,3,3,52,57.2,50.1,70.9,32474.0,0.2,0.2,52,52,71,71,71,71,71,71,71,71,71\r\n\
         POST,/api/monitoring/report-client-metric/,1,0,9.296704000007594,9.296704000007594,9.296704000007594,9.296704000007594,12.0,0.0981287749730335,0.0,9,9,9,9,9,9,9,9,9,9,9\r\n\
         ,Aggregated,172,40,53,48.9816962790904,4.919658000289928,107.73781299985785,1051.0232558139535,12.277099654724367,2.855139454587062,53,54,55,56,76,95,96,97,110,110,110\r\n"
    );
    let (p, w) = stats(&text);
    assert!(w.is_empty(), "{:?}", messages(&w));
    assert_eq!(p.format, StatsFormat::Current);
    assert_eq!(p.rows.len(), 3);
    let r = &p.rows[0];
    assert_eq!(r.method.as_deref(), Some("GET"));
    assert_eq!(r.name, "/api/templates/");
    assert_eq!((r.requests, r.failures), (3, 0));
    assert_eq!(r.median_ms, Some(52.0));
    assert_eq!(r.max_ms, Some(53.36096700011694));
    assert_eq!(r.average_content_size, Some(1019.0));
    assert_eq!(r.line, 2);
    assert_eq!(r.percentiles.len(), 11);
    assert_eq!(r.percentiles[9].label, "99.99%");
    assert_eq!(
        (r.p50(), r.p95(), r.p99()),
        (Some(52.0), Some(53.0), Some(53.0))
    );
    // Locust writes the method as the locustfile spelled it.
    assert_eq!(p.rows[1].method.as_deref(), Some("PATCH"));
    assert_eq!(p.rows[1].failure_pct(), Some(100.0));
    let a = p.aggregated.expect("aggregated");
    assert_eq!(a.method, None);
    assert_eq!((a.requests, a.failures, a.line), (172, 40, 5));
    assert_eq!(a.rps, Some(12.277099654724367));
    assert_eq!(a.failures_per_s, Some(2.855139454587062));
    assert_eq!(a.p95(), Some(95.0));
}

#[test]
fn rows_without_requests_have_na_percentiles() {
    let text = format!(
        "{CURRENT_HEADER}\nGET,/idle/,0,0,0,0,0,0,0,0.0,0.0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A\n,Aggregated,0,0,0,0,0,0,0,0.0,0.0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A\n"
    );
    let (p, w) = stats(&text);
    assert!(w.is_empty(), "{:?}", messages(&w));
    let r = &p.rows[0];
    assert!(r.percentiles.iter().all(|p| p.ms.is_none()));
    assert_eq!(r.p95(), None);
    assert_eq!(r.failure_pct(), None);
    // The median column is there even when the percentiles are not.
    assert_eq!(r.p50(), Some(0.0));
}

#[test]
fn percentile_columns_are_found_by_pattern() {
    let text = "Type,Name,Request Count,Failure Count,Median Response Time,Requests/s,50%,90%,99.5%,100%\n\
                GET,/a,10,1,20,1.5,20,40,90,120\n,Aggregated,10,1,20,1.5,20,40,90,120\n";
    let (p, w) = stats(text);
    assert!(w.is_empty(), "{:?}", messages(&w));
    let r = &p.rows[0];
    let labels: Vec<&str> = r.percentiles.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["50%", "90%", "99.5%", "100%"]);
    assert_eq!(r.percentile(99.5), Some(90.0));
    assert_eq!(r.p95(), None, "not configured, not guessed");
    assert_eq!(r.p50(), Some(20.0));
    assert_eq!(r.average_ms, None, "no such column");
}

/// `_stats.csv` of Locust 0.13.3 to 0.14: every field quoted, `# requests`,
/// `Requests Failed/s`, a `99.999` header without `%`, `None` as the type
/// of the Aggregated row.
#[test]
fn legacy_stats_headers() {
    let text = "\"Type\",\"Name\",\"# requests\",\"# failures\",\"Median response time\",\"Average response time\",\"Min response time\",\"Max response time\",\"Average Content Size\",\"Requests/s\",\"Requests Failed/s\",\"50%\",\"66%\",\"75%\",\"80%\",\"90%\",\"95%\",\"98%\",\"99%\",\"99.9%\",\"99.99%\",\"99.999\",\"100%\"\n\
                \"GET\",\"/login\",120,3,28,31,11,402,3154,4.00,0.10,28,30,33,35,40,48,60,75,390,400,400,400\n\
                \"POST\",\"/api/x\",0,0,0,0,0,0,0,0.00,0.00,\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\"\n\
                \"None\",\"Aggregated\",120,3,28,31,11,402,3154,4.00,0.10,28,30,33,35,40,48,60,75,390,400,400,400";
    let (p, w) = stats(text);
    assert!(w.is_empty(), "{:?}", messages(&w));
    assert_eq!(p.format, StatsFormat::Legacy);
    let r = &p.rows[0];
    assert_eq!(
        (r.requests, r.failures, r.failures_per_s),
        (120, 3, Some(0.1))
    );
    assert_eq!(r.median_ms, Some(28.0));
    assert_eq!(r.percentiles[10].label, "99.999%");
    assert_eq!(r.percentile(99.999), Some(400.0));
    assert_eq!(r.p95(), Some(48.0));
    let a = p.aggregated.expect("aggregated");
    assert_eq!((a.method, a.requests), (None, 120));
}

/// `_requests.csv` of Locust up to 0.13.2, with its `_distribution.csv`
/// (method and name joined in one `Name` cell; `Total` before 0.12.2).
#[test]
fn old_requests_file_with_distribution() {
    let dir = tempfile::tempdir().expect("tempdir");
    let prefix = dir.path().join("run0");
    std::fs::write(
        dir.path().join("run0_requests.csv"),
        "\"Method\",\"Name\",\"# requests\",\"# failures\",\"Median response time\",\"Average response time\",\"Min response time\",\"Max response time\",\"Average Content Size\",\"Requests/s\"\n\
         \"GET\",\"/\",172,0,13,13,10,55,12722,6.64\n\
         \"GET\",\"/about-me/\",162,2,13,14,11,78,11484,6.25\n\
         \"None\",\"Total\",334,2,13,14,10,78,12121,12.88",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("run0_distribution.csv"),
        "\"Name\",\"# requests\",\"50%\",\"66%\",\"75%\",\"80%\",\"90%\",\"95%\",\"98%\",\"99%\",\"100%\"\n\
         \"GET /\",172,13,14,15,16,20,24,30,40,55\n\
         \"GET /about-me/\",162,13,14,16,17,22,25,33,45,78\n\
         \"Total\",334,13,14,15,16,21,24,31,42,78",
    )
    .expect("write");
    let run = read_run(&prefix).expect("reads");
    assert!(run.warnings.is_empty(), "{:?}", messages(&run.warnings));
    assert_eq!(run.format, StatsFormat::Requests);
    assert_eq!(run.stats.len(), 2);
    assert_eq!(run.stats[1].p95(), Some(25.0));
    assert_eq!(run.stats[1].rps, Some(6.25));
    assert_eq!(run.stats[1].failures_per_s, None);
    let total = run.aggregated.expect("total");
    assert_eq!((total.name.as_str(), total.requests), ("Total", 334));
    assert_eq!(total.p99(), Some(42.0));
    assert!(run.files.distribution.is_some());
    assert!(run.files.failures.is_none());
}

#[test]
fn failures_current_with_first_and_last_seen() {
    let text = "Method,Name,Error,Occurrences,First Seen,Last Seen\r\n\
                GET,/api/project/[id]/rekap/,\"ReadTimeout(ReadTimeoutError(\"\"HTTPConnectionPool(host='127.0.0.1', port=34075): Read timed out. (read timeout=2.0)\"\"))\",2,2026-11-25T16:55:36Z,2026-11-25T16:55:42Z\r\n\
                POST,[AUTH] Login POST,CatchResponseError('login failed (status 500)'),7,2026-11-25T16:55:31Z,2026-11-25T16:55:34Z\r\n";
    let mut w = Vec::new();
    let f = parse_failures("run_failures.csv", text, &mut w).expect("parses");
    assert!(w.is_empty(), "{:?}", messages(&w));
    assert_eq!(f.len(), 2);
    assert_eq!(
        f[0].error,
        "ReadTimeout(ReadTimeoutError(\"HTTPConnectionPool(host='127.0.0.1', port=34075): Read timed out. (read timeout=2.0)\"))"
    );
    assert_eq!(f[0].occurrences, 2);
    assert_eq!(f[0].first_seen.as_deref(), Some("2026-11-25T16:55:36Z"));
    assert_eq!(f[1].method.as_deref(), Some("POST"));
    assert_eq!(f[1].line, 3);
}

#[test]
fn failures_legacy_four_columns() {
    let text = "\"Method\",\"Name\",\"Error\",\"Occurrences\"\n\"GET\",\"/x\",\"HTTPError('500 Server Error')\",4\n";
    let mut w = Vec::new();
    let f = parse_failures("old_failures.csv", text, &mut w).expect("parses");
    assert!(w.is_empty(), "{:?}", messages(&w));
    assert_eq!(f[0].error, "HTTPError('500 Server Error')");
    assert_eq!((f[0].occurrences, f[0].first_seen.clone()), (4, None));
}

/// Before 1.1 the error was written with `"%s"`, quotes unescaped.
#[test]
fn failures_with_unescaped_quotes_are_repaired() {
    let text = "\"Method\",\"Name\",\"Error\",\"Occurrences\"\n\
                \"GET\",\"/slow\",\"ConnectionError(MaxRetryError(\"HTTPConnectionPool(host='h', port=80): Max retries exceeded\"))\",12\n\
                \"GET\",\"/x\",\"HTTPError('500 Server Error')\",4\n";
    let mut w = Vec::new();
    let f = parse_failures("old_failures.csv", text, &mut w).expect("parses");
    assert_eq!(f.len(), 2);
    assert_eq!(
        f[0].error,
        "ConnectionError(MaxRetryError(\"HTTPConnectionPool(host='h', port=80): Max retries exceeded\"))"
    );
    assert_eq!((f[0].occurrences, f[0].line), (12, 2));
    assert_eq!(f[1].occurrences, 4);
    assert_eq!(w.len(), 1);
    assert!(w[0]
        .to_string()
        .starts_with("old_failures.csv:2: unescaped quotes"));
}

/// A traceback spans lines inside its quoted cell (LF) while records end
/// with CRLF; line numbers of later records stay right.
#[test]
fn exceptions_with_multiline_tracebacks() {
    let text = "Count,Message,Traceback,Nodes\r\n\
                6,No tasks defined on HeavyExportUser. Use the @task decorator or set the 'tasks' attribute of the User (or mark it as abstract = True if you only intend to subclass it),\"  File \"\"/venv/locust/user/task.py\"\", line 358, in run\n    self.schedule_task(self.get_next_task())\n  File \"\"/venv/locust/user/task.py\"\", line 502, in get_next_task\n    raise Exception(\n\",local\r\n\
                1,\"ZeroDivisionError: division by zero\",\"  File \"\"locustfile.py\"\", line 9\r\n    1 / 0\r\n\",\"worker-1, worker-2\"\r\n";
    let mut w = Vec::new();
    let e = parse_exceptions("run_exceptions.csv", text, &mut w).expect("parses");
    assert!(w.is_empty(), "{:?}", messages(&w));
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].count, 6);
    assert!(e[0]
        .message
        .starts_with("No tasks defined on HeavyExportUser."));
    assert_eq!(e[0].traceback.lines().count(), 4);
    assert_eq!(e[0].nodes, ["local"]);
    assert_eq!(e[1].line, 7);
    assert_eq!(
        e[1].traceback,
        "  File \"locustfile.py\", line 9\n    1 / 0\n"
    );
    assert_eq!(e[1].nodes, ["worker-1", "worker-2"]);
}

#[test]
fn header_only_files_have_no_rows() {
    let mut w = Vec::new();
    let e = parse_exceptions(
        "x_exceptions.csv",
        "Count,Message,Traceback,Nodes\r\n",
        &mut w,
    )
    .expect("parses");
    let f = parse_failures(
        "x_failures.csv",
        "Method,Name,Error,Occurrences,First Seen,Last Seen\r\n",
        &mut w,
    )
    .expect("parses");
    assert!(e.is_empty() && f.is_empty() && w.is_empty());
}

#[test]
fn history_current_headers() {
    let text = "Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%,Total Request Count,Total Failure Count,Total Median Response Time,Total Average Response Time,Total Min Response Time,Total Max Response Time,Total Average Content Size\r\n\
                1795625699,0,,Aggregated,0.000000,0.000000,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,0,0,0,0.0,0,0,0\r\n\
                1795625746,1,GET,[AUTH] Login page,1.400000,0.000000,76,76,86,86,96,96,96,96,96,96,96,29,0,60,62.877667793098475,13.13002399956531,149.45717599994168,1004.0\r\n\
                1795625746,1,,Aggregated,12.500000,2.100000,12,16,52,54,61,620,2000,2000,2000,2000,2000,192,31,51,125.01288422393249,3.3079180002459907,2004.2871799996647,4434.572916666667\r\n";
    let mut w = Vec::new();
    let h = parse_history("run_stats_history.csv", text, &mut w).expect("parses");
    assert!(w.is_empty(), "{:?}", messages(&w));
    assert_eq!(h.len(), 3);
    assert!(h[0].aggregated && !h[1].aggregated && h[2].aggregated);
    assert_eq!(h[0].percentile(95.0), None);
    let last = &h[2];
    assert_eq!((last.timestamp, last.user_count), (1795625746, Some(1)));
    assert_eq!((last.rps, last.failures_per_s), (Some(12.5), Some(2.1)));
    assert_eq!((last.requests, last.failures), (Some(192), Some(31)));
    assert_eq!(last.percentile(95.0), Some(620.0));
    assert_eq!(last.max_ms, Some(2004.2871799996647));
    assert_eq!(h[1].method.as_deref(), Some("GET"));
}

/// `_stats_history.csv` of Locust 0.13.3 to 0.14: no user count, the
/// timestamp third and quoted, the stats file's column names.
#[test]
fn history_legacy_headers() {
    let text = "\"Type\",\"Name\",\"Timestamp\",\"# requests\",\"# failures\",\"Requests/s\",\"Requests Failed/s\",\"Median response time\",\"Average response time\",\"Min response time\",\"Max response time\",\"Average Content Size\",\"50%\",\"66%\",\"75%\",\"80%\",\"90%\",\"95%\",\"98%\",\"99%\",\"99.9%\",\"99.99%\",\"99.999\",\"100%\"\n\
                \"None\",\"Aggregated\",\"1574373141\",0,0,0.00,0.00,0,0,0,0.00,0.00,\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\"\n\
                \"GET\",\"Login\",\"1574373143\",1,0,0.00,0.00,28,28,28,28.74,0.00,28,28,28,28,28,28,28,28,28,28,28,28\n";
    let mut w = Vec::new();
    let h = parse_history("old_stats_history.csv", text, &mut w).expect("parses");
    assert!(w.is_empty(), "{:?}", messages(&w));
    assert!(h[0].aggregated);
    assert_eq!(h[0].user_count, None);
    assert_eq!(
        (h[1].timestamp, h[1].requests, h[1].median_ms),
        (1574373143, Some(1), Some(28.0))
    );
    assert_eq!(h[1].max_ms, Some(28.74));
}

#[test]
fn malformed_rows_are_warnings_naming_file_and_line() {
    let text = format!(
        "{CURRENT_HEADER}\n\
         GET,/short,1,0\n\
         GET,/words,many,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n\
         GET,/badtime,5,0,fast,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n\
         -----------------------------------------------\n\
         GET,/trailing,2,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1,\n\
         GET,/extra,2,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1,oops\n\
         GET,/negative,-2,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n\
         ,Aggregated,9,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n"
    );
    let (p, w) = stats(&text);
    let names: Vec<&str> = p.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["/badtime", "/trailing"]);
    assert_eq!(p.rows[0].median_ms, None);
    assert_eq!(
        messages(&w),
        [
            "run_stats.csv:2: malformed row: 4 fields, the header has 22; skipped",
            "run_stats.csv:3: malformed row: \"Request Count\" is \"many\", not a number; row skipped",
            "run_stats.csv:4: malformed row: \"Median Response Time\" is \"fast\", not a number; left empty",
            "run_stats.csv:5: malformed row: 1 fields, the header has 22; skipped",
            "run_stats.csv:7: malformed row: 23 fields, the header has 22; skipped",
            "run_stats.csv:8: malformed row: \"Request Count\" is \"-2\", not a number; row skipped",
        ]
    );
    assert!(p.aggregated.is_some());
}

#[test]
fn junk_before_the_header_and_repeated_headers() {
    let text = format!(
        "Test Run Statistics\n\n{CURRENT_HEADER}\nGET,/a,1,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n{CURRENT_HEADER}\nGET,/b,1,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n,Aggregated,2,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n"
    );
    let (p, w) = stats(&text);
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.rows[1].line, 6);
    assert_eq!(
        messages(&w),
        [
            "run_stats.csv:1: line 1 before the header skipped (not Locust data)",
            "run_stats.csv:5: the header row again (files of two runs joined?); skipped",
        ]
    );
}

#[test]
fn blank_lines_and_doubled_carriage_returns() {
    // Python's csv module writes `\r\n`; a file opened in text mode on
    // Windows turns that into `\r\r\n`.
    let text = format!(
        "{CURRENT_HEADER}\r\r\n\r\r\nGET,/a,1,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\r\r\n,Aggregated,1,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\r\r\n"
    );
    let (p, w) = stats(&text);
    assert!(w.is_empty(), "{:?}", messages(&w));
    assert_eq!(p.rows.len(), 1);
    assert!(p.aggregated.is_some());
}

#[test]
fn aggregated_row_missing_or_repeated() {
    let (p, w) = stats(&format!(
        "{CURRENT_HEADER}\nGET,/a,1,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n"
    ));
    assert!(p.aggregated.is_none());
    assert_eq!(
        messages(&w),
        ["run_stats.csv: no Aggregated (or Total) row; the file looks truncated"]
    );
    let (p, w) = stats(&format!(
        "{CURRENT_HEADER}\n,Aggregated,1,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n,Aggregated,2,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n"
    ));
    assert_eq!(p.aggregated.map(|a| a.requests), Some(2));
    assert_eq!(
        messages(&w),
        ["run_stats.csv:3: a second Aggregated row (the first is on line 2); the last one is used"]
    );
}

#[test]
fn a_named_row_called_total_is_not_the_aggregate() {
    let (p, _) = stats(&format!(
        "{CURRENT_HEADER}\nGET,Total,1,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n,Aggregated,1,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n"
    ));
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.aggregated.map(|a| a.name), Some("Aggregated".to_string()));
}

#[test]
fn missing_required_column_is_an_error_naming_it() {
    let mut w = Vec::new();
    let err = parse_stats(
        "results/run1_stats.csv",
        "Type,Name,Request Count,Median Response Time\nGET,/a,1,2\n",
        &mut w,
    )
    .expect_err("an error");
    assert!(
        matches!(err, LocustCsvError::MissingColumn { ref column, line: 1, .. } if column == "Failure Count")
    );
    assert_eq!(
        err.to_string(),
        "results/run1_stats.csv:1: missing required column \"Failure Count\" (or \"# failures\", \"# fails\") (header: Type,Name,Request Count,Median Response Time)"
    );
    let err = parse_failures(
        "f_failures.csv",
        "Method,Name,Occurrences\nGET,/a,1\n",
        &mut w,
    )
    .expect_err("an error");
    assert!(
        err.to_string()
            .contains("missing required column \"Error\""),
        "{err}"
    );
    let err = parse_exceptions("e.csv", "Count,Traceback\n", &mut w).expect_err("an error");
    assert!(err.to_string().contains("\"Message\""), "{err}");
    let err = parse_history("h.csv", "Name,Requests/s\n", &mut w).expect_err("an error");
    assert!(err.to_string().contains("\"Timestamp\""), "{err}");
    // Another kind of CSV altogether.
    let err = parse_stats("x.csv", "a,b\n1,2\n", &mut w).expect_err("an error");
    assert!(err.to_string().contains("\"Name\""), "{err}");
}

#[test]
fn empty_files_are_errors() {
    let mut w = Vec::new();
    for text in ["", "\n\r\n  \n", "\u{feff}"] {
        let err = parse_stats("e_stats.csv", text, &mut w).expect_err("an error");
        assert!(matches!(err, LocustCsvError::Empty { .. }), "{err}");
        assert_eq!(err.to_string(), "e_stats.csv: empty file, no header row");
    }
}

#[test]
fn other_encodings() {
    let mut w = Vec::new();
    let latin1 = b"Method,Name,Error,Occurrences\nGET,/caf\xe9,boom,1\n";
    let text = decode("f_failures.csv", latin1, &mut w);
    let f = parse_failures("f_failures.csv", &text, &mut w).expect("parses");
    assert_eq!(f[0].name, "/caf\u{fffd}");
    assert_eq!(
        messages(&w),
        ["f_failures.csv:2: not valid UTF-8 (saved in another encoding?); undecodable bytes replaced"]
    );

    let mut w = Vec::new();
    let mut utf16 = vec![0xff, 0xfe];
    for unit in "Count,Message\r\n2,é\r\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let text = decode("e.csv", &utf16, &mut w);
    let e = parse_exceptions("e.csv", &text, &mut w).expect("parses");
    assert!(w.is_empty());
    assert_eq!((e[0].count, e[0].message.as_str()), (2, "é"));
}

#[test]
fn spreadsheet_semicolons_and_decimal_commas() {
    let text = "Type;Name;Request Count;Failure Count;Average Response Time;95%\nGET;/a;4;1;12,5;30\n;Aggregated;4;1;12,5;30\n";
    let (p, w) = stats(text);
    assert!(w.is_empty(), "{:?}", messages(&w));
    assert_eq!(p.rows[0].average_ms, Some(12.5));
    assert_eq!(p.rows[0].p95(), Some(30.0));
}

#[test]
fn garbage_never_panics() {
    let mut inputs: Vec<String> = [
        "\"",
        "\"\"\"",
        ",,,,",
        "Name\n\"unterminated",
        "Name,Request Count,Failure Count\n\"a\nb\",1",
        "Timestamp,Name\n\"x\",",
        "Count,Message\n99999999999999999999999,x",
        "Name,# requests\n,\n",
        "Method,Name,Error,Occurrences\n\"GET\",\"/x\",\"a\"b\"c\"",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Deterministic pseudo-random bytes drawn from CSV-relevant characters.
    let alphabet = b"\",\n\r;\tNameType%0123456789.N/A \xef\xbb\xbf\xff";
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..300 {
        let mut bytes = Vec::new();
        for _ in 0..(seed % 120) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            bytes.push(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        inputs.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    for text in &inputs {
        let mut w = Vec::new();
        let _ = parse_stats("g", text, &mut w);
        let _ = parse_failures("g", text, &mut w);
        let _ = parse_exceptions("g", text, &mut w);
        let _ = parse_history("g", text, &mut w);
        let _ = parse_distribution("g", text, &mut w);
        let _ = decode("g", text.as_bytes(), &mut w);
    }
}

fn write_run(dir: &Path, prefix: &str) {
    let files = [
        ("_stats.csv", format!("{CURRENT_HEADER}\n,Aggregated,0,0,0,0,0,0,0,0,0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A\n")),
        ("_failures.csv", "Method,Name,Error,Occurrences\n".to_string()),
        ("_exceptions.csv", "Count,Message,Traceback,Nodes\n".to_string()),
        ("_stats_history.csv", "Timestamp,User Count,Type,Name\n1,0,,Aggregated\n".to_string()),
    ];
    for (suffix, text) in files {
        std::fs::write(dir.join(format!("{prefix}{suffix}")), text).expect("write");
    }
}

#[test]
fn finds_the_files_of_a_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_run(dir.path(), "run1");
    let prefix = dir.path().join("run1");
    let files = resolve(&prefix).expect("prefix");
    assert_eq!(files.stats, dir.path().join("run1_stats.csv"));
    assert_eq!(files.failures, Some(dir.path().join("run1_failures.csv")));
    assert_eq!(
        files.exceptions,
        Some(dir.path().join("run1_exceptions.csv"))
    );
    assert_eq!(
        files.history,
        Some(dir.path().join("run1_stats_history.csv"))
    );
    assert_eq!(files.distribution, None);
    for other in [
        "run1_stats.csv",
        "run1_failures.csv",
        "run1_stats_history.csv",
        "run1_",
        "run1_stats",
    ] {
        assert_eq!(
            resolve(&dir.path().join(other)).expect(other),
            files,
            "{other}"
        );
    }
    // A directory with one run.
    assert_eq!(resolve(dir.path()).expect("dir"), files);
    let run = read_run(&prefix).expect("reads");
    assert!(run.warnings.is_empty(), "{:?}", messages(&run.warnings));
    assert_eq!(run.history.len(), 1);
    assert_eq!(run.aggregated_history().count(), 1);

    // A CSV under another name is the stats file alone.
    let lone = dir.path().join("download.csv");
    std::fs::write(&lone, "x").expect("write");
    assert_eq!(resolve(&lone).expect("lone").failures, None);

    write_run(dir.path(), "run2");
    let err = resolve(dir.path()).expect_err("ambiguous");
    assert!(
        err.to_string().contains("several Locust stats CSVs"),
        "{err}"
    );

    let err = resolve(&dir.path().join("nope")).expect_err("not found");
    let text = err.to_string();
    assert!(
        text.contains("nope_stats.csv") && text.contains("nope_requests.csv"),
        "{text}"
    );
}

#[test]
fn unreadable_sibling_stops_the_read_with_its_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_run(dir.path(), "r");
    std::fs::write(
        dir.path().join("r_failures.csv"),
        "Method,Name,Occurrences\n",
    )
    .expect("write");
    let err = read_run(&dir.path().join("r")).expect_err("error");
    assert!(
        matches!(err, LocustCsvError::MissingColumn { ref file, .. } if file.ends_with("r_failures.csv"))
    );
}

/// Issue 9: timestamps that go back or are no date, counts past u64 and
/// non-finite numbers are warnings quoting the value, never silent figures.
#[test]
fn hostile_history_values_are_warned_and_skipped() {
    let text = "Timestamp,User Count,Type,Name,Requests/s,Failures/s,Total Request Count,Total Failure Count\n\
                100,1,,Aggregated,1,0,10,0\n\
                101,1,GET,/a/,1,0,5,0\n\
                9223372036854775807,1,,Aggregated,1,0,11,0\n\
                90,1,,Aggregated,1,0,12,0\n\
                102,2,,Aggregated,1e400,NaN,99999999999999999999,0\n\
                103,2,,Aggregated,1,0,13,0\n";
    let mut w = Vec::new();
    let h = parse_aggregated_history("h.csv", text, &mut w).expect("parses");
    let ts: Vec<i64> = h.iter().map(|r| r.timestamp).collect();
    assert_eq!(ts, [100, 102, 103], "{:?}", messages(&w));
    let m = messages(&w).join("\n");
    assert!(
        m.contains("h.csv:4:") && m.contains("9223372036854775807"),
        "{m}"
    );
    assert!(m.contains("h.csv:5:") && m.contains("goes back"), "{m}");
    assert!(m.contains("\"1e400\""), "{m}");
    assert!(m.contains("\"NaN\""), "{m}");
    assert!(
        m.contains("1e20") || m.contains("100000000000000000000"),
        "{m}"
    );
    assert_eq!(h[1].requests, None);
    assert!(!m.contains("18446744073709551615"), "{m}");
}
