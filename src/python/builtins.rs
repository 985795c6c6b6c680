//! Python built-ins and the standard library calls real code uses to build
//! URLs (`str`, `int`, `len`, `list`, `os.getenv`, `os.environ`), and the
//! methods of built-in values (lists, dicts; strings are in `strings`).

use super::args::Args;
use super::budget::MAX_ITEMS;
use super::interp::{Interp, Site};
use super::namespace::namespace_of;
use super::operators::{as_f64, values_equal};
use super::strings::str_method;
use super::value::Value;
use std::cell::RefCell;

impl Interp {
    /// Python built-ins and the standard library calls real code uses to build URLs.
    pub(super) fn call_builtin(&mut self, name: &str, args: &Args, site: Site) -> Option<Value> {
        let text = self.text(site.module, site);
        match name {
            "os.getenv" | "os.environ.get" => Some(self.getenv(args, text)),
            "functools.update_wrapper" => update_wrapper(args),
            "builtins.globals" => Some(self.namespace(site.module)),
            "builtins.open" | "io.open" => Some(self.open_file(args, site)),
            "builtins.vars" => Some(match args.pos.first() {
                Some(Value::Module(m)) => self.namespace_by_name(m).unwrap_or_else(|| {
                    Value::unknown(text, format!("module {m} is not in the sources"))
                }),
                _ => Value::unknown(text, "vars() of a value other than a module"),
            }),
            "functools.wraps" => args
                .get(0, "wrapped")
                .map(|w| Value::Host(std::rc::Rc::new(Wraps(w.clone())))),
            _ => self
                .call_reflect(name, args, site)
                .or_else(|| builtin_function(name, args, text))
                .or_else(|| self.call_stdlib(name, args, site))
                .or_else(|| self.call_object_builtin(name, args, site)),
        }
    }

    /// `os.getenv(key, default)`: the override, else the default.
    fn getenv(&mut self, args: &Args, text: &str) -> Value {
        let Some(key) = args.get(0, "key").and_then(|k| k.as_known_str()) else {
            return Value::unknown(text, "environment variable name is not known");
        };
        self.environ(&key)
            .unwrap_or_else(|| args.get(1, "default").cloned().unwrap_or(Value::None))
    }

    /// `open(path)` for reading: a file the code reads when it runs is
    /// deployment state, like an environment variable; where the code
    /// handles a missing file, that handler is its default (said in a
    /// warning), else its content is unknown.
    fn open_file(&mut self, args: &Args, site: Site) -> Value {
        let text = self.text(site.module, site);
        let mode = args.get(1, "mode").and_then(|m| m.as_known_str());
        let reads = mode.is_none_or(|m| !m.contains(['w', 'a', 'x', '+']));
        if reads && self.condition().is_none() && self.raise("FileNotFoundError") {
            self.warn(
                site.module,
                site,
                format!("`{text}` reads a file when the code runs; it is taken as absent, and the code's handler for a missing file gives what follows"),
            );
            return Value::None;
        }
        Value::unknown(text, "the content of a file read when the code runs")
    }

    /// `os.environ[key]`: the override; else, where the code catches the
    /// `KeyError` of an unset variable, that handler is its default; else
    /// unknown, since the code gives no default.
    pub(super) fn environ_item(&mut self, key: &str, text: &str) -> Value {
        match self.environ(key) {
            Some(v) => v,
            None if self.raise("KeyError") => Value::None,
            None => Value::unknown(text, format!("environment variable {key} has no default")),
        }
    }

    /// The override of environment variable `key`, recorded as a dependency
    /// of the value being computed.
    fn environ(&mut self, key: &str) -> Option<Value> {
        self.record_env(key);
        self.env.get(key).map(|v| Value::str(v.clone()))
    }

    /// Methods of built-in values (`str.format`, `list.append`, ...) and of
    /// hook objects; `None` for anything else.
    pub(super) fn call_method(
        &mut self,
        recv: &Value,
        name: &str,
        args: &Args,
        site: Site,
    ) -> Option<Value> {
        let hooks = self.hooks.clone();
        if let Some(v) = hooks.method(self, recv, name, args, site) {
            return Some(v);
        }
        match recv {
            Value::Str(s) => str_method(s, name, args),
            Value::List(list) => list_method(list, name, args),
            Value::Dict(d) => dict_method(d, name, args),
            // `cls.mro()`, unless the class defines its own `mro`.
            Value::Class(c)
                if name == "mro" && args.pos.is_empty() && self.class_attr(c, name).is_none() =>
            {
                self.class_mro(c).map(Value::list)
            }
            Value::Host(h) => {
                if let (Some(e), "load") = (
                    h.as_any().downcast_ref::<super::entry_points::EntryPoint>(),
                    name,
                ) {
                    let e = e.clone();
                    return Some(self.load_entry_point(&e, site));
                }
                let module = namespace_of(recv)?;
                let text = self.text(site.module, site);
                self.namespace_method(module, name, args, text)
            }
            _ => None,
        }
    }
}

/// `functools.update_wrapper(wrapper, wrapped)`: the wrapper function
/// itself, now wrapping `wrapped`.
fn update_wrapper(args: &Args) -> Option<Value> {
    let (Some(wrapper), Some(wrapped)) = (args.get(0, "wrapper"), args.get(1, "wrapped")) else {
        return None;
    };
    wrap(wrapper, wrapped)
}

/// What `update_wrapper` does to a function: the attributes set on
/// `wrapped` copied into its `__dict__`, then `__wrapped__` set (on the
/// function object, so every reference to it sees the names it took:
/// `__module__`, `__name__` and `__qualname__` are read through it).
/// `None` for a wrapper that is not a function of the sources.
fn wrap(wrapper: &Value, wrapped: &Value) -> Option<Value> {
    let f = match wrapper {
        Value::Function(f) => f,
        // `update_wrapper(decorator(view), view)` with an external
        // decorator: what the decorator returned already stands for `view`
        // under its names, which update_wrapper gives it again.
        Value::Wrapped { inner, .. } if inner.describe() == wrapped.describe() => {
            return Some(wrapper.clone())
        }
        _ => return None,
    };
    if let Value::Function(w) = wrapped {
        for name in w.attrs.names() {
            if let Some(v) = w.attr(&name) {
                f.set_attr(&name, v);
            }
        }
    }
    f.set_attr("__wrapped__", wrapped.clone());
    Some(wrapper.clone())
}

/// `functools.wraps(wrapped)`: the decorator it returns, which calls
/// `update_wrapper(wrapper, wrapped)` on what it is applied to (the call
/// form `wraps(view)(wrapper)` as much as `@wraps(view)`).
#[derive(Debug)]
pub(super) struct Wraps(pub Value);

impl Wraps {
    /// `wraps(wrapped)(wrapper)`.
    pub(super) fn apply(&self, args: &Args, text: String) -> Value {
        args.pos
            .first()
            .and_then(|wrapper| wrap(wrapper, &self.0))
            .unwrap_or_else(|| {
                Value::unknown(
                    text,
                    "functools.wraps applied to a value other than a function of the sources",
                )
            })
    }
}

impl super::value::HostValue for Wraps {
    fn describe(&self) -> String {
        format!("functools.wraps({})", self.0.describe())
    }

    fn is_callable(&self) -> bool {
        true
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The built-in functions other than those reading the environment;
/// `None` for a name that is not one. `text` is the call's source.
fn builtin_function(name: &str, args: &Args, text: &str) -> Option<Value> {
    let first = args.pos.first();
    let v = match name {
        "builtins.str" => match first {
            Some(v @ Value::Unknown(_)) => v.clone(),
            Some(v) => Value::Str(v.to_str()),
            None => Value::str(""),
        },
        "builtins.int" => int_of(first, text),
        "builtins.float" => float_of(first, text),
        "builtins.bool" => match first.map(|v| v.truthy()) {
            Some(Some(b)) => Value::Bool(b),
            None => Value::Bool(false),
            Some(None) => Value::unknown(text, "bool() of an unknown value"),
        },
        "builtins.len" => len_of(first, text),
        // A set is modelled as a list of its distinct members.
        "builtins.list" | "builtins.tuple" | "builtins.set" => {
            let items = match first {
                Some(v) => match v.iterated() {
                    Some(i) => i,
                    None => return Some(Value::unknown(text, "conversion of an unknown value")),
                },
                None => vec![],
            };
            if name.ends_with("set") {
                let mut distinct: Vec<Value> = Vec::new();
                for i in items {
                    if !distinct.iter().any(|d| values_equal(d, &i) == Some(true)) {
                        distinct.push(i);
                    }
                }
                Value::list(distinct)
            } else if name.ends_with("list") {
                Value::list(items)
            } else {
                Value::Tuple(items)
            }
        }
        "builtins.dict" => Value::dict(
            args.kw
                .iter()
                .map(|(k, v)| (Value::str(k.clone()), v.clone()))
                .collect(),
        ),
        _ => return None,
    };
    Some(v)
}

/// `int(x)`.
fn int_of(arg: Option<&Value>, text: &str) -> Value {
    match arg {
        Some(Value::Int(i)) => Value::Int(*i),
        Some(Value::Float(f)) => Value::Int(*f as i64),
        Some(Value::Bool(b)) => Value::Int(*b as i64),
        Some(Value::Str(s)) => match s.known().and_then(|k| k.trim().parse::<i64>().ok()) {
            Some(i) => Value::Int(i),
            None => Value::unknown(text, "int() of a non-numeric string"),
        },
        _ => Value::unknown(text, "int() of an unknown value"),
    }
}

/// `float(x)`.
fn float_of(arg: Option<&Value>, text: &str) -> Value {
    match arg.and_then(as_f64) {
        Some(f) => Value::Float(f),
        None => match arg.and_then(|v| v.as_known_str()) {
            Some(s) => s
                .trim()
                .parse::<f64>()
                .map(Value::Float)
                .unwrap_or_else(|_| Value::unknown(text, "float() of a non-numeric string")),
            None => Value::unknown(text, "float() of an unknown value"),
        },
    }
}

/// `len(x)`.
fn len_of(arg: Option<&Value>, text: &str) -> Value {
    match arg {
        Some(Value::Str(s)) => match s.known() {
            Some(k) => Value::Int(k.chars().count() as i64),
            None => Value::unknown(text, "len() of an unknown string"),
        },
        Some(v) => match v.iterated() {
            Some(i) => Value::Int(i.len() as i64),
            None => Value::unknown(text, "len() of an unknown value"),
        },
        None => Value::unknown(text, "len() without argument"),
    }
}

/// `append`, `extend`, `insert` (in place: aliases see them), `copy`,
/// `index` and `count`.
fn list_method(list: &RefCell<Vec<Value>>, name: &str, args: &Args) -> Option<Value> {
    match name {
        // A list grows to one item past the cap at most: the next use of
        // it is then an unknown with a warning (see `budget`).
        "append" => {
            let mut l = list.borrow_mut();
            if l.len() <= MAX_ITEMS {
                l.push(args.pos.first().cloned().unwrap_or(Value::None));
            }
            Some(Value::None)
        }
        // `set.add`: a set is a list of distinct members here.
        "add" => {
            let item = args.pos.first().cloned().unwrap_or(Value::None);
            let present = list
                .borrow()
                .iter()
                .any(|v| values_equal(v, &item) == Some(true));
            if !present {
                list_method(list, "append", args);
            }
            Some(Value::None)
        }
        "extend" => {
            if let Some(items) = args.pos.first().and_then(|v| v.items()) {
                let mut l = list.borrow_mut();
                let room = (MAX_ITEMS + 1).saturating_sub(l.len());
                l.extend(items.into_iter().take(room));
            }
            Some(Value::None)
        }
        "insert" => {
            if let (Some(Value::Int(i)), Some(v)) = (args.pos.first(), args.pos.get(1)) {
                let mut l = list.borrow_mut();
                let idx = (*i).clamp(0, l.len() as i64) as usize;
                l.insert(idx, v.clone());
            }
            Some(Value::None)
        }
        "copy" => Some(Value::list(list.borrow().clone())),
        // `sys.argv.index("--exclude-tags")`: the first equal item, known
        // only when no unknown item comes before it.
        "index" => {
            let item = args.pos.first()?;
            for (i, v) in list.borrow().iter().enumerate() {
                match values_equal(v, item) {
                    Some(true) => return Some(Value::Int(i as i64)),
                    Some(false) => {}
                    None => return Some(Value::unknown("list.index(...)", "an item is unknown")),
                }
            }
            Some(Value::unknown(
                "list.index(...)",
                "the value is not in the list (Python raises ValueError)",
            ))
        }
        "count" => {
            let item = args.pos.first()?;
            let mut n = 0;
            for v in list.borrow().iter() {
                match values_equal(v, item) {
                    Some(true) => n += 1,
                    Some(false) => {}
                    None => return Some(Value::unknown("list.count(...)", "an item is unknown")),
                }
            }
            Some(Value::Int(n))
        }
        _ => None,
    }
}

/// The value under `key` in `pairs`: `Some(Some(v))` found, `Some(None)`
/// absent, `None` when an unknown key makes it unknowable.
pub(super) fn dict_lookup(pairs: &[(Value, Value)], key: &Value) -> Option<Option<Value>> {
    let mut unsure = false;
    for (k, v) in pairs {
        match values_equal(k, key) {
            Some(true) => return Some(Some(v.clone())),
            Some(false) => {}
            None => unsure = true,
        }
    }
    if unsure {
        None
    } else {
        Some(None)
    }
}

/// `d[key] = value`, in place.
pub(super) fn dict_set(d: &RefCell<Vec<(Value, Value)>>, key: Value, value: Value) {
    let mut d = d.borrow_mut();
    if let Some(slot) = d
        .iter_mut()
        .find(|(k, _)| values_equal(k, &key) == Some(true))
    {
        slot.1 = value;
    } else if d.len() <= MAX_ITEMS {
        d.push((key, value));
    }
}

/// `get`, `keys`, `values`, `items`, `copy`, `update`, `setdefault` and
/// `pop`; views are lists of their items at the time of the call.
fn dict_method(d: &RefCell<Vec<(Value, Value)>>, name: &str, args: &Args) -> Option<Value> {
    let unknown = || Value::unknown(format!("dict.{name}(...)"), "a key is unknown");
    let v = match name {
        "get" | "pop" | "setdefault" => {
            let key = args.pos.first()?;
            let default = args.pos.get(1).cloned().unwrap_or(Value::None);
            let found = dict_lookup(&d.borrow(), key);
            match (name, found) {
                (_, None) => unknown(),
                (_, Some(Some(v))) if name != "pop" => v,
                ("pop", Some(Some(v))) => {
                    d.borrow_mut()
                        .retain(|(k, _)| values_equal(k, key) != Some(true));
                    v
                }
                ("setdefault", Some(None)) => {
                    dict_set(d, key.clone(), default.clone());
                    default
                }
                _ => default,
            }
        }
        "keys" => Value::list(d.borrow().iter().map(|(k, _)| k.clone()).collect()),
        "values" => Value::list(d.borrow().iter().map(|(_, v)| v.clone()).collect()),
        "items" => Value::list(
            d.borrow()
                .iter()
                .map(|(k, v)| Value::Tuple(vec![k.clone(), v.clone()]))
                .collect(),
        ),
        "copy" => Value::dict(d.borrow().clone()),
        "update" => {
            let mut pairs = args.pos.first().and_then(|v| v.pairs()).unwrap_or_default();
            pairs.extend(
                args.kw
                    .iter()
                    .map(|(k, v)| (Value::str(k.clone()), v.clone())),
            );
            for (k, v) in pairs {
                dict_set(d, k, v);
            }
            Value::None
        }
        _ => return None,
    };
    Some(v)
}
