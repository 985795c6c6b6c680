//! Instance attributes a method sets: `self.channel_id = ...` in `on_start`
//! or in another task replaces the class attribute of that name while the
//! user runs, so the class attribute is not the value a task sees.

use crate::python::value::ClassRef;
use crate::python::{Interp, Value, MAX_BASES_DEPTH};
use tree_sitter::Node;

/// True when a method of `class`, or of a class it derives from, assigns
/// `self.<name>`.
pub fn set_by_a_method(it: &mut Interp, class: &ClassRef, name: &str) -> bool {
    set_in(it, class, name, 0)
}

fn set_in(it: &mut Interp, class: &ClassRef, name: &str, depth: usize) -> bool {
    if depth > MAX_BASES_DEPTH {
        return false;
    }
    let methods: Vec<_> = it
        .class_scope(class)
        .values()
        .filter_map(|v| match v {
            Value::Function(f) => Some(f.clone()),
            _ => None,
        })
        .collect();
    for f in methods {
        let Some(module) = it.module_index(&f.module) else {
            continue;
        };
        let def = it.function_node(&f);
        if assigns(it, module, def, name) {
            return true;
        }
    }
    it.class_bases(class).into_iter().any(|b| match b {
        Value::Class(b) => set_in(it, &b, name, depth + 1),
        _ => false,
    })
}

/// An assignment under `node` whose target is (or holds) `self.<name>`.
fn assigns(it: &Interp, module: usize, node: Node<'static>, name: &str) -> bool {
    if matches!(node.kind(), "assignment" | "augmented_assignment") {
        if let Some(left) = node.child_by_field_name("left") {
            if targets(it, module, left, name) {
                return true;
            }
        }
    }
    let mut c = node.walk();
    let kids: Vec<_> = node.named_children(&mut c).collect();
    kids.into_iter().any(|k| assigns(it, module, k, name))
}

fn targets(it: &Interp, module: usize, target: Node<'static>, name: &str) -> bool {
    match target.kind() {
        "attribute" => {
            let obj = target.child_by_field_name("object");
            let attr = target.child_by_field_name("attribute");
            matches!((obj, attr), (Some(o), Some(a))
                if it.node_text(module, o) == "self" && it.node_text(module, a) == name)
        }
        "pattern_list" | "tuple_pattern" | "list_pattern" => {
            let mut c = target.walk();
            let kids: Vec<_> = target.named_children(&mut c).collect();
            kids.into_iter().any(|k| targets(it, module, k, name))
        }
        _ => false,
    }
}
