//! Built-ins that look at objects or order them: `dir()` over what the
//! sources bind, `collections.defaultdict` (its factory called for a
//! missing key, as `__missing__` does), and `sorted`, `min` and `max` with a
//! `key=` that calls project functions and lambdas.

use super::args::Args;
use super::builtins::dict_set;
use super::interp::{Interp, Site};
use super::operators::as_f64;
use super::value::Value;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::rc::Rc;

/// A dict as values share it.
pub(super) type SharedDict = Rc<RefCell<Vec<(Value, Value)>>>;

/// A value an ordering compares: numbers with numbers, strings with strings.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
enum SortKey {
    Num(f64),
    Text(String),
}

fn sort_key(v: &Value) -> Option<SortKey> {
    as_f64(v)
        .map(SortKey::Num)
        .or_else(|| v.as_known_str().map(SortKey::Text))
}

/// Keys of one kind only: Python refuses to order a number and a string.
fn comparable(keys: &[SortKey]) -> bool {
    keys.windows(2).all(|w| {
        matches!(
            (&w[0], &w[1]),
            (SortKey::Num(_), SortKey::Num(_)) | (SortKey::Text(_), SortKey::Text(_))
        )
    })
}

impl Interp {
    /// `dir`, `collections.defaultdict`, and `sorted`/`min`/`max` where
    /// they need a call; `None` for another name.
    pub(super) fn call_reflect(&mut self, name: &str, args: &Args, site: Site) -> Option<Value> {
        let text = self.text(site.module, site).to_string();
        let v = match name {
            "builtins.dir" => match args.pos.first() {
                Some(obj) => {
                    let obj = self.resolve(obj.clone());
                    self.dir_names(&obj).map_or_else(
                        || Value::unknown(&text, "dir() of a value whose names are not all known"),
                        |names| Value::list(names.into_iter().map(Value::str).collect()),
                    )
                }
                None => Value::unknown(&text, "dir() of the current scope"),
            },
            "collections.defaultdict" => self.defaultdict(args),
            // Ordered as every dict is.
            "collections.OrderedDict" => {
                Value::dict(args.pos.first().and_then(Value::pairs).unwrap_or_default())
            }
            "builtins.sorted" if args.kw("key").is_some() => {
                self.sorted_by_key(args, site).unwrap_or_else(|| {
                    Value::unknown(&text, "sorted() by keys not known or not comparable")
                })
            }
            "builtins.min" | "builtins.max" => self
                .extreme(args, name == "builtins.max", site)
                .unwrap_or_else(|| {
                    Value::unknown(&text, "min()/max() of values not known or not comparable")
                }),
            _ => return None,
        };
        Some(v)
    }

    /// The names `dir(obj)` lists that the sources bind, sorted as Python
    /// sorts them: a module's globals; a class's attributes and those of
    /// its project bases; an object's own and its class's. `None` when a
    /// base outside the sources would add names. The interpreter's own
    /// dunder names (`__doc__`, `object.__init__`) are left out.
    fn dir_names(&mut self, obj: &Value) -> Option<Vec<String>> {
        let mut names: Vec<String> = match obj {
            Value::Module(m) => {
                let idx = self.load(m)?;
                self.modules[idx].scope.keys().cloned().collect()
            }
            Value::Class(c) => {
                let (classes, externals) = self.lineage(c);
                if !externals.is_empty() {
                    return None;
                }
                let mut out = Vec::new();
                for class in classes {
                    out.extend(self.class_scope(&class).keys().cloned());
                }
                out
            }
            Value::Instance(i) => {
                let mut out = i.attrs.names();
                out.extend(self.dir_names(&i.class)?);
                out
            }
            // A function's `__dict__`: what code set on it, and what
            // `functools.wraps` copied from the function it wraps.
            Value::Function(f) => {
                let mut out = f.attrs.names();
                if let Some(w) = f
                    .wrapped
                    .as_deref()
                    .cloned()
                    .or_else(|| f.attr("__wrapped__"))
                {
                    let w = self.resolve(w);
                    out.extend(self.dir_names(&w)?);
                }
                out
            }
            Value::Host(_) => {
                let hooks = self.hooks.clone();
                hooks.dir_names(self, obj)?
            }
            _ => return None,
        };
        names.retain(|n| !n.starts_with("__") || !n.ends_with("__"));
        names.sort();
        names.dedup();
        Some(names)
    }

    /// `defaultdict(factory[, mapping])`: a dict that remembers its factory.
    fn defaultdict(&mut self, args: &Args) -> Value {
        let pairs = args.pos.get(1).and_then(Value::pairs).unwrap_or_default();
        let dict: SharedDict = Rc::new(RefCell::new(pairs));
        if let Some(factory) = args.pos.first().filter(|f| !matches!(f, Value::None)) {
            self.dict_factories.push((dict.clone(), factory.clone()));
        }
        Value::Dict(dict)
    }

    /// `d[key]` for a key `d` lacks: for a defaultdict, the factory's value,
    /// stored under the key; `None` for a plain dict.
    pub(super) fn missing_key(&mut self, d: &SharedDict, key: &Value, site: Site) -> Option<Value> {
        let factory = self
            .dict_factories
            .iter()
            .find(|(k, _)| Rc::ptr_eq(k, d))
            .map(|(_, f)| f.clone())?;
        let v = self.call_value(factory, &Args::default(), site);
        dict_set(d, key.clone(), v.clone());
        Some(v)
    }

    /// The key of each item, by calling `key` on it (the item itself
    /// without one); `None` when one is not known or they do not compare.
    fn keys_of(
        &mut self,
        items: &[Value],
        key: Option<&Value>,
        site: Site,
    ) -> Option<Vec<SortKey>> {
        let mut keys = Vec::with_capacity(items.len());
        for item in items {
            let k = match key {
                Some(f) => self.call_value(f.clone(), &Args::positional(vec![item.clone()]), site),
                None => item.clone(),
            };
            keys.push(sort_key(&k)?);
        }
        comparable(&keys).then_some(keys)
    }

    /// `sorted(items, key=f[, reverse=True])`: stable, as Python's sort.
    fn sorted_by_key(&mut self, args: &Args, site: Site) -> Option<Value> {
        let items = args.pos.first()?.iterated()?;
        let key = args
            .kw("key")
            .filter(|k| !matches!(k, Value::None))
            .cloned();
        let keys = self.keys_of(&items, key.as_ref(), site)?;
        let reverse = args
            .kw("reverse")
            .map(|r| r.truthy())
            .unwrap_or(Some(false))?;
        let mut order: Vec<usize> = (0..items.len()).collect();
        // Python keeps equal items in their order when reversing too.
        order.sort_by(|&a, &b| {
            let o = keys[a].partial_cmp(&keys[b]).unwrap_or(Ordering::Equal);
            if reverse {
                o.reverse()
            } else {
                o
            }
        });
        Some(Value::list(
            order.into_iter().map(|i| items[i].clone()).collect(),
        ))
    }

    /// `min`/`max` of one iterable or of several arguments, with `key=` and
    /// `default=`: the first of the smallest (largest), as Python returns.
    fn extreme(&mut self, args: &Args, largest: bool, site: Site) -> Option<Value> {
        let items = match args.pos.as_slice() {
            [one] => one.iterated()?,
            many => many.to_vec(),
        };
        if items.is_empty() {
            return args.kw("default").cloned();
        }
        let key = args
            .kw("key")
            .filter(|k| !matches!(k, Value::None))
            .cloned();
        let keys = self.keys_of(&items, key.as_ref(), site)?;
        let mut best = 0;
        for i in 1..keys.len() {
            let better = if largest {
                keys[i] > keys[best]
            } else {
                keys[i] < keys[best]
            };
            if better {
                best = i;
            }
        }
        Some(items[best].clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_strings_do_not_compare() {
        let keys = [SortKey::Num(1.0), SortKey::Text("a".into())];
        assert!(!comparable(&keys));
        assert!(comparable(&[SortKey::Num(2.0), SortKey::Num(1.0)]));
        assert_eq!(sort_key(&Value::Int(3)), Some(SortKey::Num(3.0)));
        assert_eq!(sort_key(&Value::str("x")), Some(SortKey::Text("x".into())));
        assert_eq!(sort_key(&Value::None), None);
    }
}
