//! Generator functions: a call of a function whose body holds `yield` runs
//! the body to its end and gives the values it yielded, in order, as a
//! list, which is what the loops and `list()` calls that consume a
//! generator see. A `yield` under a condition the evaluator cannot decide
//! makes the whole result unknown, since which values come out is not known.

use super::interp::{Frame, Interp};
use super::value::Value;
use tree_sitter::Node;

/// True when `def`'s own body yields (a nested `def`, `lambda` or class
/// yields for itself).
pub(super) fn is_generator(def: Node<'static>) -> bool {
    let Some(body) = def.child_by_field_name("body") else {
        return false;
    };
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "yield" => return true,
            "function_definition" | "lambda" | "class_definition" => continue,
            _ => {
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c));
            }
        }
    }
    false
}

impl Interp {
    /// Starts collecting what a generator's body yields.
    pub(super) fn begin_yields(&mut self) {
        self.yields.push(Some(Vec::new()));
    }

    /// The generator's values: a list, or an unknown named after the call.
    pub(super) fn end_yields(&mut self, text: &str) -> Value {
        match self.yields.pop().flatten() {
            Some(values) => Value::list(values),
            None => Value::unknown(
                text,
                "a generator that yields under a condition not known statically",
            ),
        }
    }

    /// `yield x` / `yield from xs`: the values join the innermost
    /// generator's; what the expression receives back (`send`) is `None`.
    pub(super) fn eval_yield(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let from = node.child(1).is_some_and(|c| c.kind() == "from");
        let value = match node.named_child(0) {
            Some(e) => self.eval(frame, e),
            None => Value::None,
        };
        let unsure = !self.conditions.is_empty();
        let Some(Some(top)) = self.yields.last_mut() else {
            return Value::None;
        };
        let values = if from {
            value.iterated()
        } else {
            Some(vec![value])
        };
        match values {
            Some(v) if !unsure => top.extend(v),
            _ => {
                if let Some(slot) = self.yields.last_mut() {
                    *slot = None;
                }
            }
        }
        Value::None
    }
}

#[cfg(test)]
mod tests {
    fn first_def(src: &str) -> tree_sitter::Node<'static> {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&tree_sitter_python::LANGUAGE.into())
            .expect("the Python grammar loads");
        let tree: &'static tree_sitter::Tree =
            Box::leak(Box::new(parser.parse(src, None).expect("parses")));
        tree.root_node().named_child(0).expect("a definition")
    }

    #[test]
    fn only_the_functions_own_yields_make_it_a_generator() {
        assert!(super::is_generator(first_def(
            "def g():\n    for x in y:\n        yield x\n"
        )));
        assert!(super::is_generator(first_def(
            "def g():\n    yield from y\n"
        )));
        assert!(!super::is_generator(first_def(
            "def f():\n    def inner():\n        yield 1\n    return inner\n"
        )));
        assert!(!super::is_generator(first_def(
            "def f():\n    return [x for x in y]\n"
        )));
    }
}
