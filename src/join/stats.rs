//! The stats join: each Locust stats row to the endpoint(s) it reaches.
//!
//! A stats row is joined through the request(s) of the locustfile that carry
//! its name (`name=`, or the URL when there is none). When no request carries
//! it (the CSV came from an older locustfile), the name itself is matched as a
//! path, `[x]` standing for any value, allowing a missing leading prefix; such
//! a join is marked `approximate`.
//!
//! Request URL templates are compiled once, when the join is made, not per
//! stats row.

use super::requests::{requests, Walked};
use super::resolution::{Redirect, Resolution, Resolver};
use super::url_match::split_url;
use crate::model::stats::{RunStats, StatsRow};
use crate::model::{LocustModel, RouteMap};
use regex::Regex;
use std::collections::BTreeSet;

/// A request of a concrete user class, where it leads, and the pattern of
/// the stats names Locust gives it when it has no `name=`.
pub struct JoinedRequest<'a> {
    pub walked: Walked<'a>,
    pub resolution: Resolution,
    /// The redirect Django answers the request with on the way, when its
    /// URL reaches a route only through one.
    pub redirect: Option<Redirect>,
    /// Compiled once: matched against every stats row.
    template: Option<Regex>,
}

/// How a stats row found its endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// A request's `name=` is the row's name.
    Name,
    /// A request without `name=` whose URL template matches the row's name.
    Template,
    /// No request carries the row; its name, taken as a path, matches a route.
    Path,
}

/// What one stats row reaches.
pub struct RowJoin {
    /// Indices into [`StatsJoin::requests`] of the requests carrying the row.
    pub carriers: Vec<usize>,
    /// Indices into the resolver's endpoints.
    pub targets: BTreeSet<usize>,
    /// The routes reached (indices into the map's routes), each once, the
    /// first request's first; a route counts even when it does not serve the
    /// row's method.
    pub routes: Vec<usize>,
    pub how: How,
    /// Why the row reaches no endpoint (empty when it reaches some).
    pub reason: String,
}

impl RowJoin {
    /// Joined by its name as a path, not through a request.
    pub fn approximate(&self) -> bool {
        self.how == How::Path
    }
}

/// The join of a route map and a Locust model, ready for stats rows.
pub struct StatsJoin<'a> {
    pub map: &'a RouteMap,
    pub resolver: Resolver<'a>,
    /// The requests of the model's concrete user classes (abstract classes'
    /// tasks are inherited into their subclasses, so they are not repeated).
    pub requests: Vec<JoinedRequest<'a>>,
    prefixes: Vec<String>,
}

impl<'a> StatsJoin<'a> {
    pub fn new(map: &'a RouteMap, model: Option<&'a LocustModel>) -> StatsJoin<'a> {
        let resolver = Resolver::new(map);
        let requests = model
            .map(requests)
            .unwrap_or_default()
            .into_iter()
            .filter(|w| !w.user.is_abstract)
            .map(|walked| {
                let followed = resolver.follow(&walked.request.url, &walked.request.method);
                JoinedRequest {
                    resolution: followed.resolution,
                    redirect: followed.redirect,
                    template: match walked.request.name {
                        Some(_) => None,
                        None => template_regex(&split_url(&walked.request.url).0),
                    },
                    walked,
                }
            })
            .collect();
        StatsJoin {
            map,
            resolver,
            requests,
            prefixes: prefixes(map),
        }
    }

    /// What each row of `run.stats` reaches, in the same order.
    pub fn rows(&self, run: &RunStats) -> Vec<RowJoin> {
        run.stats.iter().map(|row| self.row(row)).collect()
    }

    /// The stats rows of `run` reaching each endpoint (by index into the
    /// resolver's endpoints), in file order, each with whether it was joined
    /// approximately; `rows` is [`StatsJoin::rows`] of `run`.
    pub fn rows_by_endpoint<'r>(
        &self,
        run: &'r RunStats,
        rows: &[RowJoin],
    ) -> Vec<Vec<(&'r StatsRow, bool)>> {
        let mut out: Vec<Vec<(&StatsRow, bool)>> = vec![Vec::new(); self.resolver.endpoints.len()];
        for (row, j) in run.stats.iter().zip(rows) {
            for &i in &j.targets {
                out[i].push((row, j.approximate()));
            }
        }
        out
    }

    /// What one stats row reaches.
    pub fn row(&self, row: &StatsRow) -> RowJoin {
        let (path, _) = split_url(&row.name);
        let carriers: Vec<usize> = self
            .requests
            .iter()
            .enumerate()
            .filter(|(_, r)| r.carries(row.method.as_deref(), &row.name, &path))
            .map(|(i, _)| i)
            .collect();
        let Some(first) = carriers.first().map(|&c| &self.requests[c]) else {
            return self.by_path(row);
        };
        let targets: BTreeSet<usize> = carriers
            .iter()
            .filter_map(|&c| match self.requests[c].resolution {
                Resolution::Endpoint(i) => Some(i),
                _ => None,
            })
            .collect();
        let mut routes = Vec::new();
        for &c in &carriers {
            let route = self.resolver.route(&self.requests[c].resolution);
            if let Some(route) = route.filter(|r| !routes.contains(r)) {
                routes.push(route);
            }
        }
        let r = first.walked.request;
        let reason = if targets.is_empty() {
            format!(
                "its request {} {} ({}:{}) {}",
                r.method,
                r.url,
                r.file,
                r.line,
                first.resolution.why(self.map)
            )
        } else {
            String::new()
        };
        RowJoin {
            carriers,
            targets,
            routes,
            how: if r.name.is_some() {
                How::Name
            } else {
                How::Template
            },
            reason,
        }
    }

    /// A row no request carries: its name as a path.
    fn by_path(&self, row: &StatsRow) -> RowJoin {
        let mut out = RowJoin {
            carriers: Vec::new(),
            targets: BTreeSet::new(),
            routes: Vec::new(),
            how: How::Path,
            reason: String::new(),
        };
        let looks_like_path = row.name.starts_with('/') || row.name.contains("://");
        if !looks_like_path {
            out.reason =
                "no request in the locustfile carries this name, and it is not a path".into();
            return out;
        }
        let method = row.method.clone().unwrap_or_else(|| "GET".into());
        let found = self.path_resolutions(&name_as_template(&row.name), &method);
        if let [one] = found.as_slice() {
            out.routes.extend(self.resolver.route(one));
        }
        match found.as_slice() {
            [] => {
                out.reason = "no request in the locustfile carries this name, and as a path it matches no route (not even under a route prefix)".into()
            }
            [Resolution::Endpoint(i)] => {
                out.targets.insert(*i);
            }
            [other] => {
                out.reason = format!(
                    "no request in the locustfile carries this name; as a path it {}",
                    other.why(self.map)
                )
            }
            many => {
                let paths: Vec<String> = many
                    .iter()
                    .filter_map(|r| r.route_without_endpoint().map(|i| self.map.routes[i].path.clone()))
                    .collect();
                out.reason = format!(
                    "no request in the locustfile carries this name; as a path it matches several routes under different prefixes: {}",
                    paths.join(", ")
                )
            }
        }
        out
    }

    /// Where `template` leads, else where it leads under each route prefix
    /// (each route once).
    fn path_resolutions(&self, template: &str, method: &str) -> Vec<Resolution> {
        let direct = self.resolver.url(template, method);
        if !matches!(direct, Resolution::NoRoute) {
            return vec![direct];
        }
        let mut found = Vec::new();
        let mut seen = BTreeSet::new();
        for p in &self.prefixes {
            if let Some(route) = self.resolver.matcher.resolve(&format!("{p}{template}")) {
                if seen.insert(route) {
                    found.push(self.resolver.method(route, method));
                }
            }
        }
        found
    }
}

impl JoinedRequest<'_> {
    /// The label Locust writes into the stats for this request: matches
    /// `name` (whose path is `path`)?
    fn carries(&self, method: Option<&str>, name: &str, path: &str) -> bool {
        let r = self.walked.request;
        if let Some(m) = method {
            if !r.method.eq_ignore_ascii_case(m) {
                return false;
            }
        }
        match &r.name {
            Some(n) => n == name,
            // Locust names an unnamed request by the path (and query) it sent.
            None => self.template.as_ref().is_some_and(|re| re.is_match(path)),
        }
    }
}

/// `/api/{pid}/x/` -> `^/api/[^/?#]+/x/$`.
fn template_regex(template: &str) -> Option<Regex> {
    let mut re = String::from("^");
    let mut lit = String::new();
    let mut depth = 0usize;
    for c in template.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    re.push_str(&regex::escape(&lit));
                    lit.clear();
                    re.push_str("[^/?#]+");
                }
                depth += 1;
            }
            '}' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            _ => lit.push(c),
        }
    }
    re.push_str(&regex::escape(&lit));
    re.push('$');
    Regex::new(&re).ok()
}

/// `/api/project/[id]/x/` -> `/api/project/{id}/x/` (query dropped).
fn name_as_template(name: &str) -> String {
    let (path, _) = split_url(name);
    path.replace('[', "{").replace(']', "}")
}

/// Literal leading segments of every route (`/detail_project`,
/// `/detail_project/api`, ...): the prefixes a stats name may lack.
fn prefixes(map: &RouteMap) -> Vec<String> {
    let mut set = BTreeSet::new();
    for r in &map.routes {
        let segs: Vec<&str> = r.path.split('/').filter(|s| !s.is_empty()).collect();
        let mut acc = String::new();
        // The last segment is the route's own name, never a prefix.
        for seg in segs.iter().take(segs.len().saturating_sub(1)) {
            if seg.contains(|c: char| "<>()[]?*+\\^$|{}.".contains(c)) {
                break;
            }
            acc.push('/');
            acc.push_str(seg);
            set.insert(acc.clone());
        }
    }
    let mut v: Vec<String> = set.into_iter().collect();
    v.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_concrete_names() {
        let re = template_regex("/api/project/{pid}/rekap/").unwrap();
        assert!(re.is_match("/api/project/160/rekap/"));
        assert!(!re.is_match("/api/project/160/x/rekap/"));
        assert_eq!(name_as_template("/a/[id]/b/?page=[n]"), "/a/{id}/b/");
    }
}
