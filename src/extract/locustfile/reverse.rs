//! `django.urls.reverse()` / `reverse_lazy()` in a locustfile: a URL named
//! by its route. With the project's route map, the name resolves as
//! Django's resolver does (the last route of that name whose parameters
//! the arguments fit); an argument the evaluator cannot know becomes a
//! placeholder named after the route's parameter, which the join matches.
//! Without the route map the URL is one placeholder and a warning.

use crate::model::RouteMap;
use crate::python::value::Str;
use crate::python::{Args, Value};
use regex::Regex;
use std::collections::BTreeMap;

/// Callables that return a route's URL from its name.
const REVERSE: &[&str] = &[
    "django.urls.reverse",
    "django.urls.reverse_lazy",
    "django.urls.base.reverse",
    "django.urls.base.reverse_lazy",
    "django.core.urlresolvers.reverse",
    "django.core.urlresolvers.reverse_lazy",
    "rest_framework.reverse.reverse",
    "rest_framework.reverse.reverse_lazy",
];

pub fn is_reverse(callee: &str) -> bool {
    REVERSE.contains(&callee)
}

/// One piece of a route's path.
#[derive(Debug, Clone)]
enum Piece {
    Lit(String),
    /// A parameter: its name and the regex its value must match.
    Param(String, String),
}

/// A route, as reverse() rebuilds its path.
#[derive(Debug, Clone)]
struct Named {
    name: Option<String>,
    /// The view's dotted name, for `reverse(view_callable)`.
    view: String,
    /// `None`: a regex reverse() cannot rebuild here.
    pieces: Option<Vec<Piece>>,
}

/// The named routes of a project, in URLconf order.
#[derive(Debug, Clone, Default)]
pub struct RouteNames {
    routes: Vec<Named>,
}

/// What a reverse() call gives.
pub enum Reversed {
    Url(Str),
    /// Unknown, with why (for the warning).
    Unknown(String),
}

impl RouteNames {
    pub fn new(map: &RouteMap) -> RouteNames {
        let routes = map
            .routes
            .iter()
            .map(|r| {
                let pieces = if r.regex {
                    regex_pieces(&r.path)
                } else {
                    Some(path_pieces(&r.path, &map.converters))
                };
                Named {
                    name: r.name.clone(),
                    view: r.view.clone(),
                    pieces,
                }
            })
            .collect();
        RouteNames { routes }
    }

    /// `reverse(viewname, urlconf=None, args=None, kwargs=None,
    /// current_app=None, *, query=None, fragment=None)`.
    pub fn reverse(&self, args: &Args) -> Reversed {
        let viewname = args.get(0, "viewname");
        let by_view = viewname.and_then(view_callable);
        let name = match (viewname.and_then(Value::as_known_str), &by_view) {
            (Some(name), _) => name,
            (None, Some(view)) => view.clone(),
            (None, None) => {
                return Reversed::Unknown("the route name is not known statically".into())
            }
        };
        let pos = match args.get(2, "args") {
            None | Some(Value::None) => Some(Vec::new()),
            Some(v) => v.items(),
        };
        let kw = match args.get(3, "kwargs") {
            None | Some(Value::None) => Some(BTreeMap::new()),
            Some(Value::Dict(pairs)) => pairs
                .borrow()
                .iter()
                .map(|(k, v)| k.as_known_str().map(|k| (k, v.clone())))
                .collect(),
            Some(_) => None,
        };
        let (Some(pos), Some(kw)) = (pos, kw) else {
            return Reversed::Unknown(format!(
                "the arguments of `{name}` are not known statically"
            ));
        };
        if !pos.is_empty() && !kw.is_empty() {
            return Reversed::Unknown("Django does not take both args and kwargs".into());
        }
        let named: Vec<&Named> = match &by_view {
            // Django looks a callable up among the routes outside namespaced
            // includes (the root resolver's `reverse_dict`).
            Some(view) => self
                .routes
                .iter()
                .filter(|r| &r.view == view && !r.name.as_ref().is_some_and(|n| n.contains(':')))
                .collect(),
            None => self
                .routes
                .iter()
                .filter(|r| r.name.as_deref() == Some(name.as_str()))
                .collect(),
        };
        if named.is_empty() {
            let what = if by_view.is_some() {
                "serves the view"
            } else {
                "is named"
            };
            return Reversed::Unknown(format!(
                "no route {what} `{name}` (Django raises NoReverseMatch)"
            ));
        }
        // Django tries the routes of a name from the last one defined.
        for r in named.iter().rev() {
            let Some(pieces) = &r.pieces else {
                return Reversed::Unknown(format!(
                    "the regex of route `{name}` is beyond what routecov rebuilds"
                ));
            };
            if let Some(mut url) = fill(pieces, &pos, &kw) {
                add_query(&mut url, args);
                return Reversed::Url(url);
            }
        }
        Reversed::Unknown(format!(
            "no route named `{name}` takes these arguments (Django raises NoReverseMatch)"
        ))
    }
}

/// The dotted name of a view callable given to `reverse()` in place of a
/// route name, as the route map names views.
fn view_callable(v: &Value) -> Option<String> {
    match v {
        Value::Function(f) => Some(format!("{}.{}", f.module, f.qualname)),
        Value::Wrapped { inner, .. } => view_callable(inner),
        Value::External(d) => Some(d.clone()),
        _ => None,
    }
}

/// The path of `pieces` with the arguments in place, when they fit.
fn fill(pieces: &[Piece], pos: &[Value], kw: &BTreeMap<String, Value>) -> Option<Str> {
    let params: Vec<(&String, &String)> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Param(n, re) => Some((n, re)),
            Piece::Lit(_) => None,
        })
        .collect();
    let values: Vec<&Value> = if kw.is_empty() {
        if pos.len() != params.len() {
            return None;
        }
        pos.iter().collect()
    } else {
        if kw.len() != params.len() {
            return None;
        }
        params
            .iter()
            .map(|(n, _)| kw.get(*n))
            .collect::<Option<_>>()?
    };
    let mut out = Str::default();
    let mut next = values.iter().zip(&params);
    for p in pieces {
        match p {
            Piece::Lit(l) => out.push_str(l),
            Piece::Param(..) => {
                let (v, (name, re)) = next.next()?;
                match v {
                    Value::Unknown(_) => out.push_hole(name),
                    known => {
                        let text = known.to_str();
                        match text.known() {
                            Some(t) if fits(&t, re) => out.push_str(&t),
                            Some(_) => return None,
                            None => out.push_hole(name),
                        }
                    }
                }
            }
        }
    }
    Some(out)
}

fn fits(text: &str, re: &str) -> bool {
    Regex::new(&format!("^(?:{re})$")).map_or(true, |r| r.is_match(text))
}

/// Django 5.2's `query=` and `fragment=`.
fn add_query(url: &mut Str, args: &Args) {
    match args.kw("query") {
        None | Some(Value::None) => {}
        Some(Value::Dict(pairs)) if !pairs.borrow().is_empty() => {
            url.push_str("?");
            for (i, (k, v)) in pairs.borrow().iter().enumerate() {
                if i > 0 {
                    url.push_str("&");
                }
                url.append(&k.to_str());
                url.push_str("=");
                url.append(&v.to_str());
            }
        }
        Some(Value::Dict(_)) => {}
        Some(other) => {
            url.push_str("?");
            url.push_hole(&other.describe());
        }
    }
    if let Some(f) = args.kw("fragment").filter(|f| !matches!(f, Value::None)) {
        url.push_str("#");
        url.append(&f.to_str());
    }
}

/// `<int:pk>` and `<name>` in a `path()` route.
fn path_pieces(path: &str, converters: &BTreeMap<String, String>) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        out.push(Piece::Lit(rest[..open].to_string()));
        let inner = &rest[open + 1..open + close];
        let (conv, name) = inner.split_once(':').unwrap_or(("str", inner));
        let re = match conv {
            "int" => "[0-9]+",
            "slug" => "[-a-zA-Z0-9_]+",
            "uuid" => "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            "path" => ".+",
            "str" => "[^/]+",
            other => converters.get(other).map_or(".+", String::as_str),
        };
        out.push(Piece::Param(name.to_string(), re.to_string()));
        rest = &rest[open + close + 1..];
    }
    out.push(Piece::Lit(rest.to_string()));
    out
}

/// A regex route as Django's `normalize` reads it: named groups are the
/// parameters, `^`/`$` anchors go, an escaped character is itself, and a
/// character made optional by `?` is left out. `None` for anything else
/// (alternatives, classes or repetitions outside a group, unnamed groups).
fn regex_pieces(path: &str) -> Option<Vec<Piece>> {
    let chars: Vec<char> = path.chars().collect();
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '^' | '$' => i += 1,
            '\\' => {
                let e = *chars.get(i + 1)?;
                if e.is_alphanumeric() {
                    return None; // `\d`, `\w`: a class, not a character
                }
                i += 2;
                if chars.get(i) == Some(&'?') {
                    i += 1;
                } else {
                    lit.push(e);
                }
            }
            '(' => {
                let (name, re, end) = named_group(&chars, i)?;
                out.push(Piece::Lit(std::mem::take(&mut lit)));
                out.push(Piece::Param(name, re));
                i = end;
            }
            '?' | '*' | '+' | '[' | '|' | '{' | ')' => return None,
            '.' => return None,
            _ => {
                i += 1;
                if chars.get(i) == Some(&'?') {
                    i += 1;
                } else {
                    lit.push(c);
                }
            }
        }
    }
    out.push(Piece::Lit(lit));
    Some(out)
}

/// `(?P<name>regex)` starting at `start`: its name, regex and the index
/// after it.
fn named_group(chars: &[char], start: usize) -> Option<(String, String, usize)> {
    let head: String = chars.get(start..start + 4)?.iter().collect();
    if head != "(?P<" {
        return None;
    }
    let mut i = start + 4;
    let mut name = String::new();
    while *chars.get(i)? != '>' {
        name.push(chars[i]);
        i += 1;
    }
    i += 1;
    let mut depth = 1;
    let mut re = String::new();
    while depth > 0 {
        let c = *chars.get(i)?;
        match c {
            '\\' => {
                re.push(c);
                re.push(*chars.get(i + 1)?);
                i += 2;
                continue;
            }
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth > 0 {
            re.push(c);
        }
        i += 1;
    }
    Some((name, re, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(routes: &[(&str, &str, bool)]) -> RouteNames {
        let converters = BTreeMap::new();
        RouteNames {
            routes: routes
                .iter()
                .map(|(name, path, regex)| Named {
                    name: Some(name.to_string()),
                    view: format!("views.{name}"),
                    pieces: if *regex {
                        regex_pieces(path)
                    } else {
                        Some(path_pieces(path, &converters))
                    },
                })
                .collect(),
        }
    }

    fn call(pos: Vec<Value>, kw: Vec<(&str, Value)>) -> Args {
        Args {
            pos,
            kw: kw.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        }
    }

    fn url(r: Reversed) -> String {
        match r {
            Reversed::Url(s) => s.template(),
            Reversed::Unknown(why) => format!("unknown: {why}"),
        }
    }

    #[test]
    fn names_resolve_with_args_and_kwargs() {
        let n = names(&[
            ("photo-list", "/api/photos/", false),
            ("app:detail", "/app/<int:pk>/", false),
        ]);
        assert_eq!(
            url(n.reverse(&call(vec![Value::str("photo-list")], vec![]))),
            "/api/photos/"
        );
        let kwargs = Value::dict(vec![(Value::str("pk"), Value::Int(3))]);
        assert_eq!(
            url(n.reverse(&call(
                vec![Value::str("app:detail")],
                vec![("kwargs", kwargs)]
            ))),
            "/app/3/"
        );
        let args = Value::list(vec![Value::unknown("self.pid", "x")]);
        assert_eq!(
            url(n.reverse(&call(vec![Value::str("app:detail")], vec![("args", args)]))),
            "/app/{pk}/"
        );
        // A value the converter refuses is NoReverseMatch.
        let args = Value::list(vec![Value::str("abc")]);
        assert!(
            url(n.reverse(&call(vec![Value::str("app:detail")], vec![("args", args)])))
                .starts_with("unknown")
        );
        assert!(url(n.reverse(&call(vec![Value::str("nope")], vec![]))).contains("no route"));
    }

    #[test]
    fn the_last_route_of_a_name_that_fits_wins() {
        let n = names(&[
            ("d", "/a/(?P<pk>[0-9]+)/$", true),
            ("d", "/a/(?P<pk>[0-9]+)\\.(?P<format>[a-z0-9]+)/?$", true),
            ("x", "/one/", false),
            ("x", "/two/", false),
        ]);
        let args = Value::list(vec![Value::Int(7)]);
        assert_eq!(
            url(n.reverse(&call(vec![Value::str("d")], vec![("args", args)]))),
            "/a/7/"
        );
        let args = Value::list(vec![Value::Int(7), Value::str("json")]);
        assert_eq!(
            url(n.reverse(&call(vec![Value::str("d")], vec![("args", args)]))),
            "/a/7.json"
        );
        assert_eq!(
            url(n.reverse(&call(vec![Value::str("x")], vec![]))),
            "/two/"
        );
    }
}
