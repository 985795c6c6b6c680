//! Control flow: `if`/`elif`/`else`, `try`, `with`, `for` and `while`
//! (`match` is in `patterns`). Where a condition is known, the branch it
//! picks runs (in an observed walk, the others are walked as switched off:
//! `observe`); where it is unknown, module code runs every branch under its
//! condition and a function run for its result (precise flow) joins the
//! paths (`merge`).

use super::interp::{Frame, Guard, Interp};
use super::merge::Path;
use super::statements::Flow;
use super::value::Value;
use std::collections::BTreeSet;
use tree_sitter::Node;

/// Iterations of a `for` loop the evaluator unrolls.
const MAX_LOOP_ITERATIONS: usize = 2_000;

/// A condition (`None` for `else`) and the block it guards.
type Branch = (Option<Node<'static>>, Option<Node<'static>>);

fn named_children(node: Node<'static>) -> Vec<Node<'static>> {
    let mut c = node.walk();
    node.named_children(&mut c).collect()
}

fn block_of(node: Node<'static>) -> Option<Node<'static>> {
    named_children(node)
        .into_iter()
        .find(|b| b.kind() == "block")
}

/// Ends a loop body's `break` and `continue` as the loop takes them.
enum LoopStep {
    Next,
    Stop,
    Leave(Flow),
}

fn loop_step(flow: Flow) -> LoopStep {
    match flow {
        Flow::Normal | Flow::Continue => LoopStep::Next,
        Flow::Break => LoopStep::Stop,
        Flow::Decided(end, names) => match *end {
            Flow::Continue => LoopStep::Next,
            Flow::Break => LoopStep::Stop,
            end => LoopStep::Leave(Flow::Decided(Box::new(end), names)),
        },
        other => LoopStep::Leave(other),
    }
}

impl Interp {
    pub(super) fn exec_opt(&mut self, frame: &mut Frame, block: Option<Node<'static>>) -> Flow {
        block.map_or(Flow::Normal, |b| self.exec_block(frame, b))
    }

    pub(super) fn exec_if(&mut self, frame: &mut Frame, stmt: Node<'static>) -> Flow {
        let mut branches: Vec<Branch> = vec![(
            stmt.child_by_field_name("condition"),
            stmt.child_by_field_name("consequence"),
        )];
        let mut c = stmt.walk();
        for alt in stmt.children_by_field_name("alternative", &mut c) {
            match alt.kind() {
                "elif_clause" => branches.push((
                    alt.child_by_field_name("condition"),
                    alt.child_by_field_name("consequence"),
                )),
                "else_clause" => branches.push((None, alt.child_by_field_name("body"))),
                _ => {}
            }
        }
        if branches[0].0.is_none() {
            return Flow::Normal;
        }
        self.exec_branches(frame, &branches, true)
    }

    /// The first branch whose condition holds. `first`: the `if` itself,
    /// whose unknown condition module code negates for the branches after
    /// it (an `elif`'s is not, as module code has always read them).
    fn exec_branches(&mut self, frame: &mut Frame, branches: &[Branch], first: bool) -> Flow {
        let Some(((cond, body), rest)) = branches.split_first() else {
            return Flow::Normal;
        };
        let Some(cond) = *cond else {
            // `else`: every condition before it was false.
            return self.exec_opt(frame, *body);
        };
        let body = *body;
        let v = self.eval(frame, cond);
        if let Some(known) = v.truthy() {
            return self.exec_known_branch(frame, cond, known, body, rest);
        }
        let text = self.text(frame.module, cond).to_string();
        let not = format!("not ({text})");
        if self.precise_flow {
            let taken: Path = Some(Box::new(move |it, fr| {
                it.exec_under(fr, Guard::Unknown(text), |it, fr| it.exec_opt(fr, body))
            }));
            let others: Path = Some(Box::new(move |it, fr| {
                it.exec_under(fr, Guard::Unknown(not), |it, fr| {
                    it.exec_branches(fr, rest, false)
                })
            }));
            return self.join(frame, vec![taken, others]);
        }
        // Module code: every branch runs, under its condition, so what
        // each defines is kept and marked.
        let flow = self.exec_under(frame, Guard::Unknown(text), |it, fr| it.exec_opt(fr, body));
        match flow {
            Flow::Normal => {}
            // A `return` on this path only: one possible result of the
            // call, which goes on along the other branches; the call's
            // result is what all its paths agree on, never the first.
            Flow::Return(v) if !self.maybe_returns.is_empty() => self.maybe_return(v),
            end => return end,
        }
        if first {
            self.exec_under(frame, Guard::Unknown(not), |it, fr| {
                it.exec_branches(fr, rest, false)
            })
        } else {
            self.exec_branches(frame, rest, false)
        }
    }

    /// A branch whose condition the evaluator knows. In an observed walk
    /// the branches that do not run are walked as switched off by the names
    /// that decide it, and an end the taken branch reaches is decided by them.
    fn exec_known_branch(
        &mut self,
        frame: &mut Frame,
        cond: Node<'static>,
        known: bool,
        body: Option<Node<'static>>,
        rest: &[Branch],
    ) -> Flow {
        if self.observed.is_none() {
            return if known {
                self.exec_opt(frame, body)
            } else {
                self.exec_branches(frame, rest, false)
            };
        }
        let names = self.deciding_names(frame, cond);
        let flow = if known {
            self.off_path(frame, names.clone(), |it, fr| {
                for (c, b) in rest {
                    if let Some(c) = c {
                        it.eval(fr, *c);
                    }
                    it.exec_opt(fr, *b);
                }
            });
            self.exec_opt(frame, body)
        } else {
            if let Some(b) = body {
                self.off_path(frame, names.clone(), |it, fr| it.exec_block(fr, b));
            }
            self.exec_branches(frame, rest, false)
        };
        match flow {
            Flow::Normal | Flow::Decided(..) => flow,
            end => Flow::Decided(Box::new(end), names),
        }
    }

    /// The `try` body. A raise the evaluator knows of (`exceptions`) skips
    /// the rest of the body and runs the handler that catches it; `else`
    /// runs when nothing was raised, `finally` always. Otherwise, with
    /// precise flow in a function each `except` handler is another path
    /// (joined with the body's), then `finally`; module code keeps the body
    /// alone: its handlers are the fallbacks of imports (`except
    /// ImportError:`), not another value.
    pub(super) fn exec_try(&mut self, frame: &mut Frame, stmt: Node<'static>) -> Flow {
        let body = stmt.child_by_field_name("body");
        let parts = named_children(stmt);
        let clauses: Vec<(Vec<String>, Node<'static>)> = parts
            .iter()
            .filter(|p| matches!(p.kind(), "except_clause" | "except_group_clause"))
            .filter_map(|p| Some((self.handler_names(frame.module, *p), block_of(*p)?)))
            .collect();
        let else_block = parts
            .iter()
            .find(|p| p.kind() == "else_clause")
            .and_then(|p| block_of(*p));
        let finally = parts
            .iter()
            .find(|p| p.kind() == "finally_clause")
            .and_then(|p| block_of(*p));
        let flow = if self.precise_flow && frame.locals.is_some() {
            self.try_paths(frame, stmt, body, else_block, clauses)
        } else {
            self.try_known(frame, body, else_block, &clauses)
        };
        self.exec_finally(frame, finally, flow)
    }

    /// The body, then the handler of an exception it is known to raise, or
    /// else `else`.
    fn try_known(
        &mut self,
        frame: &mut Frame,
        body: Option<Node<'static>>,
        else_block: Option<Node<'static>>,
        clauses: &[(Vec<String>, Node<'static>)],
    ) -> Flow {
        self.catching
            .push(clauses.iter().map(|(names, _)| names.clone()).collect());
        let flow = self.exec_opt(frame, body);
        self.catching.pop();
        if let Some(exc) = self.raised.clone() {
            let handler = clauses
                .iter()
                .find(|(names, _)| super::exceptions::catches(names, &exc));
            return match handler {
                Some((_, h)) => {
                    self.raised = None;
                    self.bind_caught(frame, *h, exc);
                    self.exec_block(frame, *h)
                }
                None => flow,
            };
        }
        match flow {
            Flow::Normal => self.exec_opt(frame, else_block),
            flow => flow,
        }
    }

    /// `except E as name`: `name` is the exception the handler caught.
    fn bind_caught(&mut self, frame: &mut Frame, handler: Node<'static>, class: String) {
        let alias = handler.parent().and_then(|clause| {
            let mut c = clause.walk();
            let found = clause
                .named_children(&mut c)
                .find(|n| n.kind() == "as_pattern")
                .and_then(|p| p.child_by_field_name("alias"));
            found
        });
        if let Some(alias) = alias {
            let name = self.text(frame.module, alias).to_string();
            let caught = Value::Host(std::rc::Rc::new(super::stdlib::CaughtException { class }));
            self.bind(
                frame,
                &name,
                caught,
                crate::parsing::line_of(alias),
                BTreeSet::new(),
            );
        }
    }

    /// Precise flow: the body (with what it is known to raise) and each
    /// handler, under its `except` as a condition, are paths joined.
    fn try_paths(
        &mut self,
        frame: &mut Frame,
        stmt: Node<'static>,
        body: Option<Node<'static>>,
        else_block: Option<Node<'static>>,
        clauses: Vec<(Vec<String>, Node<'static>)>,
    ) -> Flow {
        let known = clauses.clone();
        let mut paths: Vec<Path> = vec![Some(Box::new(move |it, fr| {
            it.try_known(fr, body, else_block, &known)
        }))];
        for part in named_children(stmt) {
            if !matches!(part.kind(), "except_clause" | "except_group_clause") {
                continue;
            }
            let head = part
                .named_child(0)
                .filter(|n| n.kind() != "block")
                .map(|n| self.text(frame.module, n))
                .unwrap_or_default();
            let text = format!("except {head}").trim_end().to_string();
            if let Some(b) = block_of(part) {
                paths.push(Some(Box::new(move |it, fr| {
                    it.exec_under(fr, Guard::Unknown(text), |it, fr| it.exec_block(fr, b))
                })));
            }
        }
        self.join(frame, paths)
    }

    /// `finally` after a `try` ended with `flow`: it runs even while an
    /// exception unwinds, and its own `return` or `raise` wins.
    fn exec_finally(
        &mut self,
        frame: &mut Frame,
        finally: Option<Node<'static>>,
        flow: Flow,
    ) -> Flow {
        let unwinding = self.raised.take();
        let own = self.exec_opt(frame, finally);
        if self.raised.is_none() {
            self.raised = unwinding;
        }
        match own {
            end @ (Flow::Return(_) | Flow::Raise) => end,
            _ => flow,
        }
    }

    /// `with a as b:`: the context expressions evaluated for what their
    /// calls do, each alias an unknown named after itself, then the body.
    pub(super) fn exec_with(&mut self, frame: &mut Frame, stmt: Node<'static>) -> Flow {
        let clause = named_children(stmt)
            .into_iter()
            .find(|c| c.kind() == "with_clause");
        let mut suppressed = Vec::new();
        for item in clause.map(named_children).unwrap_or_default() {
            let Some(value) = item.child_by_field_name("value") else {
                continue;
            };
            if let Some(names) = self.suppressed_names(frame, value) {
                suppressed.extend(names);
                continue;
            }
            if value.kind() == "as_pattern" {
                if let Some(expr) = value.named_child(0) {
                    self.eval(frame, expr);
                }
                if let Some(alias) = value.child_by_field_name("alias") {
                    self.bind_unknown(frame, alias, "the value of a context manager");
                }
            } else {
                self.eval(frame, value);
            }
        }
        let body = stmt.child_by_field_name("body");
        if suppressed.is_empty() {
            return self.exec_opt(frame, body);
        }
        // `contextlib.suppress(E)` is a `try` whose handler is empty: what
        // the body is known to raise ends the block, and the code after
        // it runs.
        self.catching.push(vec![suppressed.clone()]);
        let flow = self.exec_opt(frame, body);
        self.catching.pop();
        match self.raised.clone() {
            Some(exc) if super::exceptions::catches(&suppressed, &exc) => {
                self.raised = None;
                Flow::Normal
            }
            _ => flow,
        }
    }

    /// The exception classes of a `contextlib.suppress(...)` context
    /// manager, by their last dotted segment; `None` for another one.
    fn suppressed_names(&mut self, frame: &mut Frame, value: Node<'static>) -> Option<Vec<String>> {
        if value.kind() != "call" {
            return None;
        }
        let callee = self.eval(frame, value.child_by_field_name("function")?);
        if !matches!(&callee, Value::External(d) if d == "contextlib.suppress") {
            return None;
        }
        let args = value.child_by_field_name("arguments")?;
        let names: Vec<String> = named_children(args)
            .into_iter()
            .map(|a| {
                let text = self.text(frame.module, a);
                text.rsplit('.').next().unwrap_or(text).to_string()
            })
            .collect();
        Some(names)
    }

    /// A `for` statement's target, body, and the items it iterates when
    /// known (a dict iterates its keys). `None` for a malformed statement.
    fn for_parts(
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
    /// runs them). Over an unknown value, with precise flow, the body once
    /// over unknown items or not at all; in module code, a warning: what
    /// the body would build is missing. An observed walk unrolls only
    /// short lists (see [`super::interp::Observed`]).
    pub(super) fn exec_for(&mut self, frame: &mut Frame, stmt: Node<'static>) -> Flow {
        let Some((left, body, items)) = self.for_parts(frame, stmt) else {
            return Flow::Normal;
        };
        let items = match (items, self.observed) {
            (Some(items), Some(o)) if items.is_empty() || items.len() > o.max_unroll => None,
            (items, _) => items,
        };
        let Some(items) = items else {
            if self.precise_flow {
                return self.once_or_never(frame, body, Some(left));
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
            match loop_step(self.exec_block(frame, body)) {
                LoopStep::Next => {}
                LoopStep::Stop => return Flow::Normal,
                LoopStep::Leave(end) => return end,
            }
        }
        match stmt.child_by_field_name("alternative") {
            Some(alt) => self.exec_opt(frame, alt.child_by_field_name("body")),
            None => Flow::Normal,
        }
    }

    /// A loop body run once (its targets unknown items) or not at all.
    fn once_or_never(
        &mut self,
        frame: &mut Frame,
        body: Node<'static>,
        target: Option<Node<'static>>,
    ) -> Flow {
        let once: Path = Some(Box::new(move |it, fr| {
            if let Some(t) = target {
                it.bind_unknown(fr, t, "an item of an unknown iterable");
            }
            it.exec_block(fr, body)
        }));
        self.join(frame, vec![once, None])
    }

    /// `while`: the body is not followed round; with precise flow it runs
    /// once or not at all, unless the condition is known false (then, in
    /// an observed walk, it is switched off). Module code leaves it out,
    /// with a warning.
    pub(super) fn exec_while(&mut self, frame: &mut Frame, stmt: Node<'static>) -> Flow {
        let (Some(cond), Some(body)) = (
            stmt.child_by_field_name("condition"),
            stmt.child_by_field_name("body"),
        ) else {
            return Flow::Normal;
        };
        if self.eval(frame, cond).truthy() == Some(false) {
            if self.observed.is_some() {
                let names = self.deciding_names(frame, cond);
                self.off_path(frame, names, |it, fr| it.exec_block(fr, body));
            }
            return Flow::Normal;
        }
        if self.precise_flow {
            return self.once_or_never(frame, body, None);
        }
        let text = self.text(frame.module, cond).to_string();
        self.note(
            frame.module,
            stmt,
            format!("`while {text}` is not followed: what its body builds is missing"),
        );
        Flow::Normal
    }
}
