//! Why an endpoint's share is off, as far as routecov can see: its requests
//! fail, its tasks raise (the exceptions file names them), its user's
//! `on_start` fails (a login), the tag filter or a zero weight removed some
//! of its tasks, its request sits behind a condition, or wait times differ
//! between the user classes that share the run.

use crate::join::{JoinedRequest, Resolution, StatsJoin};
use crate::model::report::{MixEndpoint, Report};
use crate::model::stats::RunStats;
use crate::model::{TagFilter, UserClass};
use std::collections::{BTreeMap, BTreeSet};

/// What the reasons are read from: the report, its join and run, the tag
/// filter it was given, the endpoints below their share, and the users of
/// each class in the run (empty without a user count).
pub(super) struct Evidence<'a> {
    pub(super) report: &'a Report,
    pub(super) join: &'a StatsJoin<'a>,
    pub(super) run: &'a RunStats,
    pub(super) filter: &'a TagFilter,
    pub(super) starved: &'a [&'a MixEndpoint],
    pub(super) users: &'a BTreeMap<String, f64>,
}

/// The reasons for `row` (endpoint `index`), most telling first; one
/// sentence saying none is visible when there is none.
pub(super) fn reasons(index: usize, row: &MixEndpoint, ev: &Evidence) -> Vec<String> {
    let Evidence {
        report,
        join,
        run,
        filter,
        starved,
        users,
    } = *ev;
    let reaching: Vec<&JoinedRequest> = join
        .requests
        .iter()
        .filter(|j| j.resolution == Resolution::Endpoint(index))
        .collect();
    let low = row.ratio.is_some_and(|r| r < 1.0);
    let gap = Gap {
        lost: 1.0 - row.ratio.unwrap_or(1.0).min(1.0),
        users,
    };
    let mut out = Vec::new();
    if low {
        out.extend(own_failures(index, report));
        out.extend(raised(&reaching, run));
        out.extend(on_start_failures(&reaching, run, join, gap));
        out.extend(tagged(&reaching, filter));
    } else {
        out.extend(gained(row, starved));
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

/// The share of an endpoint's expected requests that did not come, and the
/// users of each class in the run.
#[derive(Clone, Copy)]
struct Gap<'a> {
    lost: f64,
    users: &'a BTreeMap<String, f64>,
}

impl Gap<'_> {
    /// Whether `failures` failed logins of `user`'s class could starve
    /// that much: each stops at most one user, so they can take at most
    /// `failures / users` of the class's requests (with room for chance).
    /// Without a user count (no history) any failure may.
    fn explained_by(&self, user: &str, failures: u64) -> bool {
        match self.users.get(user) {
            Some(n) if *n > 0.0 => (failures as f64 / n).min(1.0) + 0.2 >= self.lost,
            _ => true,
        }
    }
}

/// Failing stats rows carried by an `on_start` request of the user classes
/// sending the endpoint's requests (a login, wherever its route is).
fn on_start_failures(
    reaching: &[&JoinedRequest],
    run: &RunStats,
    join: &StatsJoin,
    gap: Gap,
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
            if users.contains(w.user.name.as_str())
                && w.task == format!("{}.on_start", w.user.name)
                && gap.explained_by(&w.user.name, row.failures)
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

/// An endpoint above its share while others are below theirs: shares add
/// up to the run, so the requests the others did not send went to the rest.
fn gained(row: &MixEndpoint, starved: &[&MixEndpoint]) -> Option<String> {
    let lost: Vec<String> = starved
        .iter()
        .filter(|s| s.endpoint != row.endpoint)
        .map(|s| {
            format!(
                "{} sent {} of {:.0} expected",
                s.endpoint, s.actual_requests, s.expected_requests
            )
        })
        .collect();
    (!lost.is_empty()).then(|| {
        format!(
            "endpoints below their share leave it to the others ({})",
            lost.join("; ")
        )
    })
}

/// Tagged tasks among those sending the endpoint's requests, when the
/// report was given no tag filter: a run made with `--exclude-tags` (or
/// `--tags` naming others) skipped them, and the report cannot know.
fn tagged(reaching: &[&JoinedRequest], filter: &TagFilter) -> Option<String> {
    if filter.tags.is_some() || filter.exclude_tags.is_some() {
        return None;
    }
    let mut tasks = BTreeSet::new();
    let mut tags = BTreeSet::new();
    let mut untagged = false;
    for j in reaching.iter().filter(|j| j.walked.runs) {
        let t = j.walked.tags();
        if t.is_empty() {
            untagged = true;
        } else {
            tasks.insert(j.walked.task.clone());
            tags.extend(t);
        }
    }
    let one = tasks.len() == 1;
    (!tasks.is_empty()).then(|| {
        let tags: Vec<&str> = tags.into_iter().collect();
        format!(
            "{} {} tagged {}{}: a run made with --exclude-tags {} (or --tags naming others) skips {}; give the report the run's tag filter (--tags / --exclude-tags) to expect that",
            tasks.into_iter().collect::<Vec<_>>().join(", "),
            if one { "is" } else { "are" },
            tags.join(", "),
            if untagged { " (the other tasks sending it are not)" } else { "" },
            tags.join(" "),
            if one { "it" } else { "them" },
        )
    })
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
