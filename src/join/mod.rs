//! Joining the load test to the routes: which route a request's URL template
//! reaches. Used by `routecov tasks --project` and by the coverage report.

pub mod url_match;

pub use url_match::{split_url, RouteMatcher};

use crate::diagnostics::Warning;
use crate::model::{LocustModel, Request, RouteMap, Task};

/// Categories whose routes `--exclude-tags export` is meant to keep out.
const EXPORT_CATEGORIES: [&str; 2] = ["export", "batch_export"];

/// Fills each request's `route` and, when `export` is excluded, warns about
/// running tasks that reach export routes without the `export` tag.
pub fn join_tasks(model: &mut LocustModel, map: &RouteMap) {
    let matcher = RouteMatcher::for_map(map);
    let resolve = |r: &mut Request| {
        let route = matcher.resolve(&r.url);
        r.route = Some(route.map(|i| map.routes[i].path.clone()));
        if route.is_none() {
            r.external = matcher
                .resolve_external(&r.url)
                .map(|i| map.external_includes[i].module.clone());
        }
    };
    for u in &mut model.users {
        if let Some(h) = &mut u.on_start {
            h.requests.iter_mut().for_each(resolve);
        }
        for_each_task(&mut u.tasks, &mut |t| {
            if let Some(h) = &mut t.on_start {
                h.requests.iter_mut().for_each(resolve);
            }
            t.requests.iter_mut().for_each(resolve);
        });
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

fn for_each_task(tasks: &mut [Task], f: &mut dyn FnMut(&mut Task)) {
    for t in tasks {
        f(t);
        if let Some(sub) = &mut t.tasks {
            for_each_task(sub, f);
        }
    }
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
