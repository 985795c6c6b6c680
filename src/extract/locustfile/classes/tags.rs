//! The tags `@tag` puts on task functions: their own decorators, and a
//! decorated User or TaskSet tagging every function of its `tasks` list.

use super::cache::{file_of, Classes};
use super::kinds::is_subclass;
use super::model::{Entry, Key, Kind, MAX_DEPTH};
use crate::diagnostics::Diagnostics;
use crate::extract::locustfile::state::locust_name;
use crate::parsing::line_of;
use crate::python::value::{ClassRef, FuncRef};
use crate::python::Interp;
use std::collections::{BTreeMap, BTreeSet, HashSet};

impl Classes {
    /// Tags `@tag` puts on each task function: its own decorators, and
    /// every `@tag`-decorated User or TaskSet among `classes` tagging its
    /// whole `tasks` list, nested TaskSets included, as Locust does.
    pub fn compute_tags(&mut self, it: &mut Interp, diags: &mut Diagnostics, classes: &[ClassRef]) {
        // Functions' own @tag decorators.
        let mut funcs: Vec<std::rc::Rc<FuncRef>> = Vec::new();
        for c in classes {
            let h = self.holder(it, diags, c);
            for e in h.tasks.iter().map(|(e, _)| e).chain(h.zero.iter()) {
                if let Entry::Func(f) = e {
                    funcs.push(f.clone());
                }
            }
        }
        for f in &funcs {
            let key = self.func_key(it, f);
            let set = self.tags.entry(key).or_default();
            for d in &f.decorators {
                if locust_name(&d.name) == Some("tag") {
                    set.extend(d.args.iter().filter_map(|a| a.as_known_str()));
                }
            }
        }
        // Class decorators.
        for c in classes {
            let tags: BTreeSet<String> = c
                .decorators
                .iter()
                .filter(|d| locust_name(&d.name) == Some("tag"))
                .flat_map(|d| d.args.iter().filter_map(|a| a.as_known_str()))
                .collect();
            if tags.is_empty() {
                continue;
            }
            let mut visited: HashSet<Key> = HashSet::new();
            let mut reached: Vec<std::rc::Rc<FuncRef>> = Vec::new();
            self.apply_class_tags(it, diags, c, &tags, &mut visited, &mut reached, 0);
            self.spill_warning(it, diags, c, &tags, &visited, &reached, classes);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn apply_class_tags(
        &mut self,
        it: &mut Interp,
        diags: &mut Diagnostics,
        c: &ClassRef,
        tags: &BTreeSet<String>,
        visited: &mut HashSet<Key>,
        reached: &mut Vec<std::rc::Rc<FuncRef>>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH || !visited.insert(Classes::class_key(c)) {
            return;
        }
        let h = self.holder(it, diags, c);
        for (e, _) in &h.tasks {
            match e {
                Entry::Func(f) => {
                    let key = self.func_key(it, f);
                    self.tags
                        .entry(key)
                        .or_default()
                        .extend(tags.iter().cloned());
                    reached.push(f.clone());
                }
                Entry::Class(ts) => {
                    if self.kind(it, diags, ts).0 != Kind::Plain {
                        self.apply_class_tags(it, diags, ts, tags, visited, reached, depth + 1);
                    }
                }
                Entry::Other(_) => {}
            }
        }
    }

    /// Warns when a class decorator's tags land on functions other classes
    /// use too (a base class's tasks, shared module functions).
    #[allow(clippy::too_many_arguments)]
    fn spill_warning(
        &mut self,
        it: &mut Interp,
        diags: &mut Diagnostics,
        c: &ClassRef,
        tags: &BTreeSet<String>,
        visited: &HashSet<Key>,
        reached: &[std::rc::Rc<FuncRef>],
        classes: &[ClassRef],
    ) {
        let mut affected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in reached {
            let fk = self.func_key(it, f);
            for other in classes {
                let ok = Classes::class_key(other);
                if visited.contains(&ok) || is_subclass(it, other, c, 0) {
                    continue;
                }
                let h = self.holder(it, diags, other);
                let mut uses = false;
                for (e, _) in &h.tasks {
                    if let Entry::Func(g) = e {
                        if self.func_key(it, g) == fk {
                            uses = true;
                            break;
                        }
                    }
                }
                if uses {
                    affected
                        .entry(f.qualname.clone())
                        .or_default()
                        .insert(other.qualname.clone());
                }
            }
        }
        if affected.is_empty() {
            return;
        }
        let line = c
            .decorators
            .iter()
            .find(|d| locust_name(&d.name) == Some("tag"))
            .map(|d| d.line)
            .unwrap_or_else(|| line_of(c.node));
        let tag_list: Vec<String> = tags.iter().map(|t| format!("{t:?}")).collect();
        let what: Vec<String> = affected
            .iter()
            .map(|(f, users)| {
                format!(
                    "{f} (also a task of {})",
                    users.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        diags.warn_at(
            &file_of(it, &c.module),
            line,
            format!(
                "@tag({}) on {} tags the task functions themselves, so it also tags {}",
                tag_list.join(", "),
                c.qualname,
                what.join("; ")
            ),
        );
    }
}
