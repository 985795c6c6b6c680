//! Walking the body of a task (or `on_start`, or a method it calls) to find
//! its requests. Expressions go to the shared evaluator, whose Locust hooks
//! record every `client` call; the statements are walked here so that a
//! branch the evaluator knows is never taken (`if MUTATIONS_ENABLED:` with
//! the constant False, or the code after `if not MUTATIONS_ENABLED: return`)
//! still yields its requests, marked with the flags that switch them off.
//! Commented-out requests in the body are read as code and marked disabled.

use super::state::{Ctx, Guard, LocustHooks, SELF};
use crate::parsing::queries::queries;
use crate::python::value::{ClassRef, FuncRef};
use crate::python::{Args, Frame, Interp, Value};
use std::collections::BTreeSet;
use tree_sitter::{Node, Point, QueryCursor, Range, StreamingIterator};

/// Items of a `for` loop over a known list that are walked one by one.
const MAX_UNROLL: usize = 20;
/// Lines a commented-out call may span.
const MAX_COMMENT_CALL_LINES: usize = 40;

/// How a statement ends.
enum Flow {
    Normal,
    /// `return` (or `raise`). `flags`: the return is taken because of known
    /// module constants, so what follows is switched off by them.
    Return {
        value: Value,
        flags: Option<Vec<String>>,
    },
}

/// A method `name` as `class` resolves it: (defining class, function).
pub fn find_method(it: &mut Interp, class: &ClassRef, name: &str) -> Option<(ClassRef, FuncRef)> {
    find_method_depth(it, class, name, 0)
}

fn find_method_depth(
    it: &mut Interp,
    class: &ClassRef,
    name: &str,
    depth: usize,
) -> Option<(ClassRef, FuncRef)> {
    if depth > 32 {
        return None;
    }
    let scope = it.class_scope(class);
    match scope.get(name) {
        Some(Value::Function(f)) => return Some((class.clone(), f.clone())),
        Some(_) => return None,
        None => {}
    }
    for base in it.class_bases(class) {
        if let Value::Class(b) = base {
            if let Some(found) = find_method_depth(it, &b, name, depth + 1) {
                return Some(found);
            }
        }
    }
    None
}

/// Walks `f` called on `self_value` with `args` (after `self`), under `ctx`,
/// and returns what it returns. Requests land in the hooks' state.
pub fn run_function(
    it: &mut Interp,
    hooks: &LocustHooks,
    f: &FuncRef,
    self_value: Value,
    args: &Args,
    ctx: Ctx,
) -> Value {
    let def = it.function_node(f);
    let Some(module) = it.module_index(&f.module) else {
        return Value::unknown(f.qualname.clone(), "function of an unloaded module");
    };
    // A staticmethod takes no `self`: every argument is the caller's.
    let is_static = f
        .decorators
        .iter()
        .any(|d| d.name.rsplit('.').next() == Some("staticmethod"));
    let bound_self = (!is_static).then_some(self_value);
    let locals = it.bind_params(module, def, bound_self, args, "an argument of the task");
    let mut frame = Frame {
        module,
        locals: Some(locals),
    };
    hooks.state.borrow_mut().ctx.push(ctx);
    let value = match def.child_by_field_name("body") {
        Some(body) => match walk_block(it, hooks, &mut frame, body) {
            Flow::Return { value, .. } => value,
            Flow::Normal => Value::None,
        },
        None => Value::None,
    };
    commented_requests(it, hooks, &mut frame, def);
    unreached_requests(it, hooks, module, def);
    hooks.state.borrow_mut().ctx.pop();
    value
}

/// Client calls in `def` that the walk did not record (inside a
/// comprehension, a lambda, a nested function): each is a warning, so a
/// request is never dropped silently.
fn unreached_requests(it: &mut Interp, hooks: &LocustHooks, module: usize, def: Node<'static>) {
    let Some(file) = it.file_of(module) else {
        return;
    };
    let q = &queries().client_call;
    let calls = crate::parsing::queries::captures_of(&q.query, q.call, def, file.text);
    for call in calls {
        let line = crate::parsing::line_of(call);
        let seen = hooks
            .state
            .borrow()
            .requests
            .iter()
            .any(|r| r.line == line && r.file == file.display);
        if seen {
            continue;
        }
        let text: String = it
            .node_text(module, call)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(60)
            .collect();
        it.warn(
            module,
            call,
            format!(
                "`{text}` is inside code routecov does not follow (a comprehension, lambda or nested function); this request is not listed"
            ),
        );
    }
}

/// Runs `f` as a task (or hook) of `ctx.holder`.
pub fn run_task(it: &mut Interp, hooks: &LocustHooks, f: &FuncRef, ctx: Ctx) {
    run_function(
        it,
        hooks,
        f,
        Value::External(SELF.to_string()),
        &Args::default(),
        ctx,
    );
}

fn children(node: Node<'static>) -> Vec<Node<'static>> {
    let mut c = node.walk();
    node.named_children(&mut c).collect()
}

fn walk_block(
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
            for child in children(stmt) {
                match child.kind() {
                    "assignment" => {
                        it.eval(frame, child);
                        if let Some(left) = child.child_by_field_name("left") {
                            name_unknowns(it, frame, left);
                        }
                    }
                    "augmented_assignment" => augmented(it, frame, child),
                    _ => {
                        it.eval(frame, child);
                    }
                }
            }
            Flow::Normal
        }
        "if_statement" => walk_if(it, hooks, frame, stmt),
        "with_statement" => {
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
        "for_statement" => walk_for(it, hooks, frame, stmt),
        "while_statement" => {
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
            Flow::Normal
        }
        "try_statement" => {
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
            if let Some(body) = stmt.child_by_field_name("body") {
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

fn bind_target(it: &mut Interp, frame: &mut Frame, target: Node<'static>, value: Value) {
    if target.kind() == "identifier" {
        let name = it.node_text(frame.module, target);
        it.bind(
            frame,
            &name,
            value,
            crate::parsing::line_of(target),
            BTreeSet::new(),
        );
        return;
    }
    let items = value.items();
    for (i, t) in children(target).into_iter().enumerate() {
        match items.as_ref().and_then(|items| items.get(i)) {
            Some(v) => bind_target(it, frame, t, v.clone()),
            None => bind_unknown(it, frame, t),
        }
    }
}

/// Binds every name in `target` to an unknown named after itself, so a
/// placeholder reads `{export_id}` rather than the expression it came from.
fn bind_unknown(it: &mut Interp, frame: &mut Frame, target: Node<'static>) {
    if target.kind() == "identifier" {
        let name = it.node_text(frame.module, target);
        let v = Value::unknown(name.clone(), "a value computed while the task runs");
        it.bind(
            frame,
            &name,
            v,
            crate::parsing::line_of(target),
            BTreeSet::new(),
        );
        return;
    }
    for t in children(target) {
        bind_unknown(it, frame, t);
    }
}

/// After `name = expr`: an unknown result is renamed after the variable.
fn name_unknowns(it: &mut Interp, frame: &mut Frame, left: Node<'static>) {
    match left.kind() {
        "identifier" => {
            let name = it.node_text(frame.module, left);
            let unknown = frame
                .locals
                .as_ref()
                .and_then(|l| l.get(&name))
                .is_some_and(|v| v.is_unknown());
            if unknown {
                bind_unknown(it, frame, left);
            }
        }
        "pattern_list" | "tuple_pattern" | "list_pattern" => {
            for c in children(left) {
                name_unknowns(it, frame, c);
            }
        }
        _ => {}
    }
}

/// `url += "..."` on strings (what task code does to build URLs).
fn augmented(it: &mut Interp, frame: &mut Frame, node: Node<'static>) {
    let (Some(left), Some(right)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) else {
        return;
    };
    let op = node
        .child_by_field_name("operator")
        .map(|o| it.node_text(frame.module, o))
        .unwrap_or_default();
    let current = it.eval(frame, left);
    let rhs = it.eval(frame, right);
    if left.kind() != "identifier" {
        return;
    }
    let name = it.node_text(frame.module, left);
    let v = match (op.as_str(), current, rhs) {
        ("+=", Value::Str(a), Value::Str(b)) => {
            let mut s = a;
            s.append(&b);
            Value::Str(s)
        }
        ("+=", Value::Str(a), Value::Unknown(u)) => {
            let mut s = a;
            s.push_hole(&u.text);
            Value::Str(s)
        }
        ("+=", Value::Int(a), Value::Int(b)) => Value::Int(a.wrapping_add(b)),
        ("+=", Value::List(l), other) => {
            if let Some(items) = other.items() {
                l.borrow_mut().extend(items);
            }
            Value::List(l)
        }
        _ => Value::unknown(name.clone(), "a value computed while the task runs"),
    };
    it.bind(
        frame,
        &name,
        v,
        crate::parsing::line_of(left),
        BTreeSet::new(),
    );
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

/// Commented-out requests inside `def`: comment lines that hold a
/// `client.<verb>(` call, read as code (up to the closing parenthesis) and
/// evaluated in the task's frame; their requests are marked disabled.
///
/// The code is parsed from the file's own text with tree-sitter's included
/// ranges starting after each `#`, so every node keeps its byte offsets in
/// the file and the evaluator reads names and strings from the file as
/// usual.
fn commented_requests(it: &mut Interp, hooks: &LocustHooks, frame: &mut Frame, def: Node<'static>) {
    let Some(file) = it.file_of(frame.module) else {
        return;
    };
    let text: &'static str = file.text;
    let mut root = def;
    while let Some(p) = root.parent() {
        root = p;
    }
    // A `#` inside a string (a docstring's example) is not a comment.
    let lines: Vec<(usize, usize, usize)> = comment_lines(text, def)
        .into_iter()
        .filter(|&(_, hash, _)| {
            hash >= root.end_byte()
                || root
                    .descendant_for_byte_range(hash, hash + 1)
                    .is_some_and(|n| n.kind() == "comment")
        })
        .collect();
    let mut i = 0;
    while i < lines.len() {
        let (_, hash, end) = lines[i];
        let content = &text[hash + 1..end];
        if !has_client_call(content) {
            i += 1;
            continue;
        }
        // Extend over the following comment lines until the parentheses close.
        let mut depth = paren_depth(content);
        let mut j = i;
        while depth > 0 && j + 1 < lines.len() && j - i < MAX_COMMENT_CALL_LINES {
            let (_, next_hash, next_end) = lines[j + 1];
            // Only adjacent lines continue a call.
            if line_no(text, lines[j + 1].0) != line_no(text, lines[j].0) + 1 {
                break;
            }
            depth += paren_depth(&text[next_hash + 1..next_end]);
            j += 1;
        }
        let ranges: Vec<Range> = lines[i..=j]
            .iter()
            .map(|&(_, hash, end)| {
                let stop = if end < text.len() { end + 1 } else { end };
                range(text, hash + 1, stop)
            })
            .collect();
        for call in client_calls(text, &ranges) {
            hooks.state.borrow_mut().disabled = true;
            it.eval(frame, call);
            hooks.state.borrow_mut().disabled = false;
        }
        i = j + 1;
    }
}

/// Full-line comments of a definition: (line start, `#` offset, line end),
/// including comment lines indented under it after its last statement.
fn comment_lines(text: &str, def: Node<'static>) -> Vec<(usize, usize, usize)> {
    let def_indent = def.start_position().column;
    let mut out = Vec::new();
    let mut pos = text[..def.start_byte().min(text.len())]
        .rfind('\n')
        .map_or(0, |p| p + 1);
    let body_end = def.end_byte();
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |e| pos + e);
        let line = &text[pos..end];
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        if pos >= body_end {
            // After the last statement: only blank lines and deeper comments belong.
            if trimmed.is_empty() {
                pos = end + 1;
                continue;
            }
            if !(trimmed.starts_with('#') && indent > def_indent) {
                break;
            }
        }
        if trimmed.starts_with('#') {
            out.push((pos, pos + indent, end));
        }
        pos = end + 1;
    }
    out
}

fn line_no(text: &str, byte: usize) -> usize {
    text.as_bytes()[..byte.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

fn range(text: &str, start: usize, end: usize) -> Range {
    let point = |b: usize| {
        let row = line_no(text, b);
        let line_start = text[..b].rfind('\n').map_or(0, |p| p + 1);
        Point {
            row,
            column: b - line_start,
        }
    };
    Range {
        start_byte: start,
        end_byte: end,
        start_point: point(start),
        end_point: point(end),
    }
}

fn has_client_call(content: &str) -> bool {
    [
        "get", "post", "put", "patch", "delete", "head", "options", "request", "rest",
    ]
    .iter()
    .any(|v| {
        let pat = format!("client.{v}(");
        content.contains(&pat)
    })
}

/// Opening minus closing parentheses, brackets and braces, outside strings.
fn paren_depth(s: &str) -> i64 {
    let mut depth = 0i64;
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for c in s.chars() {
        match quote {
            Some(q) => {
                if c == q && prev != '\\' {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                '#' => break,
                _ => {}
            },
        }
        prev = c;
    }
    depth
}

/// The outermost `client.<verb>(...)` calls in the code of `ranges`.
fn client_calls(text: &'static str, ranges: &[Range]) -> Vec<Node<'static>> {
    let mut parser = tree_sitter::Parser::new();
    if parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .is_err()
        || parser.set_included_ranges(ranges).is_err()
    {
        return Vec::new();
    }
    let Some(tree) = parser.parse(text.as_bytes(), None) else {
        return Vec::new();
    };
    // Leaked like every parsed file: nodes handed to the evaluator are 'static.
    let tree: &'static tree_sitter::Tree = Box::leak(Box::new(tree));
    let q = &queries().client_call;
    let mut cursor = QueryCursor::new();
    let mut calls: Vec<Node<'static>> = Vec::new();
    let mut matches = cursor.matches(&q.query, tree.root_node(), text.as_bytes());
    while let Some(m) = matches.next() {
        for c in m.captures {
            if c.index == q.call {
                calls.push(c.node);
            }
        }
    }
    calls.sort_by_key(|n| n.start_byte());
    calls.dedup_by_key(|n| n.id());
    let outer: Vec<Node<'static>> = calls
        .iter()
        .filter(|n| {
            !calls.iter().any(|o| {
                o.id() != n.id() && o.start_byte() <= n.start_byte() && o.end_byte() >= n.end_byte()
            })
        })
        .copied()
        .collect();
    outer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_ignores_strings() {
        assert_eq!(paren_depth(r#" self.client.post(")", x"#), 1);
        assert_eq!(paren_depth(" )"), -1);
    }

    #[test]
    fn client_calls_are_recognised() {
        assert!(has_client_call(" self.client.post("));
        assert!(!has_client_call(" client posts"));
    }
}
