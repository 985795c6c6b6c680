//! The statement walker's control flow: blocks, branches, loops, `try`,
//! `with` and `match`, each walked with the conditions it sits under, and
//! the module constants that decide a branch. Paths that may each run are
//! walked from the same state and joined (`join_paths`); code that never
//! runs is walked for its requests and leaves no binding behind.

use super::bindings::{bind_target, bind_unknown, children, name_unknowns};
use crate::extract::locustfile::state::{Guard, LocustHooks};
use crate::python::merge::{merge_scopes, Scope};
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
                off_path(it, hooks, frame, flags.clone(), |it, frame| {
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

/// Code that never runs under the known constants, walked for the requests
/// it would make: what it binds is dropped afterwards.
fn off_path<T>(
    it: &mut Interp,
    hooks: &LocustHooks,
    frame: &mut Frame,
    flags: Vec<String>,
    f: impl FnOnce(&mut Interp, &mut Frame) -> T,
) -> T {
    let before = it.scope_snapshot(frame);
    let out = with_guard(hooks, Guard::Off(flags), || f(it, frame));
    it.restore_scope(frame, before);
    out
}

/// Paths that may each run, walked from the same state and joined: a name
/// they bind differently becomes an unknown named after itself, and a
/// `return` some of them take is a possible result of the function.
/// `None` in `paths` is the path that runs nothing (no loop iteration, no
/// matching `case`).
fn join_paths<'a>(it: &mut Interp, frame: &mut Frame, paths: Vec<Path<'a>>) -> Flow {
    let before = it.scope_snapshot(frame);
    let mut falls_through: Vec<Scope> = Vec::new();
    let mut returned: Vec<Value> = Vec::new();
    for path in paths {
        it.restore_scope(frame, before.clone());
        match path.map_or(Flow::Normal, |p| p(it, frame)) {
            Flow::Normal => falls_through.push(it.scope_snapshot(frame)),
            Flow::Return { value, .. } => returned.push(value),
        }
    }
    let Some(first) = falls_through.pop() else {
        // Every path returns: the last one's value, the others possible.
        let last = returned.pop().unwrap_or(Value::None);
        for v in returned {
            it.maybe_return(v);
        }
        it.restore_scope(frame, before);
        return Flow::Return {
            value: last,
            flags: None,
        };
    };
    for v in returned {
        it.maybe_return(v);
    }
    let merged = falls_through.into_iter().fold(first, merge_scopes);
    it.restore_scope(frame, merged);
    Flow::Normal
}

type Path<'a> = Option<Box<dyn FnOnce(&mut Interp, &mut Frame) -> Flow + 'a>>;

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
            off_path(it, hooks, frame, flags, |it, frame| {
                walk_block(it, hooks, frame, b)
            });
        } else {
            // The body once, or not at all.
            let once: Path = Some(Box::new(move |it, frame| walk_block(it, hooks, frame, b)));
            join_paths(it, frame, vec![once, None]);
        }
    }
}

/// The `try` body, then every handler under its `except` clause as an
/// unknown condition; `else` and `finally` as they are.
fn walk_try(it: &mut Interp, hooks: &LocustHooks, frame: &mut Frame, stmt: Node<'static>) -> Flow {
    let block_of = |n: Node<'static>| children(n).into_iter().find(|b| b.kind() == "block");
    let parts = children(stmt);
    let else_block = parts
        .iter()
        .find(|p| p.kind() == "else_clause")
        .and_then(|p| block_of(*p));
    // The body (then `else`) is one path; each handler another, from the
    // state before the body, as an exception may come before anything it binds.
    let mut paths: Vec<Path> = vec![Some(Box::new(move |it, frame| {
        let flow = match stmt.child_by_field_name("body") {
            Some(b) => walk_block(it, hooks, frame, b),
            None => Flow::Normal,
        };
        match (flow, else_block) {
            (Flow::Normal, Some(e)) => walk_block(it, hooks, frame, e),
            (flow, _) => flow,
        }
    }))];
    for part in &parts {
        if !matches!(part.kind(), "except_clause" | "except_group_clause") {
            continue;
        }
        let head = part
            .named_child(0)
            .filter(|n| n.kind() != "block")
            .map(|n| it.node_text(frame.module, n))
            .unwrap_or_default();
        let text = format!("except {head}").trim_end().to_string();
        if let Some(b) = block_of(*part) {
            paths.push(Some(Box::new(move |it, frame| {
                with_guard(hooks, Guard::Unknown(text), || {
                    walk_block(it, hooks, frame, b)
                })
            })));
        }
    }
    let flow = join_paths(it, frame, paths);
    let finally = parts
        .iter()
        .find(|p| p.kind() == "finally_clause")
        .and_then(|p| block_of(*p));
    match finally.map(|b| walk_block(it, hooks, frame, b)) {
        Some(ret @ Flow::Return { .. }) => ret,
        _ => flow,
    }
}

/// Every `case` under its pattern as an unknown condition.
fn walk_match(it: &mut Interp, hooks: &LocustHooks, frame: &mut Frame, stmt: Node<'static>) {
    let Some(body) = stmt.child_by_field_name("body") else {
        return;
    };
    // Each case is a path; so is matching none.
    let mut paths: Vec<Path> = vec![None];
    for case in children(body) {
        let text = case
            .named_child(0)
            .map(|p| format!("case {}", it.node_text(frame.module, p)))
            .unwrap_or_else(|| "case".to_string());
        if let Some(b) = case.child_by_field_name("consequence") {
            paths.push(Some(Box::new(move |it, frame| {
                with_guard(hooks, Guard::Unknown(text), || {
                    walk_block(it, hooks, frame, b)
                })
            })));
        }
    }
    join_paths(it, frame, paths);
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
                off_path(it, hooks, frame, flags.clone(), |it, frame| {
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
                    off_path(it, hooks, frame, flags.clone(), |it, frame| {
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
            // Either branch may run: the code after runs unless both return.
            let text = it.node_text(frame.module, *cond);
            let not = format!("not ({text})");
            let body = *body;
            let first: Path = Some(Box::new(move |it, frame| {
                body.map_or(Flow::Normal, |b| {
                    with_guard(hooks, Guard::Unknown(text), || {
                        walk_block(it, hooks, frame, b)
                    })
                })
            }));
            let others: Path = Some(Box::new(move |it, frame| {
                with_guard(hooks, Guard::Unknown(not), || {
                    walk_branches(it, hooks, frame, rest)
                })
            }));
            join_paths(it, frame, vec![first, others])
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
            // Unknown or long iterable: the body once, its loop variables
            // unknown; or not at all.
            let once: Path = Some(Box::new(move |it, frame| {
                bind_unknown(it, frame, left);
                walk_block(it, hooks, frame, body)
            }));
            return join_paths(it, frame, vec![once, None]);
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
