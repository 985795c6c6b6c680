//! Each class's `tasks` list as Locust's metaclass collects it: the bases'
//! tasks first, then the `tasks` attribute, then the `@task` members in
//! class-body order (for a SequentialTaskSet, the attribute where it is
//! written among them); `@task(0)` members apart.

use super::cache::{file_of, Classes};
use super::class_body::{body_info, BodyInfo};
use super::model::{Entry, Holder, Kind, MAX_DEPTH};
use super::task_decorator::{duplicate_warnings, task_weight};
use super::task_lists::{entry_of, tasks_entries};
use crate::diagnostics::Diagnostics;
use crate::parsing::line_of;
use crate::python::value::ClassRef;
use crate::python::{Frame, Interp, Value};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

/// The variables of a class body: its namespace, and a frame to evaluate in.
type Scope = Rc<HashMap<String, Value>>;

/// A `@task` member: its place in the class body, entry, weight and the
/// environment variables the weight reads.
struct Member {
    pos: usize,
    entry: Entry,
    weight: i64,
    deps: BTreeSet<String>,
}

impl Classes {
    /// The holder of a Locust class (memoised).
    pub fn holder(&mut self, it: &mut Interp, diags: &mut Diagnostics, c: &ClassRef) -> Rc<Holder> {
        self.holder_depth(it, diags, c, 0)
    }

    fn holder_depth(
        &mut self,
        it: &mut Interp,
        diags: &mut Diagnostics,
        c: &ClassRef,
        depth: usize,
    ) -> Rc<Holder> {
        let key = Classes::class_key(c);
        if let Some(h) = self.holders.get(&key) {
            return h.clone();
        }
        let (kind, base) = self.kind(it, diags, c);
        let mut h = Holder {
            class: c.clone(),
            base,
            declared_abstract: false,
            tasks: Vec::new(),
            zero: Vec::new(),
            deps: HashMap::new(),
            file: file_of(it, &c.module),
            line: line_of(c.node),
        };
        if depth > MAX_DEPTH || !self.in_progress.insert(key.clone()) {
            return Rc::new(h);
        }
        self.inherit(it, diags, &mut h, depth);
        let scope = it.class_scope(c);
        if let Some(module) = it.module_index(&c.module) {
            self.collect_own(it, diags, &mut h, module, &scope, kind);
        }
        self.in_progress.remove(&key);
        let h = Rc::new(h);
        self.holders.insert(key, h.clone());
        h
    }

    /// Base classes first, as Locust's metaclass collects them.
    fn inherit(&mut self, it: &mut Interp, diags: &mut Diagnostics, h: &mut Holder, depth: usize) {
        for b in it.class_bases(&h.class) {
            let Value::Class(b) = b else { continue };
            let (bk, _) = self.kind(it, diags, &b);
            if bk != Kind::Plain {
                let bh = self.holder_depth(it, diags, &b, depth + 1);
                h.tasks.extend(bh.tasks.iter().cloned());
                h.zero.extend(bh.zero.iter().cloned());
                for (k, d) in &bh.deps {
                    h.deps
                        .entry(k.clone())
                        .or_default()
                        .extend(d.iter().cloned());
                }
            } else if let Some(v) = it.class_attr(&b, "tasks") {
                // A plain mixin: its `tasks` attribute is taken as it is
                // (no metaclass turned it into a list); its @task methods
                // are not collected.
                let items = match &v {
                    Value::Dict(d) => d.borrow().iter().map(|(k, _)| k.clone()).collect(),
                    other => other.items().unwrap_or_default(),
                };
                for i in items {
                    let i = it.resolve(i);
                    h.tasks.push((entry_of(&i), 1));
                }
            }
        }
    }

    /// What the class body itself adds: `abstract`, the `tasks` attribute
    /// and the `@task` members.
    fn collect_own(
        &mut self,
        it: &mut Interp,
        diags: &mut Diagnostics,
        h: &mut Holder,
        module: usize,
        scope: &Scope,
        kind: Kind,
    ) {
        let c = h.class.clone();
        let info = body_info(it, module, &c);
        let mut frame = Frame {
            module,
            locals: Some((**scope).clone()),
        };
        if let Some(v) = scope.get("abstract") {
            match v.truthy() {
                Some(b) => h.declared_abstract = b,
                None => diags.warn_at(
                    &h.file,
                    h.line,
                    format!(
                        "`abstract` of {} cannot be evaluated statically; read as False",
                        c.qualname
                    ),
                ),
            }
        }
        let sequential = kind == Kind::Sequential;
        let attr = tasks_attribute(it, diags, h, scope, &info, &mut frame, sequential);
        let members = task_members(it, diags, scope, &info, &mut frame, &h.file);
        // The `tasks` list goes before the members, or for a
        // SequentialTaskSet where it is written among them.
        let split = if sequential {
            info.order
                .iter()
                .position(|n| n == "tasks")
                .and_then(|t| members.iter().position(|m| m.pos > t))
                .unwrap_or(members.len())
        } else {
            0
        };
        let mut members = members.into_iter();
        for m in members.by_ref().take(split) {
            self.push(it, h, m.entry, m.weight, &m.deps);
        }
        for (a, n, d) in attr {
            self.push(it, h, a, n, &d);
        }
        for m in members {
            self.push(it, h, m.entry, m.weight, &m.deps);
        }
        duplicate_warnings(it, diags, &c, &info, &h.file);
    }

    /// Adds `e` to the list `n` times (to the `@task(0)` ones for none).
    fn push(&mut self, it: &mut Interp, h: &mut Holder, e: Entry, n: i64, deps: &BTreeSet<String>) {
        let k = self.entry_key(it, &e);
        if !deps.is_empty() {
            h.deps.entry(k).or_default().extend(deps.iter().cloned());
        }
        if n <= 0 {
            h.zero.push(e);
        } else {
            h.tasks.push((e, n));
        }
    }
}

/// The `tasks` attribute of the class body, each entry with the
/// environment variables the attribute reads.
fn tasks_attribute(
    it: &mut Interp,
    diags: &mut Diagnostics,
    h: &Holder,
    scope: &Scope,
    info: &BodyInfo,
    frame: &mut Frame,
    sequential: bool,
) -> Vec<(Entry, i64, BTreeSet<String>)> {
    let Some(v) = scope.get("tasks").filter(|v| !matches!(v, Value::None)) else {
        return Vec::new();
    };
    let deps = match info.assigns.get("tasks") {
        Some(rhs) => it.eval_with_deps(frame, *rhs).1,
        None => BTreeSet::new(),
    };
    let tline = info
        .assigns
        .get("tasks")
        .map(|n| line_of(*n))
        .unwrap_or(h.line);
    tasks_entries(it, diags, v, sequential, &h.file, tline)
        .into_iter()
        .map(|(e, n)| (e, n, deps.clone()))
        .collect()
}

/// `@task` members, in class-body order.
fn task_members(
    it: &mut Interp,
    diags: &mut Diagnostics,
    scope: &Scope,
    info: &BodyInfo,
    frame: &mut Frame,
    file: &str,
) -> Vec<Member> {
    let mut members = Vec::new();
    for (pos, name) in info.order.iter().enumerate() {
        let Some(v) = scope.get(name) else { continue };
        let last_def = info.defs.get(name).and_then(|d| d.last()).map(|d| d.0);
        let Some((weight, deps)) = task_weight(it, diags, v, last_def, frame, file) else {
            continue;
        };
        let entry = match v {
            Value::Function(f) => Entry::Func(f.clone()),
            Value::Class(k) => Entry::Class(k.clone()),
            _ => continue,
        };
        members.push(Member {
            pos,
            entry,
            weight,
            deps,
        });
    }
    members
}
