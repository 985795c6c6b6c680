//! The URL patterns of a DRF router, made as DRF's `SimpleRouter` and
//! `DefaultRouter` make them from the router's `routes` table: each route
//! formatted with the registration's prefix, lookup and trailing slash,
//! `DynamicRoute`s expanded once per `@action` (sorted by name, as
//! `inspect.getmembers` returns them), methods bound only to actions the
//! viewset has, then the API root view and format-suffix patterns.

use super::routers::{format_named, RouteDef, Router};
use super::url_values::{class_of, AsView, ClassTarget, UrlEntry};
use super::views::{class_members, Members};
use crate::python::value::ClassRef;
use crate::python::{Interp, Site, Str, Value};

/// A method decorated with DRF's `@action`.
struct ExtraAction {
    /// The method's name.
    name: String,
    detail: bool,
    methods: Vec<String>,
    url_path: String,
    url_name: String,
}

/// `SimpleRouter.get_routes`: the routes with each `DynamicRoute` replaced
/// by one route per `@action` of the viewset with its `detail`.
pub fn get_routes(
    it: &mut Interp,
    ctx: &super::routers::RouterContext,
    routes: &[Value],
    viewset: &Value,
) -> Value {
    let extra = match class_of(viewset) {
        Some(class) => {
            let members = class_members(it, &class);
            let mut extra = extra_actions(&members);
            // The viewset's own `get_extra_actions` decides, when its
            // answer is known.
            if let ClassTarget::Local(c) = &class {
                let declared: Vec<_> = members.actions.iter().map(|(f, _)| f.clone()).collect();
                if let Some(kept) =
                    super::extra_actions::chosen(it, &ctx.extra_actions, c, &declared)
                {
                    extra.retain(|a| kept.contains(&a.name));
                }
            }
            extra
        }
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for r in routes {
        match super::url_values::host::<RouteDef>(r) {
            Some(route) if route.mapping.is_none() => {
                for action in extra.iter().filter(|a| a.detail == route.detail) {
                    let url_path = action.url_path.replace('{', "{{").replace('}', "}}");
                    let mapping: Vec<(&str, &str)> = action
                        .methods
                        .iter()
                        .map(|m| (m.as_str(), action.name.as_str()))
                        .collect();
                    let made = RouteDef::route(
                        &route.url.replace("{url_path}", &url_path),
                        &mapping,
                        &route.name.replace("{url_name}", &action.url_name),
                        route.detail,
                    );
                    out.push(made.value());
                }
            }
            _ => out.push(r.clone()),
        }
    }
    Value::list(out)
}

/// `SimpleRouter.get_lookup_regex(viewset, lookup_prefix)`.
pub fn get_lookup_regex(
    it: &mut Interp,
    viewset: &Value,
    lookup_prefix: &str,
    use_regex: bool,
) -> Value {
    let class = class_of(viewset);
    let attr = |it: &mut Interp, name: &str| -> Option<String> {
        match &class {
            Some(ClassTarget::Local(c)) => it.class_attr(c, name).and_then(|v| v.as_known_str()),
            _ => None,
        }
    };
    let field = attr(it, "lookup_field").unwrap_or_else(|| "pk".to_string());
    let kwarg = attr(it, "lookup_url_kwarg").unwrap_or(field);
    let pattern = if use_regex {
        let value = attr(it, "lookup_value_regex").unwrap_or_else(|| "[^/.]+".to_string());
        format!("(?P<{lookup_prefix}{kwarg}>{value})")
    } else {
        let conv = attr(it, "lookup_value_converter")
            .or_else(|| attr(it, "lookup_value_regex"))
            .unwrap_or_else(|| "str".to_string());
        format!("<{conv}:{lookup_prefix}{kwarg}>")
    };
    Value::str(pattern)
}

/// `SimpleRouter.get_default_basename`: the lower-cased name of the
/// queryset's model, unknown when there is none to read.
pub fn get_default_basename(it: &mut Interp, viewset: &Value, site: Site) -> Value {
    let known = match class_of(viewset) {
        Some(class) => default_basename(it, &class, site),
        None => None,
    };
    match known {
        Some(b) => Value::str(b),
        None => Value::unknown(
            format!("basename of {}", viewset.describe()),
            "no basename= and no queryset model",
        ),
    }
}

/// One registration as `get_urls` sees it, its parts already computed.
pub struct Registered<'a> {
    pub prefix: &'a Str,
    pub class: &'a ClassTarget,
    pub basename: &'a str,
    pub lookup: &'a str,
    pub routes: &'a [RouteDef],
    pub file: &'a str,
    pub line: usize,
}

/// The patterns `SimpleRouter.get_urls` makes for one registration; a
/// route whose URL or name cannot be formatted is skipped with a warning.
pub fn registration_patterns(
    it: &mut Interp,
    router: &Router,
    reg: &Registered<'_>,
    out: &mut Vec<UrlEntry>,
) {
    let members = class_members(it, reg.class);
    let (use_regex, trailing) = {
        let st = router.state.borrow();
        let trailing = st.attrs.get("trailing_slash").map(|v| v.to_str());
        (st.use_regex, trailing.unwrap_or_else(|| Str::lit("/")))
    };
    let prefix = reg.prefix.template();
    let trailing = trailing.template();
    for route in reg.routes {
        let methods = method_map(route, &members);
        if methods.is_empty() {
            continue;
        }
        let fields = [
            ("prefix", prefix.as_str()),
            ("lookup", reg.lookup),
            ("trailing_slash", trailing.as_str()),
        ];
        let (Some(mut url), Some(name)) = (
            format_named(&route.url, &fields),
            format_named(&route.name, &[("basename", reg.basename)]),
        ) else {
            it.diags.warn_at(
                reg.file,
                reg.line,
                format!(
                    "route `{}` of router {} names a field DRF does not fill; it is left out",
                    route.url,
                    router.class_name()
                ),
            );
            continue;
        };
        if prefix.is_empty() {
            if !use_regex {
                url = url.strip_prefix('/').map(str::to_string).unwrap_or(url);
            } else if let Some(rest) = url.strip_prefix("^/") {
                url = format!("^{rest}");
            }
        }
        out.push(UrlEntry::Pattern {
            regex: use_regex,
            route: Str::lit(url),
            view: AsView::value(reg.class.clone(), vec![]),
            name: Some(name),
            file: reg.file.to_string(),
            line: reg.line,
            condition: it.condition(),
            methods: Some(methods.iter().map(|m| m.to_uppercase()).collect()),
        });
    }
}

/// `SimpleRouter.get_method_map`: the route's methods whose action the
/// viewset has.
fn method_map(route: &RouteDef, members: &Members) -> Vec<String> {
    let Some(mapping) = &route.mapping else {
        return Vec::new();
    };
    let mapping = mapping.borrow();
    mapping
        .iter()
        .filter(|(_, action)| members.names.contains(action))
        .map(|(m, _)| m.clone())
        .collect()
}

/// `DefaultRouter`'s API root: `path('', view, name=root_view_name)`.
pub fn root_pattern(it: &mut Interp, router: &Router, view: Value, name: String) -> UrlEntry {
    let methods = match &view {
        v if class_of(v).is_some_and(|c| matches!(c, ClassTarget::External(_))) => {
            Some(vec!["GET".to_string()])
        }
        _ => None,
    };
    UrlEntry::Pattern {
        regex: false,
        route: Str::lit(""),
        view,
        name: Some(name),
        file: router.file.clone(),
        line: router.line,
        condition: it.condition(),
        methods,
    }
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

/// Whether a dotted chain names a class (a capitalised part before a call).
fn names_a_class(text: &str) -> bool {
    let chain = text.split('(').next().unwrap_or_default();
    chain
        .split('.')
        .any(|p| p.trim().starts_with(|c: char| c.is_ascii_uppercase()))
}

/// The source text of `queryset = ...` in `class` or the nearest local base
/// that assigns it.
fn queryset_source(it: &mut Interp, class: &ClassRef, depth: usize) -> Option<String> {
    if depth > 8 {
        return None;
    }
    let module = it.load(&class.module)?;
    let body = class.node.child_by_field_name("body")?;
    let mut cursor = body.walk();
    for stmt in body.named_children(&mut cursor) {
        let Some(a) = stmt.named_child(0).filter(|a| a.kind() == "assignment") else {
            continue;
        };
        let (Some(left), Some(right)) = (
            a.child_by_field_name("left"),
            a.child_by_field_name("right"),
        ) else {
            continue;
        };
        if it.node_text(module, left) == "queryset" {
            return Some(it.node_text(module, right));
        }
    }
    for base in it.class_bases(class) {
        if let Value::Class(b) = base {
            if let Some(t) = queryset_source(it, &b, depth + 1) {
                return Some(t);
            }
        }
    }
    None
}

/// `queryset.model._meta.object_name.lower()`: the model class name of the
/// `queryset = Model.objects...` class attribute.
fn default_basename(it: &mut Interp, class: &ClassTarget, site: Site) -> Option<String> {
    let ClassTarget::Local(c) = class else {
        return None;
    };
    let v = it.class_attr(c, "queryset")?;
    // A queryset whose model is known (a project manager's or queryset
    // class's, `Model.objects.none()`): DRF's `queryset.model`, read.
    if matches!(v, Value::Host(_) | Value::Instance(_)) {
        let name = match it.get_attr(&v, "model", site) {
            Value::Class(m) => Some(m.qualname.clone()),
            Value::External(d) => Some(d),
            _ => None,
        };
        if let Some(name) = name {
            return name.rsplit('.').next().map(str::to_lowercase);
        }
    }
    let text = match &v {
        // A project helper around the queryset (`Model.optimize(Model.objects
        // .all())`) returns it under its parameter's name: the class
        // attribute's own source still names the model.
        Value::Unknown(u) if !names_a_class(&u.text) => {
            queryset_source(it, c, 0).unwrap_or_else(|| u.text.clone())
        }
        Value::Unknown(u) => u.text.clone(),
        other => other.describe(),
    };
    // DRF takes `queryset.model`'s name: in `app.models.Position.objects.all()`
    // or `Position.all.none()` (a custom manager), the model is the class
    // named by the chain, by convention its first capitalised part.
    if text.contains("get_user_model()") {
        // The model `settings.AUTH_USER_MODEL` names ("users.User"), when set.
        let settings = Value::External("django.conf.settings".into());
        let model = it
            .get_attr(&settings, "AUTH_USER_MODEL", site)
            .as_known_str()?;
        return model.rsplit('.').next().map(str::to_lowercase);
    }
    // `SomeQuerySet(model=Position)` names its model by keyword.
    let chain = match text.split_once("(model=") {
        Some((_, rest)) => rest.split([')', ',']).next()?.to_string() + ".",
        None => text.split('(').next()?.to_string(),
    };
    let parts: Vec<&str> = chain.split('.').map(str::trim).collect();
    let model = parts
        .iter()
        .take(parts.len().saturating_sub(1))
        .find(|p| p.starts_with(|c: char| c.is_ascii_uppercase()))?;
    if !model.chars().all(|ch| ch.is_alphanumeric() || ch == '_') {
        return None;
    }
    // The name may be an alias (`from .models import Job as JobModel`):
    // DRF takes the class's own name.
    let own = it
        .load(&c.module)
        .and_then(|m| it.modules[m].scope.get(*model).cloned());
    let name = match own.map(|v| it.resolve(v)) {
        Some(Value::Class(m)) => m.qualname.rsplit('.').next().unwrap_or(model).to_string(),
        Some(Value::External(d)) => d.rsplit('.').next().unwrap_or(model).to_string(),
        _ => model.to_string(),
    };
    Some(name.to_lowercase())
}
