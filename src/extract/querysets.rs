//! Django's model managers and querysets as the static evaluator sees them:
//! `Model.objects` and what its chainable methods return (`.all()`,
//! `.filter(...)`, ...) stand for a queryset of that model whose `.model` is
//! the model class, which is how code that discovers views reads the model
//! a viewset serves (`viewset.queryset.model`). The rows themselves are
//! database content and stay unknown.

use crate::python::value::ClassRef;
use crate::python::{Args, HostValue, Interp, Site, Value};
use std::any::Any;
use std::rc::Rc;

/// A manager or queryset of a model of the sources.
#[derive(Debug)]
pub struct QuerySet {
    pub model: ClassRef,
}

impl HostValue for QuerySet {
    fn describe(&self) -> String {
        format!("{}.{}.objects", self.model.module, self.model.qualname)
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

/// `Model.objects` on a model class of the sources; `qs.model`.
pub fn attribute(it: &mut Interp, recv: &Value, name: &str) -> Option<Value> {
    if let Some(qs) = queryset_of(recv) {
        return (name == "model").then(|| Value::Class(qs.model.clone()));
    }
    let Value::Class(c) = recv else {
        return None;
    };
    if !is_manager_name(name) {
        return None;
    }
    let model = Value::External("django.db.models.Model".into());
    if it.is_subclass(recv, &model) != Some(true) {
        return None;
    }
    Some(Value::Host(Rc::new(QuerySet { model: c.clone() })))
}

/// `qs.filter(...)` and the other chained methods: a queryset of the same
/// model.
pub fn method(recv: &Value, name: &str, _args: &Args, _site: Site) -> Option<Value> {
    let qs = queryset_of(recv)?;
    CHAINED.contains(&name).then(|| {
        Value::Host(Rc::new(QuerySet {
            model: qs.model.clone(),
        }))
    })
}
