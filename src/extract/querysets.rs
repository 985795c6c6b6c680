//! Django's model managers and querysets as the static evaluator sees them:
//! `Model.objects` and what its chainable methods return (`.all()`,
//! `.filter(...)`, ...) stand for a queryset of that model whose `.model` is
//! the model class, which is how code that discovers views reads the model
//! a viewset serves (`viewset.queryset.model`). The rows themselves are
//! database content and stay unknown. Django's own models known without
//! their source (`get_user_model()`'s `auth.User`) have managers too.

use super::model_fields::known_model;
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

/// `Model.objects` on a model class of the sources or a known Django
/// model; `qs.model`.
pub fn attribute(it: &mut Interp, recv: &Value, name: &str) -> Option<Value> {
    if let Some(qs) = queryset_of(recv) {
        return (name == "model").then(|| qs.model.clone());
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
