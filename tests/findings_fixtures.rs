//! Run findings on the real runs of fixtures/runs/ (see its README.md for the
//! faults injected into each run). The assertions hold for any re-run of
//! scripts/fixture-runs: they check what the faults guarantee, not exact
//! counts.

mod common;

use routecov::analysis::findings::find;
use routecov::config::Thresholds;
use routecov::extract::locust_csv::{read_run, RunStats, StatsRow};
use routecov::model::findings::Finding;

fn run(prefix: &str) -> RunStats {
    let path = common::repo().join("fixtures/runs").join(prefix);
    read_run(&path).unwrap_or_else(|e| panic!("{prefix}: {e}"))
}

fn label(r: &StatsRow) -> String {
    format!("{} {}", r.method.as_deref().unwrap_or(""), r.name)
}

fn findings(prefix: &str) -> Vec<Finding> {
    find(&run(prefix), &Thresholds::default(), &label)
}

fn of_kind<'a>(fs: &'a [Finding], kind: &str) -> Vec<&'a Finding> {
    fs.iter().filter(|f| f.kind.as_str() == kind).collect()
}

fn for_endpoint<'a>(fs: &'a [Finding], kind: &str, endpoint: &str) -> &'a Finding {
    fs.iter()
        .find(|f| f.kind.as_str() == kind && f.endpoints.iter().any(|e| e == endpoint))
        .unwrap_or_else(|| panic!("no {kind} finding for {endpoint}: {fs:#?}"))
}

const KINDS: [&str; 7] = [
    "always_failing",
    "failure_rate",
    "timeout_ceiling",
    "outlier",
    "bimodal",
    "auth_failures",
    "exception",
];

#[test]
fn faulty_run_failing_endpoints() {
    let fs = findings("faulty_estimator");
    // fail:.../list-pekerjaan/tree/:500 -> every request fails.
    let tree = for_endpoint(
        &fs,
        "always_failing",
        "GET /api/project/[id]/list-pekerjaan/tree/",
    );
    assert_eq!(
        tree.numbers.requests.unwrap_or(0),
        tree.numbers.failures.unwrap_or(0)
    );
    assert!(tree.numbers.requests.unwrap_or(0) > 0);
    assert!(tree.message.contains("(100%)"), "{}", tree.message);
    assert!(
        tree.errors
            .iter()
            .any(|e| e.starts_with("HTTPError('500 Server Error")),
        "{:?}",
        tree.errors
    );
    // The locustfile's own mistakes: 404 on every request.
    for e in [
        "GET /api/project/[id]/harga-item/",
        "GET /detail_project/[id]/rekap_kebutuhan/",
    ] {
        if let Some(f) = of_kind(&fs, "always_failing")
            .into_iter()
            .find(|f| f.endpoints[0] == e)
        {
            assert!(f.errors.iter().any(|x| x.contains("404")), "{f:#?}");
        }
    }
    // fail:/detail_project/160/list-pekerjaan/:503:every=3 -> one in three.
    let pages = for_endpoint(
        &fs,
        "failure_rate",
        "GET /detail_project/[id]/list-pekerjaan/",
    );
    assert!(
        pages.numbers.failure_pct.unwrap_or(f64::NAN) > 0.0
            && pages.numbers.failure_pct.unwrap_or(f64::NAN) < 100.0
    );
    assert!(
        pages
            .errors
            .iter()
            .any(|e| e.starts_with("HTTPError('503 Server Error: Service Unavailable')")),
        "{:?}",
        pages.errors
    );
    assert!(pages.message.contains("503"), "{}", pages.message);
    // Failed logins leave users anonymous; their later requests fail too.
    let login = for_endpoint(&fs, "failure_rate", "POST [AUTH] Login POST");
    assert!(login
        .errors
        .iter()
        .any(|e| e.contains("login failed (status 500)")));
    for_endpoint(&fs, "failure_rate", "GET /api/project/[id]/list-pekerjaan/");
}

#[test]
fn faulty_run_auth_failures() {
    let fs = findings("faulty_estimator");
    let auth = of_kind(&fs, "auth_failures");
    assert_eq!(auth.len(), 1, "{fs:#?}");
    let a = auth[0];
    assert_eq!(a.endpoints[0], "POST [AUTH] Login POST");
    assert!(a.endpoints.iter().any(|e| e == "GET [AUTH] Login page"));
    assert!(a.numbers.failures.unwrap_or(0) > 0);
    assert!(a.numbers.failures.unwrap_or(0) < a.numbers.requests.unwrap_or(0));
    assert!(
        a.message.contains("POST [AUTH] Login POST"),
        "{}",
        a.message
    );
    assert!(a
        .errors
        .iter()
        .any(|e| e.contains("login failed (status 500)")));
}

#[test]
fn faulty_run_shared_timeout_ceiling() {
    let fs = findings("faulty_estimator");
    let ceilings = of_kind(&fs, "timeout_ceiling");
    assert_eq!(ceilings.len(), 1, "{fs:#?}");
    let c = ceilings[0];
    // slow:/detail_project/api/project/160/:4:every=5 against a 2 s client timeout.
    let four = [
        "GET /api/project/[id]/detail-ahsp/[pekerjaan_id]/",
        "GET /api/project/[id]/harga-item/",
        "GET /api/project/[id]/list-pekerjaan/",
        "GET /api/project/[id]/rekap/",
    ];
    assert!(c.endpoints.len() >= 3, "{c:#?}");
    for e in &c.endpoints {
        assert!(
            four.contains(&e.as_str()),
            "{e} is not one of the stalled API v1 endpoints"
        );
        let max = c
            .per_endpoint
            .iter()
            .find(|n| &n.endpoint == e)
            .map_or(f64::NAN, |n| n.max_ms);
        assert!((2000.0..2100.0).contains(&max), "{e}: {max}");
    }
    let value = c.numbers.value_ms.unwrap_or(f64::NAN);
    assert!((2000.0..2100.0).contains(&value), "{value}");
    assert!(c.numbers.timeout_errors.unwrap_or(0) > 0);
    assert!(c.message.contains("ReadTimeout"), "{}", c.message);
    assert!(
        c.message
            .contains("their errors state the timeout (read timeout=2.0, 2000 ms)"),
        "{}",
        c.message
    );
    assert!(
        c.errors.iter().all(|e| e.contains("Read timed out")),
        "{:?}",
        c.errors
    );
}

#[test]
fn faulty_run_bimodal_page() {
    let fs = findings("faulty_estimator");
    // slow:/detail_project/160/rekap-rab/:0.6:every=3.
    let b = for_endpoint(&fs, "bimodal", "GET /detail_project/[id]/rekap-rab/");
    assert!(b.numbers.median_ms.unwrap_or(f64::NAN) < 300.0, "{b:#?}");
    assert!(
        b.numbers.average_ms.unwrap_or(f64::NAN) >= 2.0 * b.numbers.median_ms.unwrap_or(f64::NAN)
    );
    assert!(b.numbers.p95_ms.unwrap_or(f64::NAN) >= 600.0, "{b:#?}");
    assert!(b.numbers.ratio.unwrap_or(f64::NAN) >= 2.0);
}

#[test]
fn faulty_run_exception_is_tied_to_the_tag_filter() {
    let fs = findings("faulty_estimator");
    let ex = of_kind(&fs, "exception");
    assert_eq!(ex.len(), 1, "{fs:#?}");
    let e = ex[0];
    assert!(e.numbers.count.unwrap_or(0) > 0);
    assert!(
        e.message
            .starts_with("`No tasks defined on HeavyExportUser` was raised"),
        "{}",
        e.message
    );
    assert!(e
        .message
        .contains("user class HeavyExportUser has no tasks"));
    assert!(e.message.contains("--tags/--exclude-tags"));
    assert!(!e.message.contains('\n'));
}

#[test]
fn findings_are_ordered_and_never_name_the_aggregated_row() {
    for prefix in [
        "faulty_estimator",
        "nofault_estimator",
        "nofault_taskset",
        "nofault_package",
        "pair_baseline",
        "pair_candidate",
    ] {
        let fs = findings(prefix);
        let ranks: Vec<usize> = fs
            .iter()
            .map(|f| {
                KINDS
                    .iter()
                    .position(|k| *k == f.kind.as_str())
                    .unwrap_or_else(|| panic!("{prefix}: unexpected kind {}", f.kind))
            })
            .collect();
        assert!(
            ranks.windows(2).all(|w| w[0] <= w[1]),
            "{prefix}: {ranks:?}"
        );
        for f in &fs {
            assert!(
                f.endpoints.iter().all(|e| !e.contains("Aggregated")),
                "{prefix}: {f:#?}"
            );
            assert!(!f.message.contains('\n'), "{prefix}: {}", f.message);
            let json = serde_json::to_value(f).expect("serializes");
            assert_eq!(json["kind"], f.kind.as_str());
        }
        // Same input, same output.
        assert_eq!(fs, findings(prefix));
    }
}

#[test]
fn healthy_runs_have_no_fault_findings() {
    assert!(
        findings("nofault_package").is_empty(),
        "{:#?}",
        findings("nofault_package")
    );
    for prefix in ["nofault_estimator", "pair_baseline"] {
        let fs = findings(prefix);
        for kind in [
            "failure_rate",
            "timeout_ceiling",
            "auth_failures",
            "exception",
        ] {
            assert!(of_kind(&fs, kind).is_empty(), "{prefix}: {fs:#?}");
        }
    }
    // The candidate's injected 500.
    let fs = findings("pair_candidate");
    let rekap = for_endpoint(&fs, "always_failing", "GET /api/project/[id]/rekap/");
    assert!(
        rekap
            .message
            .contains("HTTPError('500 Server Error: Internal Server Error') ×"),
        "{}",
        rekap.message
    );
}
