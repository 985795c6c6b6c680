//! Functions and classes: `def` and `class` statements with their decorators,
//! definitions whose bodies the first parse left out, and class bodies,
//! bases and attributes.

use super::args::Args;
use super::interp::{Frame, Interp, Site};
use super::value::{ClassRef, Decorator, FuncRef, Value};
use crate::parsing::{line_of, SourceFile};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::rc::Rc;
use tree_sitter::Node;

/// Levels of base classes followed when looking a name up. Deep hierarchies
/// are legal (and generated code has them); the bound is for cycles the
/// evaluator cannot see and for hostile input.
pub const MAX_BASES_DEPTH: usize = 128;

impl Interp {
    pub(super) fn exec_definition(&mut self, frame: &mut Frame, stmt: Node<'static>) {
        let (decorators, def) = if stmt.kind() == "decorated_definition" {
            let mut c = stmt.walk();
            let decs: Vec<Node<'static>> = stmt
                .named_children(&mut c)
                .filter(|n| n.kind() == "decorator")
                .collect();
            let Some(def) = stmt.child_by_field_name("definition") else {
                return;
            };
            let decs: Vec<AppliedDecorator> = decs
                .into_iter()
                .map(|d| self.eval_decorator(frame, d))
                .collect();
            (decs, def)
        } else {
            (Vec::new(), stmt)
        };
        let object_decorators = object_decorators(&decorators);
        let Some(name_node) = def.child_by_field_name("name") else {
            return;
        };
        let name = self.text(frame.module, name_node).to_string();
        let module = self.modules[frame.module].name.clone();
        let prefix = scope_prefix(frame);
        let qualname = match &prefix {
            Some(p) => format!("{p}.{name}"),
            None => name.clone(),
        };
        let v = match def.kind() {
            "function_definition" => {
                let f = FuncRef {
                    module,
                    node: Some(Box::new(def)),
                    def_start: def.start_byte(),
                    decorators: Vec::new(),
                    qualname,
                    captured: captured(frame),
                    wrapped: None,
                    attrs: Default::default(),
                };
                // Methods keep their decorators as marks: what the
                // framework layer reads off a class (actions, handlers)
                // is the function itself.
                let in_class = prefix.as_deref().is_some_and(|p| !p.ends_with(LOCALS));
                let site = Site::new(frame.module, stmt);
                if in_class {
                    Value::Function(Rc::new(FuncRef {
                        decorators: decorators.into_iter().map(|a| a.decorator).collect(),
                        ..f
                    }))
                } else {
                    self.decorate(f, decorators, site)
                }
            }
            "class_definition" => Value::Class(ClassRef::new(super::value::ClassDef {
                module,
                node: def,
                decorators: decorators.into_iter().map(|a| a.decorator).collect(),
                qualname,
            })),
            _ => return,
        };
        let site = Site::new(frame.module, stmt);
        self.apply_object_decorators(&object_decorators, &v, site);
        self.bind(frame, &name, v, line_of(def), BTreeSet::new());
    }

    /// A `lambda` evaluated in `frame`: named and closing over its scope
    /// as a nested `def` is.
    pub(super) fn lambda_value(&mut self, frame: &Frame, node: Node<'static>) -> Value {
        let qualname = match scope_prefix(frame) {
            Some(p) => format!("{p}.<lambda>"),
            None => "<lambda>".to_string(),
        };
        Value::Lambda(Rc::new(super::value::LambdaDef {
            module: self.modules[frame.module].name.clone(),
            line: line_of(node),
            qualname,
            node,
            captured: captured(frame),
        }))
    }

    /// What `@d1 @d2 def f` binds: the decorators applied from the
    /// innermost out, as Python applies them. A project decorator is called
    /// (a closure it returns becomes the value); `functools.wraps(x)` marks
    /// the function as wrapping `x`; a decorator defined outside the
    /// analysed sources keeps the function, as if it wrapped it. When a
    /// project decorator's result cannot be known, the function keeps all
    /// its decorators as marks, as for external ones.
    fn decorate(&mut self, f: FuncRef, decorators: Vec<AppliedDecorator>, site: Site) -> Value {
        let wrapped = decorators
            .iter()
            .rev()
            .find(|a| is_wraps(&a.decorator))
            .and_then(|a| a.args.pos.first().cloned())
            .map(Box::new);
        let marked = FuncRef {
            decorators: decorators.iter().map(|a| a.decorator.clone()).collect(),
            wrapped,
            ..f.clone()
        };
        if !decorators
            .iter()
            .any(|a| matches!(a.callee, Value::Function(_)))
        {
            return Value::Function(Rc::new(marked));
        }
        let mut v = Value::Function(Rc::new(f));
        for a in decorators.into_iter().rev() {
            if is_wraps(&a.decorator) {
                if let Value::Function(g) = &mut v {
                    let g = Rc::make_mut(g);
                    g.wrapped = a.args.pos.first().cloned().map(Box::new);
                    g.decorators.insert(0, a.decorator);
                }
                continue;
            }
            if !matches!(a.callee, Value::Function(_)) {
                match &mut v {
                    Value::Function(g) => Rc::make_mut(g).decorators.insert(0, a.decorator),
                    _ => {
                        v = Value::Wrapped {
                            decorator: Box::new(a.decorator),
                            inner: Box::new(v),
                        }
                    }
                }
                continue;
            }
            let deco = if a.decorator.called {
                self.call_value(a.callee, &a.args, site)
            } else {
                a.callee
            };
            let applied = self.call_value(deco, &Args::positional(vec![v]), site);
            if applied.is_unknown() {
                return Value::Function(Rc::new(marked));
            }
            v = applied;
        }
        v
    }

    fn eval_decorator(&mut self, frame: &mut Frame, dec: Node<'static>) -> AppliedDecorator {
        let line = line_of(dec);
        let Some(expr) = dec.named_child(0) else {
            return AppliedDecorator::mark(Decorator {
                name: "".into(),
                args: vec![],
                kwargs: vec![],
                called: false,
                line,
            });
        };
        if expr.kind() == "call" {
            let callee = expr.child_by_field_name("function");
            let (name, callee) = match callee {
                Some(c) => {
                    let v = self.eval(frame, c);
                    let v = self.resolve(v);
                    (self.dotted_name(&v, frame.module, c), v)
                }
                None => (String::new(), Value::None),
            };
            let args = expr
                .child_by_field_name("arguments")
                .map(|a| self.eval_args(frame, a))
                .unwrap_or_default();
            AppliedDecorator {
                decorator: Decorator {
                    name: self.intern(name),
                    args: args.pos.clone(),
                    kwargs: args.kw.clone(),
                    called: true,
                    line,
                },
                callee,
                args,
            }
        } else {
            let v = self.eval(frame, expr);
            let v = self.resolve(v);
            let name = self.dotted_name(&v, frame.module, expr);
            AppliedDecorator {
                decorator: Decorator {
                    name: self.intern(name),
                    args: vec![],
                    kwargs: vec![],
                    called: false,
                    line,
                },
                callee: v,
                args: Args::default(),
            }
        }
    }

    /// Dotted name of a callable, or its source text when unknown.
    fn dotted_name(&self, v: &Value, module: usize, node: Node<'_>) -> String {
        callable_name(v).unwrap_or_else(|| self.text(module, node).to_string())
    }

    /// The `function_definition` of `f` with its body, parsing the body now
    /// if the module's first parse left it out.
    pub fn function_node(&mut self, f: &FuncRef) -> Node<'static> {
        let first = f.node.as_deref().copied();
        let file = self
            .module_index(&f.module)
            .and_then(|m| self.modules[m].file.map(|file| (m, file)));
        let Some((m, file)) = file else {
            return first.unwrap_or_else(|| self.placeholder_node());
        };
        if !file.body_left_out(f.def_start, first) {
            if let Some(n) = first {
                return n;
            }
        }
        let start = f.def_start;
        if let Some(n) = self.full_defs.get(&(m, start)) {
            return *n;
        }
        let node = file
            .full_function(start, first)
            .and_then(|tree| {
                let tree: &'static tree_sitter::Tree = Box::leak(Box::new(tree));
                let mut n = tree.root_node().descendant_for_byte_range(start, start)?;
                while !(n.kind() == "function_definition" && n.start_byte() == start) {
                    n = n.parent()?;
                }
                Some(n)
            })
            .or(first)
            .unwrap_or_else(|| file.root());
        self.full_defs.insert((m, start), node);
        node
    }

    /// An empty module's root, for callers that need a node when a
    /// function's source is gone (its module has no file).
    fn placeholder_node(&self) -> Node<'static> {
        let file: &'static SourceFile = Box::leak(Box::new(crate::parsing::parse_bytes(
            PathBuf::new(),
            String::new(),
            b"",
        )));
        file.root()
    }

    /// Binds the definitions the first parse left out, from the outline.
    pub(super) fn bind_lazy(
        &mut self,
        frame: &mut Frame,
        file: &'static SourceFile,
        def: &crate::parsing::outline::LazyDef,
    ) {
        // Sized exactly: a collected filter starts at four slots, and a
        // views module has thousands of functions with one or two decorators.
        let mut decorators = Vec::with_capacity(def.decorators.len());
        for &(s, e, line) in def.decorators.iter() {
            let (s, e, line) = (s as usize, e as usize, line as usize);
            decorators.extend(self.lazy_decorator(frame, file, (s, e), line));
        }
        let object_decorators = object_decorators(&decorators);
        let f = FuncRef {
            module: self.modules[frame.module].name.clone(),
            node: None,
            def_start: def.def_start,
            decorators: Vec::new(),
            qualname: def.name(file.text).to_string(),
            captured: None,
            wrapped: None,
            attrs: Default::default(),
        };
        let site = Site::new(frame.module, file.root());
        let v = self.decorate(f, decorators, site);
        self.apply_object_decorators(&object_decorators, &v, site);
        self.bind(frame, def.name(file.text), v, def.line, BTreeSet::new());
    }

    /// A decorator of a left-out definition, read from its source text
    /// `file.text[span]`, and its callee's value; `None` when the text is
    /// not a simple call or name.
    fn lazy_decorator(
        &mut self,
        frame: &Frame,
        file: &'static SourceFile,
        (start, end): (usize, usize),
        line: usize,
    ) -> Option<AppliedDecorator> {
        let text = file.text.get(start..end).unwrap_or("");
        let call = crate::parsing::literal::simple_call(text)?;
        let site = Site::new(frame.module, file.root());
        let mut v = match self.lookup(frame, &call.dotted[0]) {
            Some(v) => v,
            None => Value::unknown(call.dotted[0].clone(), "not defined"),
        };
        for seg in &call.dotted[1..] {
            v = self.get_attr(&v, seg, site);
        }
        let v = self.resolve(v);
        let name = callable_name(&v).unwrap_or_else(|| call.dotted.join("."));
        let (args, called) = match call.args {
            Some(a) => (
                Args {
                    pos: a.pos.into_iter().map(Value::from).collect(),
                    kw: a.kw.into_iter().map(|(k, v)| (k, Value::from(v))).collect(),
                },
                true,
            ),
            None => (Args::default(), false),
        };
        Some(AppliedDecorator {
            decorator: Decorator {
                name: self.intern(name),
                args: args.pos.clone(),
                kwargs: args.kw.clone(),
                called,
                line,
            },
            callee: v,
            args,
        })
    }

    /// The names bound in a class body (its own attributes and methods).
    pub fn class_scope(&mut self, class: &ClassRef) -> Rc<HashMap<String, Value>> {
        let key = class.node.id();
        if let Some(s) = self.class_scopes.get(&key) {
            return s.clone();
        }
        let Some(module) = self.load(&class.module) else {
            return Rc::new(HashMap::new());
        };
        let mut locals = HashMap::new();
        locals.insert(
            "__qualname__".to_string(),
            Value::str(class.qualname.clone()),
        );
        let mut frame = Frame {
            module,
            locals: Some(locals),
        };
        // A placeholder first: a class body that refers to itself must not recurse.
        self.class_scopes.insert(key, Rc::new(HashMap::new()));
        if let Some(body) = class.node.child_by_field_name("body") {
            let saved = std::mem::take(&mut self.conditions);
            let observed = self.observed.take();
            self.exec_block(&mut frame, body);
            self.conditions = saved;
            self.observed = observed;
        }
        let mut scope = frame.locals.unwrap_or_default();
        scope.remove("__qualname__");
        let scope = Rc::new(scope);
        self.class_scopes.insert(key, scope.clone());
        scope
    }

    /// The project classes of `class` in method resolution order: depth
    /// first, left to right, each kept at its last place, which is Python's
    /// C3 order on the hierarchies real code has (mixins sharing a base).
    pub fn project_mro(&mut self, class: &ClassRef) -> Vec<ClassRef> {
        let mut all = Vec::new();
        self.walk_bases(class, &mut all, 0);
        let mut out: Vec<ClassRef> = Vec::new();
        for (i, c) in all.iter().enumerate() {
            let later = all[i + 1..].iter().any(|d| d.node.id() == c.node.id());
            if !later {
                out.push(c.clone());
            }
        }
        out
    }

    fn walk_bases(&mut self, class: &ClassRef, out: &mut Vec<ClassRef>, depth: usize) {
        if depth > MAX_BASES_DEPTH || out.len() > 4 * MAX_BASES_DEPTH {
            return;
        }
        out.push(class.clone());
        for base in self.class_bases(class) {
            if let Value::Class(b) = base {
                self.walk_bases(&b, out, depth + 1);
            }
        }
    }

    /// Base classes of a class, evaluated in its module.
    pub fn class_bases(&mut self, class: &ClassRef) -> Vec<Value> {
        let Some(module) = self.load(&class.module) else {
            return Vec::new();
        };
        let Some(args) = class.node.child_by_field_name("superclasses") else {
            return Vec::new();
        };
        let mut frame = Frame::module(module);
        let mut c = args.walk();
        let nodes: Vec<_> = args
            .named_children(&mut c)
            .filter(|n| n.kind() != "keyword_argument")
            .collect();
        nodes
            .into_iter()
            .map(|n| {
                let v = self.eval(&mut frame, n);
                self.resolve(v)
            })
            .collect()
    }

    /// A class attribute, looked up through local bases depth-first.
    pub fn class_attr(&mut self, class: &ClassRef, name: &str) -> Option<Value> {
        self.class_attr_depth(class, name, 0)
    }

    fn class_attr_depth(&mut self, class: &ClassRef, name: &str, depth: usize) -> Option<Value> {
        if depth > MAX_BASES_DEPTH {
            return None;
        }
        let scope = self.class_scope(class);
        if let Some(v) = scope.get(name) {
            return Some(v.clone());
        }
        for base in self.class_bases(class) {
            if let Value::Class(b) = base {
                if let Some(v) = self.class_attr_depth(&b, name, depth + 1) {
                    return Some(v);
                }
            }
        }
        None
    }
}

/// The end of the `__qualname__` prefix of names a function body defines.
pub(super) const LOCALS: &str = ".<locals>";

/// A decorator as written, with the callable it names and its evaluated
/// arguments (for applying it).
struct AppliedDecorator {
    decorator: Decorator,
    callee: Value,
    args: Args,
}

/// The decorators that are methods of objects (`@registry.add`), with
/// what they record, for `apply_object_decorators`.
fn object_decorators(decorators: &[AppliedDecorator]) -> Vec<(Value, Decorator)> {
    decorators
        .iter()
        .filter(|a| matches!(a.callee, Value::BoundMethod(_)))
        .map(|a| (a.callee.clone(), a.decorator.clone()))
        .collect()
}

impl AppliedDecorator {
    fn mark(decorator: Decorator) -> AppliedDecorator {
        AppliedDecorator {
            decorator,
            callee: Value::None,
            args: Args::default(),
        }
    }
}

/// `functools.wraps(x)`: the function takes `x`'s names.
fn is_wraps(d: &Decorator) -> bool {
    d.called && &*d.name == "functools.wraps"
}

/// The `__qualname__` prefix of what `frame` defines: the class in a class
/// body, `f.<locals>` in a call of `f`, none at module level (and in the
/// frames of walkers that do not say).
fn scope_prefix(frame: &Frame) -> Option<String> {
    match frame.locals.as_ref()?.get("__qualname__") {
        Some(Value::Str(s)) => Some(s.template()),
        _ => None,
    }
}

/// The bindings a `def` run in `frame` closes over: the locals of the
/// function being run (which hold what that one closed over in turn).
fn captured(frame: &Frame) -> Option<Rc<BTreeMap<String, Value>>> {
    let prefix = scope_prefix(frame)?;
    if !prefix.ends_with(LOCALS) {
        return None;
    }
    let locals = frame.locals.as_ref()?;
    Some(Rc::new(
        locals
            .iter()
            .filter(|(k, _)| k.as_str() != "__qualname__")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    ))
}

/// Dotted name of a callable the evaluator knows by name.
fn callable_name(v: &Value) -> Option<String> {
    match v {
        Value::External(d) => Some(d.clone()),
        Value::Function(f) => Some(format!("{}.{}", f.module, f.qualname)),
        Value::Class(c) => Some(format!("{}.{}", c.module, c.qualname)),
        _ => None,
    }
}
