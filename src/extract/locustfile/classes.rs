//! Locust's classes as its metaclasses build them: which classes are users
//! and TaskSets, each holder's `tasks` list (base tasks, then the `tasks`
//! attribute, then `@task` members in class-body order; declaration order
//! throughout for a SequentialTaskSet), and the tags `@tag` puts on each
//! task function, from the function itself or from a decorated class.

use super::state::{locust_name, WAIT_KEY};
use crate::diagnostics::Diagnostics;
use crate::model::WaitTime;
use crate::parsing::line_of;
use crate::python::value::{ClassRef, FuncRef};
use crate::python::{Frame, Interp, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;
use tree_sitter::Node;

/// Identity of a function or class: its module and the first byte of its
/// definition.
pub type Key = (String, usize);

/// How deep base classes and nested TaskSets may go before the walk stops.
const MAX_DEPTH: usize = 32;

/// One entry of a `tasks` list.
#[derive(Debug, Clone)]
pub enum Entry {
    Func(FuncRef),
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
    /// Locust's `tasks` list, repeats included.
    pub tasks: Vec<Entry>,
    /// `@task(0)` members of the class and its bases: in no list.
    pub zero: Vec<Entry>,
    /// Environment variables each entry's weight depends on.
    pub deps: HashMap<Key, BTreeSet<String>>,
    pub file: String,
    pub line: usize,
}

/// Names bound in a class body, in the order Python's class namespace
/// records them (first binding), with their definitions.
#[derive(Debug, Default)]
struct BodyInfo {
    order: Vec<String>,
    /// Every `def`/`class` of a name: (decorated or plain definition node, line).
    defs: HashMap<String, Vec<(Node<'static>, usize)>>,
    /// Right-hand side of the last plain assignment to a name.
    assigns: HashMap<String, Node<'static>>,
}

/// Classes, holders and tags of one evaluation.
pub struct Classes {
    kinds: HashMap<Key, (Kind, String)>,
    holders: HashMap<Key, Rc<Holder>>,
    in_progress: HashSet<Key>,
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

    /// What `c` is to Locust, and its Locust base for users.
    pub fn kind(
        &mut self,
        it: &mut Interp,
        diags: &mut Diagnostics,
        c: &ClassRef,
    ) -> (Kind, String) {
        self.kind_depth(it, diags, c, 0)
    }

    fn kind_depth(
        &mut self,
        it: &mut Interp,
        diags: &mut Diagnostics,
        c: &ClassRef,
        depth: usize,
    ) -> (Kind, String) {
        let key = Classes::class_key(c);
        if let Some(k) = self.kinds.get(&key) {
            return k.clone();
        }
        if depth > MAX_DEPTH {
            return (Kind::Plain, String::new());
        }
        // A class that (through a cycle) derives from itself is plain.
        self.kinds.insert(key.clone(), (Kind::Plain, String::new()));
        let mut found = (Kind::Plain, String::new());
        for base in it.class_bases(c) {
            let k = match &base {
                Value::External(d) => match locust_name(d) {
                    Some(n @ ("User" | "HttpUser" | "FastHttpUser")) => (Kind::User, n.to_string()),
                    Some("TaskSet") => (Kind::TaskSet, String::new()),
                    Some("SequentialTaskSet") => (Kind::Sequential, String::new()),
                    Some("MarkovTaskSet") => (Kind::Markov, String::new()),
                    _ if !d.starts_with("locust.")
                        && d.rsplit('.').next().is_some_and(|n| n.ends_with("User")) =>
                    {
                        // A user class from a plugin package (locust_plugins'
                        // RestUser, ...): its source is not read.
                        let line = line_of(c.node);
                        let file = file_of(it, &c.module);
                        diags.warn_at(
                            &file,
                            line,
                            format!(
                                "{} derives from {d}, read as a Locust user class whose own tasks are unknown",
                                c.qualname
                            ),
                        );
                        (Kind::User, last(d).to_string())
                    }
                    _ => continue,
                },
                Value::Class(b) => self.kind_depth(it, diags, b, depth + 1),
                _ => continue,
            };
            if k.0 != Kind::Plain {
                found = k;
                break;
            }
        }
        self.kinds.insert(key, found.clone());
        found
    }

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
        let file = file_of(it, &c.module);
        let line = line_of(c.node);
        let empty = || Holder {
            class: c.clone(),
            base: base.clone(),
            declared_abstract: false,
            tasks: Vec::new(),
            zero: Vec::new(),
            deps: HashMap::new(),
            file: file.clone(),
            line,
        };
        if depth > MAX_DEPTH || !self.in_progress.insert(key.clone()) {
            return Rc::new(empty());
        }
        let mut h = empty();
        // Base classes first, as Locust's metaclass collects them.
        for b in it.class_bases(c) {
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
                    Value::Dict(d) => d.iter().map(|(k, _)| k.clone()).collect(),
                    other => other.items().unwrap_or_default(),
                };
                for i in items {
                    let i = it.resolve(i);
                    h.tasks.push(Classes::entry_of(&i));
                }
            }
        }
        let scope = it.class_scope(c);
        let Some(module) = it.module_index(&c.module) else {
            self.in_progress.remove(&key);
            let h = Rc::new(h);
            self.holders.insert(key, h.clone());
            return h;
        };
        let info = body_info(it, module, c);
        let mut frame = Frame {
            module,
            locals: Some((*scope).clone()),
        };
        if let Some(v) = scope.get("abstract") {
            match v.truthy() {
                Some(b) => h.declared_abstract = b,
                None => diags.warn_at(
                    &file,
                    line,
                    format!(
                        "`abstract` of {} cannot be evaluated statically; read as False",
                        c.qualname
                    ),
                ),
            }
        }
        let sequential = kind == Kind::Sequential;
        // The `tasks` attribute of the class body.
        let mut attr: Vec<(Entry, BTreeSet<String>)> = Vec::new();
        if let Some(v) = scope.get("tasks").filter(|v| !matches!(v, Value::None)) {
            let deps = match info.assigns.get("tasks") {
                Some(rhs) => it.eval_with_deps(&mut frame, *rhs).1,
                None => BTreeSet::new(),
            };
            let tline = info
                .assigns
                .get("tasks")
                .map(|n| line_of(*n))
                .unwrap_or(line);
            for e in Classes::entries(it, diags, v, sequential, &file, tline) {
                attr.push((e, deps.clone()));
            }
        }
        // `@task` members, in class-body order.
        let mut members: Vec<(String, Entry, i64, BTreeSet<String>)> = Vec::new();
        for name in &info.order {
            let Some(v) = scope.get(name) else { continue };
            let last_def = info.defs.get(name).and_then(|d| d.last()).map(|d| d.0);
            let Some((w, deps)) = self.task_weight(it, diags, v, last_def, &mut frame, &file)
            else {
                continue;
            };
            let entry = match v {
                Value::Function(f) => Entry::Func(f.clone()),
                Value::Class(k) => Entry::Class(k.clone()),
                _ => continue,
            };
            members.push((name.clone(), entry, w, deps));
        }
        let mut push =
            |this: &mut Classes, h: &mut Holder, e: Entry, n: i64, deps: &BTreeSet<String>| {
                let k = this.entry_key(it, &e);
                if !deps.is_empty() {
                    h.deps.entry(k).or_default().extend(deps.iter().cloned());
                }
                if n <= 0 {
                    h.zero.push(e);
                } else {
                    for _ in 0..n {
                        h.tasks.push(e.clone());
                    }
                }
            };
        if sequential {
            // The `tasks` list goes where it is written among the members.
            let tasks_pos = info.order.iter().position(|n| n == "tasks");
            let mut attr_done = false;
            for (name, e, w, deps) in members {
                let pos = info.order.iter().position(|n| *n == name);
                if !attr_done && tasks_pos.is_some() && tasks_pos < pos {
                    for (a, d) in attr.drain(..) {
                        push(self, &mut h, a, 1, &d);
                    }
                    attr_done = true;
                }
                push(self, &mut h, e, w, &deps);
            }
            for (a, d) in attr.drain(..) {
                push(self, &mut h, a, 1, &d);
            }
        } else {
            for (a, d) in attr.drain(..) {
                push(self, &mut h, a, 1, &d);
            }
            for (_, e, w, deps) in members {
                push(self, &mut h, e, w, &deps);
            }
        }
        self.duplicate_warnings(it, diags, c, &info, &file);
        self.in_progress.remove(&key);
        let h = Rc::new(h);
        self.holders.insert(key, h.clone());
        h
    }

    /// `tasks = [...]`, `{fn: n}`, `[(fn, n)]` as entries with repeats.
    fn entries(
        it: &mut Interp,
        diags: &mut Diagnostics,
        v: &Value,
        sequential: bool,
        file: &str,
        line: usize,
    ) -> Vec<Entry> {
        let mut out = Vec::new();
        // (task, weight) pairs; a SequentialTaskSet keeps a tuple as it is
        // (Locust cannot run it).
        let mut pairs: Vec<(Entry, Value)> = Vec::new();
        match v {
            Value::Dict(d) => {
                for (t, n) in d {
                    let t = it.resolve(t.clone());
                    pairs.push((Classes::entry_of(&t), n.clone()));
                }
            }
            other => match other.items() {
                Some(items) => {
                    for item in items {
                        match it.resolve(item) {
                            Value::Tuple(pair) if pair.len() == 2 && !sequential => {
                                let t = it.resolve(pair[0].clone());
                                pairs.push((Classes::entry_of(&t), pair[1].clone()))
                            }
                            Value::Tuple(_) => {
                                pairs.push((Entry::Other("<tuple>".into()), Value::Int(1)));
                            }
                            item => pairs.push((Classes::entry_of(&item), Value::Int(1))),
                        }
                    }
                }
                None => diags.warn_at(
                    file,
                    line,
                    format!(
                        "`tasks` cannot be evaluated statically (`{}`); its entries are missing",
                        other.describe()
                    ),
                ),
            },
        }
        for (e, n) in pairs {
            let n = match n {
                Value::Int(n) => n,
                Value::Bool(b) => b as i64,
                other => {
                    diags.warn_at(
                        file,
                        line,
                        format!(
                            "task weight `{}` cannot be evaluated statically; counted as 1",
                            other.describe()
                        ),
                    );
                    1
                }
            };
            if let Entry::Other(d) = &e {
                if d.starts_with("<unknown") {
                    diags.warn_at(
                        file,
                        line,
                        format!("task entry {d} cannot be evaluated statically"),
                    );
                }
            }
            for _ in 0..n.max(0) {
                out.push(e.clone());
            }
        }
        out
    }

    fn entry_of(v: &Value) -> Entry {
        match v {
            Value::Function(f) => Entry::Func(f.clone()),
            Value::Class(c) => Entry::Class(c.clone()),
            Value::Lambda { .. } => Entry::Other("<lambda>".into()),
            Value::External(d) => Entry::Other(last(d).to_string()),
            Value::Unknown(u) => Entry::Other(format!("<unknown {}>", u.text)),
            other => Entry::Other(format!("<{}>", other.describe())),
        }
    }

    /// The `@task` weight of a class member (`None`: not a task), with the
    /// environment variables it depends on.
    fn task_weight(
        &mut self,
        it: &mut Interp,
        diags: &mut Diagnostics,
        v: &Value,
        def: Option<Node<'static>>,
        frame: &mut Frame,
        file: &str,
    ) -> Option<(i64, BTreeSet<String>)> {
        let decorators = match v {
            Value::Function(f) => &f.decorators,
            Value::Class(c) => &c.decorators,
            _ => return None,
        };
        let d = decorators
            .iter()
            .find(|d| locust_name(&d.name) == Some("task"))?;
        if !d.called {
            return Some((1, BTreeSet::new()));
        }
        let deps = def
            .and_then(|def| task_decorator_arg(it, frame.module, def))
            .map(|arg| it.eval_with_deps(frame, arg).1)
            .unwrap_or_default();
        let value = d
            .args
            .first()
            .or_else(|| d.kwargs.iter().find(|(k, _)| k == "weight").map(|(_, v)| v));
        let w = match value {
            None => 1,
            Some(Value::Int(n)) => *n,
            Some(Value::Bool(b)) => *b as i64,
            Some(other) => {
                diags.warn_at(
                    file,
                    d.line,
                    format!(
                        "@task weight `{}` cannot be evaluated statically; counted as 1",
                        other.describe()
                    ),
                );
                1
            }
        };
        Some((w, deps))
    }

    fn duplicate_warnings(
        &mut self,
        it: &mut Interp,
        diags: &mut Diagnostics,
        c: &ClassRef,
        info: &BodyInfo,
        file: &str,
    ) {
        let Some(module) = it.module_index(&c.module) else {
            return;
        };
        let mut names: Vec<&String> = info.defs.keys().collect();
        names.sort();
        for name in names {
            let defs = &info.defs[name];
            if defs.len() < 2 {
                continue;
            }
            let is_task = defs
                .iter()
                .any(|(n, _)| task_decorator(it, module, *n).is_some());
            if !is_task {
                continue;
            }
            let lines: Vec<String> = defs.iter().map(|(_, l)| l.to_string()).collect();
            let first = defs[0].1;
            diags.warn_at(
                file,
                first,
                format!(
                    "{}.{name} is defined {} (lines {}); Python keeps only the last definition, so the one at line {first} is not a task",
                    c.qualname,
                    if defs.len() == 2 { "twice".to_string() } else { format!("{} times", defs.len()) },
                    lines.join(" and ")
                ),
            );
        }
    }

    /// Tags `@tag` puts on each task function: its own decorators, and
    /// every `@tag`-decorated User or TaskSet among `classes` tagging its
    /// whole `tasks` list, nested TaskSets included, as Locust does.
    pub fn compute_tags(&mut self, it: &mut Interp, diags: &mut Diagnostics, classes: &[ClassRef]) {
        // Functions' own @tag decorators.
        let mut funcs: Vec<FuncRef> = Vec::new();
        for c in classes {
            let h = self.holder(it, diags, c);
            for e in h.tasks.iter().chain(h.zero.iter()) {
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
            let mut reached: Vec<FuncRef> = Vec::new();
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
        reached: &mut Vec<FuncRef>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH || !visited.insert(Classes::class_key(c)) {
            return;
        }
        let h = self.holder(it, diags, c);
        for e in &h.tasks {
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
        reached: &[FuncRef],
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
                for e in &h.tasks {
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

    /// `wait_time` of a class: Locust's helpers, a method, or unknown.
    pub fn wait_time(&mut self, it: &mut Interp, c: &ClassRef) -> Option<WaitTime> {
        let v = it.class_attr(c, "wait_time")?;
        Some(wait_time_of(&v))
    }

    /// A class attribute as the class resolves it, with the environment
    /// variables its defining assignment depends on.
    pub fn attr_with_deps(
        &mut self,
        it: &mut Interp,
        c: &ClassRef,
        name: &str,
    ) -> Option<(Value, BTreeSet<String>, usize)> {
        self.attr_with_deps_depth(it, c, name, 0)
    }

    fn attr_with_deps_depth(
        &mut self,
        it: &mut Interp,
        c: &ClassRef,
        name: &str,
        depth: usize,
    ) -> Option<(Value, BTreeSet<String>, usize)> {
        if depth > MAX_DEPTH {
            return None;
        }
        let scope = it.class_scope(c);
        if let Some(v) = scope.get(name) {
            let module = it.module_index(&c.module)?;
            let info = body_info(it, module, c);
            let mut frame = Frame {
                module,
                locals: Some((*scope).clone()),
            };
            let (deps, line) = match info.assigns.get(name) {
                Some(rhs) => (it.eval_with_deps(&mut frame, *rhs).1, line_of(*rhs)),
                None => (BTreeSet::new(), line_of(c.node)),
            };
            return Some((v.clone(), deps, line));
        }
        for b in it.class_bases(c) {
            if let Value::Class(b) = b {
                if let Some(found) = self.attr_with_deps_depth(it, &b, name, depth + 1) {
                    return Some(found);
                }
            }
        }
        None
    }
}

impl Default for Classes {
    fn default() -> Self {
        Classes::new()
    }
}

/// `between(1, 3)` and friends, as the Locust hooks evaluate them.
pub fn wait_time_of(v: &Value) -> WaitTime {
    match v {
        Value::Dict(pairs)
            if pairs
                .first()
                .is_some_and(|(k, _)| k.as_known_str().as_deref() == Some(WAIT_KEY)) =>
        {
            let kind = pairs[0].1.as_known_str().unwrap_or_default();
            let mut args = BTreeMap::new();
            let mut shown = Vec::new();
            for (k, v) in &pairs[1..] {
                let key = k.as_known_str().unwrap_or_default();
                let json = match v {
                    Value::Int(i) => serde_json::Value::from(*i),
                    Value::Float(f) => serde_json::Value::from(*f),
                    other => serde_json::Value::from(other.describe()),
                };
                shown.push(v.describe());
                args.insert(key, json);
            }
            WaitTime {
                text: format!("{kind}({})", shown.join(", ")),
                kind,
                args,
            }
        }
        Value::Function(f) => WaitTime {
            kind: "custom".into(),
            args: BTreeMap::new(),
            text: f.qualname.clone(),
        },
        other => WaitTime {
            kind: "custom".into(),
            args: BTreeMap::new(),
            text: other.describe(),
        },
    }
}

/// Whether `c` is `ancestor` or derives from it.
pub fn is_subclass(it: &mut Interp, c: &ClassRef, ancestor: &ClassRef, depth: usize) -> bool {
    if Classes::class_key(c) == Classes::class_key(ancestor) {
        return true;
    }
    if depth > MAX_DEPTH {
        return false;
    }
    it.class_bases(c).into_iter().any(|b| match b {
        Value::Class(b) => is_subclass(it, &b, ancestor, depth + 1),
        _ => false,
    })
}

fn last(dotted: &str) -> &str {
    dotted.rsplit('.').next().unwrap_or(dotted)
}

pub fn file_of(it: &Interp, module: &str) -> String {
    it.module_index(module)
        .and_then(|m| it.file_of(m))
        .map(|f| f.display.clone())
        .unwrap_or_else(|| module.to_string())
}

/// Names of a class body in first-binding order, with their definitions.
fn body_info(it: &Interp, module: usize, c: &ClassRef) -> BodyInfo {
    let mut info = BodyInfo::default();
    if let Some(body) = c.node.child_by_field_name("body") {
        collect_body(it, module, body, &mut info);
    }
    info
}

fn collect_body(it: &Interp, module: usize, block: Node<'static>, info: &mut BodyInfo) {
    let mut cursor = block.walk();
    let stmts: Vec<Node<'static>> = block.named_children(&mut cursor).collect();
    let note = |info: &mut BodyInfo, name: String| {
        if !info.order.contains(&name) {
            info.order.push(name);
        }
    };
    for stmt in stmts {
        match stmt.kind() {
            "function_definition" | "class_definition" | "decorated_definition" => {
                let def = if stmt.kind() == "decorated_definition" {
                    stmt.child_by_field_name("definition")
                } else {
                    Some(stmt)
                };
                let Some(def) = def else { continue };
                let Some(name) = def.child_by_field_name("name") else {
                    continue;
                };
                let name = it.node_text(module, name);
                note(info, name.clone());
                info.defs
                    .entry(name)
                    .or_default()
                    .push((stmt, line_of(def)));
            }
            "expression_statement" => {
                let mut c = stmt.walk();
                let children: Vec<Node<'static>> = stmt.named_children(&mut c).collect();
                for child in children {
                    let mut node = Some(child);
                    // `a = b = value`: every target is bound.
                    while let Some(n) = node {
                        if n.kind() != "assignment" && n.kind() != "augmented_assignment" {
                            break;
                        }
                        let left = n.child_by_field_name("left");
                        let right = n.child_by_field_name("right");
                        if let Some(l) = left.filter(|l| l.kind() == "identifier") {
                            let name = it.node_text(module, l);
                            note(info, name.clone());
                            if n.kind() == "assignment" {
                                if let Some(r) = right.filter(|r| r.kind() != "assignment") {
                                    info.assigns.insert(name, r);
                                }
                            }
                        }
                        node = right;
                    }
                }
            }
            "if_statement" | "try_statement" | "with_statement" | "for_statement" => {
                let mut c = stmt.walk();
                let blocks: Vec<Node<'static>> = stmt.named_children(&mut c).collect();
                for b in blocks {
                    match b.kind() {
                        "block" => collect_body(it, module, b, info),
                        "else_clause" | "elif_clause" | "except_clause" | "finally_clause" => {
                            let mut c2 = b.walk();
                            let inner: Vec<Node<'static>> = b.named_children(&mut c2).collect();
                            for ib in inner {
                                if ib.kind() == "block" {
                                    collect_body(it, module, ib, info);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// The `@task(...)` decorator node of a (decorated) definition, if any.
fn task_decorator(it: &mut Interp, module: usize, def: Node<'static>) -> Option<Node<'static>> {
    if def.kind() != "decorated_definition" {
        return None;
    }
    let mut c = def.walk();
    let decs: Vec<Node<'static>> = def
        .named_children(&mut c)
        .filter(|n| n.kind() == "decorator")
        .collect();
    let mut frame = Frame::module(module);
    for d in decs {
        let Some(expr) = d.named_child(0) else {
            continue;
        };
        let callee = if expr.kind() == "call" {
            expr.child_by_field_name("function")
        } else {
            Some(expr)
        };
        let Some(callee) = callee else { continue };
        let v = it.eval(&mut frame, callee);
        let v = it.resolve(v);
        if let Value::External(name) = &v {
            if locust_name(name) == Some("task") {
                return Some(expr);
            }
        }
    }
    None
}

/// The weight argument node of a definition's `@task(...)`.
fn task_decorator_arg(it: &mut Interp, module: usize, def: Node<'static>) -> Option<Node<'static>> {
    let expr = task_decorator(it, module, def)?;
    if expr.kind() != "call" {
        return None;
    }
    let args = expr.child_by_field_name("arguments")?;
    let mut c = args.walk();
    let children: Vec<Node<'static>> = args.named_children(&mut c).collect();
    for a in &children {
        if a.kind() == "keyword_argument" {
            let is_weight = a
                .child_by_field_name("name")
                .is_some_and(|n| it.node_text(module, n) == "weight");
            if is_weight {
                return a.child_by_field_name("value");
            }
        }
    }
    children
        .into_iter()
        .find(|a| a.kind() != "keyword_argument" && a.kind() != "comment")
}
