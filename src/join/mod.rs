//! Joining the load test to the routes: which route a request's URL template
//! reaches ([`join_tasks`], for `routecov tasks --project`), and which
//! endpoints each stats row of a run reaches ([`stats::StatsJoin`], for
//! `report`, `compare` and `check`). Both walk the model's requests with
//! [`requests::requests`].

pub mod requests;
pub mod resolution;
pub mod stats;
pub mod url_match;

pub use requests::{request_mut, requests, RequestAt, Walked};
pub use resolution::{
    lost_write, method_after, Followed, Redirect, RedirectKind, Resolution, Resolver,
};
pub use stats::{How, JoinedRequest, RowJoin, StatsJoin};
pub use url_match::{split_url, RouteMatcher};

use crate::diagnostics::Warning;
use crate::model::{LocustModel, RouteMap, Task};

/// Categories whose routes `--exclude-tags export` is meant to keep out.
const EXPORT_CATEGORIES: [&str; 2] = ["export", "batch_export"];

/// Fills each request's `route` and, when `export` is excluded, warns about
/// running tasks that reach export routes without the `export` tag.
pub fn join_tasks(model: &mut LocustModel, map: &RouteMap) {
    let matcher = RouteMatcher::for_map(map);
    let found: Vec<(RequestAt, Option<usize>, Option<String>)> = requests(model)
        .into_iter()
        .map(|w| {
            let route = matcher.resolve(&w.request.url);
            let external = match route {
                Some(_) => None,
                None => matcher
                    .resolve_external(&w.request.url)
                    .map(|i| map.external_includes[i].module.clone()),
            };
            (w.at, route, external)
        })
        .collect();
    for (at, route, external) in found {
        let Some(r) = request_mut(model, &at) else {
            continue;
        };
        r.route = Some(route.map(|i| map.routes[i].path.clone()));
        if route.is_none() {
            r.external = external;
        }
    }
    let excludes_export = model
        .filter
        .exclude_tags
        .as_ref()
        .is_some_and(|x| x.iter().any(|t| t == "export"));
    if !excludes_export {
        return;
    }
    let mut warnings: Vec<Warning> = Vec::new();
    for u in &model.users {
        let mut path = vec![u.name.clone()];
        export_warnings(&u.tasks, &mut path, map, &mut warnings);
    }
    for w in warnings {
        if !model.warnings.contains(&w) {
            model.warnings.push(w);
        }
    }
    model.warnings.sort();
}

fn export_warnings(tasks: &[Task], path: &mut Vec<String>, map: &RouteMap, out: &mut Vec<Warning>) {
    for t in tasks {
        path.push(t.name.clone());
        if let Some(sub) = &t.tasks {
            export_warnings(sub, path, map, out);
        } else if t.enabled && !t.tags.iter().any(|g| g == "export") {
            for r in t.requests.iter().filter(|r| r.active) {
                let Some(Some(route)) = &r.route else {
                    continue;
                };
                let Some(route) = map.routes.iter().find(|x| &x.path == route) else {
                    continue;
                };
                if !route
                    .categories
                    .iter()
                    .any(|c| EXPORT_CATEGORIES.contains(&c.as_str()))
                {
                    continue;
                }
                out.push(Warning::new(
                    r.file.clone(),
                    r.line,
                    format!(
                        "{} is not tagged \"export\" but requests {} {}, an export route ({}); --exclude-tags export keeps it running",
                        path.join("/"),
                        r.method,
                        r.url,
                        route.path
                    ),
                ));
            }
        }
        path.pop();
    }
}
