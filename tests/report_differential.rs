//! `routecov report` against the truth of Locust and Django themselves
//! (tests/python/resolve_requests.py): for the fixture project and its real
//! runs, every endpoint's coverage level must equal the level computed by
//! running the locustfile's tasks with a recording client and resolving each
//! recorded URL with `django.urls.resolve`, and every stats row must be joined
//! to the same endpoints, or listed as unmatched for the same reason.
//!
//! One difference is by design: routecov reads commented-out requests and
//! requests behind a constant-false flag, which a running Locust never sends
//! (so the truth calls those endpoints untested); routecov reports them as
//! `disabled` and says why in the endpoint's `note`.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

struct Case {
    run: Option<&'static str>,
    tags: Option<&'static [&'static str]>,
    exclude: Option<&'static [&'static str]>,
}

const LOCUSTFILE: &str = "fixtures/locust/estimator_locustfile.py";

const CASES: &[Case] = &[
    Case {
        run: Some("nofault_estimator"),
        tags: None,
        exclude: None,
    },
    Case {
        run: Some("faulty_estimator"),
        tags: Some(&["api", "page", "phase1"]),
        exclude: Some(&["export", "admin"]),
    },
    Case {
        run: Some("pair_baseline"),
        tags: None,
        exclude: None,
    },
    Case {
        run: Some("pair_candidate"),
        tags: None,
        exclude: None,
    },
    Case {
        run: None,
        tags: None,
        exclude: Some(&["export"]),
    },
];

fn routecov_json(c: &Case, site_packages: &str) -> Value {
    let mut cmd = Command::cargo_bin("routecov").expect("binary");
    cmd.current_dir(common::repo()).args([
        "report",
        "-q",
        "--format",
        "json",
        "--project",
        "fixtures/estimator",
        "--site-packages",
        site_packages,
        "--locustfile",
        LOCUSTFILE,
    ]);
    if let Some(r) = c.run {
        cmd.args(["--stats", &format!("fixtures/runs/{r}")]);
    }
    if let Some(t) = c.tags {
        cmd.arg("--tags").args(t);
    }
    if let Some(t) = c.exclude {
        cmd.arg("--exclude-tags").args(t);
    }
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn truth(c: &Case) -> Value {
    let stats = c.run.map(|r| format!("fixtures/runs/{r}_stats.csv"));
    let mut args: Vec<String> = vec!["fixtures/estimator".into(), LOCUSTFILE.into()];
    if let Some(s) = stats {
        args.push(s);
    }
    if let Some(t) = c.tags {
        args.push("--tags".into());
        args.extend(t.iter().map(|s| s.to_string()));
    }
    if let Some(t) = c.exclude {
        args.push("--exclude-tags".into());
        args.extend(t.iter().map(|s| s.to_string()));
    }
    args.push("--methods".into());
    args.push("fixtures/estimator/expected_methods.json".into());
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    common::python_json("resolve_requests.py", &refs)
}

/// The truth's reason for an unmatched row, as routecov words it.
fn reason_matches(truth: &str, ours: &str) -> bool {
    match truth {
        "no_route" => ours.contains("matches no route"),
        "method" => ours.contains("does not accept the method"),
        "external" => ours.contains("external include"),
        "no_request" => ours.contains("no request in the locustfile carries this name"),
        "ambiguous" => ours.contains("several routes"),
        _ => false,
    }
}

#[test]
fn statuses_and_stats_rows_equal_locust_and_django_truth() {
    let sp = common::site_packages();
    let sp = sp.to_str().expect("utf-8 path");
    for c in CASES {
        let label = format!("{:?} tags {:?} exclude {:?}", c.run, c.tags, c.exclude);
        let ours = routecov_json(c, sp);
        let truth = truth(c);
        let truth_status: BTreeMap<String, String> = truth["endpoints"]
            .as_object()
            .expect("object")
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
            .collect();
        let endpoints = ours["endpoints"].as_array().expect("endpoints");
        let mut seen = BTreeSet::new();
        let mut problems = Vec::new();
        for e in endpoints {
            let key = format!(
                "{} {}",
                e["method"].as_str().unwrap_or(""),
                e["path"].as_str().unwrap_or("")
            );
            seen.insert(key.clone());
            let got = e["status"].as_str().unwrap_or("");
            let want = truth_status
                .get(&key)
                .map(String::as_str)
                .unwrap_or("untested");
            if got == want {
                continue;
            }
            let note = e["note"].as_str().unwrap_or("");
            let invisible_to_locust = got == "disabled"
                && want == "untested"
                && note
                    .trim_start_matches("requested only where it does not run: ")
                    .split("; ")
                    .all(|r| r.starts_with("commented out") || r.starts_with("behind "));
            if !invisible_to_locust {
                problems.push(format!("{key}: routecov {got}, truth {want} ({note})"));
            }
        }
        for k in truth_status.keys() {
            if !seen.contains(k) {
                problems.push(format!(
                    "{k}: reached in the truth, no such endpoint in routecov"
                ));
            }
        }
        // Stats rows.
        let mut joined: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        for e in endpoints {
            let key = format!(
                "{} {}",
                e["method"].as_str().unwrap_or(""),
                e["path"].as_str().unwrap_or("")
            );
            for r in e["stats"]["rows"].as_array().into_iter().flatten() {
                joined
                    .entry((
                        r["method"].as_str().unwrap_or("").to_string(),
                        r["name"].as_str().unwrap_or("").to_string(),
                    ))
                    .or_default()
                    .insert(key.clone());
            }
        }
        let unmatched = ours["unmatched"].as_array().expect("unmatched");
        for row in truth["rows"].as_array().into_iter().flatten() {
            let method = row["method"].as_str().unwrap_or("").to_string();
            let name = row["name"].as_str().unwrap_or("").to_string();
            let want: BTreeSet<String> = row["endpoints"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            let got = joined
                .remove(&(method.clone(), name.clone()))
                .unwrap_or_default();
            if !want.is_empty() {
                if got != want {
                    problems.push(format!(
                        "row {method} {name}: joined to {got:?}, truth {want:?}"
                    ));
                }
                continue;
            }
            let reason = row["reason"].as_str().unwrap_or("");
            let listed = unmatched.iter().find(|u| {
                u["kind"] == "stats_row"
                    && u["name"] == name.as_str()
                    && u["method"] == method.as_str()
            });
            match listed {
                Some(u)
                    if got.is_empty()
                        && reason_matches(reason, u["reason"].as_str().unwrap_or("")) => {}
                Some(u) => problems.push(format!(
                    "row {method} {name}: unmatched because {}, truth {reason} (joined {got:?})",
                    u["reason"]
                )),
                None => problems.push(format!(
                    "row {method} {name}: not listed as unmatched (truth {reason}, joined {got:?})"
                )),
            }
        }
        assert!(problems.is_empty(), "{label}:\n{}", problems.join("\n"));
    }
}
