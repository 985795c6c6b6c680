//! A viewset's own `get_extra_actions` (a classmethod choosing which of its
//! `@action`s get routes, often from the model it serves) run as DRF runs
//! it when a router builds the viewset's routes. Its `super()` past the
//! project classes is DRF's, which lists the declared actions.

use crate::python::value::{ClassRef, FuncRef};
use crate::python::{Args, HostValue, Interp, Site, Value};
use std::any::Any;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

/// The overrides being run, innermost last, each with the declared
/// actions DRF's own `get_extra_actions` returns; and the viewsets whose
/// override gave a known answer (no warning is due for those).
#[derive(Debug, Default)]
pub struct ExtraActionFrames {
    frames: RefCell<Vec<Vec<Value>>>,
    resolved: RefCell<BTreeSet<String>>,
}

impl ExtraActionFrames {
    /// True when the override of the viewset `dotted` gave known actions.
    pub fn resolved(&self, dotted: &str) -> bool {
        self.resolved.borrow().contains(dotted)
    }
}

/// `super()` in a `get_extra_actions` override, past the project classes.
#[derive(Debug)]
pub struct DeclaredActions(Vec<Value>);

impl HostValue for DeclaredActions {
    fn describe(&self) -> String {
        "super() in get_extra_actions".into()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `super()` while an override runs; `None` otherwise.
pub fn super_value(frames: &ExtraActionFrames) -> Option<Value> {
    let last = frames.frames.borrow().last().cloned()?;
    Some(Value::Host(Rc::new(DeclaredActions(last))))
}

/// `super().get_extra_actions()`: the declared actions.
pub fn super_method(recv: &Value, name: &str) -> Option<Value> {
    let Value::Host(h) = recv else {
        return None;
    };
    let declared = h.as_any().downcast_ref::<DeclaredActions>()?;
    (name == "get_extra_actions").then(|| Value::list(declared.0.clone()))
}

/// The names of the actions the project's `get_extra_actions` of `class`
/// keeps; `None` when the class has no such override or its answer is
/// not known.
pub fn chosen(
    it: &mut Interp,
    frames: &ExtraActionFrames,
    class: &ClassRef,
    declared: &[Rc<FuncRef>],
) -> Option<Vec<String>> {
    let Some(Value::Function(f)) = it.class_attr(class, "get_extra_actions") else {
        return None;
    };
    let module = it.load(&class.module)?;
    let site = Site::new(module, class.node);
    let actions: Vec<Value> = declared.iter().cloned().map(Value::Function).collect();
    frames.frames.borrow_mut().push(actions);
    let method = Value::BoundMethod(Rc::new((Value::Class(class.clone()), f)));
    let result = it.call_value(method, &Args::default(), site);
    frames.frames.borrow_mut().pop();
    it.clear_raised();
    let mut names = Vec::new();
    for item in result.items()? {
        match item {
            Value::Function(f) => {
                names.push(
                    f.qualname
                        .rsplit('.')
                        .next()
                        .unwrap_or(&f.qualname)
                        .to_string(),
                );
            }
            _ => return None,
        }
    }
    frames
        .resolved
        .borrow_mut()
        .insert(format!("{}.{}", class.module, class.qualname));
    Some(names)
}
