//! The plain data of the class walk: what a class is to Locust, one entry
//! of a `tasks` list, and a holder with its list.

use crate::python::value::{ClassRef, FuncRef};
use std::collections::{BTreeSet, HashMap};

/// Identity of a function or class: its module and the first byte of its
/// definition.
pub type Key = (String, usize);

/// How deep base classes may go before the walk stops.
pub(super) const MAX_DEPTH: usize = crate::python::MAX_BASES_DEPTH;

/// One entry of a `tasks` list.
#[derive(Debug, Clone)]
pub enum Entry {
    Func(std::rc::Rc<FuncRef>),
    Class(ClassRef),
    /// Something else Locust would call (a lambda, a function defined
    /// outside the analysed files), by description.
    Other(String),
}

/// What a class is to Locust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    User,
    TaskSet,
    Sequential,
    Markov,
    /// Not a Locust class.
    Plain,
}

/// A User or TaskSet class with its `tasks` list.
#[derive(Debug)]
pub struct Holder {
    pub class: ClassRef,
    /// `HttpUser`, `FastHttpUser` or `User` for users.
    pub base: String,
    /// Declared `abstract` truthy in the class body itself.
    pub declared_abstract: bool,
    /// Locust's `tasks` list: each entry with the number of times it stands
    /// in it (a weight is a count, never materialised as repeats).
    pub tasks: Vec<(Entry, i64)>,
    /// `@task(0)` members of the class and its bases: in no list.
    pub zero: Vec<Entry>,
    /// Environment variables each entry's weight depends on.
    pub deps: HashMap<Key, BTreeSet<String>>,
    pub file: String,
    pub line: usize,
}
