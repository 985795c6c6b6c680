//! Where a URL and a method lead in the route map: an endpoint (a route and
//! one of its methods), no route, an external include, or a route that does
//! not serve the method.

use super::url_match::RouteMatcher;
use crate::model::RouteMap;
use std::collections::HashMap;

/// Where one request of the locustfile leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// Index into [`Resolver::endpoints`].
    Endpoint(usize),
    NoRoute,
    External(String),
    /// The route exists but its view does not accept the method.
    MethodMismatch {
        route: usize,
    },
    /// HEAD/OPTIONS to a route with other methods: Django may answer, but
    /// they are not endpoints of their own.
    Derived {
        route: usize,
    },
    /// The method is not known statically.
    UnknownMethod {
        route: usize,
    },
    /// A route Django serves to any method, with a method other than those
    /// its view's body shows it means to serve.
    Unintended {
        route: usize,
    },
}

impl Resolution {
    /// The route reached without reaching one of its endpoints.
    pub fn route_without_endpoint(&self) -> Option<usize> {
        match self {
            Resolution::MethodMismatch { route }
            | Resolution::Derived { route }
            | Resolution::UnknownMethod { route }
            | Resolution::Unintended { route } => Some(*route),
            _ => None,
        }
    }

    /// Why a request or stats row led here, for the unmatched lists.
    pub fn why(&self, map: &RouteMap) -> String {
        match self {
            Resolution::Endpoint(_) => "reaches an endpoint".into(),
            Resolution::NoRoute => "matches no route (a 404)".into(),
            Resolution::External(m) => {
                format!("is under the external include {m}, whose routes are not counted")
            }
            Resolution::MethodMismatch { route } => {
                let rt = &map.routes[*route];
                format!(
                    "reaches {} whose view {} does not accept the method (accepts {}; a 405)",
                    rt.path,
                    rt.view,
                    rt.methods.join(", ")
                )
            }
            Resolution::Derived { route } => format!(
                "reaches {}; HEAD and OPTIONS are answered by Django for other methods and are not endpoints of their own",
                map.routes[*route].path
            ),
            Resolution::UnknownMethod { route } => format!(
                "reaches {} with a method not known statically",
                map.routes[*route].path
            ),
            Resolution::Unintended { route } => {
                let rt = &map.routes[*route];
                format!(
                    "reaches {}, which Django serves to any method, but whose view {} means to serve {} (from its body)",
                    rt.path,
                    rt.view,
                    rt.counted_methods().join(", ")
                )
            }
        }
    }
}

/// The endpoints of a route map and the resolution of URLs to them.
pub struct Resolver<'a> {
    map: &'a RouteMap,
    pub matcher: RouteMatcher,
    /// `(route index, method)`, routes in resolver order, methods in the
    /// order the route lists them.
    pub endpoints: Vec<(usize, String)>,
    index: HashMap<(usize, String), usize>,
}

impl<'a> Resolver<'a> {
    pub fn new(map: &'a RouteMap) -> Resolver<'a> {
        let mut endpoints = Vec::new();
        let mut index = HashMap::new();
        for (ri, r) in map.routes.iter().enumerate() {
            for m in r.counted_methods() {
                index.insert((ri, m.clone()), endpoints.len());
                endpoints.push((ri, m.clone()));
            }
        }
        Resolver {
            map,
            matcher: RouteMatcher::for_map(map),
            endpoints,
            index,
        }
    }

    /// Where `method` leads on the route `route`.
    pub fn method(&self, route: usize, method: &str) -> Resolution {
        let r = &self.map.routes[route];
        let m = method.to_ascii_uppercase();
        let counted = r.counted_methods();
        if counted.iter().any(|x| x == "ANY") {
            return self
                .index
                .get(&(route, "ANY".to_string()))
                .map_or(Resolution::NoRoute, |&i| Resolution::Endpoint(i));
        }
        if m.contains('{') {
            return Resolution::UnknownMethod { route };
        }
        if let Some(&i) = self.index.get(&(route, m.clone())) {
            return Resolution::Endpoint(i);
        }
        if m == "HEAD" || m == "OPTIONS" {
            return Resolution::Derived { route };
        }
        if r.methods == ["ANY"] {
            // Django serves it; the view's body says it means other methods.
            return Resolution::Unintended { route };
        }
        Resolution::MethodMismatch { route }
    }

    /// The route a resolution reaches, whether or not it serves the method.
    pub fn route(&self, resolution: &Resolution) -> Option<usize> {
        match resolution {
            Resolution::Endpoint(i) => self.endpoints.get(*i).map(|e| e.0),
            other => other.route_without_endpoint(),
        }
    }

    /// Where `method` on `url` leads.
    pub fn url(&self, url: &str, method: &str) -> Resolution {
        match self.matcher.resolve(url) {
            Some(route) => self.method(route, method),
            None => match self.matcher.resolve_external(url) {
                Some(e) => Resolution::External(self.map.external_includes[e].module.clone()),
                None => Resolution::NoRoute,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Discovery, Origin, Route, Source};

    fn route(path: &str, methods: &[&str], intended: Option<&[&str]>) -> Route {
        let strings = |m: &[&str]| m.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Route {
            path: path.into(),
            methods: strings(methods),
            methods_note: None,
            intended_methods: intended.map(strings),
            intended_evidence: vec!["renders a template at v.py:3".into()],
            export_flow: None,
            view: "app.views.v".into(),
            name: None,
            categories: vec![],
            origin: Origin::Project,
            regex: false,
            condition: None,
            source: Source {
                file: "x".into(),
                line: 1,
            },
        }
    }

    #[test]
    fn a_view_served_to_any_method_is_counted_by_its_intended_methods() {
        let map = RouteMap {
            schema_version: 2,
            discovery: Discovery::default(),
            routes: vec![
                route("/page/", &["ANY"], Some(&["GET"])),
                route("/ping/", &["ANY"], None),
            ],
            external_includes: Vec::new(),
            converters: Default::default(),
            findings: Vec::new(),
            warnings: Vec::new(),
        };
        let r = Resolver::new(&map);
        assert_eq!(
            r.endpoints,
            vec![(0, "GET".to_string()), (1, "ANY".to_string())]
        );
        assert_eq!(r.url("/page/", "GET"), Resolution::Endpoint(0));
        assert_eq!(r.url("/page/", "HEAD"), Resolution::Derived { route: 0 });
        // Django serves the POST: not a 405, but not the page's endpoint.
        let post = r.url("/page/", "POST");
        assert_eq!(post, Resolution::Unintended { route: 0 });
        assert!(post.why(&map).contains("means to serve GET"));
        assert_eq!(r.url("/ping/", "POST"), Resolution::Endpoint(1));
    }
}
