//! The interpreter: executes module bodies statically (assignments, `+=`,
//! `if` with known conditions, imports, definitions) and evaluates
//! expressions. Calls into frameworks (Django's `path`, DRF routers, ...) are
//! answered by [`Hooks`]; calls to small local functions are evaluated with
//! their arguments bound.

use super::value::{ClassRef, Decorator, FuncRef, Str, Unknown, Value};
use crate::diagnostics::{display_path, Diagnostics};
use crate::discovery::modules::{resolve_relative, ModuleFinder, Origin};
use crate::parsing::prefetch::Prefetch;
use crate::parsing::{line_of, parse_file, SourceFile};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::rc::Rc;
use tree_sitter::Node;

/// How deep calls to local functions may nest before the evaluator gives up.
const MAX_CALL_DEPTH: usize = 12;
/// Iterations of a `for` loop the evaluator unrolls.
const MAX_LOOP_ITERATIONS: usize = 2_000;

/// Evaluated call arguments.
#[derive(Debug, Clone, Default)]
pub struct Args {
    pub pos: Vec<Value>,
    pub kw: Vec<(String, Value)>,
}

impl Args {
    pub fn kw(&self, name: &str) -> Option<&Value> {
        self.kw.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Positional argument `i`, or keyword `name`.
    pub fn get(&self, i: usize, name: &str) -> Option<&Value> {
        self.pos.get(i).or_else(|| self.kw(name))
    }
}

/// Where a call happens.
#[derive(Debug, Clone, Copy)]
pub struct Site {
    pub module: usize,
    pub node: Node<'static>,
}

/// Framework knowledge plugged into the evaluator.
pub trait Hooks {
    /// True when `dotted` names a module or object the hooks model themselves:
    /// its source is never evaluated, even when found in site-packages.
    fn is_builtin(&self, dotted: &str) -> bool;
    /// Answers a call to the external callable `callee`, or `None`.
    fn call(&self, it: &mut Interp, callee: &str, args: &Args, site: Site) -> Option<Value>;
    /// Answers a method call on a hook object (a router's `register`), or `None`.
    fn method(
        &self,
        it: &mut Interp,
        recv: &Value,
        name: &str,
        args: &Args,
        site: Site,
    ) -> Option<Value>;
    /// Answers an attribute of a hook object (a router's `urls`), or `None`.
    fn attribute(&self, it: &mut Interp, recv: &Value, name: &str, site: Site) -> Option<Value>;
}

/// A module being or having been evaluated.
#[derive(Debug)]
pub struct Module {
    pub name: String,
    pub file: Option<&'static SourceFile>,
    pub is_package: bool,
    pub origin: Origin,
    pub scope: HashMap<String, Value>,
    /// Line where each module-level name was last bound.
    pub lines: HashMap<String, usize>,
    /// Environment variables each module-level name depends on.
    pub deps: HashMap<String, BTreeSet<String>>,
    /// Modules star-imported without known names (external ones).
    star_fallbacks: Vec<String>,
    done: bool,
}

/// Local variables of a function call or class body.
#[derive(Debug)]
pub struct Frame {
    pub module: usize,
    pub locals: Option<HashMap<String, Value>>,
}

impl Frame {
    pub fn module(module: usize) -> Frame {
        Frame {
            module,
            locals: None,
        }
    }
}

enum Flow {
    Normal,
    Return(Value),
}

pub struct Interp {
    finder: ModuleFinder,
    root: PathBuf,
    pub modules: Vec<Module>,
    by_name: HashMap<String, Option<usize>>,
    pub diags: Diagnostics,
    hooks: Rc<dyn Hooks>,
    /// Environment variable overrides (`--env NAME=VALUE`); defaults otherwise.
    pub env: BTreeMap<String, String>,
    /// Dotted settings module for `django.conf.settings` look-ups.
    pub settings_module: Option<String>,
    /// Unknown conditions the statement being executed sits under.
    conditions: Vec<String>,
    depth: usize,
    deps: Vec<BTreeSet<String>>,
    class_scopes: HashMap<usize, Rc<HashMap<String, Value>>>,
    /// Full definitions of functions whose bodies the first parse left out.
    full_defs: HashMap<(usize, usize), Node<'static>>,
    prefetch: Prefetch,
}

impl Interp {
    pub fn new(
        root: PathBuf,
        project_roots: &[PathBuf],
        site_packages: &[PathBuf],
        hooks: Rc<dyn Hooks>,
    ) -> Interp {
        let finder = ModuleFinder::new(project_roots, site_packages);
        let prefetch = Prefetch::new(finder.clone(), root.clone());
        Interp {
            prefetch,
            finder,
            root,
            modules: Vec::new(),
            by_name: HashMap::new(),
            diags: Diagnostics::default(),
            hooks,
            env: BTreeMap::new(),
            settings_module: None,
            conditions: Vec::new(),
            depth: 0,
            deps: Vec::new(),
            class_scopes: HashMap::new(),
            full_defs: HashMap::new(),
        }
    }

    pub fn display(&self, path: &std::path::Path) -> String {
        display_path(&self.root, path)
    }

    /// Module index by dotted name, loading and executing it on first use.
    /// `None` when no source for it is found.
    pub fn load(&mut self, dotted: &str) -> Option<usize> {
        if let Some(found) = self.by_name.get(dotted) {
            return *found;
        }
        let located = self.finder.find(dotted)?;
        let file = match &located.file {
            Some(path) => {
                let display = self.display(path);
                let parsed = match self.prefetch.take(path) {
                    Some(r) => r,
                    None => {
                        let r = parse_file(path, display.clone());
                        if let Ok(f) = &r {
                            self.prefetch.parsed_here(f, dotted, located.is_package);
                        }
                        r
                    }
                };
                match parsed {
                    Ok(f) => {
                        let f: &'static SourceFile = Box::leak(Box::new(f));
                        self.report_file_problems(f);
                        Some(f)
                    }
                    Err(e) => {
                        self.diags
                            .warn_at(&display, 0, format!("cannot read file: {e}"));
                        None
                    }
                }
            }
            None => None,
        };
        let idx = self.modules.len();
        self.modules.push(Module {
            name: dotted.to_string(),
            file,
            is_package: located.is_package,
            origin: located.origin,
            scope: HashMap::new(),
            lines: HashMap::new(),
            deps: HashMap::new(),
            star_fallbacks: Vec::new(),
            done: false,
        });
        self.by_name.insert(dotted.to_string(), Some(idx));
        if let Some(f) = file {
            let mut frame = Frame::module(idx);
            let saved = std::mem::take(&mut self.conditions);
            self.exec_module(&mut frame, f);
            self.conditions = saved;
        }
        self.modules[idx].done = true;
        Some(idx)
    }

    /// Whether a module exists on disk (without loading it).
    pub fn exists(&self, dotted: &str) -> bool {
        self.by_name
            .get(dotted)
            .map(|m| m.is_some())
            .unwrap_or(false)
            || self.finder.find(dotted).is_some()
    }

    pub fn module_origin(&self, dotted: &str) -> Option<Origin> {
        self.finder.find(dotted).map(|l| l.origin)
    }

    fn report_file_problems(&mut self, f: &SourceFile) {
        if let Some(line) = f.non_utf8_line {
            self.diags.warn_at(
                &f.display,
                line,
                "file is not valid UTF-8; undecodable bytes were replaced and the rest was read",
            );
        }
        for (line, what) in f.syntax_errors(3) {
            self.diags.warn_at(
                &f.display,
                line,
                format!("syntax error ({what}); the statements around it were still read"),
            );
        }
    }

    pub fn file_of(&self, module: usize) -> Option<&'static SourceFile> {
        self.modules[module].file
    }

    pub fn module_index(&self, dotted: &str) -> Option<usize> {
        self.by_name.get(dotted).copied().flatten()
    }

    fn text(&self, module: usize, node: Node<'_>) -> &'static str {
        match self.modules[module].file {
            Some(f) => f.text_of(node),
            None => "",
        }
    }

    /// Source text of `node` in `module`.
    pub fn node_text(&self, module: usize, node: Node<'_>) -> String {
        self.text(module, node).to_string()
    }

    pub fn warn(&mut self, module: usize, node: Node<'_>, message: impl Into<String>) {
        let file = self.modules[module]
            .file
            .map(|f| f.display.clone())
            .unwrap_or_else(|| self.modules[module].name.clone());
        self.diags.warn_at(&file, line_of(node), message);
    }

    /// The current unknown condition, as text, for entries created now.
    pub fn condition(&self) -> Option<String> {
        if self.conditions.is_empty() {
            None
        } else {
            Some(self.conditions.join(" and "))
        }
    }

    // ----- names and attributes -------------------------------------------

    /// A module-level name of `module`, resolved.
    pub fn module_attr(&mut self, dotted: &str, name: &str) -> Value {
        let full = format!("{dotted}.{name}");
        if self.hooks.is_builtin(dotted) || self.hooks.is_builtin(&full) {
            return Value::External(full);
        }
        match self.load(dotted) {
            Some(idx) => {
                if let Some(v) = self.modules[idx].scope.get(name).cloned() {
                    if let Some(deps) = self.modules[idx].deps.get(name).cloned() {
                        self.add_deps(deps);
                    }
                    return self.resolve(v);
                }
                if self.exists(&full) {
                    return Value::Module(full);
                }
                if let Some(fallback) = self.modules[idx].star_fallbacks.last().cloned() {
                    return Value::External(format!("{fallback}.{name}"));
                }
                if self.modules[idx].done {
                    Value::unknown(full, format!("`{name}` is not defined in module {dotted}"))
                } else {
                    Value::unknown(
                        full,
                        format!("`{name}` is not yet defined in {dotted} (import cycle)"),
                    )
                }
            }
            None => Value::External(full),
        }
    }

    /// Resolves lazy imports.
    pub fn resolve(&mut self, v: Value) -> Value {
        let mut v = v;
        for _ in 0..32 {
            match v {
                Value::Import { module, name } => v = self.module_attr(&module, &name),
                other => return other,
            }
        }
        Value::unknown("import", "import chain too long")
    }

    fn lookup(&mut self, frame: &Frame, name: &str) -> Option<Value> {
        if let Some(locals) = &frame.locals {
            if let Some(v) = locals.get(name) {
                return Some(v.clone());
            }
        }
        let m = &self.modules[frame.module];
        if let Some(v) = m.scope.get(name).cloned() {
            if let Some(deps) = m.deps.get(name).cloned() {
                self.add_deps(deps);
            }
            return Some(self.resolve(v));
        }
        if let Some(fallback) = m.star_fallbacks.last().cloned() {
            return Some(Value::External(format!("{fallback}.{name}")));
        }
        match name {
            "str" | "int" | "float" | "bool" | "len" | "list" | "tuple" | "dict" | "set"
            | "print" | "range" | "sorted" | "isinstance" | "getattr" | "super" | "type"
            | "object" | "repr" | "min" | "max" | "sum" | "any" | "all" | "enumerate" | "zip"
            | "Exception" => Some(Value::External(format!("builtins.{name}"))),
            _ => None,
        }
    }

    pub fn get_attr(&mut self, recv: &Value, name: &str, site: Site) -> Value {
        let hooks = self.hooks.clone();
        if let Some(v) = hooks.attribute(self, recv, name, site) {
            return v;
        }
        match recv {
            Value::Module(m) => self.module_attr(m, name),
            Value::Import { .. } => {
                let r = self.resolve(recv.clone());
                self.get_attr(&r, name, site)
            }
            Value::External(d) => Value::External(format!("{d}.{name}")),
            Value::Class(c) => match self.class_attr(c, name) {
                Some(v) => v,
                None => Value::unknown(
                    format!("{}.{name}", c.qualname),
                    "class attribute not found",
                ),
            },
            Value::Unknown(u) => Value::unknown(format!("{}.{name}", u.text), u.reason.clone()),
            other => Value::unknown(
                format!("{}.{name}", other.describe()),
                "attribute of a value not modelled",
            ),
        }
    }

    /// `settings.NAME` from the settings module, as Django would see it.
    pub fn setting(&mut self, name: &str) -> Value {
        match self.settings_module.clone() {
            Some(m) => match self.load(&m) {
                Some(idx) => match self.modules[idx].scope.get(name).cloned() {
                    Some(v) => self.resolve(v),
                    None => Value::unknown(
                        format!("settings.{name}"),
                        format!("{name} is not set in {m}"),
                    ),
                },
                None => Value::unknown(format!("settings.{name}"), "settings module not found"),
            },
            None => Value::unknown(format!("settings.{name}"), "no settings module"),
        }
    }

    // ----- environment dependencies ---------------------------------------

    fn add_deps(&mut self, deps: BTreeSet<String>) {
        if let Some(top) = self.deps.last_mut() {
            top.extend(deps);
        }
    }

    /// Records that the value being computed reads environment variable `name`.
    pub fn record_env(&mut self, name: &str) {
        if let Some(top) = self.deps.last_mut() {
            top.insert(name.to_string());
        }
    }

    /// Evaluates `node` and returns the environment variables it depends on.
    pub fn eval_with_deps(
        &mut self,
        frame: &mut Frame,
        node: Node<'static>,
    ) -> (Value, BTreeSet<String>) {
        self.deps.push(BTreeSet::new());
        let v = self.eval(frame, node);
        let deps = self.deps.pop().unwrap_or_default();
        self.add_deps(deps.clone());
        (v, deps)
    }

    // ----- statements -----------------------------------------------------

    fn exec_block(&mut self, frame: &mut Frame, block: Node<'static>) -> Flow {
        let mut cursor = block.walk();
        let children: Vec<Node<'static>> = block.named_children(&mut cursor).collect();
        for stmt in children {
            if let Flow::Return(v) = self.exec_stmt(frame, stmt) {
                return Flow::Return(v);
            }
        }
        Flow::Normal
    }

    fn exec_stmt(&mut self, frame: &mut Frame, stmt: Node<'static>) -> Flow {
        match stmt.kind() {
            "expression_statement" => {
                let mut c = stmt.walk();
                let children: Vec<_> = stmt.named_children(&mut c).collect();
                for child in children {
                    match child.kind() {
                        "assignment" => self.exec_assignment(frame, child),
                        "augmented_assignment" => self.exec_aug_assignment(frame, child),
                        _ => {
                            self.eval(frame, child);
                        }
                    }
                }
            }
            "import_statement" => self.exec_import(frame, stmt),
            "import_from_statement" => self.exec_import_from(frame, stmt),
            "function_definition" | "class_definition" | "decorated_definition" => {
                self.exec_definition(frame, stmt)
            }
            "if_statement" => return self.exec_if(frame, stmt),
            "try_statement" => {
                if let Some(body) = stmt.child_by_field_name("body") {
                    return self.exec_block(frame, body);
                }
            }
            "with_statement" => {
                if let Some(body) = stmt.child_by_field_name("body") {
                    return self.exec_block(frame, body);
                }
            }
            "for_statement" => return self.exec_for(frame, stmt),
            "return_statement" => {
                let v = match stmt.named_child(0) {
                    Some(e) => self.eval(frame, e),
                    None => Value::None,
                };
                return Flow::Return(v);
            }
            "block" => return self.exec_block(frame, stmt),
            _ => {}
        }
        Flow::Normal
    }

    fn exec_if(&mut self, frame: &mut Frame, stmt: Node<'static>) -> Flow {
        let Some(cond) = stmt.child_by_field_name("condition") else {
            return Flow::Normal;
        };
        let v = self.eval(frame, cond);
        let cond_text = self.text(frame.module, cond).to_string();
        let consequence = stmt.child_by_field_name("consequence");
        let mut c = stmt.walk();
        let alternatives: Vec<Node<'static>> =
            stmt.children_by_field_name("alternative", &mut c).collect();
        match v.truthy() {
            Some(true) => consequence.map_or(Flow::Normal, |b| self.exec_block(frame, b)),
            Some(false) => self.exec_alternatives(frame, &alternatives),
            None => {
                // Both branches can run: execute each under its condition so
                // what they define is kept and marked.
                self.conditions.push(cond_text.clone());
                let flow = consequence.map_or(Flow::Normal, |b| self.exec_block(frame, b));
                self.conditions.pop();
                if let Flow::Return(v) = flow {
                    return Flow::Return(v);
                }
                self.conditions.push(format!("not ({cond_text})"));
                let flow = self.exec_alternatives(frame, &alternatives);
                self.conditions.pop();
                flow
            }
        }
    }

    fn exec_alternatives(&mut self, frame: &mut Frame, alternatives: &[Node<'static>]) -> Flow {
        for (i, alt) in alternatives.iter().enumerate() {
            match alt.kind() {
                "else_clause" => {
                    if let Some(body) = alt.child_by_field_name("body") {
                        return self.exec_block(frame, body);
                    }
                }
                "elif_clause" => {
                    let Some(cond) = alt.child_by_field_name("condition") else {
                        continue;
                    };
                    let v = self.eval(frame, cond);
                    match v.truthy() {
                        Some(true) => {
                            return alt
                                .child_by_field_name("consequence")
                                .map_or(Flow::Normal, |b| self.exec_block(frame, b));
                        }
                        Some(false) => continue,
                        None => {
                            let text = self.text(frame.module, cond).to_string();
                            self.conditions.push(text);
                            let flow = alt
                                .child_by_field_name("consequence")
                                .map_or(Flow::Normal, |b| self.exec_block(frame, b));
                            self.conditions.pop();
                            if let Flow::Return(v) = flow {
                                return Flow::Return(v);
                            }
                            return self.exec_alternatives(frame, &alternatives[i + 1..]);
                        }
                    }
                }
                _ => {}
            }
        }
        Flow::Normal
    }

    /// A `for` statement's target, body, and the items it iterates when
    /// known (a dict iterates its keys). `None` for a malformed statement.
    pub fn for_parts(
        &mut self,
        frame: &mut Frame,
        stmt: Node<'static>,
    ) -> Option<(Node<'static>, Node<'static>, Option<Vec<Value>>)> {
        let left = stmt.child_by_field_name("left")?;
        let right = stmt.child_by_field_name("right")?;
        let body = stmt.child_by_field_name("body")?;
        let items = match self.eval(frame, right) {
            Value::Dict(d) => Some(d.into_iter().map(|(k, _)| k).collect()),
            other => other.items(),
        };
        Some((left, body, items))
    }

    fn exec_for(&mut self, frame: &mut Frame, stmt: Node<'static>) -> Flow {
        let Some((left, body, Some(items))) = self.for_parts(frame, stmt) else {
            return Flow::Normal;
        };
        for item in items.into_iter().take(MAX_LOOP_ITERATIONS) {
            self.bind_target(frame, left, item, BTreeSet::new());
            if let Flow::Return(v) = self.exec_block(frame, body) {
                return Flow::Return(v);
            }
        }
        Flow::Normal
    }

    fn exec_assignment(&mut self, frame: &mut Frame, node: Node<'static>) {
        let Some(left) = node.child_by_field_name("left") else {
            return;
        };
        let Some(right) = node.child_by_field_name("right") else {
            return; // annotation only
        };
        // `a = b = value`: the right side is itself an assignment.
        let (value, deps) = if right.kind() == "assignment" {
            self.exec_assignment(frame, right);
            let target = right.child_by_field_name("left");
            match target {
                Some(t) => self.eval_with_deps(frame, t),
                None => (Value::None, BTreeSet::new()),
            }
        } else {
            self.eval_with_deps(frame, right)
        };
        self.bind_target(frame, left, value, deps);
    }

    fn exec_aug_assignment(&mut self, frame: &mut Frame, node: Node<'static>) {
        let (Some(left), Some(right)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) else {
            return;
        };
        let op = node
            .child_by_field_name("operator")
            .map(|o| self.text(frame.module, o))
            .unwrap_or("");
        let current = self.eval(frame, left);
        let (rhs, deps) = self.eval_with_deps(frame, right);
        if op == "+=" {
            if let Value::List(list) = &current {
                // `+=` on a list extends it in place, as Python does: aliases see it.
                match rhs.items() {
                    Some(items) => list.borrow_mut().extend(items),
                    None => {
                        let text = self.text(frame.module, right).to_string();
                        self.warn(
                            frame.module,
                            right,
                            format!("cannot evaluate `{text}`; entries it adds are missing"),
                        );
                    }
                }
                return;
            }
        }
        let bin = self.binary(op.trim_end_matches('='), current, rhs, node, frame.module);
        self.bind_target(frame, left, bin, deps);
    }

    fn bind_target(
        &mut self,
        frame: &mut Frame,
        target: Node<'static>,
        value: Value,
        deps: BTreeSet<String>,
    ) {
        match target.kind() {
            "identifier" => {
                let name = self.text(frame.module, target).to_string();
                self.bind(frame, &name, value, line_of(target), deps);
            }
            "pattern_list" | "tuple_pattern" | "list_pattern" => {
                let mut c = target.walk();
                let targets: Vec<_> = target.named_children(&mut c).collect();
                let items = value.items();
                for (i, t) in targets.into_iter().enumerate() {
                    let v = match &items {
                        Some(items) => items.get(i).cloned().unwrap_or(Value::None),
                        None => {
                            Value::unknown(self.text(frame.module, t), "unpacking an unknown value")
                        }
                    };
                    self.bind_target(frame, t, v, deps.clone());
                }
            }
            _ => {} // attribute and subscript targets are not tracked
        }
    }

    /// Binds a name in the frame's innermost scope.
    pub fn bind(
        &mut self,
        frame: &mut Frame,
        name: &str,
        value: Value,
        line: usize,
        deps: BTreeSet<String>,
    ) {
        match &mut frame.locals {
            Some(locals) => {
                locals.insert(name.to_string(), value);
            }
            None => {
                let m = &mut self.modules[frame.module];
                m.scope.insert(name.to_string(), value);
                m.lines.insert(name.to_string(), line);
                if deps.is_empty() {
                    m.deps.remove(name);
                } else {
                    m.deps.insert(name.to_string(), deps);
                }
            }
        }
    }

    fn exec_import(&mut self, frame: &mut Frame, stmt: Node<'static>) {
        let mut c = stmt.walk();
        let names: Vec<_> = stmt.children_by_field_name("name", &mut c).collect();
        for n in names {
            let line = line_of(n);
            match n.kind() {
                "dotted_name" => {
                    // `import a.b.c` binds `a`.
                    let dotted = self.text(frame.module, n).to_string();
                    let first = dotted.split('.').next().unwrap_or("").to_string();
                    self.bind(
                        frame,
                        &first,
                        Value::Module(first.clone()),
                        line,
                        BTreeSet::new(),
                    );
                }
                "aliased_import" => {
                    let (Some(name), Some(alias)) = (
                        n.child_by_field_name("name"),
                        n.child_by_field_name("alias"),
                    ) else {
                        continue;
                    };
                    let dotted = self.text(frame.module, name).to_string();
                    let alias = self.text(frame.module, alias).to_string();
                    let v = self.module_value(&dotted);
                    self.bind(frame, &alias, v, line, BTreeSet::new());
                }
                _ => {}
            }
        }
    }

    fn module_value(&self, dotted: &str) -> Value {
        if self.hooks.is_builtin(dotted) {
            Value::External(dotted.to_string())
        } else {
            Value::Module(dotted.to_string())
        }
    }

    fn import_base(&mut self, frame: &Frame, module_node: Node<'static>) -> Option<String> {
        let text = self.text(frame.module, module_node).to_string();
        if module_node.kind() == "relative_import" {
            let dots = text.chars().take_while(|c| *c == '.').count();
            let rest = text[dots..].trim().to_string();
            let m = &self.modules[frame.module];
            let resolved = resolve_relative(&m.name, m.is_package, dots, &rest);
            if resolved.is_none() {
                self.warn(
                    frame.module,
                    module_node,
                    format!("relative import `{text}` goes above the top-level package"),
                );
            }
            resolved
        } else {
            Some(text)
        }
    }

    fn exec_import_from(&mut self, frame: &mut Frame, stmt: Node<'static>) {
        let Some(module_node) = stmt.child_by_field_name("module_name") else {
            return;
        };
        let Some(base) = self.import_base(frame, module_node) else {
            return;
        };
        let line = line_of(stmt);
        let mut c = stmt.walk();
        let is_star = stmt
            .named_children(&mut c)
            .any(|n| n.kind() == "wildcard_import");
        if is_star {
            self.star_import(frame, &base, stmt);
            return;
        }
        let mut c = stmt.walk();
        let names: Vec<_> = stmt.children_by_field_name("name", &mut c).collect();
        for n in names {
            let (name, alias) = match n.kind() {
                "aliased_import" => {
                    let name = n
                        .child_by_field_name("name")
                        .map(|x| self.text(frame.module, x).to_string());
                    let alias = n
                        .child_by_field_name("alias")
                        .map(|x| self.text(frame.module, x).to_string());
                    match (name, alias) {
                        (Some(a), Some(b)) => (a, b),
                        _ => continue,
                    }
                }
                _ => {
                    let name = self.text(frame.module, n).to_string();
                    (name.clone(), name)
                }
            };
            let v = Value::Import {
                module: base.clone(),
                name,
            };
            self.bind(frame, &alias, v, line, BTreeSet::new());
        }
    }

    fn star_import(&mut self, frame: &mut Frame, base: &str, stmt: Node<'static>) {
        if self.hooks.is_builtin(base) {
            self.modules[frame.module]
                .star_fallbacks
                .push(base.to_string());
            return;
        }
        let Some(idx) = self.load(base) else {
            self.modules[frame.module]
                .star_fallbacks
                .push(base.to_string());
            return;
        };
        if idx == frame.module {
            return;
        }
        let public: Option<Vec<String>> = self.modules[idx]
            .scope
            .get("__all__")
            .and_then(|v| v.items())
            .map(|items| items.iter().filter_map(|i| i.as_known_str()).collect());
        let names: Vec<String> = match public {
            Some(p) => p,
            None => {
                let mut n: Vec<String> = self.modules[idx]
                    .scope
                    .keys()
                    .filter(|k| !k.starts_with('_'))
                    .cloned()
                    .collect();
                n.sort();
                n
            }
        };
        let line = line_of(stmt);
        for name in names {
            let v = match self.modules[idx].scope.get(&name) {
                Some(v) => v.clone(),
                None => Value::Import {
                    module: base.to_string(),
                    name: name.clone(),
                },
            };
            let deps = self.modules[idx]
                .deps
                .get(&name)
                .cloned()
                .unwrap_or_default();
            self.bind(frame, &name, v, line, deps);
        }
    }

    fn exec_definition(&mut self, frame: &mut Frame, stmt: Node<'static>) {
        let (decorators, def) = if stmt.kind() == "decorated_definition" {
            let mut c = stmt.walk();
            let decs: Vec<Node<'static>> = stmt
                .named_children(&mut c)
                .filter(|n| n.kind() == "decorator")
                .collect();
            let Some(def) = stmt.child_by_field_name("definition") else {
                return;
            };
            let decs = decs
                .into_iter()
                .map(|d| self.eval_decorator(frame, d))
                .collect();
            (decs, def)
        } else {
            (Vec::new(), stmt)
        };
        let Some(name_node) = def.child_by_field_name("name") else {
            return;
        };
        let name = self.text(frame.module, name_node).to_string();
        let module = self.modules[frame.module].name.clone();
        let qualname = match &frame.locals {
            Some(l) => match l.get("__qualname__") {
                Some(Value::Str(s)) => format!("{}.{name}", s.template()),
                _ => name.clone(),
            },
            None => name.clone(),
        };
        let v = match def.kind() {
            "function_definition" => Value::Function(FuncRef {
                module,
                node: Some(def),
                def_start: def.start_byte(),
                decorators,
                qualname,
            }),
            "class_definition" => Value::Class(ClassRef {
                module,
                node: def,
                decorators,
                qualname,
            }),
            _ => return,
        };
        self.bind(frame, &name, v, line_of(def), BTreeSet::new());
    }

    fn eval_decorator(&mut self, frame: &mut Frame, dec: Node<'static>) -> Decorator {
        let line = line_of(dec);
        let Some(expr) = dec.named_child(0) else {
            return Decorator {
                name: String::new(),
                args: vec![],
                kwargs: vec![],
                called: false,
                line,
            };
        };
        if expr.kind() == "call" {
            let callee = expr.child_by_field_name("function");
            let name = match callee {
                Some(c) => {
                    let v = self.eval(frame, c);
                    self.dotted_name(&v, frame.module, c)
                }
                None => String::new(),
            };
            let args = expr
                .child_by_field_name("arguments")
                .map(|a| self.eval_args(frame, a))
                .unwrap_or_default();
            Decorator {
                name,
                args: args.pos,
                kwargs: args.kw,
                called: true,
                line,
            }
        } else {
            let v = self.eval(frame, expr);
            Decorator {
                name: self.dotted_name(&v, frame.module, expr),
                args: vec![],
                kwargs: vec![],
                called: false,
                line,
            }
        }
    }

    /// Dotted name of a callable, or its source text when unknown.
    fn dotted_name(&self, v: &Value, module: usize, node: Node<'_>) -> String {
        match v {
            Value::External(d) => d.clone(),
            Value::Function(f) => format!("{}.{}", f.module, f.qualname),
            Value::Class(c) => format!("{}.{}", c.module, c.qualname),
            _ => self.text(module, node).to_string(),
        }
    }

    /// The `function_definition` of `f` with its body, parsing the body now
    /// if the module's first parse left it out.
    pub fn function_node(&mut self, f: &FuncRef) -> Node<'static> {
        let file = self
            .module_index(&f.module)
            .and_then(|m| self.modules[m].file.map(|file| (m, file)));
        let Some((m, file)) = file else {
            return f.node.unwrap_or_else(|| self.placeholder_node());
        };
        if !file.body_left_out(f.def_start, f.node) {
            if let Some(n) = f.node {
                return n;
            }
        }
        let start = f.def_start;
        if let Some(n) = self.full_defs.get(&(m, start)) {
            return *n;
        }
        let node = file
            .full_function(start, f.node)
            .and_then(|tree| {
                let tree: &'static tree_sitter::Tree = Box::leak(Box::new(tree));
                let mut n = tree.root_node().descendant_for_byte_range(start, start)?;
                while !(n.kind() == "function_definition" && n.start_byte() == start) {
                    n = n.parent()?;
                }
                Some(n)
            })
            .or(f.node)
            .unwrap_or_else(|| file.root());
        self.full_defs.insert((m, start), node);
        node
    }

    /// An empty module's root, for callers that need a node when a
    /// function's source is gone (its module has no file).
    fn placeholder_node(&self) -> Node<'static> {
        let file: &'static SourceFile = Box::leak(Box::new(crate::parsing::parse_bytes(
            PathBuf::new(),
            String::new(),
            b"",
        )));
        file.root()
    }

    /// Binds the definitions the first parse left out, from the outline.
    fn bind_lazy(
        &mut self,
        frame: &mut Frame,
        file: &'static SourceFile,
        def: &crate::parsing::outline::LazyDef,
    ) {
        let site = Site {
            module: frame.module,
            node: file.root(),
        };
        let mut decorators = Vec::with_capacity(def.decorators.len());
        for &(s, e, line) in &def.decorators {
            let text = file.text.get(s..e).unwrap_or("");
            let Some(call) = crate::parsing::literal::simple_call(text) else {
                continue;
            };
            let mut v = match self.lookup(frame, &call.dotted[0]) {
                Some(v) => v,
                None => Value::unknown(call.dotted[0].clone(), "not defined"),
            };
            for seg in &call.dotted[1..] {
                v = self.get_attr(&v, seg, site);
            }
            let name = match &v {
                Value::External(d) => d.clone(),
                Value::Function(f) => format!("{}.{}", f.module, f.qualname),
                Value::Class(c) => format!("{}.{}", c.module, c.qualname),
                _ => call.dotted.join("."),
            };
            let (args, kwargs, called) = match call.args {
                Some(a) => (
                    a.pos.into_iter().map(Value::from).collect(),
                    a.kw.into_iter().map(|(k, v)| (k, Value::from(v))).collect(),
                    true,
                ),
                None => (vec![], vec![], false),
            };
            decorators.push(Decorator {
                name,
                args,
                kwargs,
                called,
                line,
            });
        }
        let f = FuncRef {
            module: self.modules[frame.module].name.clone(),
            node: None,
            def_start: def.def_start,
            decorators,
            qualname: def.name.clone(),
        };
        self.bind(
            frame,
            &def.name,
            Value::Function(f),
            def.line,
            BTreeSet::new(),
        );
    }

    /// Executes a module body, binding left-out definitions in their place.
    fn exec_module(&mut self, frame: &mut Frame, file: &'static SourceFile) {
        let root = file.root();
        let mut cursor = root.walk();
        let children: Vec<Node<'static>> = root.named_children(&mut cursor).collect();
        let mut lazy = file.lazy.iter().peekable();
        for stmt in children {
            while let Some(def) = lazy.next_if(|d| d.start < stmt.start_byte()) {
                self.bind_lazy(frame, file, def);
            }
            self.exec_stmt(frame, stmt);
        }
        for def in lazy {
            self.bind_lazy(frame, file, def);
        }
    }

    // ----- classes ----------------------------------------------------------

    /// The names bound in a class body (its own attributes and methods).
    pub fn class_scope(&mut self, class: &ClassRef) -> Rc<HashMap<String, Value>> {
        let key = class.node.id();
        if let Some(s) = self.class_scopes.get(&key) {
            return s.clone();
        }
        let Some(module) = self.load(&class.module) else {
            return Rc::new(HashMap::new());
        };
        let mut locals = HashMap::new();
        locals.insert(
            "__qualname__".to_string(),
            Value::str(class.qualname.clone()),
        );
        let mut frame = Frame {
            module,
            locals: Some(locals),
        };
        // A placeholder first: a class body that refers to itself must not recurse.
        self.class_scopes.insert(key, Rc::new(HashMap::new()));
        if let Some(body) = class.node.child_by_field_name("body") {
            let saved = std::mem::take(&mut self.conditions);
            self.exec_block(&mut frame, body);
            self.conditions = saved;
        }
        let mut scope = frame.locals.unwrap_or_default();
        scope.remove("__qualname__");
        let scope = Rc::new(scope);
        self.class_scopes.insert(key, scope.clone());
        scope
    }

    /// Base classes of a class, evaluated in its module.
    pub fn class_bases(&mut self, class: &ClassRef) -> Vec<Value> {
        let Some(module) = self.load(&class.module) else {
            return Vec::new();
        };
        let Some(args) = class.node.child_by_field_name("superclasses") else {
            return Vec::new();
        };
        let mut frame = Frame::module(module);
        let mut c = args.walk();
        let nodes: Vec<_> = args
            .named_children(&mut c)
            .filter(|n| n.kind() != "keyword_argument")
            .collect();
        nodes
            .into_iter()
            .map(|n| {
                let v = self.eval(&mut frame, n);
                self.resolve(v)
            })
            .collect()
    }

    /// A class attribute, looked up through local bases depth-first.
    pub fn class_attr(&mut self, class: &ClassRef, name: &str) -> Option<Value> {
        self.class_attr_depth(class, name, 0)
    }

    fn class_attr_depth(&mut self, class: &ClassRef, name: &str, depth: usize) -> Option<Value> {
        if depth > 32 {
            return None;
        }
        let scope = self.class_scope(class);
        if let Some(v) = scope.get(name) {
            return Some(v.clone());
        }
        for base in self.class_bases(class) {
            if let Value::Class(b) = base {
                if let Some(v) = self.class_attr_depth(&b, name, depth + 1) {
                    return Some(v);
                }
            }
        }
        None
    }

    // ----- expressions ------------------------------------------------------

    pub fn eval(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let m = frame.module;
        match node.kind() {
            "identifier" => {
                let name = self.text(m, node);
                match self.lookup(frame, name) {
                    Some(v) => v,
                    None => Value::unknown(name, format!("`{name}` is not defined")),
                }
            }
            "string" => self.eval_string(frame, node),
            "concatenated_string" => {
                let mut s = Str::default();
                let mut c = node.walk();
                let parts: Vec<_> = node.named_children(&mut c).collect();
                for p in parts {
                    if let Value::Str(x) = self.eval_string(frame, p) {
                        s.append(&x);
                    }
                }
                Value::Str(s)
            }
            "integer" => {
                let t = self.text(m, node).replace('_', "");
                let parsed = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X"))
                {
                    i64::from_str_radix(h, 16).ok()
                } else {
                    t.parse::<i64>().ok()
                };
                parsed
                    .map(Value::Int)
                    .unwrap_or_else(|| Value::unknown(t, "integer out of range"))
            }
            "float" => {
                let t = self.text(m, node).replace('_', "");
                t.parse::<f64>()
                    .map(Value::Float)
                    .unwrap_or_else(|_| Value::unknown(t, "float literal"))
            }
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "none" => Value::None,
            "parenthesized_expression" => match node.named_child(0) {
                Some(inner) => self.eval(frame, inner),
                None => Value::Tuple(vec![]),
            },
            "list" | "tuple" | "set" | "expression_list" => {
                let items = self.eval_sequence(frame, node);
                if node.kind() == "list" || node.kind() == "set" {
                    Value::list(items)
                } else {
                    Value::Tuple(items)
                }
            }
            "dictionary" => {
                let mut pairs = Vec::new();
                let mut c = node.walk();
                let children: Vec<_> = node.named_children(&mut c).collect();
                for p in children {
                    match p.kind() {
                        "pair" => {
                            let (Some(k), Some(v)) =
                                (p.child_by_field_name("key"), p.child_by_field_name("value"))
                            else {
                                continue;
                            };
                            let k = self.eval(frame, k);
                            let v = self.eval(frame, v);
                            pairs.push((k, v));
                        }
                        "dictionary_splat" => {
                            if let Some(inner) = p.named_child(0) {
                                if let Value::Dict(d) = self.eval(frame, inner) {
                                    pairs.extend(d);
                                }
                            }
                        }
                        _ => {}
                    }
                }
                Value::Dict(pairs)
            }
            "attribute" => {
                let (Some(obj), Some(attr)) = (
                    node.child_by_field_name("object"),
                    node.child_by_field_name("attribute"),
                ) else {
                    return Value::unknown(self.text(m, node), "malformed attribute");
                };
                let recv = self.eval(frame, obj);
                let name = self.text(m, attr);
                let site = Site { module: m, node };
                match self.get_attr(&recv, name, site) {
                    Value::Unknown(u) if recv.is_unknown() => Value::Unknown(Unknown {
                        text: self.text(m, node).to_string(),
                        reason: u.reason,
                    }),
                    v => v,
                }
            }
            "call" => self.eval_call(frame, node),
            "binary_operator" => {
                let (Some(l), Some(r), Some(op)) = (
                    node.child_by_field_name("left"),
                    node.child_by_field_name("right"),
                    node.child_by_field_name("operator"),
                ) else {
                    return Value::unknown(self.text(m, node), "malformed expression");
                };
                let lv = self.eval(frame, l);
                let rv = self.eval(frame, r);
                let op = self.text(m, op);
                self.binary(op, lv, rv, node, m)
            }
            "unary_operator" => {
                let v = node
                    .child_by_field_name("argument")
                    .map(|a| self.eval(frame, a))
                    .unwrap_or(Value::None);
                let op = node
                    .child_by_field_name("operator")
                    .map(|o| self.text(m, o))
                    .unwrap_or("");
                match (op, v) {
                    ("-", Value::Int(i)) => Value::Int(-i),
                    ("-", Value::Float(f)) => Value::Float(-f),
                    ("+", v @ (Value::Int(_) | Value::Float(_))) => v,
                    _ => Value::unknown(self.text(m, node), "unary operator on an unknown value"),
                }
            }
            "not_operator" => {
                let v = node
                    .child_by_field_name("argument")
                    .map(|a| self.eval(frame, a))
                    .unwrap_or(Value::None);
                match v.truthy() {
                    Some(b) => Value::Bool(!b),
                    None => {
                        Value::unknown(self.text(m, node), "condition depends on an unknown value")
                    }
                }
            }
            "boolean_operator" => {
                let (Some(l), Some(r)) = (
                    node.child_by_field_name("left"),
                    node.child_by_field_name("right"),
                ) else {
                    return Value::unknown(self.text(m, node), "malformed expression");
                };
                let op = node
                    .child_by_field_name("operator")
                    .map(|o| self.text(m, o))
                    .unwrap_or("");
                let lv = self.eval(frame, l);
                match (op, lv.truthy()) {
                    ("and", Some(false)) | ("or", Some(true)) => lv,
                    ("and", Some(true)) | ("or", Some(false)) => self.eval(frame, r),
                    _ => {
                        self.eval(frame, r);
                        Value::unknown(self.text(m, node), "condition depends on an unknown value")
                    }
                }
            }
            "comparison_operator" => self.eval_comparison(frame, node),
            "conditional_expression" => {
                let mut c = node.walk();
                let parts: Vec<_> = node.named_children(&mut c).collect();
                if parts.len() != 3 {
                    return Value::unknown(self.text(m, node), "malformed conditional expression");
                }
                let cond = self.eval(frame, parts[1]);
                match cond.truthy() {
                    Some(true) => self.eval(frame, parts[0]),
                    Some(false) => self.eval(frame, parts[2]),
                    None => {
                        self.eval(frame, parts[0]);
                        self.eval(frame, parts[2]);
                        Value::unknown(self.text(m, node), "condition depends on an unknown value")
                    }
                }
            }
            "subscript" => self.eval_subscript(frame, node),
            "lambda" => Value::Lambda {
                module: self.modules[m].name.clone(),
                line: line_of(node),
            },
            "keyword_argument" | "list_splat" | "dictionary_splat" => {
                Value::unknown(self.text(m, node), "argument outside a call")
            }
            "assignment" => {
                self.exec_assignment(frame, node);
                Value::None
            }
            "named_expression" => {
                let v = node
                    .child_by_field_name("value")
                    .map(|x| self.eval(frame, x))
                    .unwrap_or(Value::None);
                if let Some(n) = node.child_by_field_name("name") {
                    self.bind_target(frame, n, v.clone(), BTreeSet::new());
                }
                v
            }
            _ => Value::unknown(
                self.text(m, node),
                format!("`{}` expressions are not evaluated", node.kind()),
            ),
        }
    }

    fn eval_sequence(&mut self, frame: &mut Frame, node: Node<'static>) -> Vec<Value> {
        let mut items = Vec::new();
        let mut c = node.walk();
        let children: Vec<_> = node.named_children(&mut c).collect();
        for child in children {
            if child.kind() == "comment" {
                continue;
            }
            if child.kind() == "list_splat" {
                if let Some(inner) = child.named_child(0) {
                    let v = self.eval(frame, inner);
                    match v.items() {
                        Some(xs) => items.extend(xs),
                        None => items.push(v),
                    }
                }
                continue;
            }
            items.push(self.eval(frame, child));
        }
        items
    }

    fn eval_string(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let m = frame.module;
        let mut out = Str::default();
        let mut raw = false;
        let mut fstring = false;
        let mut bytes = false;
        let mut c = node.walk();
        let children: Vec<_> = node.children(&mut c).collect();
        for child in children {
            match child.kind() {
                "string_start" => {
                    let prefix = self.text(m, child).to_ascii_lowercase();
                    raw = prefix.contains('r');
                    fstring = prefix.contains('f');
                    bytes = prefix.contains('b');
                }
                "string_content" => {
                    let t = self.text(m, child);
                    let mut s = if raw { t.to_string() } else { unescape(t) };
                    if fstring {
                        s = s.replace("{{", "{").replace("}}", "}");
                    }
                    out.push_str(&s);
                }
                "escape_sequence" => {
                    let t = self.text(m, child);
                    out.push_str(&if raw { t.to_string() } else { unescape(t) });
                }
                "interpolation" => {
                    let Some(expr) = child.child_by_field_name("expression") else {
                        continue;
                    };
                    let v = self.eval(frame, expr);
                    let spec = child
                        .child_by_field_name("format_specifier")
                        .map(|s| self.text(m, s).trim_start_matches(':').to_string());
                    match (v, spec) {
                        (Value::Unknown(_), _) => out.push_hole(self.text(m, expr)),
                        (v, None) => out.append(&v.to_str()),
                        (Value::Int(i), Some(spec)) => match format_int(i, &spec) {
                            Some(s) => out.push_str(&s),
                            None => out.push_hole(self.text(m, expr)),
                        },
                        (v, Some(_)) => out.append(&v.to_str()),
                    }
                }
                _ => {}
            }
        }
        if bytes {
            // Bytes are not text; keep them as an unknown rather than mix types.
            return Value::unknown(self.text(m, node), "bytes literal");
        }
        Value::Str(out)
    }

    fn eval_comparison(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let m = frame.module;
        let mut c = node.walk();
        let operands: Vec<_> = node.named_children(&mut c).collect();
        let mut c = node.walk();
        let ops: Vec<String> = node
            .children_by_field_name("operators", &mut c)
            .map(|o| self.text(m, o).to_string())
            .collect();
        if operands.len() != 2 || ops.is_empty() {
            return Value::unknown(self.text(m, node), "chained comparison");
        }
        let l = self.eval(frame, operands[0]);
        let r = self.eval(frame, operands[1]);
        let op = ops.join(" ");
        let result = match op.as_str() {
            "==" => values_equal(&l, &r),
            "!=" => values_equal(&l, &r).map(|b| !b),
            "is" => values_equal(&l, &r),
            "is not" => values_equal(&l, &r).map(|b| !b),
            "in" => contains(&r, &l),
            "not in" => contains(&r, &l).map(|b| !b),
            "<" | ">" | "<=" | ">=" => match (as_f64(&l), as_f64(&r)) {
                (Some(a), Some(b)) => Some(match op.as_str() {
                    "<" => a < b,
                    ">" => a > b,
                    "<=" => a <= b,
                    _ => a >= b,
                }),
                _ => None,
            },
            _ => None,
        };
        match result {
            Some(b) => Value::Bool(b),
            None => Value::unknown(self.text(m, node), "comparison of unknown values"),
        }
    }

    fn eval_subscript(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let m = frame.module;
        let (Some(value), Some(index)) = (
            node.child_by_field_name("value"),
            node.child_by_field_name("subscript"),
        ) else {
            return Value::unknown(self.text(m, node), "malformed subscript");
        };
        let v = self.eval(frame, value);
        if let Value::External(d) = &v {
            if d == "os.environ" {
                let key = self.eval(frame, index);
                if let Some(k) = key.as_known_str() {
                    self.record_env(&k);
                    return match self.env.get(&k) {
                        Some(val) => Value::str(val.clone()),
                        None => Value::unknown(
                            self.text(m, node),
                            format!("environment variable {k} has no default"),
                        ),
                    };
                }
            }
        }
        if index.kind() == "slice" {
            return Value::unknown(self.text(m, node), "slices are not evaluated");
        }
        let idx = self.eval(frame, index);
        match (&v, &idx) {
            (Value::List(_) | Value::Tuple(_), Value::Int(i)) => {
                let items = v.items().unwrap_or_default();
                let n = items.len() as i64;
                let k = if *i < 0 { n + i } else { *i };
                if k >= 0 && k < n {
                    return items[k as usize].clone();
                }
            }
            (Value::Dict(d), key) => {
                if let Some((_, val)) = d.iter().find(|(k, _)| values_equal(k, key) == Some(true)) {
                    return val.clone();
                }
            }
            _ => {}
        }
        Value::unknown(self.text(m, node), "subscript of an unknown value")
    }

    pub fn eval_args(&mut self, frame: &mut Frame, args: Node<'static>) -> Args {
        let mut out = Args::default();
        let mut c = args.walk();
        let children: Vec<_> = args.named_children(&mut c).collect();
        for a in children {
            match a.kind() {
                "keyword_argument" => {
                    let (Some(n), Some(v)) = (
                        a.child_by_field_name("name"),
                        a.child_by_field_name("value"),
                    ) else {
                        continue;
                    };
                    let name = self.text(frame.module, n).to_string();
                    let v = self.eval(frame, v);
                    out.kw.push((name, v));
                }
                "list_splat" => {
                    if let Some(inner) = a.named_child(0) {
                        let v = self.eval(frame, inner);
                        match v.items() {
                            Some(items) => out.pos.extend(items),
                            None => out.pos.push(v),
                        }
                    }
                }
                "dictionary_splat" => {
                    if let Some(inner) = a.named_child(0) {
                        if let Value::Dict(d) = self.eval(frame, inner) {
                            for (k, v) in d {
                                if let Some(k) = k.as_known_str() {
                                    out.kw.push((k, v));
                                }
                            }
                        }
                    }
                }
                "comment" => {}
                _ => {
                    let v = self.eval(frame, a);
                    out.pos.push(v);
                }
            }
        }
        out
    }

    fn eval_call(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let m = frame.module;
        let Some(func) = node.child_by_field_name("function") else {
            return Value::unknown(self.text(m, node), "malformed call");
        };
        let args = match node.child_by_field_name("arguments") {
            Some(a) if a.kind() == "argument_list" => self.eval_args(frame, a),
            _ => Args::default(),
        };
        let site = Site { module: m, node };
        if func.kind() == "attribute" {
            if let (Some(obj), Some(attr)) = (
                func.child_by_field_name("object"),
                func.child_by_field_name("attribute"),
            ) {
                let recv = self.eval(frame, obj);
                let recv = self.resolve(recv);
                let name = self.text(m, attr);
                if let Some(v) = self.call_method(&recv, name, &args, site) {
                    return v;
                }
                let callee = self.get_attr(&recv, name, site);
                return self.call_value(callee, &args, site);
            }
        }
        let callee = self.eval(frame, func);
        self.call_value(callee, &args, site)
    }

    /// Calls `callee` with evaluated arguments.
    pub fn call_value(&mut self, callee: Value, args: &Args, site: Site) -> Value {
        let callee = self.resolve(callee);
        let src: &'static str = self.text(site.module, site.node);
        let text = || src.to_string();
        match callee {
            Value::External(name) => {
                if let Some(v) = self.call_builtin(&name, args, site) {
                    return v;
                }
                let hooks = self.hooks.clone();
                if let Some(v) = hooks.call(self, &name, args, site) {
                    return v;
                }
                self.wrap_or_unknown(&name, args, text())
            }
            Value::Function(f) => {
                if f.decorators.is_empty() {
                    self.call_function(&f, args, site)
                } else {
                    Value::unknown(text(), "call of a decorated function")
                }
            }
            Value::Unknown(u) => self.wrap_or_unknown(&u.text, args, text()),
            _ => Value::unknown(text(), "call of a value the evaluator does not model"),
        }
    }

    /// `decorator(view)` keeps the view, as `functools.wraps` does.
    fn wrap_or_unknown(&mut self, name: &str, args: &Args, text: String) -> Value {
        if args.pos.len() == 1 && args.kw.is_empty() && is_view_like(&args.pos[0]) {
            return Value::Wrapped {
                decorator: Decorator {
                    name: name.to_string(),
                    args: vec![],
                    kwargs: vec![],
                    called: false,
                    line: 0,
                },
                inner: Box::new(args.pos[0].clone()),
            };
        }
        Value::unknown(
            text,
            format!("result of `{name}(...)` is not known statically"),
        )
    }

    /// Binds a call's arguments to the parameters of `def` (defaults
    /// evaluated in `module`). `bound_self` fills the first parameter of a
    /// method; a parameter left without a value is unknown for `why`.
    pub fn bind_params(
        &mut self,
        module: usize,
        def: Node<'static>,
        bound_self: Option<Value>,
        args: &Args,
        why: &str,
    ) -> HashMap<String, Value> {
        let mut locals = HashMap::new();
        let Some(params) = def.child_by_field_name("parameters") else {
            return locals;
        };
        let mut defaults_frame = Frame::module(module);
        let mut c = params.walk();
        let ps: Vec<_> = params.named_children(&mut c).collect();
        let mut pos = args.pos.iter();
        let mut bound_self = bound_self;
        for p in ps {
            let (name_node, default) = match p.kind() {
                "identifier" => (Some(p), None),
                "typed_parameter" => (p.named_child(0), None),
                "default_parameter" | "typed_default_parameter" => (
                    p.child_by_field_name("name"),
                    p.child_by_field_name("value"),
                ),
                _ => continue,
            };
            let Some(name_node) = name_node else { continue };
            let name = self.text(module, name_node).to_string();
            let v = if let Some(v) = bound_self.take() {
                v
            } else if let Some(v) = pos.next() {
                v.clone()
            } else if let Some(v) = args.kw(&name) {
                v.clone()
            } else if let Some(d) = default {
                self.eval(&mut defaults_frame, d)
            } else {
                Value::unknown(name.clone(), why)
            };
            locals.insert(name, v);
        }
        locals
    }

    fn call_function(&mut self, f: &FuncRef, args: &Args, site: Site) -> Value {
        let text = self.text(site.module, site.node).to_string();
        if self.depth >= MAX_CALL_DEPTH {
            return Value::unknown(text, "calls nest too deeply");
        }
        let Some(module) = self.module_index(&f.module) else {
            return Value::unknown(text, "function of an unloaded module");
        };
        let def = self.function_node(f);
        let locals = self.bind_params(module, def, None, args, "missing argument");
        let Some(body) = def.child_by_field_name("body") else {
            return Value::None;
        };
        let mut frame = Frame {
            module,
            locals: Some(locals),
        };
        self.depth += 1;
        let saved = std::mem::take(&mut self.conditions);
        let flow = self.exec_block(&mut frame, body);
        self.conditions = saved;
        self.depth -= 1;
        match flow {
            Flow::Return(v) => v,
            Flow::Normal => Value::None,
        }
    }

    /// Python built-ins and the standard library calls real code uses to build URLs.
    fn call_builtin(&mut self, name: &str, args: &Args, site: Site) -> Option<Value> {
        let src: &'static str = self.text(site.module, site.node);
        let text = || src.to_string();
        let v = match name {
            "os.getenv" | "os.environ.get" => {
                let key = args.get(0, "key").and_then(|k| k.as_known_str());
                let Some(key) = key else {
                    return Some(Value::unknown(
                        text(),
                        "environment variable name is not known",
                    ));
                };
                self.record_env(&key);
                match self.env.get(&key) {
                    Some(v) => Value::str(v.clone()),
                    None => args.get(1, "default").cloned().unwrap_or(Value::None),
                }
            }
            "builtins.str" => match args.pos.first() {
                Some(v @ Value::Unknown(_)) => v.clone(),
                Some(v) => Value::Str(v.to_str()),
                None => Value::str(""),
            },
            "builtins.int" => match args.pos.first() {
                Some(Value::Int(i)) => Value::Int(*i),
                Some(Value::Float(f)) => Value::Int(*f as i64),
                Some(Value::Bool(b)) => Value::Int(*b as i64),
                Some(Value::Str(s)) => match s.known().and_then(|k| k.trim().parse::<i64>().ok()) {
                    Some(i) => Value::Int(i),
                    None => Value::unknown(text(), "int() of a non-numeric string"),
                },
                _ => Value::unknown(text(), "int() of an unknown value"),
            },
            "builtins.float" => match args.pos.first().and_then(as_f64) {
                Some(f) => Value::Float(f),
                None => match args.pos.first().and_then(|v| v.as_known_str()) {
                    Some(s) => s
                        .trim()
                        .parse::<f64>()
                        .map(Value::Float)
                        .unwrap_or_else(|_| {
                            Value::unknown(text(), "float() of a non-numeric string")
                        }),
                    None => Value::unknown(text(), "float() of an unknown value"),
                },
            },
            "builtins.bool" => match args.pos.first().map(|v| v.truthy()) {
                Some(Some(b)) => Value::Bool(b),
                None => Value::Bool(false),
                Some(None) => Value::unknown(text(), "bool() of an unknown value"),
            },
            "builtins.len" => match args.pos.first() {
                Some(Value::Str(s)) => match s.known() {
                    Some(k) => Value::Int(k.chars().count() as i64),
                    None => Value::unknown(text(), "len() of an unknown string"),
                },
                Some(v) => match v.items() {
                    Some(i) => Value::Int(i.len() as i64),
                    None => Value::unknown(text(), "len() of an unknown value"),
                },
                None => Value::unknown(text(), "len() without argument"),
            },
            "builtins.list" | "builtins.tuple" => {
                let items = match args.pos.first() {
                    Some(v) => match v.items() {
                        Some(i) => i,
                        None => {
                            return Some(Value::unknown(text(), "conversion of an unknown value"))
                        }
                    },
                    None => vec![],
                };
                if name.ends_with("list") {
                    Value::list(items)
                } else {
                    Value::Tuple(items)
                }
            }
            "builtins.dict" => Value::Dict(
                args.kw
                    .iter()
                    .map(|(k, v)| (Value::str(k.clone()), v.clone()))
                    .collect(),
            ),
            _ => return None,
        };
        Some(v)
    }

    /// Methods of built-in values (`str.format`, `list.append`, ...) and of
    /// hook objects; `None` for anything else.
    fn call_method(&mut self, recv: &Value, name: &str, args: &Args, site: Site) -> Option<Value> {
        let hooks = self.hooks.clone();
        if let Some(v) = hooks.method(self, recv, name, args, site) {
            return Some(v);
        }
        match recv {
            Value::Str(s) => str_method(s, name, args),
            Value::List(list) => match name {
                "append" => {
                    list.borrow_mut()
                        .push(args.pos.first().cloned().unwrap_or(Value::None));
                    Some(Value::None)
                }
                "extend" => {
                    if let Some(items) = args.pos.first().and_then(|v| v.items()) {
                        list.borrow_mut().extend(items);
                    }
                    Some(Value::None)
                }
                "insert" => {
                    if let (Some(Value::Int(i)), Some(v)) = (args.pos.first(), args.pos.get(1)) {
                        let mut l = list.borrow_mut();
                        let idx = (*i).clamp(0, l.len() as i64) as usize;
                        l.insert(idx, v.clone());
                    }
                    Some(Value::None)
                }
                "copy" => Some(Value::list(list.borrow().clone())),
                _ => None,
            },
            Value::Dict(d) if name == "get" => {
                let key = args.pos.first()?;
                let found = d.iter().find(|(k, _)| values_equal(k, key) == Some(true));
                Some(match found {
                    Some((_, v)) => v.clone(),
                    None => args.pos.get(1).cloned().unwrap_or(Value::None),
                })
            }
            _ => None,
        }
    }

    fn binary(
        &mut self,
        op: &str,
        l: Value,
        r: Value,
        node: Node<'static>,
        module: usize,
    ) -> Value {
        let src: &'static str = self.text(module, node);
        let text = || src.to_string();
        match (op, &l, &r) {
            ("+", Value::Str(a), Value::Str(b)) => {
                let mut s = a.clone();
                s.append(b);
                Value::Str(s)
            }
            ("+", Value::Str(a), Value::Unknown(u)) => {
                let mut s = a.clone();
                s.push_hole(&u.text);
                Value::Str(s)
            }
            ("+", Value::Unknown(u), Value::Str(b)) => {
                let mut s = Str::hole(u.text.clone());
                s.append(b);
                Value::Str(s)
            }
            ("+", Value::List(_) | Value::Tuple(_), Value::List(_) | Value::Tuple(_)) => {
                let mut items = l.items().unwrap_or_default();
                items.extend(r.items().unwrap_or_default());
                if matches!(l, Value::Tuple(_)) {
                    Value::Tuple(items)
                } else {
                    Value::list(items)
                }
            }
            ("%", Value::Str(fmt), _) => match fmt.known() {
                Some(f) => {
                    let items = match &r {
                        Value::Tuple(t) => t.clone(),
                        other => vec![other.clone()],
                    };
                    percent_format(&f, &items)
                        .map(Value::Str)
                        .unwrap_or_else(|| Value::unknown(text(), "% formatting"))
                }
                None => Value::unknown(text(), "% formatting of an unknown string"),
            },
            (_, Value::Int(a), Value::Int(b)) => match op {
                "+" => Value::Int(a.wrapping_add(*b)),
                "-" => Value::Int(a.wrapping_sub(*b)),
                "*" => Value::Int(a.wrapping_mul(*b)),
                "//" if *b != 0 => Value::Int(a.div_euclid(*b)),
                "%" if *b != 0 => Value::Int(a.rem_euclid(*b)),
                "/" if *b != 0 => Value::Float(*a as f64 / *b as f64),
                _ => Value::unknown(text(), "arithmetic"),
            },
            ("*", Value::Str(s), Value::Int(n)) => match s.known() {
                Some(k) if *n >= 0 && *n < 10_000 => Value::str(k.repeat(*n as usize)),
                _ => Value::unknown(text(), "string repetition"),
            },
            _ => match (as_f64(&l), as_f64(&r)) {
                (Some(a), Some(b)) => match op {
                    "+" => Value::Float(a + b),
                    "-" => Value::Float(a - b),
                    "*" => Value::Float(a * b),
                    "/" if b != 0.0 => Value::Float(a / b),
                    _ => Value::unknown(text(), "arithmetic"),
                },
                _ => Value::unknown(text(), "operation on an unknown value"),
            },
        }
    }
}

fn is_view_like(v: &Value) -> bool {
    matches!(
        v,
        Value::Function(_)
            | Value::AsView { .. }
            | Value::Wrapped { .. }
            | Value::Lambda { .. }
            | Value::External(_)
            | Value::Import { .. }
    )
}

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        Value::Bool(b) => Some(*b as i64 as f64),
        _ => None,
    }
}

/// Python `==` when both sides are known.
pub fn values_equal(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Unknown(_), _) | (_, Value::Unknown(_)) => None,
        (Value::Str(x), Value::Str(y)) => match (x.known(), y.known()) {
            (Some(x), Some(y)) => Some(x == y),
            _ => None,
        },
        (Value::None, Value::None) => Some(true),
        (Value::None, _) | (_, Value::None) => Some(false),
        (Value::Str(_), Value::Int(_) | Value::Float(_) | Value::Bool(_))
        | (Value::Int(_) | Value::Float(_) | Value::Bool(_), Value::Str(_)) => Some(false),
        _ => match (as_f64(a), as_f64(b)) {
            (Some(x), Some(y)) => Some(x == y),
            _ => None,
        },
    }
}

/// Python `in` over known members: `None` when an unknown one might match.
fn any_equal<'a>(members: impl IntoIterator<Item = &'a Value>, item: &Value) -> Option<bool> {
    let mut unknown = false;
    for m in members {
        match values_equal(m, item) {
            Some(true) => return Some(true),
            None => unknown = true,
            Some(false) => {}
        }
    }
    if unknown {
        None
    } else {
        Some(false)
    }
}

fn contains(container: &Value, item: &Value) -> Option<bool> {
    match container {
        Value::Str(s) => match (s.known(), item.as_known_str()) {
            (Some(h), Some(n)) => Some(h.contains(&n)),
            _ => None,
        },
        Value::Dict(d) => any_equal(d.iter().map(|(k, _)| k), item),
        other => any_equal(&other.items()?, item),
    }
}

fn str_method(s: &Str, name: &str, args: &Args) -> Option<Value> {
    let chars = || args.pos.first().and_then(|c| c.as_known_str());
    Some(match name {
        "strip" => Value::Str(s.strip(chars().as_deref(), true, true)),
        "lstrip" => Value::Str(s.strip(chars().as_deref(), true, false)),
        "rstrip" => Value::Str(s.strip(chars().as_deref(), false, true)),
        "format" => {
            let fmt = s.known()?;
            match brace_format(&fmt, args) {
                Some(v) => Value::Str(v),
                None => return None,
            }
        }
        "join" => {
            let items = args.pos.first()?.items()?;
            let sep = s.known()?;
            let mut out = Str::default();
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(&sep);
                }
                out.append(&it.to_str());
            }
            Value::Str(out)
        }
        "lower" | "upper" => {
            let k = s.known()?;
            Value::str(if name == "lower" {
                k.to_lowercase()
            } else {
                k.to_uppercase()
            })
        }
        "replace" => {
            let k = s.known()?;
            let from = args.pos.first()?.as_known_str()?;
            let to = args.pos.get(1)?.as_known_str()?;
            Value::str(k.replace(&from, &to))
        }
        "startswith" | "endswith" => {
            let k = s.known()?;
            let p = args.pos.first()?.as_known_str()?;
            Value::Bool(if name == "startswith" {
                k.starts_with(&p)
            } else {
                k.ends_with(&p)
            })
        }
        _ => return None,
    })
}

/// `str.format` with positional and keyword fields; format specs on ints.
fn brace_format(fmt: &str, args: &Args) -> Option<Str> {
    let mut out = Str::default();
    let mut auto = 0usize;
    let mut chars = fmt.char_indices().peekable();
    let mut lit = String::new();
    while let Some((_, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|p| p.1) == Some('{') => {
                chars.next();
                lit.push('{');
            }
            '}' if chars.peek().map(|p| p.1) == Some('}') => {
                chars.next();
                lit.push('}');
            }
            '{' => {
                let mut field = String::new();
                for (_, c2) in chars.by_ref() {
                    if c2 == '}' {
                        break;
                    }
                    field.push(c2);
                }
                let (key, spec) = match field.split_once(':') {
                    Some((k, s)) => (k.to_string(), Some(s.to_string())),
                    None => (field.clone(), None),
                };
                let key = key.split('!').next().unwrap_or("").to_string();
                let v = if key.is_empty() {
                    let v = args.pos.get(auto).cloned();
                    auto += 1;
                    v
                } else if let Ok(i) = key.parse::<usize>() {
                    args.pos.get(i).cloned()
                } else {
                    args.kw(&key).cloned()
                };
                out.push_str(&lit);
                lit.clear();
                match (v, spec) {
                    (Some(Value::Int(i)), Some(spec)) => match format_int(i, &spec) {
                        Some(s) => out.push_str(&s),
                        None => out.push_hole(&key),
                    },
                    (Some(Value::Unknown(u)), _) => out.push_hole(&u.text),
                    (Some(v), _) => out.append(&v.to_str()),
                    (None, _) => out.push_hole(if key.is_empty() { "?" } else { &key }),
                }
            }
            c => lit.push(c),
        }
    }
    out.push_str(&lit);
    Some(out)
}

/// `"%s/%d" % (a, b)`.
fn percent_format(fmt: &str, items: &[Value]) -> Option<Str> {
    let mut out = Str::default();
    let mut it = items.iter();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push_str(&c.to_string());
            continue;
        }
        // Flags, width and precision are skipped: URLs rarely use them.
        let mut spec = String::new();
        while let Some(&n) = chars.peek() {
            if n.is_ascii_digit() || "-+ #.0".contains(n) {
                spec.push(n);
                chars.next();
            } else {
                break;
            }
        }
        match chars.next() {
            Some('%') => out.push_str("%"),
            Some('s' | 'r' | 'd' | 'i' | 'f') => match it.next() {
                Some(Value::Unknown(u)) => out.push_hole(&u.text),
                Some(Value::Int(i)) if !spec.is_empty() => out.push_str(&format_int(*i, &spec)?),
                Some(v) => out.append(&v.to_str()),
                None => return None,
            },
            _ => return None,
        }
    }
    Some(out)
}

/// Integer format specs used in URLs: `03d`, `d`, `x`.
fn format_int(i: i64, spec: &str) -> Option<String> {
    let spec = spec.trim_end_matches('d');
    if spec.is_empty() {
        return Some(i.to_string());
    }
    if let Some(w) = spec.strip_prefix('0') {
        let width: usize = w.parse().ok()?;
        return Some(format!("{i:0width$}"));
    }
    if spec == "x" {
        return Some(format!("{i:x}"));
    }
    let width: usize = spec.parse().ok()?;
    Some(format!("{i:width$}"))
}

/// Python string escapes (the common ones).
fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('\'') => out.push('\''),
            Some('"') => out.push('"'),
            Some('\n') => {}
            Some('0') => out.push('\0'),
            Some(other) => {
                // Unknown escapes stay as written, as Python keeps them.
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_and_brace_formats() {
        let s = percent_format("/p/%s/%d/", &[Value::unknown("pid", "x"), Value::Int(3)]).unwrap();
        assert_eq!(s.template(), "/p/{pid}/3/");
        let args = Args {
            pos: vec![Value::Int(7)],
            kw: vec![("x".into(), Value::str("a"))],
        };
        assert_eq!(
            brace_format("/{}/{x}/{{lit}}", &args).unwrap().template(),
            "/7/a/{lit}"
        );
        assert_eq!(format_int(5, "03d").as_deref(), Some("005"));
    }

    #[test]
    fn unescape_keeps_unknown_escapes() {
        assert_eq!(unescape(r"a\nb\d"), "a\nb\\d");
    }
}
