//! The report's findings in order: those of the run (under the endpoint
//! labels of the join), the static ones, `No tasks defined` exceptions
//! explained by the tag filter, then user classes left without tasks.

use super::filter::filter_text;
use crate::analysis::findings;
use crate::config::Config;
use crate::config::StaticRegex;
use crate::diagnostics::Warning;
use crate::model::findings::{Finding, FindingKind};
use crate::model::stats::{RunStats, StatsRow};
use crate::model::LocustModel;
use std::collections::{BTreeSet, HashMap};

/// Endpoint labels (`GET /a/, POST /a/`) of joined stats rows, by method and name.
pub type RowLabels = HashMap<(Option<String>, String), String>;

pub fn all_findings(
    run: Option<&RunStats>,
    model: &LocustModel,
    config: &Config,
    row_labels: &RowLabels,
    static_findings: Vec<Finding>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut explained_users: BTreeSet<String> = BTreeSet::new();
    let mut exception_findings = Vec::new();
    if let Some(run) = run {
        exception_findings = no_tasks_explained(run, model, &mut explained_users);
        let label = |row: &StatsRow| {
            row_labels
                .get(&(row.method.clone(), row.name.clone()))
                .cloned()
                .unwrap_or_else(|| match &row.method {
                    Some(m) => format!("{m} {}", row.name),
                    None => row.name.clone(),
                })
        };
        for f in findings::find(run, &config.thresholds, &label) {
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
    findings.extend(users_without_tasks(model, run, &explained_users));
    findings
}

/// Whether the run raised `No tasks defined on {user}`: `None` when it
/// cannot say (no run, or no exceptions file beside its stats).
fn raised_no_tasks(run: Option<&RunStats>, user: &str) -> Option<bool> {
    let run = run?;
    run.files.exceptions.as_ref()?;
    let needle = format!("No tasks defined on {user}");
    Some(run.exceptions.iter().any(|e| e.message.contains(&needle)))
}

static RAISES_NO_TASKS: StaticRegex = StaticRegex::new(r#"raises "No tasks defined on (\w+)""#);

static NO_TASKS: StaticRegex = StaticRegex::new(r"No tasks defined on (\w+)");

/// Compiles the regexes run findings read warnings and exceptions with.
pub fn compile_regexes() {
    RAISES_NO_TASKS.get();
    NO_TASKS.get();
}

/// The extraction's "X has no tasks left ... raises No tasks defined on X"
/// warning, with what the run's exceptions file says of it.
pub fn checked_against_run(w: &Warning, run: Option<&RunStats>) -> Warning {
    let user = RAISES_NO_TASKS
        .get()
        .and_then(|re| re.captures(&w.message))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string());
    let mut w = w.clone();
    if let Some(user) = user {
        if raised_no_tasks(run, &user) == Some(false) {
            w.message.push_str(&format!(
                "; but the run's exceptions file has no \"No tasks defined on {user}\": this did not happen in that run"
            ));
        }
    }
    w
}

/// `No tasks defined on X` exceptions of the run, explained by the tag
/// filter; the users explained are added to `explained`.
fn no_tasks_explained(
    run: &RunStats,
    model: &LocustModel,
    explained: &mut BTreeSet<String>,
) -> Vec<Finding> {
    let no_tasks = NO_TASKS.get();
    let mut out = Vec::new();
    for ex in &run.exceptions {
        let Some(user) = no_tasks
            .and_then(|re| re.captures(&ex.message))
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_string())
        else {
            continue;
        };
        let u = model.users.iter().find(|u| u.name == user);
        let why = match u {
            Some(u) if u.spawned && !u.has_tasks_after_filter => format!(
                "the tag filter ({}) leaves {user} (weight {}) without tasks, so every {user} Locust spawns raises it",
                filter_text(model),
                u.weight.map_or("?".to_string(), |w| w.to_string())
            ),
            Some(u) if u.spawned => format!(
                "{user} keeps tasks under this report's filter ({}): the run used another tag filter that left it none",
                filter_text(model)
            ),
            Some(_) => format!("{user} is not spawned under this report's filter; the run spawned it without tasks"),
            None => format!("{user} is not a user class of this locustfile"),
        };
        explained.insert(user.clone());
        let mut f = Finding::new(
            FindingKind::Exception,
            format!("\"No tasks defined on {user}\" ({} times): {why}", ex.count),
            Vec::new(),
        );
        f.numbers.count = Some(ex.count);
        f.errors = vec![ex.message.lines().next().unwrap_or("").to_string()];
        out.push(f);
    }
    out
}

/// Spawned concrete user classes the tag filter leaves without tasks (unless
/// an exception of the run explained them already). With a run whose
/// exceptions file lacks the exception, the prediction did not come true:
/// the finding says so instead of asserting it.
fn users_without_tasks(
    model: &LocustModel,
    run: Option<&RunStats>,
    explained: &BTreeSet<String>,
) -> Vec<Finding> {
    model
        .users
        .iter()
        .filter(|u| {
            !(u.is_abstract || !u.spawned || u.has_tasks_after_filter || explained.contains(&u.name))
        })
        .map(|u| {
            let head = format!(
                "{} ({}:{}) has no task left under {}",
                u.name,
                u.source.file,
                u.source.line,
                filter_text(model)
            );
            let raised = raised_no_tasks(run, &u.name);
            let message = if raised == Some(false) {
                format!(
                    "{head}, so Locust would raise \"No tasks defined on {0}\" for every {0} it spawned, but the run's exceptions file has no such exception: the prediction did not happen (the run's command line left {0} tasks, or a weight of 0)",
                    u.name
                )
            } else {
                format!(
                    "{head}: Locust raises \"No tasks defined on {0}\" for every one it spawns",
                    u.name
                )
            };
            let mut f = Finding::new(FindingKind::NoTasks, message, Vec::new());
            if raised == Some(false) {
                f.numbers.count = Some(0);
            }
            f
        })
        .collect()
}
