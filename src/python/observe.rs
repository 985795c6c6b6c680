//! Walks the hooks observe ([`Interp::run_observed`]): a function body run
//! so that the hooks see each call it makes together with the conditions
//! it sits under ([`Guard`]), including code that never runs under the
//! known values, walked as switched off by the names that decide it. Also
//! the conditions of any walk, and the unknowns named after their variable.

use super::interp::{Frame, Guard, Interp, Observed};
use super::statements::Flow;
use super::value::Value;
use std::collections::BTreeSet;
use tree_sitter::Node;

impl Interp {
    /// Runs the body of function `name` in `frame` (its parameters bound)
    /// as an observed walk, and returns what the function returns. Calls
    /// it makes to other functions run as usual, unobserved.
    pub fn run_observed(
        &mut self,
        frame: &mut Frame,
        body: Node<'static>,
        name: &str,
        observed: Observed,
    ) -> Value {
        let outer = self.observed.replace(observed);
        self.begin_returns();
        let last = match self.exec_block(frame, body).undecided() {
            Flow::Return(v) => v,
            _ => Value::None,
        };
        let value = self.end_returns(last, name);
        self.observed = outer;
        value
    }

    /// Runs `f` under `guard`: in an observed walk a guard the hooks read;
    /// otherwise an unknown condition joins those of the code being run.
    pub(super) fn exec_under<T>(
        &mut self,
        frame: &mut Frame,
        guard: Guard,
        f: impl FnOnce(&mut Interp, &mut Frame) -> T,
    ) -> T {
        if self.observed.is_some() {
            self.guards.push(guard);
            let out = f(self, frame);
            self.guards.pop();
            return out;
        }
        match guard {
            Guard::Unknown(text) => {
                self.conditions.push(text);
                let out = f(self, frame);
                self.conditions.pop();
                out
            }
            Guard::Off(_) => f(self, frame),
        }
    }

    /// Code that never runs under the known values `names`, walked for
    /// what it would do: what it binds is dropped afterwards.
    pub(super) fn off_path<T>(
        &mut self,
        frame: &mut Frame,
        names: Vec<String>,
        f: impl FnOnce(&mut Interp, &mut Frame) -> T,
    ) -> T {
        let before = self.scope_snapshot(frame);
        let out = self.exec_under(frame, Guard::Off(names), f);
        self.restore_scope(frame, before);
        out
    }

    /// The module-level names a condition reads (`MUTATIONS_ENABLED`,
    /// `settings` of `settings.FLAG`), or its text when it reads none.
    pub(super) fn deciding_names(&self, frame: &Frame, cond: Node<'static>) -> Vec<String> {
        let mut out = Vec::new();
        self.module_names_read(frame, cond, &mut out);
        if out.is_empty() {
            out.push(self.text(frame.module, cond).to_string());
        }
        out
    }

    fn module_names_read(&self, frame: &Frame, node: Node<'static>, out: &mut Vec<String>) {
        match node.kind() {
            "identifier" => {
                let name = self.text(frame.module, node).to_string();
                let local = frame.locals.as_ref().is_some_and(|l| l.contains_key(&name));
                if !local
                    && self.modules[frame.module].scope.contains_key(&name)
                    && !out.contains(&name)
                {
                    out.push(name);
                }
            }
            // `settings.FLAG`: the name the chain starts at.
            "attribute" => {
                if let Some(obj) = node.child_by_field_name("object") {
                    self.module_names_read(frame, obj, out);
                }
            }
            // The callee is not a value the condition tests; its arguments are.
            "call" => {
                if let Some(args) = node.child_by_field_name("arguments") {
                    self.module_names_read(frame, args, out);
                }
            }
            _ => {
                let mut c = node.walk();
                let children: Vec<Node<'static>> = node.named_children(&mut c).collect();
                for child in children {
                    self.module_names_read(frame, child, out);
                }
            }
        }
    }

    /// Binds every name in `target` to an unknown named after itself, so a
    /// placeholder reads `{export_id}` rather than the expression it came
    /// from. Attributes and subscripts are not names: left alone.
    pub(super) fn bind_unknown(&mut self, frame: &mut Frame, target: Node<'static>, why: &str) {
        // `with ... as name`: the alias node is the name itself.
        let is_name = target.kind() == "identifier"
            || (target.kind() == "as_pattern_target" && target.named_child_count() == 0);
        match target.kind() {
            _ if is_name => {
                let name = self.text(frame.module, target).to_string();
                let line = crate::parsing::line_of(target);
                let v = Value::unknown(name.clone(), why);
                self.bind(frame, &name, v, line, BTreeSet::new());
            }
            "attribute" | "subscript" => {}
            _ => {
                let mut c = target.walk();
                let parts: Vec<Node<'static>> = target.named_children(&mut c).collect();
                for part in parts {
                    self.bind_unknown(frame, part, why);
                }
            }
        }
    }

    /// After `name = expr` in an observed walk: an unknown result is named
    /// after the variable.
    pub(super) fn name_unknowns(&mut self, frame: &mut Frame, stmt: Node<'static>) {
        let mut c = stmt.walk();
        let lefts: Vec<Node<'static>> = stmt
            .named_children(&mut c)
            .filter(|child| child.kind() == "assignment")
            .filter_map(|a| a.child_by_field_name("left"))
            .collect();
        for left in lefts {
            self.name_unknown_targets(frame, left);
        }
    }

    fn name_unknown_targets(&mut self, frame: &mut Frame, left: Node<'static>) {
        match left.kind() {
            "identifier" => {
                let name = self.text(frame.module, left);
                let unknown = frame
                    .locals
                    .as_ref()
                    .and_then(|l| l.get(name))
                    .is_some_and(Value::is_unknown);
                if unknown {
                    self.bind_unknown(frame, left, "a value computed while the code runs");
                }
            }
            "pattern_list" | "tuple_pattern" | "list_pattern" => {
                let mut c = left.walk();
                let parts: Vec<Node<'static>> = left.named_children(&mut c).collect();
                for part in parts {
                    self.name_unknown_targets(frame, part);
                }
            }
            _ => {}
        }
    }
}
