//! Operators on known values: arithmetic, concatenation and `%` (binary
//! operators), comparisons, `in`, and Python's `==`.

use super::budget::{MAX_ITEMS, MAX_STR_BYTES};
use super::interp::{Frame, Interp};
use super::namespace::namespace_of;
use super::strings::percent_format;
use super::value::{Str, Value};
use std::rc::Rc;
use tree_sitter::Node;

impl Interp {
    pub(super) fn eval_binary(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let m = frame.module;
        let (Some(l), Some(r), Some(op)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
            node.child_by_field_name("operator"),
        ) else {
            return Value::unknown(self.text(m, node), "malformed expression");
        };
        let lv = self.eval(frame, l);
        let rv = self.eval(frame, r);
        let op = self.text(m, op);
        self.binary(op, lv, rv, node, m)
    }

    pub(super) fn eval_unary(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let m = frame.module;
        let v = node
            .child_by_field_name("argument")
            .map(|a| self.eval(frame, a))
            .unwrap_or(Value::None);
        let op = node
            .child_by_field_name("operator")
            .map(|o| self.text(m, o))
            .unwrap_or("");
        match (op, v) {
            ("-", Value::Int(i)) => Value::Int(-i),
            ("-", Value::Float(f)) => Value::Float(-f),
            ("+", v @ (Value::Int(_) | Value::Float(_))) => v,
            _ => Value::unknown(self.text(m, node), "unary operator on an unknown value"),
        }
    }

    pub(super) fn eval_not(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let v = node
            .child_by_field_name("argument")
            .map(|a| self.eval(frame, a))
            .unwrap_or(Value::None);
        match v.truthy() {
            Some(b) => Value::Bool(!b),
            None => Value::unknown(
                self.text(frame.module, node),
                "condition depends on an unknown value",
            ),
        }
    }

    /// `and`/`or`, short-circuiting on a known left side.
    pub(super) fn eval_boolean(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let m = frame.module;
        let (Some(l), Some(r)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) else {
            return Value::unknown(self.text(m, node), "malformed expression");
        };
        let op = node
            .child_by_field_name("operator")
            .map(|o| self.text(m, o))
            .unwrap_or("");
        let lv = self.eval(frame, l);
        match (op, lv.truthy()) {
            ("and", Some(false)) | ("or", Some(true)) => lv,
            ("and", Some(true)) | ("or", Some(false)) => self.eval(frame, r),
            _ => {
                self.eval(frame, r);
                Value::unknown(self.text(m, node), "condition depends on an unknown value")
            }
        }
    }

    pub(super) fn binary(
        &mut self,
        op: &str,
        l: Value,
        r: Value,
        node: Node<'static>,
        module: usize,
    ) -> Value {
        let src: &'static str = self.text(module, node);
        let text = || src.to_string();
        match (op, &l, &r) {
            ("+", Value::Str(a), Value::Str(b)) if a.len() + b.len() > MAX_STR_BYTES => {
                self.too_large(module, node)
            }
            ("+", Value::Str(a), Value::Str(b)) => {
                let mut s = a.clone();
                s.append(b);
                Value::Str(s)
            }
            ("+", Value::Str(a), Value::Unknown(u)) => {
                let mut s = a.clone();
                s.push_hole(&u.text);
                Value::Str(s)
            }
            ("+", Value::Unknown(u), Value::Str(b)) => {
                let mut s = Str::hole(u.text.clone());
                s.append(b);
                Value::Str(s)
            }
            ("+", Value::List(_) | Value::Tuple(_), Value::List(_) | Value::Tuple(_))
                if l.len_hint() + r.len_hint() > MAX_ITEMS =>
            {
                self.too_large(module, node)
            }
            ("+", Value::List(_) | Value::Tuple(_), Value::List(_) | Value::Tuple(_)) => {
                let mut items = l.items().unwrap_or_default();
                items.extend(r.items().unwrap_or_default());
                if matches!(l, Value::Tuple(_)) {
                    Value::Tuple(items)
                } else {
                    Value::list(items)
                }
            }
            ("%", Value::Str(fmt), _) => match fmt.known() {
                Some(f) => {
                    let items = match &r {
                        Value::Tuple(t) => t.clone(),
                        other => vec![other.clone()],
                    };
                    percent_format(&f, &items)
                        .map(Value::Str)
                        .unwrap_or_else(|| Value::unknown(text(), "% formatting"))
                }
                None => Value::unknown(text(), "% formatting of an unknown string"),
            },
            (_, Value::Int(a), Value::Int(b)) => match op {
                "+" => Value::Int(a.wrapping_add(*b)),
                "-" => Value::Int(a.wrapping_sub(*b)),
                "*" => Value::Int(a.wrapping_mul(*b)),
                "//" if *b != 0 => Value::Int(a.div_euclid(*b)),
                "%" if *b != 0 => Value::Int(a.rem_euclid(*b)),
                "/" if *b != 0 => Value::Float(*a as f64 / *b as f64),
                _ => Value::unknown(text(), "arithmetic"),
            },
            ("*", Value::Str(s), Value::Int(n)) => match s.known() {
                Some(k)
                    if *n >= 0
                        && (k.len() as u64).saturating_mul(*n as u64) <= MAX_STR_BYTES as u64 =>
                {
                    Value::str(k.repeat(*n as usize))
                }
                Some(_) if *n > 0 => self.too_large(module, node),
                _ => Value::unknown(text(), "string repetition"),
            },
            _ => match (as_f64(&l), as_f64(&r)) {
                (Some(a), Some(b)) => match op {
                    "+" => Value::Float(a + b),
                    "-" => Value::Float(a - b),
                    "*" => Value::Float(a * b),
                    "/" if b != 0.0 => Value::Float(a / b),
                    _ => Value::unknown(text(), "arithmetic"),
                },
                _ => Value::unknown(text(), "operation on an unknown value"),
            },
        }
    }

    pub(super) fn eval_comparison(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let m = frame.module;
        let mut c = node.walk();
        let operands: Vec<_> = node.named_children(&mut c).collect();
        let mut c = node.walk();
        let ops: Vec<String> = node
            .children_by_field_name("operators", &mut c)
            .map(|o| self.text(m, o).to_string())
            .collect();
        if operands.len() != 2 || ops.is_empty() {
            return Value::unknown(self.text(m, node), "chained comparison");
        }
        let l = self.eval(frame, operands[0]);
        let r = self.eval(frame, operands[1]);
        let op = ops.join(" ");
        let result = match op.as_str() {
            "==" => values_equal(&l, &r),
            "!=" => values_equal(&l, &r).map(|b| !b),
            "is" | "is not" => {
                let (l, r) = (self.resolve(l.clone()), self.resolve(r.clone()));
                identical(&l, &r).map(|b| b == (op == "is"))
            }
            "in" | "not in" => {
                let found = match namespace_of(&r) {
                    Some(ns) => self.namespace_contains(ns, &l),
                    None => contains(&r, &l),
                };
                found.map(|b| b == (op == "in"))
            }
            "<" | ">" | "<=" | ">=" => match (as_f64(&l), as_f64(&r)) {
                (Some(a), Some(b)) => Some(match op.as_str() {
                    "<" => a < b,
                    ">" => a > b,
                    "<=" => a <= b,
                    _ => a >= b,
                }),
                _ => None,
            },
            _ => None,
        };
        match result {
            Some(b) => Value::Bool(b),
            None => Value::unknown(self.text(m, node), "comparison of unknown values"),
        }
    }
}

pub(super) fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        Value::Bool(b) => Some(*b as i64 as f64),
        _ => None,
    }
}

/// Python `is` when both sides are known: classes, functions, objects and
/// modules by identity, constants by value.
fn identical(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Class(x), Value::Class(y)) => Some(x.node.id() == y.node.id()),
        (Value::Function(x), Value::Function(y)) => {
            Some(x.module == y.module && x.def_start == y.def_start && x.qualname == y.qualname)
        }
        (Value::Instance(x), Value::Instance(y)) => Some(Rc::ptr_eq(x, y)),
        (Value::List(x), Value::List(y)) => Some(Rc::ptr_eq(x, y)),
        (Value::Dict(x), Value::Dict(y)) => Some(Rc::ptr_eq(x, y)),
        (Value::Module(x), Value::Module(y)) => Some(x == y),
        // One dotted name is one object (`k is object` over a class's MRO);
        // two names may be aliases, so only sameness is known.
        (Value::External(x), Value::External(y)) if x == y => Some(true),
        // No other name is `object`.
        (Value::External(x), Value::External(y))
            if x == "builtins.object" || y == "builtins.object" =>
        {
            Some(false)
        }
        // A name outside the sources is never a project object.
        (Value::External(_), Value::Class(_) | Value::Function(_) | Value::Instance(_))
        | (Value::Class(_) | Value::Function(_) | Value::Instance(_), Value::External(_)) => {
            Some(false)
        }
        (
            Value::Class(_) | Value::Function(_) | Value::Instance(_) | Value::Module(_),
            Value::Class(_)
            | Value::Function(_)
            | Value::Instance(_)
            | Value::Module(_)
            | Value::None
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Str(_),
        )
        | (
            Value::None | Value::Bool(_) | Value::Int(_) | Value::Str(_),
            Value::Class(_) | Value::Function(_) | Value::Instance(_) | Value::Module(_),
        ) => Some(false),
        (Value::Class(_) | Value::Function(_) | Value::Module(_), _)
        | (_, Value::Class(_) | Value::Function(_) | Value::Module(_)) => None,
        _ => values_equal(a, b),
    }
}

/// Python `==` when both sides are known.
pub(super) fn values_equal(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Unknown(_), _) | (_, Value::Unknown(_)) => None,
        (Value::Str(x), Value::Str(y)) => x.known_eq(y),
        (Value::None, Value::None) => Some(true),
        (Value::None, _) | (_, Value::None) => Some(false),
        // Classes, functions and modules compare by identity (a metaclass
        // `__eq__` aside), as dict keys too.
        (Value::Class(_) | Value::Function(_) | Value::Module(_), _)
        | (_, Value::Class(_) | Value::Function(_) | Value::Module(_)) => identical(a, b),
        // One dotted name is one object (a known model as a dict key);
        // two names may be aliases, so only sameness is known.
        (Value::External(x), Value::External(y)) if x == y => Some(true),
        (Value::Str(_), Value::Int(_) | Value::Float(_) | Value::Bool(_))
        | (Value::Int(_) | Value::Float(_) | Value::Bool(_), Value::Str(_)) => Some(false),
        _ => match (as_f64(a), as_f64(b)) {
            (Some(x), Some(y)) => Some(x == y),
            _ => None,
        },
    }
}

/// Python `in` over known members: `None` when an unknown one might match.
fn any_equal<'a>(members: impl IntoIterator<Item = &'a Value>, item: &Value) -> Option<bool> {
    let mut unknown = false;
    for m in members {
        match values_equal(m, item) {
            Some(true) => return Some(true),
            None => unknown = true,
            Some(false) => {}
        }
    }
    if unknown {
        None
    } else {
        Some(false)
    }
}

fn contains(container: &Value, item: &Value) -> Option<bool> {
    match container {
        Value::Str(s) => match (s.known(), item.as_known_str()) {
            (Some(h), Some(n)) => Some(h.contains(&n)),
            _ => None,
        },
        Value::Dict(d) => any_equal(d.borrow().iter().map(|(k, _)| k), item),
        other => any_equal(&other.items()?, item),
    }
}
