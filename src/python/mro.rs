//! Classes as Python orders and reads them: the method resolution order
//! (`cls.mro()`, `cls.__mro__`, C3 linearisation over the project classes,
//! a base outside the sources kept as an opaque class before `object`),
//! and the attribute reads Python answers with `AttributeError`: a name
//! that no class of a fully known order defines. Only an order the
//! evaluator sees whole decides that; a base outside the sources whose
//! attributes are not known, a metaclass, a class decorator or an
//! `__init_subclass__` (each can add attributes the class body does not
//! show) leave the read unknown, never a wrong `AttributeError`.

use super::definitions::MAX_BASES_DEPTH;
use super::interp::Interp;
use super::value::{ClassRef, Value};

/// The name `object` has in the evaluator.
const OBJECT: &str = "builtins.object";

/// What `object` (and so every class, through `type`) answers for a
/// name that is not a dunder: none. Dunders (`__name__`, `__doc__`, ...)
/// and `mro` are there on every class, so never an `AttributeError`.
fn always_there(name: &str) -> bool {
    (name.starts_with("__") && name.ends_with("__")) || name == "mro"
}

/// Identity of a class in a linearisation.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Class(x), Value::Class(y)) => x.node.id() == y.node.id(),
        (Value::External(x), Value::External(y)) => x == y,
        _ => false,
    }
}

/// C3's merge: repeatedly the first head that is in no other list's tail;
/// `None` when none is (Python refuses such a class with `TypeError`).
fn merge(mut seqs: Vec<Vec<Value>>) -> Option<Vec<Value>> {
    let mut out = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Some(out);
        }
        let head = seqs
            .iter()
            .map(|s| s[0].clone())
            .find(|h| !seqs.iter().any(|s| s[1..].iter().any(|x| same(x, h))))?;
        for s in seqs.iter_mut() {
            if same(&s[0], &head) {
                s.remove(0);
            }
        }
        out.push(head);
    }
}

impl Interp {
    /// `cls.__mro__`: the class, then its bases in C3 order, ending with
    /// `object`. `None` when a base cannot be evaluated or the order is
    /// not consistent.
    pub fn class_mro(&mut self, class: &ClassRef) -> Option<Vec<Value>> {
        self.linearise(&Value::Class(class.clone()), 0)
    }

    fn linearise(&mut self, class: &Value, depth: usize) -> Option<Vec<Value>> {
        if depth > MAX_BASES_DEPTH {
            return None;
        }
        let object = Value::External(OBJECT.to_string());
        let c = match class {
            Value::External(d) if d == OBJECT => return Some(vec![object]),
            // A class outside the sources: its own bases are not seen.
            Value::External(_) => return Some(vec![class.clone(), object]),
            Value::Class(c) => c.clone(),
            _ => return None,
        };
        let mut bases = self.class_bases(&c);
        if bases.is_empty() {
            bases.push(object);
        }
        let mut seqs = Vec::new();
        for b in &bases {
            seqs.push(self.linearise(b, depth + 1)?);
        }
        seqs.push(bases);
        let mut out = vec![class.clone()];
        out.extend(merge(seqs)?);
        Some(out)
    }

    /// True when reading `name` on `class` raises `AttributeError` in
    /// Python: no class of its order defines it, and the evaluator sees
    /// every class of that order whole (see the module's note).
    pub fn class_lacks(&mut self, class: &ClassRef, name: &str) -> bool {
        if always_there(name) || self.class_attr(class, name).is_some() {
            return false;
        }
        let Some(order) = self.class_mro(class) else {
            return false;
        };
        let hooks = self.hooks.clone();
        for c in order {
            let whole = match &c {
                Value::Class(k) => self.shows_whole(k),
                Value::External(d) if d == OBJECT => true,
                other => hooks.has_attribute(self, other, name) == Some(false),
            };
            if !whole {
                return false;
            }
        }
        true
    }

    /// A project class whose body alone says what attributes it has: no
    /// decorator, no metaclass, no `__init_subclass__`.
    fn shows_whole(&mut self, class: &ClassRef) -> bool {
        if !class.decorators.is_empty() {
            return false;
        }
        let metaclass = class
            .node
            .child_by_field_name("superclasses")
            .is_some_and(|args| {
                let mut c = args.walk();
                let found = args
                    .named_children(&mut c)
                    .any(|n| n.kind() == "keyword_argument");
                found
            });
        !metaclass && !self.class_scope(class).contains_key("__init_subclass__")
    }

    /// `name` read on a class outside the sources: `AttributeError` when
    /// it is `object` (or a class the hooks know) and lacks the name.
    pub(super) fn external_lacks(&mut self, class: &str, name: &str) -> bool {
        if always_there(name) {
            return false;
        }
        if class == OBJECT {
            return true;
        }
        let hooks = self.hooks.clone();
        hooks.has_attribute(self, &Value::External(class.to_string()), name) == Some(false)
    }
}
