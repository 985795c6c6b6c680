//! The user classes: found in the modules' namespaces as Locust scans
//! them, and each assembled into the model with its weight, spawn state,
//! wait time, `on_start` and tasks.

use super::classes::{Classes, Entry, Key, Kind};
use super::extraction::{short, Extraction};
use crate::model::{Source, UserClass, WaitTime};
use crate::python::value::ClassRef;
use crate::python::Value;
use std::collections::HashSet;

impl Extraction {
    /// The user classes the `modules`' namespaces hold, as Locust scans
    /// them: those defined in a module before those it imports, each in
    /// the order of the files, then of their lines.
    pub fn user_classes(&mut self, modules: &[usize]) -> Vec<ClassRef> {
        let mut users: Vec<(usize, usize, ClassRef)> = Vec::new();
        let mut seen: HashSet<Key> = HashSet::new();
        for (order, &idx) in modules.iter().enumerate() {
            let mut names: Vec<String> = self.it.modules[idx].scope.keys().cloned().collect();
            names.sort();
            for name in names {
                let v = self.it.modules[idx].scope.get(&name).cloned();
                let Some(v) = v else { continue };
                let v = self.it.resolve(v);
                let Value::Class(c) = v else { continue };
                if self.classes.kind(&mut self.it, &mut self.diags, &c).0 != Kind::User {
                    continue;
                }
                if seen.insert(Classes::class_key(&c)) {
                    let defined_here = self.it.module_index(&c.module) == Some(idx);
                    let rank = if defined_here {
                        order
                    } else {
                        modules.len() + order
                    };
                    users.push((rank, crate::parsing::line_of(c.node), c));
                }
            }
        }
        users.sort_by_key(|a| (a.0, a.1));
        users.into_iter().map(|u| u.2).collect()
    }

    /// The model of each of `users`, tags computed over every class first.
    pub fn users(&mut self, users: &[ClassRef]) -> Vec<UserClass> {
        let all = self.all_classes(users);
        self.classes
            .compute_tags(&mut self.it, &mut self.diags, &all);
        users.iter().map(|c| self.user(c)).collect()
    }

    /// Every Locust class a `@tag` may decorate: module-level and nested
    /// classes of the analysed files, and the TaskSets the users reach.
    fn all_classes(&mut self, users: &[ClassRef]) -> Vec<ClassRef> {
        let mut out: Vec<ClassRef> = Vec::new();
        let mut seen: HashSet<Key> = HashSet::new();
        let mut stack: Vec<ClassRef> = users.to_vec();
        for m in 0..self.it.modules.len() {
            if self.it.modules[m].origin != crate::python::Origin::Project {
                continue;
            }
            let mut names: Vec<String> = self.it.modules[m].scope.keys().cloned().collect();
            names.sort();
            for n in names {
                if let Some(Value::Class(c)) = self.it.modules[m].scope.get(&n) {
                    stack.push(c.clone());
                }
            }
        }
        while let Some(c) = stack.pop() {
            if !seen.insert(Classes::class_key(&c)) {
                continue;
            }
            if self.classes.kind(&mut self.it, &mut self.diags, &c).0 == Kind::Plain {
                continue;
            }
            let scope = self.it.class_scope(&c);
            let mut nested: Vec<(&String, &Value)> = scope.iter().collect();
            nested.sort_by(|a, b| a.0.cmp(b.0));
            for (_, v) in nested {
                if let Value::Class(n) = v {
                    stack.push(n.clone());
                }
            }
            let h = self.classes.holder(&mut self.it, &mut self.diags, &c);
            for e in h.tasks.iter().map(|(e, _)| e).chain(h.zero.iter()) {
                if let Entry::Class(ts) = e {
                    stack.push(ts.clone());
                }
            }
            out.push(c);
        }
        out.sort_by_key(Classes::class_key);
        out
    }

    fn int_attr(&mut self, c: &ClassRef, name: &str, default: i64) -> (Option<i64>, Vec<String>) {
        match self.classes.attr_with_deps(&mut self.it, c, name) {
            None => (Some(default), Vec::new()),
            Some((v, deps, line)) => {
                let deps: Vec<String> = deps.into_iter().collect();
                let n = match v {
                    Value::Int(i) => Some(i),
                    Value::Bool(b) => Some(b as i64),
                    Value::Float(f) => Some(f as i64),
                    other => {
                        let file = self.file(&c.module);
                        self.diags.warn_at(
                            &file,
                            line,
                            format!(
                                "{name} of {} cannot be evaluated statically (`{}`)",
                                c.qualname,
                                other.describe()
                            ),
                        );
                        None
                    }
                };
                (n, deps)
            }
        }
    }

    fn user(&mut self, c: &ClassRef) -> UserClass {
        let h = self.classes.holder(&mut self.it, &mut self.diags, c);
        let (weight, weight_depends_on) = self.int_attr(c, "weight", 1);
        let (fixed_count, fixed_count_depends_on) = self.int_attr(c, "fixed_count", 0);
        let is_abstract = h.declared_abstract;
        // An unknown weight is read as possibly spawned.
        let spawned =
            !is_abstract && (weight.is_none_or(|w| w > 0) || fixed_count.is_some_and(|n| n > 0));
        let kept = self.kept(c);
        let wait_time = Some(self.classes.wait_time(&mut self.it, c).unwrap_or_else(|| {
            WaitTime {
                kind: "constant".into(),
                args: [("wait_time".to_string(), serde_json::Value::from(0))]
                    .into_iter()
                    .collect(),
                text: "constant(0)".into(),
            }
        }));
        let on_start = self.hook(c, c);
        let tasks = self.entries(&h, c, true, spawned && !is_abstract, 0, &mut Vec::new());
        UserClass {
            name: short(&c.qualname),
            base: h.base.clone(),
            weight,
            weight_depends_on,
            fixed_count,
            fixed_count_depends_on,
            is_abstract,
            spawned,
            has_tasks_after_filter: !kept.is_empty(),
            wait_time,
            on_start,
            tasks,
            source: Source {
                file: h.file.clone(),
                line: h.line,
            },
        }
    }
}
