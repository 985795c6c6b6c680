//! Exceptions raised by user code, explained (`No tasks defined` after a tag
//! filter, else the user's frame of the traceback).

use super::errors::truncate;
use super::format::plural;
use super::ranking::{finding, Ranked};
use crate::config::StaticRegex;
use crate::model::findings::FindingKind;
use crate::model::stats::ExceptionRow;

static NO_TASKS: StaticRegex = StaticRegex::new(r"No tasks defined(?: on ([A-Za-z_]\w*))?");

static FRAME: StaticRegex = StaticRegex::new(r#"File "([^"]+)", line (\d+), in (\S+)"#);

/// Compiles this file's regexes (see [`super::compile_regexes`]).
pub(super) fn compile_regexes() {
    NO_TASKS.get();
    FRAME.get();
}

pub(super) fn exceptions(list: &[ExceptionRow]) -> Vec<Ranked> {
    let no_tasks = NO_TASKS.get();
    list.iter()
        .map(|e| {
            let cleaned = clean_exception(&e.message);
            let times = format!("{} time{}", e.count, plural(e.count));
            let message = match no_tasks.and_then(|re| re.captures(&cleaned)) {
                Some(c) => match c.get(1).map(|m| m.as_str()) {
                    Some(class) => format!(
                        "`No tasks defined on {class}` was raised {times}: user class {class} has no tasks: with the tag filter used (--tags/--exclude-tags), all its tasks were filtered out; Locust raises this for every {class} user it spawns, which also lowers the load"
                    ),
                    None => format!(
                        "`No tasks defined` was raised {times}: a user class has no tasks: with the tag filter used (--tags/--exclude-tags), all its tasks were filtered out; Locust raises this for every such user it spawns, which also lowers the load"
                    ),
                },
                None => {
                    let place = user_frame(&e.traceback)
                        .map(|p| format!(" (in {p})"))
                        .unwrap_or_default();
                    format!("User code raised `{cleaned}` {times}{place}")
                }
            };
            let mut f = finding(FindingKind::Exception, message, Vec::new());
            f.numbers.count = Some(e.count);
            Ranked {
                severity: e.count as f64,
                label: cleaned,
                tiebreak: e.line.to_string(),
                finding: f,
            }
        })
        .collect()
}

/// The message on one line; for `No tasks defined on X. Use the @task...`
/// only its first sentence; at most 200 characters.
pub(super) fn clean_exception(message: &str) -> String {
    let one_line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let one_line = one_line.trim_end_matches('.').to_string();
    if one_line.starts_with("No tasks defined") {
        if let Some(i) = one_line.find(". ") {
            return one_line[..i].to_string();
        }
    }
    truncate(&one_line, 200)
}

/// `func, file:line` of the innermost traceback frame outside Locust and
/// site-packages (else the innermost frame).
pub(super) fn user_frame(traceback: &str) -> Option<String> {
    let re = FRAME.get()?;
    let frames: Vec<(String, String, String)> = re
        .captures_iter(traceback)
        .filter_map(|c| {
            Some((
                c.get(1)?.as_str().to_string(),
                c.get(2)?.as_str().to_string(),
                c.get(3)?.as_str().to_string(),
            ))
        })
        .collect();
    let pick = frames
        .iter()
        .rev()
        .find(|(file, _, _)| !file.contains("site-packages") && !file.contains("/locust/"))
        .or_else(|| frames.last())?;
    let (file, line, func) = pick;
    let file = match file.split_once("site-packages/") {
        Some((_, rest)) => rest,
        None => file.as_str(),
    };
    Some(format!("{func}, {file}:{line}"))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn exceptions_are_explained() {
        let mut r = run(Vec::new(), Vec::new());
        r.exceptions = vec![
            ExceptionRow {
                count: 6,
                message: "No tasks defined on HeavyExportUser. Use the @task decorator or set the 'tasks' attribute of the User".into(),
                traceback: String::new(),
                nodes: vec!["local".into()],
                line: 2,
            },
            ExceptionRow {
                count: 9,
                message: "KeyError: 'job_id'\n".into(),
                traceback: "  File \"/venv/lib/python3.11/site-packages/locust/user/task.py\", line 358, in run\n    x\n  File \"/src/locustfile.py\", line 42, in export\n    y\n".into(),
                nodes: Vec::new(),
                line: 3,
            },
        ];
        let fs = find(&r, &Thresholds::default(), &label);
        assert_eq!(fs.len(), 2, "{fs:#?}");
        assert_eq!(fs[0].numbers.count, Some(9));
        assert_eq!(
            fs[0].message,
            "User code raised `KeyError: 'job_id'` 9 times (in export, /src/locustfile.py:42)"
        );
        assert_eq!(
            fs[1].message,
            "`No tasks defined on HeavyExportUser` was raised 6 times: user class HeavyExportUser has no tasks: with the tag filter used (--tags/--exclude-tags), all its tasks were filtered out; Locust raises this for every HeavyExportUser user it spawns, which also lowers the load"
        );
        assert!(fs[1].endpoints.is_empty());
    }
}
