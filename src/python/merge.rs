//! Joining the paths code may take. Where a condition is unknown, both
//! branches run from the same state; afterwards a name the branches bound
//! to different values is an unknown named after itself, never the value
//! of one branch, and a `return` one branch takes is a possible result of
//! the function, merged the same way with what it returns at the end.
//! Used where one value per name matters (a request's URL); a URLconf's
//! module code keeps what every branch defines, each under its condition.

use super::interp::{Frame, Interp};
use super::statements::Flow;
use super::value::Value;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::OnceLock;

/// The names a frame binds: its locals, or its module's scope.
pub type Scope = HashMap<String, Value>;

/// One way code may go, run from the state before the paths split; `None`
/// runs nothing (no iteration of a loop, no matching `case`).
pub(super) type Path<'a> = Option<Box<dyn FnOnce(&mut Interp, &mut Frame) -> Flow + 'a>>;

/// Why a merged name is unknown.
const DISAGREE: &str = "assigned different values on different paths";

/// True when `a` and `b` are the same value as far as the evaluator knows.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::List(x), Value::List(y)) => Rc::ptr_eq(x, y) || all_same(&x.borrow(), &y.borrow()),
        (Value::Tuple(x), Value::Tuple(y)) => all_same(x, y),
        (Value::Dict(x), Value::Dict(y)) => {
            Rc::ptr_eq(x, y) || {
                let (x, y) = (x.borrow(), y.borrow());
                x.len() == y.len()
                    && x.iter()
                        .zip(y.iter())
                        .all(|((k1, v1), (k2, v2))| same(k1, k2) && same(v1, v2))
            }
        }
        (Value::Module(x), Value::Module(y)) | (Value::External(x), Value::External(y)) => x == y,
        (
            Value::Import {
                module: m1,
                name: n1,
            },
            Value::Import {
                module: m2,
                name: n2,
            },
        ) => m1 == m2 && n1 == n2,
        (Value::Function(x), Value::Function(y)) => {
            // Closures of one `def` differ by what they closed over.
            let captured = match (&x.captured, &y.captured) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            };
            let wrapped = match (&x.wrapped, &y.wrapped) {
                (Some(a), Some(b)) => same(a, b),
                (a, b) => a.is_none() && b.is_none(),
            };
            x.module == y.module
                && x.def_start == y.def_start
                && captured
                && wrapped
                && Rc::ptr_eq(&x.attrs, &y.attrs)
        }
        (Value::Class(x), Value::Class(y)) => x.module == y.module && x.node.id() == y.node.id(),
        (Value::Host(x), Value::Host(y)) => Rc::ptr_eq(x, y),
        (Value::Instance(x), Value::Instance(y)) => Rc::ptr_eq(x, y),
        // The same expression left unknown on both paths.
        (Value::Unknown(x), Value::Unknown(y)) => x.text == y.text,
        _ => false,
    }
}

fn all_same(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
}

/// One value for `name` from the values the paths give it.
pub fn merge(values: &[Value], name: &str) -> Value {
    match values.split_first() {
        None => Value::None,
        Some((first, rest)) if rest.iter().all(|v| same(first, v)) => first.clone(),
        Some(_) => Value::unknown(name, DISAGREE),
    }
}

/// The scope after two paths: a name bound on one path only keeps that
/// value (using it on the other path is a `NameError`, not a value).
pub fn merge_scopes(a: Scope, mut b: Scope) -> Scope {
    let mut out = Scope::with_capacity(a.len().max(b.len()));
    for (name, va) in a {
        let v = match b.remove(&name) {
            Some(vb) => merge(&[va, vb], &name),
            None => va,
        };
        out.insert(name, v);
    }
    out.extend(b);
    out
}

/// Module-level names that a function of `text` rebinds (`global NAME`):
/// read from a function, such a name holds whatever the last call left.
/// Read from the text, as function bodies may not be parsed yet.
pub fn rebound_globals(text: &str) -> HashSet<String> {
    static GLOBAL: OnceLock<Regex> = OnceLock::new();
    let re = GLOBAL.get_or_init(|| {
        Regex::new(r"(?m)^[ \t]+global[ \t]+([A-Za-z_][\w \t,]*)$").expect("valid regex")
    });
    re.captures_iter(text)
        .flat_map(|c| {
            c[1].split(',')
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

impl Interp {
    /// Paths that may each run, walked from the same state and joined: a
    /// name they bind differently becomes an unknown named after itself, a
    /// `return` some of them take is a possible result of the function. The
    /// code after runs unless every path returns or raises.
    pub(super) fn join(&mut self, frame: &mut Frame, paths: Vec<Path<'_>>) -> Flow {
        let before = self.scope_snapshot(frame);
        let mut falls_through: Vec<Scope> = Vec::new();
        let mut returned: Vec<Value> = Vec::new();
        for (i, path) in paths.into_iter().enumerate() {
            if i > 0 {
                self.restore_scope(frame, before.clone());
            }
            match path.map_or(Flow::Normal, |p| p(self, frame)).undecided() {
                Flow::Return(v) => returned.push(v),
                Flow::Raise => {}
                // `break` or `continue` under an unknown condition: as if
                // the path went on (a loop's values are joined all the same).
                _ => falls_through.push(self.scope_snapshot(frame)),
            }
        }
        let Some(first) = falls_through.pop() else {
            // Every path ends: the last return is the flow, the others possible.
            let last = returned.pop();
            for v in returned {
                self.maybe_return(v);
            }
            self.restore_scope(frame, before);
            return last.map_or(Flow::Raise, Flow::Return);
        };
        for v in returned {
            self.maybe_return(v);
        }
        let merged = falls_through.into_iter().fold(first, merge_scopes);
        self.restore_scope(frame, merged);
        Flow::Normal
    }

    /// With precise flow, a module-level name that a function rebinds
    /// through `global`, read from inside a function: unknown.
    pub(super) fn rebound_global(&mut self, frame: &Frame, name: &str) -> Option<Value> {
        // Inside a call (a class body runs once, at import, and sees the
        // module's value then).
        if !self.precise_flow || frame.locals.is_none() || self.maybe_returns.is_empty() {
            return None;
        }
        let module = frame.module;
        let file = self.modules[module].file?;
        let names = self
            .rebound
            .entry(module)
            .or_insert_with(|| rebound_globals(file.text));
        names
            .contains(name)
            .then(|| Value::unknown(name, "a module-level name a function rebinds with `global`"))
    }

    /// The names `frame` binds, to run another path from the same state.
    pub fn scope_snapshot(&self, frame: &Frame) -> Scope {
        match &frame.locals {
            Some(l) => l.clone(),
            None => self.modules[frame.module].scope.clone(),
        }
    }

    pub fn restore_scope(&mut self, frame: &mut Frame, scope: Scope) {
        match &mut frame.locals {
            Some(l) => *l = scope,
            None => self.modules[frame.module].scope = scope,
        }
    }

    /// Starts collecting the possible results of a function call.
    pub fn begin_returns(&mut self) {
        self.maybe_returns.push(Vec::new());
    }

    /// A `return` taken on one path only: a possible result of the call.
    pub fn maybe_return(&mut self, value: Value) {
        if let Some(top) = self.maybe_returns.last_mut() {
            top.push(value);
        }
    }

    /// The call's result: `last` (what it returns at the end) merged with
    /// every possible result collected since `begin_returns`.
    pub fn end_returns(&mut self, last: Value, name: &str) -> Value {
        let mut values = self.maybe_returns.pop().unwrap_or_default();
        if values.is_empty() {
            return last;
        }
        values.push(last);
        merge(&values, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreeing_paths_keep_their_value() {
        let v = merge(&[Value::str("/a/"), Value::str("/a/")], "x");
        assert_eq!(v.as_known_str().as_deref(), Some("/a/"));
    }

    #[test]
    fn disagreeing_paths_are_unknown_named_after_the_variable() {
        let v = merge(&[Value::None, Value::unknown("resp", "r")], "channel_id");
        match v {
            Value::Unknown(u) => assert_eq!(u.text, "channel_id"),
            other => panic!("expected unknown, got {other:?}"),
        }
        assert!(merge(&[Value::Int(1), Value::Int(2)], "x").is_unknown());
        assert!(!same(&Value::Int(1), &Value::Float(1.0)));
    }

    #[test]
    fn globals_rebound_by_functions_are_found_in_the_text() {
        let text = "X = None\ndef f():\n    global X, Y\n    X = 1\n# global Z\n";
        let names = rebound_globals(text);
        assert!(names.contains("X") && names.contains("Y"));
        assert!(!names.contains("Z"));
    }

    #[test]
    fn scopes_merge_name_by_name() {
        let a: Scope = [
            ("x".to_string(), Value::Int(1)),
            ("y".into(), Value::Int(2)),
        ]
        .into();
        let b: Scope = [
            ("x".to_string(), Value::Int(1)),
            ("y".into(), Value::Int(3)),
        ]
        .into();
        let m = merge_scopes(a, b);
        assert!(matches!(m["x"], Value::Int(1)));
        assert!(m["y"].is_unknown());
    }
}
