//! Class attributes read through inheritance: an attribute with the
//! environment variables its assignment reads, and `wait_time`.

use super::cache::Classes;
use super::class_body::body_info;
use super::model::MAX_DEPTH;
use crate::extract::locustfile::state::WAIT_KEY;
use crate::model::WaitTime;
use crate::parsing::line_of;
use crate::python::value::ClassRef;
use crate::python::{Frame, Interp, Value};
use std::collections::{BTreeMap, BTreeSet};

impl Classes {
    /// `wait_time` of a class: Locust's helpers, a method, or unknown.
    pub fn wait_time(&mut self, it: &mut Interp, c: &ClassRef) -> Option<WaitTime> {
        let v = it.class_attr(c, "wait_time")?;
        Some(wait_time_of(&v))
    }

    /// A class attribute as the class resolves it, with the environment
    /// variables its defining assignment depends on.
    pub fn attr_with_deps(
        &mut self,
        it: &mut Interp,
        c: &ClassRef,
        name: &str,
    ) -> Option<(Value, BTreeSet<String>, usize)> {
        self.attr_with_deps_depth(it, c, name, 0)
    }

    fn attr_with_deps_depth(
        &mut self,
        it: &mut Interp,
        c: &ClassRef,
        name: &str,
        depth: usize,
    ) -> Option<(Value, BTreeSet<String>, usize)> {
        if depth > MAX_DEPTH {
            return None;
        }
        let scope = it.class_scope(c);
        if let Some(v) = scope.get(name) {
            let module = it.module_index(&c.module)?;
            let info = body_info(it, module, c);
            let mut frame = Frame {
                module,
                locals: Some((*scope).clone()),
            };
            let (deps, line) = match info.assigns.get(name) {
                Some(rhs) => (it.eval_with_deps(&mut frame, *rhs).1, line_of(*rhs)),
                None => (BTreeSet::new(), line_of(c.node)),
            };
            return Some((v.clone(), deps, line));
        }
        for b in it.class_bases(c) {
            if let Value::Class(b) = b {
                if let Some(found) = self.attr_with_deps_depth(it, &b, name, depth + 1) {
                    return Some(found);
                }
            }
        }
        None
    }
}

/// `between(1, 3)` and friends, as the Locust hooks evaluate them.
pub fn wait_time_of(v: &Value) -> WaitTime {
    let pairs = v.pairs().unwrap_or_default();
    match v {
        Value::Dict(_)
            if pairs
                .first()
                .is_some_and(|(k, _)| k.as_known_str().as_deref() == Some(WAIT_KEY)) =>
        {
            let kind = pairs[0].1.as_known_str().unwrap_or_default();
            let mut args = BTreeMap::new();
            let mut shown = Vec::new();
            for (k, v) in &pairs[1..] {
                let key = k.as_known_str().unwrap_or_default();
                let json = match v {
                    Value::Int(i) => serde_json::Value::from(*i),
                    Value::Float(f) => serde_json::Value::from(*f),
                    other => serde_json::Value::from(other.describe()),
                };
                shown.push(v.describe());
                args.insert(key, json);
            }
            WaitTime {
                text: format!("{kind}({})", shown.join(", ")),
                kind,
                args,
            }
        }
        Value::Function(f) => WaitTime {
            kind: "custom".into(),
            args: BTreeMap::new(),
            text: f.qualname.clone(),
        },
        other => WaitTime {
            kind: "custom".into(),
            args: BTreeMap::new(),
            text: other.describe(),
        },
    }
}
