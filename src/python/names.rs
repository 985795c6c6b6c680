//! Name look-ups: a name in a frame (locals, module scope, star imports,
//! Python's built-in names), attributes of modules, classes and host
//! values.

use super::interp::{Frame, Interp, Site};
use super::value::Value;

impl Interp {
    pub(super) fn lookup(&mut self, frame: &Frame, name: &str) -> Option<Value> {
        if let Some(locals) = &frame.locals {
            if let Some(v) = locals.get(name) {
                return Some(v.clone());
            }
        }
        if let Some(v) = self.rebound_global(frame, name) {
            return Some(v);
        }
        let m = &self.modules[frame.module];
        if let Some(v) = m.scope.get(name).cloned() {
            if let Some(deps) = m.deps.get(name).cloned() {
                self.add_deps(deps);
            }
            return Some(self.resolve(v));
        }
        if let Some(fallback) = m.star_fallbacks.last().cloned() {
            return Some(Value::External(format!("{fallback}.{name}")));
        }
        match name {
            // A module runs imported, never as `__main__`: the code under
            // `if __name__ == "__main__":` is not part of what it defines.
            "__name__" => Some(Value::str(m.name.clone())),
            "str" | "int" | "float" | "bool" | "len" | "list" | "tuple" | "dict" | "set"
            | "print" | "range" | "sorted" | "isinstance" | "getattr" | "super" | "type"
            | "object" | "repr" | "min" | "max" | "sum" | "any" | "all" | "enumerate" | "zip"
            | "Exception" | "classmethod" | "staticmethod" | "hasattr" | "setattr"
            | "issubclass" | "globals" | "vars" | "open" | "dir" | "reversed" => {
                Some(Value::External(format!("builtins.{name}")))
            }
            _ => None,
        }
    }

    pub fn get_attr(&mut self, recv: &Value, name: &str, site: Site) -> Value {
        let hooks = self.hooks.clone();
        if let Some(v) = hooks.attribute(self, recv, name, site) {
            return v;
        }
        match recv {
            Value::Module(m) if name == "__dict__" => {
                self.namespace_by_name(m).unwrap_or_else(|| {
                    Value::unknown(format!("{m}.__dict__"), "module not in the sources")
                })
            }
            Value::Module(m) => self.module_attr(m, name),
            Value::Import { .. } => {
                let r = self.resolve(recv.clone());
                self.get_attr(&r, name, site)
            }
            Value::External(d) if self.external_lacks(d, name) && self.raise("AttributeError") => {
                Value::None
            }
            Value::External(d) => super::stdlib::external(format!("{d}.{name}")),
            Value::Host(h) => match h.attr(name) {
                Some(v) => v,
                None => Value::unknown(
                    format!("{}.{name}", h.describe()),
                    "attribute of a value not modelled",
                ),
            },
            Value::Class(c) => match self.class_attr(c, name) {
                Some(v) => v,
                None if name == "__module__" => Value::str(c.module.clone()),
                None if name == "__qualname__" => Value::str(c.qualname.clone()),
                None if name == "__name__" => {
                    Value::str(c.qualname.rsplit('.').next().unwrap_or(&c.qualname))
                }
                None if name == "__mro__" => match self.class_mro(c) {
                    Some(order) => Value::Tuple(order),
                    None => Value::unknown(
                        format!("{}.__mro__", c.qualname),
                        "method resolution order not known",
                    ),
                },
                None if name == "__bases__" => Value::Tuple(self.class_bases(c)),
                None if self.class_lacks(c, name) && self.raise("AttributeError") => Value::None,
                None => Value::unknown(
                    format!("{}.{name}", c.qualname),
                    "class attribute not found",
                ),
            },
            Value::Instance(i) => self.instance_attr(recv, i, name, site),
            Value::Function(f) => match f.attr(name) {
                Some(v) => v,
                None if matches!(name, "__name__" | "__qualname__" | "__module__") => {
                    let wrapped = f
                        .wrapped
                        .as_deref()
                        .cloned()
                        .or_else(|| f.attr("__wrapped__"));
                    match wrapped {
                        // `functools.wraps` took the names of what it wraps.
                        Some(w @ (Value::Function(_) | Value::Class(_))) => {
                            self.get_attr(&w, name, site)
                        }
                        _ => Value::str(match name {
                            "__module__" => f.module.clone(),
                            "__qualname__" => f.qualname.clone(),
                            _ => f.qualname.rsplit('.').next().unwrap_or("").to_string(),
                        }),
                    }
                }
                None => Value::unknown(
                    format!("{}.{name}", f.qualname),
                    "attribute of a function not set by the code",
                ),
            },
            Value::Unknown(u) => Value::unknown(format!("{}.{name}", u.text), u.reason.clone()),
            other => Value::unknown(
                format!("{}.{name}", other.describe()),
                "attribute of a value not modelled",
            ),
        }
    }
}
