//! Names the walker binds in the task's frame: loop targets, `with ... as`
//! aliases, unknown results renamed after their variable, and `+=`.

use crate::python::{Frame, Interp, Value};
use std::collections::BTreeSet;
use tree_sitter::Node;

/// The named children of a node.
pub(super) fn children(node: Node<'static>) -> Vec<Node<'static>> {
    let mut c = node.walk();
    node.named_children(&mut c).collect()
}

pub(super) fn bind_target(it: &mut Interp, frame: &mut Frame, target: Node<'static>, value: Value) {
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
pub(super) fn bind_unknown(it: &mut Interp, frame: &mut Frame, target: Node<'static>) {
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
pub(super) fn name_unknowns(it: &mut Interp, frame: &mut Frame, left: Node<'static>) {
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
