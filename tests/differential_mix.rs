//! routecov's expected mix against Locust's own scheduling:
//! tests/python/locust_mix.py runs each fixture locustfile's user classes
//! with Locust's real `User.run` / `TaskSet.run` (tasks picked by Locust's
//! `get_next_task` from a fixed seed, nested TaskSets entered and
//! interrupted, SequentialTaskSets in order), a recording client and no
//! waiting, and measures each request's count per task pick and per user.
//! routecov's expected counts, from the model alone, must agree within
//! `TOLERANCE` (absolute, per pick) plus `RELATIVE` of Locust's value: 400
//! users of 100 picks each put chance well inside it, and a user's first
//! picks before a TaskSet keeps it for good are the rest.

mod common;

use regex::Regex;
use routecov::analysis::mix::request_rates;
use routecov::extract::locustfile::{extract_tasks, TaskOptions};
use std::collections::BTreeMap;
use std::process::Command;

const TOLERANCE: f64 = 0.015;
const RELATIVE: f64 = 0.10;

type Shares = BTreeMap<String, f64>;

struct Measured {
    tasks: Shares,
    on_start: Shares,
}

fn locust(file: &str, tags: &[&str], exclude: &[&str]) -> BTreeMap<String, Measured> {
    let mut cmd = Command::new(common::python());
    cmd.arg(common::repo().join("tests/python/locust_mix.py"))
        .arg(file)
        .args(["--users", "400", "--picks", "100", "--seed", "7"])
        .current_dir(common::repo())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    if !tags.is_empty() {
        cmd.arg("--tags").args(tags);
    }
    if !exclude.is_empty() {
        cmd.arg("--exclude-tags").args(exclude);
    }
    let out = cmd.output().expect("python runs");
    assert!(
        out.status.success(),
        "locust_mix.py failed on {file}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let shares = |x: &serde_json::Value| -> Shares {
        x.as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| (k.clone(), v.as_f64().unwrap_or(0.0)))
                    .collect()
            })
            .unwrap_or_default()
    };
    v["users"]
        .as_array()
        .expect("users")
        .iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap_or_default().to_string(),
                Measured {
                    tasks: shares(&u["tasks"]),
                    on_start: shares(&u["on_start"]),
                },
            )
        })
        .collect()
}

/// `METHOD name-or-url`, as locust_mix.py keys a request.
fn label(r: &routecov::model::Request) -> String {
    format!("{} {}", r.method, r.name.clone().unwrap_or(r.url.clone()))
}

/// A label with `{...}` placeholders as a regex over Locust's keys.
fn pattern(label: &str) -> Regex {
    let mut re = String::from("^");
    for (i, part) in label.split('{').enumerate() {
        let rest = if i == 0 {
            part
        } else {
            re.push_str("[^/?&]+");
            part.split_once('}').map_or(part, |(_, r)| r)
        };
        re.push_str(&regex::escape(rest));
    }
    re.push('$');
    Regex::new(&re).expect("compiles")
}

fn compare(what: &str, ours: &Shares, theirs: &Shares, problems: &mut Vec<String>) {
    let mut matched: BTreeMap<&String, f64> = BTreeMap::new();
    for (l, v) in ours {
        let re = pattern(l);
        let keys: Vec<&String> = theirs.keys().filter(|k| re.is_match(k)).collect();
        let measured: f64 = keys.iter().map(|k| theirs[*k]).sum();
        for k in keys {
            *matched.entry(k).or_default() += 1.0;
        }
        if (v - measured).abs() > TOLERANCE + RELATIVE * measured {
            problems.push(format!("{what} {l}: routecov {v:.4}, Locust {measured:.4}"));
        }
    }
    for (k, v) in theirs {
        if !matched.contains_key(k) && *v > TOLERANCE {
            problems.push(format!("{what} {k}: routecov none, Locust {v:.4}"));
        }
    }
}

fn check(file: &str, tags: &[&str], exclude: &[&str]) {
    let opts = TaskOptions {
        locustfile: Some(common::repo().join(file)),
        base: common::repo(),
        tags: (!tags.is_empty()).then(|| tags.iter().map(|s| s.to_string()).collect()),
        exclude_tags: (!exclude.is_empty())
            .then(|| exclude.iter().map(|s| s.to_string()).collect()),
        env: Default::default(),
        locust_args: Vec::new(),
        routes: None,
    };
    let model = extract_tasks(&opts).expect("fixture locustfile reads");
    let truth = locust(file, tags, exclude);
    let mut problems = Vec::new();
    for u in model
        .users
        .iter()
        .filter(|u| u.spawned && u.has_tasks_after_filter)
    {
        let Some(m) = truth.get(&u.name) else {
            problems.push(format!("{}: Locust runs no such user", u.name));
            continue;
        };
        let (per_pick, per_user) = request_rates(u);
        let sum = |list: Vec<(&routecov::model::Request, f64)>| {
            let mut out = Shares::new();
            for (r, v) in list {
                *out.entry(label(r)).or_default() += v;
            }
            out
        };
        compare(
            &format!("{}: task", u.name),
            &sum(per_pick),
            &m.tasks,
            &mut problems,
        );
        compare(
            &format!("{}: on_start", u.name),
            &sum(per_user),
            &m.on_start,
            &mut problems,
        );
    }
    assert!(
        problems.is_empty(),
        "{file} --tags {tags:?} --exclude-tags {exclude:?}:\n{}",
        problems.join("\n")
    );
}

#[test]
fn nested_tasksets_interrupts_and_sequences_match_locust() {
    check("fixtures/locust/taskset_locustfile.py", &[], &[]);
}

#[test]
fn a_tag_filter_inside_nested_tasksets_matches_locust() {
    check(
        "fixtures/locust/taskset_locustfile.py",
        &[],
        &["write", "slow"],
    );
}

#[test]
fn the_estimator_mix_matches_locust() {
    check("fixtures/locust/estimator_locustfile.py", &[], &[]);
}

#[test]
fn the_estimator_under_the_audit_filter_matches_locust() {
    check(
        "fixtures/locust/estimator_locustfile.py",
        &["api", "page", "phase1"],
        &["export", "admin"],
    );
}

#[test]
fn a_directory_of_locustfiles_matches_locust() {
    check("fixtures/locust/locustfile_pkg", &[], &[]);
}

#[test]
fn the_load_mix_fixture_matches_locust() {
    check("fixtures/locust/mix_locustfile.py", &[], &[]);
    check("fixtures/locust/mix_locustfile.py", &[], &["reports"]);
}
