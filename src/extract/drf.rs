//! Django REST framework routers, generated the way DRF's `SimpleRouter` and
//! `DefaultRouter` generate them: list route, list actions, detail route,
//! detail actions (actions sorted by name, as `inspect.getmembers` returns
//! them), the API root view, and format-suffix patterns.

use super::url_values::{class_of, AsView, ClassTarget, Registration, Router, UrlEntry};
use super::views::{class_members, viewset_actions, Members};
use crate::python::{Interp, Str, Value};
use std::collections::BTreeSet;

struct RouteSpec {
    url: String,
    /// (HTTP method, action) pairs.
    mapping: Vec<(String, String)>,
    name: String,
}

/// A method decorated with DRF's `@action`.
struct ExtraAction {
    /// The method's name.
    name: String,
    detail: bool,
    methods: Vec<String>,
    url_path: String,
    url_name: String,
}

/// The URL patterns `router.urls` returns.
pub fn router_urls(it: &mut Interp, router: &Router) -> Vec<Value> {
    let mut out: Vec<UrlEntry> = Vec::new();
    for reg in &router.registry {
        registration_urls(it, router, reg, &mut out);
    }
    if router.default {
        out.push(UrlEntry::Pattern {
            regex: false,
            route: Str::lit(""),
            view: AsView::value(
                ClassTarget::External("rest_framework.routers.APIRootView".into()),
                vec![],
            ),
            name: Some("api-root".into()),
            file: router.file.clone(),
            line: router.line,
            condition: it.condition(),
            methods: Some(vec!["GET".into()]),
        });
        out = format_suffix_patterns(out);
    }
    out.into_iter().map(UrlEntry::value).collect()
}

/// The patterns of one `router.register(...)`, appended to `out`.
fn registration_urls(
    it: &mut Interp,
    router: &Router,
    reg: &Registration,
    out: &mut Vec<UrlEntry>,
) {
    let prefix = registration_prefix(it, reg);
    let Some(class) = class_of(&reg.viewset) else {
        it.diags.warn_at(
            &reg.file,
            reg.line,
            format!(
                "viewset `{}` cannot be resolved; its routes are missing",
                reg.viewset.describe()
            ),
        );
        return;
    };
    let members = class_members(it, &class);
    let actions = viewset_actions(&members);
    let basename = registration_basename(it, reg, &class, &prefix);
    let lookup = lookup_pattern(it, &class, router.use_regex_path);
    let trailing = if router.trailing_slash { "/" } else { "" };
    for spec in route_specs(&actions, &extra_actions(&members), &basename) {
        if spec.mapping.is_empty() {
            continue;
        }
        let url = spec
            .url
            .replace("{prefix}", &prefix)
            .replace("{lookup}", &lookup)
            .replace("{trailing_slash}", trailing);
        out.push(UrlEntry::Pattern {
            regex: router.use_regex_path,
            route: Str::lit(finish_url(url, &prefix, router.use_regex_path)),
            view: AsView::value(class.clone(), vec![]),
            name: Some(spec.name),
            file: reg.file.clone(),
            line: reg.line,
            condition: it.condition(),
            methods: Some(spec.mapping.iter().map(|(m, _)| m.to_uppercase()).collect()),
        });
    }
}

/// The registration's prefix; its template (with a warning) when unknown.
fn registration_prefix(it: &mut Interp, reg: &Registration) -> String {
    match reg.prefix.known() {
        Some(p) => p,
        None => {
            it.diags.warn_at(
                &reg.file,
                reg.line,
                format!(
                    "router prefix `{}` cannot be evaluated statically",
                    reg.prefix.template()
                ),
            );
            reg.prefix.template()
        }
    }
}

/// `basename=`, else the queryset's model, else (with a warning) the prefix.
fn registration_basename(
    it: &mut Interp,
    reg: &Registration,
    class: &ClassTarget,
    prefix: &str,
) -> String {
    if let Some(b) = &reg.basename {
        return b.clone();
    }
    if let Some(b) = default_basename(it, class) {
        return b;
    }
    it.diags.warn_at(
        &reg.file,
        reg.line,
        format!(
            "cannot determine the basename of `{}` (no basename= and no queryset model); using the prefix",
            class.dotted()
        ),
    );
    prefix.replace('/', "-")
}

/// The `@action` methods with their settings, sorted by name.
fn extra_actions(members: &Members) -> Vec<ExtraAction> {
    let mut extra: Vec<ExtraAction> = members
        .actions
        .iter()
        .map(|(f, d)| {
            let name = f
                .qualname
                .rsplit('.')
                .next()
                .unwrap_or(&f.qualname)
                .to_string();
            let kw = |k: &str| {
                d.kwargs
                    .iter()
                    .find(|(n, _)| n == k)
                    .map(|(_, v)| v.clone())
            };
            let detail = kw("detail").and_then(|v| v.truthy()).unwrap_or(false);
            let methods: Vec<String> = kw("methods")
                .or_else(|| d.args.first().cloned())
                .and_then(|v| v.items())
                .map(|i| {
                    i.iter()
                        .filter_map(|x| x.as_known_str())
                        .map(|m| m.to_lowercase())
                        .collect()
                })
                .unwrap_or_else(|| vec!["get".to_string()]);
            let url_path = kw("url_path")
                .and_then(|v| v.as_known_str())
                .unwrap_or_else(|| name.clone());
            let url_name = kw("url_name")
                .and_then(|v| v.as_known_str())
                .unwrap_or_else(|| name.replace('_', "-"));
            ExtraAction {
                name,
                detail,
                methods,
                url_path,
                url_name,
            }
        })
        .collect();
    extra.sort_by(|a, b| a.name.cmp(&b.name));
    extra
}

/// DRF's routes in its order: list, list actions, detail, detail actions.
/// URLs keep `{prefix}`, `{lookup}` and `{trailing_slash}` to fill in.
fn route_specs(
    actions: &BTreeSet<String>,
    extra: &[ExtraAction],
    basename: &str,
) -> Vec<RouteSpec> {
    let mut specs = Vec::new();
    let map = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .filter(|(_, a)| actions.contains(*a))
            .map(|(m, a)| (m.to_string(), a.to_string()))
            .collect()
    };
    specs.push(RouteSpec {
        url: "^{prefix}{trailing_slash}$".into(),
        mapping: map(&[("get", "list"), ("post", "create")]),
        name: format!("{basename}-list"),
    });
    for detail in [false, true] {
        if detail {
            specs.push(RouteSpec {
                url: "^{prefix}/{lookup}{trailing_slash}$".into(),
                mapping: map(&[
                    ("get", "retrieve"),
                    ("put", "update"),
                    ("patch", "partial_update"),
                    ("delete", "destroy"),
                ]),
                name: format!("{basename}-detail"),
            });
        }
        for action in extra.iter().filter(|a| a.detail == detail) {
            let url = if detail {
                "^{prefix}/{lookup}/{url_path}{trailing_slash}$"
            } else {
                "^{prefix}/{url_path}{trailing_slash}$"
            };
            specs.push(RouteSpec {
                url: url.replace("{url_path}", &action.url_path),
                mapping: action
                    .methods
                    .iter()
                    .map(|m| (m.clone(), action.name.clone()))
                    .collect(),
                name: format!("{basename}-{}", action.url_name),
            });
        }
    }
    specs
}

/// A route for `path()` loses its anchors; an empty prefix leaves no
/// leading slash.
fn finish_url(url: String, prefix: &str, regex: bool) -> String {
    if !regex {
        let url = url.trim_start_matches('^').trim_end_matches('$');
        if prefix.is_empty() {
            url.trim_start_matches('/').to_string()
        } else {
            url.to_string()
        }
    } else if prefix.is_empty() && url.starts_with("^/") {
        format!("^{}", &url[2..])
    } else {
        url
    }
}

/// DRF's `format_suffix_patterns`: each pattern followed by its `.json`-style twin.
fn format_suffix_patterns(entries: Vec<UrlEntry>) -> Vec<UrlEntry> {
    let mut out = Vec::with_capacity(entries.len() * 2);
    for e in entries {
        let suffixed = match &e {
            UrlEntry::Pattern { regex, route, .. } => {
                let base = route.template();
                let base = base.trim_end_matches('$').trim_end_matches('/');
                let new_route = if *regex {
                    format!("{base}\\.(?P<format>[a-z0-9]+)/?$")
                } else {
                    format!("{base}<drf_format_suffix:format>")
                };
                let mut twin = e.clone();
                if let UrlEntry::Pattern { route, .. } = &mut twin {
                    *route = Str::lit(new_route);
                }
                Some(twin)
            }
            _ => None,
        };
        out.push(e);
        out.extend(suffixed);
    }
    out
}

fn lookup_pattern(it: &mut Interp, class: &ClassTarget, regex: bool) -> String {
    let attr = |it: &mut Interp, name: &str| -> Option<String> {
        match class {
            ClassTarget::Local(c) => it.class_attr(c, name).and_then(|v| v.as_known_str()),
            ClassTarget::External(_) => None,
        }
    };
    let field = attr(it, "lookup_field").unwrap_or_else(|| "pk".to_string());
    let kwarg = attr(it, "lookup_url_kwarg").unwrap_or(field);
    if regex {
        let value = attr(it, "lookup_value_regex").unwrap_or_else(|| "[^/.]+".to_string());
        format!("(?P<{kwarg}>{value})")
    } else {
        let conv = attr(it, "lookup_value_converter")
            .or_else(|| attr(it, "lookup_value_regex"))
            .unwrap_or_else(|| "str".to_string());
        format!("<{conv}:{kwarg}>")
    }
}

/// `queryset.model._meta.object_name.lower()`: the model class name of the
/// `queryset = Model.objects...` class attribute.
fn default_basename(it: &mut Interp, class: &ClassTarget) -> Option<String> {
    let ClassTarget::Local(c) = class else {
        return None;
    };
    let v = it.class_attr(c, "queryset")?;
    let text = match &v {
        Value::Unknown(u) => u.text.clone(),
        other => other.describe(),
    };
    // DRF takes `queryset.model`'s name: in `app.models.Position.objects.all()`
    // or `Position.all.none()` (a custom manager), the model is the class
    // named by the chain, by convention its first capitalised part.
    let chain = text.split('(').next()?;
    let parts: Vec<&str> = chain.split('.').map(str::trim).collect();
    let model = parts
        .iter()
        .take(parts.len().saturating_sub(1))
        .find(|p| p.starts_with(|c: char| c.is_ascii_uppercase()))?;
    if !model.chars().all(|ch| ch.is_alphanumeric() || ch == '_') {
        return None;
    }
    Some(model.to_lowercase())
}
