//! The `@task` decorator of class members: the weight it gives (and the
//! environment variables that weight reads), and members defined twice,
//! of which Python keeps only the last.

use super::class_body::BodyInfo;
use crate::diagnostics::Diagnostics;
use crate::extract::locustfile::state::locust_name;
use crate::python::value::ClassRef;
use crate::python::{Frame, Interp, Value};
use std::collections::BTreeSet;
use tree_sitter::Node;

/// The `@task` weight of a class member (`None`: not a task), with the
/// environment variables it depends on.
pub(super) fn task_weight(
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

/// Warns of a `@task` member defined more than once.
pub(super) fn duplicate_warnings(
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
