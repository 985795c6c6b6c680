//! Django REST framework routers in code: making a router (DRF's
//! `SimpleRouter`/`DefaultRouter`, drf-extensions' `Extended*Router`,
//! drf-nested-routers' `Nested*Router`, or a project class deriving from
//! one, wherever its source is), and calling its methods. A method is
//! looked up through the router's classes as Python does: a project class
//! that defines it has its body run by the evaluator (with `self` the
//! router and `super()` the next class), the known router answers as its
//! package does. `router.urls` is `get_urls()`, made the same way.

use super::drf_nested::{nest, register_nested};
use super::format_suffix::{format_suffix_patterns, SuffixOptions};
use super::router_urls::{
    get_default_basename, get_lookup_regex, get_routes, registration_patterns, root_pattern,
    Registered,
};
use super::router_values::{
    class_getattr, extra_actions_override, looks_like_router, mapping_method, route_method,
    route_value, site_of, super_value,
};
use super::routers::{
    router_attr, KnownRouter, MappingRef, NestedItem, RouteDef, Router, RouterClass, RouterContext,
    RouterObject, SuperRef,
};
use super::url_values::{class_of, host, AsView, UrlEntry};
use crate::python::value::ClassRef;
use crate::python::{Args, Interp, Site, Str, Value};
use std::rc::Rc;

/// A call of a router class, of `Route`/`DynamicRoute`, or of `super()`
/// in a router method; `None` for other callees.
pub fn call(
    it: &mut Interp,
    ctx: &RouterContext,
    callee: &str,
    args: &Args,
    site: Site,
) -> Option<Value> {
    if let Some(k) = KnownRouter::from_dotted(callee) {
        return Some(construct(it, ctx, vec![RouterClass::Known(k)], args, site));
    }
    match callee {
        "rest_framework.routers.Route" | "rest_framework.routers.DynamicRoute" => {
            Some(route_value(it, callee.ends_with(".Route"), args, site))
        }
        "builtins.super" => match super::extra_actions::super_value(&ctx.extra_actions) {
            Some(v) => Some(v),
            None => super_value(ctx, args),
        },
        "builtins.getattr" => class_getattr(it, args),
        _ => {
            if looks_like_router(callee) {
                it.warn(
                    site.module,
                    site,
                    format!(
                        "router class {callee} is not known and its source was not found (give --site-packages); its routes are missing"
                    ),
                );
            }
            None
        }
    }
}

/// `Class(args)` for a project class deriving from a known router.
pub fn instantiate(
    it: &mut Interp,
    ctx: &RouterContext,
    class: &ClassRef,
    base: &str,
    args: &Args,
    site: Site,
) -> Option<Value> {
    let Some(known) = KnownRouter::from_dotted(base) else {
        if looks_like_router(base) {
            it.warn(
                site.module,
                site,
                format!(
                    "router class {}.{} derives from {base}, which is not known and whose source was not found (give --site-packages); its routes are missing",
                    class.module, class.qualname
                ),
            );
        }
        return None;
    };
    let mut mro = Vec::new();
    project_classes(it, class, &mut mro, 0);
    mro.push(RouterClass::Known(known));
    Some(construct(it, ctx, mro, args, site))
}

/// The project classes of a router class in method resolution order
/// (depth first, left to right, each once: Python's order for the
/// hierarchies routers have).
fn project_classes(it: &mut Interp, class: &ClassRef, out: &mut Vec<RouterClass>, depth: usize) {
    if depth > 32
        || out
            .iter()
            .any(|c| matches!(c, RouterClass::Project(p) if p.node.id() == class.node.id()))
    {
        return;
    }
    out.push(RouterClass::Project(class.clone()));
    for base in it.class_bases(class) {
        if let Value::Class(b) = base {
            project_classes(it, &b, out, depth + 1);
        }
    }
}

fn construct(
    it: &mut Interp,
    ctx: &RouterContext,
    mro: Vec<RouterClass>,
    args: &Args,
    site: Site,
) -> Value {
    let (file, line) = site_of(it, site);
    let router = Rc::new(Router::new(mro, file, line));
    dispatch(it, ctx, &router, 0, "__init__", args, site);
    RouterObject::value(router)
}

/// Calls method `name` of `router`, looked up from its class `from` on.
fn dispatch(
    it: &mut Interp,
    ctx: &RouterContext,
    router: &Rc<Router>,
    from: usize,
    name: &str,
    args: &Args,
    site: Site,
) -> Option<Value> {
    for i in from..router.mro.len() {
        match &router.mro[i] {
            RouterClass::Project(c) => {
                let Some(method) = it.class_scope(c).get(name).cloned() else {
                    continue;
                };
                let mut bound = args.clone();
                bound.pos.insert(0, RouterObject::value(router.clone()));
                ctx.frames.borrow_mut().push((router.clone(), i));
                let v = it.call_value(method, &bound, site);
                ctx.frames.borrow_mut().pop();
                return Some(v);
            }
            RouterClass::Known(k) => return known_method(it, ctx, router, *k, name, args, site),
        }
    }
    None
}

/// The methods of the known routers.
fn known_method(
    it: &mut Interp,
    ctx: &RouterContext,
    router: &Rc<Router>,
    known: KnownRouter,
    name: &str,
    args: &Args,
    site: Site,
) -> Option<Value> {
    let viewset = || args.get(0, "viewset").cloned().unwrap_or(Value::None);
    let v = match name {
        "__init__" => {
            init(it, ctx, router, known, args, site);
            Value::None
        }
        "register" if known.is_extended() => {
            dispatch(it, ctx, router, 0, "_register", args, site);
            let last = router.registry_items().last().and_then(|e| e.items());
            let (prefix, viewset) = match last.as_deref() {
                Some([p, v, ..]) => (p.to_str(), v.clone()),
                _ => return Some(Value::None),
            };
            Value::Host(Rc::new(NestedItem {
                router: router.clone(),
                parent_prefix: prefix,
                parent_viewset: viewset,
                parent_item: None,
            }))
        }
        "register" | "_register" => register(it, ctx, router, args, site),
        "get_default_basename" => get_default_basename(it, &viewset(), site),
        "get_routes" => {
            let routes = router_attr(it, ctx, router, "routes");
            get_routes(it, ctx, &routes.items().unwrap_or_default(), &viewset())
        }
        "get_lookup_regex" => {
            let prefix = args
                .get(1, "lookup_prefix")
                .and_then(|p| p.as_known_str())
                .unwrap_or_default();
            let use_regex = router.state.borrow().use_regex;
            get_lookup_regex(it, &viewset(), &prefix, use_regex)
        }
        "get_urls" => Value::list(
            get_urls(it, ctx, router, known, site)
                .into_iter()
                .map(UrlEntry::value)
                .collect(),
        ),
        "get_api_root_view" => {
            let root = router_attr(it, ctx, router, "APIRootView");
            match class_of(&root) {
                Some(class) => AsView::value(class, vec![]),
                None => Value::unknown(root.describe(), "the API root view class is not known"),
            }
        }
        _ => return None,
    };
    Some(v)
}

/// `BaseRouter.register(prefix, viewset, basename=None)`.
fn register(
    it: &mut Interp,
    ctx: &RouterContext,
    router: &Rc<Router>,
    args: &Args,
    site: Site,
) -> Value {
    let prefix = args.get(0, "prefix").cloned().unwrap_or(Value::str(""));
    let viewset = args.get(1, "viewset").cloned().unwrap_or(Value::None);
    let viewset = it.resolve(viewset);
    let basename = match args.get(2, "basename").or_else(|| args.kw("base_name")) {
        Some(b) if !matches!(b, Value::None) => b.clone(),
        _ => dispatch(
            it,
            ctx,
            router,
            0,
            "get_default_basename",
            &Args {
                pos: vec![viewset.clone()],
                kw: vec![],
            },
            site,
        )
        .unwrap_or(Value::None),
    };
    let registry = router.state.borrow().registry.clone();
    if let Value::List(l) = registry {
        l.borrow_mut()
            .push(Value::Tuple(vec![prefix, viewset, basename]));
    }
    Value::None
}

/// The `__init__` of the known routers.
fn init(
    it: &mut Interp,
    ctx: &RouterContext,
    router: &Rc<Router>,
    known: KnownRouter,
    args: &Args,
    site: Site,
) {
    if known.is_nested() {
        let rest = Args {
            pos: args.pos.iter().skip(2).cloned().collect(),
            kw: args
                .kw
                .iter()
                .filter(|(k, _)| {
                    !matches!(k.as_str(), "lookup" | "parent_router" | "parent_prefix")
                })
                .cloned()
                .collect(),
        };
        simple_init(it, ctx, router, &rest, site);
        nest(it, ctx, router, args, site, &mut |it, r, name, a| {
            dispatch(it, ctx, r, 0, name, a, site)
        });
    } else {
        let rest = Args {
            pos: args.pos.clone(),
            kw: args
                .kw
                .iter()
                .filter(|(k, _)| k != "root_renderers")
                .cloned()
                .collect(),
        };
        simple_init(it, ctx, router, &rest, site);
    }
}

/// `SimpleRouter.__init__(trailing_slash=True, use_regex_path=True)`.
fn simple_init(it: &mut Interp, ctx: &RouterContext, router: &Rc<Router>, args: &Args, site: Site) {
    let flag = |it: &mut Interp, i: usize, name: &str| match args.get(i, name) {
        None => true,
        Some(v) => v.truthy().unwrap_or_else(|| {
            it.warn(
                site.module,
                site,
                format!(
                    "router argument {name}={} cannot be evaluated statically; read as True",
                    v.describe()
                ),
            );
            true
        }),
    };
    let trailing = flag(it, 0, "trailing_slash");
    let use_regex = flag(it, 1, "use_regex_path");
    router.set_attr(
        "trailing_slash",
        Value::str(if trailing { "/" } else { "" }),
    );
    router.state.borrow_mut().use_regex = use_regex;
    if !use_regex {
        // DRF strips the anchors off its routes for `path()`, into a new list.
        let routes = router_attr(it, ctx, router, "routes")
            .items()
            .unwrap_or_default();
        let stripped = routes
            .iter()
            .map(|r| match host::<RouteDef>(r) {
                Some(route) => {
                    let mut route = route.clone();
                    if let Some(u) = route.url.strip_prefix('^') {
                        route.url = u.to_string();
                    }
                    if let Some(u) = route.url.strip_suffix('$') {
                        route.url = u.to_string();
                    }
                    route.value()
                }
                None => r.clone(),
            })
            .collect();
        router.set_attr("routes", Value::list(stripped));
    }
}

/// `router.urls`: `get_urls()` as the router's classes make it.
fn urls(it: &mut Interp, ctx: &RouterContext, router: &Rc<Router>, site: Site) -> Value {
    let v = dispatch(it, ctx, router, 0, "get_urls", &Args::default(), site);
    match v {
        Some(v @ Value::List(_)) => v,
        other => {
            let why = other.map(|v| v.describe()).unwrap_or_default();
            it.warn(
                site.module,
                site,
                format!(
                    "router class {}: `get_urls()` cannot be evaluated statically ({why}); its routes are missing",
                    router.class_name()
                ),
            );
            Value::unknown("router.urls", "a router whose URLs are not known")
        }
    }
}

/// A registration made under an unknown condition: its routes sit under
/// it too, besides any condition around the read of `router.urls`.
fn add_condition(entries: &mut [UrlEntry], registered_under: &str) {
    for e in entries {
        if let UrlEntry::Pattern { condition, .. } = e {
            *condition = Some(match condition.take() {
                Some(c) if c.contains(registered_under) => c,
                Some(c) => format!("{c} and {registered_under}"),
                None => registered_under.to_string(),
            });
        }
    }
}

/// `SimpleRouter.get_urls`, and `DefaultRouter`'s root view and format
/// suffixes, each step through the router's own methods.
fn get_urls(
    it: &mut Interp,
    ctx: &RouterContext,
    router: &Rc<Router>,
    known: KnownRouter,
    site: Site,
) -> Vec<UrlEntry> {
    let mut out = Vec::new();
    let items = router.registry_items();
    for (i, item) in items.iter().enumerate() {
        let (at, condition) = {
            let st = router.state.borrow();
            let at = st.sites.get(i).cloned();
            (at, st.conditions.get(i).cloned().flatten())
        };
        let at = at.unwrap_or_else(|| (router.file.clone(), router.line));
        let start = out.len();
        registration(it, ctx, router, item, &at, site, &mut out);
        if let Some(c) = condition {
            add_condition(&mut out[start..], &c);
        }
    }
    if !known.is_default() {
        return out;
    }
    if router_attr(it, ctx, router, "include_root_view").truthy() == Some(true) {
        let view = dispatch(
            it,
            ctx,
            router,
            0,
            "get_api_root_view",
            &Args::default(),
            site,
        )
        .unwrap_or(Value::None);
        let name = router_attr(it, ctx, router, "root_view_name")
            .as_known_str()
            .unwrap_or_else(|| "api-root".into());
        if class_of(&view).is_some() {
            out.push(root_pattern(it, router, view, name));
        } else {
            it.diags.warn_at(
                &router.file,
                router.line,
                format!(
                    "router class {}: the API root view `{}` cannot be evaluated statically; its route is missing",
                    router.class_name(),
                    view.describe()
                ),
            );
        }
    }
    if router_attr(it, ctx, router, "include_format_suffixes").truthy() == Some(true) {
        let opts = SuffixOptions {
            drf_version: ctx.drf_version.get(),
            ..Default::default()
        };
        // A router's own patterns are regex routes, or path() routes only
        // in the DRF versions that have the converter.
        out = format_suffix_patterns(out, &opts).0;
    }
    out
}

/// The patterns of one registry entry, appended to `out`.
fn registration(
    it: &mut Interp,
    ctx: &RouterContext,
    router: &Rc<Router>,
    item: &Value,
    (file, line): &(String, usize),
    site: Site,
    out: &mut Vec<UrlEntry>,
) {
    let parts = item.items().unwrap_or_default();
    let [prefix, viewset, basename] = parts.as_slice() else {
        it.diags.warn_at(
            file,
            *line,
            format!(
                "router registry entry {} is not (prefix, viewset, basename)",
                item.describe()
            ),
        );
        return;
    };
    let warn = |it: &mut Interp, m: String| it.diags.warn_at(file, *line, m);
    let prefix = match prefix {
        Value::Str(s) => {
            if s.known().is_none() {
                warn(
                    it,
                    format!(
                        "router prefix `{}` cannot be evaluated statically",
                        s.template()
                    ),
                );
            }
            s.clone()
        }
        other => {
            let text = other.describe();
            warn(
                it,
                format!("router prefix `{text}` cannot be evaluated statically"),
            );
            Str::hole(text)
        }
    };
    let Some(class) = class_of(viewset) else {
        warn(
            it,
            format!(
                "viewset `{}` cannot be resolved; its routes are missing",
                viewset.describe()
            ),
        );
        return;
    };
    let basename = basename.as_known_str().unwrap_or_else(|| {
        warn(it, format!(
            "cannot determine the basename of `{}` (no basename= and no queryset model); using the prefix",
            class.dotted()
        ));
        prefix.template().replace('/', "-")
    });
    let one = Args {
        pos: vec![viewset.clone()],
        kw: vec![],
    };
    let lookup = dispatch(it, ctx, router, 0, "get_lookup_regex", &one, site);
    let Some(lookup) = lookup.as_ref().and_then(|l| l.as_known_str()) else {
        let why = lookup.map(|l| l.describe()).unwrap_or_default();
        warn(it, format!(
            "router class {}: `get_lookup_regex` for `{}` cannot be evaluated statically ({why}); its routes are missing",
            router.class_name(),
            class.dotted()
        ));
        return;
    };
    let routes = dispatch(it, ctx, router, 0, "get_routes", &one, site);
    let Some(routes) = routes.as_ref().and_then(|r| r.items()) else {
        let why = routes.map(|r| r.describe()).unwrap_or_default();
        warn(it, format!(
            "router class {}: `get_routes` for `{}` cannot be evaluated statically ({why}); its routes are missing",
            router.class_name(),
            class.dotted()
        ));
        return;
    };
    extra_actions_override(it, ctx, &class, file, *line);
    let mut defs = Vec::with_capacity(routes.len());
    for r in &routes {
        match host::<RouteDef>(r) {
            Some(d) => defs.push(d.clone()),
            None => warn(
                it,
                format!(
                    "router class {}: route `{}` cannot be evaluated statically; its routes are missing",
                    router.class_name(),
                    r.describe()
                ),
            ),
        }
    }
    let reg = Registered {
        prefix: &prefix,
        class: &class,
        basename: &basename,
        lookup: &lookup,
        routes: &defs,
        file,
        line: *line,
    };
    registration_patterns(it, router, &reg, out);
}

/// Methods of router objects, `super()`, routes and their mappings, and
/// drf-extensions' registry items.
pub fn method(
    it: &mut Interp,
    ctx: &RouterContext,
    recv: &Value,
    name: &str,
    args: &Args,
    site: Site,
) -> Option<Value> {
    if let Some(obj) = host::<RouterObject>(recv) {
        let router = obj.0.clone();
        let outer = ctx.frames.borrow().is_empty();
        let v = dispatch(it, ctx, &router, 0, name, args, site);
        if outer {
            router.mark_sites(&site_of(it, site), it.condition());
        }
        return v;
    }
    if let Some(s) = host::<SuperRef>(recv) {
        let s = s.clone();
        return dispatch(it, ctx, &s.router, s.from, name, args, site);
    }
    if let Some(m) = host::<MappingRef>(recv) {
        return mapping_method(m, name, args);
    }
    if let Some(r) = host::<RouteDef>(recv) {
        return route_method(r, name, args);
    }
    if let Some(item) = host::<NestedItem>(recv) {
        if name == "register" {
            let item = Rc::new(item.clone());
            let v = register_nested(it, &item, args, site, &mut |it, r, name, a| {
                dispatch(it, ctx, r, 0, name, a, site)
            });
            item.router.mark_sites(&site_of(it, site), it.condition());
            return Some(v);
        }
    }
    None
}

/// Attributes of router objects (`router.urls`, `self.routes`, ...) and
/// of routes.
pub fn attribute(
    it: &mut Interp,
    ctx: &RouterContext,
    recv: &Value,
    name: &str,
    site: Site,
) -> Option<Value> {
    if let Some(obj) = host::<RouterObject>(recv) {
        let router = obj.0.clone();
        return Some(match name {
            "urls" => urls(it, ctx, &router, site),
            _ => router_attr(it, ctx, &router, name),
        });
    }
    let r = host::<RouteDef>(recv)?;
    Some(match name {
        "url" => Value::str(r.url.clone()),
        "name" => Value::str(r.name.clone()),
        "detail" => Value::Bool(r.detail),
        "mapping" => match &r.mapping {
            Some(m) => Value::Host(Rc::new(MappingRef(m.clone()))),
            None => return None,
        },
        _ => return None,
    })
}

/// `self.name = value` in a router method.
pub fn set_attribute(recv: &Value, name: &str, value: Value) -> bool {
    let Some(obj) = host::<RouterObject>(recv) else {
        return false;
    };
    obj.0.set_attr(name, value);
    true
}
