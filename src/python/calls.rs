//! Calls: evaluating arguments, dispatching a callee (built-ins, hooks,
//! project functions), binding arguments to parameters and running the body
//! of a project function.

use super::args::Args;
use super::interp::{Frame, Interp, Site};
use super::statements::Flow;
use super::value::ClassRef;
use super::value::{Decorator, FuncRef, Value};
use std::collections::HashMap;
use std::rc::Rc;
use tree_sitter::Node;

/// How deep calls to local functions may nest before the evaluator gives up.
const MAX_CALL_DEPTH: usize = 12;
use super::budget::CALL_STEPS;

impl Interp {
    pub fn eval_args(&mut self, frame: &mut Frame, args: Node<'static>) -> Args {
        let mut out = Args::default();
        let mut c = args.walk();
        let children: Vec<_> = args.named_children(&mut c).collect();
        for a in children {
            match a.kind() {
                "keyword_argument" => {
                    let (Some(n), Some(v)) = (
                        a.child_by_field_name("name"),
                        a.child_by_field_name("value"),
                    ) else {
                        continue;
                    };
                    let name = self.text(frame.module, n).to_string();
                    let v = self.eval(frame, v);
                    out.kw.push((name, v));
                }
                "list_splat" => {
                    if let Some(inner) = a.named_child(0) {
                        let v = self.eval(frame, inner);
                        match v.items() {
                            Some(items) => out.pos.extend(items),
                            None => out.pos.push(v),
                        }
                    }
                }
                "dictionary_splat" => {
                    if let Some(inner) = a.named_child(0) {
                        if let Some(d) = self.eval(frame, inner).pairs() {
                            for (k, v) in d {
                                if let Some(k) = k.as_known_str() {
                                    out.kw.push((k, v));
                                }
                            }
                        }
                    }
                }
                "comment" => {}
                _ => match self.splat_call(frame, a) {
                    Some(v) => match v.items() {
                        Some(items) => out.pos.extend(items),
                        None => out.pos.push(v),
                    },
                    None => {
                        let v = self.eval(frame, a);
                        out.pos.push(v);
                    }
                },
            }
        }
        out
    }

    pub(super) fn eval_call(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let m = frame.module;
        let Some(func) = node.child_by_field_name("function") else {
            return Value::unknown(self.text(m, node), "malformed call");
        };
        self.eval_call_of(frame, node, func)
    }

    /// `*a.f(x)` in a list or call: the grammar binds the `*` to `a`
    /// alone; the value of `a.f(x)` (to be spread), or `None` for a node
    /// that does not start with such a `*`.
    pub(super) fn splat_call(&mut self, frame: &mut Frame, node: Node<'static>) -> Option<Value> {
        let mut first = node;
        loop {
            let next = match first.kind() {
                "call" => first.child_by_field_name("function"),
                "attribute" => first.child_by_field_name("object"),
                "subscript" => first.child_by_field_name("value"),
                _ => None,
            };
            match next {
                Some(n) => first = n,
                None => break,
            }
        }
        if first.kind() != "list_splat" || first.id() == node.id() {
            return None;
        }
        self.spread_splats.push(first.id());
        let v = self.eval(frame, node);
        self.spread_splats.pop();
        Some(v)
    }

    /// The call `node` with `func` as its callee.
    fn eval_call_of(
        &mut self,
        frame: &mut Frame,
        node: Node<'static>,
        func: Node<'static>,
    ) -> Value {
        let m = frame.module;
        let args = match node.child_by_field_name("arguments") {
            Some(a) if a.kind() == "argument_list" => self.eval_args(frame, a),
            _ => Args::default(),
        };
        let site = Site::new(m, node);
        // An argument raised an exception a `try` catches: Python never
        // makes the call.
        if self.unwinding() {
            return Value::None;
        }
        if func.kind() == "attribute" {
            if let (Some(obj), Some(attr)) = (
                func.child_by_field_name("object"),
                func.child_by_field_name("attribute"),
            ) {
                let name = self.text(m, attr);
                if let Some(v) = self.super_call(frame, obj, name, &args, site) {
                    return v;
                }
                let recv = self.eval(frame, obj);
                return self.call_attribute(recv, name, &args, site);
            }
        }
        let callee = self.eval(frame, func);
        self.call_value(callee, &args, site)
    }

    /// `recv.name(args)`.
    pub(super) fn call_attribute(
        &mut self,
        recv: Value,
        name: &str,
        args: &Args,
        site: Site,
    ) -> Value {
        let recv = self.resolve(recv);
        if let Some(v) = self.call_method(&recv, name, args, site) {
            return v;
        }
        let callee = self.get_attr(&recv, name, site);
        if let (Value::Class(_), Value::Function(f)) = (&recv, &callee) {
            return self.call_class_function(&recv, f, args, site);
        }
        self.call_value(callee, args, site)
    }

    /// Calls `callee` with evaluated arguments.
    pub fn call_value(&mut self, callee: Value, args: &Args, site: Site) -> Value {
        let callee = self.resolve(callee);
        let src: &'static str = self.text(site.module, site);
        let text = || src.to_string();
        match callee {
            Value::External(name) => {
                if let Some(v) = self.call_builtin(&name, args, site) {
                    return v;
                }
                let hooks = self.hooks.clone();
                if let Some(v) = hooks.call(self, &name, args, site) {
                    return v;
                }
                self.wrap_or_unknown(&name, args, text())
            }
            Value::Function(f) => {
                if f.decorators.iter().all(|d| transparent(&d.name)) {
                    self.call_function(&f, None, args, site)
                } else {
                    Value::unknown(text(), "call of a decorated function")
                }
            }
            Value::Lambda(l) => {
                let callee = Callee {
                    module: &l.module,
                    qualname: &l.qualname,
                    def: l.node,
                    captured: l.captured.as_deref(),
                };
                self.call_lambda(callee, args, site)
            }
            Value::BoundMethod(b) => {
                let (bound, f) = &*b;
                if f.decorators.iter().all(|d| transparent(&d.name)) {
                    self.call_function(f, Some(bound.clone()), args, site)
                } else {
                    Value::unknown(text(), "call of a decorated function")
                }
            }
            Value::Unknown(u) => self.wrap_or_unknown(&u.text, args, text()),
            Value::Class(c) => match self.instantiate(&c, args, site) {
                Some(v) => v,
                None => self.construct(&c, args, site),
            },
            Value::Host(h) => {
                // Callable values of the standard library that need no
                // interpreter: `operator.itemgetter(...)`, `functools.wraps(f)`.
                let any = h.as_any();
                if let Some(wraps) = any.downcast_ref::<super::builtins::Wraps>() {
                    return wraps.apply(args, text());
                }
                let got = any
                    .downcast_ref::<super::stdlib::ItemGetter>()
                    .zip(args.pos.first())
                    .and_then(|(g, obj)| g.apply(obj));
                got.unwrap_or_else(|| {
                    Value::unknown(text(), "call of a value the evaluator does not model")
                })
            }
            _ => Value::unknown(text(), "call of a value the evaluator does not model"),
        }
    }

    /// `Class.name(args)` where `name` is a function of the class body: a
    /// `classmethod` gets the class as its first argument, a
    /// `staticmethod` none; a plain function is called as Python calls it
    /// through the class (its first parameter from the arguments).
    pub fn call_class_function(
        &mut self,
        class: &Value,
        f: &Rc<FuncRef>,
        args: &Args,
        site: Site,
    ) -> Value {
        let binds_class = f.decorators.iter().any(|d| {
            matches!(
                super::instances::decorator_kind(d),
                "classmethod" | "classonlymethod"
            )
        });
        if !f.decorators.iter().all(|d| transparent(&d.name)) {
            let text = self.text(site.module, site).to_string();
            return Value::unknown(text, "call of a decorated function");
        }
        let bound = binds_class.then(|| class.clone());
        self.call_function(f, bound, args, site)
    }

    /// `Class(args)`: the hooks answer for the nearest external base class
    /// they model (breadth first through the bases), else for the instance
    /// itself (a callable one, say), if they can.
    fn instantiate(&mut self, class: &ClassRef, args: &Args, site: Site) -> Option<Value> {
        if let Some(v) = self.instantiate_by_base(class, args, site) {
            return Some(v);
        }
        let hooks = self.hooks.clone();
        hooks.instance(self, class, site)
    }

    fn instantiate_by_base(&mut self, class: &ClassRef, args: &Args, site: Site) -> Option<Value> {
        let mut level = vec![class.clone()];
        for _ in 0..super::definitions::MAX_BASES_DEPTH {
            let mut next = Vec::new();
            for c in &level {
                for base in self.class_bases(c) {
                    match base {
                        Value::External(name) => {
                            let hooks = self.hooks.clone();
                            if let Some(v) = hooks.instantiate(self, class, &name, args, site) {
                                return Some(v);
                            }
                        }
                        Value::Class(b) => next.push(b),
                        _ => {}
                    }
                }
            }
            if next.is_empty() {
                return None;
            }
            level = next;
        }
        None
    }

    /// `decorator(func)` keeps the function, as `functools.wraps` does.
    fn wrap_or_unknown(&mut self, name: &str, args: &Args, text: String) -> Value {
        if args.pos.len() == 1 && args.kw.is_empty() && is_callable(&args.pos[0]) {
            return Value::Wrapped {
                decorator: Box::new(Decorator {
                    name: name.into(),
                    args: vec![],
                    kwargs: vec![],
                    called: false,
                    line: 0,
                }),
                inner: Box::new(args.pos[0].clone()),
            };
        }
        Value::unknown(
            text,
            format!("result of `{name}(...)` is not known statically"),
        )
    }

    /// Binds a call's arguments to the parameters of `def` (defaults
    /// evaluated in `module`). `bound_self` fills the first parameter of a
    /// method; a parameter left without a value is unknown for `why`.
    pub fn bind_params(
        &mut self,
        module: usize,
        def: Node<'static>,
        bound_self: Option<Value>,
        args: &Args,
        why: &str,
    ) -> HashMap<String, Value> {
        let mut locals = HashMap::new();
        let Some(params) = def.child_by_field_name("parameters") else {
            return locals;
        };
        let mut defaults_frame = Frame::module(module);
        let mut c = params.walk();
        let ps: Vec<_> = params.named_children(&mut c).collect();
        let mut pos = args.pos.iter();
        let mut bound_self = bound_self;
        // After `*args` or a bare `*`, parameters take keywords only.
        let mut keyword_only = false;
        let mut named: Vec<String> = Vec::new();
        let mut kwargs_name = None;
        for p in ps {
            // `*args: str` and `**kw: Any` parse as a typed parameter around the splat.
            let p = match p.named_child(0) {
                Some(inner)
                    if p.kind() == "typed_parameter"
                        && matches!(
                            inner.kind(),
                            "list_splat_pattern" | "dictionary_splat_pattern"
                        ) =>
                {
                    inner
                }
                _ => p,
            };
            let (name_node, default) = match p.kind() {
                "identifier" => (Some(p), None),
                "typed_parameter" => (p.named_child(0), None),
                "default_parameter" | "typed_default_parameter" => (
                    p.child_by_field_name("name"),
                    p.child_by_field_name("value"),
                ),
                "list_splat_pattern" => {
                    keyword_only = true;
                    if let Some(n) = p.named_child(0) {
                        let rest: Vec<Value> = pos.by_ref().cloned().collect();
                        locals.insert(self.text(module, n).to_string(), Value::Tuple(rest));
                    }
                    continue;
                }
                "keyword_separator" => {
                    keyword_only = true;
                    continue;
                }
                "dictionary_splat_pattern" => {
                    kwargs_name = p.named_child(0).map(|n| self.text(module, n).to_string());
                    continue;
                }
                _ => continue,
            };
            let Some(name_node) = name_node else { continue };
            let name = self.text(module, name_node).to_string();
            let v = if let Some(v) = bound_self.take() {
                v
            } else if let Some(v) = pos.next().filter(|_| !keyword_only) {
                v.clone()
            } else if let Some(v) = args.kw(&name) {
                v.clone()
            } else if let Some(d) = default {
                self.eval(&mut defaults_frame, d)
            } else {
                Value::unknown(name.clone(), why)
            };
            named.push(name.clone());
            locals.insert(name, v);
        }
        if let Some(k) = kwargs_name {
            let rest = args
                .kw
                .iter()
                .filter(|(n, _)| !named.contains(n))
                .map(|(n, v)| (Value::str(n.clone()), v.clone()))
                .collect();
            locals.insert(k, Value::dict(rest));
        }
        locals
    }

    pub(super) fn call_function(
        &mut self,
        f: &Rc<FuncRef>,
        bound: Option<Value>,
        args: &Args,
        site: Site,
    ) -> Value {
        let def = self.function_node(f);
        let callee = Callee {
            module: &f.module,
            qualname: &f.qualname,
            def,
            captured: f.captured.as_deref(),
        };
        let (module, mut locals) = match self.call_frame(callee, bound.clone(), args, site) {
            Ok(frame) => frame,
            Err(unknown) => return *unknown,
        };
        if let Some(this) = bound {
            let method = Value::Tuple(vec![Value::Function(f.clone()), this]);
            locals.insert(super::instances::METHOD_KEY.to_string(), method);
        }
        let Some(body) = def.child_by_field_name("body") else {
            return Value::None;
        };
        let mut frame = Frame {
            module,
            locals: Some(locals),
        };
        self.depth += 1;
        let saved = std::mem::take(&mut self.conditions);
        let observed = self.observed.take();
        self.begin_returns();
        let generator = super::generators::is_generator(def);
        if generator {
            self.begin_yields();
        }
        let flow = self.with_budget(CALL_STEPS, |it| it.exec_block(&mut frame, body));
        self.conditions = saved;
        self.observed = observed;
        self.depth -= 1;
        let last = match flow {
            Flow::Return(v) => v,
            _ => Value::None,
        };
        let name = f.qualname.rsplit('.').next().unwrap_or(&f.qualname);
        let returned = self.end_returns(last, name);
        if generator {
            // What `return` gives a generator is its `StopIteration` value.
            let text = self.text(site.module, site).to_string();
            return self.end_yields(&text);
        }
        returned
    }

    /// A lambda's body evaluated with its parameters bound over what it
    /// closed over, within the call depth and a call's step budget.
    fn call_lambda(&mut self, callee: Callee, args: &Args, site: Site) -> Value {
        let Some(body) = callee.def.child_by_field_name("body") else {
            return Value::unknown(self.text(site.module, site), "malformed lambda");
        };
        let (module, locals) = match self.call_frame(callee, None, args, site) {
            Ok(frame) => frame,
            Err(unknown) => return *unknown,
        };
        let mut frame = Frame {
            module,
            locals: Some(locals),
        };
        self.depth += 1;
        let v = self.with_budget(CALL_STEPS, |it| it.eval(&mut frame, body));
        self.depth -= 1;
        v
    }

    /// The module and locals a call of `callee` runs with: what it closed
    /// over, shadowed by its parameters, and the qualname prefix under
    /// which what the body defines is named, as Python does. An unknown
    /// when calls nest too deeply or the module is not loaded.
    fn call_frame(
        &mut self,
        callee: Callee,
        bound: Option<Value>,
        args: &Args,
        site: Site,
    ) -> Result<(usize, HashMap<String, Value>), Box<Value>> {
        let text = || self.text(site.module, site).to_string();
        if self.depth >= MAX_CALL_DEPTH {
            return Err(Box::new(Value::unknown(text(), "calls nest too deeply")));
        }
        let Some(module) = self.module_index(callee.module) else {
            let unloaded = Value::unknown(text(), "function of an unloaded module");
            return Err(Box::new(unloaded));
        };
        let params = self.bind_params(module, callee.def, bound, args, "missing argument");
        let mut locals: HashMap<String, Value> = callee
            .captured
            .map(|c| c.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        locals.extend(params);
        locals.insert(
            "__qualname__".to_string(),
            Value::str(format!("{}{}", callee.qualname, super::definitions::LOCALS)),
        );
        Ok((module, locals))
    }
}

/// What a call runs: a function's or a lambda's definition and what it
/// closed over.
struct Callee<'a> {
    module: &'a str,
    qualname: &'a str,
    def: Node<'static>,
    captured: Option<&'a std::collections::BTreeMap<String, Value>>,
}

/// Decorators that leave what a call of the function returns as the body
/// computes it: the method kinds, the caches of `functools` and its
/// `wraps`, which renames the function only.
fn transparent(decorator: &str) -> bool {
    matches!(
        decorator.rsplit('.').next().unwrap_or(""),
        "classmethod" | "classonlymethod" | "staticmethod" | "cache" | "lru_cache" | "wraps"
    )
}

fn is_callable(v: &Value) -> bool {
    match v {
        Value::Host(h) => h.is_callable(),
        _ => matches!(
            v,
            Value::Function(_)
                | Value::Wrapped { .. }
                | Value::BoundMethod(_)
                | Value::Lambda(_)
                | Value::External(_)
                | Value::Import { .. }
        ),
    }
}
