//! The static route map against Django's: every route missing, extra, or
//! with another name, view or methods.
//!
//! Both sides speak the same conventions (the resolver walk writes paths,
//! names and views as `routes` does), so routes are paired as they are:
//! first by path, name and view together, in each side's order; what is
//! left, by path alone (a route with another name or view), then by name
//! and view for named routes (a route with another path: a regex or a
//! prefix read differently); the rest is missing or extra. Methods are compared only where Django knows them (the
//! view declares them); both sides' method lists are normalised alike.

use crate::config::Config;
use crate::diagnostics::Warning;
use crate::model::verify::{
    DifferenceKind, DjangoMap, DjangoRoute, RouteDifference, RouteSide, Verification, VerifyCounts,
};
use crate::model::{Route, RouteMap, SCHEMA_VERSION};
use std::collections::{BTreeSet, HashMap, VecDeque};

/// The methods a route serves, as a set: upper case, HEAD and OPTIONS left
/// out unless they are all there is (Django adds HEAD to GET and answers
/// OPTIONS itself). `ANY` stays `ANY`, equal to no declared set.
fn method_set(methods: &[String]) -> BTreeSet<String> {
    let all: BTreeSet<String> = methods.iter().map(|m| m.to_ascii_uppercase()).collect();
    let kept: BTreeSet<String> = all
        .iter()
        .filter(|m| !matches!(m.as_str(), "HEAD" | "OPTIONS"))
        .cloned()
        .collect();
    if kept.is_empty() {
        all
    } else {
        kept
    }
}

/// Whether Django knows the route's methods and the static map has others.
fn methods_differ(django: &DjangoRoute, ours: &Route) -> Option<bool> {
    let theirs = django.methods.as_ref()?;
    Some(method_set(theirs) != method_set(&ours.methods))
}

fn django_side(r: &DjangoRoute) -> RouteSide {
    RouteSide {
        path: r.path.clone(),
        name: r.name.clone(),
        view: r.view.clone(),
        methods: r.methods.clone(),
        urlconf: r.urlconf.clone(),
        source: None,
        condition: None,
    }
}

fn static_side(r: &Route) -> RouteSide {
    RouteSide {
        path: r.path.clone(),
        name: r.name.clone(),
        view: r.view.clone(),
        methods: Some(r.methods.clone()),
        urlconf: None,
        source: Some(r.source.clone()),
        condition: r.condition.clone(),
    }
}

/// What the static map says about a route it has: the condition it listed
/// it under, the warnings at its line.
fn static_notes(r: &Route, map: &RouteMap) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(c) = &r.condition {
        notes.push(format!("routecov lists it under the condition `{c}`"));
    }
    notes.extend(
        map.warnings
            .iter()
            .filter(|w| w.file == r.source.file && w.line == r.source.line)
            .map(ToString::to_string),
    );
    notes
}

/// The external include (its source not read) whose prefix holds a path.
fn external_note(path: &str, map: &RouteMap) -> Vec<String> {
    map.external_includes
        .iter()
        .filter(|e| !e.prefix.is_empty() && path.starts_with(&e.prefix))
        .map(|e| {
            format!(
                "under the external include {} at {} ({}), {}:{}",
                e.module, e.prefix, e.reason, e.source.file, e.source.line
            )
        })
        .take(1)
        .collect()
}

/// Pairs of (Django index, static index) with the same key, taken in each
/// side's order; returns the pairs and marks the paired indices. A route
/// without a key (`None`) pairs with none.
fn pair_by<K: std::hash::Hash + Eq>(
    django: &[&DjangoRoute],
    ours: &[Route],
    used: (&mut [bool], &mut [bool]),
    key_d: impl Fn(&DjangoRoute) -> Option<K>,
    key_s: impl Fn(&Route) -> Option<K>,
) -> Vec<(usize, usize)> {
    let (used_d, used_s) = used;
    let mut queues: HashMap<K, VecDeque<usize>> = HashMap::new();
    for (i, r) in ours.iter().enumerate().filter(|(i, _)| !used_s[*i]) {
        if let Some(k) = key_s(r) {
            queues.entry(k).or_default().push_back(i);
        }
    }
    let mut pairs = Vec::new();
    for (i, r) in django.iter().enumerate() {
        if used_d[i] {
            continue;
        }
        let Some(k) = key_d(r) else { continue };
        if let Some(j) = queues.get_mut(&k).and_then(VecDeque::pop_front) {
            used_d[i] = true;
            used_s[j] = true;
            pairs.push((i, j));
        }
    }
    pairs
}

/// Which of path, name, view and methods differ between two paired routes.
fn differing_fields(d: &DjangoRoute, s: &Route) -> Vec<String> {
    let mut fields = Vec::new();
    if d.path != s.path {
        fields.push("path".to_string());
    }
    if d.name != s.name {
        fields.push("name".to_string());
    }
    if d.view != s.view {
        fields.push("view".to_string());
    }
    if methods_differ(d, s) == Some(true) {
        fields.push("methods".to_string());
    }
    fields
}

/// Whether a file (as warnings name it, from the project directory) is the
/// source of a dotted module.
fn is_module_file(file: &str, module: &str) -> bool {
    let stem = module.replace('.', "/");
    [format!("{stem}.py"), format!("{stem}/__init__.py")]
        .iter()
        .any(|m| file == m || file.ends_with(&format!("/{m}")))
}

/// The static map's warnings in the files the differences come from.
fn related_warnings(differences: &[RouteDifference], map: &RouteMap) -> Vec<Warning> {
    let files: BTreeSet<&str> = differences
        .iter()
        .filter_map(|d| d.routecov.as_ref()?.source.as_ref())
        .map(|s| s.file.as_str())
        .collect();
    let modules: BTreeSet<&str> = differences
        .iter()
        .filter_map(|d| d.django.as_ref()?.urlconf.as_deref())
        .collect();
    map.warnings
        .iter()
        .filter(|w| {
            files.contains(w.file.as_str()) || modules.iter().any(|m| is_module_file(&w.file, m))
        })
        .cloned()
        .collect()
}

/// Compares the static map (as the configuration sees it) with Django's.
/// Routes the configuration ignores are left out of Django's side too.
pub fn verify(map: &RouteMap, django: DjangoMap, config: &Config) -> Verification {
    let theirs: Vec<&DjangoRoute> = django
        .routes
        .iter()
        .filter(|r| !config.ignore.iter().any(|re| re.is_match(&r.path)))
        .collect();
    let ours = &map.routes;
    let mut used_d = vec![false; theirs.len()];
    let mut used_s = vec![false; ours.len()];
    let exact = pair_by(
        &theirs,
        ours,
        (&mut used_d, &mut used_s),
        |r| Some((r.path.clone(), r.name.clone(), r.view.clone())),
        |r| Some((r.path.clone(), r.name.clone(), r.view.clone())),
    );
    let by_path = pair_by(
        &theirs,
        ours,
        (&mut used_d, &mut used_s),
        |r| Some(r.path.clone()),
        |r| Some(r.path.clone()),
    );
    let by_name = pair_by(
        &theirs,
        ours,
        (&mut used_d, &mut used_s),
        |r| r.name.clone().map(|n| (n, r.view.clone())),
        |r| r.name.clone().map(|n| (n, r.view.clone())),
    );
    let mut counts = VerifyCounts {
        django_routes: theirs.len(),
        routecov_routes: ours.len(),
        matched: exact.len(),
        ..Default::default()
    };
    let mut differences = Vec::new();
    counts.methods_compared = exact
        .iter()
        .filter(|&&(i, _)| theirs[i].methods.is_some())
        .count();
    for &(i, j) in exact.iter().chain(&by_path).chain(&by_name) {
        let (d, s) = (theirs[i], &ours[j]);
        let fields = differing_fields(d, s);
        if !fields.is_empty() {
            differences.push(RouteDifference {
                kind: DifferenceKind::Differs,
                path: d.path.clone(),
                fields,
                django: Some(django_side(d)),
                routecov: Some(static_side(s)),
                notes: static_notes(s, map),
            });
        }
    }
    for (_, d) in theirs.iter().enumerate().filter(|(i, _)| !used_d[*i]) {
        differences.push(RouteDifference {
            kind: DifferenceKind::Missing,
            path: d.path.clone(),
            fields: Vec::new(),
            django: Some(django_side(d)),
            routecov: None,
            notes: external_note(&d.path, map),
        });
    }
    for (_, s) in ours.iter().enumerate().filter(|(j, _)| !used_s[*j]) {
        differences.push(RouteDifference {
            kind: DifferenceKind::Extra,
            path: s.path.clone(),
            fields: Vec::new(),
            django: None,
            routecov: Some(static_side(s)),
            notes: static_notes(s, map),
        });
    }
    // Stable: within one path and kind, each side's own order.
    differences.sort_by(|a, b| (&a.path, a.kind).cmp(&(&b.path, b.kind)));
    for d in &differences {
        match d.kind {
            DifferenceKind::Missing => counts.missing += 1,
            DifferenceKind::Extra => counts.extra += 1,
            DifferenceKind::Differs => counts.differing += 1,
        }
    }
    let related_warnings = related_warnings(&differences, map);
    Verification {
        schema_version: SCHEMA_VERSION,
        identical: differences.is_empty(),
        counts,
        differences,
        django,
        related_warnings,
        discovery: map.discovery.clone(),
        warnings: map.warnings.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Pattern;
    use crate::model::{Discovery, ExternalInclude, Source};

    fn ours(path: &str, name: Option<&str>, view: &str, methods: &[&str]) -> Route {
        Route {
            name: name.map(str::to_string),
            source: Source {
                file: "app/urls.py".into(),
                line: 3,
            },
            ..Route::sample(path, methods, view)
        }
    }

    fn theirs(path: &str, name: Option<&str>, view: &str, methods: Option<&[&str]>) -> DjangoRoute {
        DjangoRoute {
            path: path.into(),
            name: name.map(str::to_string),
            view: view.into(),
            methods: methods.map(|m| m.iter().map(|m| m.to_string()).collect()),
            urlconf: Some("app.urls".into()),
        }
    }

    fn map(routes: Vec<Route>) -> RouteMap {
        RouteMap {
            schema_version: SCHEMA_VERSION,
            discovery: Discovery::default(),
            routes,
            external_includes: Vec::new(),
            converters: Default::default(),
            redirects: Default::default(),
            findings: Vec::new(),
            warnings: vec![
                Warning::new("app/urls.py", 3, "view cannot be resolved"),
                Warning::new("app/urls.py", 9, "entries it adds are missing"),
                Warning::new("other/urls.py", 1, "unrelated"),
            ],
        }
    }

    fn django(routes: Vec<DjangoRoute>) -> DjangoMap {
        DjangoMap {
            routes,
            ..Default::default()
        }
    }

    fn kinds(v: &Verification) -> Vec<(DifferenceKind, &str, String)> {
        v.differences
            .iter()
            .map(|d| (d.kind, d.path.as_str(), d.fields.join(",")))
            .collect()
    }

    #[test]
    fn methods_are_compared_as_sets_without_head_and_options_where_django_knows_them() {
        let m = map(vec![
            ours("/a/", Some("a"), "v.a", &["GET", "POST"]),
            ours("/b/", Some("b"), "v.b", &["ANY"]),
            ours("/c/", Some("c"), "v.c", &["ANY"]),
            ours("/d/", Some("d"), "v.d", &["OPTIONS"]),
        ]);
        let d = django(vec![
            theirs("/a/", Some("a"), "v.a", Some(&["post", "HEAD", "GET"])),
            theirs("/b/", Some("b"), "v.b", None),
            theirs("/c/", Some("c"), "v.c", Some(&["GET"])),
            theirs("/d/", Some("d"), "v.d", Some(&["OPTIONS"])),
        ]);
        let v = verify(&m, d, &Config::default());
        assert_eq!(
            kinds(&v),
            vec![(DifferenceKind::Differs, "/c/", "methods".to_string())]
        );
        assert_eq!(v.counts.matched, 4);
        assert_eq!(v.counts.methods_compared, 3);
        assert!(!v.identical);
    }

    #[test]
    fn routes_pair_by_path_name_and_view_then_by_path_alone() {
        // Two routes share a path (the later never matches in Django, but
        // both are routes); one of them has another view.
        let m = map(vec![
            ours("/x/", Some("x"), "v.one", &["ANY"]),
            ours("/x/", Some("x2"), "v.static_guess", &["ANY"]),
            ours("/only-ours/", None, "v.o", &["ANY"]),
        ]);
        let d = django(vec![
            theirs("/x/", Some("x2"), "v.two", None),
            theirs("/x/", Some("x"), "v.one", None),
            theirs("/only-django/", None, "v.d", None),
        ]);
        let v = verify(&m, d, &Config::default());
        assert_eq!(
            kinds(&v),
            vec![
                (DifferenceKind::Missing, "/only-django/", String::new()),
                (DifferenceKind::Extra, "/only-ours/", String::new()),
                (DifferenceKind::Differs, "/x/", "view".to_string()),
            ]
        );
        let x = &v.differences[2];
        assert_eq!(x.notes, vec!["app/urls.py:3: view cannot be resolved"]);
        // The missing route's URLconf file holds both warnings of app/urls.py.
        assert_eq!(v.related_warnings.len(), 2);
        assert_eq!(
            (v.counts.missing, v.counts.extra, v.counts.differing),
            (1, 1, 1)
        );
    }

    #[test]
    fn ignored_routes_are_left_out_of_both_sides_and_external_includes_named() {
        let mut m = map(vec![ours("/", None, "v.home", &["ANY"])]);
        m.external_includes.push(ExternalInclude {
            prefix: "/accounts/".into(),
            module: "allauth.urls".into(),
            reason: "source not found".into(),
            source: Source {
                file: "site/urls.py".into(),
                line: 7,
            },
        });
        let d = django(vec![
            theirs("/", None, "v.home", None),
            theirs("/health/", None, "v.health", None),
            theirs(
                "/accounts/login/",
                Some("login"),
                "allauth.views.login",
                None,
            ),
        ]);
        let config = Config {
            ignore: vec![Pattern::new("^/health/").expect("valid")],
            ..Default::default()
        };
        let v = verify(&m, d, &config);
        assert_eq!(v.counts.django_routes, 2);
        assert_eq!(
            kinds(&v),
            vec![(DifferenceKind::Missing, "/accounts/login/", String::new())]
        );
        assert!(v.differences[0].notes[0].contains("external include allauth.urls"));
    }

    #[test]
    fn a_named_route_at_another_path_is_one_difference_of_path() {
        let m = map(vec![
            ours("/([\\w\\-/]*)$", Some("serve"), "v.serve", &["ANY"]),
            ours("/b/", None, "v.b", &["ANY"]),
        ]);
        let d = django(vec![
            theirs("/((?:[\\w\\-]+/)*)$", Some("serve"), "v.serve", None),
            theirs("/c/", None, "v.b", None),
        ]);
        let v = verify(&m, d, &Config::default());
        assert_eq!(
            kinds(&v),
            vec![
                (
                    DifferenceKind::Differs,
                    "/((?:[\\w\\-]+/)*)$",
                    "path".to_string()
                ),
                (DifferenceKind::Extra, "/b/", String::new()),
                (DifferenceKind::Missing, "/c/", String::new()),
            ]
        );
        let side = v.differences[0].routecov.as_ref().map(|s| s.path.as_str());
        assert_eq!(side, Some("/([\\w\\-/]*)$"));
    }

    #[test]
    fn identical_maps_say_so() {
        let m = map(vec![ours("/", Some("home"), "v.home", &["GET"])]);
        let d = django(vec![theirs("/", Some("home"), "v.home", Some(&["GET"]))]);
        let v = verify(&m, d, &Config::default());
        assert!(v.identical);
        assert!(v.differences.is_empty() && v.related_warnings.is_empty());
    }
}
