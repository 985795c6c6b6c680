//! Findings on the route map alone, before any load test is read: URL
//! patterns that can never match because an earlier one takes their path,
//! and names that `reverse()` cannot tell apart.

use crate::model::findings::{RouteFinding, RouteFindingKind};
use crate::model::Route;
use std::collections::BTreeMap;

/// Parameter names of a path (`<int:pk>` -> `pk`, `(?P<pk>...)` -> `pk`).
fn params(path: &str) -> Vec<&str> {
    // Sized exactly: one per route of a large map.
    let mut out = Vec::with_capacity(path.matches('<').count());
    let mut rest = path;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let Some(j) = rest.find('>') else { break };
        let inner = &rest[..j];
        out.push(inner.rsplit(':').next().unwrap_or(inner));
        rest = &rest[j..];
    }
    out.sort();
    out
}

/// For each route, the index of the earlier route that takes all its
/// requests: the first route of the same path (Django's resolver stops at
/// the first pattern that matches). A route under a condition that is not
/// known (`if settings.DEBUG:`) shadows nothing: it may not be there.
pub fn shadowed_by(routes: &[Route]) -> Vec<Option<usize>> {
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    routes
        .iter()
        .enumerate()
        .map(|(i, r)| match first.get(r.path.as_str()) {
            Some(&j) => Some(j),
            None => {
                if r.condition.is_none() {
                    first.insert(r.path.as_str(), i);
                }
                None
            }
        })
        .collect()
}

pub fn find(routes: &[Route]) -> Vec<RouteFinding> {
    let mut out = Vec::new();
    // Sorted, not a map of lists: one allocation instead of one per path.
    // Routes are compared by path, then by place in the map (so the routes
    // of one path stay in map order, without a stable sort's buffer).
    let mut by_path: Vec<usize> = (0..routes.len()).collect();
    by_path.sort_unstable_by(|&a, &b| routes[a].path.cmp(&routes[b].path).then(a.cmp(&b)));
    for group in by_path.chunk_by(|&a, &b| routes[a].path == routes[b].path) {
        if group.len() > 1 {
            let rs: Vec<&Route> = group.iter().map(|&i| &routes[i]).collect();
            out.push(RouteFinding {
                kind: RouteFindingKind::DuplicatePattern,
                message: format!(
                    "`{}` is defined {} times; Django always resolves it to the first ({} at {}:{}), so the others never match",
                    rs[0].path,
                    rs.len(),
                    rs[0].view,
                    rs[0].source.file,
                    rs[0].source.line
                ),
                routes: rs.iter().map(|r| r.source.clone()).collect(),
            });
        }
    }
    // Same name and same parameters: reverse() cannot choose between them.
    let mut by_name: Vec<((&str, Vec<&str>), usize)> = routes
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some(((r.name.as_deref()?, params(&r.path)), i)))
        .collect();
    by_name.sort_unstable();
    for group in by_name.chunk_by(|a, b| a.0 == b.0) {
        let name = group[0].0 .0;
        let rs: Vec<&Route> = group.iter().map(|&(_, i)| &routes[i]).collect();
        let distinct: Vec<&&Route> = rs
            .iter()
            .enumerate()
            .filter(|(i, r)| rs[..*i].iter().all(|o| o.path != r.path))
            .map(|(_, r)| r)
            .collect();
        if distinct.len() > 1 {
            out.push(RouteFinding {
                kind: RouteFindingKind::DuplicateName,
                message: format!(
                    "name `{name}` is given to {} different paths with the same parameters ({}); reverse() returns only one of them",
                    distinct.len(),
                    distinct.iter().map(|r| format!("`{}`", r.path)).collect::<Vec<_>>().join(", ")
                ),
                routes: distinct.iter().map(|r| r.source.clone()).collect(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn route(path: &str, name: Option<&str>, line: usize) -> Route {
        Route {
            name: name.map(str::to_string),
            source: Source {
                file: "app/urls.py".into(),
                line,
            },
            ..Route::sample(path, &["GET"], &format!("app.views.v{line}"))
        }
    }

    #[test]
    fn duplicates_are_found_and_format_twins_are_not() {
        let rs = vec![
            route("/a/", Some("a"), 1),
            route("/a/", Some("a2"), 2),
            route("/b/<int:pk>/", Some("b"), 3),
            route("/c/<int:pk>/", Some("b"), 4),
            route("/p/$", Some("p-list"), 5),
            route("/p\\.(?P<format>[a-z0-9]+)/?$", Some("p-list"), 5),
        ];
        let f = find(&rs);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!(f[0].kind, RouteFindingKind::DuplicatePattern);
        assert_eq!(f[0].routes.len(), 2);
        assert_eq!(f[1].kind, RouteFindingKind::DuplicateName);
        assert!(f[1].message.contains("`/b/<int:pk>/`, `/c/<int:pk>/`"));
    }

    #[test]
    fn later_patterns_of_a_path_are_shadowed_by_the_first_unconditional_one() {
        let mut debug_only = route("/d/", None, 4);
        debug_only.condition = Some("settings.DEBUG".into());
        let rs = vec![
            route("/a/", None, 1),
            route("/b/", None, 2),
            route("/a/", None, 3),
            debug_only,
            route("/d/", None, 5),
            route("/d/", None, 6),
            route("/a/", None, 7),
        ];
        assert_eq!(
            shadowed_by(&rs),
            [None, None, Some(0), None, None, Some(4), Some(0)]
        );
    }
}
