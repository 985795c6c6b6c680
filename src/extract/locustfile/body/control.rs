//! The statement walker's control flow: blocks, branches, loops, `try`,
//! `with` and `match`, each walked with the conditions it sits under, and
//! the module constants that decide a branch.

use super::bindings::{bind_target, bind_unknown, children, name_unknowns};
use crate::extract::locustfile::state::{Guard, LocustHooks};
use crate::python::{Frame, Interp, Value};
use tree_sitter::Node;

/// Items of a `for` loop over a known list that are walked one by one.
const MAX_UNROLL: usize = 20;

/// How a statement ends.
pub(super) enum Flow {
    Normal,
    /// `return` (or `raise`). `flags`: the return is taken because of known
    /// module constants, so what follows is switched off by them.
    Return {
        value: Value,
        flags: Option<Vec<String>>,
    },
}

pub(super) fn walk_block(
    it: &mut Interp,
    hooks: &LocustHooks,
    frame: &mut Frame,
    block: Node<'static>,
) -> Flow {
    let stmts = children(block);
    for (i, stmt) in stmts.iter().enumerate() {
        match walk_stmt(it, hooks, frame, *stmt) {
            Flow::Normal => {}
            Flow::Return {
                value,
                flags: Some(flags),
            } => {
                // What follows never runs under the current constants: walk
                // it to report its requests as switched off by them.
                with_guard(hooks, Guard::Off(flags.clone()), || {
                    for s in &stmts[i + 1..] {
                        walk_stmt(it, hooks, frame, *s);
                    }
                });
                return Flow::Return {
                    value,
                    flags: Some(flags),
                };
            }
            ret => return ret,
        }
    }
    Flow::Normal
}

fn with_guard<T>(hooks: &LocustHooks, guard: Guard, f: impl FnOnce() -> T) -> T {
    hooks.state.borrow_mut().guards.push(guard);
    let out = f();
    hooks.state.borrow_mut().guards.pop();
    out
}

fn walk_stmt(it: &mut Interp, hooks: &LocustHooks, frame: &mut Frame, stmt: Node<'static>) -> Flow {
    match stmt.kind() {
        "expression_statement" => {
            walk_expression(it, frame, stmt);
            Flow::Normal
        }
        "if_statement" => walk_if(it, hooks, frame, stmt),
        "with_statement" => walk_with(it, hooks, frame, stmt),
        "for_statement" => walk_for(it, hooks, frame, stmt),
        "while_statement" => {
            walk_while(it, hooks, frame, stmt);
            Flow::Normal
        }
        "try_statement" => walk_try(it, hooks, frame, stmt),
        "return_statement" => {
            let value = match stmt.named_child(0) {
                Some(e) => it.eval(frame, e),
                None => Value::None,
            };
            Flow::Return { value, flags: None }
        }
        "raise_statement" => {
            if let Some(e) = stmt.named_child(0) {
                it.eval(frame, e);
            }
            Flow::Return {
                value: Value::None,
                flags: None,
            }
        }
        "match_statement" => {
            walk_match(it, hooks, frame, stmt);
            Flow::Normal
        }
        "block" => walk_block(it, hooks, frame, stmt),
        "assert_statement" => {
            for c in children(stmt) {
                it.eval(frame, c);
            }
            Flow::Normal
        }
        // Definitions inside a task, imports, pass, break, continue, global:
        // nothing is requested by them.
        _ => Flow::Normal,
    }
}

/// The shared execution of the statement; then assignments name their
/// unknown results after the variable.
fn walk_expression(it: &mut Interp, frame: &mut Frame, stmt: Node<'static>) {
    it.exec_expression_statement(frame, stmt);
    for child in children(stmt) {
        if child.kind() == "assignment" {
            if let Some(left) = child.child_by_field_name("left") {
                name_unknowns(it, frame, left);
            }
        }
    }
}

/// `with a as b:`: the context expressions evaluated, the aliases unknown.
fn walk_with(it: &mut Interp, hooks: &LocustHooks, frame: &mut Frame, stmt: Node<'static>) -> Flow {
    if let Some(clause) = children(stmt)
        .into_iter()
        .find(|c| c.kind() == "with_clause")
    {
        for item in children(clause) {
            let Some(value) = item.child_by_field_name("value") else {
                continue;
            };
            if value.kind() == "as_pattern" {
                if let Some(expr) = value.named_child(0) {
                    it.eval(frame, expr);
                }
                if let Some(alias) = value.child_by_field_name("alias") {
                    bind_unknown(it, frame, alias);
                }
            } else {
                it.eval(frame, value);
            }
        }
    }
    match stmt.child_by_field_name("body") {
        Some(b) => walk_block(it, hooks, frame, b),
        None => Flow::Normal,
    }
}

/// The body once; switched off when the condition is known false.
fn walk_while(it: &mut Interp, hooks: &LocustHooks, frame: &mut Frame, stmt: Node<'static>) {
    let cond = stmt.child_by_field_name("condition");
    let known_false = cond.map(|c| it.eval(frame, c).truthy() == Some(false));
    let body = stmt.child_by_field_name("body");
    if let Some(b) = body {
        if known_false == Some(true) {
            let flags = cond.map(|c| flags_of(it, frame, c)).unwrap_or_default();
            with_guard(hooks, Guard::Off(flags), || walk_block(it, hooks, frame, b));
        } else {
            walk_block(it, hooks, frame, b);
        }
    }
}

/// The `try` body, then every handler under its `except` clause as an
/// unknown condition; `else` and `finally` as they are.
fn walk_try(it: &mut Interp, hooks: &LocustHooks, frame: &mut Frame, stmt: Node<'static>) -> Flow {
    let mut flow = Flow::Normal;
    if let Some(b) = stmt.child_by_field_name("body") {
        flow = walk_block(it, hooks, frame, b);
    }
    for part in children(stmt) {
        match part.kind() {
            "except_clause" | "except_group_clause" => {
                let head = part
                    .named_child(0)
                    .filter(|n| n.kind() != "block")
                    .map(|n| it.node_text(frame.module, n))
                    .unwrap_or_default();
                let text = format!("except {head}").trim_end().to_string();
                if let Some(b) = children(part).into_iter().find(|n| n.kind() == "block") {
                    with_guard(hooks, Guard::Unknown(text), || {
                        walk_block(it, hooks, frame, b)
                    });
                }
            }
            "else_clause" | "finally_clause" => {
                if let Some(b) = children(part).into_iter().find(|n| n.kind() == "block") {
                    walk_block(it, hooks, frame, b);
                }
            }
            _ => {}
        }
    }
    flow
}

/// Every `case` under its pattern as an unknown condition.
fn walk_match(it: &mut Interp, hooks: &LocustHooks, frame: &mut Frame, stmt: Node<'static>) {
    let Some(body) = stmt.child_by_field_name("body") else {
        return;
    };
    for case in children(body) {
        let text = case
            .named_child(0)
            .map(|p| format!("case {}", it.node_text(frame.module, p)))
            .unwrap_or_else(|| "case".to_string());
        if let Some(b) = case.child_by_field_name("consequence") {
            with_guard(hooks, Guard::Unknown(text), || {
                walk_block(it, hooks, frame, b)
            });
        }
    }
}

/// `if` / `elif` / `else`, with what the evaluator knows of each condition.
fn walk_if(it: &mut Interp, hooks: &LocustHooks, frame: &mut Frame, stmt: Node<'static>) -> Flow {
    let mut c = stmt.walk();
    let alternatives: Vec<Node<'static>> =
        stmt.children_by_field_name("alternative", &mut c).collect();
    let mut branches: Vec<(Option<Node<'static>>, Option<Node<'static>>)> = vec![(
        stmt.child_by_field_name("condition"),
        stmt.child_by_field_name("consequence"),
    )];
    for alt in alternatives {
        match alt.kind() {
            "elif_clause" => branches.push((
                alt.child_by_field_name("condition"),
                alt.child_by_field_name("consequence"),
            )),
            "else_clause" => branches.push((None, alt.child_by_field_name("body"))),
            _ => {}
        }
    }
    walk_branches(it, hooks, frame, &branches)
}

fn walk_branches(
    it: &mut Interp,
    hooks: &LocustHooks,
    frame: &mut Frame,
    branches: &[(Option<Node<'static>>, Option<Node<'static>>)],
) -> Flow {
    let Some(((cond, body), rest)) = branches.split_first() else {
        return Flow::Normal;
    };
    let Some(cond) = cond else {
        // `else`: taken because every condition before it was false.
        return body.map_or(Flow::Normal, |b| walk_block(it, hooks, frame, b));
    };
    let v = it.eval(frame, *cond);
    match v.truthy() {
        Some(known) => {
            let flags = flags_of(it, frame, *cond);
            let flow = if known {
                // Later branches never run.
                with_guard(hooks, Guard::Off(flags.clone()), || {
                    for (c, b) in rest {
                        if let Some(c) = c {
                            it.eval(frame, *c);
                        }
                        if let Some(b) = b {
                            walk_block(it, hooks, frame, *b);
                        }
                    }
                });
                body.map_or(Flow::Normal, |b| walk_block(it, hooks, frame, b))
            } else {
                if let Some(b) = body {
                    with_guard(hooks, Guard::Off(flags.clone()), || {
                        walk_block(it, hooks, frame, *b)
                    });
                }
                walk_branches(it, hooks, frame, rest)
            };
            // A return taken because of known constants switches off what follows.
            match flow {
                Flow::Return { value, flags: None } => Flow::Return {
                    value,
                    flags: Some(flags),
                },
                other => other,
            }
        }
        None => {
            let text = it.node_text(frame.module, *cond);
            let first = body.map_or(Flow::Normal, |b| {
                with_guard(hooks, Guard::Unknown(text.clone()), || {
                    walk_block(it, hooks, frame, b)
                })
            });
            let others = with_guard(hooks, Guard::Unknown(format!("not ({text})")), || {
                walk_branches(it, hooks, frame, rest)
            });
            // Either branch may run: the code after runs unless both return.
            match (first, others) {
                (Flow::Return { value, .. }, Flow::Return { .. }) if !rest.is_empty() => {
                    Flow::Return { value, flags: None }
                }
                _ => Flow::Normal,
            }
        }
    }
}

fn walk_for(it: &mut Interp, hooks: &LocustHooks, frame: &mut Frame, stmt: Node<'static>) -> Flow {
    let Some((left, body, items)) = it.for_parts(frame, stmt) else {
        return Flow::Normal;
    };
    match items {
        Some(items) if !items.is_empty() && items.len() <= MAX_UNROLL => {
            for item in items {
                bind_target(it, frame, left, item);
                if let ret @ Flow::Return { .. } = walk_block(it, hooks, frame, body) {
                    return ret;
                }
            }
        }
        _ => {
            // Unknown or long iterable: the body once, its loop variables unknown.
            bind_unknown(it, frame, left);
            if let ret @ Flow::Return { .. } = walk_block(it, hooks, frame, body) {
                return ret;
            }
        }
    }
    Flow::Normal
}

/// Module-level names a condition reads (`MUTATIONS_ENABLED`), or its text
/// when it reads none.
fn flags_of(it: &mut Interp, frame: &Frame, cond: Node<'static>) -> Vec<String> {
    let mut out = Vec::new();
    collect_names(it, frame, cond, &mut out);
    if out.is_empty() {
        out.push(it.node_text(frame.module, cond));
    }
    out
}

fn collect_names(it: &Interp, frame: &Frame, node: Node<'static>, out: &mut Vec<String>) {
    match node.kind() {
        "identifier" => {
            let name = it.node_text(frame.module, node);
            let local = frame.locals.as_ref().is_some_and(|l| l.contains_key(&name));
            if !local && it.modules[frame.module].scope.contains_key(&name) && !out.contains(&name)
            {
                out.push(name);
            }
        }
        "attribute" => {
            // `settings.FLAG`: the whole dotted name when it starts at a module name.
            if let Some(obj) = node.child_by_field_name("object") {
                collect_names(it, frame, obj, out);
            }
        }
        "call" => {
            if let Some(args) = node.child_by_field_name("arguments") {
                collect_names(it, frame, args, out);
            }
        }
        _ => {
            for c in children(node) {
                collect_names(it, frame, c, out);
            }
        }
    }
}
