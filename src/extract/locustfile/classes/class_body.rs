//! The names a class body binds, in the order Python's class namespace
//! records them, with their definitions and assignments.

use crate::parsing::line_of;
use crate::python::value::ClassRef;
use crate::python::Interp;
use std::collections::HashMap;
use tree_sitter::Node;

/// Names bound in a class body, in the order Python's class namespace
/// records them (first binding), with their definitions.
#[derive(Debug, Default)]
pub(super) struct BodyInfo {
    pub(super) order: Vec<String>,
    /// Every `def`/`class` of a name: (decorated or plain definition node, line).
    pub(super) defs: HashMap<String, Vec<(Node<'static>, usize)>>,
    /// Right-hand side of the last plain assignment to a name.
    pub(super) assigns: HashMap<String, Node<'static>>,
}

/// Names of a class body in first-binding order, with their definitions.
pub(super) fn body_info(it: &Interp, module: usize, c: &ClassRef) -> BodyInfo {
    let mut info = BodyInfo::default();
    if let Some(body) = c.node.child_by_field_name("body") {
        collect_body(it, module, body, &mut info);
    }
    info
}

fn collect_body(it: &Interp, module: usize, block: Node<'static>, info: &mut BodyInfo) {
    let mut cursor = block.walk();
    let stmts: Vec<Node<'static>> = block.named_children(&mut cursor).collect();
    let note = |info: &mut BodyInfo, name: String| {
        if !info.order.contains(&name) {
            info.order.push(name);
        }
    };
    for stmt in stmts {
        match stmt.kind() {
            "function_definition" | "class_definition" | "decorated_definition" => {
                let def = if stmt.kind() == "decorated_definition" {
                    stmt.child_by_field_name("definition")
                } else {
                    Some(stmt)
                };
                let Some(def) = def else { continue };
                let Some(name) = def.child_by_field_name("name") else {
                    continue;
                };
                let name = it.node_text(module, name);
                note(info, name.clone());
                info.defs
                    .entry(name)
                    .or_default()
                    .push((stmt, line_of(def)));
            }
            "expression_statement" => {
                let mut c = stmt.walk();
                let children: Vec<Node<'static>> = stmt.named_children(&mut c).collect();
                for child in children {
                    let mut node = Some(child);
                    // `a = b = value`: every target is bound.
                    while let Some(n) = node {
                        if n.kind() != "assignment" && n.kind() != "augmented_assignment" {
                            break;
                        }
                        let left = n.child_by_field_name("left");
                        let right = n.child_by_field_name("right");
                        if let Some(l) = left.filter(|l| l.kind() == "identifier") {
                            let name = it.node_text(module, l);
                            note(info, name.clone());
                            if n.kind() == "assignment" {
                                if let Some(r) = right.filter(|r| r.kind() != "assignment") {
                                    info.assigns.insert(name, r);
                                }
                            }
                        }
                        node = right;
                    }
                }
            }
            "if_statement" | "try_statement" | "with_statement" | "for_statement" => {
                let mut c = stmt.walk();
                let blocks: Vec<Node<'static>> = stmt.named_children(&mut c).collect();
                for b in blocks {
                    match b.kind() {
                        "block" => collect_body(it, module, b, info),
                        "else_clause" | "elif_clause" | "except_clause" | "finally_clause" => {
                            let mut c2 = b.walk();
                            let inner: Vec<Node<'static>> = b.named_children(&mut c2).collect();
                            for ib in inner {
                                if ib.kind() == "block" {
                                    collect_body(it, module, ib, info);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}
