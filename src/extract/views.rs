//! Views: their dotted names and the HTTP methods they accept, with Django's
//! and DRF's semantics (method decorators, `@api_view`, class-based handlers
//! intersected with `http_method_names`, generic views, ViewSet actions, and
//! `request.method` branches in function views).

use super::known_views::{self, Form};
use super::names::{canonical, last};
use super::url_values::{class_of, host, AsView, CallableInstance, ClassTarget};
use crate::model::normalize_methods;
use crate::parsing::queries::{captures_of, queries};
use crate::python::value::{Decorator, FuncRef};
use crate::python::{Interp, Value};
use std::collections::BTreeSet;

const HTTP_METHODS: [&str; 8] = [
    "get", "post", "put", "patch", "delete", "head", "options", "trace",
];
const VIEWSET_ACTIONS: [&str; 6] = [
    "list",
    "create",
    "retrieve",
    "update",
    "partial_update",
    "destroy",
];

/// Methods (lower case) or actions that known framework classes define.
/// Django's View always has `options`; HEAD follows GET at dispatch.
fn known_class(dotted: &str) -> Option<&'static [&'static str]> {
    let d = canonical(dotted);
    let name = last(&d);
    let module = d.rsplit_once('.').map(|(m, _)| m).unwrap_or("");
    let members: &'static [&'static str] = match (module, name) {
        ("django.views.generic.base", "View") => &["options"],
        ("django.views.generic.base", "TemplateView")
        | ("django.views.i18n", "JavaScriptCatalog" | "JSONCatalog") => &["get", "options"],
        ("django.views.generic.base", "RedirectView") => {
            &["get", "head", "post", "options", "delete", "put", "patch"]
        }
        ("django.views.generic.list", "ListView" | "BaseListView")
        | ("django.views.generic.detail", "DetailView" | "BaseDetailView")
        | (
            "django.views.generic.dates",
            "ArchiveIndexView" | "YearArchiveView" | "MonthArchiveView" | "WeekArchiveView"
            | "DayArchiveView" | "TodayArchiveView" | "DateDetailView",
        ) => &["get", "options"],
        (
            "django.views.generic.edit",
            "FormView" | "BaseFormView" | "ProcessFormView" | "CreateView" | "BaseCreateView"
            | "UpdateView" | "BaseUpdateView",
        ) => &["get", "post", "put", "options"],
        ("django.views.generic.edit", "DeleteView" | "BaseDeleteView") => {
            &["get", "post", "delete", "options"]
        }
        ("django.views.generic.edit", "DeletionMixin") => &["post", "delete"],
        ("rest_framework.views", "APIView") | ("rest_framework.generics", "GenericAPIView") => {
            &["options"]
        }
        ("rest_framework.generics", "ListAPIView")
        | ("rest_framework.generics", "RetrieveAPIView")
        | ("rest_framework.routers", "APIRootView") => &["get", "options"],
        ("rest_framework.generics", "CreateAPIView") => &["post", "options"],
        ("rest_framework.generics", "ListCreateAPIView") => &["get", "post", "options"],
        ("rest_framework.generics", "UpdateAPIView") => &["put", "patch", "options"],
        ("rest_framework.generics", "DestroyAPIView") => &["delete", "options"],
        ("rest_framework.generics", "RetrieveUpdateAPIView") => &["get", "put", "patch", "options"],
        ("rest_framework.generics", "RetrieveDestroyAPIView") => &["get", "delete", "options"],
        ("rest_framework.generics", "RetrieveUpdateDestroyAPIView") => {
            &["get", "put", "patch", "delete", "options"]
        }
        ("rest_framework.viewsets", "ModelViewSet") => &VIEWSET_ACTIONS,
        ("rest_framework.viewsets", "ReadOnlyModelViewSet") => &["list", "retrieve"],
        ("rest_framework.viewsets", "ViewSet" | "GenericViewSet" | "ViewSetMixin") => &[],
        ("rest_framework.mixins", "ListModelMixin") => &["list"],
        ("rest_framework.mixins", "CreateModelMixin") => &["create"],
        ("rest_framework.mixins", "RetrieveModelMixin") => &["retrieve"],
        ("rest_framework.mixins", "UpdateModelMixin") => &["update", "partial_update"],
        ("rest_framework.mixins", "DestroyModelMixin") => &["destroy"],
        _ => return known_views::handlers_of_class(&d),
    };
    Some(members)
}

/// Mixins that add no handlers: their presence must not make a class unknown.
fn is_neutral_base(dotted: &str) -> bool {
    let d = canonical(dotted);
    d == "builtins.object"
        || d.starts_with("django.contrib.auth.mixins.")
        || d.starts_with("django.views.generic.base.ContextMixin")
        || d.starts_with("django.views.generic.base.TemplateResponseMixin")
        || d.starts_with("django.views.generic.edit.FormMixin")
        || d.starts_with("django.views.generic.edit.ModelFormMixin")
        || d.starts_with("django.views.generic.detail.SingleObjectMixin")
        || d.starts_with("django.views.generic.list.MultipleObjectMixin")
}

/// The functions a class and its bases define, as far as they are known.
#[derive(Debug, Default)]
pub struct Members {
    pub names: BTreeSet<String>,
    /// `http_method_names` of the first class in the hierarchy that sets it.
    pub http_method_names: Option<Vec<String>>,
    /// Bases defined outside the analysed sources and not known here.
    pub unknown_bases: Vec<String>,
    /// Methods decorated with DRF's `@action`, in definition order per class.
    pub actions: Vec<(std::rc::Rc<FuncRef>, Decorator)>,
}

/// Collects the members of `class` through its bases, depth-first as a
/// simple MRO approximation (the first definition of a name wins).
pub fn class_members(it: &mut Interp, class: &ClassTarget) -> Members {
    let mut m = Members::default();
    let mut seen = BTreeSet::new();
    collect_members(it, class, &mut m, &mut seen, 0);
    m
}

fn collect_members(
    it: &mut Interp,
    class: &ClassTarget,
    m: &mut Members,
    seen: &mut BTreeSet<String>,
    depth: usize,
) {
    if depth > 24 || !seen.insert(class.dotted()) {
        return;
    }
    match class {
        ClassTarget::External(d) => {
            if let Some(names) = known_class(d) {
                m.names.extend(names.iter().map(|s| s.to_string()));
            } else if !is_neutral_base(d) {
                m.unknown_bases.push(canonical(d));
            }
        }
        ClassTarget::Local(c) => {
            let scope = it.class_scope(c);
            let mut names: Vec<(&String, &Value)> = scope.iter().collect();
            names.sort_by_key(|(k, _)| k.as_str());
            for (name, v) in names {
                match v {
                    Value::Function(f) => {
                        if !m.names.contains(name.as_str()) {
                            if let Some(d) = f.decorators.iter().find(|d| last(&d.name) == "action")
                            {
                                m.actions.push((f.clone(), d.clone()));
                            }
                        }
                        m.names.insert(name.clone());
                    }
                    Value::List(_) | Value::Tuple(_)
                        if name == "http_method_names" && m.http_method_names.is_none() =>
                    {
                        let items = v.items().unwrap_or_default();
                        m.http_method_names =
                            Some(items.iter().filter_map(|i| i.as_known_str()).collect());
                    }
                    _ => {}
                }
            }
            for base in it.class_bases(c) {
                match base {
                    Value::Class(b) => {
                        collect_members(it, &ClassTarget::Local(b), m, seen, depth + 1)
                    }
                    Value::External(d) => {
                        collect_members(it, &ClassTarget::External(d), m, seen, depth + 1)
                    }
                    other => m.unknown_bases.push(other.describe()),
                }
            }
        }
    }
}

/// Methods a view accepts: canonical upper-case names, or `ANY` with a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Methods {
    pub methods: Vec<String>,
    pub note: Option<String>,
}

impl Methods {
    fn any(reason: impl Into<String>) -> Methods {
        Methods {
            methods: vec!["ANY".to_string()],
            note: Some(reason.into()),
        }
    }

    fn known<I: IntoIterator<Item = String>>(m: I) -> Methods {
        let methods = normalize_methods(m);
        if methods.is_empty() {
            return Methods::any("no handler methods found");
        }
        Methods {
            methods,
            note: None,
        }
    }
}

/// Dotted name of a view as Django's listing reads it: the class of a
/// class-based view (`view_class` / `cls` in the function's `__dict__`),
/// else `__module__` + `__qualname__` (`__name__` where the two disagree).
pub fn view_name(v: &Value) -> String {
    if let Some(class) = view_class(v) {
        return canonical(&class.dotted());
    }
    match dunders(v) {
        Dunders {
            module: Some(module),
            qualname: Some(qualname),
            name,
        } => match name {
            Some(name) if qualname.rsplit('.').next() != Some(name.as_str()) => {
                format!("{module}.{name}")
            }
            _ => format!("{module}.{qualname}"),
        },
        _ => instance_name(v),
    }
}

/// A callable instance is named by its class (it has no `__qualname__`),
/// also under a decorator that keeps it.
fn instance_name(v: &Value) -> String {
    match v {
        Value::Wrapped { inner, .. } => instance_name(inner),
        other => match host::<CallableInstance>(other) {
            Some(i) => canonical(&i.class.dotted()),
            None => other.describe(),
        },
    }
}

/// The class a view function carries in its `__dict__` (`view_class`,
/// DRF's `cls`): `as_view()`'s result, and what `functools.wraps` copies
/// that `__dict__` into.
fn view_class(v: &Value) -> Option<ClassTarget> {
    match v {
        Value::Function(f) => {
            let own = ["view_class", "cls"]
                .iter()
                .find_map(|k| f.attr(k).and_then(|c| class_of(&c)));
            own.or_else(|| wrapped_of(f).as_ref().and_then(view_class))
        }
        Value::Wrapped { inner, .. } => view_class(inner),
        other => host::<AsView>(other).map(|a| a.class.clone()),
    }
}

/// What `functools.wraps` (at the `def`) or `update_wrapper` (a call)
/// made the function wrap.
fn wrapped_of(f: &FuncRef) -> Option<Value> {
    f.wrapped
        .as_deref()
        .cloned()
        .or_else(|| f.attr("__wrapped__"))
}

/// `__module__`, `__qualname__` and `__name__` of a value, where it has them.
#[derive(Debug, Default)]
struct Dunders {
    module: Option<String>,
    qualname: Option<String>,
    name: Option<String>,
}

fn dunders(v: &Value) -> Dunders {
    let named = |module: &str, qualname: &str| Dunders {
        module: Some(module.to_string()),
        qualname: Some(qualname.to_string()),
        name: qualname.rsplit('.').next().map(str::to_string),
    };
    match v {
        Value::Function(f) => {
            let set = |k: &str| f.attr(k).and_then(|v| v.as_known_str());
            let mut own = named(&f.module, &f.qualname);
            // Names the code assigned (`view.__module__ = cls.__module__`).
            own.module = set("__module__").or(own.module);
            own.qualname = set("__qualname__").or(own.qualname);
            own.name = set("__name__").or(own.name);
            // `functools.update_wrapper` copies each attribute the wrapped
            // object has and leaves the others.
            let Some(w) = wrapped_of(f) else {
                return own;
            };
            let from = dunders(&w);
            Dunders {
                module: from.module.or(own.module),
                qualname: from.qualname.or(own.qualname),
                name: from.name.or(own.name),
            }
        }
        Value::Lambda(l) => named(&l.module, &l.qualname),
        Value::Wrapped { inner, .. } => dunders(inner),
        Value::External(d) => {
            let d = canonical(d);
            match d.rsplit_once('.') {
                Some((module, name)) => named(module, name),
                None => Dunders::default(),
            }
        }
        Value::Class(c) => named(&c.module, &c.qualname),
        other => match host::<CallableInstance>(other) {
            // An instance has its class's `__module__`, not its names.
            Some(i) => Dunders {
                module: i
                    .class
                    .dotted()
                    .rsplit_once('.')
                    .map(|(m, _)| m.to_string()),
                ..Dunders::default()
            },
            None => Dunders::default(),
        },
    }
}

/// The methods of a decorator of the `require_*` / `api_view` family.
fn decorator_methods(d: &Decorator) -> Option<Vec<String>> {
    let strings = |vals: &[Value]| -> Vec<String> {
        vals.first()
            .and_then(|v| v.items())
            .map(|items| items.iter().filter_map(|i| i.as_known_str()).collect())
            .unwrap_or_default()
    };
    match last(&d.name) {
        "require_GET" => Some(vec!["GET".into()]),
        "require_POST" => Some(vec!["POST".into()]),
        "require_safe" => Some(vec!["GET".into(), "HEAD".into()]),
        "require_http_methods" => {
            let mut m = strings(&d.args);
            if m.is_empty() {
                if let Some((_, v)) = d.kwargs.iter().find(|(k, _)| k == "request_method_list") {
                    m = strings(std::slice::from_ref(v));
                }
            }
            Some(m)
        }
        "api_view" => {
            let mut m = strings(&d.args);
            if m.is_empty() {
                if let Some((_, v)) = d.kwargs.iter().find(|(k, _)| k == "http_method_names") {
                    m = strings(std::slice::from_ref(v));
                }
            }
            if m.is_empty() {
                m.push("GET".into());
            }
            Some(m)
        }
        _ => None,
    }
}

/// Whether Django's `no_append_slash` marks the view (as a decorator of its
/// function or around the view in the URLconf), through other decorators.
pub fn no_append_slash(view: &Value) -> bool {
    let marks = |d: &Decorator| canonical(&d.name) == NO_APPEND_SLASH;
    match view {
        Value::Wrapped { decorator, inner } => marks(decorator) || no_append_slash(inner),
        Value::Function(f) => f.decorators.iter().any(marks),
        _ => false,
    }
}

const NO_APPEND_SLASH: &str = "django.views.decorators.common.no_append_slash";

/// Infers the methods of a view value.
pub fn view_methods(it: &mut Interp, view: &Value) -> Methods {
    if let Some(as_view) = host::<AsView>(view) {
        return as_view_methods(it, as_view);
    }
    match view {
        Value::Function(f) => match (wrapped_of(f), restricting(f)) {
            (Some(w), false) => view_methods(it, &w),
            _ => closure_methods(it, f),
        },
        Value::Wrapped { decorator, inner } => match decorator_methods(decorator) {
            Some(m) => Methods::known(m),
            None => view_methods(it, inner),
        },
        Value::Lambda(_) => Methods::any("lambda view: accepts any method"),
        Value::External(d) => match known_views::by_import(d) {
            Some(k) if k.form == Form::Instance => {
                Methods::known(k.handlers.iter().map(|h| h.to_string()))
            }
            _ => Methods::any(format!(
                "view `{}` is defined outside the analysed sources",
                canonical(d)
            )),
        },
        Value::Class(c) => {
            Methods::any(format!("class `{}` is used without as_view()", c.qualname))
        }
        other if host::<CallableInstance>(other).is_some() => {
            Methods::any("a callable instance: its `__call__` takes any method")
        }
        other => Methods::any(format!(
            "view `{}` cannot be evaluated statically",
            other.describe()
        )),
    }
}

/// `Class.as_view(...)`: the ViewSet action map it is given, or the
/// class's handlers (limited by an `http_method_names` given here).
fn as_view_methods(it: &mut Interp, as_view: &AsView) -> Methods {
    let initkwargs = &as_view.initkwargs;
    if let Some((_, Value::Dict(pairs))) = initkwargs.iter().find(|(k, _)| k == "actions") {
        let pairs = pairs.borrow().clone();
        return Methods::known(pairs.iter().filter_map(|(k, _)| k.as_known_str()));
    }
    let override_names = initkwargs
        .iter()
        .find(|(k, _)| k == "http_method_names")
        .and_then(|(_, v)| v.items())
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i.as_known_str())
                .collect::<Vec<_>>()
        });
    class_methods(it, &as_view.class, override_names)
}

fn class_methods(
    it: &mut Interp,
    class: &ClassTarget,
    override_names: Option<Vec<String>>,
) -> Methods {
    let members = class_members(it, class);
    let allowed: Vec<String> = override_names
        .or(members.http_method_names.clone())
        .unwrap_or_else(|| HTTP_METHODS.iter().map(|s| s.to_string()).collect());
    let handlers: Vec<String> = members
        .names
        .iter()
        .filter(|n| {
            HTTP_METHODS.contains(&n.as_str()) && allowed.iter().any(|a| a.eq_ignore_ascii_case(n))
        })
        .cloned()
        .collect();
    let has_real = handlers
        .iter()
        .any(|h| !matches!(h.as_str(), "options" | "head" | "trace"));
    if !has_real && !members.unknown_bases.is_empty() {
        return Methods::any(format!(
            "inherits from {}, whose handlers are not known statically",
            members.unknown_bases.join(", ")
        ));
    }
    Methods::known(handlers)
}

/// True when a decorator of `f` restricts its methods (`require_POST`).
fn restricting(f: &FuncRef) -> bool {
    f.decorators.iter().any(|d| decorator_methods(d).is_some())
}

/// A function's methods; for a closure that says nothing about methods
/// itself (a decorator's wrapper), those of the view it closes over and
/// passes requests on to.
fn closure_methods(it: &mut Interp, f: &FuncRef) -> Methods {
    let own = function_methods(it, f);
    if own.note.is_none() {
        return own;
    }
    let inner = f.captured.as_deref().and_then(|c| {
        c.values()
            .find(|v| {
                matches!(v, Value::Function(_) | Value::Wrapped { .. })
                    || host::<AsView>(v).is_some()
            })
            .cloned()
    });
    match inner {
        Some(v) => view_methods(it, &v),
        None => own,
    }
}

fn function_methods(it: &mut Interp, f: &FuncRef) -> Methods {
    // Each restricting decorator turns away what it does not list, so a
    // request must pass all of them.
    let mut allowed: Option<Vec<String>> = None;
    for d in &f.decorators {
        if let Some(m) = decorator_methods(d) {
            let m: Vec<String> = m.iter().map(|x| x.to_ascii_uppercase()).collect();
            allowed = Some(match allowed {
                None => m,
                Some(prev) => prev.into_iter().filter(|x| m.contains(x)).collect(),
            });
        }
    }
    if let Some(m) = allowed {
        return Methods::known(m);
    }
    let Some(file) = it.module_index(&f.module).and_then(|m| it.file_of(m)) else {
        return Methods::any("view source not available");
    };
    let Some(body) = it.function_node(f).child_by_field_name("body") else {
        return Methods::any("view has no body");
    };
    let q = queries();
    let mut compared = BTreeSet::new();
    for cmp in captures_of(
        &q.request_method.query,
        q.request_method.comparison,
        body,
        file.text,
    ) {
        collect_strings(cmp, file.text, &mut compared);
    }
    if compared.is_empty() {
        return Methods::any("function view without method decorator or request.method check");
    }
    let rejects =
        !captures_of(&q.rejection.query, q.rejection.rejection, body, file.text).is_empty();
    if !rejects {
        // Methods not compared fall through to the view's ordinary response.
        compared.insert("GET".to_string());
    }
    Methods::known(compared)
}

fn collect_strings(node: tree_sitter::Node<'_>, text: &str, out: &mut BTreeSet<String>) {
    if node.kind() == "string" {
        let raw = text.get(node.byte_range()).unwrap_or("");
        let s = raw.trim_matches(|c| c == '"' || c == '\'');
        if HTTP_METHODS.iter().any(|m| m.eq_ignore_ascii_case(s)) {
            out.insert(s.to_ascii_uppercase());
        }
        return;
    }
    let mut c = node.walk();
    for child in node.named_children(&mut c) {
        collect_strings(child, text, out);
    }
}

/// Actions a ViewSet class implements (`list`, `create`, ...).
pub fn viewset_actions(members: &Members) -> BTreeSet<String> {
    members
        .names
        .iter()
        .filter(|n| VIEWSET_ACTIONS.contains(&n.as_str()))
        .cloned()
        .collect()
}
