//! Django's model managers and querysets as the static evaluator sees them:
//! `Model.objects` and what its chainable methods return (`.all()`,
//! `.filter(...)`, ...) stand for a queryset of that model whose `.model` is
//! the model class, which is how code that discovers views reads the model
//! a viewset serves (`viewset.queryset.model`). The rows themselves are
//! database content and stay unknown. Django's own models known without
//! their source (`get_user_model()`'s `auth.User`) have managers too.
//!
//! A project class deriving from `Manager` or `QuerySet` and set on a model
//! class is a manager of that model, as Django's `contribute_to_class`
//! makes it: read through the model it is a copy whose `model` is that
//! model, its own methods run with `self`, and Django's chained methods it
//! does not override return a queryset of the model (an object of the
//! project `QuerySet` class, so its own methods keep working).

use super::model_fields::known_model;
use crate::python::value::ClassRef;
use crate::python::{Args, HostValue, Interp, Site, Value};
use std::any::Any;
use std::rc::Rc;

/// A manager or queryset of a model: a model class of the sources or a
/// known Django model (`Value::External`).
#[derive(Debug)]
pub struct QuerySet {
    pub model: Value,
}

impl HostValue for QuerySet {
    fn describe(&self) -> String {
        match &self.model {
            Value::Class(c) => format!("{}.{}.objects", c.module, c.qualname),
            other => format!("{}.objects", other.describe()),
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Methods of a manager or queryset that return a queryset of the same model.
const CHAINED: &[&str] = &[
    "all",
    "filter",
    "exclude",
    "order_by",
    "select_related",
    "prefetch_related",
    "distinct",
    "none",
    "only",
    "defer",
    "annotate",
    "alias",
    "using",
    "reverse",
    "get_queryset",
    "select_for_update",
];

/// The managers every model has without declaring them.
fn is_manager_name(name: &str) -> bool {
    matches!(name, "objects" | "_default_manager" | "_base_manager")
}

fn queryset_of(recv: &Value) -> Option<&QuerySet> {
    match recv {
        Value::Host(h) => h.as_any().downcast_ref::<QuerySet>(),
        _ => None,
    }
}

const MANAGER_CLASSES: &[&str] = &[
    "django.db.models.Manager",
    "django.db.models.manager.Manager",
];
const QUERYSET_CLASSES: &[&str] = &[
    "django.db.models.QuerySet",
    "django.db.models.query.QuerySet",
];

fn derives_from(it: &mut Interp, class: &Value, targets: &[&str]) -> bool {
    let targets = Value::Tuple(
        targets
            .iter()
            .map(|t| Value::External((*t).into()))
            .collect(),
    );
    matches!(class, Value::Class(_)) && it.is_subclass(class, &targets) == Some(true)
}

/// `Model.name` where the class attribute is an object of a project
/// manager (or queryset, `QuerySet.as_manager()`) class: a copy of it
/// whose `model` is the model read through, as Django copies managers
/// onto each model class.
fn project_manager(it: &mut Interp, recv: &Value, name: &str) -> Option<Value> {
    let Value::Class(c) = recv else {
        return None;
    };
    let Some(Value::Instance(inst)) = it.class_attr(c, name) else {
        return None;
    };
    let all = [MANAGER_CLASSES, QUERYSET_CLASSES].concat();
    if !derives_from(it, &inst.class, &all) {
        return None;
    }
    let model = Value::External("django.db.models.Model".into());
    if it.is_subclass(recv, &model) != Some(true) {
        return None;
    }
    let mut attrs: Vec<(String, Value)> = inst
        .attrs
        .names()
        .into_iter()
        .filter(|k| k != "model")
        .filter_map(|k| inst.attr(&k).map(|v| (k, v)))
        .collect();
    attrs.push(("model".into(), recv.clone()));
    Some(Value::instance(inst.class.clone(), attrs))
}

/// `Model.objects` on a model class of the sources or a known Django
/// model; `qs.model`.
pub fn attribute(it: &mut Interp, recv: &Value, name: &str) -> Option<Value> {
    if let Some(qs) = queryset_of(recv) {
        return (name == "model").then(|| qs.model.clone());
    }
    if let Some(v) = project_manager(it, recv, name) {
        return Some(v);
    }
    if !is_manager_name(name) {
        return None;
    }
    let is_model = match recv {
        Value::Class(_) => {
            let model = Value::External("django.db.models.Model".into());
            it.is_subclass(recv, &model) == Some(true)
        }
        Value::External(d) => known_model(d).is_some(),
        _ => false,
    };
    is_model.then(|| {
        Value::Host(Rc::new(QuerySet {
            model: recv.clone(),
        }))
    })
}

/// A chained method of an object of a project manager or queryset class
/// that the class does not define: a queryset of its model, an object of
/// the queryset class itself (Django clones it) or Django's `QuerySet`.
fn project_method(it: &mut Interp, recv: &Value, name: &str) -> Option<Value> {
    let Value::Instance(inst) = recv else {
        return None;
    };
    let Value::Class(c) = &inst.class else {
        return None;
    };
    if !CHAINED.contains(&name) || it.class_attr(c, name).is_some() {
        return None;
    }
    let model = inst.attr("model")?;
    if matches!(model, Value::None) {
        return None;
    }
    if derives_from(it, &inst.class, QUERYSET_CLASSES) {
        return Some(Value::instance(
            inst.class.clone(),
            vec![("model".into(), model)],
        ));
    }
    derives_from(it, &inst.class, MANAGER_CLASSES).then(|| Value::Host(Rc::new(QuerySet { model })))
}

/// `ProjectQuerySet(model, ...)`: an object of the project class whose
/// `model` is the call's (Django's `QuerySet.__init__(model=None, ...)`).
pub fn instantiate(class: &ClassRef, base: &str, args: &Args) -> Option<Value> {
    if !QUERYSET_CLASSES.contains(&base) {
        return None;
    }
    let model = args.get(0, "model").cloned().unwrap_or(Value::None);
    Some(Value::instance(
        Value::Class(class.clone()),
        vec![("model".into(), model)],
    ))
}

/// `ProjectQuerySet.as_manager()`: a manager object of the queryset class,
/// its model set when a model class reads it.
fn as_manager(it: &mut Interp, recv: &Value, name: &str) -> Option<Value> {
    if name != "as_manager" || !derives_from(it, recv, QUERYSET_CLASSES) {
        return None;
    }
    Some(Value::instance(
        recv.clone(),
        vec![("model".into(), Value::None)],
    ))
}

/// `qs.filter(...)` and the other chained methods: a queryset of the same
/// model.
pub fn method(
    it: &mut Interp,
    recv: &Value,
    name: &str,
    _args: &Args,
    _site: Site,
) -> Option<Value> {
    if let Some(v) = project_method(it, recv, name).or_else(|| as_manager(it, recv, name)) {
        return Some(v);
    }
    let qs = queryset_of(recv)?;
    CHAINED.contains(&name).then(|| {
        Value::Host(Rc::new(QuerySet {
            model: qs.model.clone(),
        }))
    })
}
