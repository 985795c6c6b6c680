//! Django's model options, `Model._meta` (`django.db.models.options.Options`),
//! computed from the model classes' source as `ModelBase` computes them:
//! the fields declared in the class and in its abstract model bases, the
//! concrete parents of multi-table inheritance and their fields, the
//! primary key (declared, a parent link, or the app's default auto field),
//! `app_label`, `model_name`, `verbose_name`, `get_field` (which raises
//! `FieldDoesNotExist` for a name no field has), `get_parent_list`, and
//! the attributes a project sets on `Options` itself. A model some of whose
//! bases are outside the sources may have fields the evaluator cannot see:
//! what depends on them stays unknown.

use super::django::DjangoHooks;
use super::model_fields::{self, is_model_class, known_model, KnownModel};
use crate::python::value::ClassRef;
use crate::python::{Args, HostValue, Interp, Site, Value};
use std::any::Any;
use std::collections::HashSet;
use std::rc::Rc;

/// `Model._meta` of a model class of the sources or of a known model.
#[derive(Debug)]
pub struct Options {
    pub model: Value,
}

impl HostValue for Options {
    fn describe(&self) -> String {
        format!("{}._meta", self.model.describe())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn options_of(v: &Value) -> Option<&Options> {
    match v {
        Value::Host(h) => h.as_any().downcast_ref::<Options>(),
        _ => None,
    }
}

fn is_options_class(dotted: &str) -> bool {
    dotted == "django.db.models.options.Options"
}

/// The fields of one model, as far as the sources tell.
#[derive(Default)]
struct Collected {
    /// Fields of the class and of its abstract model bases, in order.
    local: Vec<Value>,
    /// The concrete model classes it derives from directly (through
    /// abstract bases too).
    parents: Vec<ClassRef>,
    /// Names bound to values that may be fields.
    uncertain: Vec<String>,
    /// A base outside the sources may add fields or parents.
    open: bool,
}

fn model_base() -> Value {
    Value::External("django.db.models.Model".into())
}

fn is_model(it: &mut Interp, class: &ClassRef) -> bool {
    it.is_subclass(&Value::Class(class.clone()), &model_base()) == Some(true)
}

/// The class body's own `Meta`.
fn own_meta(it: &mut Interp, class: &ClassRef) -> Option<ClassRef> {
    match it.class_scope(class).get("Meta") {
        Some(Value::Class(m)) => Some(m.clone()),
        _ => None,
    }
}

fn is_abstract(it: &mut Interp, class: &ClassRef) -> bool {
    own_meta(it, class)
        .and_then(|m| it.class_attr(&m, "abstract"))
        .and_then(|v| v.truthy())
        == Some(true)
}

/// An option of the `Meta` Django reads for `class`: its own, else the
/// first one its bases keep (abstract models and plain classes keep
/// theirs; concrete models do not).
fn meta_option(it: &mut Interp, class: &ClassRef, key: &str) -> Option<Value> {
    if let Some(meta) = own_meta(it, class) {
        return it.class_attr(&meta, key);
    }
    for k in it.project_mro(class).into_iter().skip(1) {
        let Some(meta) = own_meta(it, &k) else {
            continue;
        };
        if is_model(it, &k) && !is_abstract(it, &k) {
            continue;
        }
        return it.class_attr(&meta, key);
    }
    None
}

/// Names a class body binds, in source order.
fn body_names(it: &mut Interp, class: &ClassRef) -> Vec<String> {
    let Some(module) = it.load(&class.module) else {
        return Vec::new();
    };
    let Some(body) = class.node.child_by_field_name("body") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut c = body.walk();
    for stmt in body.named_children(&mut c) {
        if stmt.kind() != "expression_statement" {
            continue;
        }
        let Some(assign) = stmt.named_child(0).filter(|a| a.kind() == "assignment") else {
            continue;
        };
        if let Some(left) = assign
            .child_by_field_name("left")
            .filter(|l| l.kind() == "identifier")
        {
            out.push(it.node_text(module, left).to_string());
        }
    }
    out
}

/// Whether a class attribute's value is a model field: `Some(false)` for
/// a value that surely is not, `None` for one that may be.
fn is_field(it: &mut Interp, v: &Value) -> Option<bool> {
    match v {
        Value::Instance(i) => match &i.class {
            Value::External(d) => Some(model_fields::field_class(d).is_some())
                .filter(|b| *b)
                .or(if d.starts_with("django.") {
                    Some(false)
                } else {
                    None
                }),
            class => it.is_subclass(class, &Value::External(model_fields::field_dotted("Field"))),
        },
        Value::Unknown(_) | Value::External(_) | Value::Wrapped { .. } | Value::Import { .. } => {
            None
        }
        _ => Some(false),
    }
}

/// A field as `contribute_to_class` leaves it: named, on its model.
fn named(field: &Value, name: &str, model: &ClassRef) -> Value {
    let Value::Instance(i) = field else {
        return field.clone();
    };
    let mut attrs = model_fields::own_attrs(i);
    let relation = i.attr("is_relation").and_then(|v| v.truthy()) == Some(true)
        && i.attr("many_to_many").and_then(|v| v.truthy()) != Some(true);
    let attname = if relation {
        format!("{name}_id")
    } else {
        name.to_string()
    };
    attrs.push(("name".into(), Value::str(name)));
    attrs.push(("attname".into(), Value::str(attname)));
    attrs.push(("model".into(), Value::Class(model.clone())));
    Value::instance(i.class.clone(), attrs)
}

/// The fields `class` declares and those its abstract model bases
/// declare, a name bound first shadowing later ones, as Django copies
/// them; and its concrete parents.
fn collect(it: &mut Interp, model: &ClassRef) -> Collected {
    let mut out = Collected::default();
    let mut seen = HashSet::new();
    let mut queue = vec![model.clone()];
    let mut visited = 0;
    while let Some(class) = queue.pop() {
        visited += 1;
        if visited > crate::python::MAX_BASES_DEPTH * 4 {
            out.open = true;
            break;
        }
        let scope = it.class_scope(&class);
        for name in body_names(it, &class) {
            if !seen.insert(name.clone()) {
                continue;
            }
            let Some(v) = scope.get(&name).cloned() else {
                continue;
            };
            match is_field(it, &v) {
                Some(true) => out.local.push(named(&v, &name, model)),
                Some(false) => {}
                None => out.uncertain.push(name),
            }
        }
        let mut next = Vec::new();
        for base in it.class_bases(&class) {
            match base {
                Value::Class(b) if is_model(it, &b) => {
                    if is_abstract(it, &b) {
                        next.push(b);
                    } else if !out.parents.iter().any(|p| p.node.id() == b.node.id()) {
                        out.parents.push(b);
                    }
                }
                // A plain class's attributes shadow an abstract base's
                // fields of the same name.
                Value::Class(b) => seen.extend(it.class_scope(&b).keys().cloned()),
                Value::External(d) if is_model_class(&d) || d == "builtins.object" => {}
                _ => out.open = true,
            }
        }
        // Bases in order: the first base's fields come first.
        queue.extend(next.into_iter().rev());
    }
    out
}

/// `Options` of a model class of the sources: computed on each read.
struct Meta<'a> {
    hooks: &'a DjangoHooks,
    model: ClassRef,
    collected: Collected,
}

impl<'a> Meta<'a> {
    fn new(it: &mut Interp, hooks: &'a DjangoHooks, model: &ClassRef) -> Meta<'a> {
        let collected = collect(it, model);
        Meta {
            hooks,
            model: model.clone(),
            collected,
        }
    }

    fn object_name(&self) -> String {
        let q = &self.model.qualname;
        q.rsplit('.').next().unwrap_or(q).to_string()
    }

    /// The label of the app config whose package holds the model's module.
    fn app_label(&self, it: &mut Interp) -> Value {
        if let Some(v) = meta_option(it, &self.model, "app_label") {
            return v;
        }
        match self.hooks.containing_app_config(it, &self.model.module) {
            Some(Value::Instance(c)) => c.attr("label").unwrap_or(Value::None),
            _ => Value::unknown(
                format!("{}._meta.app_label", self.object_name()),
                format!(
                    "no installed app holds module {} and its Meta sets no app_label",
                    self.model.module
                ),
            ),
        }
    }

    /// The auto-created primary key: the app config's `default_auto_field`,
    /// else `DEFAULT_AUTO_FIELD`, else `AutoField`.
    fn auto_field(&self, it: &mut Interp, site: Site) -> Value {
        let mut path = None;
        if let Some(Value::Instance(config)) =
            self.hooks.containing_app_config(it, &self.model.module)
        {
            if let Value::Class(c) = &config.class {
                path = it.class_attr(c, "default_auto_field");
            }
        }
        let path = match path {
            Some(p) => p,
            None => self.hooks.setting(it, "DEFAULT_AUTO_FIELD"),
        };
        let Some(path) = path.as_known_str() else {
            return Value::unknown(
                format!("{}._meta.pk", self.object_name()),
                "the default auto field is not known",
            );
        };
        let args = Args {
            pos: Vec::new(),
            kw: vec![("primary_key".into(), Value::Bool(true))],
        };
        let field = match model_fields::field_class(&path) {
            Some(name) => model_fields::new_field(name, &args),
            None => match path.rsplit_once('.') {
                Some((m, n)) if it.exists(m) => match it.module_attr(m, n) {
                    class @ Value::Class(_) => it.call_value(class, &args, site),
                    other => other,
                },
                _ => Value::unknown(path.clone(), "auto field class not in the sources"),
            },
        };
        named(&field, "id", &self.model)
    }

    /// `_meta.pk`: a declared primary key, else the link to the first
    /// concrete parent, else the auto-created `id`; `None` for an
    /// abstract model.
    fn pk(&self, it: &mut Interp, site: Site) -> Value {
        for f in &self.collected.local {
            match f_attr(f, "primary_key").truthy() {
                Some(true) => return f.clone(),
                Some(false) => {}
                None => {
                    return Value::unknown(
                        format!("{}._meta.pk", self.object_name()),
                        "a field's primary_key is not known",
                    )
                }
            }
        }
        if is_abstract(it, &self.model) {
            return Value::None;
        }
        if self.collected.open || !self.collected.uncertain.is_empty() {
            return Value::unknown(
                format!("{}._meta.pk", self.object_name()),
                "fields of the model may be declared where the sources do not show",
            );
        }
        if let Some(parent) = self.collected.parents.first() {
            let link = self
                .collected
                .local
                .iter()
                .find(|f| f_attr(f, "parent_link").truthy() == Some(true));
            return match link {
                Some(f) => f.clone(),
                None => {
                    let name = format!("{}_ptr", parent.qualname.to_lowercase());
                    let field = model_fields::new_field("OneToOneField", &Args::default());
                    named(&field, &name, &self.model)
                }
            };
        }
        self.auto_field(it, site)
    }

    /// Every forward field: the parents', then the class's own; with the
    /// names bound to values that may be fields. `None` when bases outside
    /// the sources may add fields.
    fn all_fields(&self, it: &mut Interp, depth: usize) -> Option<(Vec<Value>, Vec<String>)> {
        if self.collected.open || depth > crate::python::MAX_BASES_DEPTH {
            return None;
        }
        let mut fields = Vec::new();
        let mut uncertain = Vec::new();
        for p in &self.collected.parents {
            let parent = Meta::new(it, self.hooks, p);
            let (f, u) = parent.all_fields(it, depth + 1)?;
            fields.extend(f);
            uncertain.extend(u);
        }
        fields.extend(self.collected.local.iter().cloned());
        uncertain.extend(self.collected.uncertain.iter().cloned());
        Some((fields, uncertain))
    }

    /// The forward fields when all are known.
    fn known_fields(&self, it: &mut Interp) -> Option<Vec<Value>> {
        self.all_fields(it, 0)
            .filter(|(_, uncertain)| uncertain.is_empty())
            .map(|(f, _)| f)
    }

    /// `get_parent_list()`: concrete ancestors, nearest first, each once.
    fn parent_list(&self, it: &mut Interp, depth: usize) -> Option<Vec<ClassRef>> {
        if self.collected.open || depth > crate::python::MAX_BASES_DEPTH {
            return None;
        }
        let mut out: Vec<ClassRef> = self.collected.parents.clone();
        for p in &self.collected.parents {
            let parent = Meta::new(it, self.hooks, p);
            for a in parent.parent_list(it, depth + 1)? {
                if !out.iter().any(|o| o.node.id() == a.node.id()) {
                    out.push(a);
                }
            }
        }
        Some(out)
    }

    fn get_field(&self, it: &mut Interp, name: &str, site: Site) -> Value {
        let text = it.node_text(site.module, site).to_string();
        // A name bound to a value that may be a field is unknown; any
        // other name is a field the sources show, or none.
        let fields = match self.all_fields(it, 0) {
            Some((fields, uncertain)) if !uncertain.iter().any(|u| u == name) => {
                // The auto-created key is a field too.
                let pk = self.pk(it, site);
                Some(std::iter::once(pk).chain(fields).collect::<Vec<_>>())
            }
            _ => None,
        };
        let Some(fields) = fields else {
            return Value::unknown(text, "the model may have fields the sources do not show");
        };
        let found = fields.into_iter().find(|f| {
            f_attr(f, "name").as_known_str().as_deref() == Some(name)
                || f_attr(f, "attname").as_known_str().as_deref() == Some(name)
        });
        match found {
            Some(f) => f,
            None if it.raise("FieldDoesNotExist") => Value::None,
            None => Value::unknown(
                text,
                format!("{} has no field named {name}", self.object_name()),
            ),
        }
    }

    fn attribute(&self, it: &mut Interp, name: &str, site: Site) -> Option<Value> {
        let object_name = self.object_name();
        let v = match name {
            "model" => Value::Class(self.model.clone()),
            "object_name" => Value::str(object_name),
            "model_name" => Value::str(object_name.to_lowercase()),
            "app_label" => self.app_label(it),
            "label" | "label_lower" => {
                let label = match self.app_label(it).as_known_str() {
                    Some(app) => Value::str(format!("{app}.{object_name}")),
                    None => return None,
                };
                if name == "label" {
                    label
                } else {
                    Value::str(label.as_known_str().unwrap_or_default().to_lowercase())
                }
            }
            "abstract" => Value::Bool(is_abstract(it, &self.model)),
            "proxy" => Value::Bool(
                meta_option(it, &self.model, "proxy").and_then(|v| v.truthy()) == Some(true),
            ),
            "concrete_model" => self.concrete_model(it, 0),
            "verbose_name" => self.verbose_name(it),
            "verbose_name_plural" => match meta_option(it, &self.model, "verbose_name_plural") {
                Some(v) => v,
                None => match self.verbose_name(it).as_known_str() {
                    Some(s) => Value::str(format!("{s}s")),
                    None => return None,
                },
            },
            "pk" => self.pk(it, site),
            "fields" | "concrete_fields" | "many_to_many" => {
                let all = self.known_fields(it)?;
                let pk = self.pk(it, site);
                let m2m = name == "many_to_many";
                let mut picked: Vec<Value> = all
                    .into_iter()
                    .filter(|f| (f_attr(f, "many_to_many").truthy() == Some(true)) == m2m)
                    .collect();
                if !m2m && !pk.is_unknown() && !matches!(pk, Value::None) {
                    picked.insert(0, pk);
                }
                Value::Tuple(picked)
            }
            _ => return None,
        };
        Some(v)
    }

    fn verbose_name(&self, it: &mut Interp) -> Value {
        meta_option(it, &self.model, "verbose_name")
            .unwrap_or_else(|| Value::str(camel_case_to_spaces(&self.object_name())))
    }

    /// The model a proxy stands for (itself for any other model).
    fn concrete_model(&self, it: &mut Interp, depth: usize) -> Value {
        let proxy = meta_option(it, &self.model, "proxy").and_then(|v| v.truthy()) == Some(true);
        match self.collected.parents.first() {
            Some(p) if proxy && depth <= crate::python::MAX_BASES_DEPTH => {
                Meta::new(it, self.hooks, p).concrete_model(it, depth + 1)
            }
            _ => Value::Class(self.model.clone()),
        }
    }
}

fn f_attr(field: &Value, name: &str) -> Value {
    match field {
        Value::Instance(i) => i.attr(name).unwrap_or(Value::None),
        _ => Value::None,
    }
}

/// Django's `camel_case_to_spaces`: `ContentType` -> `content type`.
pub fn camel_case_to_spaces(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        // A capital after a lower-case letter or a digit, or a capital
        // followed by a lower-case letter after another capital, starts a
        // word (Django's regex `(((?<=[a-z])[A-Z])|([A-Z](?![A-Z]|$)))`).
        let prev_lower = i > 0 && (chars[i - 1].is_lowercase());
        let next_lower = chars.get(i + 1).is_some_and(|n| !n.is_uppercase());
        if c.is_uppercase() && i > 0 && (prev_lower || next_lower) {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out.trim().to_string()
}

/// `_meta` of a known model of `django.contrib`.
fn known_attribute(k: &KnownModel, model: &Value, name: &str) -> Option<Value> {
    let v = match name {
        "model" | "concrete_model" => model.clone(),
        "object_name" => Value::str(k.object_name),
        "model_name" => Value::str(k.object_name.to_lowercase()),
        "app_label" => Value::str(k.app_label),
        "label" => Value::str(format!("{}.{}", k.app_label, k.object_name)),
        "verbose_name" => Value::str(k.verbose_name),
        "verbose_name_plural" => Value::str(k.verbose_name_plural),
        "abstract" | "proxy" => Value::Bool(false),
        "pk" => known_field(k, model, k.fields[0].0),
        _ => return None,
    };
    Some(v)
}

impl DjangoHooks {
    /// `Model._meta` (on a model class, a model object or a known model)
    /// and the attributes of the options; `None` for another value.
    pub fn meta_attribute(
        &self,
        it: &mut Interp,
        recv: &Value,
        name: &str,
        site: Site,
    ) -> Option<Value> {
        if let Some(opts) = options_of(recv) {
            return self.options_attribute(it, recv, &opts.model, name, site);
        }
        if name != "_meta" {
            return None;
        }
        let model = match recv {
            Value::Instance(i) => i.class.clone(),
            other => other.clone(),
        };
        let known = match &model {
            Value::Class(c) => is_model(it, c),
            Value::External(d) => known_model(d).is_some(),
            _ => false,
        };
        if !known {
            if let Value::External(d) = &model {
                if d.contains(".models.") {
                    it.warn(
                        site.module,
                        site,
                        format!("the source of model {d} is not available; its `_meta` is unknown"),
                    );
                }
            }
            return None;
        }
        Some(Value::Host(Rc::new(Options { model })))
    }

    fn options_attribute(
        &self,
        it: &mut Interp,
        recv: &Value,
        model: &Value,
        name: &str,
        site: Site,
    ) -> Option<Value> {
        let set = self
            .models
            .options_attrs
            .borrow()
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone());
        if let Some(v) = set {
            return Some(match v {
                // `property(f)`: computed on the options, as Python does.
                Value::Wrapped { decorator, inner } if decorator.name.ends_with("property") => {
                    match *inner {
                        Value::Function(f) => it.call_value(
                            Value::BoundMethod(Rc::new((recv.clone(), f))),
                            &Args::default(),
                            site,
                        ),
                        other => other,
                    }
                }
                Value::Function(f) => Value::BoundMethod(Rc::new((recv.clone(), f))),
                other => other,
            });
        }
        match model {
            Value::Class(c) => Meta::new(it, self, c).attribute(it, name, site),
            Value::External(d) => known_model(d).and_then(|k| known_attribute(k, model, name)),
            _ => None,
        }
    }

    /// `get_field`, `get_parent_list`, `get_fields` on model options.
    pub fn meta_method(
        &self,
        it: &mut Interp,
        recv: &Value,
        name: &str,
        args: &Args,
        site: Site,
    ) -> Option<Value> {
        let opts = options_of(recv)?;
        let text = it.node_text(site.module, site).to_string();
        let field_name = args.get(0, "field_name").and_then(|v| v.as_known_str());
        let meta = match &opts.model {
            Value::Class(c) => Meta::new(it, self, c),
            Value::External(d) => {
                let k = known_model(d)?;
                return Some(match (name, field_name) {
                    ("get_field", Some(f)) => match k.fields.iter().find(|(n, _)| *n == f) {
                        Some(_) => known_field(k, &opts.model, &f),
                        None if it.raise("FieldDoesNotExist") => Value::None,
                        None => Value::unknown(text, format!("{} has no field {f}", k.object_name)),
                    },
                    ("get_parent_list", _) => Value::list(Vec::new()),
                    _ => return None,
                });
            }
            _ => return None,
        };
        let v = match (name, field_name) {
            ("get_field", Some(f)) => meta.get_field(it, &f, site),
            ("get_field", None) => Value::unknown(text, "get_field() of an unknown name"),
            ("get_parent_list", _) => match meta.parent_list(it, 0) {
                Some(list) => Value::list(list.into_iter().map(Value::Class).collect()),
                None => Value::unknown(text, "bases outside the sources may be parents"),
            },
            ("get_fields", _) => Value::unknown(
                text,
                "get_fields() includes the reverse relations of other models, which are not modelled",
            ),
            _ => return None,
        };
        Some(v)
    }

    /// `Options.name = value` on Django's class `Options`; false for
    /// another receiver.
    pub fn set_options_attribute(&self, recv: &Value, name: &str, value: Value) -> bool {
        let Value::External(d) = recv else {
            return false;
        };
        if !is_options_class(d) {
            return false;
        }
        let mut attrs = self.models.options_attrs.borrow_mut();
        match attrs.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => attrs.push((name.to_string(), value)),
        }
        true
    }
}

fn known_field(k: &KnownModel, model: &Value, name: &str) -> Value {
    let Some(entry) = k.fields.iter().find(|(n, _)| *n == name) else {
        return Value::None;
    };
    let primary = entry.0 == k.fields[0].0;
    let args = Args {
        pos: Vec::new(),
        kw: vec![("primary_key".into(), Value::Bool(primary))],
    };
    let f = model_fields::new_field(entry.1, &args);
    if let Value::Instance(i) = &f {
        i.set_attr("name", Value::str(entry.0));
        i.set_attr("model", model.clone());
    }
    f
}

#[cfg(test)]
mod tests {
    use super::camel_case_to_spaces;

    #[test]
    fn verbose_names_split_as_django_does() {
        assert_eq!(camel_case_to_spaces("ContentType"), "content type");
        assert_eq!(
            camel_case_to_spaces("VPNTunnelEndpoint"),
            "vpn tunnel endpoint"
        );
        assert_eq!(camel_case_to_spaces("Site"), "site");
        assert_eq!(camel_case_to_spaces("IPAddress"), "ip address");
    }
}
