//! The memo of one evaluation: each class's kind and holder and each task
//! function's tags, by the identity of its definition.

use super::model::{Entry, Holder, Key, Kind};
use crate::python::value::{ClassRef, FuncRef};
use crate::python::Interp;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

/// Classes, holders and tags of one evaluation.
pub struct Classes {
    pub(super) kinds: HashMap<Key, (Kind, String)>,
    pub(super) holders: HashMap<Key, Rc<Holder>>,
    pub(super) in_progress: HashSet<Key>,
    /// Tags of each task function, as Locust stores them on the function.
    pub tags: HashMap<Key, BTreeSet<String>>,
}

impl Classes {
    pub fn new() -> Classes {
        Classes {
            kinds: HashMap::new(),
            holders: HashMap::new(),
            in_progress: HashSet::new(),
            tags: HashMap::new(),
        }
    }

    pub fn class_key(c: &ClassRef) -> Key {
        (c.module.clone(), c.node.start_byte())
    }

    pub fn func_key(&mut self, it: &mut Interp, f: &FuncRef) -> Key {
        (f.module.clone(), it.function_node(f).start_byte())
    }

    pub fn entry_key(&mut self, it: &mut Interp, e: &Entry) -> Key {
        match e {
            Entry::Func(f) => self.func_key(it, f),
            Entry::Class(c) => Classes::class_key(c),
            Entry::Other(d) => (format!("<{d}>"), 0),
        }
    }
}

impl Default for Classes {
    fn default() -> Self {
        Classes::new()
    }
}

/// How a module's file is shown (the module's name when it has no file).
pub fn file_of(it: &Interp, module: &str) -> String {
    it.module_index(module)
        .and_then(|m| it.file_of(m))
        .map(|f| f.display.clone())
        .unwrap_or_else(|| module.to_string())
}
