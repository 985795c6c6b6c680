//! Comprehensions: `[... for ... in ... if ...]`, their set, dict and
//! generator forms, run as Python runs them (clauses nested left to right,
//! the loop variables in a scope of their own) within the step budget.
//! One that iterates or filters on an unknown value is unknown, with a
//! warning where it matters (see `Interp::note`): the entries it builds
//! are missing, never guessed.

use super::interp::{Frame, Interp};
use super::value::Value;
use std::collections::BTreeSet;
use tree_sitter::Node;

/// Items one comprehension may produce (as a `for` loop may iterate).
const MAX_COMPREHENSION_ITEMS: usize = 2_000;

/// What the comprehension builds: a list of items or a dict of pairs.
enum Built {
    Items(Vec<Value>),
    Pairs(Vec<(Value, Value)>),
}

impl Interp {
    /// Evaluates a `list_comprehension`, `set_comprehension`,
    /// `generator_expression` (as a list: code iterates it once) or
    /// `dictionary_comprehension`.
    pub(super) fn eval_comprehension(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let m = frame.module;
        let Some(body) = node.child_by_field_name("body") else {
            return Value::unknown(self.text(m, node), "malformed comprehension");
        };
        let mut c = node.walk();
        let clauses: Vec<Node<'static>> = node
            .named_children(&mut c)
            .filter(|n| matches!(n.kind(), "for_in_clause" | "if_clause"))
            .collect();
        // The loop variables live in a scope of their own that sees the
        // enclosing function's locals (and, through them, the module).
        let mut inner = Frame {
            module: m,
            locals: Some(frame.locals.clone().unwrap_or_default()),
        };
        let mut out = if node.kind() == "dictionary_comprehension" {
            Built::Pairs(Vec::new())
        } else {
            Built::Items(Vec::new())
        };
        if let Err(why) = self.run_clauses(&mut inner, &clauses, body, &mut out) {
            let text: String = self.text(m, node).chars().take(200).collect();
            self.note(
                m,
                node,
                format!("comprehension cannot be evaluated statically ({why}); what it builds is missing"),
            );
            return Value::unknown(text, why);
        }
        match out {
            Built::Items(items) if node.kind() == "set_comprehension" => {
                let mut unique: Vec<Value> = Vec::new();
                for i in items {
                    if !unique
                        .iter()
                        .any(|u| super::operators::values_equal(u, &i) == Some(true))
                    {
                        unique.push(i);
                    }
                }
                Value::list(unique)
            }
            Built::Items(items) => Value::list(items),
            Built::Pairs(pairs) => {
                let d = Value::dict(Vec::new());
                if let Value::Dict(cell) = &d {
                    for (k, v) in pairs {
                        super::builtins::dict_set(cell, k, v);
                    }
                }
                d
            }
        }
    }

    /// Runs the clauses from the first; at the end of them, evaluates the
    /// body into `out`. `Err` says why the result cannot be known.
    fn run_clauses(
        &mut self,
        frame: &mut Frame,
        clauses: &[Node<'static>],
        body: Node<'static>,
        out: &mut Built,
    ) -> Result<(), String> {
        let Some((clause, rest)) = clauses.split_first() else {
            return self.emit(frame, body, out);
        };
        let m = frame.module;
        if clause.kind() == "if_clause" {
            let Some(cond) = clause.named_child(0) else {
                return Ok(());
            };
            return match self.eval(frame, cond).truthy() {
                Some(true) => self.run_clauses(frame, rest, body, out),
                Some(false) => Ok(()),
                None => Err(format!("the condition `{}` is unknown", self.text(m, cond))),
            };
        }
        let (Some(left), Some(right)) = (
            clause.child_by_field_name("left"),
            clause.child_by_field_name("right"),
        ) else {
            return Ok(());
        };
        let items = self.eval(frame, right).iterated().ok_or_else(|| {
            format!(
                "it iterates over `{}`, which is not known",
                self.text(m, right)
            )
        })?;
        for item in items {
            self.bind_target(frame, left, item, BTreeSet::new());
            self.run_clauses(frame, rest, body, out)?;
            if self.budget.steps_left == 0 {
                return Err("evaluation budget spent".into());
            }
        }
        Ok(())
    }

    fn emit(
        &mut self,
        frame: &mut Frame,
        body: Node<'static>,
        out: &mut Built,
    ) -> Result<(), String> {
        let len = match out {
            Built::Items(i) => i.len(),
            Built::Pairs(p) => p.len(),
        };
        if len >= MAX_COMPREHENSION_ITEMS {
            return Err(format!("more than {MAX_COMPREHENSION_ITEMS} items"));
        }
        match out {
            Built::Items(items) => items.push(self.eval(frame, body)),
            Built::Pairs(pairs) => {
                let (Some(k), Some(v)) = (
                    body.child_by_field_name("key"),
                    body.child_by_field_name("value"),
                ) else {
                    return Ok(());
                };
                let k = self.eval(frame, k);
                let v = self.eval(frame, v);
                pairs.push((k, v));
            }
        }
        Ok(())
    }
}
