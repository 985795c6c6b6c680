//! Why an endpoint's share is off, as far as routecov can see: its requests
//! fail, its tasks raise (the exceptions file names them), its user's
//! `on_start` fails (a login), the tag filter or a zero weight removed some
//! of its tasks, its request sits behind a condition, or wait times differ
//! between the user classes that share the run.

use crate::join::{JoinedRequest, Resolution, StatsJoin};
use crate::model::report::{MixEndpoint, Report};
use crate::model::stats::RunStats;
use crate::model::UserClass;
use std::collections::BTreeSet;

/// The reasons for `row` (endpoint `index`), most telling first; one
/// sentence saying none is visible when there is none.
pub(super) fn reasons(
    index: usize,
    row: &MixEndpoint,
    report: &Report,
    join: &StatsJoin,
    run: &RunStats,
) -> Vec<String> {
    let reaching: Vec<&JoinedRequest> = join
        .requests
        .iter()
        .filter(|j| j.resolution == Resolution::Endpoint(index))
        .collect();
    let low = row.ratio.is_some_and(|r| r < 1.0);
    let mut out = Vec::new();
    if low {
        out.extend(own_failures(index, report));
        out.extend(raised(&reaching, run));
        out.extend(on_start_failures(&reaching, run, join));
    }
    out.extend(removed(&reaching, row.ratio.is_none()));
    out.extend(conditions(&reaching));
    out.extend(wait_times(&reaching, join));
    if out.is_empty() {
        out.push(
            "no cause routecov can see (chance in a short run, or its tasks take longer than others)"
                .into(),
        );
    }
    out
}

fn own_failures(index: usize, report: &Report) -> Option<String> {
    let s = report.endpoints.get(index)?.stats.as_ref()?;
    (s.failures > 0).then(|| {
        format!(
            "{} of its {} requests failed (a task that checks its response may stop before its next request)",
            s.failures, s.requests
        )
    })
}

/// Task functions of the requests (`User.Set.task` -> `task`).
fn task_functions(reaching: &[&JoinedRequest]) -> BTreeSet<String> {
    reaching
        .iter()
        .filter(|j| j.walked.runs)
        .filter_map(|j| j.walked.task.rsplit('.').next().map(str::to_string))
        .collect()
}

/// Exceptions whose traceback runs through one of the tasks: the task raised
/// before (or instead of) its request.
fn raised(reaching: &[&JoinedRequest], run: &RunStats) -> Option<String> {
    let tasks = task_functions(reaching);
    let mut hits = Vec::new();
    for x in &run.exceptions {
        if let Some(t) = tasks.iter().find(|t| {
            x.traceback.contains(&format!(", in {t}\n"))
                || x.traceback.ends_with(&format!(", in {t}"))
        }) {
            hits.push(format!("{} ({}x in {t})", x.message.trim(), x.count));
        }
    }
    (!hits.is_empty()).then(|| format!("its task raises: {}", hits.join(", ")))
}

/// Failing stats rows carried by an `on_start` request of the user classes
/// sending the endpoint's requests (a login, wherever its route is).
fn on_start_failures(
    reaching: &[&JoinedRequest],
    run: &RunStats,
    join: &StatsJoin,
) -> Option<String> {
    let users: BTreeSet<&str> = reaching
        .iter()
        .filter(|j| j.walked.runs && !j.walked.task.ends_with(".on_start"))
        .map(|j| j.walked.user.name.as_str())
        .collect();
    let mut hits = BTreeSet::new();
    for row in run.stats.iter().filter(|r| r.failures > 0) {
        for c in join.row(row).carriers {
            let w = &join.requests[c].walked;
            if users.contains(w.user.name.as_str()) && w.task == format!("{}.on_start", w.user.name)
            {
                hits.insert(format!(
                    "{}'s on_start request {} {} failed {} of {} times (its users go on without a session)",
                    w.user.name,
                    row.method.as_deref().unwrap_or_default(),
                    row.name,
                    row.failures,
                    row.requests
                ));
            }
        }
    }
    (!hits.is_empty()).then(|| hits.into_iter().collect::<Vec<_>>().join("; "))
}

/// Requests of the endpoint that do not run under this filter and
/// environment.
fn removed(reaching: &[&JoinedRequest], none_expected: bool) -> Option<String> {
    let off: BTreeSet<String> = reaching
        .iter()
        .filter_map(|j| {
            j.walked
                .off
                .as_ref()
                .map(|o| format!("{} ({o})", j.walked.task))
        })
        .collect();
    if off.is_empty() {
        return none_expected.then(|| {
            "no task of the locustfile sends it under this filter and environment: the run was made with other --tags, environment or locustfile".into()
        });
    }
    Some(format!(
        "the tag filter, a zero weight or a flag removed {}",
        off.into_iter().collect::<Vec<_>>().join(", ")
    ))
}

fn conditions(reaching: &[&JoinedRequest]) -> Option<String> {
    let conds: BTreeSet<String> = reaching
        .iter()
        .filter(|j| j.walked.runs)
        .filter_map(|j| j.walked.request.condition.clone())
        .collect();
    (!conds.is_empty()).then(|| {
        format!(
            "its request is sent only when {} (taken as always)",
            conds.into_iter().collect::<Vec<_>>().join(", ")
        )
    })
}

/// Spawned user classes with different wait times, when a class sending
/// the endpoint's requests waits otherwise than another: their users pick
/// tasks at different rates, which the expected mix does not weigh.
fn wait_times(reaching: &[&JoinedRequest], join: &StatsJoin) -> Option<String> {
    let mut seen: Vec<&UserClass> = Vec::new();
    for j in &join.requests {
        let u = j.walked.user;
        if u.spawned && !seen.iter().any(|s| s.name == u.name) {
            seen.push(u);
        }
    }
    let text = |u: &UserClass| {
        u.wait_time
            .as_ref()
            .map_or_else(|| "no wait_time".to_string(), |w| w.text.clone())
    };
    let own: BTreeSet<String> = reaching
        .iter()
        .filter(|j| j.walked.runs)
        .map(|j| text(j.walked.user))
        .collect();
    let differs = seen.iter().any(|u| !own.contains(&text(u)));
    (differs && !own.is_empty()).then(|| {
        let each: Vec<String> = seen
            .iter()
            .map(|u| format!("{} {}", u.name, text(u)))
            .collect();
        format!(
            "wait times differ between user classes ({}), so their tasks run at different rates",
            each.join(", ")
        )
    })
}
