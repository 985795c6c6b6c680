//! Modules that answer for names they do not bind: a module-level
//! `def __getattr__(name)` (PEP 562), which Python calls for a name the
//! module lacks, and a module that puts another object in its place
//! (`sys.modules[__name__] = obj`), which is then what importing it gives.
//! Settings modules of reusable apps use both to read settings with
//! defaults, and URLconfs branch on what they read.

use super::args::Args;
use super::interp::{Interp, Site};
use super::value::Value;

impl Interp {
    /// `sys.modules[key] = value`: importing `key` from now on gives
    /// `value`. True when the assignment was one.
    pub(super) fn replace_module(
        &mut self,
        container: &Value,
        key: &Value,
        value: &Value,
        site: Site,
    ) -> bool {
        let (Value::External(c), Some(name)) = (container, key.as_known_str()) else {
            return false;
        };
        if c != "sys.modules" {
            return false;
        }
        if self.is_modelled(&name) {
            // A library replacing a module the evaluator models itself
            // (`django.conf` by a settings wrapper) changes nothing the
            // model does not already answer.
            return true;
        }
        self.replaced_modules.insert(name, (value.clone(), site));
        true
    }

    /// `dotted.name` for a module that replaced itself: the attribute of
    /// the object now in its place; `None` for a module that did not.
    pub(super) fn replaced_module_attr(&mut self, dotted: &str, name: &str) -> Option<Value> {
        let (obj, site) = self.replaced_modules.get(dotted).cloned()?;
        Some(self.get_attr(&obj, name, site))
    }

    /// `dotted.name` for a name module `idx` does not bind, through its
    /// `__getattr__` when it defines one; `None` when it does not.
    pub(super) fn module_getattr(&mut self, idx: usize, name: &str) -> Option<Value> {
        let hook = self.modules[idx].scope.get("__getattr__").cloned()?;
        let site = match &hook {
            Value::Function(f) => Site::new(idx, self.function_node(f)),
            _ => return None,
        };
        let full = format!("{}.{name}", self.modules[idx].name);
        match self.call_value(hook, &Args::positional(vec![Value::str(name)]), site) {
            Value::Unknown(u) => Some(Value::unknown(
                full,
                format!(
                    "the module's __getattr__ gives no known value ({})",
                    u.reason
                ),
            )),
            v => Some(v),
        }
    }
}
