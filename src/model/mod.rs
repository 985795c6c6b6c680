//! The model every extractor fills and every renderer reads: plain data,
//! depending on nothing of routecov but `diagnostics`.

pub mod findings;
pub mod histogram;
pub mod history;
pub mod journey;
pub mod report;
pub mod run;
mod source;
pub mod stats;
pub mod verify;

use serde::Serialize;
pub use source::Source;

/// JSON output version; bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 2;

/// Where a route comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Project,
    External,
}

/// One URL pattern Django serves.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    /// Full path as Django joins it: starts with `/`, keeps converter syntax
    /// and, for regex routes, the regex.
    pub path: String,
    /// Accepted methods in canonical order, or `["ANY"]` when unknown.
    pub methods: Vec<String>,
    /// Why the methods are `ANY`, or how they were inferred when notable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub methods_note: Option<String>,
    /// Dotted path of the view as Django's `__module__` + `__qualname__` read.
    pub view: String,
    /// Namespaced name (`app:name`).
    pub name: Option<String>,
    pub categories: Vec<String>,
    pub origin: Origin,
    /// True when any level of the path is a regular expression.
    pub regex: bool,
    /// Condition the route depends on (`settings.DEBUG`) when it is not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    pub source: Source,
    /// For a route Django serves to any method (`methods` is `["ANY"]`): the
    /// methods its view's body shows it means to serve.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intended_methods: Option<Vec<String>>,
    /// What in the view's body (or a helper it calls) shows those methods.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub intended_evidence: Vec<String>,
    /// The route's step in a multi-step export flow, when it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_flow: Option<Box<FlowStep>>,
    /// The view is marked `@no_append_slash`: `CommonMiddleware` does not
    /// redirect a path without its slash to it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_append_slash: bool,
}

impl Route {
    /// A project route of the unit tests: `view` at `app/urls.py:1`, no
    /// name, category or condition; tests change what they need.
    #[cfg(test)]
    pub fn sample(path: &str, methods: &[&str], view: &str) -> Route {
        Route {
            path: path.into(),
            methods: methods.iter().map(|m| m.to_string()).collect(),
            methods_note: None,
            intended_methods: None,
            intended_evidence: Vec::new(),
            export_flow: None,
            no_append_slash: false,
            view: view.into(),
            name: None,
            categories: vec![],
            origin: Origin::Project,
            regex: false,
            condition: None,
            source: Source {
                file: "app/urls.py".into(),
                line: 1,
            },
        }
    }

    /// The methods coverage counts: the intended ones where Django serves
    /// any method and the view's body says which it means, else `methods`.
    pub fn counted_methods(&self) -> &[String] {
        match &self.intended_methods {
            Some(m) if self.methods == ["ANY"] && !m.is_empty() => m,
            _ => &self.methods,
        }
    }
}

/// One step of a multi-step export flow (init, upload parts, finalize,
/// status or download by a job id) and what named it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowStep {
    /// The path prefix the flow's routes share.
    pub prefix: String,
    /// `start`, `parts`, `finalize` or `poll`.
    pub step: String,
    /// `path`, `name` or `view`: where the step's word was found.
    pub by: String,
    /// The word that named the step.
    pub word: String,
}

/// An include whose routes are not expanded (third-party source not found,
/// or Django's admin site).
#[derive(Debug, Clone, Serialize)]
pub struct ExternalInclude {
    pub prefix: String,
    pub module: String,
    pub reason: String,
    pub source: Source,
}

/// How the URLconf was found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Discovery {
    pub project: String,
    pub manage_py: Option<String>,
    pub settings_module: Option<String>,
    pub settings_file: Option<String>,
    pub root_urlconf: String,
    pub urlconf_file: Option<String>,
    /// How `root_urlconf` was determined.
    pub found_by: String,
    pub site_packages: Vec<String>,
}

/// The result of `routecov routes`.
#[derive(Debug, Clone, Serialize)]
pub struct RouteMap {
    pub schema_version: u32,
    pub discovery: Discovery,
    pub routes: Vec<Route>,
    pub external_includes: Vec<ExternalInclude>,
    /// Regexes of the custom path converters the URLconfs register, by name.
    pub converters: std::collections::BTreeMap<String, String>,
    /// Problems in the URLconfs themselves (duplicate patterns and names).
    pub findings: Vec<findings::RouteFinding>,
    /// The redirects Django's middleware answers a request with before any
    /// view runs, as the settings configure them.
    pub redirects: Redirects,
    pub warnings: Vec<crate::diagnostics::Warning>,
}

/// The settings that decide Django's `APPEND_SLASH` and locale redirects,
/// read from the settings module. `None` is a value the settings do not let
/// routecov know (a warning names it).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Redirects {
    /// `django.middleware.common.CommonMiddleware` is in `MIDDLEWARE`.
    pub common_middleware: Option<bool>,
    /// `django.middleware.locale.LocaleMiddleware` is in `MIDDLEWARE`.
    pub locale_middleware: Option<bool>,
    /// `APPEND_SLASH` (Django's default: true).
    pub append_slash: Option<bool>,
    /// `DEBUG` (Django's default: false): a write redirected by
    /// `APPEND_SLASH` raises `RuntimeError` under it.
    pub debug: Option<bool>,
    /// The language code the root URLconf's `i18n_patterns` put in front of
    /// their routes in this map, when they prefix the default language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub i18n_prefix: Option<String>,
    /// The language a request naming none gets (`LANGUAGE_CODE`, or its
    /// variant in `LANGUAGES`): the prefix of the locale redirect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Language codes of `LANGUAGES`: a path starting with one is not
    /// redirected (Django's hundred when the settings do not set it, so
    /// left out of the JSON).
    #[serde(skip)]
    pub languages: Vec<String>,
}

impl Redirects {
    /// `CommonMiddleware` appends a missing slash: it is installed and
    /// `APPEND_SLASH` is not false.
    pub fn appends_slash(&self) -> Option<bool> {
        both(self.common_middleware, self.append_slash)
    }

    /// `LocaleMiddleware` adds the default language's prefix: it is
    /// installed and the root URLconf prefixes the default language.
    pub fn adds_language(&self) -> Option<bool> {
        if self.i18n_prefix.is_none() {
            return Some(false);
        }
        both(self.locale_middleware, Some(true))
    }
}

impl Redirects {
    /// The path starts with a language prefix (`/en/`, `/pt-br`), as
    /// `translation.get_language_from_path` reads it: then `LocaleMiddleware`
    /// does not redirect it.
    pub fn language_in_path(&self, path: &str) -> bool {
        let Some(rest) = path.strip_prefix('/') else {
            return false;
        };
        let first = rest.split('/').next().unwrap_or("");
        let word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '_');
        let mut parts = first.split(['-', '@']);
        let shaped = parts.next().is_some_and(word) && {
            let rest: Vec<&str> = parts.collect();
            rest.len() <= 2 && rest.iter().all(|p| word(p))
        };
        shaped && language_variant(first, &self.languages).is_some()
    }
}

/// `translation.get_supported_language_variant(code)` (not strict) against
/// the language codes `languages`: the code, a shorter code (`zh-hant-tw`
/// -> `zh-hant` -> `zh`), else a country variant of its generic code.
pub fn language_variant(code: &str, languages: &[String]) -> Option<String> {
    let lower = code.to_ascii_lowercase();
    let mut possible = vec![lower.clone()];
    let mut end = lower.len();
    while let Some(i) = lower[..end].rfind('-') {
        possible.push(lower[..i].to_string());
        end = i;
    }
    if let Some(found) = possible.iter().find(|c| languages.contains(c)) {
        return Some(found.clone());
    }
    let generic = possible.last().map(String::as_str).unwrap_or(&lower);
    let dashed = format!("{generic}-");
    languages.iter().find(|l| l.starts_with(&dashed)).cloned()
}

/// `a and b` with unknowns: false when either is false.
fn both(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

/// The result of `routecov tasks`: what a locustfile makes Locust do.
///
/// Nested TaskSets are task entries of kind `taskset` or `sequential_taskset`
/// holding their own `tasks` (and `on_start`), to any depth; the `weight` of
/// an entry is the number of times it appears in its holder's `tasks` list,
/// as Locust picks tasks from that list.
#[derive(Debug, Clone, Serialize)]
pub struct LocustModel {
    pub schema_version: u32,
    /// The locustfile (a file, or a directory of locustfiles) as shown to users.
    pub locustfile: String,
    /// How the locustfile was found: `given with --locustfile`, or the
    /// discovery step that found it.
    pub found_by: String,
    /// Each file Locust would import (a directory gives several).
    pub files: Vec<String>,
    pub filter: TagFilter,
    /// User classes in source order, abstract ones included and marked.
    pub users: Vec<UserClass>,
    pub warnings: Vec<crate::diagnostics::Warning>,
}

/// The `--tags` / `--exclude-tags` / `--env` a model was computed under.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TagFilter {
    /// `None`: no `--tags` (or `--tags` without values, which Locust ignores).
    pub tags: Option<Vec<String>>,
    pub exclude_tags: Option<Vec<String>>,
    /// Environment overrides; every other variable takes its default.
    pub env: std::collections::BTreeMap<String, String>,
    /// `--locust-args`: the rest of the command line `sys.argv` holds.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locust_args: Vec<String>,
}

/// How long a user or TaskSet waits between tasks (`between(1, 3)`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WaitTime {
    /// `between`, `constant`, `constant_pacing`, `constant_throughput`, or
    /// `custom` (a method or any other callable).
    pub kind: String,
    /// Arguments by Locust's parameter names (`min_wait`, `max_wait`, `wait_time`, ...).
    pub args: std::collections::BTreeMap<String, serde_json::Value>,
    /// Source text, for display.
    pub text: String,
}

/// A Locust `User` subclass.
#[derive(Debug, Clone, Serialize)]
pub struct UserClass {
    pub name: String,
    /// `HttpUser`, `FastHttpUser` or `User`: the Locust class it derives from.
    pub base: String,
    /// `weight` under the chosen environment; `None` when it cannot be evaluated.
    pub weight: Option<i64>,
    /// Environment variables (and `sys.argv`) the weight depends on.
    pub weight_depends_on: Vec<String>,
    pub fixed_count: Option<i64>,
    pub fixed_count_depends_on: Vec<String>,
    /// Declared `abstract = True` in this class (Locust does not inherit it).
    #[serde(rename = "abstract")]
    pub is_abstract: bool,
    /// Locust spawns it: not abstract and `weight` or `fixed_count` above 0.
    pub spawned: bool,
    /// Some task survives the tag filter (Locust raises "No tasks defined" otherwise).
    pub has_tasks_after_filter: bool,
    pub wait_time: Option<WaitTime>,
    pub on_start: Option<Hook>,
    pub tasks: Vec<Task>,
    pub source: Source,
}

/// What a task entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// A function or method.
    Task,
    /// A nested `TaskSet`: its own tasks are in `tasks`.
    Taskset,
    /// A nested `SequentialTaskSet`: runs `sequence` in order.
    SequentialTaskset,
}

/// One entry of a holder's `tasks` (a User or a TaskSet).
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    pub name: String,
    pub kind: TaskKind,
    /// Occurrences in the holder's `tasks` list; 0 for `@task(0)`.
    pub weight: i64,
    pub weight_depends_on: Vec<String>,
    /// Tags Locust sees on the function (TaskSets carry none of their own).
    pub tags: Vec<String>,
    /// Runs in this configuration: kept by the tag filter, weight above 0,
    /// its TaskSets kept, and its user spawned.
    pub enabled: bool,
    /// Still in the holder's `tasks` after Locust's tag filter (whatever the
    /// user's weight): what Locust's own objects say.
    pub kept_by_filter: bool,
    /// Where it is defined: `Class.method` or a module function.
    pub defined_in: String,
    pub requests: Vec<Request>,
    /// The task calls `self.interrupt()`: its TaskSet returns to its parent
    /// after it (any condition around the call is taken as met).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub interrupts: bool,
    /// Nested TaskSet: its `on_start`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_start: Option<Hook>,
    /// Nested TaskSet: its tasks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tasks: Option<Vec<Task>>,
    /// SequentialTaskSet: task names in execution order (repeats included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait_time: Option<WaitTime>,
    pub source: Source,
}

/// `on_start` of a user or TaskSet, with the requests it makes.
#[derive(Debug, Clone, Serialize)]
pub struct Hook {
    /// `Class.on_start` that runs (it may be inherited).
    pub defined_in: String,
    pub requests: Vec<Request>,
    pub source: Source,
}

/// One `self.client.<method>(...)` call.
#[derive(Debug, Clone, Serialize)]
pub struct Request {
    /// Upper case; a `{...}` placeholder when not known.
    pub method: String,
    /// Path (or absolute URL) without the query string; unknown parts as `{expr}`.
    pub url: String,
    /// Query string written into the URL, without `?`.
    pub query: Option<String>,
    /// `params=`, as `key=value` pairs joined by `&`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params: Option<String>,
    /// `name=`: the label Locust's statistics use instead of the URL.
    pub name: Option<String>,
    pub file: String,
    pub line: usize,
    /// Commented out (`# self.client.post(...)`).
    pub disabled: bool,
    /// Sent when its task runs: not disabled and not behind a flag that is off.
    pub active: bool,
    /// Module constants that switch the request off (`if MUTATIONS_ENABLED:`
    /// with `MUTATIONS_ENABLED = False`), joined by ", ".
    pub conditional_on: Option<String>,
    /// A condition the evaluator cannot decide (`response.status_code != 200`).
    pub condition: Option<String>,
    /// With `--project`: the route the URL resolves to (`null`: none matches).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<Option<String>>,
    /// With `--project`, when no route matches: the external include
    /// (Django's admin, a third-party URLconf) whose prefix the URL is under.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external: Option<String>,
}

/// Canonical order of HTTP methods in output.
pub const METHOD_ORDER: [&str; 8] = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE",
];

/// Sorts methods canonically and drops HEAD/OPTIONS/TRACE when any other
/// method is present: Django derives them for every view, so as endpoints
/// they would only add noise.
pub fn normalize_methods<I: IntoIterator<Item = String>>(methods: I) -> Vec<String> {
    let mut set: Vec<String> = methods
        .into_iter()
        .map(|m| m.to_ascii_uppercase())
        .collect();
    set.sort_by_key(|m| {
        METHOD_ORDER
            .iter()
            .position(|o| o == m)
            .unwrap_or(usize::MAX)
    });
    set.dedup();
    let main: Vec<String> = set
        .iter()
        .filter(|m| !matches!(m.as_str(), "HEAD" | "OPTIONS" | "TRACE"))
        .cloned()
        .collect();
    if main.is_empty() {
        set
    } else {
        main
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_prefixes_are_read_as_django_reads_them() {
        let r = Redirects {
            languages: vec!["en".into(), "de-at".into(), "zh-hant".into()],
            ..Redirects::default()
        };
        assert!(r.language_in_path("/en/items/"));
        assert!(r.language_in_path("/en-gb/items/"));
        assert!(r.language_in_path("/de"));
        assert!(r.language_in_path("/zh-hant-tw/x/"));
        assert!(!r.language_in_path("/items/"));
        assert!(!r.language_in_path("/fr/items/"));
        assert_eq!(
            language_variant("de", &r.languages).as_deref(),
            Some("de-at")
        );
    }

    #[test]
    fn methods_are_canonical() {
        let m = normalize_methods([
            "post".to_string(),
            "GET".into(),
            "head".into(),
            "options".into(),
        ]);
        assert_eq!(m, vec!["GET", "POST"]);
        assert_eq!(normalize_methods(["options".to_string()]), vec!["OPTIONS"]);
    }
}
