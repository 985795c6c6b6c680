//! Coverage: the join of stats rows -> Locust requests -> routes -> endpoints,
//! the coverage level of every endpoint, totals per category, gap lists,
//! unmatched requests and stats rows, and the static findings that come out
//! of the join (requests reaching no route, method mismatches, user classes
//! left without tasks).
//!
//! A stats row is joined through the request(s) of the locustfile that carry
//! its name (`name=`, or the URL when there is none). When no request carries
//! it (the CSV came from an older locustfile), the name itself is matched as a
//! path, `[x]` standing for any value, allowing a missing leading prefix; such
//! a join is marked `approximate`.

use super::categories::{endpoint_categories, Category};
use crate::config::Config;
use crate::join::{split_url, RouteMatcher};
use crate::model::findings::{Finding, FindingKind, Numbers};
use crate::model::report::{
    Basis, CategoryCoverage, EndpointReport, EndpointStats, Gap, GapEndpoint, Report, RunSummary,
    StatsRef, Status, Summary, UnknownMethod, UnknownRoute, Unmatched,
};
use crate::model::stats::{RunStats, StatsRow};
use crate::model::{LocustModel, Request, RouteMap, Source, Task, SCHEMA_VERSION};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the report is built from.
pub struct Inputs<'a> {
    pub map: &'a RouteMap,
    pub model: &'a LocustModel,
    pub run: Option<&'a RunStats>,
    pub config: &'a Config,
    pub categories: &'a [Category],
}

/// Where one request of the locustfile leads.
#[derive(Debug, Clone, PartialEq)]
enum Resolution {
    Endpoint(usize),
    NoRoute,
    External(String),
    /// The route exists but its view does not accept the method.
    MethodMismatch {
        route: usize,
    },
    /// HEAD/OPTIONS to a route with other methods: Django may answer, but
    /// they are not endpoints of their own.
    Derived {
        route: usize,
    },
    /// The method is not known statically.
    UnknownMethod {
        route: usize,
    },
}

/// A request of the locustfile with where it is and whether it runs.
struct Req<'a> {
    req: &'a Request,
    task: String,
    runs: bool,
    /// Why it does not run.
    off: Option<String>,
    resolution: Resolution,
}

/// Rounds a percentage to one decimal.
pub fn pct(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    ((part as f64) * 1000.0 / (whole as f64)).round() / 10.0
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The words of a tag filter: `--tags a b --exclude-tags c`, or `no tag filter`.
pub fn filter_text(model: &LocustModel) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &model.filter.tags {
        parts.push(format!("--tags {}", t.join(" ")));
    }
    if let Some(t) = &model.filter.exclude_tags {
        parts.push(format!("--exclude-tags {}", t.join(" ")));
    }
    for (k, v) in &model.filter.env {
        parts.push(format!("--env {k}={v}"));
    }
    if parts.is_empty() {
        "no tag filter".to_string()
    } else {
        parts.join(" ")
    }
}

/// Every request of the model's concrete user classes (abstract classes'
/// tasks are inherited into their subclasses, so they are not repeated).
fn collect(model: &LocustModel) -> Vec<(&Request, String, bool, Option<String>)> {
    let mut out = Vec::new();
    for u in model.users.iter().filter(|u| !u.is_abstract) {
        let user_off = (!u.spawned).then(|| format!("user class {} is not spawned", u.name));
        if let Some(h) = &u.on_start {
            for r in &h.requests {
                let off = request_off(r).or_else(|| user_off.clone());
                out.push((r, format!("{}.on_start", u.name), off.is_none(), off));
            }
        }
        collect_tasks(&u.tasks, &u.name, user_off.as_deref(), &mut out);
    }
    out
}

fn request_off(r: &Request) -> Option<String> {
    if r.disabled {
        Some("commented out".into())
    } else if let Some(flag) = &r.conditional_on {
        Some(format!("behind {flag}, which is off"))
    } else if !r.active {
        Some("not sent".into())
    } else {
        None
    }
}

fn task_off(t: &Task, user_off: Option<&str>) -> Option<String> {
    if t.enabled {
        return None;
    }
    if !t.kept_by_filter {
        Some("task excluded by the tag filter".into())
    } else if t.weight == 0 {
        Some("task weight 0".into())
    } else if let Some(u) = user_off {
        Some(u.to_string())
    } else {
        Some("task does not run".into())
    }
}

fn collect_tasks<'a>(
    tasks: &'a [Task],
    prefix: &str,
    user_off: Option<&str>,
    out: &mut Vec<(&'a Request, String, bool, Option<String>)>,
) {
    for t in tasks {
        let path = format!("{prefix}.{}", t.name);
        let toff = task_off(t, user_off);
        if let Some(h) = &t.on_start {
            for r in &h.requests {
                let off = request_off(r).or_else(|| toff.clone());
                out.push((r, format!("{path}.on_start"), off.is_none(), off));
            }
        }
        for r in &t.requests {
            let off = request_off(r).or_else(|| toff.clone());
            out.push((r, path.clone(), off.is_none(), off));
        }
        if let Some(sub) = &t.tasks {
            collect_tasks(sub, &path, toff.as_deref().or(user_off), out);
        }
    }
}

/// The label Locust writes into the stats for a request: matches `name`?
fn carries(r: &Request, method: Option<&str>, name: &str) -> bool {
    if let Some(m) = method {
        if !r.method.eq_ignore_ascii_case(m) {
            return false;
        }
    }
    match &r.name {
        Some(n) => n == name,
        None => {
            // Locust names an unnamed request by the path (and query) it sent.
            let (want, _) = split_url(name);
            let (have, _) = split_url(&r.url);
            template_regex(&have).is_some_and(|re| re.is_match(&want))
        }
    }
}

/// `/api/{pid}/x/` -> `^/api/[^/?#]+/x/$`.
fn template_regex(template: &str) -> Option<Regex> {
    let mut re = String::from("^");
    let mut lit = String::new();
    let mut depth = 0usize;
    for c in template.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    re.push_str(&regex::escape(&lit));
                    lit.clear();
                    re.push_str("[^/?#]+");
                }
                depth += 1;
            }
            '}' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            _ => lit.push(c),
        }
    }
    re.push_str(&regex::escape(&lit));
    re.push('$');
    Regex::new(&re).ok()
}

/// `/api/project/[id]/x/` -> `/api/project/{id}/x/` (query dropped).
fn name_as_template(name: &str) -> String {
    let (path, _) = split_url(name);
    path.replace('[', "{").replace(']', "}")
}

/// Literal leading segments of every route (`/detail_project`,
/// `/detail_project/api`, ...): the prefixes a stats name may lack.
fn prefixes(map: &RouteMap) -> Vec<String> {
    let mut set = BTreeSet::new();
    for r in &map.routes {
        let segs: Vec<&str> = r.path.split('/').filter(|s| !s.is_empty()).collect();
        let mut acc = String::new();
        // The last segment is the route's own name, never a prefix.
        for seg in segs.iter().take(segs.len().saturating_sub(1)) {
            if seg.contains(|c: char| "<>()[]?*+\\^$|{}.".contains(c)) {
                break;
            }
            acc.push('/');
            acc.push_str(seg);
            set.insert(acc.clone());
        }
    }
    let mut v: Vec<String> = set.into_iter().collect();
    v.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    v
}

/// Of the stats rows joined to one endpoint, the one whose median and
/// percentiles stand for the endpoint: the most requests, the first in the
/// file on a tie.
pub fn busiest_row<'a>(rows: impl Iterator<Item = &'a StatsRow>) -> Option<&'a StatsRow> {
    rows.max_by(|a, b| a.requests.cmp(&b.requests).then(b.line.cmp(&a.line)))
}

/// Builds the report.
pub fn build(inp: &Inputs) -> Report {
    let map = inp.map;
    let basis = if inp.run.is_some() {
        Basis::Exercised
    } else {
        Basis::Declared
    };
    let matcher = RouteMatcher::for_map(map);

    // Endpoints in resolver order, methods in canonical order.
    let mut endpoints: Vec<EndpointReport> = Vec::new();
    let mut index: HashMap<(usize, String), usize> = HashMap::new();
    for (ri, r) in map.routes.iter().enumerate() {
        for m in &r.methods {
            index.insert((ri, m.clone()), endpoints.len());
            endpoints.push(EndpointReport {
                method: m.clone(),
                path: r.path.clone(),
                route_name: r.name.clone(),
                view: r.view.clone(),
                categories: endpoint_categories(inp.categories, r, m),
                status: Status::Untested,
                tasks: Vec::new(),
                stats: None,
                methods_note: r.methods_note.clone(),
                note: None,
                source: r.source.clone(),
            });
        }
    }
    let resolve_method = |route: usize, method: &str| -> Resolution {
        let r = &map.routes[route];
        let m = method.to_ascii_uppercase();
        if r.methods.iter().any(|x| x == "ANY") {
            return index
                .get(&(route, "ANY".to_string()))
                .map_or(Resolution::NoRoute, |&i| Resolution::Endpoint(i));
        }
        if m.contains('{') {
            return Resolution::UnknownMethod { route };
        }
        if let Some(&i) = index.get(&(route, m.clone())) {
            return Resolution::Endpoint(i);
        }
        if m == "HEAD" || m == "OPTIONS" {
            return Resolution::Derived { route };
        }
        Resolution::MethodMismatch { route }
    };
    let resolve_url = |url: &str, method: &str| -> Resolution {
        match matcher.resolve(url) {
            Some(route) => resolve_method(route, method),
            None => match matcher.resolve_external(url) {
                Some(e) => Resolution::External(map.external_includes[e].module.clone()),
                None => Resolution::NoRoute,
            },
        }
    };

    let reqs: Vec<Req> = collect(inp.model)
        .into_iter()
        .map(|(req, task, runs, off)| Req {
            resolution: resolve_url(&req.url, &req.method),
            req,
            task,
            runs,
            off,
        })
        .collect();

    // Declared / disabled levels and tasks.
    let mut off_reasons: Vec<BTreeSet<String>> = vec![BTreeSet::new(); endpoints.len()];
    for r in &reqs {
        if let Resolution::Endpoint(i) = r.resolution {
            let e = &mut endpoints[i];
            if !e.tasks.contains(&r.task) {
                e.tasks.push(r.task.clone());
            }
            let level = if r.runs {
                Status::Declared
            } else {
                Status::Disabled
            };
            if level < e.status {
                e.status = level;
            }
            if let Some(o) = &r.off {
                off_reasons[i].insert(format!("{} ({}:{})", o, r.req.file, r.req.line));
            }
        }
    }
    for (e, why) in endpoints.iter_mut().zip(&off_reasons) {
        e.tasks.sort();
        if e.status == Status::Disabled {
            e.note = Some(format!(
                "requested only where it does not run: {}",
                why.iter().cloned().collect::<Vec<_>>().join("; ")
            ));
        }
    }

    // The stats join.
    let mut unmatched: Vec<Unmatched> = Vec::new();
    let mut row_labels: HashMap<(Option<String>, String), String> = HashMap::new();
    // Stats rows (indices into `run.stats`) joined to each request (by index
    // into `reqs`). One row can be carried by many copies of a request (an
    // inherited `on_start`), so counts are summed over distinct rows.
    let mut req_rows: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    let mut joined: Vec<Vec<(&StatsRow, bool)>> = vec![Vec::new(); endpoints.len()];
    let stats_file = inp
        .run
        .map(|r| r.files.stats.display().to_string())
        .unwrap_or_default();
    let pre = prefixes(map);
    if let Some(run) = inp.run {
        for (row_index, row) in run.stats.iter().enumerate() {
            let carriers: Vec<usize> = reqs
                .iter()
                .enumerate()
                .filter(|(_, r)| carries(r.req, row.method.as_deref(), &row.name))
                .map(|(i, _)| i)
                .collect();
            let mut targets: BTreeSet<usize> = BTreeSet::new();
            let mut approximate = false;
            let mut reason = String::new();
            if !carriers.is_empty() {
                for &c in &carriers {
                    req_rows.entry(c).or_default().insert(row_index);
                    if let Resolution::Endpoint(i) = reqs[c].resolution {
                        targets.insert(i);
                    }
                }
                if targets.is_empty() {
                    let r = &reqs[carriers[0]];
                    reason = format!(
                        "its request {} {} ({}:{}) {}",
                        r.req.method,
                        r.req.url,
                        r.req.file,
                        r.req.line,
                        why_unmatched(&r.resolution, map)
                    );
                }
            } else {
                approximate = true;
                let method = row.method.clone().unwrap_or_else(|| "GET".into());
                let looks_like_path = row.name.starts_with('/') || row.name.contains("://");
                if !looks_like_path {
                    reason = "no request in the locustfile carries this name, and it is not a path"
                        .into();
                } else {
                    let template = name_as_template(&row.name);
                    let mut found: Vec<Resolution> = Vec::new();
                    let direct = resolve_url(&template, &method);
                    if matches!(direct, Resolution::NoRoute) {
                        let mut seen = BTreeSet::new();
                        for p in &pre {
                            if let Some(route) = matcher.resolve(&format!("{p}{template}")) {
                                if seen.insert(route) {
                                    found.push(resolve_method(route, &method));
                                }
                            }
                        }
                    } else {
                        found.push(direct);
                    }
                    match found.as_slice() {
                        [] => {
                            reason = "no request in the locustfile carries this name, and as a path it matches no route (not even under a route prefix)".into()
                        }
                        [Resolution::Endpoint(i)] => {
                            targets.insert(*i);
                        }
                        [other] => {
                            reason = format!(
                                "no request in the locustfile carries this name; as a path it {}",
                                why_unmatched(other, map)
                            )
                        }
                        many => {
                            let paths: Vec<String> = many
                                .iter()
                                .filter_map(|r| resolution_route(r).map(|i| map.routes[i].path.clone()))
                                .collect();
                            reason = format!(
                                "no request in the locustfile carries this name; as a path it matches several routes under different prefixes: {}",
                                paths.join(", ")
                            )
                        }
                    }
                }
            }
            if targets.is_empty() {
                unmatched.push(Unmatched {
                    kind: "stats_row".into(),
                    method: row.method.clone(),
                    name: row.name.clone(),
                    source: Source {
                        file: stats_file.clone(),
                        line: row.line,
                    },
                    reason,
                    tasks: Vec::new(),
                    requests: Some(row.requests),
                    failures: Some(row.failures),
                });
                continue;
            }
            let labels: Vec<String> = targets.iter().map(|&i| endpoints[i].label()).collect();
            row_labels.insert((row.method.clone(), row.name.clone()), labels.join(", "));
            for i in targets {
                joined[i].push((row, approximate));
            }
        }
    }
    for (i, rows) in joined.iter().enumerate() {
        if rows.is_empty() {
            continue;
        }
        let e = &mut endpoints[i];
        let Some(busiest) = busiest_row(rows.iter().map(|r| r.0)) else {
            continue;
        };
        let requests: u64 = rows.iter().map(|r| r.0.requests).sum();
        let rps: Option<f64> = rows.iter().try_fold(0.0, |acc, r| r.0.rps.map(|x| acc + x));
        let max = rows
            .iter()
            .filter_map(|r| r.0.max_ms)
            .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
        e.stats = Some(EndpointStats {
            name: busiest.name.clone(),
            requests,
            failures: rows.iter().map(|r| r.0.failures).sum(),
            median_ms: busiest.median_ms,
            p95_ms: busiest.percentile(95.0),
            p99_ms: busiest.percentile(99.0),
            max_ms: max,
            rps: rps.map(|x| (x * 1000.0).round() / 1000.0),
            approximate: rows.iter().all(|r| r.1),
            rows: rows
                .iter()
                .map(|(r, a)| StatsRef {
                    method: r.method.clone(),
                    name: r.name.clone(),
                    requests: r.requests,
                    failures: r.failures,
                    line: r.line,
                    approximate: *a,
                })
                .collect(),
        });
        if requests > 0 {
            e.status = Status::Exercised;
        }
    }

    // Requests that reach no endpoint.
    let mut seen_req: BTreeSet<(String, usize, String)> = BTreeSet::new();
    let mut static_findings: Vec<Finding> = Vec::new();
    for r in reqs.iter() {
        if matches!(r.resolution, Resolution::Endpoint(_)) {
            continue;
        }
        let key = (r.req.file.clone(), r.req.line, r.req.method.clone());
        let tasks: Vec<String> = reqs
            .iter()
            .filter(|o| (o.req.file.clone(), o.req.line, o.req.method.clone()) == key)
            .map(|o| o.task.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if !seen_req.insert(key) {
            continue;
        }
        // Stats of every carrier of this request line, each row once.
        let rows: BTreeSet<usize> = reqs
            .iter()
            .enumerate()
            .filter(|(_, o)| o.req.file == r.req.file && o.req.line == r.req.line)
            .filter_map(|(i, _)| req_rows.get(&i))
            .flatten()
            .copied()
            .collect();
        let (sreq, sfail) = inp.run.map_or((0, 0), |run| {
            rows.iter()
                .filter_map(|&i| run.stats.get(i))
                .fold((0u64, 0u64), |a, s| (a.0 + s.requests, a.1 + s.failures))
        });
        let shown = request_text(r.req);
        unmatched.push(Unmatched {
            kind: "request".into(),
            method: Some(r.req.method.clone()),
            name: shown.clone(),
            source: Source {
                file: r.req.file.clone(),
                line: r.req.line,
            },
            reason: why_unmatched(&r.resolution, map),
            tasks: tasks.clone(),
            requests: inp.run.map(|_| sreq),
            failures: inp.run.map(|_| sfail),
        });
        let mut numbers = Numbers {
            line: Some(r.req.line as u64),
            ..Numbers::default()
        };
        let mut tail = String::new();
        if inp.run.is_some() && sreq > 0 {
            numbers.requests = Some(sreq);
            numbers.failures = Some(sfail);
            numbers.failure_pct = Some(round1(sfail as f64 * 100.0 / sreq as f64));
            tail = format!("; the run recorded {sreq} requests, {sfail} failed");
        }
        let off = if r.runs {
            ""
        } else {
            " (not sent in this configuration)"
        };
        match &r.resolution {
            Resolution::NoRoute => static_findings.push(Finding {
                kind: FindingKind::Unmatched,
                message: format!(
                    "{} {} at {}:{}{off} matches no route: a 404 waiting to happen{tail}",
                    r.req.method, shown, r.req.file, r.req.line
                ),
                endpoints: vec![format!("{} {}", r.req.method, shown)],
                numbers,
                per_endpoint: Vec::new(),
                errors: Vec::new(),
            }),
            Resolution::MethodMismatch { route } => {
                let rt = &map.routes[*route];
                static_findings.push(Finding {
                    kind: FindingKind::MethodMismatch,
                    message: format!(
                        "{} {} at {}:{}{off} reaches {} whose view {} accepts only {}: a 405 waiting to happen{tail}",
                        r.req.method,
                        shown,
                        r.req.file,
                        r.req.line,
                        rt.path,
                        rt.view,
                        rt.methods.join(", ")
                    ),
                    endpoints: vec![format!("{} {}", r.req.method, rt.path)],
                    numbers,
                    per_endpoint: Vec::new(),
                    errors: Vec::new(),
                })
            }
            _ => {}
        }
    }

    // Findings of the run, then the static ones, then exceptions explained.
    let mut findings = Vec::new();
    let mut explained_users: BTreeSet<String> = BTreeSet::new();
    let mut exception_findings = Vec::new();
    if let Some(run) = inp.run {
        let no_tasks = Regex::new(r"No tasks defined on (\w+)").ok();
        for ex in &run.exceptions {
            let Some(user) = no_tasks
                .as_ref()
                .and_then(|re| re.captures(&ex.message))
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_string())
            else {
                continue;
            };
            let u = inp.model.users.iter().find(|u| u.name == user);
            let why = match u {
                Some(u) if u.spawned && !u.has_tasks_after_filter => format!(
                    "the tag filter ({}) leaves {user} (weight {}) without tasks, so every {user} Locust spawns raises it",
                    filter_text(inp.model),
                    u.weight.map_or("?".to_string(), |w| w.to_string())
                ),
                Some(u) if u.spawned => format!(
                    "{user} keeps tasks under this report's filter ({}): the run used another tag filter that left it none",
                    filter_text(inp.model)
                ),
                Some(_) => format!("{user} is not spawned under this report's filter; the run spawned it without tasks"),
                None => format!("{user} is not a user class of this locustfile"),
            };
            explained_users.insert(user.clone());
            let mut f = Finding::new(
                FindingKind::Exception,
                format!("\"No tasks defined on {user}\" ({} times): {why}", ex.count),
                Vec::new(),
            );
            f.numbers.count = Some(ex.count);
            f.errors = vec![ex.message.lines().next().unwrap_or("").to_string()];
            exception_findings.push(f);
        }
        let label = |row: &StatsRow| {
            row_labels
                .get(&(row.method.clone(), row.name.clone()))
                .cloned()
                .unwrap_or_else(|| match &row.method {
                    Some(m) => format!("{m} {}", row.name),
                    None => row.name.clone(),
                })
        };
        for f in super::findings::find(run, &inp.config.thresholds, &label) {
            let duplicate = f.kind == FindingKind::Exception
                && explained_users
                    .iter()
                    .any(|u| f.message.contains(&format!("No tasks defined on {u}")));
            if !duplicate {
                findings.push(f);
            }
        }
    }
    findings.extend(static_findings);
    findings.extend(exception_findings);
    for u in &inp.model.users {
        if u.is_abstract
            || !u.spawned
            || u.has_tasks_after_filter
            || explained_users.contains(&u.name)
        {
            continue;
        }
        findings.push(Finding::new(
            FindingKind::NoTasks,
            format!(
                "{} ({}:{}) has no task left under {}: Locust raises \"No tasks defined on {}\" for every one it spawns",
                u.name,
                u.source.file,
                u.source.line,
                filter_text(inp.model),
                u.name
            ),
            Vec::new(),
        ));
    }

    unmatched.sort_by(|a, b| {
        (a.kind.as_str(), &a.source.file, a.source.line, &a.name).cmp(&(
            b.kind.as_str(),
            &b.source.file,
            b.source.line,
            &b.name,
        ))
    });

    // Totals.
    let covered = |e: &EndpointReport| basis.covers(e.status);
    let count = |s: Status| endpoints.iter().filter(|e| e.status == s).count();
    let total_cov = endpoints.iter().filter(|e| covered(e)).count();
    let summary = Summary {
        endpoints: endpoints.len(),
        covered: total_cov,
        not_covered: endpoints.len() - total_cov,
        coverage_pct: pct(total_cov, endpoints.len()),
        exercised: count(Status::Exercised),
        declared: count(Status::Declared),
        disabled: count(Status::Disabled),
        untested: count(Status::Untested),
    };
    let mut categories = Vec::new();
    let mut gaps = Vec::new();
    for c in inp.categories {
        let members: Vec<&EndpointReport> = endpoints
            .iter()
            .filter(|e| e.categories.contains(&c.name))
            .collect();
        if members.is_empty() {
            continue;
        }
        let cov = members.iter().filter(|e| covered(e)).count();
        categories.push(CategoryCoverage {
            name: c.name.clone(),
            label: c.label.clone(),
            endpoints: members.len(),
            covered: cov,
            not_covered: members.len() - cov,
            coverage_pct: pct(cov, members.len()),
        });
        let missing: Vec<GapEndpoint> = members
            .iter()
            .filter(|e| !covered(e))
            .map(|e| GapEndpoint {
                method: e.method.clone(),
                path: e.path.clone(),
                view: e.view.clone(),
                status: e.status,
                source: e.source.clone(),
            })
            .collect();
        if !missing.is_empty() {
            gaps.push(Gap {
                category: c.name.clone(),
                label: c.label.clone(),
                endpoints: missing,
            });
        }
    }
    let any: Vec<&EndpointReport> = endpoints.iter().filter(|e| e.method == "ANY").collect();
    let any_cov = any.iter().filter(|e| covered(e)).count();
    let unknown_method = UnknownMethod {
        endpoints: any.len(),
        covered: any_cov,
        coverage_pct: pct(any_cov, any.len()),
        routes: any
            .iter()
            .map(|e| UnknownRoute {
                path: e.path.clone(),
                view: e.view.clone(),
                reason: e
                    .methods_note
                    .clone()
                    .unwrap_or_else(|| "methods not inferable from the view".into()),
                source: e.source.clone(),
            })
            .collect(),
    };
    let run = inp.run.and_then(|r| {
        let a = r.aggregated.as_ref()?;
        Some(RunSummary {
            stats_file: stats_file.clone(),
            requests: a.requests,
            failures: a.failures,
            failure_pct: if a.requests == 0 {
                0.0
            } else {
                ((a.failures as f64) * 10000.0 / a.requests as f64).round() / 100.0
            },
            rps: a.rps,
            median_ms: a.median_ms,
            p95_ms: a.percentile(95.0),
            p99_ms: a.percentile(99.0),
            max_ms: a.max_ms,
        })
    });
    let mut warnings = map.warnings.clone();
    warnings.extend(inp.model.warnings.iter().cloned());
    if let Some(r) = inp.run {
        warnings.extend(r.warnings.iter().cloned());
    }
    Report {
        schema_version: SCHEMA_VERSION,
        coverage_basis: basis,
        project: map.discovery.project.clone(),
        locustfile: inp.model.locustfile.clone(),
        filter: inp.model.filter.clone(),
        filter_text: filter_text(inp.model),
        summary,
        categories,
        unknown_method,
        endpoints,
        gaps,
        unmatched,
        findings,
        run,
        warnings,
    }
}

/// The CI gate: the one-line reason of the first failed floor, if any.
/// `fail_under` is the overall floor; `floors` are per category (by name).
/// A category without endpoints has no coverage to judge.
pub fn gate(
    report: &Report,
    fail_under: Option<f64>,
    floors: &BTreeMap<String, f64>,
) -> Option<String> {
    let basis = report.coverage_basis.name();
    if let Some(min) = fail_under {
        if report.summary.coverage_pct + 1e-9 < min {
            return Some(format!(
                "coverage is {:.1}% ({} of {} endpoints {basis}), under --fail-under {}%",
                report.summary.coverage_pct,
                report.summary.covered,
                report.summary.endpoints,
                fmt_num(min)
            ));
        }
    }
    for (name, min) in floors {
        let Some(c) = report.categories.iter().find(|c| &c.name == name) else {
            continue;
        };
        if c.coverage_pct + 1e-9 < *min {
            return Some(format!(
                "coverage of {name} is {:.1}% ({} of {} endpoints {basis}), under its floor of {}%",
                c.coverage_pct,
                c.covered,
                c.endpoints,
                fmt_num(*min)
            ));
        }
    }
    None
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// The history line of a report: totals, coverage per category and the
/// run's figures, with the git commit and branch when known.
pub fn history_entry(
    report: &Report,
    time: String,
    commit: Option<String>,
    branch: Option<String>,
) -> crate::model::history::Entry {
    use crate::model::history::{CategoryPoint, Entry, RunPoint, HISTORY_SCHEMA_VERSION};
    Entry {
        schema_version: HISTORY_SCHEMA_VERSION,
        time,
        commit,
        branch,
        coverage_basis: report.coverage_basis.name().to_string(),
        endpoints: report.summary.endpoints,
        covered: report.summary.covered,
        coverage_pct: report.summary.coverage_pct,
        categories: report
            .categories
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    CategoryPoint {
                        endpoints: c.endpoints,
                        covered: c.covered,
                        coverage_pct: c.coverage_pct,
                    },
                )
            })
            .collect(),
        run: report.run.as_ref().map(|r| RunPoint {
            requests: r.requests,
            failures: r.failures,
            failure_pct: r.failure_pct,
            rps: r.rps.unwrap_or(0.0),
            p95_ms: r.p95_ms,
        }),
    }
}

fn resolution_route(r: &Resolution) -> Option<usize> {
    match r {
        Resolution::MethodMismatch { route }
        | Resolution::Derived { route }
        | Resolution::UnknownMethod { route } => Some(*route),
        _ => None,
    }
}

fn why_unmatched(r: &Resolution, map: &RouteMap) -> String {
    match r {
        Resolution::Endpoint(_) => "reaches an endpoint".into(),
        Resolution::NoRoute => "matches no route (a 404)".into(),
        Resolution::External(m) => {
            format!("is under the external include {m}, whose routes are not counted")
        }
        Resolution::MethodMismatch { route } => {
            let rt = &map.routes[*route];
            format!(
                "reaches {} whose view {} does not accept the method (accepts {}; a 405)",
                rt.path,
                rt.view,
                rt.methods.join(", ")
            )
        }
        Resolution::Derived { route } => format!(
            "reaches {}; HEAD and OPTIONS are answered by Django for other methods and are not endpoints of their own",
            map.routes[*route].path
        ),
        Resolution::UnknownMethod { route } => format!(
            "reaches {} with a method not known statically",
            map.routes[*route].path
        ),
    }
}

/// URL template with its query string, as shown.
fn request_text(r: &Request) -> String {
    match &r.query {
        Some(q) => format!("{}?{q}", r.url),
        None => r.url.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_concrete_names() {
        let re = template_regex("/api/project/{pid}/rekap/").unwrap();
        assert!(re.is_match("/api/project/160/rekap/"));
        assert!(!re.is_match("/api/project/160/x/rekap/"));
        assert_eq!(name_as_template("/a/[id]/b/?page=[n]"), "/a/{id}/b/");
    }

    #[test]
    fn percentages_round_to_one_decimal() {
        assert_eq!(pct(3, 7), 42.9);
        assert_eq!(pct(0, 0), 0.0);
        assert_eq!(pct(2, 2), 100.0);
    }
}
