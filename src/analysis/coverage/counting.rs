//! How endpoints are counted beyond the category table: patterns that can
//! never match leave the totals; the partition, in which each endpoint has
//! one category; groups by Django app or path prefix.

use super::totals::coverage_row;
use crate::analysis::categories::Category;
use crate::analysis::route_findings::shadowed_by;
use crate::config::GroupBy;
use crate::join::StatsJoin;
use crate::model::report::{Basis, CategoryCoverage, DuplicateEndpoint, EndpointReport};
use std::collections::BTreeMap;

/// Splits off the endpoints of patterns an earlier pattern of the same path
/// shadows. `endpoints` are in the order of `join`'s resolver endpoints.
pub fn split_duplicates(
    endpoints: Vec<EndpointReport>,
    join: &StatsJoin,
) -> (Vec<EndpointReport>, Vec<DuplicateEndpoint>) {
    let routes = &join.map.routes;
    let shadow = shadowed_by(routes);
    let mut live = Vec::new();
    let mut dead = Vec::new();
    for (e, (route, _)) in endpoints.into_iter().zip(&join.resolver.endpoints) {
        match shadow
            .get(*route)
            .copied()
            .flatten()
            .and_then(|i| routes.get(i))
        {
            Some(first) => dead.push(DuplicateEndpoint {
                method: e.method,
                path: e.path,
                view: e.view,
                source: e.source,
                shadowed_by_view: first.view.clone(),
                shadowed_by: first.source.clone(),
            }),
            None => live.push(e),
        }
    }
    (live, dead)
}

/// Each endpoint in its first category of `categories` (table order); an
/// endpoint in none is counted under `unknown_method` when its method is
/// `ANY`, else under `none`. Rows in table order, those two last.
pub fn partition(
    endpoints: &[EndpointReport],
    categories: &[Category],
    basis: Basis,
) -> Vec<CategoryCoverage> {
    let mut members: Vec<Vec<&EndpointReport>> = vec![Vec::new(); categories.len() + 2];
    for e in endpoints {
        let slot = match categories
            .iter()
            .position(|c| e.categories.contains(&c.name))
        {
            Some(i) => i,
            None if e.method == "ANY" => categories.len(),
            None => categories.len() + 1,
        };
        members[slot].push(e);
    }
    let names = categories
        .iter()
        .map(|c| (c.name.as_str(), c.label.as_str()))
        .chain([
            ("unknown_method", "unknown method"),
            ("none", "no category"),
        ]);
    names
        .zip(&members)
        .filter(|(_, m)| !m.is_empty())
        .map(|((name, label), m)| coverage_row(name, label, m, basis))
        .collect()
}

/// The group of an endpoint: its Django app (the first module of the view's
/// dotted path, or the first directory of its URLconf when the view has no
/// module) or the first `n` segments of its path.
fn group_of(e: &EndpointReport, by: GroupBy) -> String {
    match by {
        GroupBy::App => match e.view.split_once('.') {
            Some((app, _)) if !app.is_empty() => app.to_string(),
            _ => e
                .source
                .file
                .split(['/', '\\'])
                .next()
                .filter(|d| !d.ends_with(".py"))
                .unwrap_or("")
                .to_string(),
        },
        GroupBy::Prefix(n) => {
            let segments: Vec<&str> = e
                .path
                .split('/')
                .filter(|s| !s.is_empty())
                .take(n)
                .collect();
            if segments.is_empty() {
                "/".to_string()
            } else {
                format!("/{}/", segments.join("/"))
            }
        }
    }
}

/// Coverage per group, groups by name.
pub fn groups(endpoints: &[EndpointReport], by: GroupBy, basis: Basis) -> Vec<CategoryCoverage> {
    let mut members: BTreeMap<String, Vec<&EndpointReport>> = BTreeMap::new();
    for e in endpoints {
        members.entry(group_of(e, by)).or_default().push(e);
    }
    let kind = match by {
        GroupBy::App => "app",
        GroupBy::Prefix(_) => "prefix",
    };
    members
        .iter()
        .map(|(name, m)| {
            let label = if name.is_empty() {
                format!("{kind} (none)")
            } else {
                format!("{kind} {name}")
            };
            coverage_row(name, &label, m, basis)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::report::Status;
    use crate::model::Source;

    fn endpoint(
        method: &str,
        path: &str,
        view: &str,
        cats: &[&str],
        status: Status,
    ) -> EndpointReport {
        EndpointReport {
            method: method.into(),
            path: path.into(),
            route_name: None,
            view: view.into(),
            categories: cats.iter().map(|c| c.to_string()).collect(),
            status,
            tasks: Vec::new(),
            stats: None,
            depth: None,
            methods_note: None,
            intended_methods: Default::default(),
            intended_evidence: Default::default(),
            note: None,
            via_redirect: Vec::new(),
            source: Source {
                file: "shop/urls.py".into(),
                line: 1,
            },
        }
    }

    fn cats(names: &[&str]) -> Vec<Category> {
        let mut c = crate::config::Config {
            default_categories: Some(false),
            ..Default::default()
        };
        for n in names {
            c.categories.insert(
                n.to_string(),
                crate::config::CategoryRule {
                    path: crate::config::Pattern::new(n).ok(),
                    ..Default::default()
                },
            );
        }
        crate::analysis::categories::categories(&c)
    }

    #[test]
    fn partition_rows_add_up_to_the_total() {
        let es = vec![
            endpoint("GET", "/a/", "shop.v", &["alpha", "beta"], Status::Declared),
            endpoint("POST", "/b/", "shop.v", &["beta"], Status::Untested),
            endpoint("ANY", "/c/", "shop.v", &[], Status::Declared),
            endpoint("GET", "/d/", "shop.v", &[], Status::Untested),
        ];
        let rows = partition(&es, &cats(&["alpha", "beta"]), Basis::Declared);
        let got: Vec<(&str, usize, usize)> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.endpoints, r.covered))
            .collect();
        assert_eq!(
            got,
            [
                ("alpha", 1, 1),
                ("beta", 1, 0),
                ("unknown_method", 1, 1),
                ("none", 1, 0)
            ]
        );
        assert_eq!(rows.iter().map(|r| r.endpoints).sum::<usize>(), es.len());
    }

    #[test]
    fn groups_by_app_and_by_prefix() {
        let es = vec![
            endpoint(
                "GET",
                "/shop/items/",
                "shop.views.items",
                &[],
                Status::Declared,
            ),
            endpoint(
                "GET",
                "/shop/cart/",
                "shop.views.cart",
                &[],
                Status::Untested,
            ),
            endpoint("GET", "/blog/", "blog.views.posts", &[], Status::Untested),
            endpoint("GET", "/", "<lambda>", &[], Status::Untested),
        ];
        let apps: Vec<(String, usize)> = groups(&es, GroupBy::App, Basis::Declared)
            .into_iter()
            .map(|r| (r.label, r.endpoints))
            .collect();
        assert_eq!(
            apps,
            [("app blog".into(), 1), ("app shop".into(), 3)],
            "a view without a module counts under its URLconf's directory"
        );
        let prefixes: Vec<(String, usize, usize)> =
            groups(&es, GroupBy::Prefix(1), Basis::Declared)
                .into_iter()
                .map(|r| (r.name, r.endpoints, r.covered))
                .collect();
        assert_eq!(
            prefixes,
            [
                ("/".into(), 1, 0),
                ("/blog/".into(), 1, 0),
                ("/shop/".into(), 2, 1)
            ]
        );
    }
}
