//! Intended versus actual mix: each endpoint's expected share of the run's
//! requests, from the locustfile's weights alone ([`expected`]), against its
//! share in the run's stats (the endpoint figures the report already joined),
//! and a `mix` finding for each endpoint off by the configured factor, with
//! the reasons routecov can see ([`reasons`]).
//!
//! `on_start` requests are counted once per user: with the run's peak user
//! count (its stats history), the users of each class times their `on_start`
//! requests; the rest of the run's requests are task requests, shared out by
//! the classes' users times their requests per task pick. Without a history
//! file the user count is unknown and endpoints reached only by `on_start`
//! are not judged.

mod expected;
mod reasons;

use crate::config::MixSettings;
use crate::join::{Resolution, StatsJoin};
use crate::model::findings::{Finding, FindingKind};
use crate::model::report::{Mix, MixEndpoint, Report};
use crate::model::stats::RunStats;
use crate::model::LocustModel;
use expected::{key, Rates};
use std::collections::BTreeMap;

pub use expected::{request_rates, user_counts};

/// Expected requests of each endpoint (by index) in a run of `total`
/// requests with `users` users, and which are reached only by `on_start`.
fn expected_counts(
    model: &LocustModel,
    join: &StatsJoin,
    total: f64,
    users: Option<u64>,
    endpoints: usize,
) -> (Vec<f64>, Vec<bool>) {
    let counts = user_counts(&model.users, users);
    let mut tasks = Rates::new();
    let mut on_start = Rates::new();
    for (u, n) in model.users.iter().zip(&counts) {
        if *n <= 0.0 {
            continue;
        }
        for (k, v) in expected::user_rates(u) {
            *tasks.entry(k).or_default() += n * v;
        }
        if users.is_some() {
            for (k, v) in expected::on_start_requests(u) {
                *on_start.entry(k).or_default() += n * v;
            }
        }
    }
    let on_start_total: f64 = on_start.values().sum();
    let task_total: f64 = tasks.values().sum();
    let task_requests = (total - on_start_total).max(0.0);
    let scale = if task_total > 0.0 {
        task_requests / task_total
    } else {
        0.0
    };
    let mut out = vec![0.0; endpoints];
    let mut by_task = vec![false; endpoints];
    let mut by_hook = vec![false; endpoints];
    for j in &join.requests {
        let Resolution::Endpoint(i) = j.resolution else {
            continue;
        };
        let Some(slot) = out.get_mut(i) else {
            continue;
        };
        let k = key(j.walked.request);
        *slot += tasks.get(&k).copied().unwrap_or(0.0) * scale;
        *slot += on_start.get(&k).copied().unwrap_or(0.0);
        if j.walked.task.ends_with(".on_start") {
            by_hook[i] = true;
        } else {
            by_task[i] = true;
        }
    }
    let per_user = by_hook
        .iter()
        .zip(&by_task)
        .map(|(h, t)| *h && !*t)
        .collect();
    (out, per_user)
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// The mix section and its findings, added to a report with a run.
pub fn apply(
    report: &mut Report,
    model: &LocustModel,
    join: &StatsJoin,
    run: &RunStats,
    settings: &MixSettings,
) {
    let total = run
        .aggregated
        .as_ref()
        .map(|a| a.requests)
        .unwrap_or_else(|| run.stats.iter().map(|r| r.requests).sum());
    if total == 0 || !model.users.iter().any(|u| u.spawned) {
        return;
    }
    let users = run.aggregated_history().filter_map(|h| h.user_count).max();
    let (expected, per_user) =
        expected_counts(model, join, total as f64, users, report.endpoints.len());
    let (factor, min) = (settings.factor(), settings.min_requests());
    let mut rows = Vec::new();
    let mut off_rows = Vec::new();
    for (i, e) in report.endpoints.iter().enumerate() {
        let actual = e.stats.as_ref().map_or(0, |s| s.requests);
        let exp = expected[i];
        if exp <= 0.0 && actual == 0 {
            continue;
        }
        let unknown_users = per_user[i] && users.is_none();
        let ratio = (exp > 0.0).then(|| actual as f64 / exp);
        let judged = !unknown_users && exp.max(actual as f64) >= min as f64;
        let off = judged && ratio.is_none_or(|r| r > factor || r < 1.0 / factor);
        let row = MixEndpoint {
            endpoint: e.label(),
            expected_pct: round(exp * 100.0 / total as f64, 2),
            actual_pct: round(actual as f64 * 100.0 / total as f64, 2),
            ratio: ratio.map(|r| round(r, 2)),
            expected_requests: round(exp, 1),
            actual_requests: actual,
            off,
            per_user: per_user[i],
        };
        if off {
            off_rows.push((i, rows.len()));
        }
        rows.push(row);
    }
    let per_class: BTreeMap<String, f64> = match users {
        Some(_) => model
            .users
            .iter()
            .zip(user_counts(&model.users, users))
            .map(|(u, n)| (u.name.clone(), n))
            .collect(),
        None => BTreeMap::new(),
    };
    // Shares add up to the whole run: what starved endpoints lost, the
    // others gained.
    let starved: Vec<&MixEndpoint> = off_rows
        .iter()
        .map(|&(_, r)| &rows[r])
        .filter(|r| r.ratio.is_some_and(|x| x < 1.0))
        .collect();
    let evidence = reasons::Evidence {
        report,
        join,
        run,
        filter: &model.filter,
        starved: &starved,
        users: &per_class,
    };
    let findings: Vec<Finding> = off_rows
        .iter()
        .map(|&(i, r)| finding(&rows[r], &reasons::reasons(i, &rows[r], &evidence)))
        .collect();
    rows.sort_by(|a, b| {
        b.expected_pct
            .total_cmp(&a.expected_pct)
            .then(b.actual_pct.total_cmp(&a.actual_pct))
            .then(a.endpoint.cmp(&b.endpoint))
    });
    report.findings.extend(findings);
    report.mix = Some(Mix {
        factor,
        min_requests: min,
        users,
        assumptions: assumptions(users),
        endpoints: rows,
    });
}

fn assumptions(users: Option<u64>) -> Vec<String> {
    let mut out = vec![
        "every task pick takes one wait of its user, whatever its user class and response times"
            .to_string(),
        "a request behind a condition routecov cannot decide is sent".to_string(),
        "users split by weight in proportion (fixed_count users first), not by Locust's rounding"
            .to_string(),
    ];
    out.push(match users {
        Some(n) => format!(
            "on_start runs once per user: {n} users (the stats history's peak), the rest of the run's requests come from tasks"
        ),
        None => "no stats history: the user count is unknown, on_start requests are not counted and endpoints reached only by on_start are not judged".to_string(),
    });
    out
}

fn finding(row: &MixEndpoint, why: &[String]) -> Finding {
    let direction = match row.ratio {
        None => "none was expected".to_string(),
        Some(r) if r <= 0.0 => "none of them arrived".to_string(),
        Some(r) if r < 1.0 => format!("{}x less than expected", round(1.0 / r, 1)),
        Some(r) => format!("{}x more than expected", round(r, 1)),
    };
    let message = format!(
        "{} has {}% of the run's requests ({}), the locustfile's weights give it {}% ({} expected): {direction}; {}",
        row.endpoint,
        row.actual_pct,
        row.actual_requests,
        row.expected_pct,
        row.expected_requests,
        why.join("; ")
    );
    let mut f = Finding::new(FindingKind::Mix, message, vec![row.endpoint.clone()]);
    f.numbers.requests = Some(row.actual_requests);
    f.numbers.ratio = row.ratio;
    f.numbers.expected_requests = Some(row.expected_requests);
    f
}
