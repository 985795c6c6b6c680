//! Functions and classes: `def` and `class` statements with their decorators,
//! definitions whose bodies the first parse left out, and class bodies,
//! bases and attributes.

use super::interp::{Frame, Interp, Site};
use super::value::{ClassRef, Decorator, FuncRef, Value};
use crate::parsing::{line_of, SourceFile};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::rc::Rc;
use tree_sitter::Node;

/// Levels of base classes followed when looking a name up. Deep hierarchies
/// are legal (and generated code has them); the bound is for cycles the
/// evaluator cannot see and for hostile input.
pub const MAX_BASES_DEPTH: usize = 128;

impl Interp {
    pub(super) fn exec_definition(&mut self, frame: &mut Frame, stmt: Node<'static>) {
        let mut object_decorators = Vec::new();
        let (decorators, def) = if stmt.kind() == "decorated_definition" {
            let mut c = stmt.walk();
            let decs: Vec<Node<'static>> = stmt
                .named_children(&mut c)
                .filter(|n| n.kind() == "decorator")
                .collect();
            let Some(def) = stmt.child_by_field_name("definition") else {
                return;
            };
            let mut callees = Vec::new();
            let decs = decs
                .into_iter()
                .map(|d| {
                    let (dec, callee) = self.eval_decorator(frame, d);
                    callees.push(callee);
                    dec
                })
                .collect();
            object_decorators = callees;
            (decs, def)
        } else {
            (Vec::new(), stmt)
        };
        let Some(name_node) = def.child_by_field_name("name") else {
            return;
        };
        let name = self.text(frame.module, name_node).to_string();
        let module = self.modules[frame.module].name.clone();
        let qualname = match &frame.locals {
            Some(l) => match l.get("__qualname__") {
                Some(Value::Str(s)) => format!("{}.{name}", s.template()),
                _ => name.clone(),
            },
            None => name.clone(),
        };
        let v = match def.kind() {
            "function_definition" => Value::Function(FuncRef {
                module,
                node: Some(def),
                def_start: def.start_byte(),
                decorators,
                qualname,
            }),
            "class_definition" => Value::Class(ClassRef {
                module,
                node: def,
                decorators,
                qualname,
            }),
            _ => return,
        };
        let decorators = match &v {
            Value::Function(f) => f.decorators.clone(),
            Value::Class(c) => c.decorators.clone(),
            _ => Vec::new(),
        };
        let site = Site {
            module: frame.module,
            node: stmt,
        };
        self.apply_object_decorators(&object_decorators, &decorators, &v, site);
        self.bind(frame, &name, v, line_of(def), BTreeSet::new());
    }

    /// A decorator as recorded, and the value of its callee.
    fn eval_decorator(&mut self, frame: &mut Frame, dec: Node<'static>) -> (Decorator, Value) {
        let line = line_of(dec);
        let Some(expr) = dec.named_child(0) else {
            let none = Decorator {
                name: String::new(),
                args: vec![],
                kwargs: vec![],
                called: false,
                line,
            };
            return (none, Value::None);
        };
        if expr.kind() == "call" {
            let callee = expr.child_by_field_name("function");
            let (name, value) = match callee {
                Some(c) => {
                    let v = self.eval(frame, c);
                    (self.dotted_name(&v, frame.module, c), v)
                }
                None => (String::new(), Value::None),
            };
            let args = expr
                .child_by_field_name("arguments")
                .map(|a| self.eval_args(frame, a))
                .unwrap_or_default();
            let dec = Decorator {
                name,
                args: args.pos,
                kwargs: args.kw,
                called: true,
                line,
            };
            (dec, value)
        } else {
            let v = self.eval(frame, expr);
            let dec = Decorator {
                name: self.dotted_name(&v, frame.module, expr),
                args: vec![],
                kwargs: vec![],
                called: false,
                line,
            };
            (dec, v)
        }
    }

    /// Dotted name of a callable, or its source text when unknown.
    fn dotted_name(&self, v: &Value, module: usize, node: Node<'_>) -> String {
        callable_name(v).unwrap_or_else(|| self.text(module, node).to_string())
    }

    /// The `function_definition` of `f` with its body, parsing the body now
    /// if the module's first parse left it out.
    pub fn function_node(&mut self, f: &FuncRef) -> Node<'static> {
        let file = self
            .module_index(&f.module)
            .and_then(|m| self.modules[m].file.map(|file| (m, file)));
        let Some((m, file)) = file else {
            return f.node.unwrap_or_else(|| self.placeholder_node());
        };
        if !file.body_left_out(f.def_start, f.node) {
            if let Some(n) = f.node {
                return n;
            }
        }
        let start = f.def_start;
        if let Some(n) = self.full_defs.get(&(m, start)) {
            return *n;
        }
        let node = file
            .full_function(start, f.node)
            .and_then(|tree| {
                let tree: &'static tree_sitter::Tree = Box::leak(Box::new(tree));
                let mut n = tree.root_node().descendant_for_byte_range(start, start)?;
                while !(n.kind() == "function_definition" && n.start_byte() == start) {
                    n = n.parent()?;
                }
                Some(n)
            })
            .or(f.node)
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
        let n = def.decorators.len();
        let (mut decorators, mut callees) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for &(s, e, line) in &def.decorators {
            if let Some((d, c)) = self.lazy_decorator(frame, file, (s, e), line) {
                decorators.push(d);
                callees.push(c);
            }
        }
        let f = FuncRef {
            module: self.modules[frame.module].name.clone(),
            node: None,
            def_start: def.def_start,
            decorators,
            qualname: def.name.clone(),
        };
        let site = Site {
            module: frame.module,
            node: file.root(),
        };
        let decorators = f.decorators.clone();
        let v = Value::Function(f);
        self.apply_object_decorators(&callees, &decorators, &v, site);
        self.bind(frame, &def.name, v, def.line, BTreeSet::new());
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
    ) -> Option<(Decorator, Value)> {
        let text = file.text.get(start..end).unwrap_or("");
        let call = crate::parsing::literal::simple_call(text)?;
        let site = Site {
            module: frame.module,
            node: file.root(),
        };
        let mut v = match self.lookup(frame, &call.dotted[0]) {
            Some(v) => v,
            None => Value::unknown(call.dotted[0].clone(), "not defined"),
        };
        for seg in &call.dotted[1..] {
            v = self.get_attr(&v, seg, site);
        }
        let name = callable_name(&v).unwrap_or_else(|| call.dotted.join("."));
        let (args, kwargs, called) = match call.args {
            Some(a) => (
                a.pos.into_iter().map(Value::from).collect(),
                a.kw.into_iter().map(|(k, v)| (k, Value::from(v))).collect(),
                true,
            ),
            None => (vec![], vec![], false),
        };
        let dec = Decorator {
            name,
            args,
            kwargs,
            called,
            line,
        };
        Some((dec, v))
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

/// Dotted name of a callable the evaluator knows by name.
fn callable_name(v: &Value) -> Option<String> {
    match v {
        Value::External(d) => Some(d.clone()),
        Value::Function(f) => Some(format!("{}.{}", f.module, f.qualname)),
        Value::Class(c) => Some(format!("{}.{}", c.module, c.qualname)),
        _ => None,
    }
}
