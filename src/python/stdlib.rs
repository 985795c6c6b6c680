//! The small pure functions of the standard library (and of the common
//! environment-reading libraries) that real settings and URLconfs call to
//! build prefixes: `getattr` with a default, `urllib.parse.urlparse` /
//! `urlsplit` and their `.path`, `urljoin`, `os.path.join`, `range`,
//! `enumerate`, `zip`, `sorted`, `importlib.import_module` of a module an
//! environment variable names, and the defaults given to django-environ's
//! `Env` and python-decouple's `config`. Each is computed on known values;
//! on anything else it is an unknown, never a guess.

use super::args::Args;
use super::budget::MAX_ITEMS;
use super::interp::{Interp, Site};
use super::value::{HostValue, Value};
use std::any::Any;
use std::rc::Rc;

/// Modules whose source is never read: what their calls return is
/// computed here.
pub const MODELLED_MODULES: &[&str] = &["environ", "decouple"];

/// The result of `urlparse(url)` / `urlsplit(url)` on a known URL.
#[derive(Debug, Clone)]
pub struct ParsedUrl {
    pub scheme: String,
    pub netloc: String,
    pub path: String,
    pub query: String,
    pub fragment: String,
}

impl HostValue for ParsedUrl {
    /// An attribute of the result; `None` for one not modelled.
    fn attr(&self, name: &str) -> Option<Value> {
        let s = match name {
            "scheme" => &self.scheme,
            "netloc" => &self.netloc,
            "path" => &self.path,
            "query" => &self.query,
            "fragment" => &self.fragment,
            "params" => return Some(Value::str("")),
            "hostname" => {
                let host = self.netloc.rsplit('@').next().unwrap_or("");
                let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
                return Some(if host.is_empty() {
                    Value::None
                } else {
                    Value::str(host)
                });
            }
            _ => return None,
        };
        Some(Value::str(s.clone()))
    }

    fn describe(&self) -> String {
        format!("urlparse({}://{}{})", self.scheme, self.netloc, self.path)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl ParsedUrl {
    /// Splits a URL as `urllib.parse.urlsplit` does (scheme, netloc, path,
    /// query, fragment).
    pub fn parse(url: &str) -> ParsedUrl {
        let (rest, fragment) = match url.split_once('#') {
            Some((a, b)) => (a, b.to_string()),
            None => (url, String::new()),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((a, b)) => (a, b.to_string()),
            None => (rest, String::new()),
        };
        let (scheme, rest) = match rest.split_once(':') {
            Some((s, r))
                if !s.is_empty()
                    && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
            {
                (s.to_ascii_lowercase(), r)
            }
            _ => (String::new(), rest),
        };
        let (netloc, path) = match rest.strip_prefix("//") {
            Some(r) => match r.find('/') {
                Some(i) => (r[..i].to_string(), r[i..].to_string()),
                None => (r.to_string(), String::new()),
            },
            None => (String::new(), rest.to_string()),
        };
        ParsedUrl {
            scheme,
            netloc,
            path,
            query,
            fragment,
        }
    }
}

/// `operator.itemgetter(k, ...)`: called on an object, its item `k` (a
/// tuple of the items for several keys), as a `key=` function reads it.
#[derive(Debug, Clone)]
pub struct ItemGetter(Vec<Value>);

impl HostValue for ItemGetter {
    fn describe(&self) -> String {
        "operator.itemgetter(...)".to_string()
    }

    fn is_callable(&self) -> bool {
        true
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl ItemGetter {
    /// The getter applied to `obj`; `None` when an item is not known.
    pub fn apply(&self, obj: &Value) -> Option<Value> {
        let items: Option<Vec<Value>> = self.0.iter().map(|k| item_of(obj, k)).collect();
        let mut items = items?;
        if items.len() == 1 {
            return items.pop();
        }
        Some(Value::Tuple(items))
    }
}

/// `obj[key]` on a known list, tuple or dict; `None` when it is not known.
fn item_of(obj: &Value, key: &Value) -> Option<Value> {
    match (obj, key) {
        (Value::List(_) | Value::Tuple(_), Value::Int(i)) => {
            let items = obj.items().unwrap_or_default();
            let k = if *i < 0 { items.len() as i64 + i } else { *i };
            usize::try_from(k).ok().and_then(|k| items.get(k).cloned())
        }
        (Value::Dict(d), k) => super::builtins::dict_lookup(&d.borrow(), k).flatten(),
        _ => None,
    }
}

/// `urllib.parse.urljoin(base, url)` on known strings (RFC 3986's common
/// cases: an absolute URL, an absolute path, a relative path).
pub fn urljoin(base: &str, url: &str) -> String {
    if url.is_empty() {
        return base.to_string();
    }
    let u = ParsedUrl::parse(url);
    if !u.scheme.is_empty() {
        return url.to_string();
    }
    let b = ParsedUrl::parse(base);
    let origin = if b.scheme.is_empty() {
        String::new()
    } else {
        format!("{}://{}", b.scheme, b.netloc)
    };
    if let Some(rest) = url.strip_prefix("//") {
        return format!("{}://{rest}", b.scheme);
    }
    if url.starts_with('/') {
        return format!("{origin}{url}");
    }
    let dir = match b.path.rfind('/') {
        Some(i) => &b.path[..=i],
        None => "/",
    };
    let mut segments: Vec<&str> = Vec::new();
    let joined = format!("{dir}{url}");
    let trailing = joined.ends_with('/') || joined.ends_with("/.") || joined.ends_with("/..");
    for seg in joined.split('/').skip(1) {
        match seg {
            "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut path = format!("/{}", segments.join("/"));
    if trailing && !path.ends_with('/') {
        path.push('/');
    }
    format!("{origin}{path}")
}

/// `os.path.join` (POSIX) on known strings.
pub fn path_join(parts: &[String]) -> String {
    let mut out = String::new();
    for p in parts {
        if p.starts_with('/') {
            out = p.clone();
        } else if out.is_empty() || out.ends_with('/') {
            out.push_str(p);
        } else {
            out.push('/');
            out.push_str(p);
        }
    }
    out
}

impl Interp {
    /// The standard-library and environment-library calls above; `None`
    /// for another name.
    pub(super) fn call_stdlib(&mut self, name: &str, args: &Args, site: Site) -> Option<Value> {
        let text = self.text(site.module, site);
        let unknown = |why: &str| Value::unknown(text, why.to_string());
        let strings =
            || -> Option<Vec<String>> { args.pos.iter().map(|a| a.as_known_str()).collect() };
        let v = match name {
            "builtins.getattr" => self.getattr(args, site),
            "urllib.parse.urlparse" | "urllib.parse.urlsplit" => {
                match args.get(0, "url").and_then(|u| u.as_known_str()) {
                    Some(u) => Value::Host(Rc::new(ParsedUrl::parse(&u))),
                    None => unknown("urlparse() of an unknown URL"),
                }
            }
            "urllib.parse.urljoin" => match strings().as_deref() {
                Some([base, url, ..]) => Value::str(urljoin(base, url)),
                _ => unknown("urljoin() of an unknown URL"),
            },
            "os.path.join" | "posixpath.join" => match strings() {
                Some(parts) if !parts.is_empty() => Value::str(path_join(&parts)),
                _ => unknown("os.path.join() of an unknown part"),
            },
            "builtins.range" => range(args).unwrap_or_else(|| unknown("range() of unknown bounds")),
            // Without `times` it never ends: unknown, as any endless iterator.
            "itertools.repeat" => match (args.get(0, "object"), args.get(1, "times")) {
                (Some(v), Some(Value::Int(n))) if *n <= super::budget::MAX_ITEMS as i64 => {
                    Value::list(vec![v.clone(); usize::try_from(*n).unwrap_or(0)])
                }
                _ => unknown("itertools.repeat() without a known count"),
            },
            "builtins.enumerate" => match args.pos.first().and_then(|v| v.iterated()) {
                Some(items) => Value::list(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| Value::Tuple(vec![Value::Int(i as i64), v]))
                        .collect(),
                ),
                None => unknown("enumerate() of an unknown value"),
            },
            "builtins.zip" => {
                let lists: Option<Vec<Vec<Value>>> =
                    args.pos.iter().map(|a| a.iterated()).collect();
                match lists {
                    Some(lists) if !lists.is_empty() => {
                        let n = lists.iter().map(Vec::len).min().unwrap_or(0);
                        Value::list(
                            (0..n)
                                .map(|i| Value::Tuple(lists.iter().map(|l| l[i].clone()).collect()))
                                .collect(),
                        )
                    }
                    _ => unknown("zip() of an unknown value"),
                }
            }
            "builtins.all" | "builtins.any" => {
                let all = name == "builtins.all";
                match args.pos.first().and_then(|v| v.iterated()) {
                    // `all` is decided by one false item, `any` by one true
                    // one, whatever the unknown items around it.
                    Some(items) => {
                        let truths: Vec<Option<bool>> = items.iter().map(Value::truthy).collect();
                        if truths.contains(&Some(!all)) {
                            Value::Bool(!all)
                        } else if truths.iter().all(Option::is_some) {
                            Value::Bool(all)
                        } else {
                            unknown("all()/any() of items not known")
                        }
                    }
                    None => unknown("all()/any() of an unknown iterable"),
                }
            }
            "builtins.reversed" => match args.pos.first().and_then(|v| v.iterated()) {
                Some(mut items) => {
                    items.reverse();
                    Value::list(items)
                }
                None => unknown("reversed() of an unknown sequence"),
            },
            "builtins.sorted" => sorted(args)
                .unwrap_or_else(|| unknown("sorted() of values not known or not comparable")),
            "importlib.import_module" => self.import_module(args, site),
            "importlib.metadata.entry_points" | "importlib_metadata.entry_points" => {
                self.entry_points(args, site)
            }
            "operator.itemgetter" if !args.pos.is_empty() && args.kw.is_empty() => {
                Value::Host(Rc::new(ItemGetter(args.pos.clone())))
            }
            "importlib.util.find_spec" => self.find_spec(args, site),
            "environ.Env" | "environ.Env.read_env" => {
                if name == "environ.Env" {
                    Value::External("environ.Env()".into())
                } else {
                    Value::None
                }
            }
            "decouple.config" | "environ.Env()" => self.env_library(args, text, None),
            _ => {
                let cast = name.strip_prefix("environ.Env().")?;
                self.env_library(args, text, Some(cast))
            }
        };
        Some(v)
    }

    /// `getattr(obj, name[, default])`: the default only when `obj` is
    /// known not to have the attribute.
    fn getattr(&mut self, args: &Args, site: Site) -> Value {
        let text = self.text(site.module, site);
        let (Some(obj), Some(name)) = (
            args.pos.first(),
            args.pos.get(1).and_then(|n| n.as_known_str()),
        ) else {
            return Value::unknown(text, "getattr() with an unknown name");
        };
        let obj = self.resolve(obj.clone());
        let default = args.pos.get(2);
        if let Some(d) = default {
            let has = match &obj {
                // The class's own and its project bases' attributes; what an
                // external base defines is taken to be the default.
                Value::Class(c) => Some(self.class_attr(c, &name).is_some()),
                other => self.has_attribute(other, &name),
            };
            if has == Some(false) {
                return d.clone();
            }
            if has.is_none() {
                return Value::unknown(text, "getattr() of a value not modelled");
            }
        }
        self.get_attr(&obj, &name, site)
    }

    /// `importlib.import_module(name)`: the module when it is in the
    /// sources; when it is absent (a deployment's configuration often is),
    /// the example or test module shipped beside it, said in a warning.
    fn import_module(&mut self, args: &Args, site: Site) -> Value {
        let text = self.text(site.module, site);
        let Some(name) = args.get(0, "name").and_then(|n| n.as_known_str()) else {
            return Value::unknown(text, "import_module() of an unknown name");
        };
        let name = match (
            name.strip_prefix('.'),
            args.get(1, "package").and_then(|p| p.as_known_str()),
        ) {
            (Some(rel), Some(pkg)) => format!("{pkg}.{rel}"),
            _ => name,
        };
        if self.is_modelled(&name) {
            return Value::Module(name);
        }
        // The module runs now, as Python runs it: a plugin's import-time
        // registrations are there for the code after the call.
        if self.run_imported(false, &name).is_some() || self.exists(&name) {
            return Value::Module(name);
        }
        if self.known_missing(&name) && self.raise("ModuleNotFoundError") {
            return Value::unknown(text, format!("module {name} does not exist"));
        }
        let (parent, last) = match name.rsplit_once('.') {
            Some((p, l)) => (format!("{p}."), l.to_string()),
            None => (String::new(), name.clone()),
        };
        let candidates = [
            format!("{parent}{last}_example"),
            format!("{parent}example_{last}"),
            format!("{parent}{last}_testing"),
            format!("{parent}{last}_test"),
            format!("{parent}testing_{last}"),
        ];
        if let Some(found) = candidates.iter().find(|c| self.exists(c)) {
            self.warn(
                site.module,
                site,
                format!("module {name} (chosen by `{text}`) is not in the sources; read {found}, shipped beside it, in its place (pass --env to choose another)"),
            );
            self.run_imported(false, found);
            return Value::Module(found.clone());
        }
        self.note(
            site.module,
            site,
            format!("module {name} (chosen by `{text}`) is not in the sources; what it defines is unknown"),
        );
        Value::unknown(text, format!("module {name} is not in the sources"))
    }

    /// `importlib.util.find_spec(name)`: a spec for a module that exists,
    /// `None` for one known not to.
    fn find_spec(&mut self, args: &Args, site: Site) -> Value {
        let text = self.text(site.module, site);
        let Some(name) = args.get(0, "name").and_then(|n| n.as_known_str()) else {
            return Value::unknown(text, "find_spec() of an unknown name");
        };
        if self.exists(&name) {
            let spec = Value::External("importlib.machinery.ModuleSpec".into());
            return Value::instance(spec, vec![("name".into(), Value::str(name))]);
        }
        if self.known_missing(&name) {
            return Value::None;
        }
        Value::unknown(text, format!("whether module {name} exists is not known"))
    }

    /// `env("X", default=...)`, `env.str("X", default=...)`,
    /// `config("X", default=..., cast=...)`: the `--env` value, else the
    /// default (cast as the call says, when the cast is a known one).
    fn env_library(&mut self, args: &Args, text: &str, cast: Option<&str>) -> Value {
        let Some(key) = args
            .get(0, "var")
            .or_else(|| args.kw("key"))
            .and_then(|k| k.as_known_str())
        else {
            return Value::unknown(text, "environment variable name is not known");
        };
        self.record_env(&key);
        let raw = self.env.get(&key).cloned();
        let cast = cast.map(str::to_string).or_else(|| match args.kw("cast") {
            Some(Value::External(c)) => c.strip_prefix("builtins.").map(str::to_string),
            _ => None,
        });
        match (raw, args.kw("default").or_else(|| args.pos.get(1))) {
            (Some(raw), _) => cast_env(&raw, cast.as_deref()).unwrap_or_else(|| {
                Value::unknown(
                    text,
                    format!("environment variable {key} with a cast not modelled"),
                )
            }),
            (None, Some(d)) => match (d.as_known_str(), cast.as_deref()) {
                // decouple casts a string default as it casts the variable.
                (Some(s), Some(_)) => cast_env(&s, cast.as_deref()).unwrap_or_else(|| d.clone()),
                _ => d.clone(),
            },
            (None, None) => {
                Value::unknown(text, format!("environment variable {key} has no default"))
            }
        }
    }
}

/// An environment variable's text as `cast` reads it (`str`, `bool`,
/// `int`); `None` for a cast not modelled.
fn cast_env(raw: &str, cast: Option<&str>) -> Option<Value> {
    Some(match cast {
        None | Some("str") => Value::str(raw),
        Some("bool") => Value::Bool(matches!(
            raw.trim().to_ascii_lowercase().as_str(),
            "true" | "on" | "ok" | "y" | "yes" | "1"
        )),
        Some("int") => Value::Int(raw.trim().parse().ok()?),
        Some(_) => return None,
    })
}

/// `range(stop)`, `range(start, stop[, step])` on known ints, capped.
fn range(args: &Args) -> Option<Value> {
    let ints: Option<Vec<i64>> = args
        .pos
        .iter()
        .map(|a| match a {
            Value::Int(i) => Some(*i),
            _ => None,
        })
        .collect();
    let (start, stop, step) = match ints?.as_slice() {
        [stop] => (0, *stop, 1),
        [start, stop] => (*start, *stop, 1),
        [start, stop, step] if *step != 0 => (*start, *stop, *step),
        _ => return None,
    };
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        if out.len() > MAX_ITEMS {
            return None;
        }
        out.push(Value::Int(i));
        i += step;
    }
    Some(Value::list(out))
}

/// `sorted(items)` (and `reverse=True`) on known strings or known ints.
fn sorted(args: &Args) -> Option<Value> {
    if args.kw("key").is_some() {
        return None;
    }
    let items = args.pos.first()?.iterated()?;
    let reverse = args.kw("reverse").and_then(|r| r.truthy()).unwrap_or(false);
    let mut out = if items.iter().all(|i| matches!(i, Value::Int(_))) {
        let mut ints: Vec<i64> = items
            .iter()
            .filter_map(|i| match i {
                Value::Int(n) => Some(*n),
                _ => None,
            })
            .collect();
        ints.sort();
        ints.into_iter().map(Value::Int).collect::<Vec<_>>()
    } else {
        let mut strs: Vec<String> = items
            .iter()
            .map(|i| i.as_known_str())
            .collect::<Option<_>>()?;
        strs.sort();
        strs.into_iter().map(Value::str).collect()
    };
    if reverse {
        out.reverse();
    }
    Some(Value::list(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlparse_splits_as_python_does() {
        let u = ParsedUrl::parse("https://example.com:8000/app/api/?x=1#top");
        assert_eq!(u.scheme, "https");
        assert_eq!(u.netloc, "example.com:8000");
        assert_eq!(u.path, "/app/api/");
        assert_eq!(u.query, "x=1");
        assert_eq!(u.fragment, "top");
        assert_eq!(ParsedUrl::parse("/just/a/path").path, "/just/a/path");
        assert_eq!(ParsedUrl::parse("http://host").path, "");
    }

    #[test]
    fn urljoin_follows_rfc_3986() {
        assert_eq!(urljoin("http://a/b/c/d", "g"), "http://a/b/c/g");
        assert_eq!(urljoin("http://a/b/c/d", "/g"), "http://a/g");
        assert_eq!(urljoin("http://a/b/c/", "g/"), "http://a/b/c/g/");
        assert_eq!(urljoin("http://a/b/c/d", "../g"), "http://a/b/g");
        assert_eq!(urljoin("http://a/b/", "https://x/y"), "https://x/y");
        assert_eq!(urljoin("/app/", "api/"), "/app/api/");
    }

    #[test]
    fn path_join_restarts_at_an_absolute_part() {
        let j = |p: &[&str]| path_join(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(j(&["a", "b/", "c"]), "a/b/c");
        assert_eq!(j(&["a", "/b", "c"]), "/b/c");
        assert_eq!(j(&["", "x"]), "x");
    }

    #[test]
    fn environment_casts_read_as_the_libraries_do() {
        assert!(matches!(
            cast_env("True", Some("bool")),
            Some(Value::Bool(true))
        ));
        assert!(matches!(
            cast_env("0", Some("bool")),
            Some(Value::Bool(false))
        ));
        assert!(matches!(cast_env("8", Some("int")), Some(Value::Int(8))));
        assert!(cast_env("x", Some("float")).is_none());
    }
}

/// A value of the standard library reached by its dotted name: the few
/// constants code compares against (`errno.ENOENT` in a handler of a
/// missing file, `os.SEEK_END`), as CPython on Linux defines them; any
/// other name stays the external object it names.
pub(super) fn external(dotted: String) -> Value {
    let constant = match dotted.as_str() {
        "errno.ENOENT" => 2,
        "errno.EACCES" => 13,
        "errno.EEXIST" => 17,
        "errno.ENOTDIR" => 20,
        "errno.EISDIR" => 21,
        "os.SEEK_SET" => 0,
        "os.SEEK_CUR" => 1,
        "os.SEEK_END" => 2,
        _ => return Value::External(dotted),
    };
    Value::Int(constant)
}

/// An exception a handler caught (`except OSError as e`), of the class the
/// evaluator knows was raised.
#[derive(Debug)]
pub struct CaughtException {
    pub class: String,
}

impl HostValue for CaughtException {
    /// What Python gives for the attributes the evaluator knows: the
    /// `errno` of a missing file.
    fn attr(&self, name: &str) -> Option<Value> {
        match (self.class.as_str(), name) {
            ("FileNotFoundError", "errno") => Some(Value::Int(2)),
            _ => None,
        }
    }

    fn describe(&self) -> String {
        format!("a caught {}", self.class)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl CaughtException {}
