//! Django's URL objects as objects: `URLPattern`, `URLResolver`,
//! `RoutePattern` and `RegexPattern` built by calling the classes, and the
//! attributes of the entries `path()`/`re_path()`/`include()` make
//! (`callback`, `pattern`, `name`, `default_args`; `url_patterns`,
//! `urlconf_name`, `namespace`, `app_name`), read and assigned as code
//! does on Django's objects: a plugin host that walks a list of patterns
//! and sets `entry.callback = wrap(entry.callback)` changes the view of
//! every route it reaches.

use super::url_values::{host, AsView, ClassTarget, PatternObject, UrlEntry, UrlObject};
use crate::python::value::Attributes;
use crate::python::{Args, Interp, Site, Str, Value};
use std::rc::Rc;

/// The class name of a Django URL class, by any of its import paths.
fn url_class(callee: &str) -> Option<&str> {
    let name = callee
        .strip_prefix("django.urls.resolvers.")
        .or_else(|| callee.strip_prefix("django.urls."))?;
    matches!(
        name,
        "URLPattern" | "URLResolver" | "RoutePattern" | "RegexPattern"
    )
    .then_some(name)
}

/// A call of one of Django's URL classes; `None` for another callee.
pub fn call(it: &mut Interp, callee: &str, args: &Args, site: Site) -> Option<Value> {
    Some(match url_class(callee)? {
        "RoutePattern" => pattern_object(false, args),
        "RegexPattern" => pattern_object(true, args),
        "URLPattern" => url_pattern(it, args, site),
        _ => url_resolver(it, args, site),
    })
}

/// `RoutePattern(route, name=None, is_endpoint=False)`, `RegexPattern(regex, ...)`.
fn pattern_object(regex: bool, args: &Args) -> Value {
    let route = match args.get(0, if regex { "regex" } else { "route" }) {
        Some(Value::Str(s)) => s.clone(),
        Some(other) => Str::hole(other.describe()),
        None => Str::lit(""),
    };
    Value::Host(Rc::new(PatternObject {
        regex,
        route,
        name: args.get(1, "name").and_then(Value::as_known_str),
        extra: Attributes::default(),
    }))
}

fn place(it: &Interp, site: Site) -> (String, usize) {
    let file = it
        .file_of(site.module)
        .map(|f| f.display.clone())
        .unwrap_or_default();
    (file, crate::parsing::line_of(site))
}

/// The pattern object a URL class was given, else an unknown naming it.
fn given_pattern(it: &mut Interp, args: &Args, site: Site) -> Value {
    let pattern = it.resolve(args.get(0, "pattern").cloned().unwrap_or(Value::None));
    if host::<PatternObject>(&pattern).is_some() {
        return pattern;
    }
    let text = it.node_text(site.module, site);
    Value::unknown(
        text,
        format!(
            "its pattern `{}` is not a known RoutePattern or RegexPattern",
            pattern.describe()
        ),
    )
}

/// `URLPattern(pattern, callback, default_args=None, name=None)`.
fn url_pattern(it: &mut Interp, args: &Args, site: Site) -> Value {
    let pattern = given_pattern(it, args, site);
    let Some(p) = host::<PatternObject>(&pattern) else {
        return pattern;
    };
    let view = it.resolve(args.get(1, "callback").cloned().unwrap_or(Value::None));
    let (file, line) = place(it, site);
    let entry = UrlEntry::Pattern {
        regex: p.regex,
        route: p.route.clone(),
        view,
        name: args.get(3, "name").and_then(Value::as_known_str),
        file,
        line,
        condition: it.condition(),
        methods: None,
    };
    UrlObject::value(entry, Some(pattern.clone()))
}

/// `URLResolver(pattern, urlconf_name, default_kwargs=None, app_name=None,
/// namespace=None)`: its names are nested under `namespace` only, as
/// Django's; an `app_name` without one is kept for code that reads it.
fn url_resolver(it: &mut Interp, args: &Args, site: Site) -> Value {
    let pattern = given_pattern(it, args, site);
    let Some(p) = host::<PatternObject>(&pattern) else {
        return pattern;
    };
    let target = it.resolve(args.get(1, "urlconf_name").cloned().unwrap_or(Value::None));
    if let Some(module) = target.as_known_str().filter(|m| it.exists(m)) {
        it.load(&module);
    }
    let app_name = args.get(3, "app_name").cloned().unwrap_or(Value::None);
    let namespace = args.get(4, "namespace").and_then(Value::as_known_str);
    let (file, line) = place(it, site);
    let entry = UrlEntry::Include {
        regex: p.regex,
        route: p.route.clone(),
        target: Box::new(target),
        app_name: namespace.as_ref().and_then(|_| app_name.as_known_str()),
        namespace,
        file,
        line,
        condition: it.condition(),
    };
    let v = UrlObject::value(entry, Some(pattern.clone()));
    if let Some(o) = host::<UrlObject>(&v) {
        o.extra.set("app_name", app_name);
    }
    v
}

/// The attribute names Django's URL objects define, by kind.
const PATTERN_ATTRS: &[&str] = &["callback", "pattern", "name", "default_args", "lookup_str"];
const RESOLVER_ATTRS: &[&str] = &[
    "pattern",
    "urlconf_name",
    "url_patterns",
    "urlconf_module",
    "namespace",
    "app_name",
    "default_kwargs",
];
const PATTERN_OBJECT_ATTRS: &[&str] = &["name", "converters"];

/// Whether one of these objects has `name`; `None` for another value.
pub fn has_attribute(recv: &Value, name: &str) -> Option<bool> {
    if let Some(o) = host::<UrlObject>(recv) {
        if o.extra.get(name).is_some() {
            return Some(true);
        }
        let own = match &*o.entry.try_borrow().ok()? {
            UrlEntry::Pattern { .. } => PATTERN_ATTRS,
            UrlEntry::Include { .. } => RESOLVER_ATTRS,
            UrlEntry::I18n { .. } => return None,
        };
        return Some(own.contains(&name));
    }
    if host::<AsView>(recv).is_some() {
        return Some(AS_VIEW_ATTRS.contains(&name));
    }
    let p = host::<PatternObject>(recv)?;
    let own = if p.regex { "_regex" } else { "_route" };
    Some(
        name == own
            || name == "_is_endpoint"
            || PATTERN_OBJECT_ATTRS.contains(&name)
            || p.extra.get(name).is_some(),
    )
}

/// An attribute of one of these objects; `None` for another value.
pub fn attribute(it: &mut Interp, recv: &Value, name: &str) -> Option<Value> {
    if let Some(o) = host::<UrlObject>(recv) {
        if let Some(v) = o.extra.get(name) {
            return Some(v);
        }
        let entry = o.entry.try_borrow().ok()?.clone();
        return match (&entry, name) {
            (_, "pattern") => Some(pattern_of(o, &entry)),
            (UrlEntry::Pattern { view, .. }, "callback") => Some(view.clone()),
            (UrlEntry::Pattern { name, .. }, "name") => Some(opt_str(name)),
            (UrlEntry::Pattern { .. }, "default_args") => Some(Value::dict(Vec::new())),
            (UrlEntry::Include { target, .. }, "urlconf_name") => Some((**target).clone()),
            (UrlEntry::Include { target, .. }, "url_patterns" | "urlconf_module") => {
                Some(url_patterns(it, target, name))
            }
            (
                UrlEntry::Include {
                    namespace,
                    app_name,
                    ..
                },
                "namespace",
            ) => Some(opt_str(&namespace.clone().or_else(|| app_name.clone()))),
            (UrlEntry::Include { app_name, .. }, "app_name") => Some(opt_str(app_name)),
            (UrlEntry::Include { .. }, "default_kwargs") => Some(Value::dict(Vec::new())),
            _ => None,
        };
    }
    if let Some(v) = view_attribute(recv, name) {
        return Some(v);
    }
    let p = host::<PatternObject>(recv)?;
    Some(match name {
        "_route" if !p.regex => Value::Str(p.route.clone()),
        "_regex" if p.regex => Value::Str(p.route.clone()),
        "name" => opt_str(&p.name),
        _ => p.extra.get(name)?,
    })
}

fn opt_str(s: &Option<String>) -> Value {
    s.as_ref().map_or(Value::None, |s| Value::str(s.clone()))
}

/// The entry's pattern object, made once from its route so that what code
/// sets on it stays.
fn pattern_of(o: &UrlObject, entry: &UrlEntry) -> Value {
    if let Some(p) = o.pattern.borrow().as_deref() {
        return p.clone();
    }
    let (regex, route, name) = match entry {
        UrlEntry::Pattern {
            regex, route, name, ..
        } => (*regex, route.clone(), name.clone()),
        UrlEntry::Include { regex, route, .. } => (*regex, route.clone(), None),
        UrlEntry::I18n { .. } => (false, Str::lit(""), None),
    };
    let p = Value::Host(Rc::new(PatternObject {
        regex,
        route,
        name,
        extra: Attributes::default(),
    }));
    *o.pattern.borrow_mut() = Some(Box::new(p.clone()));
    p
}

/// `resolver.url_patterns`: the list it was given (the same list, so that
/// changes to its entries are seen where it is included), or the
/// `urlpatterns` of the module it names.
fn url_patterns(it: &mut Interp, target: &Value, name: &str) -> Value {
    let target = it.resolve(target.clone());
    let module = match &target {
        Value::List(_) | Value::Tuple(_) => return target,
        Value::Module(m) => m.clone(),
        Value::Str(s) => match s.known() {
            Some(m) => m,
            None => return Value::unknown(format!("resolver.{name}"), "its URLconf is not known"),
        },
        _ => {
            return Value::unknown(
                format!("resolver.{name}"),
                format!("its URLconf `{}` is not modelled", target.describe()),
            )
        }
    };
    if name == "urlconf_module" {
        return Value::Module(module);
    }
    it.module_attr(&module, "urlpatterns")
}

/// `entry.callback = view`, `entry.name = ...`, `pattern._flag = True`:
/// false for a value that is not one of these objects.
pub fn set_attribute(recv: &Value, name: &str, value: Value) -> bool {
    if let Some(o) = host::<UrlObject>(recv) {
        let Ok(mut entry) = o.entry.try_borrow_mut() else {
            return true;
        };
        let known = value.as_known_str();
        match (&mut *entry, name) {
            (UrlEntry::Pattern { view, .. }, "callback") => *view = value,
            (UrlEntry::Pattern { name: n, .. }, "name") => *n = known,
            (UrlEntry::Include { namespace, .. }, "namespace") => *namespace = known,
            (UrlEntry::Include { target, .. }, "url_patterns" | "urlconf_name") => **target = value,
            (
                UrlEntry::Pattern { regex, route, .. } | UrlEntry::Include { regex, route, .. },
                "pattern",
            ) => {
                match host::<PatternObject>(&value) {
                    Some(p) => {
                        *regex = p.regex;
                        *route = p.route.clone();
                    }
                    // Warned where the route is placed, never the old one.
                    None => *route = Str::hole(value.describe()),
                }
                *o.pattern.borrow_mut() = Some(Box::new(value));
            }
            _ => o.extra.set(name, value),
        }
        return true;
    }
    match host::<PatternObject>(recv) {
        Some(p) => {
            p.extra.set(name, value);
            true
        }
        None => false,
    }
}

/// The attribute names `dir()` lists that Django's objects and views made
/// by `as_view()` carry in their `__dict__`; `None` for another value.
pub fn dir_names(recv: &Value) -> Option<Vec<String>> {
    host::<AsView>(recv).map(|_| AS_VIEW_ATTRS.iter().map(|s| s.to_string()).collect())
}

/// What `as_view()` sets on the function it returns.
const AS_VIEW_ATTRS: &[&str] = &["view_class", "view_initkwargs"];

/// `view.view_class` and `view.view_initkwargs` of an `as_view()` view.
fn view_attribute(recv: &Value, name: &str) -> Option<Value> {
    let a = host::<AsView>(recv)?;
    Some(match name {
        "view_class" => match &a.class {
            ClassTarget::Local(c) => Value::Class(c.clone()),
            ClassTarget::External(d) => Value::External(d.clone()),
        },
        "view_initkwargs" => Value::dict(
            a.initkwargs
                .iter()
                .map(|(k, v)| (Value::str(k.clone()), v.clone()))
                .collect(),
        ),
        _ => return None,
    })
}
