//! Multi-step export flows recognised by their shape: routes under one path
//! prefix whose steps start a job (`init`, `start`, `create`), add parts to
//! it (`upload`, `add`, `append`, `pages`, `chunk`), finalise it
//! (`finalize`, `finish`, `complete`, `commit`) and poll or fetch it by a job
//! id (`status`, `progress`, `download` followed by a `uuid`, `str`, `int`
//! or `slug` converter). The step's word comes from the path, else the
//! route's name, else the view's name; a flow needs three distinct kinds of
//! step and to be export-like: `export`, `download` or `report` in the
//! shared prefix, or in the path, name or view of half its routes.

use crate::model::{FlowStep, Route};
use std::collections::{BTreeMap, BTreeSet};

/// The shape name a category rule gives to ask for these flows.
pub const MULTI_STEP_EXPORT: &str = "multi_step_export";

/// Distinct kinds of step a flow needs.
const MIN_STEP_KINDS: usize = 3;

const STEP_WORDS: [(&str, &[&str]); 4] = [
    (
        "start",
        &[
            "init",
            "initialize",
            "initialise",
            "initiate",
            "start",
            "begin",
            "create",
            "new",
            "open",
        ],
    ),
    (
        "parts",
        &[
            "upload", "uploads", "add", "append", "page", "pages", "chunk", "chunks", "part",
            "parts",
        ],
    ),
    (
        "finalize",
        &[
            "finalize", "finalise", "finish", "complete", "commit", "close", "done", "end",
        ],
    ),
    (
        "poll",
        &[
            "status", "progress", "poll", "state", "download", "result", "results", "fetch",
        ],
    ),
];

const ID_CONVERTERS: [&str; 4] = ["uuid", "str", "int", "slug"];

/// A route's candidate step: the prefixes it may share with the other steps
/// of its flow, and the kind of step its word names.
struct Candidate {
    prefixes: Vec<String>,
    step: &'static str,
    by: &'static str,
    word: String,
}

/// Each route's step in a multi-step export flow, `None` outside one.
pub fn export_flows(routes: &[Route]) -> Vec<Option<FlowStep>> {
    let candidates: Vec<Option<Candidate>> = routes.iter().map(candidate).collect();
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in candidates.iter().enumerate() {
        for p in c.iter().flat_map(|c| &c.prefixes) {
            groups.entry(p.as_str()).or_default().push(i);
        }
    }
    // The prefix that makes each route part of a flow (the first in path
    // order when several do).
    let mut flow_prefix: BTreeMap<usize, String> = BTreeMap::new();
    for (prefix, members) in &groups {
        let kinds: BTreeSet<&str> = members
            .iter()
            .filter_map(|&i| candidates[i].as_ref().map(|c| c.step))
            .collect();
        // Many routes share a broad prefix (`/api/project/<id>/`): one
        // export among them does not make the group an export flow.
        let export_like = is_export_word(prefix)
            || members
                .iter()
                .filter(|&&i| is_export_like(&routes[i]))
                .count()
                * 2
                >= members.len();
        if kinds.len() >= MIN_STEP_KINDS && export_like {
            for &i in members {
                flow_prefix.entry(i).or_insert_with(|| prefix.to_string());
            }
        }
    }
    drop(groups);
    candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let (c, prefix) = (c?, flow_prefix.remove(&i)?);
            Some(FlowStep {
                prefix,
                step: c.step.to_string(),
                by: c.by.to_string(),
                word: c.word,
            })
        })
        .collect()
}

fn is_export_word(s: &str) -> bool {
    let s = s.to_ascii_lowercase();
    ["export", "download", "report"]
        .iter()
        .any(|w| s.contains(w))
}

fn is_export_like(r: &Route) -> bool {
    is_export_word(&r.path)
        || r.name.as_deref().is_some_and(is_export_word)
        || is_export_word(&r.view)
}

/// A path segment that is a converter: `<uuid:job_id>`, `<job_id>` or a
/// regex group `(?P<job_id>...)`, with its converter type.
fn converter(segment: &str) -> Option<&str> {
    if let Some(inner) = segment.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
        return Some(inner.split_once(':').map_or("str", |(t, _)| t));
    }
    segment.contains("(?P<").then_some("str")
}

fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
}

fn kind_of(word: &str) -> Option<&'static str> {
    STEP_WORDS
        .iter()
        .find(|(_, ws)| ws.contains(&word))
        .map(|(k, _)| *k)
}

fn prefix_of(segments: &[&str]) -> Option<String> {
    // A job id before a step (`<uuid:job_id>/status/`) belongs to the step,
    // not to the prefix the flow's routes share.
    let end = segments
        .iter()
        .rposition(|s| converter(s).is_none())
        .map_or(0, |i| i + 1);
    // Steps straight under the root share nothing but the root.
    (end > 0).then(|| format!("/{}/", segments[..end].join("/")))
}

/// The route's candidate step: the word of its last fixed path segment,
/// else of its name, else of its view.
fn candidate(r: &Route) -> Option<Candidate> {
    let path = r.path.trim_start_matches('^').trim_end_matches('$');
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let last_fixed = segments.iter().rposition(|s| converter(s).is_none())?;
    let has_job_id = segments
        .iter()
        .skip(1)
        .filter_map(|s| converter(s))
        .any(|c| ID_CONVERTERS.contains(&c));
    let name_last = r.name.as_deref().map(|n| n.rsplit(':').next().unwrap_or(n));
    let view_last = r.view.rsplit('.').next().unwrap_or(&r.view);
    let sources = [
        ("path", Some(segments[last_fixed])),
        ("name", name_last),
        ("view", Some(view_last)),
    ];
    for (by, text) in sources {
        let Some(text) = text else { continue };
        for w in words(text) {
            let Some(step) = kind_of(&w) else { continue };
            if step == "poll" && !has_job_id {
                continue;
            }
            let mut prefixes: Vec<String> =
                prefix_of(&segments[..last_fixed]).into_iter().collect();
            if by != "path" {
                // Named elsewhere, the whole path may be the step: `POST
                // /jobs/` named `job-create` starts what `/jobs/<id>/...` continues.
                prefixes.extend(prefix_of(&segments[..=last_fixed]));
            }
            return Some(Candidate {
                prefixes,
                step,
                by,
                word: w,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(path: &str, name: Option<&str>, view: &str) -> Route {
        Route {
            name: name.map(str::to_string),
            ..Route::sample(path, &["POST"], view)
        }
    }

    fn flow_steps(routes: &[Route]) -> Vec<Option<String>> {
        export_flows(routes)
            .into_iter()
            .map(|s| s.map(|s| format!("{} {} by {}", s.prefix, s.step, s.by)))
            .collect()
    }

    #[test]
    fn a_true_flow_is_recognised_by_its_steps() {
        let rs = [
            route("/api/export/init/", None, "app.views.init"),
            route("/api/export/upload-pages/", None, "app.views.upload_pages"),
            route("/api/export/finalize/", None, "app.views.finalize"),
            route(
                "/api/export/status/<uuid:export_id>/",
                None,
                "app.views.status",
            ),
            route(
                "/api/export/download/<uuid:export_id>/",
                None,
                "app.views.download",
            ),
        ];
        assert_eq!(
            flow_steps(&rs),
            vec![
                Some("/api/export/ start by path".into()),
                Some("/api/export/ parts by path".into()),
                Some("/api/export/ finalize by path".into()),
                Some("/api/export/ poll by path".into()),
                Some("/api/export/ poll by path".into()),
            ]
        );
    }

    #[test]
    fn a_single_plain_export_is_no_flow() {
        let rs = [
            route(
                "/api/project/<int:project_id>/export/pdf/",
                Some("export_pdf"),
                "app.views.export_pdf",
            ),
            route(
                "/api/project/<int:project_id>/export/xlsx/",
                None,
                "app.views.export_xlsx",
            ),
            route(
                "/api/project/<int:project_id>/download/",
                None,
                "app.views.download",
            ),
        ];
        assert!(flow_steps(&rs).iter().all(Option::is_none));
    }

    #[test]
    fn a_flow_spelled_with_other_words_and_names_is_recognised() {
        // Steps named by the route name or the view where the path says
        // nothing, the job id before the step, and no word "export" but a
        // report.
        let rs = [
            route(
                "/reports/jobs/",
                Some("reports:job-begin"),
                "app.views.jobs",
            ),
            route("/reports/jobs/<uuid:job>/chunk/", None, "app.views.receive"),
            route(
                "/reports/jobs/<uuid:job>/seal/",
                None,
                "app.views.commit_job",
            ),
            route("/reports/jobs/<uuid:job>/progress/", None, "app.views.poll"),
        ];
        assert_eq!(
            flow_steps(&rs),
            vec![
                Some("/reports/jobs/ start by name".into()),
                Some("/reports/jobs/ parts by path".into()),
                Some("/reports/jobs/ finalize by view".into()),
                Some("/reports/jobs/ poll by path".into()),
            ]
        );
    }

    #[test]
    fn polling_needs_a_job_id_and_the_root_is_no_prefix() {
        let rs = [
            route("/export/init/", None, "v.a"),
            route("/export/upload/", None, "v.b"),
            route("/export/status/", None, "v.c"),
            route("/init/", None, "v.d"),
        ];
        assert!(flow_steps(&rs).iter().all(Option::is_none));
    }
}
