//! routecov's findings on every run of fixtures/runs/ are exactly those
//! fixtures/runs/FINDINGS.toml labels `keep`: none of those labelled `noise`,
//! none that nobody labelled.

mod common;

use assert_cmd::Command;
use serde::Deserialize;
use std::collections::BTreeSet;

#[derive(Deserialize)]
struct Labels {
    run: Vec<Run>,
}

#[derive(Deserialize)]
struct Run {
    name: String,
    args: Vec<String>,
    #[serde(default)]
    finding: Vec<Labelled>,
}

#[derive(Deserialize)]
struct Labelled {
    kind: String,
    endpoints: Vec<String>,
    /// Part of the message, for findings about no endpoint.
    message: Option<String>,
    label: String,
    reason: String,
}

/// A finding as the labels name it: kind and endpoints.
type Key = (String, Vec<String>);

fn labels() -> Labels {
    let text = std::fs::read_to_string(common::repo().join("fixtures/runs/FINDINGS.toml"))
        .expect("FINDINGS.toml");
    toml::from_str(&text).expect("FINDINGS.toml parses")
}

fn findings(run: &Run) -> Vec<serde_json::Value> {
    let stats = format!("fixtures/runs/{}", run.name);
    let out = Command::cargo_bin("routecov")
        .expect("binary")
        .current_dir(common::repo())
        .args([
            "report",
            "-q",
            "--project",
            "fixtures/estimator",
            "--stats",
            &stats,
        ])
        .args(&run.args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: {}",
            run.name,
            String::from_utf8_lossy(&out.stderr)
        )
    });
    v["findings"].as_array().cloned().unwrap_or_default()
}

/// Whether `made` is the finding `l` labels.
fn is(l: &Labelled, made: &serde_json::Value) -> bool {
    let endpoints: Vec<&str> = made["endpoints"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e.as_str()).collect())
        .unwrap_or_default();
    made["kind"] == l.kind.as_str()
        && endpoints == l.endpoints.iter().map(String::as_str).collect::<Vec<_>>()
        && l.message
            .as_ref()
            .is_none_or(|m| made["message"].as_str().is_some_and(|t| t.contains(m)))
}

#[test]
fn every_fixture_run_is_labelled() {
    let names: BTreeSet<String> = labels().run.into_iter().map(|r| r.name).collect();
    for entry in std::fs::read_dir(common::repo().join("fixtures/runs")).expect("dir") {
        let file = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(run) = file.strip_suffix("_stats.csv") {
            assert!(names.contains(run), "{run} has no labels in FINDINGS.toml");
        }
    }
}

#[test]
fn labels_are_well_formed() {
    for run in labels().run {
        let mut seen: BTreeSet<(Key, Option<String>)> = BTreeSet::new();
        for l in &run.finding {
            assert!(
                l.label == "keep" || l.label == "noise",
                "{}: label {} is neither keep nor noise",
                run.name,
                l.label
            );
            assert!(
                !l.reason.trim().is_empty(),
                "{}: {} has no reason",
                run.name,
                l.kind
            );
            assert!(
                !l.endpoints.is_empty() || l.message.is_some(),
                "{}: a {} about no endpoint needs a message",
                run.name,
                l.kind
            );
            let key = ((l.kind.clone(), l.endpoints.clone()), l.message.clone());
            assert!(seen.insert(key), "{}: {} labelled twice", run.name, l.kind);
        }
    }
}

#[test]
fn findings_on_the_fixture_runs_are_exactly_the_kept_ones() {
    for run in labels().run {
        let made = findings(&run);
        for f in &made {
            let label = run.finding.iter().find(|l| is(l, f));
            match label {
                None => panic!(
                    "{}: unlabelled finding {} {}: {}",
                    run.name, f["kind"], f["endpoints"], f["message"]
                ),
                Some(l) if l.label == "noise" => panic!(
                    "{}: finding labelled noise ({}): {}",
                    run.name, l.reason, f["message"]
                ),
                Some(_) => {}
            }
        }
        for l in run.finding.iter().filter(|l| l.label == "keep") {
            let n = made.iter().filter(|f| is(l, f)).count();
            assert_eq!(
                n, 1,
                "{}: kept finding {} {:?} ({}) made {n} times",
                run.name, l.kind, l.endpoints, l.reason
            );
        }
    }
}
