//! A module's namespace seen as a mapping: `globals()`, `vars(module)` and
//! `module.__dict__`. Python binds a module name through every write to it
//! (`globals()[name] = value`, `globals().update(d)`, `setdefault`), and
//! every read of it sees the module's names, so code that fills its
//! settings through such a mapping (a registry handed `globals()`) binds
//! them as plain assignments would.

use super::args::Args;
use super::interp::{Frame, Interp};
use super::value::{HostValue, Value};
use std::any::Any;
use std::collections::BTreeSet;
use std::rc::Rc;

/// The namespace of a loaded module, by its index in the interpreter.
#[derive(Debug)]
pub struct Namespace {
    pub module: usize,
    pub name: String,
}

impl HostValue for Namespace {
    fn describe(&self) -> String {
        format!("globals() of {}", self.name)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The module whose namespace `v` is, when it is one.
pub fn namespace_of(v: &Value) -> Option<usize> {
    match v {
        Value::Host(h) => h.as_any().downcast_ref::<Namespace>().map(|n| n.module),
        _ => None,
    }
}

impl Interp {
    /// The namespace of module `module` as a mapping value.
    pub(super) fn namespace(&self, module: usize) -> Value {
        Value::Host(Rc::new(Namespace {
            module,
            name: self.modules[module].name.clone(),
        }))
    }

    /// The namespace of a module named by its dotted name, once loaded.
    pub(super) fn namespace_by_name(&mut self, dotted: &str) -> Option<Value> {
        self.load(dotted).map(|m| self.namespace(m))
    }

    /// `ns[key]`: the module's name; `KeyError` (when code catches it)
    /// for a name the module has not bound by then, as Python raises it.
    pub(super) fn namespace_item(&mut self, module: usize, key: &Value, text: &str) -> Value {
        let Some(name) = key.as_known_str() else {
            return Value::unknown(text, "a module name that cannot be evaluated statically");
        };
        match self.module_name_value(module, &name) {
            Some(v) => v,
            None if self.raise("KeyError") => Value::None,
            None => Value::unknown(text, format!("module-level name {name} is not bound")),
        }
    }

    /// `ns[key] = value`: binds the module name.
    pub(super) fn namespace_set(&mut self, module: usize, key: &Value, value: Value) -> bool {
        let Some(name) = key.as_known_str() else {
            return false;
        };
        self.bind_module_name(module, &name, value);
        true
    }

    /// Binds a name of module `module`, as an assignment at its top level.
    pub(super) fn bind_module_name(&mut self, module: usize, name: &str, value: Value) {
        let line = self.modules[module].lines.get(name).copied().unwrap_or(0);
        let mut frame = Frame::module(module);
        self.bind(&mut frame, name, value, line, BTreeSet::new());
    }

    fn module_name_value(&mut self, module: usize, name: &str) -> Option<Value> {
        let v = self.modules[module].scope.get(name).cloned()?;
        Some(self.resolve(v))
    }

    /// The mapping methods code calls on a namespace: `update`,
    /// `setdefault`, `get`, `pop`, `keys`, `values`, `items`, `copy`;
    /// `None` for another.
    pub(super) fn namespace_method(
        &mut self,
        module: usize,
        name: &str,
        args: &Args,
        text: &str,
    ) -> Option<Value> {
        let v = match name {
            "update" => {
                let Some(mut pairs) = args.pos.first().map_or(Some(Vec::new()), |v| v.pairs())
                else {
                    return Some(Value::unknown(
                        text,
                        "globals().update() of a mapping that cannot be evaluated statically; the names it binds are unknown",
                    ));
                };
                pairs.extend(
                    args.kw
                        .iter()
                        .map(|(k, v)| (Value::str(k.clone()), v.clone())),
                );
                for (k, v) in pairs {
                    self.namespace_set(module, &k, v);
                }
                Value::None
            }
            "setdefault" | "get" | "pop" => {
                let key = args.pos.first()?;
                let Some(key_name) = key.as_known_str() else {
                    return Some(Value::unknown(
                        text,
                        "a key that cannot be evaluated statically",
                    ));
                };
                let default = args.pos.get(1).cloned().unwrap_or(Value::None);
                match (name, self.module_name_value(module, &key_name)) {
                    ("pop", Some(v)) => {
                        let m = &mut self.modules[module];
                        m.scope.remove(&key_name);
                        m.deps.remove(&key_name);
                        v
                    }
                    (_, Some(v)) => v,
                    ("setdefault", None) => {
                        self.bind_module_name(module, &key_name, default.clone());
                        default
                    }
                    _ => default,
                }
            }
            "keys" | "values" | "items" | "copy" => {
                let mut names: Vec<String> = self.modules[module].scope.keys().cloned().collect();
                // The scope is a hash map: sorted, so output stays the same run to run.
                names.sort();
                let pairs: Vec<(Value, Value)> = names
                    .into_iter()
                    .filter_map(|n| {
                        let v = self.module_name_value(module, &n)?;
                        Some((Value::str(n), v))
                    })
                    .collect();
                match name {
                    "keys" => Value::list(pairs.into_iter().map(|(k, _)| k).collect()),
                    "values" => Value::list(pairs.into_iter().map(|(_, v)| v).collect()),
                    "items" => Value::list(
                        pairs
                            .into_iter()
                            .map(|(k, v)| Value::Tuple(vec![k, v]))
                            .collect(),
                    ),
                    _ => Value::dict(pairs),
                }
            }
            _ => return None,
        };
        Some(v)
    }

    /// `key in ns`.
    pub(super) fn namespace_contains(&self, module: usize, key: &Value) -> Option<bool> {
        let name = key.as_known_str()?;
        Some(self.modules[module].scope.contains_key(&name))
    }
}
