//! Expression evaluation: [`Interp::eval`] dispatches on the node kind to one
//! method per kind of expression (literals, containers, attributes,
//! operators, conditionals, subscripts, ...).

use super::budget::MAX_EVAL_DEPTH;
use super::builtins::dict_lookup;
use super::interp::{Frame, Interp, Site};
use super::namespace::namespace_of;
use super::value::{Unknown, Value};
use crate::parsing::Located;
use std::collections::BTreeSet;
use tree_sitter::Node;

impl Interp {
    /// The value of an expression: one step of the budget, at a bounded
    /// depth, never larger than the caps (see `budget`).
    pub fn eval(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        self.guarded_eval(frame, node, |it, frame| it.eval_kind(frame, node))
    }

    /// The budget, depth and size guards of [`Interp::eval`] around `kind`,
    /// the evaluation of the expression at `at`.
    pub(super) fn guarded_eval(
        &mut self,
        frame: &mut Frame,
        at: impl Located,
        kind: impl FnOnce(&mut Interp, &mut Frame) -> Value,
    ) -> Value {
        if self.budget.eval_depth >= MAX_EVAL_DEPTH {
            self.warn(
                frame.module,
                at,
                format!("expressions nested more than {MAX_EVAL_DEPTH} deep: unknown"),
            );
            return Value::unknown(
                self.text(frame.module, at)
                    .chars()
                    .take(80)
                    .collect::<String>(),
                "nested too deeply",
            );
        }
        if !self.step(frame.module, at) {
            return Value::unknown(
                self.text(frame.module, at)
                    .chars()
                    .take(80)
                    .collect::<String>(),
                "evaluation budget spent",
            );
        }
        self.budget.eval_depth += 1;
        let v = kind(self, frame);
        self.budget.eval_depth -= 1;
        self.capped(v, frame.module, at)
    }

    fn eval_kind(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        match node.kind() {
            "identifier" => self.eval_identifier(frame, node),
            "string" => self.eval_string(frame, node),
            "concatenated_string" => self.eval_concatenated_string(frame, node),
            "integer" => self.eval_integer(frame.module, node),
            "float" => self.eval_float(frame.module, node),
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "none" => Value::None,
            "parenthesized_expression" => match node.named_child(0) {
                Some(inner) => self.eval(frame, inner),
                None => Value::Tuple(vec![]),
            },
            "list" | "set" => Value::list(self.eval_sequence(frame, node)),
            "tuple" | "expression_list" => Value::Tuple(self.eval_sequence(frame, node)),
            "dictionary" => self.eval_dictionary(frame, node),
            "attribute" => self.eval_attribute(frame, node),
            "call" => self.eval_call(frame, node),
            "binary_operator" => self.eval_binary(frame, node),
            "unary_operator" => self.eval_unary(frame, node),
            "not_operator" => self.eval_not(frame, node),
            "boolean_operator" => self.eval_boolean(frame, node),
            "comparison_operator" => self.eval_comparison(frame, node),
            "conditional_expression" => self.eval_conditional(frame, node),
            "subscript" => self.eval_subscript(frame, node),
            "lambda" => self.lambda_value(frame, node),
            "list_splat" if self.spread_splats.contains(&node.id()) => match node.named_child(0) {
                Some(inner) => self.eval(frame, inner),
                None => Value::unknown(self.text(frame.module, node), "malformed splat"),
            },
            "keyword_argument" | "list_splat" | "dictionary_splat" => {
                Value::unknown(self.text(frame.module, node), "argument outside a call")
            }
            "assignment" => {
                self.exec_assignment(frame, node);
                Value::None
            }
            "named_expression" => self.eval_named(frame, node),
            "yield" => self.eval_yield(frame, node),
            "list_comprehension"
            | "set_comprehension"
            | "generator_expression"
            | "dictionary_comprehension" => self.eval_comprehension(frame, node),
            _ => Value::unknown(
                self.text(frame.module, node),
                format!("`{}` expressions are not evaluated", node.kind()),
            ),
        }
    }

    fn eval_identifier(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let name = self.text(frame.module, node);
        self.eval_name(frame, name)
    }

    pub(super) fn eval_name(&mut self, frame: &mut Frame, name: &str) -> Value {
        match self.lookup(frame, name) {
            Some(v) => v,
            None => Value::unknown(name, format!("`{name}` is not defined")),
        }
    }

    fn eval_integer(&self, m: usize, node: Node<'static>) -> Value {
        let t = self.text(m, node).replace('_', "");
        let parsed = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
            i64::from_str_radix(h, 16).ok()
        } else {
            t.parse::<i64>().ok()
        };
        parsed
            .map(Value::Int)
            .unwrap_or_else(|| Value::unknown(t, "integer out of range"))
    }

    fn eval_float(&self, m: usize, node: Node<'static>) -> Value {
        let t = self.text(m, node).replace('_', "");
        t.parse::<f64>()
            .map(Value::Float)
            .unwrap_or_else(|_| Value::unknown(t, "float literal"))
    }

    fn eval_dictionary(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let mut pairs = Vec::new();
        let mut c = node.walk();
        let children: Vec<_> = node.named_children(&mut c).collect();
        for p in children {
            match p.kind() {
                "pair" => {
                    let (Some(k), Some(v)) =
                        (p.child_by_field_name("key"), p.child_by_field_name("value"))
                    else {
                        continue;
                    };
                    let k = self.eval(frame, k);
                    let v = self.eval(frame, v);
                    pairs.push((k, v));
                }
                "dictionary_splat" => {
                    if let Some(inner) = p.named_child(0) {
                        if let Some(d) = self.eval(frame, inner).pairs() {
                            pairs.extend(d);
                        }
                    }
                }
                _ => {}
            }
        }
        Value::dict(pairs)
    }

    fn eval_attribute(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let m = frame.module;
        let (Some(obj), Some(attr)) = (
            node.child_by_field_name("object"),
            node.child_by_field_name("attribute"),
        ) else {
            return Value::unknown(self.text(m, node), "malformed attribute");
        };
        let recv = self.eval(frame, obj);
        let name = self.text(m, attr);
        self.attribute_of(recv, name, Site::new(m, node))
    }

    /// `recv.name`, written at `site`: an unknown object's attribute is
    /// unknown by the text as written.
    pub(super) fn attribute_of(&mut self, recv: Value, name: &str, site: Site) -> Value {
        match self.get_attr(&recv, name, site) {
            Value::Unknown(u) if recv.is_unknown() => Value::Unknown(Unknown {
                text: self.text(site.module, site).to_string(),
                reason: u.reason,
            }),
            v => v,
        }
    }

    fn eval_conditional(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let m = frame.module;
        let mut c = node.walk();
        let parts: Vec<_> = node.named_children(&mut c).collect();
        if parts.len() != 3 {
            return Value::unknown(self.text(m, node), "malformed conditional expression");
        }
        let cond = self.eval(frame, parts[1]);
        match cond.truthy() {
            Some(true) => self.eval(frame, parts[0]),
            Some(false) => self.eval(frame, parts[2]),
            None => {
                self.eval(frame, parts[0]);
                self.eval(frame, parts[2]);
                Value::unknown(self.text(m, node), "condition depends on an unknown value")
            }
        }
    }

    /// `name := value`.
    fn eval_named(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let v = node
            .child_by_field_name("value")
            .map(|x| self.eval(frame, x))
            .unwrap_or(Value::None);
        if let Some(n) = node.child_by_field_name("name") {
            self.bind_target(frame, n, v.clone(), BTreeSet::new());
        }
        v
    }

    fn eval_sequence(&mut self, frame: &mut Frame, node: Node<'static>) -> Vec<Value> {
        let mut items = Vec::new();
        let mut c = node.walk();
        let children: Vec<_> = node.named_children(&mut c).collect();
        for child in children {
            if child.kind() == "comment" {
                continue;
            }
            if child.kind() == "list_splat" {
                if let Some(inner) = child.named_child(0) {
                    let v = self.eval(frame, inner);
                    match v.items() {
                        Some(xs) => items.extend(xs),
                        None => items.push(v),
                    }
                }
                continue;
            }
            match self.splat_call(frame, child) {
                Some(v) => match v.items() {
                    Some(xs) => items.extend(xs),
                    None => items.push(v),
                },
                None => items.push(self.eval(frame, child)),
            }
        }
        items
    }

    fn eval_subscript(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let m = frame.module;
        let (Some(value), Some(index)) = (
            node.child_by_field_name("value"),
            node.child_by_field_name("subscript"),
        ) else {
            return Value::unknown(self.text(m, node), "malformed subscript");
        };
        let v = self.eval(frame, value);
        if matches!(&v, Value::External(d) if d == "os.environ") {
            let key = self.eval(frame, index);
            if let Some(k) = key.as_known_str() {
                return self.environ_item(&k, self.text(m, node));
            }
        }
        if index.kind() == "slice" {
            return self.slice(frame, &v, index).unwrap_or_else(|| {
                Value::unknown(self.text(m, node), "slice of a value not known")
            });
        }
        let idx = self.eval(frame, index);
        if let Some(ns) = namespace_of(&v) {
            return self.namespace_item(ns, &idx, self.text(m, node));
        }
        if matches!(&v, Value::External(d) if d == "sys.modules") {
            // `sys.modules[__name__]`: the module itself, as imported.
            if let Some(k) = idx.as_known_str().filter(|k| self.exists(k)) {
                return Value::Module(k);
            }
        }
        match (&v, &idx) {
            (Value::List(_) | Value::Tuple(_), Value::Int(i)) => {
                let items = v.items().unwrap_or_default();
                let n = items.len() as i64;
                let k = if *i < 0 { n + i } else { *i };
                if k >= 0 && k < n {
                    return items[k as usize].clone();
                }
                // Python raises; a handler around decides what follows
                // (`parents[-1]` under `except IndexError`).
                if self.raise("IndexError") {
                    return Value::None;
                }
            }
            (Value::Dict(d), key) => {
                let found = dict_lookup(&d.borrow(), key);
                match found {
                    Some(Some(val)) => return val,
                    Some(None) => {
                        let site = Site::new(m, node);
                        if let Some(v) = self.missing_key(d, key, site) {
                            return v;
                        }
                        // Every key known and none equal: Python raises, and
                        // the handler around decides what follows.
                        if self.raise("KeyError") {
                            return Value::None;
                        }
                    }
                    None => {}
                }
            }
            _ => {}
        }
        Value::unknown(self.text(m, node), "subscript of an unknown value")
    }
}

impl Interp {
    /// `value[start:stop:step]` of a known string, list or tuple, with
    /// Python's bounds; `None` when a part is not known (or the step is 0,
    /// where Python raises).
    fn slice(&mut self, frame: &mut Frame, v: &Value, index: Node<'static>) -> Option<Value> {
        let mut parts: [Option<i64>; 3] = [None; 3];
        let mut at = 0;
        let mut cursor = index.walk();
        for child in index.children(&mut cursor) {
            if child.kind() == ":" {
                at += 1;
                continue;
            }
            match self.eval(frame, child) {
                Value::Int(i) => *parts.get_mut(at)? = Some(i),
                Value::None => {}
                _ => return None,
            }
        }
        let [start, stop, step] = parts;
        let pick = |len: usize| slice_indices(len, start, stop, step.unwrap_or(1));
        match v {
            Value::Str(s) => {
                let chars: Vec<char> = s.known()?.chars().collect();
                Some(Value::str(
                    pick(chars.len())?
                        .into_iter()
                        .map(|i| chars[i])
                        .collect::<String>(),
                ))
            }
            Value::List(_) | Value::Tuple(_) => {
                let items = v.items()?;
                let out: Vec<Value> = pick(items.len())?
                    .into_iter()
                    .map(|i| items[i].clone())
                    .collect();
                Some(match v {
                    Value::Tuple(_) => Value::Tuple(out),
                    _ => Value::list(out),
                })
            }
            _ => None,
        }
    }
}

/// The indices `[start:stop:step]` takes from a sequence of `len` items,
/// as CPython's `PySlice_AdjustIndices` bounds them; `None` for a 0 step.
fn slice_indices(
    len: usize,
    start: Option<i64>,
    stop: Option<i64>,
    step: i64,
) -> Option<Vec<usize>> {
    if step == 0 {
        return None;
    }
    let len = i64::try_from(len).ok()?;
    let bound = |i: i64| {
        if i < 0 {
            let j = i + len;
            if j < 0 {
                if step < 0 {
                    -1
                } else {
                    0
                }
            } else {
                j
            }
        } else if i >= len {
            if step < 0 {
                len - 1
            } else {
                len
            }
        } else {
            i
        }
    };
    let start = start.map_or(if step < 0 { len - 1 } else { 0 }, bound);
    let stop = stop.map_or(if step < 0 { -1 } else { len }, bound);
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(usize::try_from(i).ok()?);
        i += step;
    }
    Some(out)
}

#[cfg(test)]
mod slice_tests {
    use super::slice_indices;

    #[test]
    fn slices_follow_python_bounds() {
        assert_eq!(slice_indices(4, None, None, -1), Some(vec![3, 2, 1, 0]));
        assert_eq!(slice_indices(4, Some(1), None, 1), Some(vec![1, 2, 3]));
        assert_eq!(slice_indices(4, None, Some(-1), 1), Some(vec![0, 1, 2]));
        assert_eq!(slice_indices(4, Some(-10), Some(10), 2), Some(vec![0, 2]));
        assert_eq!(slice_indices(4, Some(2), Some(0), -1), Some(vec![2, 1]));
        assert_eq!(slice_indices(4, Some(10), None, -2), Some(vec![3, 1]));
        assert_eq!(slice_indices(0, None, None, -1), Some(vec![]));
        assert_eq!(slice_indices(4, None, None, 0), None);
    }
}
