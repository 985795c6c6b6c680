//! Nested routes as the two nested-router packages make them:
//! drf-extensions' `NestedRegistryItem.register(..., parents_query_lookups=[...])`
//! prefixes and drf-nested-routers' `NestedMixin` route tables.

use super::routers::RouteDef;
use super::url_values::host;
use crate::python::Value;

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
