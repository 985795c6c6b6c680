//! Statement execution: module bodies, blocks, the statement dispatch,
//! assignments and `+=`. The control flow (`if`, `for`, `while`, `try`,
//! `with`, `match`) is in `control`, the joining of paths in `merge`.

use super::budget::MAX_ITEMS;
use super::interp::{Frame, Interp, Site};
use super::namespace::namespace_of;
use super::value::Value;
use crate::parsing::{line_of, SourceFile};
use std::collections::BTreeSet;
use tree_sitter::Node;

/// How a block ended.
pub(super) enum Flow {
    Normal,
    Return(Value),
    /// `raise`, in a function: the path ends without a value.
    Raise,
    Break,
    Continue,
    /// In an observed walk, an end (`return`, `raise`, `break`, `continue`)
    /// taken because conditions have known values: the code after it, up
    /// to where the end leads, never runs under the names held here.
    Decided(Box<Flow>, Vec<String>),
}

impl Flow {
    /// The end itself, whatever decided it.
    pub(super) fn undecided(self) -> Flow {
        match self {
            Flow::Decided(end, _) => end.undecided(),
            other => other,
        }
    }
}

impl Interp {
    /// Executes a module body, binding left-out definitions in their place.
    pub(super) fn exec_module(&mut self, frame: &mut Frame, file: &'static SourceFile) {
        let root = file.root();
        let mut cursor = root.walk();
        let children: Vec<Node<'static>> = root.named_children(&mut cursor).collect();
        let mut lazy = file.lazy.iter().peekable();
        let mut plain = file.plain.iter().peekable();
        // Left-out definitions and plain statements in their places among
        // the parsed statements.
        let mut left_out_before = |it: &mut Interp, frame: &mut Frame, at: usize| loop {
            let def_next = lazy.peek().map_or(usize::MAX, |d| d.start);
            let plain_next = plain.peek().map_or(usize::MAX, |p| p.start);
            if def_next.min(plain_next) >= at {
                break;
            }
            if def_next < plain_next {
                if let Some(def) = lazy.next() {
                    it.bind_lazy(frame, file, def);
                }
            } else if let Some(p) = plain.next() {
                it.exec_plain(frame, file, p);
            }
        };
        for stmt in children {
            left_out_before(self, frame, stmt.start_byte());
            self.exec_stmt(frame, stmt);
        }
        left_out_before(self, frame, usize::MAX);
    }

    pub(super) fn exec_block(&mut self, frame: &mut Frame, block: Node<'static>) -> Flow {
        let mut cursor = block.walk();
        let children: Vec<Node<'static>> = block.named_children(&mut cursor).collect();
        for (i, stmt) in children.iter().enumerate() {
            match self.exec_stmt(frame, *stmt) {
                Flow::Normal => {}
                Flow::Decided(end, names) => {
                    // What follows never runs under the known values: walked
                    // for what it would do, as switched off by them.
                    let rest = &children[i + 1..];
                    self.off_path(frame, names.clone(), |it, fr| {
                        for s in rest {
                            it.exec_stmt(fr, *s);
                        }
                    });
                    return Flow::Decided(end, names);
                }
                other => return other,
            }
        }
        Flow::Normal
    }

    fn exec_stmt(&mut self, frame: &mut Frame, stmt: Node<'static>) -> Flow {
        if self.unwinding() || !self.step(frame.module, stmt) {
            return Flow::Normal;
        }
        match stmt.kind() {
            "expression_statement" => {
                self.exec_expression_statement(frame, stmt);
                if self.observed.is_some() {
                    self.name_unknowns(frame, stmt);
                }
            }
            "import_statement" => self.exec_import(frame, stmt),
            "import_from_statement" => self.exec_import_from(frame, stmt),
            "function_definition" | "class_definition" | "decorated_definition" => {
                self.exec_definition(frame, stmt)
            }
            "if_statement" => return self.exec_if(frame, stmt),
            "try_statement" => return self.exec_try(frame, stmt),
            "with_statement" => return self.exec_with(frame, stmt),
            "for_statement" => return self.exec_for(frame, stmt),
            "while_statement" => return self.exec_while(frame, stmt),
            "match_statement" => return self.exec_match(frame, stmt),
            "return_statement" => {
                let v = match stmt.named_child(0) {
                    Some(e) => self.eval(frame, e),
                    None => Value::None,
                };
                return Flow::Return(v);
            }
            "raise_statement" => return self.exec_raise(frame, stmt),
            "assert_statement" => {
                // For what its calls do.
                let mut c = stmt.walk();
                let parts: Vec<Node<'static>> = stmt.named_children(&mut c).collect();
                for part in parts {
                    self.eval(frame, part);
                }
            }
            "block" => return self.exec_block(frame, stmt),
            "break_statement" => return Flow::Break,
            "continue_statement" => return Flow::Continue,
            _ => {}
        }
        Flow::Normal
    }

    /// An expression statement: assignments (`=`, `+=`) bind, anything else
    /// is evaluated for what its calls do.
    pub(super) fn exec_expression_statement(&mut self, frame: &mut Frame, stmt: Node<'static>) {
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

    /// `raise`: in a function run for its result (precise flow) the path
    /// ends; elsewhere the handler of an enclosing `try` that catches it
    /// runs next, and without one the code goes on, as what the rest
    /// defines is still wanted.
    fn exec_raise(&mut self, frame: &mut Frame, stmt: Node<'static>) -> Flow {
        let exc = stmt.named_child(0);
        if let Some(e) = exc {
            self.eval(frame, e);
        }
        if self.precise_flow && frame.locals.is_some() {
            return Flow::Raise;
        }
        // A raise that surely runs and that an enclosing `try` catches (by
        // the class's name) goes to that handler, as a known raise of a
        // call does; under an unknown condition it may not happen at all.
        let class = exc.and_then(|e| raised_class(self.text(frame.module, e)));
        if let Some(class) = class.filter(|_| self.condition().is_none()) {
            self.raise(class);
        }
        Flow::Normal
    }

    pub(super) fn exec_assignment(&mut self, frame: &mut Frame, node: Node<'static>) {
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

    /// `x += y` (and the other augmented operators), in module code and in
    /// function bodies alike.
    pub(super) fn exec_aug_assignment(&mut self, frame: &mut Frame, node: Node<'static>) {
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
        // A name imported inside a function is bound lazily; `+=` needs the list.
        let current = self.resolve(current);
        let (rhs, deps) = self.eval_with_deps(frame, right);
        if op == "+=" {
            if let Value::List(list) = &current {
                // `+=` on a list extends it in place, as Python does: aliases see it.
                match rhs.items() {
                    Some(items) if list.borrow().len() + items.len() > MAX_ITEMS => {
                        self.warn(
                            frame.module,
                            node,
                            format!("the list would grow past {MAX_ITEMS} items; the entries this adds are left out"),
                        );
                    }
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

    pub(super) fn bind_target(
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
            "attribute" => {
                // `view.view_class = cls`, `self.trailing_slash = ...`.
                let (Some(obj), Some(attr)) = (
                    target.child_by_field_name("object"),
                    target.child_by_field_name("attribute"),
                ) else {
                    return;
                };
                let recv = self.eval(frame, obj);
                let name = self.text(frame.module, attr);
                self.store_attr(&recv, name, value);
            }
            "subscript" => self.bind_subscript(frame, target, value),
            _ => {}
        }
    }

    /// `recv.name = value` (or `setattr`): objects and functions keep
    /// their attributes, and so do the values the hooks model; other values
    /// are not tracked.
    pub(super) fn store_attr(&mut self, recv: &Value, name: &str, value: Value) {
        match recv {
            Value::Function(f) => f.set_attr(name, value),
            Value::Instance(i) => i.set_attr(name, value),
            // `setattr(sys.modules[__name__], name, value)` binds a module name.
            Value::Module(m) => {
                if let Some(idx) = self.module_index(m) {
                    self.bind_module_name(idx, name, value);
                }
            }
            // A class outside the sources (`Options.prop = property(f)`)
            // is the hooks' to keep, as a value they model is.
            Value::Host(_) | Value::External(_) => {
                let hooks = self.hooks.clone();
                hooks.set_attribute(self, recv, name, value);
            }
            _ => {}
        }
    }

    /// `d[key] = value` and `l[i] = value`, in place (aliases see it); on a
    /// value that is not a known dict or list, nothing is tracked.
    fn bind_subscript(&mut self, frame: &mut Frame, target: Node<'static>, value: Value) {
        let (Some(obj), Some(index)) = (
            target.child_by_field_name("value"),
            target.child_by_field_name("subscript"),
        ) else {
            return;
        };
        if let Some(owner) = self.dict_owner(frame.module, obj) {
            // `obj.__dict__[key] = value`: an attribute of the object, set
            // past any property or descriptor of its class, as Python does.
            // A module's `__dict__` is its namespace, bound below.
            if let Value::Instance(inst) = self.eval(frame, owner) {
                if let Some(k) = self.eval(frame, index).as_known_str() {
                    inst.set_attr(&k, value);
                }
                return;
            }
        }
        let container = self.eval(frame, obj);
        let key = self.eval(frame, index);
        if let Some(ns) = namespace_of(&container) {
            if !self.namespace_set(ns, &key, value) {
                let text = self.text(frame.module, target).to_string();
                self.warn(
                    frame.module,
                    target,
                    format!("`{text} = ...` binds a module name that cannot be evaluated statically; it is unknown"),
                );
            }
            return;
        }
        let site = Site::new(frame.module, target);
        if self.replace_module(&container, &key, &value, site) {
            return;
        }
        match (&container, &key) {
            (Value::Dict(d), k) if !k.is_unknown() => super::builtins::dict_set(d, key, value),
            (Value::List(l), Value::Int(i)) => {
                let mut l = l.borrow_mut();
                let n = l.len() as i64;
                let k = if *i < 0 { n + i } else { *i };
                if (0..n).contains(&k) {
                    l[k as usize] = value;
                }
            }
            (Value::Dict(_) | Value::List(_), _) => {
                let text = self.text(frame.module, target).to_string();
                self.note(
                    frame.module,
                    target,
                    format!("`{text} = ...` with a key that cannot be evaluated statically; the entry is missing"),
                );
            }
            _ => {}
        }
    }

    /// `x` of the expression `x.__dict__`, or `None` for another expression.
    fn dict_owner(&self, module: usize, node: Node<'static>) -> Option<Node<'static>> {
        let attr = node.child_by_field_name("attribute")?;
        (node.kind() == "attribute" && self.text(module, attr) == "__dict__")
            .then(|| node.child_by_field_name("object"))
            .flatten()
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
}

/// The class name of `raise X`, `raise a.X` or `raise X(...)`: its last
/// dotted segment, as `except` clauses are matched.
fn raised_class(text: &str) -> Option<&str> {
    let callee = text.split('(').next()?.trim();
    let last = callee.rsplit('.').next()?;
    (!last.is_empty() && last.chars().all(|c| c.is_alphanumeric() || c == '_')).then_some(last)
}
