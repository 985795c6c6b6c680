//! Nested routes as the two nested-router packages make them:
//! drf-extensions' `NestedRegistryItem.register(..., parents_query_lookups=[...])`
//! prefixes and drf-nested-routers' `NestedMixin` route tables. The
//! routers' own methods they call (the parent's `get_lookup_regex`, the
//! router's `_register`) are called through the caller's [`MethodCall`].

use super::routers::{router_attr, NestedItem, RouteDef, Router, RouterContext, RouterObject};
use super::url_values::{class_of, host, ClassTarget};
use crate::python::{Args, Interp, Site, Str, Value};
use std::rc::Rc;

/// Calls a method of a router, looked up through its classes.
pub type MethodCall<'a> = &'a mut dyn FnMut(&mut Interp, &Rc<Router>, &str, &Args) -> Option<Value>;

/// drf-extensions' `compose_parent_pk_kwarg_name` prefix (its
/// `DEFAULT_PARENT_LOOKUP_KWARG_NAME_PREFIX` setting's default).
pub const PARENT_LOOKUP_PREFIX: &str = "parent_lookup_";

/// `NestedRegistryItem.get_prefix(current_prefix, parents_query_lookups)`.
/// `chain` holds, from the item registered on up to the router, each
/// item's `parent_prefix` and its parent viewset's `lookup_value_regex`.
/// `None` when `parents_query_lookups` is too short for the chain (Python
/// raises `IndexError`).
pub fn extensions_prefix(
    chain: &[(String, String)],
    lookups: &[String],
    kwarg_prefix: &str,
    current: &str,
) -> Option<String> {
    let mut prefix = "/".to_string();
    let mut i = lookups.len() as isize - 1;
    for (parent_prefix, regex) in chain {
        // Python's negative index counts from the end.
        let at = if i < 0 { lookups.len() as isize + i } else { i };
        let lookup = lookups.get(usize::try_from(at).ok()?)?;
        prefix = format!("{parent_prefix}/(?P<{kwarg_prefix}{lookup}>{regex})/{prefix}");
        i -= 1;
    }
    Some(format!("{}/{current}", prefix.trim_matches('/')))
}

/// `NestedMixin`'s `parent_regex`: the parent's prefix and lookup, after
/// the parent router's own `parent_regex` when it is nested too.
pub fn parent_regex(parent_prefix: &str, lookup: &str, grandparent: Option<&str>) -> String {
    let mut regex = format!("{parent_prefix}/{lookup}/");
    if parent_prefix.is_empty() {
        if let Some(rest) = regex.strip_prefix('/') {
            regex = rest.to_string();
        }
    }
    match grandparent {
        Some(g) => format!("{g}{regex}"),
        None => regex,
    }
}

/// `NestedMixin`'s routes: each of `routes` under `parent_regex`, its
/// mapping shared as `type(route)(**route._asdict())` shares it.
pub fn nest_routes(routes: &[Value], parent_regex: &str, use_regex: bool) -> Vec<Value> {
    let escaped = parent_regex.replace('{', "{{").replace('}', "}}");
    routes
        .iter()
        .map(|r| match host::<RouteDef>(r) {
            Some(route) => {
                let mut route = route.clone();
                route.url = if use_regex {
                    route.url.replace('^', &format!("^{escaped}"))
                } else {
                    format!("{escaped}{}", route.url)
                };
                route.value()
            }
            None => r.clone(),
        })
        .collect()
}

/// drf-nested-routers' `NestedMixin.__init__(parent_router, parent_prefix,
/// lookup=...)`, after the router's own `__init__`: its routes go under
/// the parent's registration of `parent_prefix` and its lookup.
pub fn nest(
    it: &mut Interp,
    ctx: &RouterContext,
    router: &Rc<Router>,
    args: &Args,
    site: Site,
    call: MethodCall<'_>,
) {
    let parent = args
        .get(0, "parent_router")
        .and_then(|p| host::<RouterObject>(p))
        .map(|p| p.0.clone());
    let parent_prefix = args.get(1, "parent_prefix").and_then(|p| p.as_known_str());
    let (Some(parent), Some(parent_prefix)) = (parent, parent_prefix) else {
        it.warn(
            site.module,
            site,
            "nested router: its parent router or parent prefix cannot be evaluated statically; its routes are missing",
        );
        router.set_attr("routes", Value::list(vec![]));
        return;
    };
    let nest_count = parent
        .attr("nest_count")
        .and_then(|n| match n {
            Value::Int(i) => Some(i),
            _ => None,
        })
        .unwrap_or(0)
        + 1;
    router.set_attr("nest_count", Value::Int(nest_count));
    let lookup = match args.kw("lookup") {
        Some(l) => l.as_known_str(),
        None => Some(format!("nested_{nest_count}")),
    };
    if args.kw("trailing_slash").is_none() {
        let t = router_attr(it, ctx, &parent, "trailing_slash");
        router.set_attr("trailing_slash", t);
    }
    let registered = parent.registry_items().into_iter().find_map(|e| {
        let parts = e.items()?;
        (parts.first()?.as_known_str()? == parent_prefix).then(|| parts.get(1).cloned())?
    });
    let (Some(lookup), Some(parent_viewset)) = (lookup, registered) else {
        it.warn(
            site.module,
            site,
            format!("nested router: no registration `{parent_prefix}` on its parent router, or its lookup= cannot be evaluated; its routes are missing"),
        );
        router.set_attr("routes", Value::list(vec![]));
        return;
    };
    let lookup_args = Args {
        pos: vec![parent_viewset, Value::str(format!("{lookup}_"))],
        kw: vec![],
    };
    let parent_lookup =
        call(it, &parent, "get_lookup_regex", &lookup_args).and_then(|l| l.as_known_str());
    let Some(parent_lookup) = parent_lookup else {
        it.warn(
            site.module,
            site,
            "nested router: the parent router's lookup cannot be evaluated statically; its routes are missing",
        );
        router.set_attr("routes", Value::list(vec![]));
        return;
    };
    let grandparent = parent.attr("parent_regex").and_then(|g| g.as_known_str());
    let regex = parent_regex(&parent_prefix, &parent_lookup, grandparent.as_deref());
    router.set_attr("parent_regex", Value::str(regex.clone()));
    let routes = router_attr(it, ctx, router, "routes")
        .items()
        .unwrap_or_default();
    let use_regex = router.state.borrow().use_regex;
    router.set_attr(
        "routes",
        Value::list(nest_routes(&routes, &regex, use_regex)),
    );
}

/// drf-extensions' `NestedRegistryItem.register(prefix, viewset, basename,
/// parents_query_lookups)`: registers on the router under the chain's
/// prefixes, and returns the item to nest further on.
pub fn register_nested(
    it: &mut Interp,
    item: &Rc<NestedItem>,
    args: &Args,
    site: Site,
    call: MethodCall<'_>,
) -> Value {
    let prefix = args.get(0, "prefix").and_then(|p| p.as_known_str());
    let viewset = args.get(1, "viewset").cloned().unwrap_or(Value::None);
    let viewset = it.resolve(viewset);
    let basename = args.get(2, "basename").cloned().unwrap_or(Value::None);
    let lookups: Option<Vec<String>> = args
        .get(3, "parents_query_lookups")
        .and_then(|l| l.items())
        .and_then(|l| l.iter().map(|v| v.as_known_str()).collect());
    let mut chain = Vec::new();
    let mut at = Some(item.clone());
    while let Some(i) = at {
        let regex = match class_of(&i.parent_viewset) {
            Some(ClassTarget::Local(c)) => it
                .class_attr(&c, "lookup_value_regex")
                .and_then(|v| v.as_known_str()),
            _ => None,
        };
        chain.push((
            i.parent_prefix.template(),
            regex.unwrap_or_else(|| "[^/.]+".to_string()),
        ));
        at = i.parent_item.clone();
    }
    let full = match (&prefix, &lookups) {
        (Some(p), Some(l)) => extensions_prefix(&chain, l, PARENT_LOOKUP_PREFIX, p),
        _ => None,
    };
    let Some(full) = full else {
        it.warn(
            site.module,
            site,
            "nested registration: its prefix or parents_query_lookups cannot be evaluated statically (or are too few for the nesting); its routes are missing",
        );
        return Value::unknown("register(...)", "a nested registration not known");
    };
    let reg_args = Args {
        pos: vec![Value::str(full), viewset.clone(), basename],
        kw: vec![],
    };
    call(it, &item.router, "_register", &reg_args);
    Value::Host(Rc::new(NestedItem {
        router: item.router.clone(),
        parent_prefix: Str::lit(prefix.unwrap_or_default()),
        parent_viewset: viewset,
        parent_item: Some(item.clone()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_prefix_follows_the_chain() {
        let one = [("users".to_string(), "[^/.]+".to_string())];
        assert_eq!(
            extensions_prefix(&one, &["user".into()], PARENT_LOOKUP_PREFIX, "groups").as_deref(),
            Some("users/(?P<parent_lookup_user>[^/.]+)/groups")
        );
        let two = [
            ("groups".to_string(), "[0-9]+".to_string()),
            ("users".to_string(), "[^/.]+".to_string()),
        ];
        assert_eq!(
            extensions_prefix(
                &two,
                &["group__user".into(), "group".into()],
                PARENT_LOOKUP_PREFIX,
                "perms"
            )
            .as_deref(),
            Some("users/(?P<parent_lookup_group__user>[^/.]+)/groups/(?P<parent_lookup_group>[0-9]+)/perms")
        );
        assert_eq!(
            extensions_prefix(&two, &[], PARENT_LOOKUP_PREFIX, "x"),
            None
        );
    }

    #[test]
    fn nested_routes_go_under_the_parent() {
        let regex = parent_regex("shops", "(?P<shop_pk>[^/.]+)", None);
        assert_eq!(regex, "shops/(?P<shop_pk>[^/.]+)/");
        assert_eq!(
            parent_regex("", "(?P<x>[^/.]+)", Some("a/b/")),
            "a/b/(?P<x>[^/.]+)/"
        );
        let routes = nest_routes(
            &[RouteDef::dynamic("^{prefix}/{url_path}{trailing_slash}$", "n", false).value()],
            &regex,
            true,
        );
        let url = host::<RouteDef>(&routes[0]).map(|r| r.url.clone());
        assert_eq!(
            url.as_deref(),
            Some("^shops/(?P<shop_pk>[^/.]+)/{prefix}/{url_path}{trailing_slash}$")
        );
    }
}
