//! View objects project code builds around Django's: `as_view` overridden
//! by a project class (a mixin's `classmethod` that wraps
//! `super().as_view(**initkwargs)` in a decorator), and instances Django
//! calls as views (a syndication `Feed()`, any class with `__call__`).

use super::url_values::{AsView, CallableInstance, ClassTarget};
use crate::python::value::{ClassRef, HostValue};
use crate::python::{Args, Interp, Site, Value};
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// Framework classes whose instances are views (they define `__call__`),
/// for when their source is not read.
const CALLABLE_CLASSES: &[&str] = &["django.contrib.syndication.views.Feed"];

/// The classes whose `as_view` overrides are being run, innermost last
/// (what `super()` inside them is about).
#[derive(Debug, Default)]
pub struct AsViewFrames(RefCell<Vec<ClassRef>>);

/// `super()` inside an `as_view` override once the evaluator's own
/// `super()` found no later override among the project classes: it stands
/// for Django's (or DRF's) `as_view` of the class.
#[derive(Debug, Clone)]
pub struct AsViewSuper {
    class: ClassRef,
}

impl HostValue for AsViewSuper {
    fn describe(&self) -> String {
        format!("super() in {}.as_view", self.class.qualname)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `class.as_view(**initkwargs)`: the first project override (a
/// `classmethod`) in the class's method resolution order runs with `cls`
/// bound (its `super()` goes on along that order); without one it is
/// Django's (or DRF's) own, the view [`AsView`] stands for. An override
/// whose result cannot be known gives Django's view, as before overrides
/// were read.
pub fn as_view(
    it: &mut Interp,
    frames: &AsViewFrames,
    class: &ClassRef,
    args: &Args,
    site: Site,
) -> Value {
    for k in it.project_mro(class) {
        let Some(Value::Function(f)) = it.class_scope(&k).get("as_view").cloned() else {
            continue;
        };
        if !f.decorators.iter().any(|d| {
            matches!(
                d.name.rsplit('.').next(),
                Some("classmethod" | "classonlymethod")
            )
        }) {
            continue;
        }
        frames.0.borrow_mut().push(class.clone());
        let v = it.call_class_function(&Value::Class(class.clone()), &f, args, site);
        frames.0.borrow_mut().pop();
        if !v.is_unknown() {
            return v;
        }
        break;
    }
    AsView::value(ClassTarget::Local(class.clone()), as_view_kwargs(args))
}

/// Whether the first `as_view` in the class's project MRO is a plain
/// method: an object (a registry) that builds views of its own, not a
/// class-based view. Its call runs as any method does, so the closure it
/// returns is the view, named as Python names it.
pub fn is_instance_as_view(it: &mut Interp, class: &ClassRef) -> bool {
    for k in it.project_mro(class) {
        if let Some(Value::Function(f)) = it.class_scope(&k).get("as_view").cloned() {
            return !f.decorators.iter().any(|d| {
                matches!(
                    d.name.rsplit('.').next(),
                    Some("classmethod" | "classonlymethod" | "staticmethod")
                )
            });
        }
    }
    false
}

/// `super()` / `super(Class, cls)` in the `as_view` override being run, or
/// `None` outside one. The evaluator asks only past the project classes.
pub fn super_in_as_view(frames: &AsViewFrames) -> Option<Value> {
    let class = frames.0.borrow().last().cloned()?;
    Some(Value::Host(Rc::new(AsViewSuper { class })))
}

/// `super().as_view(...)` in an override: Django's own; `None` for
/// anything else.
pub fn super_method(sup: &AsViewSuper, name: &str, args: &Args) -> Option<Value> {
    (name == "as_view")
        .then(|| AsView::value(ClassTarget::Local(sup.class.clone()), as_view_kwargs(args)))
}

/// `as_view` keyword arguments; a ViewSet's positional action map is kept
/// under the key `actions`.
pub fn as_view_kwargs(args: &Args) -> Vec<(String, Value)> {
    let mut kw = args.kw.clone();
    if let Some(actions) = args.get(0, "actions") {
        kw.push(("actions".to_string(), actions.clone()));
    }
    kw
}

/// An instance of `class` when Django can call it as a view: the class or
/// a base defines `__call__` (read from source) or is a framework class
/// that does.
pub fn callable_instance(it: &mut Interp, class: &ClassRef) -> Option<Value> {
    let callable = matches!(it.class_attr(class, "__call__"), Some(Value::Function(_)))
        || it.project_mro(class).iter().any(|k| {
            it.class_bases(k).iter().any(|b| match b {
                Value::External(d) => {
                    CALLABLE_CLASSES.contains(&super::names::canonical(d).as_str())
                }
                _ => false,
            })
        });
    callable.then(|| {
        Value::Host(Rc::new(CallableInstance {
            class: ClassTarget::Local(class.clone()),
        }))
    })
}
