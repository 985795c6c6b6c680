//! Where a URL and a method lead in the route map: an endpoint (a route and
//! one of its methods), no route, an external include, or a route that does
//! not serve the method.

use super::url_match::{split_url, RouteMatcher};
use crate::model::{language_variant, RouteMap};
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
    /// A write Django redirects (`APPEND_SLASH`, the locale prefix) to a
    /// route: the write as sent never reaches its view.
    RedirectedWrite {
        route: usize,
        redirect: Redirect,
    },
}

/// Which middleware redirects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RedirectKind {
    /// `CommonMiddleware` with `APPEND_SLASH`: a 301 to the path with a slash.
    AppendSlash,
    /// `LocaleMiddleware` with `i18n_patterns`: a 302 to the path under the
    /// language prefix.
    Locale,
}

impl RedirectKind {
    /// `APPEND_SLASH` or `locale`, as the report names it.
    pub fn label(self) -> &'static str {
        match self {
            RedirectKind::AppendSlash => "APPEND_SLASH",
            RedirectKind::Locale => "locale",
        }
    }

    /// The status Django answers with.
    pub fn status(self) -> u16 {
        match self {
            RedirectKind::AppendSlash => 301,
            RedirectKind::Locale => 302,
        }
    }
}

/// A redirect Django's middleware answers a URL with before any view runs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Redirect {
    pub kind: RedirectKind,
    /// The path redirected to, as Django writes it into `Location`.
    pub location: String,
}

/// Where a URL leads once Django's redirects are followed as Locust's
/// client (`requests`) follows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Followed {
    pub resolution: Resolution,
    /// The redirect on the way, when there is one.
    pub redirect: Option<Redirect>,
}

/// What `requests` sends after a redirect of `status` (its
/// `Session.rebuild_method`): a 302 or 303 turns everything but HEAD into
/// GET, a 301 turns POST into GET.
pub fn method_after(status: u16, method: &str) -> String {
    let m = method.to_ascii_uppercase();
    match status {
        302 | 303 if m != "HEAD" => "GET".into(),
        301 if m == "POST" => "GET".into(),
        _ => m,
    }
}

/// POST, PUT, PATCH, DELETE: what `get_full_path_with_slash` refuses under
/// `DEBUG`.
fn is_write(method: &str) -> bool {
    matches!(method, "POST" | "PUT" | "PATCH" | "DELETE")
}

impl Resolution {
    /// The route reached without reaching one of its endpoints.
    pub fn route_without_endpoint(&self) -> Option<usize> {
        match self {
            Resolution::MethodMismatch { route }
            | Resolution::Derived { route }
            | Resolution::UnknownMethod { route }
            | Resolution::Unintended { route }
            | Resolution::RedirectedWrite { route, .. } => Some(*route),
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
            Resolution::RedirectedWrite { redirect, .. } => {
                format!(
                    "is redirected by {} ({}) to {}: {}",
                    redirect.kind.label(),
                    redirect.kind.status(),
                    redirect.location,
                    lost_write(redirect.kind, map.redirects.debug)
                )
            }
        }
    }
}

/// What becomes of a write Django redirects.
pub fn lost_write(kind: RedirectKind, debug: Option<bool>) -> &'static str {
    match (kind, debug) {
        (RedirectKind::Locale, _) => {
            "Locust's client repeats it as a GET, so the write is never tested"
        }
        (RedirectKind::AppendSlash, Some(true)) => {
            "under DEBUG Django raises RuntimeError (a 500), so the write is never tested"
        }
        (RedirectKind::AppendSlash, Some(false)) => {
            "Locust's client repeats a POST as a GET and a PUT, PATCH or DELETE without its body, so the write is never tested as written"
        }
        (RedirectKind::AppendSlash, None) => {
            "under DEBUG Django raises RuntimeError (a 500), otherwise Locust's client repeats a POST as a GET and a PUT, PATCH or DELETE without its body: the write is never tested as written"
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

    /// Where `method` on `url` leads, Django's redirects followed.
    pub fn url(&self, url: &str, method: &str) -> Resolution {
        self.follow(url, method).resolution
    }

    /// Where `method` on `url` leads without redirects.
    fn direct(&self, url: &str, method: &str) -> Resolution {
        let url = match self.language_prefix(url) {
            Some(Some(served)) => served,
            Some(None) => return Resolution::NoRoute,
            None => url.to_string(),
        };
        match self.matcher.resolve(&url) {
            Some(route) => self.method(route, method),
            None => match self.matcher.resolve_external(&url) {
                Some(e) => Resolution::External(self.map.external_includes[e].module.clone()),
                None => Resolution::NoRoute,
            },
        }
    }

    /// Under `LocaleMiddleware`, the routes of `i18n_patterns` are served
    /// under the prefix of every language of `LANGUAGES`, as its variant
    /// reads (`/en/` for `LANGUAGE_CODE = "en-us"` with Django's languages),
    /// while the map writes them under `LANGUAGE_CODE`. For a URL with
    /// such a prefix: `Some(Some(url))` is the URL as the map writes it,
    /// `Some(None)` a prefix Django serves nothing under (`/en-us/` when
    /// it activates `en`); `None` leaves the URL as it is.
    fn language_prefix(&self, url: &str) -> Option<Option<String>> {
        let settings = &self.map.redirects;
        let prefix = settings.i18n_prefix.as_ref()?;
        if settings.locale_middleware != Some(true) || !url.starts_with('/') {
            return None;
        }
        let rest = &url[1..];
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (first, tail) = rest.split_at(end);
        if !settings.language_in_path(&format!("/{first}")) {
            return None;
        }
        let served = language_variant(first, &settings.languages)?;
        if first.eq_ignore_ascii_case(prefix) {
            // The map's own prefix, served only when it is its own variant.
            return Some((served == *prefix).then(|| url.to_string()));
        }
        Some(Some(format!("/{prefix}{tail}")))
    }

    /// Where `method` on `url` leads, with the redirect Django answers a
    /// path that matches nothing with when the settings say it does.
    pub fn follow(&self, url: &str, method: &str) -> Followed {
        let direct = self.direct(url, method);
        if direct != Resolution::NoRoute {
            return Followed {
                resolution: direct,
                redirect: None,
            };
        }
        let Some(redirect) = self.redirect(url) else {
            return Followed {
                resolution: direct,
                redirect: None,
            };
        };
        let m = method.to_ascii_uppercase();
        let after = method_after(redirect.kind.status(), &m);
        let target = self.direct(&redirect.location, &after);
        let resolution = match self.route(&target) {
            Some(route) if is_write(&m) => Resolution::RedirectedWrite {
                route,
                redirect: redirect.clone(),
            },
            // HEAD: Locust's client does not follow redirects of a HEAD
            // unless told to; it is no endpoint of its own either way.
            _ => target,
        };
        Followed {
            resolution,
            redirect: Some(redirect),
        }
    }

    /// The redirect Django answers `url` (which resolves to nothing) with:
    /// `CommonMiddleware.should_redirect_with_slash` (the path with a slash
    /// appended resolves), else `LocaleMiddleware.process_response` (the
    /// path under the language prefix, or that with a slash, resolves).
    fn redirect(&self, url: &str) -> Option<Redirect> {
        let settings = &self.map.redirects;
        let (path, query) = split_url(url);
        let with_query = |p: &str| match &query {
            Some(q) => format!("{p}?{q}"),
            None => p.to_string(),
        };
        let valid = |p: &str| self.direct(p, "GET") != Resolution::NoRoute;
        let slash = (!path.ends_with('/')).then(|| format!("{path}/"));
        // `should_redirect_with_slash` asks the view it would reach.
        let appends_to = |p: &str| {
            let reached = self.direct(p, "GET");
            reached != Resolution::NoRoute
                && !self
                    .route(&reached)
                    .is_some_and(|i| self.map.routes[i].no_append_slash)
        };
        if settings.appends_slash() == Some(true) {
            if let Some(s) = slash.as_ref().filter(|s| appends_to(s)) {
                return Some(Redirect {
                    kind: RedirectKind::AppendSlash,
                    location: with_query(s),
                });
            }
        }
        if settings.adds_language() != Some(true) || settings.language_in_path(&path) {
            return None;
        }
        let Some(language) = &settings.language else {
            return None;
        };
        let mut tail = path.clone();
        if !valid(&format!("/{language}{tail}")) {
            // `path_needs_slash` reads the setting alone, whatever the middleware.
            let needs_slash = settings.append_slash == Some(true)
                && slash
                    .as_ref()
                    .is_some_and(|s| valid(&format!("/{language}{s}")));
            if !needs_slash {
                return None;
            }
            tail.push('/');
        }
        Some(Redirect {
            kind: RedirectKind::Locale,
            location: with_query(&format!("/{language}{tail}")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Discovery, Route};

    fn route(path: &str, methods: &[&str], intended: Option<&[&str]>) -> Route {
        let strings = |m: &[&str]| m.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Route {
            intended_methods: intended.map(strings),
            intended_evidence: vec!["renders a template at v.py:3".into()],
            ..Route::sample(path, methods, "app.views.v")
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
            redirects: Default::default(),
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

    fn redirect_map(redirects: crate::model::Redirects) -> RouteMap {
        RouteMap {
            schema_version: 2,
            discovery: Discovery::default(),
            routes: vec![
                route("/items/", &["GET", "POST"], None),
                route("/en-us/channels/", &["GET"], None),
                route("/ping", &["GET"], None),
            ],
            external_includes: Vec::new(),
            converters: Default::default(),
            findings: Vec::new(),
            redirects,
            warnings: Vec::new(),
        }
    }

    fn settings() -> crate::model::Redirects {
        crate::model::Redirects {
            common_middleware: Some(true),
            locale_middleware: Some(true),
            append_slash: Some(true),
            debug: Some(true),
            i18n_prefix: Some("en-us".into()),
            language: Some("en".into()),
            languages: vec!["en".into(), "de".into()],
        }
    }

    #[test]
    fn append_slash_redirects_reads_to_the_route_with_the_slash() {
        let map = redirect_map(settings());
        let r = Resolver::new(&map);
        let f = r.follow("/items?page=2", "GET");
        assert_eq!(f.resolution, Resolution::Endpoint(0));
        let redirect = f.redirect.expect("redirected");
        assert_eq!(redirect.kind, RedirectKind::AppendSlash);
        assert_eq!(redirect.location, "/items/?page=2");
        // A path that resolves is never redirected, with a slash or without.
        assert_eq!(r.follow("/ping", "GET").redirect, None);
        assert_eq!(r.follow("/ping/", "GET").resolution, Resolution::NoRoute);
        // Nothing to append to, nothing valid with it: a 404.
        assert_eq!(r.follow("/nothing", "GET").resolution, Resolution::NoRoute);
    }

    #[test]
    fn no_append_slash_views_are_no_target_and_head_follows_like_get() {
        let mut map = redirect_map(settings());
        let head = Resolver::new(&map).follow("/items", "HEAD");
        assert_eq!(head.resolution, Resolution::Derived { route: 0 });
        assert_eq!(
            head.redirect.map(|r| r.kind),
            Some(RedirectKind::AppendSlash)
        );
        map.routes[0].no_append_slash = true;
        let r = Resolver::new(&map);
        for method in ["GET", "HEAD", "POST"] {
            let f = r.follow("/items", method);
            assert_eq!(f.redirect, None, "{method}");
            assert_eq!(f.resolution, Resolution::NoRoute, "{method}");
        }
    }

    #[test]
    fn a_redirected_write_never_reaches_its_view() {
        let map = redirect_map(settings());
        let r = Resolver::new(&map);
        let post = r.follow("/items", "POST").resolution;
        assert!(matches!(post, Resolution::RedirectedWrite { route: 0, .. }));
        assert!(post.why(&map).contains("RuntimeError"));
        let mut released = settings();
        released.debug = Some(false);
        let map = redirect_map(released);
        let why = Resolver::new(&map).url("/items", "DELETE").why(&map);
        assert!(why.contains("without its body"), "{why}");
    }

    #[test]
    fn no_redirect_without_the_middleware_or_with_append_slash_off() {
        for change in [
            |s: &mut crate::model::Redirects| s.append_slash = Some(false),
            |s: &mut crate::model::Redirects| s.common_middleware = Some(false),
            |s: &mut crate::model::Redirects| s.common_middleware = None,
        ] {
            let mut s = settings();
            change(&mut s);
            let map = redirect_map(s);
            assert_eq!(
                Resolver::new(&map).url("/items", "GET"),
                Resolution::NoRoute
            );
        }
    }

    #[test]
    fn locale_redirects_add_the_language_of_the_request() {
        let map = redirect_map(settings());
        let r = Resolver::new(&map);
        for url in ["/channels/", "/channels"] {
            let f = r.follow(url, "GET");
            assert_eq!(f.resolution, Resolution::Endpoint(2), "{url}");
            let redirect = f.redirect.expect("redirected");
            assert_eq!(redirect.kind, RedirectKind::Locale);
            assert_eq!(redirect.location, "/en/channels/");
        }
        // A 302: the client repeats a write as a GET.
        let why = r.url("/channels/", "POST").why(&map);
        assert!(why.contains("repeats it as a GET"), "{why}");
        // A path naming a language is not redirected: Django serves the
        // routes under each language's prefix, as its variant reads.
        assert_eq!(r.url("/de/channels/", "GET"), Resolution::Endpoint(2));
        assert_eq!(r.url("/en/channels/", "GET"), Resolution::Endpoint(2));
        assert_eq!(
            r.follow("/en/channels", "GET").redirect.map(|r| r.location),
            Some("/en/channels/".to_string())
        );
        assert_eq!(r.url("/en-us/channels/", "GET"), Resolution::NoRoute);
        assert_eq!(r.url("/fr/channels/", "GET"), Resolution::NoRoute);
        let mut s = settings();
        s.locale_middleware = Some(false);
        let map = redirect_map(s);
        assert_eq!(
            Resolver::new(&map).url("/channels/", "GET"),
            Resolution::NoRoute
        );
        let mut s = settings();
        s.i18n_prefix = None;
        let map = redirect_map(s);
        assert_eq!(
            Resolver::new(&map).url("/channels/", "GET"),
            Resolution::NoRoute
        );
    }

    #[test]
    fn the_client_changes_methods_as_requests_does() {
        assert_eq!(method_after(301, "POST"), "GET");
        assert_eq!(method_after(301, "PUT"), "PUT");
        assert_eq!(method_after(302, "DELETE"), "GET");
        assert_eq!(method_after(302, "HEAD"), "HEAD");
    }
}
