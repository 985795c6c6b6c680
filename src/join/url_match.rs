//! Matching request URL templates (`/api/project/{project_id}/rekap/`) to
//! Django route paths (`/api/project/<int:project_id>/rekap/`, or regex
//! routes such as `/legacy/(?P<id>[0-9]+)/$`).
//!
//! A placeholder stands for a value the evaluator could not know. It is
//! allowed to fill a route's dynamic part (a converter or a regex group),
//! never to stand in for literal text: `/export/{fmt}/` does not match
//! `/export/csv/`, since that would be a guess. Technically each placeholder
//! becomes one private-use character that every converter and group of the
//! route's regex also accepts.

use crate::model::{ExternalInclude, Route, RouteMap};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Stands for one placeholder in a URL being matched.
const HOLE: char = '\u{E000}';

/// Routes compiled for matching, in resolution order. A route's regex is
/// compiled the first time a URL starts with the route's literal prefix:
/// a report resolves its requests against a few of the routes, and
/// compiling every regex up front cost more than the matching.
pub struct RouteMatcher {
    routes: Vec<Lazy>,
    /// Prefixes of includes whose routes are not expanded (Django's admin,
    /// a third-party URLconf without its source).
    external: Vec<Lazy>,
    custom: BTreeMap<String, String>,
}

/// A route (or include prefix) whose regex is compiled when first needed.
struct Lazy {
    path: String,
    is_regex: bool,
    /// What every URL the route matches starts with.
    prefix: String,
    regex: OnceLock<Option<Regex>>,
}

impl Lazy {
    fn new(path: &str, is_regex: bool) -> Lazy {
        Lazy {
            path: path.to_string(),
            is_regex,
            prefix: literal_prefix(path, is_regex),
            regex: OnceLock::new(),
        }
    }

    fn matches(&self, subject: &str, compile: impl FnOnce(&Lazy) -> Option<Regex>) -> bool {
        subject.starts_with(&self.prefix)
            && self
                .regex
                .get_or_init(|| compile(self))
                .as_ref()
                .is_some_and(|re| re.is_match(subject))
    }
}

impl RouteMatcher {
    pub fn new(routes: &[Route]) -> RouteMatcher {
        RouteMatcher::with_external(routes, &[])
    }

    /// Also knows the prefixes of `external` includes.
    pub fn with_external(routes: &[Route], external: &[ExternalInclude]) -> RouteMatcher {
        RouteMatcher::compile(routes, external, &BTreeMap::new())
    }

    /// The routes of a route map, with its external includes and the
    /// regexes of its custom converters.
    pub fn for_map(map: &RouteMap) -> RouteMatcher {
        RouteMatcher::compile(&map.routes, &map.external_includes, &map.converters)
    }

    fn compile(
        routes: &[Route],
        external: &[ExternalInclude],
        custom: &BTreeMap<String, String>,
    ) -> RouteMatcher {
        RouteMatcher {
            routes: routes.iter().map(|r| Lazy::new(&r.path, r.regex)).collect(),
            external: external
                .iter()
                .map(|e| Lazy::new(&e.prefix, false))
                .collect(),
            custom: custom.clone(),
        }
    }

    /// Index of the external include whose prefix `url` falls under, when
    /// no route matches it.
    pub fn resolve_external(&self, url: &str) -> Option<usize> {
        let (path, _) = split_url(url);
        let subject = holes_to_marker(&path);
        self.external
            .iter()
            .position(|e| e.matches(&subject, |e| prefix_regex(&e.path)))
    }

    /// Index of the route Django would resolve `url` to (the first whose
    /// pattern matches, as Django tries them in order), if any. `url` is a
    /// template: `{...}` placeholders, an optional scheme and host, an
    /// optional query string.
    pub fn resolve(&self, url: &str) -> Option<usize> {
        let (path, _) = split_url(url);
        let subject = holes_to_marker(&path);
        let compile = |r: &Lazy| route_regex_with(&r.path, r.is_regex, &self.custom);
        self.routes
            .iter()
            .position(|r| r.matches(&subject, compile))
    }
}

/// The literal text every match of the route's regex (as
/// [`route_regex_with`] builds it) starts with: its path up to the first
/// converter, group, class, quantified character or other regex syntax.
/// Empty when an alternation could make any start match.
fn literal_prefix(path: &str, is_regex: bool) -> String {
    let chars: Vec<char> = path.chars().collect();
    if is_regex && chars.contains(&'|') {
        return String::new();
    }
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '<' {
            break;
        }
        if !is_regex {
            out.push(c);
            i += 1;
            continue;
        }
        let literal = match c {
            // Level boundaries, dropped by the regex builder.
            '^' if i > 0 => {
                i += 1;
                continue;
            }
            '$' if i + 1 < chars.len() => {
                i += 1;
                continue;
            }
            '\\' => match chars.get(i + 1) {
                Some(&e) if !e.is_alphanumeric() => {
                    i += 1;
                    e
                }
                _ => break,
            },
            '.' | '[' | ']' | '(' | ')' | '{' | '}' | '*' | '+' | '?' | '^' | '$' => break,
            c => c,
        };
        // A quantifier may make the character optional.
        if matches!(chars.get(i + 1), Some('*' | '?' | '{')) {
            break;
        }
        out.push(literal);
        i += 1;
    }
    out
}

/// Splits a URL template into its path (scheme and host removed) and its
/// query string (without `?`; fragment dropped).
pub fn split_url(url: &str) -> (String, Option<String>) {
    let mut rest = url;
    if let Some(i) = rest.find("://") {
        // `http://host/path`: keep `/path`.
        let after = &rest[i + 3..];
        rest = after.find('/').map(|j| &after[j..]).unwrap_or("/");
    }
    let rest = rest.split('#').next().unwrap_or("");
    match rest.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (rest.to_string(), None),
    }
}

/// `{anything}` -> the hole marker.
fn holes_to_marker(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    for c in path.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push(HOLE);
                }
                depth += 1;
            }
            '}' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

/// Regex of a Django converter's values; custom converters by their `regex`.
fn converter_regex<'a>(name: &str, custom: &'a BTreeMap<String, String>) -> &'a str {
    if let Some(re) = custom.get(name) {
        return re;
    }
    match name {
        "int" => "[0-9]+",
        "slug" => "[-a-zA-Z0-9_]+",
        "uuid" => "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "path" => ".+",
        // `str`, and custom converters whose regex is unknown: one segment.
        _ => "[^/]+",
    }
}

fn dynamic(body: &str) -> String {
    format!("(?:{body}|{HOLE})")
}

/// The regex of a route path as the route map writes it: `path()` levels
/// with `<conv:name>` converters, `re_path()` levels as regexes (leading `^`
/// already stripped by the joiner). `None` when the regex does not compile.
pub fn route_regex(path: &str, is_regex: bool) -> Option<Regex> {
    route_regex_with(path, is_regex, &BTreeMap::new())
}

/// [`route_regex`] with the regexes of custom converters.
pub fn route_regex_with(
    path: &str,
    is_regex: bool,
    custom: &BTreeMap<String, String>,
) -> Option<Regex> {
    let chars: Vec<char> = path.chars().collect();
    let mut out = String::from("^");
    let mut i = 0;
    let mut end_anchor = !is_regex;
    while i < chars.len() {
        let c = chars[i];
        // `(?P<name>body)`: a named group of a regex level.
        // `(body)`: an unnamed capturing group, also a dynamic part.
        let named = chars[i..].starts_with(&['(', '?', 'P', '<']);
        let unnamed = c == '(' && chars.get(i + 1) != Some(&'?');
        if is_regex && (named || unnamed) {
            if let Some(close) = group_end(&chars, i) {
                let inner: String = chars[i + 1..close].iter().collect();
                let body = if named {
                    inner
                        .split_once('>')
                        .map(|(_, b)| b.to_string())
                        .unwrap_or_default()
                } else {
                    inner
                };
                out.push_str(&dynamic(&body));
                i = close + 1;
                continue;
            }
        }
        // `<conv:name>` or `<name>`: a path() converter.
        if c == '<' {
            if let Some(len) = chars[i..].iter().position(|&x| x == '>') {
                let inner: String = chars[i + 1..i + len].iter().collect();
                let valid = !inner.is_empty()
                    && inner
                        .chars()
                        .all(|x| x.is_ascii_alphanumeric() || x == '_' || x == ':');
                if valid {
                    let conv = inner.split_once(':').map(|(c, _)| c).unwrap_or("str");
                    out.push_str(&dynamic(converter_regex(conv, custom)));
                    i += len + 1;
                    continue;
                }
            }
        }
        if is_regex {
            match c {
                // Levels are joined: an anchor inside the path only marks a
                // level boundary, the last `$` ends an endpoint.
                '^' if i > 0 && chars[i - 1] != '[' => {}
                '$' if i + 1 == chars.len() => end_anchor = true,
                '$' => {}
                '\\' if i + 1 < chars.len() => {
                    out.push(c);
                    out.push(chars[i + 1]);
                    i += 1;
                }
                _ => out.push(c),
            }
        } else {
            out.push_str(&regex::escape(&c.to_string()));
        }
        i += 1;
    }
    if end_anchor {
        out.push('$');
    }
    Regex::new(&out).ok()
}

/// The regex of an include prefix: what starts with it.
fn prefix_regex(prefix: &str) -> Option<Regex> {
    let full = route_regex(prefix, false)?;
    Regex::new(full.as_str().strip_suffix('$')?).ok()
}

/// Index of the `)` closing the group opened at `open`.
fn group_end(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_class = false;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(route: &str, regex: bool, url: &str) -> bool {
        let re = route_regex(route, regex).expect("compiles");
        re.is_match(&holes_to_marker(&split_url(url).0))
    }

    /// The literal prefix only filters: every URL a route's regex matches
    /// starts with it, so the lazy matcher resolves as compiling every
    /// regex up front would.
    #[test]
    fn literal_prefixes_never_hide_a_match() {
        let routes = [
            ("/api/items/<int:pk>/", false),
            ("/a.b/", false),
            ("/api/v1/(?P<pk>\\d+)/$", true),
            ("/x\\.y/", true),
            ("/colou?r/", true),
            ("/ab+c/", true),
            ("/a/b*/", true),
            ("/(?i)Case/", true),
            ("/one|/two", true),
            ("/lvl/^inner/$", true),
            ("/x{2}/", true),
            ("/[ab]c/", true),
            ("/d\\d/", true),
            ("/", false),
        ];
        let urls = [
            "/api/items/1/",
            "/api/items/{id}/",
            "/a.b/",
            "/axb/",
            "/api/v1/5/",
            "/x.y/",
            "/color/",
            "/colour/",
            "/abbc/",
            "/a/",
            "/a/bbb/",
            "/case/",
            "/CASE/",
            "/two",
            "/one",
            "/lvl/inner/",
            "/xx/",
            "/bc/",
            "/d5/",
            "/",
        ];
        let mut matched = 0;
        for (path, regex) in routes {
            let re = route_regex(path, regex).expect("compiles");
            let prefix = literal_prefix(path, regex);
            for url in urls {
                let subject = holes_to_marker(url);
                if re.is_match(&subject) {
                    matched += 1;
                    assert!(
                        subject.starts_with(&prefix),
                        "{path} matches {url}; prefix {prefix:?}"
                    );
                }
            }
        }
        assert!(matched >= 15, "the corpus exercises the regexes: {matched}");
        assert_eq!(literal_prefix("/api/items/<int:pk>/", false), "/api/items/");
        assert_eq!(literal_prefix("/colou?r/", true), "/colo");
        assert_eq!(literal_prefix("/ab+c/", true), "/ab");
        assert_eq!(literal_prefix("/x\\.y/", true), "/x.y/");
        assert_eq!(literal_prefix("/lvl/^inner/$", true), "/lvl/inner/");
        assert_eq!(literal_prefix("/one|/two", true), "");
        let routes: Vec<Route> = routes
            .iter()
            .map(|(p, regex)| Route {
                regex: *regex,
                ..Route::sample(p, &["GET"], "v")
            })
            .collect();
        let lazy = RouteMatcher::new(&routes);
        for url in urls {
            let subject = holes_to_marker(url);
            let eager = routes.iter().position(|r| {
                route_regex(&r.path, r.regex).is_some_and(|re| re.is_match(&subject))
            });
            assert_eq!(lazy.resolve(url), eager, "{url}");
        }
    }

    #[test]
    fn custom_converters_use_their_regex() {
        let mut custom = BTreeMap::new();
        custom.insert("yyyy".to_string(), "[0-9]{4}".to_string());
        let re = route_regex_with("/reports/<yyyy:year>/", false, &custom).expect("compiles");
        let subject = |u: &str| holes_to_marker(&split_url(u).0);
        assert!(re.is_match(&subject("/reports/2026/")));
        assert!(!re.is_match(&subject("/reports/26/")));
        assert!(re.is_match(&subject("/reports/{year}/")));
        // Without its regex, a custom converter takes any one segment.
        assert!(m("/reports/<yyyy:year>/", false, "/reports/26/"));
    }

    #[test]
    fn converters_take_values_and_placeholders() {
        let r = "/api/project/<int:project_id>/rekap/";
        assert!(m(r, false, "/api/project/160/rekap/"));
        assert!(m(r, false, "/api/project/{project_id}/rekap/"));
        assert!(!m(r, false, "/api/project/abc/rekap/"));
        assert!(!m(r, false, "/api/project/160/rekap/extra/"));
        assert!(m(
            r,
            false,
            "http://localhost:8000/api/project/1/rekap/?x=1"
        ));
    }

    #[test]
    fn placeholders_do_not_stand_for_literal_text() {
        assert!(!m("/export/csv/", false, "/export/{fmt}/"));
        assert!(m("/export/<str:fmt>/", false, "/export/{fmt}/"));
    }

    #[test]
    fn regex_routes_use_groups_and_anchors() {
        let r = "/api/v1/projects/(?P<pk>[0-9]+)/$";
        assert!(m(r, true, "/api/v1/projects/7/"));
        assert!(m(r, true, "/api/v1/projects/{self.pid}/"));
        assert!(!m(r, true, "/api/v1/projects/7/x/"));
        // Without `$` a regex endpoint matches a prefix, as in Django.
        assert!(m("/legacy/(?P<id>[0-9]+)/", true, "/legacy/3/more"));
        assert!(m(
            "/api/v1/projects\\.(?P<format>[a-z0-9]+)/?$",
            true,
            "/api/v1/projects.json"
        ));
    }

    #[test]
    fn uuid_and_path_converters() {
        assert!(m(
            "/api/export/status/<uuid:job_id>/",
            false,
            "/api/export/status/00000000-0000-0000-0000-000000000000/"
        ));
        assert!(m("/files/<path:p>", false, "/files/a/b/c"));
    }

    #[test]
    fn external_include_prefixes_match_what_starts_with_them() {
        let re = prefix_regex("/accounts/").expect("compiles");
        assert!(re.is_match("/accounts/login/"));
        assert!(!re.is_match("/api/accounts/"));
    }

    #[test]
    fn split_keeps_query_apart() {
        assert_eq!(
            split_url("/d/?page=2&sort=x#top"),
            ("/d/".to_string(), Some("page=2&sort=x".to_string()))
        );
        assert_eq!(split_url("https://h").0, "/");
    }
}
