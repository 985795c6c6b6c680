//! DRF routers as the evaluator holds them: router objects (DRF's own,
//! drf-extensions', drf-nested-routers', and project subclasses of any of
//! them), the `Route`/`DynamicRoute` entries of their `routes`, and the
//! objects their methods return. Made and read by `drf` and `router_urls`.

use crate::python::value::{ClassRef, HostValue};
use crate::python::{Interp, Str, Value};
use std::any::Any;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The router classes known without their source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KnownRouter {
    Simple,
    Default,
    /// drf-extensions' `ExtendedSimpleRouter`.
    ExtendedSimple,
    ExtendedDefault,
    /// drf-nested-routers' `NestedSimpleRouter`.
    NestedSimple,
    NestedDefault,
}

const KNOWN: &[(&str, KnownRouter)] = &[
    ("rest_framework.routers.SimpleRouter", KnownRouter::Simple),
    ("rest_framework.routers.DefaultRouter", KnownRouter::Default),
    (
        "rest_framework_extensions.routers.ExtendedSimpleRouter",
        KnownRouter::ExtendedSimple,
    ),
    (
        "rest_framework_extensions.routers.ExtendedDefaultRouter",
        KnownRouter::ExtendedDefault,
    ),
    // Both packages' `routers` modules import DRF's two routers: code
    // reaches them through those modules too.
    (
        "rest_framework_nested.routers.SimpleRouter",
        KnownRouter::Simple,
    ),
    (
        "rest_framework_nested.routers.DefaultRouter",
        KnownRouter::Default,
    ),
    (
        "rest_framework_extensions.routers.SimpleRouter",
        KnownRouter::Simple,
    ),
    (
        "rest_framework_extensions.routers.DefaultRouter",
        KnownRouter::Default,
    ),
    (
        "rest_framework_nested.routers.NestedSimpleRouter",
        KnownRouter::NestedSimple,
    ),
    (
        "rest_framework_nested.routers.NestedDefaultRouter",
        KnownRouter::NestedDefault,
    ),
];

/// Modules whose routers are modelled, never read from source.
pub const KNOWN_ROUTER_MODULES: &[&str] = &[
    "rest_framework_extensions.routers",
    "rest_framework_nested.routers",
];

impl KnownRouter {
    pub fn from_dotted(dotted: &str) -> Option<KnownRouter> {
        KNOWN.iter().find(|(d, _)| *d == dotted).map(|(_, k)| *k)
    }

    pub fn dotted(self) -> &'static str {
        KNOWN
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(d, _)| *d)
            .unwrap_or("rest_framework.routers.SimpleRouter")
    }

    /// Derives from DRF's `DefaultRouter` (API root view, format suffixes).
    pub fn is_default(self) -> bool {
        matches!(
            self,
            KnownRouter::Default | KnownRouter::ExtendedDefault | KnownRouter::NestedDefault
        )
    }

    /// drf-extensions' `NestedRouterMixin`: `register` returns an item to nest on.
    pub fn is_extended(self) -> bool {
        matches!(
            self,
            KnownRouter::ExtendedSimple | KnownRouter::ExtendedDefault
        )
    }

    /// drf-nested-routers' `NestedMixin`: made under a parent router's route.
    pub fn is_nested(self) -> bool {
        matches!(self, KnownRouter::NestedSimple | KnownRouter::NestedDefault)
    }
}

/// One class of a router's method resolution order.
#[derive(Debug, Clone)]
pub enum RouterClass {
    Project(ClassRef),
    Known(KnownRouter),
}

/// A router instance.
#[derive(Debug)]
pub struct Router {
    /// Its classes in method resolution order, the known router last.
    pub mro: Vec<RouterClass>,
    pub state: RefCell<RouterState>,
    /// Where it was made.
    pub file: String,
    pub line: usize,
}

#[derive(Debug)]
pub struct RouterState {
    /// Instance attributes (`routes`, `trailing_slash`, what `__init__` sets).
    pub attrs: BTreeMap<String, Value>,
    /// `self.registry`: `(prefix, viewset, basename)` tuples.
    pub registry: Value,
    /// Where each registry entry was registered, in the same order.
    pub sites: Vec<(String, usize)>,
    /// The unknown condition each registry entry was registered under.
    pub conditions: Vec<Option<String>>,
    /// `use_regex_path`: `re_path` patterns, else `path` ones.
    pub use_regex: bool,
}

impl Router {
    pub fn new(mro: Vec<RouterClass>, file: String, line: usize) -> Router {
        Router {
            mro,
            state: RefCell::new(RouterState {
                attrs: BTreeMap::new(),
                registry: Value::list(vec![]),
                sites: Vec::new(),
                conditions: Vec::new(),
                use_regex: true,
            }),
            file,
            line,
        }
    }

    /// The known router at the end of its classes.
    pub fn known(&self) -> KnownRouter {
        self.mro
            .iter()
            .rev()
            .find_map(|c| match c {
                RouterClass::Known(k) => Some(*k),
                RouterClass::Project(_) => None,
            })
            .unwrap_or(KnownRouter::Simple)
    }

    /// The class it was made from, for messages.
    pub fn class_name(&self) -> String {
        match self.mro.first() {
            Some(RouterClass::Project(c)) => format!("{}.{}", c.module, c.qualname),
            _ => self.known().dotted().to_string(),
        }
    }

    pub fn attr(&self, name: &str) -> Option<Value> {
        self.state.borrow().attrs.get(name).cloned()
    }

    pub fn set_attr(&self, name: &str, value: Value) {
        self.state
            .borrow_mut()
            .attrs
            .insert(name.to_string(), value);
    }

    pub fn registry_items(&self) -> Vec<Value> {
        self.state.borrow().registry.items().unwrap_or_default()
    }

    /// Gives registry entries added since the last call the site `site`
    /// and the unknown condition they were registered under.
    pub fn mark_sites(&self, site: &(String, usize), condition: Option<String>) {
        let mut st = self.state.borrow_mut();
        let n = st.registry.len_hint();
        while st.sites.len() < n {
            st.sites.push(site.clone());
            st.conditions.push(condition.clone());
        }
    }
}

/// A router as code holds it (`self` in its methods, too).
#[derive(Debug, Clone)]
pub struct RouterObject(pub Rc<Router>);

impl RouterObject {
    pub fn value(router: Rc<Router>) -> Value {
        Value::Host(Rc::new(RouterObject(router)))
    }
}

impl HostValue for RouterObject {
    fn describe(&self) -> String {
        format!("a {} router", self.0.class_name())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `super()` in a router method: methods looked up from `from` in the
/// router's classes.
#[derive(Debug, Clone)]
pub struct SuperRef {
    pub router: Rc<Router>,
    pub from: usize,
}

impl HostValue for SuperRef {
    fn describe(&self) -> String {
        "super()".into()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A method -> action map, shared as Python shares a dict between a route
/// and its `_replace` copies: `routes[0].mapping.update(...)` changes both.
pub type Mapping = Rc<RefCell<Vec<(String, String)>>>;

/// DRF's `Route` (with a mapping) or `DynamicRoute` (without).
#[derive(Debug, Clone)]
pub struct RouteDef {
    pub url: String,
    pub name: String,
    pub detail: bool,
    pub mapping: Option<Mapping>,
}

impl RouteDef {
    pub fn value(self) -> Value {
        Value::Host(Rc::new(self))
    }

    pub fn route(url: &str, mapping: &[(&str, &str)], name: &str, detail: bool) -> RouteDef {
        RouteDef {
            url: url.into(),
            name: name.into(),
            detail,
            mapping: Some(Rc::new(RefCell::new(
                mapping
                    .iter()
                    .map(|(m, a)| (m.to_string(), a.to_string()))
                    .collect(),
            ))),
        }
    }

    pub fn dynamic(url: &str, name: &str, detail: bool) -> RouteDef {
        RouteDef {
            url: url.into(),
            name: name.into(),
            detail,
            mapping: None,
        }
    }
}

impl HostValue for RouteDef {
    fn describe(&self) -> String {
        let kind = if self.mapping.is_some() {
            "Route"
        } else {
            "DynamicRoute"
        };
        format!("{kind}(url={:?})", self.url)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `route.mapping` as code holds it.
#[derive(Debug, Clone)]
pub struct MappingRef(pub Mapping);

impl MappingRef {
    pub fn dict(&self) -> Value {
        Value::dict(
            self.0
                .borrow()
                .iter()
                .map(|(m, a)| (Value::str(m.clone()), Value::str(a.clone())))
                .collect(),
        )
    }
}

impl HostValue for MappingRef {
    fn describe(&self) -> String {
        "a route's mapping".into()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// drf-extensions' `NestedRegistryItem`: what `register` returns, to
/// register nested viewsets on.
#[derive(Debug, Clone)]
pub struct NestedItem {
    pub router: Rc<Router>,
    pub parent_prefix: Str,
    pub parent_viewset: Value,
    pub parent_item: Option<Rc<NestedItem>>,
}

impl HostValue for NestedItem {
    fn describe(&self) -> String {
        "a nested registry item".into()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// What the router hooks keep between calls.
#[derive(Debug, Default)]
pub struct RouterContext {
    /// Project router methods running, innermost last: their router and the
    /// index of the class defining them (for `super()`).
    pub frames: RefCell<Vec<(Rc<Router>, usize)>>,
    /// `SimpleRouter.routes`: one list, as a class attribute is, so a
    /// change one router's `__init__` makes is seen by every router.
    pub drf_routes: RefCell<Option<Value>>,
    /// Functions already warned about, so a limit is said once.
    pub warned: RefCell<std::collections::BTreeSet<String>>,
    /// `rest_framework.__version__` (major, minor) of the DRF found in the
    /// site-packages; `None` when none was found (a recent DRF is assumed).
    pub drf_version: std::cell::Cell<Option<(u32, u32)>>,
    /// Viewsets' own `get_extra_actions` being run (`extra_actions`).
    pub extra_actions: super::extra_actions::ExtraActionFrames,
}

/// DRF's `SimpleRouter.routes`.
pub fn drf_routes() -> Vec<Value> {
    vec![
        RouteDef::route(
            "^{prefix}{trailing_slash}$",
            &[("get", "list"), ("post", "create")],
            "{basename}-list",
            false,
        )
        .value(),
        RouteDef::dynamic(
            "^{prefix}/{url_path}{trailing_slash}$",
            "{basename}-{url_name}",
            false,
        )
        .value(),
        RouteDef::route(
            "^{prefix}/{lookup}{trailing_slash}$",
            &[
                ("get", "retrieve"),
                ("put", "update"),
                ("patch", "partial_update"),
                ("delete", "destroy"),
            ],
            "{basename}-detail",
            true,
        )
        .value(),
        RouteDef::dynamic(
            "^{prefix}/{lookup}/{url_path}{trailing_slash}$",
            "{basename}-{url_name}",
            true,
        )
        .value(),
    ]
}

/// `self.name` of a router: an instance attribute, else a class attribute
/// of its classes, else the known router's.
pub fn router_attr(it: &mut Interp, ctx: &RouterContext, router: &Rc<Router>, name: &str) -> Value {
    if name == "registry" {
        return router.state.borrow().registry.clone();
    }
    if let Some(v) = router.attr(name) {
        return v;
    }
    for class in &router.mro {
        match class {
            RouterClass::Project(c) => {
                if let Some(v) = it.class_scope(c).get(name) {
                    return v.clone();
                }
            }
            RouterClass::Known(k) => return known_attr(ctx, *k, name),
        }
    }
    Value::unknown(format!("self.{name}"), "router attribute not known")
}

/// Class attributes of the known routers.
pub fn known_attr(ctx: &RouterContext, known: KnownRouter, name: &str) -> Value {
    match name {
        "routes" => ctx
            .drf_routes
            .borrow_mut()
            .get_or_insert_with(|| Value::list(drf_routes()))
            .clone(),
        "include_root_view" | "include_format_suffixes" if known.is_default() => Value::Bool(true),
        "root_view_name" if known.is_default() => Value::str("api-root"),
        "APIRootView" if known.is_default() => {
            Value::External("rest_framework.routers.APIRootView".into())
        }
        _ => Value::unknown(format!("self.{name}"), "router attribute not known"),
    }
}

/// `str.format` with named fields only; `None` when a field is not given
/// (Python raises `KeyError`).
pub fn format_named(template: &str, fields: &[(&str, &str)]) -> Option<String> {
    let mut out = String::with_capacity(template.len());
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut field = String::new();
                for f in chars.by_ref() {
                    if f == '}' {
                        break;
                    }
                    field.push(f);
                }
                let (_, v) = fields.iter().find(|(n, _)| *n == field)?;
                out.push_str(v);
            }
            other => out.push(other),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_named_follows_python() {
        assert_eq!(
            format_named(
                "^{prefix}/{lookup}{trailing_slash}$",
                &[
                    ("prefix", "items"),
                    ("lookup", "(?P<pk>[^/.]+)"),
                    ("trailing_slash", "/")
                ]
            )
            .as_deref(),
            Some("^items/(?P<pk>[^/.]+)/$")
        );
        assert_eq!(
            format_named("^{prefix}/x{{2}}$", &[("prefix", "a")]).as_deref(),
            Some("^a/x{2}$")
        );
        assert_eq!(format_named("{missing}", &[]), None);
    }

    #[test]
    fn known_routers_by_name() {
        let k = KnownRouter::from_dotted("rest_framework_nested.routers.NestedDefaultRouter");
        assert_eq!(k, Some(KnownRouter::NestedDefault));
        assert!(k.is_some_and(|k| k.is_nested() && k.is_default() && !k.is_extended()));
        assert_eq!(KnownRouter::from_dotted("app.routers.Router"), None);
    }
}
