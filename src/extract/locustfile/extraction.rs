//! The state of one extraction: the evaluator with the Locust hooks, the
//! class walk, the tag filter and the warnings so far. The model is
//! assembled from it by `users`, `tasks` and `requests`.

use super::classes::{file_of, Classes, Key};
use super::filter::{Filter, Kept};
use super::state::LocustHooks;
use crate::diagnostics::{Diagnostics, Warning};
use crate::python::value::ClassRef;
use crate::python::Interp;
use std::collections::HashSet;
use std::rc::Rc;

/// The state of one extraction.
pub struct Extraction {
    pub it: Interp,
    pub hooks: Rc<LocustHooks>,
    pub diags: Diagnostics,
    pub classes: Classes,
    pub kept: Kept,
    pub filter: Filter,
}

impl Extraction {
    pub fn new(it: Interp, hooks: Rc<LocustHooks>, diags: Diagnostics, filter: Filter) -> Self {
        Extraction {
            it,
            hooks,
            diags,
            classes: Classes::new(),
            kept: Kept::default(),
            filter,
        }
    }

    /// The warnings of the extraction and then of the evaluator.
    pub fn into_warnings(self) -> Vec<Warning> {
        let mut warnings = self.diags.into_sorted();
        warnings.extend(self.it.diags.into_sorted());
        warnings
    }

    /// The keys of the entries of `c`'s `tasks` the tag filter keeps.
    pub fn kept(&mut self, c: &ClassRef) -> Rc<HashSet<Key>> {
        self.kept.kept(
            &mut self.classes,
            &mut self.it,
            &mut self.diags,
            &self.filter,
            c,
        )
    }

    /// How a module's file is shown.
    pub fn file(&self, module: &str) -> String {
        file_of(&self.it, module)
    }
}

/// The last component of a qualified name.
pub fn short(qualname: &str) -> String {
    qualname.rsplit('.').next().unwrap_or(qualname).to_string()
}
