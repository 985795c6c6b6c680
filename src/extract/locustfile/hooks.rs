//! What the evaluator knows of Locust: its names (`task`, `tag`, `between`,
//! `HttpUser`, ...), the instance a task runs on (`self`, `self.user`), its
//! `client`, whose calls are recorded as requests, and `sys.argv` as Locust
//! sets it. Locust's own source is never evaluated.

use super::body;
use super::instance_attrs;
use super::reverse;
use super::state::{
    locust_name, Ctx, LocustHooks, RawRequest, CLIENT, MAX_METHOD_DEPTH, SELF, SUPER, USER,
    WAIT_KEY,
};
use crate::parsing::line_of;
use crate::python::value::{ClassRef, Part, Str};
use crate::python::{Args, Guard, Hooks, Interp, Site, Value};

impl LocustHooks {
    /// Records `client.<verb>(...)`.
    fn record(&self, it: &mut Interp, verb: &str, args: &Args, site: Site) -> Value {
        let (method, url) = if matches!(verb, "request" | "rest") {
            let m = match args.get(0, "method") {
                Some(v) => match v.as_known_str() {
                    Some(s) => s.to_ascii_uppercase(),
                    None => format!("{{{}}}", hole_text(&v.describe())),
                },
                None => "{method}".to_string(),
            };
            (m, args.get(1, "url"))
        } else {
            (verb.to_ascii_uppercase(), args.get(0, "url"))
        };
        let url = url.map(url_str).unwrap_or_else(|| Str::hole("url"));
        // The query string goes apart; an absolute URL keeps its host.
        let full = template(&url);
        let (path, query) = match full.split_once('?') {
            Some((p, q)) => (p.to_string(), Some(q.to_string())),
            None => (full, None),
        };
        let name = args.kw("name").and_then(|n| match n {
            Value::None => None,
            other => Some(template(&url_str(other))),
        });
        let params = args.kw("params").and_then(params_text);
        let file = it
            .file_of(site.module)
            .map(|f| f.display.clone())
            .unwrap_or_default();
        let mut conditional_on = Vec::new();
        let mut conditions = Vec::new();
        for g in it.guards() {
            match g {
                Guard::Off(flags) => {
                    for f in flags {
                        if !conditional_on.contains(f) {
                            conditional_on.push(f.clone());
                        }
                    }
                }
                Guard::Unknown(c) => conditions.push(c.clone()),
            }
        }
        // Conditions of helper functions the evaluator ran itself.
        if let Some(c) = it.condition() {
            conditions.push(c);
        }
        let mut st = self.state.borrow_mut();
        let disabled = st.disabled;
        st.requests.push(RawRequest {
            method,
            url: path,
            query,
            params,
            name,
            file,
            line: line_of(site),
            disabled,
            conditional_on,
            condition: if conditions.is_empty() {
                None
            } else {
                Some(conditions.join(" and "))
            },
        });
        Value::unknown("response", "a response of the system under test")
    }

    /// `self.<name>(...)`, `self.user.<name>(...)`, `super().<name>(...)`:
    /// the method's body is walked like the task's own.
    fn call_own_method(
        &self,
        it: &mut Interp,
        marker: &str,
        name: &str,
        args: &Args,
    ) -> Option<Value> {
        let ctx = self.ctx()?;
        let found = match marker {
            SELF => body::find_method(it, &ctx.holder, name),
            USER => body::find_method(it, &ctx.user, name),
            _ => {
                let defining = ctx.defining.clone()?;
                let mut found = None;
                for base in it.class_bases(&defining) {
                    if let Value::Class(b) = base {
                        if let Some(m) = body::find_method(it, &b, name) {
                            found = Some(m);
                            break;
                        }
                    }
                }
                found
            }
        };
        let (class, f) = found?;
        if self.state.borrow().ctx.len() > MAX_METHOD_DEPTH {
            return Some(Value::unknown(name, "methods call each other too deeply"));
        }
        let self_marker = if marker == USER { USER } else { SELF };
        let ctx = Ctx {
            holder: if marker == USER {
                ctx.user.clone()
            } else {
                ctx.holder.clone()
            },
            user: ctx.user.clone(),
            defining: Some(class),
        };
        Some(body::run_function(
            it,
            self,
            &f,
            Value::External(self_marker.to_string()),
            args,
            ctx,
        ))
    }
}

impl LocustHooks {
    /// `reverse(name, ...)`: the route's URL, or a placeholder and a warning.
    fn reverse(&self, it: &mut Interp, args: &Args, site: Site) -> Value {
        let text = it.node_text(site.module, site);
        let why = match &self.routes {
            Some(routes) => match routes.reverse(args) {
                reverse::Reversed::Url(url) => return Value::Str(url),
                reverse::Reversed::Unknown(why) => why,
            },
            None => "the URL comes from the project's routes; name the project (--project) to resolve it".to_string(),
        };
        it.warn(site.module, site, format!("`{text}`: {why}"));
        Value::unknown(text, why)
    }

    /// `self.<name> = ...` in a method of `class` (or a base), remembered.
    fn set_on_instance(&self, it: &mut Interp, class: &ClassRef, name: &str) -> bool {
        let key = (
            format!("{}.{}", class.module, class.qualname),
            name.to_string(),
        );
        if let Some(known) = self.instance_attrs.borrow().get(&key) {
            return *known;
        }
        let set = instance_attrs::set_by_a_method(it, class, name);
        self.instance_attrs.borrow_mut().insert(key, set);
        set
    }
}

/// A URL argument as a string with holes.
fn url_str(v: &Value) -> Str {
    match v {
        Value::Str(s) => s.clone(),
        Value::Unknown(u) => Str::hole(u.text.clone()),
        other => other.to_str(),
    }
}

/// The template of a string, with each placeholder shortened to the name it
/// stands for: `{self.user.project_id}` -> `{project_id}`.
pub fn template(s: &Str) -> String {
    let mut out = String::new();
    for p in &s.0 {
        match p {
            Part::Lit(l) => out.push_str(l),
            Part::Hole(h) => {
                out.push('{');
                out.push_str(&hole_text(h));
                out.push('}');
            }
        }
    }
    out
}

/// `self.user.project_id` -> `project_id`; other text stays.
pub fn hole_text(h: &str) -> String {
    let is_chain = !h.is_empty()
        && h.split('.').all(|p| {
            let mut c = p.chars();
            c.next().is_some_and(|f| f.is_alphabetic() || f == '_')
                && c.all(|x| x.is_alphanumeric() || x == '_')
        });
    if is_chain {
        h.rsplit('.').next().unwrap_or(h).to_string()
    } else {
        h.to_string()
    }
}

/// `params={"page": 1, "q": x}` -> `page=1&q={x}`.
fn params_text(v: &Value) -> Option<String> {
    match v {
        Value::None => None,
        Value::Dict(pairs) => Some(
            pairs
                .borrow()
                .iter()
                .map(|(k, v)| format!("{}={}", template(&url_str(k)), template(&url_str(v))))
                .collect::<Vec<_>>()
                .join("&"),
        ),
        other => Some(format!("{{{}}}", hole_text(&other.describe()))),
    }
}

/// Locust's wait-time functions and their parameter names.
fn wait_params(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "between" => &["min_wait", "max_wait"],
        "constant" | "constant_pacing" => &["wait_time"],
        "constant_throughput" => &["task_runs_per_second"],
        "poisson" => &["rate"],
        _ => return None,
    })
}

impl Hooks for LocustHooks {
    fn is_builtin(&self, dotted: &str) -> bool {
        dotted == "locust" || dotted.starts_with("locust.")
    }

    fn call(&self, it: &mut Interp, callee: &str, args: &Args, site: Site) -> Option<Value> {
        if callee == "builtins.super" {
            return Some(Value::External(SUPER.to_string()));
        }
        if reverse::is_reverse(callee) {
            return Some(self.reverse(it, args, site));
        }
        let kind = locust_name(callee)?;
        let params = wait_params(kind)?;
        let mut pairs = vec![(Value::str(WAIT_KEY), Value::str(kind))];
        for (i, p) in params.iter().enumerate() {
            if let Some(v) = args.get(i, p) {
                pairs.push((Value::str(*p), v.clone()));
            }
        }
        Some(Value::dict(pairs))
    }

    fn method(
        &self,
        it: &mut Interp,
        recv: &Value,
        name: &str,
        args: &Args,
        site: Site,
    ) -> Option<Value> {
        let Value::External(d) = recv else {
            return None;
        };
        match d.as_str() {
            CLIENT => match name {
                "get" | "post" | "put" | "patch" | "delete" | "head" | "options" | "request"
                | "rest" => Some(self.record(it, name, args, site)),
                _ => None,
            },
            SELF | USER | SUPER => {
                if name == "interrupt" {
                    let mut st = self.state.borrow_mut();
                    if !st.disabled {
                        st.interrupts = true;
                    }
                    return Some(Value::None);
                }
                self.call_own_method(it, d, name, args)
            }
            _ => None,
        }
    }

    fn attribute(&self, it: &mut Interp, recv: &Value, name: &str, _site: Site) -> Option<Value> {
        match recv {
            Value::Module(m) if m == "sys" && name == "argv" => {
                it.record_env("sys.argv");
                Some(Value::list(
                    self.argv.iter().map(|a| Value::str(a.clone())).collect(),
                ))
            }
            Value::External(d) if d == SELF || d == USER => {
                let d = d.as_str();
                match name {
                    "client" => return Some(Value::External(CLIENT.to_string())),
                    "user" | "parent" | "locust" => return Some(Value::External(USER.to_string())),
                    _ => {}
                }
                let ctx = self.ctx()?;
                let class = if d == SELF { ctx.holder } else { ctx.user };
                let text = if d == SELF {
                    format!("self.{name}")
                } else {
                    format!("self.user.{name}")
                };
                // Class attributes are known unless a method sets them on
                // the instance; instance attributes (set in on_start)
                // depend on the run and stay placeholders.
                if self.set_on_instance(it, &class, name) {
                    return Some(Value::unknown(
                        text,
                        "an attribute a method of the user sets",
                    ));
                }
                Some(match it.class_attr(&class, name) {
                    Some(
                        v @ (Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_)),
                    ) => v,
                    Some(Value::List(l)) => Value::List(l),
                    Some(Value::Tuple(t)) => Value::Tuple(t),
                    Some(Value::Dict(p)) => Value::Dict(p),
                    _ => Value::unknown(text, "an attribute of the running user"),
                })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_shortened_to_names() {
        assert_eq!(hole_text("self.user.project_id"), "project_id");
        assert_eq!(hole_text("pid"), "pid");
        assert_eq!(hole_text("ids[0]"), "ids[0]");
        assert_eq!(hole_text("a.b()"), "a.b()");
    }

    #[test]
    fn locust_names() {
        assert_eq!(locust_name("locust.task"), Some("task"));
        assert_eq!(
            locust_name("locust.user.wait_time.between"),
            Some("between")
        );
        assert_eq!(locust_name("mylib.task"), None);
        assert_eq!(locust_name(SELF), None);
    }
}
