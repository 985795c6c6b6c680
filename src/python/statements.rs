//! Statement execution: module bodies, blocks, assignments and `+=`, `if`
//! (both branches under their condition when it is unknown), `for` over known
//! items, `try`/`with` bodies and `return`.

use super::budget::MAX_ITEMS;
use super::interp::{Frame, Interp};
use super::merge::merge_scopes;
use super::value::Value;
use crate::parsing::{line_of, SourceFile};
use std::collections::BTreeSet;
use tree_sitter::Node;

/// Iterations of a `for` loop the evaluator unrolls.
const MAX_LOOP_ITERATIONS: usize = 2_000;

/// How a block ended.
pub(super) enum Flow {
    Normal,
    Return(Value),
    Break,
    Continue,
}

impl Interp {
    /// Executes a module body, binding left-out definitions in their place.
    pub(super) fn exec_module(&mut self, frame: &mut Frame, file: &'static SourceFile) {
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

    pub(super) fn exec_block(&mut self, frame: &mut Frame, block: Node<'static>) -> Flow {
        let mut cursor = block.walk();
        let children: Vec<Node<'static>> = block.named_children(&mut cursor).collect();
        for stmt in children {
            match self.exec_stmt(frame, stmt) {
                Flow::Normal => {}
                other => return other,
            }
        }
        Flow::Normal
    }

    fn exec_stmt(&mut self, frame: &mut Frame, stmt: Node<'static>) -> Flow {
        if !self.step(frame.module, stmt) {
            return Flow::Normal;
        }
        match stmt.kind() {
            "expression_statement" => self.exec_expression_statement(frame, stmt),
            "import_statement" => self.exec_import(frame, stmt),
            "import_from_statement" => self.exec_import_from(frame, stmt),
            "function_definition" | "class_definition" | "decorated_definition" => {
                self.exec_definition(frame, stmt)
            }
            "if_statement" => return self.exec_if(frame, stmt),
            "try_statement" => return self.exec_try(frame, stmt),
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
            "break_statement" => return Flow::Break,
            "continue_statement" => return Flow::Continue,
            _ => {}
        }
        Flow::Normal
    }

    /// An expression statement: assignments (`=`, `+=`) bind, anything else
    /// is evaluated for what its calls do. Shared with the walkers of
    /// function bodies outside this module, which add their own bookkeeping.
    pub fn exec_expression_statement(&mut self, frame: &mut Frame, stmt: Node<'static>) {
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
            None if self.precise_flow => {
                let not = format!("not ({cond_text})");
                self.fork(
                    frame,
                    |it, fr| it.exec_under(fr, cond_text, |it, fr| it.exec_opt(fr, consequence)),
                    |it, fr| {
                        it.exec_under(fr, not, |it, fr| it.exec_alternatives(fr, &alternatives))
                    },
                )
            }
            None => {
                // Both branches can run: execute each under its condition so
                // what they define is kept and marked.
                self.conditions.push(cond_text.clone());
                let flow = consequence.map_or(Flow::Normal, |b| self.exec_block(frame, b));
                self.conditions.pop();
                if !matches!(flow, Flow::Normal) {
                    return flow;
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
                        None if self.precise_flow => {
                            let text = self.text(frame.module, cond).to_string();
                            let not = format!("not ({text})");
                            let body = alt.child_by_field_name("consequence");
                            let rest = &alternatives[i + 1..];
                            return self.fork(
                                frame,
                                |it, fr| it.exec_under(fr, text, |it, fr| it.exec_opt(fr, body)),
                                |it, fr| {
                                    it.exec_under(fr, not, |it, fr| it.exec_alternatives(fr, rest))
                                },
                            );
                        }
                        None => {
                            let text = self.text(frame.module, cond).to_string();
                            self.conditions.push(text);
                            let flow = alt
                                .child_by_field_name("consequence")
                                .map_or(Flow::Normal, |b| self.exec_block(frame, b));
                            self.conditions.pop();
                            if !matches!(flow, Flow::Normal) {
                                return flow;
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

    /// The `try` body; with precise flow in a function each `except`
    /// handler is another path (run from the state before the body), then
    /// `finally`. Module code keeps the body alone: its handlers are the
    /// fallbacks of imports (`except ImportError:`), not another value.
    fn exec_try(&mut self, frame: &mut Frame, stmt: Node<'static>) -> Flow {
        let body = stmt.child_by_field_name("body");
        if !self.precise_flow || frame.locals.is_none() {
            return self.exec_opt(frame, body);
        }
        let mut c = stmt.walk();
        let parts: Vec<Node<'static>> = stmt.named_children(&mut c).collect();
        let block_of = |n: &Node<'static>| {
            let mut c = n.walk();
            let found = n.named_children(&mut c).find(|b| b.kind() == "block");
            found
        };
        let handlers: Vec<Node<'static>> = parts
            .iter()
            .filter(|p| matches!(p.kind(), "except_clause" | "except_group_clause"))
            .filter_map(block_of)
            .collect();
        let else_block = parts.iter().find(|p| p.kind() == "else_clause");
        let else_block = else_block.and_then(block_of);
        let pre = self.scope_snapshot(frame);
        let mut flow = self.exec_opt(frame, body);
        if matches!(flow, Flow::Normal) {
            flow = self.exec_opt(frame, else_block);
        }
        // A handler runs from before the body (it may raise at once):
        // `fork` starts from that state, its first path restoring what
        // the body (and the handlers before) left.
        for h in handlers {
            let after = self.scope_snapshot(frame);
            self.restore_scope(frame, pre.clone());
            let ended = std::mem::replace(&mut flow, Flow::Normal);
            flow = self.fork(
                frame,
                |it, fr| {
                    it.restore_scope(fr, after);
                    ended
                },
                |it, fr| it.exec_block(fr, h),
            );
        }
        let finally = parts.iter().find(|p| p.kind() == "finally_clause");
        if let Flow::Return(v) = self.exec_opt(frame, finally.and_then(block_of)) {
            return Flow::Return(v);
        }
        flow
    }

    fn exec_opt(&mut self, frame: &mut Frame, block: Option<Node<'static>>) -> Flow {
        block.map_or(Flow::Normal, |b| self.exec_block(frame, b))
    }

    /// Runs `f` with `cond` as the unknown condition it sits under.
    fn exec_under(
        &mut self,
        frame: &mut Frame,
        cond: String,
        f: impl FnOnce(&mut Interp, &mut Frame) -> Flow,
    ) -> Flow {
        self.conditions.push(cond);
        let flow = f(self, frame);
        self.conditions.pop();
        flow
    }

    /// Two paths from the same state, joined (see `merge`).
    fn fork(
        &mut self,
        frame: &mut Frame,
        a: impl FnOnce(&mut Interp, &mut Frame) -> Flow,
        b: impl FnOnce(&mut Interp, &mut Frame) -> Flow,
    ) -> Flow {
        let before = self.scope_snapshot(frame);
        let fa = a(self, frame);
        let sa = self.scope_snapshot(frame);
        self.restore_scope(frame, before);
        let fb = b(self, frame);
        // A `break` or `continue` under an unknown condition: both ways on,
        // as if the path went on (the loop's values are joined all the same).
        let on = |f: Flow| match f {
            Flow::Break | Flow::Continue => Flow::Normal,
            f => f,
        };
        match (on(fa), on(fb)) {
            (Flow::Return(x), Flow::Return(y)) => {
                self.maybe_return(x);
                Flow::Return(y)
            }
            (Flow::Return(x), Flow::Normal) => {
                self.maybe_return(x);
                Flow::Normal
            }
            (Flow::Normal, Flow::Return(y)) => {
                self.maybe_return(y);
                self.restore_scope(frame, sa);
                Flow::Normal
            }
            _ => {
                let sb = self.scope_snapshot(frame);
                self.restore_scope(frame, merge_scopes(sa, sb));
                Flow::Normal
            }
        }
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
        let items = self.eval(frame, right).iterated();
        Some((left, body, items))
    }

    /// `for` over known items (`break`, `continue` and `else` as Python
    /// runs them); over an unknown value, a warning: what the body would
    /// build is missing.
    fn exec_for(&mut self, frame: &mut Frame, stmt: Node<'static>) -> Flow {
        let Some((left, body, items)) = self.for_parts(frame, stmt) else {
            return Flow::Normal;
        };
        let Some(items) = items else {
            if self.precise_flow {
                // Unknown items: the body once, or not at all.
                let text = self.text(frame.module, left).to_string();
                return self.fork(
                    frame,
                    |it, fr| {
                        let item = Value::unknown(text, "an item of an unknown iterable");
                        it.bind_target(fr, left, item, BTreeSet::new());
                        match it.exec_block(fr, body) {
                            Flow::Break | Flow::Continue => Flow::Normal,
                            other => other,
                        }
                    },
                    |_, _| Flow::Normal,
                );
            }
            let text = stmt
                .child_by_field_name("right")
                .map(|r| self.text(frame.module, r).to_string())
                .unwrap_or_default();
            self.note(
                frame.module,
                stmt,
                format!("`for` over `{text}`, which cannot be evaluated statically: what its body builds is missing"),
            );
            return Flow::Normal;
        };
        if items.len() > MAX_LOOP_ITERATIONS {
            self.warn(
                frame.module,
                stmt,
                format!(
                    "`for` over {} items: only the first {MAX_LOOP_ITERATIONS} are followed",
                    items.len()
                ),
            );
        }
        for item in items.into_iter().take(MAX_LOOP_ITERATIONS) {
            self.bind_target(frame, left, item, BTreeSet::new());
            match self.exec_block(frame, body) {
                Flow::Normal | Flow::Continue => {}
                Flow::Break => return Flow::Normal,
                ret @ Flow::Return(_) => return ret,
            }
        }
        match stmt.child_by_field_name("alternative") {
            Some(alt) => match alt.child_by_field_name("body") {
                Some(b) => self.exec_block(frame, b),
                None => Flow::Normal,
            },
            None => Flow::Normal,
        }
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
    /// the function bodies the hooks' callers walk alike.
    pub fn exec_aug_assignment(&mut self, frame: &mut Frame, node: Node<'static>) {
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
                // Only functions (`view.view_class = cls`) and objects the
                // hooks model keep attributes (a router's
                // `self.trailing_slash = ...`); others are not tracked.
                let (Some(obj), Some(attr)) = (
                    target.child_by_field_name("object"),
                    target.child_by_field_name("attribute"),
                ) else {
                    return;
                };
                let recv = self.eval(frame, obj);
                if let Value::Function(f) = &recv {
                    f.set_attr(self.text(frame.module, attr), value);
                    return;
                }
                if matches!(recv, Value::Host(_)) {
                    let name = self.text(frame.module, attr);
                    let hooks = self.hooks.clone();
                    hooks.set_attribute(self, &recv, name, value);
                }
            }
            "subscript" => self.bind_subscript(frame, target, value),
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
        let container = self.eval(frame, obj);
        let key = self.eval(frame, index);
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
