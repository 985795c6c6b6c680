//! routecov's Locust model against Locust itself: tests/python/locust_model.py
//! imports each fixture locustfile with the real `locust` package, applies
//! Locust's own tag filter and runs every task against a recording client.
//! Classes, weights, wait times, tasks, tags, filter results and request
//! URLs must agree; a `{...}` placeholder in routecov's URL stands for any
//! value the run recorded there. broken_locustfile.py does not import, so it
//! is left to the CLI tests.

mod common;

use regex::Regex;
use routecov::extract::locustfile::{extract_tasks, TaskOptions};
use routecov::extract::{route_map, RouteOptions};
use routecov::model::RouteMap;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use std::rc::Rc;

struct Case {
    file: &'static str,
    tags: Tags,
    exclude: Tags,
    env: &'static [(&'static str, &'static str)],
    /// `--locust-args`, already split.
    locust_args: &'static [&'static str],
}

const ESTIMATOR: &str = "fixtures/locust/estimator_locustfile.py";
const TASKSETS: &str = "fixtures/locust/taskset_locustfile.py";
const PACKAGE: &str = "fixtures/locust/locustfile_pkg";
/// Reads `sys.argv` for its user weights.
const ARGV: &str = "fixtures/locust/argv_locustfile.py";
/// Names its URLs with `reverse()` (Django set up by the file itself) and
/// builds them from defaults replaced later and values of responses.
const REVERSE: &str = "fixtures/locust/reverse_locustfile.py";

/// `--tags` and `--exclude-tags` values (`None`: option not given).
type Tags = Option<&'static [&'static str]>;

/// Filters every fixture is checked under.
const FILTERS: &[(Tags, Tags)] = &[
    (None, None),
    (Some(&["api", "page", "phase1"]), Some(&["export", "admin"])),
    (None, Some(&["export"])),
    (Some(&["slow"]), None),
    (Some(&["admin"]), Some(&["export"])),
    (Some(&["api,page"]), None),
    (Some(&["phase2"]), None),
    (Some(&["templates", "mobile"]), Some(&["write"])),
    // `export` not right after --exclude-tags: the argv fixture's ExportUser
    // keeps its weight and has no task left.
    (None, Some(&["admin", "export"])),
];

/// `--locust-args` beyond none, per fixture, checked under the first filters.
const LOCUST_ARGS: &[(&str, &[&str])] = &[
    (ARGV, &["--headless", "-u", "50"]),
    (ARGV, &["--users", "5"]),
    (ESTIMATOR, &["--headless"]),
];

/// Environments beyond the default, per fixture.
const ENVS: &[(&str, &[(&str, &str)])] = &[
    (ESTIMATOR, &[("LOCUST_AUTH_ONLY", "1")]),
    (ESTIMATOR, &[("LOCUST_INCLUDE_V2", "0")]),
    (
        ESTIMATOR,
        &[("LOCUST_HEALTH_USERS", "0"), ("LOCUST_PROJECT_ID", "7")],
    ),
    (
        ESTIMATOR,
        &[("DETAIL_PROJECT_PREFIX", "/app/detail_project/")],
    ),
    (TASKSETS, &[("LOCUST_MOBILE_USERS", "0")]),
    (
        TASKSETS,
        &[
            ("ESTIMATOR_API_ROOT", " /x/api/ "),
            ("ESTIMATOR_PAGE_ROOT", "/pages"),
        ],
    ),
    (PACKAGE, &[("ESTIMATOR_SITE_PREFIX", "/app")]),
    (PACKAGE, &[("LOCUST_EXPORTS", "off")]),
];

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for file in [ESTIMATOR, TASKSETS, PACKAGE, ARGV, REVERSE] {
        for (tags, exclude) in FILTERS {
            out.push(Case {
                file,
                tags: *tags,
                exclude: *exclude,
                env: &[],
                locust_args: &[],
            });
        }
    }
    for (file, env) in ENVS {
        for (tags, exclude) in &FILTERS[..3] {
            out.push(Case {
                file,
                tags: *tags,
                exclude: *exclude,
                env,
                locust_args: &[],
            });
        }
    }
    for (file, locust_args) in LOCUST_ARGS {
        for (tags, exclude) in &FILTERS[..3] {
            out.push(Case {
                file,
                tags: *tags,
                exclude: *exclude,
                env: &[],
                locust_args,
            });
        }
    }
    out
}

impl Case {
    fn label(&self) -> String {
        let mut s = self.file.to_string();
        if let Some(t) = self.tags {
            s.push_str(&format!(" --tags {}", t.join(" ")));
        }
        if let Some(t) = self.exclude {
            s.push_str(&format!(" --exclude-tags {}", t.join(" ")));
        }
        for (k, v) in self.env {
            s.push_str(&format!(" --env {k}={v}"));
        }
        if !self.locust_args.is_empty() {
            s.push_str(&format!(
                " --locust-args \"{}\"",
                self.locust_args.join(" ")
            ));
        }
        s
    }

    /// Locust's verdict, from a clean environment so nothing leaks in.
    fn truth(&self) -> Value {
        let mut cmd = Command::new(common::python());
        cmd.arg(common::repo().join("tests/python/locust_model.py"))
            .arg(self.file)
            .current_dir(common::repo())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default());
        if let Some(t) = self.tags {
            cmd.arg("--tags").args(t);
        }
        if let Some(t) = self.exclude {
            cmd.arg("--exclude-tags").args(t);
        }
        for (k, v) in self.env {
            cmd.arg("--env").arg(format!("{k}={v}"));
        }
        // The words have no blank or quote: joined, shlex splits them back.
        cmd.arg(format!("--locust-args={}", self.locust_args.join(" ")));
        let out = cmd.output().expect("python runs");
        assert!(
            out.status.success(),
            "locust_model.py failed on {}:\n{}",
            self.label(),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("locust_model.py prints JSON")
    }

    fn ours(&self) -> Value {
        let opts = TaskOptions {
            locustfile: Some(common::repo().join(self.file)),
            base: common::repo(),
            tags: self.tags.map(|t| t.iter().map(|s| s.to_string()).collect()),
            exclude_tags: self
                .exclude
                .map(|t| t.iter().map(|s| s.to_string()).collect()),
            env: self
                .env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            locust_args: self.locust_args.iter().map(|a| a.to_string()).collect(),
            // Every fixture load-tests the estimator: `reverse()` resolves
            // through its route map, as `routecov tasks --project` does.
            routes: Some(estimator_routes()),
        };
        let model = extract_tasks(&opts).expect("fixture locustfile reads");
        serde_json::to_value(&model).expect("model serialises")
    }
}

fn estimator_routes() -> Rc<RouteMap> {
    thread_local! {
        static MAP: Rc<RouteMap> = Rc::new(
            route_map(&RouteOptions {
                project: common::repo().join("fixtures/estimator"),
                ..Default::default()
            })
            .expect("the estimator's routes read"),
        );
    }
    MAP.with(Rc::clone)
}

/// A URL template as a regex: `{...}` stands for one value (an id, a
/// token): some text without `/`, `?` or `&`, so a placeholder cannot hide
/// a wrong path.
fn template_regex(t: &str) -> Regex {
    let mut re = String::from("^");
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        re.push_str(&regex::escape(&rest[..open]));
        match rest[open..].find('}') {
            Some(close) => {
                re.push_str("[^/?&]+");
                rest = &rest[open + close + 1..];
            }
            None => {
                rest = &rest[open..];
                break;
            }
        }
    }
    re.push_str(&regex::escape(rest));
    re.push('$');
    Regex::new(&re).expect("template regex compiles")
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Our tasks (and on_start hooks) flattened to `User/TaskSet/task` paths.
fn flatten(prefix: &str, tasks: &Value, out: &mut BTreeMap<String, Value>) {
    for t in tasks.as_array().into_iter().flatten() {
        let path = format!("{prefix}/{}", s(&t["name"]));
        if let Some(h) = t.get("on_start").filter(|h| !h.is_null()) {
            out.insert(format!("{path}/on_start"), hook(h));
        }
        if let Some(sub) = t.get("tasks") {
            flatten(&path, sub, out);
        }
        out.insert(path, t.clone());
    }
}

fn hook(h: &Value) -> Value {
    serde_json::json!({"kind": "on_start", "weight": 0, "tags": [], "requests": h["requests"]})
}

/// The requests a run sends: URL with its query string, method, name, params.
fn our_requests(t: &Value) -> Vec<(String, String, String, String)> {
    t["requests"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["active"] == true)
        .map(|r| {
            let mut url = s(&r["url"]);
            if let Some(q) = r["query"].as_str() {
                url.push('?');
                url.push_str(q);
            }
            // Locust's dump sorts dictionary keys; so do these.
            let mut params: Vec<String> = r["params"]
                .as_str()
                .map(|p| p.split('&').map(str::to_string).collect())
                .unwrap_or_default();
            params.sort();
            (s(&r["method"]), url, s(&r["name"]), params.join("&"))
        })
        .collect()
}

fn their_requests(t: &Value) -> Vec<(String, String, String, String)> {
    t["requests"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let params = r
                .get("params")
                .and_then(|p| p.as_object())
                .map(|p| {
                    p.iter()
                        .map(|(k, v)| format!("{k}={}", s(v)))
                        .collect::<Vec<_>>()
                        .join("&")
                })
                .unwrap_or_default();
            (s(&r["method"]), s(&r["url"]), s(&r["name"]), params)
        })
        .collect()
}

fn compare(
    case: &Case,
    truth: &Value,
    ours: &Value,
    errors: &mut Vec<String>,
    checked: &mut Checked,
) {
    let label = case.label();
    let mut err = |m: String| errors.push(format!("{label}: {m}"));
    let their_users: BTreeMap<String, &Value> = truth["users"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| (s(&u["name"]), u))
        .collect();
    let our_users: BTreeMap<String, &Value> = ours["users"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|u| u["abstract"] == false)
        .map(|u| (s(&u["name"]), u))
        .collect();
    let a: BTreeSet<&String> = their_users.keys().collect();
    let b: BTreeSet<&String> = our_users.keys().collect();
    if a != b {
        err(format!("user classes differ: Locust {a:?}, routecov {b:?}"));
    }
    for (name, t) in &their_users {
        let Some(o) = our_users.get(name) else {
            continue;
        };
        checked.users += 1;
        for key in ["weight", "fixed_count", "has_tasks_after_filter"] {
            if t[key] != o[key] {
                err(format!(
                    "{name}.{key}: Locust {}, routecov {}",
                    t[key], o[key]
                ));
            }
        }
        let tw = &t["wait_time"];
        let ow = &o["wait_time"];
        let mut wait_ok = s(&tw["kind"]) == s(&ow["kind"]);
        if let Some(args) = tw.as_object() {
            for (k, v) in args {
                if k != "kind" && k != "name" {
                    let theirs = v.as_f64();
                    let mine = ow["args"][k].as_f64();
                    wait_ok &= theirs.is_some() && theirs == mine;
                }
            }
        }
        if !wait_ok {
            err(format!("{name}.wait_time: Locust {tw}, routecov {ow}"));
        }
        let mut mine = BTreeMap::new();
        if let Some(h) = o.get("on_start").filter(|h| !h.is_null()) {
            mine.insert(format!("{name}/on_start"), hook(h));
        }
        flatten(name, &o["tasks"], &mut mine);
        let theirs: BTreeMap<String, &Value> = t["tasks"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|x| (s(&x["path"]), x))
            .collect();
        let a: BTreeSet<&String> = theirs.keys().collect();
        let b: BTreeSet<&String> = mine.keys().collect();
        if a != b {
            err(format!(
                "{name}: task paths differ:\n  only Locust: {:?}\n  only routecov: {:?}",
                a.difference(&b).collect::<Vec<_>>(),
                b.difference(&a).collect::<Vec<_>>()
            ));
        }
        for (path, tt) in &theirs {
            let Some(ot) = mine.get(path) else { continue };
            checked.tasks += 1;
            if s(&tt["kind"]) != s(&ot["kind"]) {
                err(format!(
                    "{path}: kind Locust {}, routecov {}",
                    tt["kind"], ot["kind"]
                ));
            }
            if tt["weight"] != ot["weight"] {
                err(format!(
                    "{path}: weight Locust {}, routecov {}",
                    tt["weight"], ot["weight"]
                ));
            }
            if tt["tags"] != ot["tags"] {
                err(format!(
                    "{path}: tags Locust {}, routecov {}",
                    tt["tags"], ot["tags"]
                ));
            }
            if s(&tt["kind"]) != "on_start" && tt["enabled"] != ot["kept_by_filter"] {
                err(format!(
                    "{path}: kept by the tag filter: Locust {}, routecov {}",
                    tt["enabled"], ot["kept_by_filter"]
                ));
            }
            if let Some(seq) = tt.get("sequence") {
                if *seq != ot["sequence"] {
                    err(format!(
                        "{path}: sequence Locust {seq}, routecov {}",
                        ot["sequence"]
                    ));
                }
            }
            let tr = their_requests(tt);
            let or = our_requests(ot);
            checked.requests += tr.len();
            let same = tr.len() == or.len()
                && tr.iter().zip(&or).all(|(t, o)| {
                    t.0 == o.0
                        && template_regex(&o.1).is_match(&t.1)
                        && template_regex(&o.2).is_match(&t.2)
                        && template_regex(&o.3).is_match(&t.3)
                });
            if !same {
                err(format!(
                    "{path}: requests differ\n  Locust:   {tr:?}\n  routecov: {or:?}"
                ));
            }
        }
    }
    // Users Locust would fail to start: its log warnings against ours.
    let theirs: BTreeSet<String> = truth["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w.as_str())
        .filter_map(|w| {
            w.strip_suffix(" had no tasks left after filtering, instantiating it will fail!")
        })
        .filter(|n| their_users.contains_key(*n))
        .map(str::to_string)
        .collect();
    let mine: BTreeSet<String> = ours["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w["message"].as_str())
        .filter_map(|w| {
            let i = w.find("raises \"No tasks defined on ")?;
            let rest = &w[i + "raises \"No tasks defined on ".len()..];
            rest.split('"').next().map(str::to_string)
        })
        .collect();
    if theirs != mine {
        err(format!(
            "users without tasks: Locust {theirs:?}, routecov {mine:?}"
        ));
    }
}

#[test]
fn locust_model_equals_locusts_own() {
    let cases = cases();
    // Each Locust import takes most of a second: run them side by side.
    let width = std::thread::available_parallelism().map_or(4, |n| n.get().clamp(2, 8));
    let mut truths: Vec<Value> = Vec::new();
    for chunk in cases.chunks(width) {
        let got: Vec<Value> = std::thread::scope(|s| {
            let handles: Vec<_> = chunk.iter().map(|c| s.spawn(|| c.truth())).collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("dumper thread"))
                .collect()
        });
        truths.extend(got);
    }
    let mut errors = Vec::new();
    let mut checked = Checked::default();
    for (case, truth) in cases.iter().zip(&truths) {
        let ours = case.ours();
        compare(case, truth, &ours, &mut errors, &mut checked);
    }
    assert!(
        errors.is_empty(),
        "{} differences over {} cases:\n{}",
        errors.len(),
        cases.len(),
        errors.join("\n")
    );
    // Guard against a comparison that silently compares nothing.
    assert!(
        checked.users >= 200 && checked.tasks >= 1_500 && checked.requests >= 1_500,
        "too little compared: {checked:?}"
    );
}

/// How much was compared.
#[derive(Debug, Default)]
struct Checked {
    users: usize,
    tasks: usize,
    requests: usize,
}

#[test]
fn template_regex_treats_placeholders_as_wildcards() {
    let re = template_regex("/api/project/{project_id}/rekap/?x={n}");
    assert!(re.is_match("/api/project/160/rekap/?x=1"));
    assert!(!re.is_match("/api/project/160/rekap/"));
    assert!(!template_regex("{url}").is_match("/dashboard/"));
}
