//! The Locust CSV reader on the real runs of fixtures/runs/ (made by
//! scripts/fixture-runs with Locust 2.47 against fixtures/estimator; what each
//! run contains is in fixtures/runs/README.md). Every file must read without a
//! warning, and the faults injected on purpose must show in the numbers.
//!
//! The assertions hold for any re-run of the script, not only for the
//! committed CSVs: they check what the faults guarantee, not exact counts.

mod common;

use routecov::extract::locust_csv::{read_run, RunStats, StatsFormat, StatsRow};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn runs_dir() -> PathBuf {
    common::repo().join("fixtures/runs")
}

fn stats_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(runs_dir())
        .expect("fixtures/runs exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.to_string_lossy().ends_with("_stats.csv"))
        .collect();
    files.sort();
    files
}

fn run(prefix: &str) -> RunStats {
    read_run(&runs_dir().join(prefix)).unwrap_or_else(|e| panic!("{prefix}: {e}"))
}

fn row<'a>(run: &'a RunStats, method: &str, name: &str) -> &'a StatsRow {
    run.row(Some(method), name)
        .unwrap_or_else(|| panic!("no row {method} {name}"))
}

#[test]
fn every_fixture_run_reads_cleanly_and_adds_up() {
    let files = stats_files();
    assert!(files.len() >= 6, "runs missing: {files:?}");
    for file in files {
        let run = read_run(&file).unwrap_or_else(|e| panic!("{e}"));
        let label = file.display().to_string();
        assert!(run.warnings.is_empty(), "{label}: {:?}", run.warnings);
        assert_eq!(run.format, StatsFormat::Current, "{label}");
        assert!(run.files.failures.is_some(), "{label}: failures file");
        assert!(run.files.exceptions.is_some(), "{label}: exceptions file");
        assert!(!run.stats.is_empty(), "{label}: no rows");
        let agg = run.aggregated.as_ref().expect("Aggregated row");
        assert!(agg.requests > 0, "{label}");
        assert!(agg.p50().is_some() && agg.p95().is_some() && agg.p99().is_some());
        // Locust's Aggregated row sums the rows.
        let requests: u64 = run.stats.iter().map(|r| r.requests).sum();
        let failures: u64 = run.stats.iter().map(|r| r.failures).sum();
        assert_eq!(
            (agg.requests, agg.failures),
            (requests, failures),
            "{label}"
        );
        // Each row's failures are the occurrences of its errors.
        let mut occurrences: BTreeMap<(Option<String>, String), u64> = BTreeMap::new();
        for f in &run.failures {
            *occurrences
                .entry((f.method.clone(), f.name.clone()))
                .or_default() += f.occurrences;
            assert!(f.first_seen.is_some() && f.last_seen.is_some(), "{label}");
        }
        for r in &run.stats {
            let errors = occurrences
                .get(&(r.method.clone(), r.name.clone()))
                .copied()
                .unwrap_or(0);
            assert_eq!(errors, r.failures, "{label}: {:?} {}", r.method, r.name);
        }
        // A run keeps the Aggregated history rows, all its timeline reads.
        assert!(run.history.iter().all(|h| h.aggregated), "{label}: history");
        let ticks: Vec<_> = run.aggregated_history().collect();
        assert!(ticks.len() >= 5, "{label}: aggregated history");
        assert!(ticks.windows(2).all(|w| w[0].timestamp <= w[1].timestamp));
        let last = ticks.last().expect("ticks");
        assert!(last.user_count.is_some_and(|u| u > 0), "{label}");
        assert!(last.requests.is_some_and(|n| n <= agg.requests), "{label}");
        // --csv-full-history: the file has a row per name and per tick too.
        let path = run.files.history.as_ref().expect("history file");
        let text = std::fs::read_to_string(path).expect("readable");
        let full = routecov::extract::locust_csv::parse_history(&label, &text, &mut Vec::new())
            .expect("parses");
        assert!(full.iter().any(|h| !h.aggregated), "{label}: full history");
        assert_eq!(full.iter().filter(|h| h.aggregated).count(), ticks.len());
    }
}

#[test]
fn healthy_runs_only_fail_where_the_locustfiles_are_wrong() {
    let run = run("nofault_estimator");
    // Requests the static analysis flags before any run: a POST to a
    // @require_GET view (405) and URLs that match no route (404).
    for (method, name) in [
        ("POST", "/api/project/[id]/rekap/ [refresh]"),
        ("GET", "/api/project/[id]/harga-item/"),
        ("GET", "/detail_project/[id]/rekap_kebutuhan/"),
    ] {
        if let Some(r) = run.row(Some(method), name) {
            assert_eq!(r.failures, r.requests, "{name}");
        }
    }
    let agg = run.aggregated.as_ref().expect("aggregated");
    let expected: u64 = run
        .stats
        .iter()
        .filter(|r| {
            r.name.contains("[refresh]")
                || r.name.contains("harga-item/")
                || r.name.contains("rekap_kebutuhan")
        })
        .map(|r| r.failures)
        .sum();
    assert_eq!(
        agg.failures, expected,
        "no other failure in the healthy run"
    );
    assert!(run.exceptions.is_empty());
    let login = row(&run, "POST", "[AUTH] Login POST");
    assert_eq!(login.failures, 0);

    // The package logs in with the fixture account and has no broken URL.
    let pkg = run_named("nofault_package");
    assert_eq!(pkg.aggregated.as_ref().map(|a| a.failures), Some(0));
    // Methods as the taskset locustfile spells them (`request("post", ...)`)
    // come out upper-case.
    let taskset = run_named("nofault_taskset");
    assert!(taskset
        .stats
        .iter()
        .any(|r| r.method.as_deref() == Some("PATCH")));
    assert!(taskset
        .stats
        .iter()
        .all(|r| r.method.as_deref().is_some_and(|m| m == m.to_uppercase())));
}

fn run_named(prefix: &str) -> RunStats {
    run(prefix)
}

#[test]
fn faulty_run_shows_its_faults() {
    let run = run("faulty_estimator");
    // fail:/detail_project/api/project/160/list-pekerjaan/tree/:500
    let tree = row(&run, "GET", "/api/project/[id]/list-pekerjaan/tree/");
    assert!(tree.requests > 0);
    assert_eq!(tree.failure_pct(), Some(100.0));
    assert!(run
        .failures
        .iter()
        .any(|f| f.name == tree.name && f.error.contains("500 Server Error")));

    // fail:/accounts/login/:500:every=4:method=POST: one user in four.
    let login = row(&run, "POST", "[AUTH] Login POST");
    assert!(login.failures >= login.requests / 4, "{login:?}");
    assert!(login.failures < login.requests, "{login:?}");
    assert!(run
        .failures
        .iter()
        .any(|f| f.name == login.name && f.error.contains("login failed (status 500)")));

    // fail:/detail_project/160/list-pekerjaan/:503:every=3
    let page = row(&run, "GET", "/detail_project/[id]/list-pekerjaan/");
    assert!(page.failures >= page.requests / 3, "{page:?}");
    assert!(run
        .failures
        .iter()
        .any(|f| f.name == page.name && f.error.contains("503 Server Error")));

    // slow:/detail_project/api/project/160/:4:every=5 against a 2 s client
    // timeout: several endpoints share a ceiling at the timeout.
    let ceiling: Vec<&StatsRow> = run
        .stats
        .iter()
        .filter(|r| r.max_ms.is_some_and(|m| (2000.0..2200.0).contains(&m)))
        .collect();
    assert!(ceiling.len() >= 2, "shared timeout ceiling: {ceiling:?}");
    assert!(ceiling.iter().all(|r| r.name.starts_with("/api/project/")));
    let timeouts: u64 = run
        .failures
        .iter()
        .filter(|f| f.error.starts_with("ReadTimeout") || f.error.contains("status 0"))
        .map(|f| f.occurrences)
        .sum();
    assert!(timeouts >= ceiling.len() as u64);

    // slow:/detail_project/160/rekap-rab/:0.6:every=3: a bimodal page.
    let rekap = row(&run, "GET", "/detail_project/[id]/rekap-rab/");
    if rekap.requests >= 3 {
        let (median, mean) = (
            rekap.median_ms.unwrap_or(0.0),
            rekap.average_ms.unwrap_or(0.0),
        );
        assert!(
            mean > 2.0 * median,
            "bimodal: mean {mean} vs median {median}"
        );
        assert!(rekap.max_ms.is_some_and(|m| m >= 600.0));
    }

    // --tags api page phase1 --exclude-tags export admin leaves HeavyExportUser
    // without tasks.
    let exc = run
        .exceptions
        .iter()
        .find(|e| e.message.starts_with("No tasks defined on HeavyExportUser"))
        .expect("the no-tasks exception");
    assert!(exc.count > 0);
    assert!(exc.traceback.contains("get_next_task"));
    assert_eq!(exc.nodes, ["local"]);

    // Failures begin after the first users arrive, not before.
    let first_failing = run
        .aggregated_history()
        .find(|h| h.failures.is_some_and(|f| f > 0))
        .expect("failures in the history");
    assert!(first_failing.user_count.is_some_and(|u| u > 0));
}

#[test]
fn pair_candidate_has_the_known_regressions() {
    let base = run("pair_baseline");
    let cand = run("pair_candidate");
    // fail:/detail_project/api/project/160/rekap/:500:method=GET
    let b = row(&base, "GET", "/api/project/[id]/rekap/");
    let c = row(&cand, "GET", "/api/project/[id]/rekap/");
    assert_eq!(b.failures, 0);
    assert!(c.requests > 0);
    assert_eq!(c.failures, c.requests, "newly failing, 100%");
    assert!(cand
        .failures
        .iter()
        .any(|f| f.name == c.name && f.error.contains("500 Server Error")));
    // slow:/detail_project/160/rekap-rab/:0.4
    let b = row(&base, "GET", "/detail_project/[id]/rekap-rab/");
    let c = row(&cand, "GET", "/detail_project/[id]/rekap-rab/");
    assert!(b.median_ms.is_some_and(|m| m < 200.0), "{b:?}");
    assert!(c.median_ms.is_some_and(|m| m >= 400.0), "{c:?}");
    assert!(c.min_ms.is_some_and(|m| m >= 400.0), "every request slowed");
    assert_eq!(c.failures, 0);
    // Same load: users and run time are equal, so request totals are close.
    let (bt, ct) = (
        base.aggregated.as_ref().map_or(0, |a| a.requests) as f64,
        cand.aggregated.as_ref().map_or(0, |a| a.requests) as f64,
    );
    assert!((ct - bt).abs() / bt < 0.5, "baseline {bt}, candidate {ct}");
    assert!(base.exceptions.is_empty() && cand.exceptions.is_empty());
}
