//! The `tasks` attribute of a class: a list, a `{fn: weight}` dict or
//! `(fn, weight)` pairs, as entries with their repeats.

use super::kinds::last;
use super::model::Entry;
use crate::diagnostics::Diagnostics;
use crate::python::{Interp, Value};

/// `tasks = [...]`, `{fn: n}`, `[(fn, n)]` as entries with their counts.
pub(super) fn tasks_entries(
    it: &mut Interp,
    diags: &mut Diagnostics,
    v: &Value,
    sequential: bool,
    file: &str,
    line: usize,
) -> Vec<(Entry, i64)> {
    let mut out = Vec::new();
    // (task, weight) pairs; a SequentialTaskSet keeps a tuple as it is
    // (Locust cannot run it).
    let mut pairs: Vec<(Entry, Value)> = Vec::new();
    match v {
        Value::Dict(d) => {
            for (t, n) in d.borrow().iter() {
                let t = it.resolve(t.clone());
                pairs.push((entry_of(&t), n.clone()));
            }
        }
        other => match other.items() {
            Some(items) => {
                for item in items {
                    match it.resolve(item) {
                        Value::Tuple(pair) if pair.len() == 2 && !sequential => {
                            let t = it.resolve(pair[0].clone());
                            pairs.push((entry_of(&t), pair[1].clone()))
                        }
                        Value::Tuple(_) => {
                            pairs.push((Entry::Other("<tuple>".into()), Value::Int(1)));
                        }
                        item => pairs.push((entry_of(&item), Value::Int(1))),
                    }
                }
            }
            None => diags.warn_at(
                file,
                line,
                format!(
                    "`tasks` cannot be evaluated statically (`{}`); its entries are missing",
                    other.describe()
                ),
            ),
        },
    }
    for (e, n) in pairs {
        let n = match n {
            Value::Int(n) => n,
            Value::Bool(b) => b as i64,
            other => {
                diags.warn_at(
                    file,
                    line,
                    format!(
                        "task weight `{}` cannot be evaluated statically; counted as 1",
                        other.describe()
                    ),
                );
                1
            }
        };
        if let Entry::Other(d) = &e {
            if d.starts_with("<unknown") {
                diags.warn_at(
                    file,
                    line,
                    format!("task entry {d} cannot be evaluated statically"),
                );
            }
        }
        if n > 0 {
            out.push((e, n));
        }
    }
    out
}

pub(super) fn entry_of(v: &Value) -> Entry {
    match v {
        Value::Function(f) => Entry::Func(f.clone()),
        Value::Class(c) => Entry::Class(c.clone()),
        Value::Lambda(_) => Entry::Other("<lambda>".into()),
        Value::External(d) => Entry::Other(last(d).to_string()),
        Value::Unknown(u) => Entry::Other(format!("<unknown {}>", u.text)),
        other => Entry::Other(format!("<{}>", other.describe())),
    }
}
