//! Objects: calling a project class makes an [`Instance`] and runs its
//! `__init__` (found through the project bases) with `self` bound; its
//! attributes are those set on it, then the class attributes through the
//! bases; methods reached through it are bound (`self`, or the class for a
//! `classmethod`), properties computed on access, `super()` looks past the
//! defining class. The built-ins that ask about objects (`hasattr`,
//! `setattr`, `isinstance`, `issubclass`) answer when the answer is known.

use super::args::Args;
use super::interp::{Frame, Interp, Site};
use super::value::{ClassRef, Decorator, FuncRef, Instance, Value};
use std::rc::Rc;
use tree_sitter::Node;

/// The local holding the method being run and what its first parameter
/// received, for a `super()` without arguments (Python's `__class__` cell);
/// not a valid identifier, so no code can read or bind it.
pub(super) const METHOD_KEY: &str = " method";

/// The last dotted segment of a decorator's name: `classmethod`,
/// `property`, `cached_property`.
pub(super) fn decorator_kind(d: &Decorator) -> &str {
    d.name.rsplit('.').next().unwrap_or("")
}

fn has_kind(f: &FuncRef, kinds: &[&str]) -> bool {
    f.decorators
        .iter()
        .any(|d| kinds.contains(&decorator_kind(d)))
}

impl Interp {
    /// `Class(args)` for a project class no hook models: a new object, with
    /// the `__init__` found through the bases run on it. A class whose
    /// `__init__` is outside the sources starts with no attributes of its own.
    pub(super) fn construct(&mut self, class: &ClassRef, args: &Args, site: Site) -> Value {
        let obj = Value::instance(Value::Class(class.clone()), Vec::new());
        if let Some(Value::Function(init)) = self.class_attr(class, "__init__") {
            self.call_function(&init, Some(obj.clone()), args, site);
        }
        obj
    }

    /// `obj.name` for an object: its own attribute, else the class's (a
    /// function there bound to it).
    pub(super) fn instance_attr(
        &mut self,
        obj: &Value,
        inst: &Instance,
        name: &str,
        site: Site,
    ) -> Value {
        if name == "__class__" {
            return inst.class.clone();
        }
        if let Some(v) = inst.attr(name) {
            return v;
        }
        let found = match &inst.class {
            Value::Class(c) => self.class_attr(c, name),
            _ => None,
        };
        match found {
            Some(Value::Function(f)) => self.bind_method(obj, &inst.class, &f, site),
            Some(v) => v,
            None => Value::unknown(
                format!("{}.{name}", inst.class_name()),
                format!(
                    "attribute `{name}` is neither set on the instance nor defined by a class in the sources"
                ),
            ),
        }
    }

    /// A function of `class` reached through `obj` (an instance of it, or
    /// the class itself): a property is computed now (a `cached_property`
    /// kept on the instance, as Django's and functools' do), a classmethod
    /// bound to the class, a staticmethod left as is, a method bound to
    /// `obj`.
    pub(super) fn bind_method(
        &mut self,
        obj: &Value,
        class: &Value,
        f: &Rc<FuncRef>,
        site: Site,
    ) -> Value {
        if has_kind(f, &["property", "cached_property"]) {
            let v = self.call_function(f, Some(obj.clone()), &Args::default(), site);
            if let (Value::Instance(i), true) = (obj, has_kind(f, &["cached_property"])) {
                let name = f.qualname.rsplit('.').next().unwrap_or(&f.qualname);
                i.set_attr(name, v.clone());
            }
            return v;
        }
        if has_kind(f, &["classmethod", "classonlymethod"]) {
            return Value::BoundMethod(std::rc::Rc::new((class.clone(), f.clone())));
        }
        if has_kind(f, &["staticmethod"]) || matches!(obj, Value::Class(_)) {
            return Value::Function(f.clone());
        }
        Value::BoundMethod(std::rc::Rc::new((obj.clone(), f.clone())))
    }

    /// `super().name(args)` (or `super(Class, obj)`): `name` looked up in
    /// the bases of the class defining the running method, bound to the
    /// same object. `None` when `obj_node` is not a call of `super`.
    pub(super) fn super_call(
        &mut self,
        frame: &mut Frame,
        obj_node: Node<'static>,
        name: &str,
        args: &Args,
        site: Site,
    ) -> Option<Value> {
        if obj_node.kind() != "call" {
            return None;
        }
        let func = obj_node.child_by_field_name("function")?;
        if self.text(frame.module, func) != "super" {
            return None;
        }
        // Other objects (the hooks') answer `super()` themselves.
        let (class, this) = self
            .super_args(frame, obj_node)
            .filter(|(_, this)| matches!(this, Value::Instance(_) | Value::Class(_)))?;
        let this_class = match &this {
            Value::Instance(i) => i.class.clone(),
            other => other.clone(),
        };
        // Python's `super()`: the classes after `class` in the order of
        // the object's own class, which a mixin's own bases do not tell.
        let mro = match &this_class {
            Value::Class(c) => self.project_mro(c),
            _ => self.project_mro(&class),
        };
        let after = mro
            .iter()
            .position(|k| k.node.id() == class.node.id())
            .map_or(0, |i| i + 1);
        for k in mro.into_iter().skip(after) {
            match self.class_scope(&k).get(name).cloned() {
                Some(Value::Function(f)) => {
                    let m = self.bind_method(&this, &this_class, &f, site);
                    return Some(self.call_value(m, args, site));
                }
                Some(other) => return Some(self.call_value(other, args, site)),
                None => {}
            }
        }
        // Past the sources the framework layer may know the method
        // (`super().as_view(...)` in a view mixin): it answers `super()`.
        None
    }

    /// The class and object a `super(...)` call stands for: its two
    /// arguments, or the running method's class and first argument.
    fn super_args(&mut self, frame: &mut Frame, call: Node<'static>) -> Option<(ClassRef, Value)> {
        let args = call.child_by_field_name("arguments")?;
        if args.named_child_count() >= 2 {
            let a = self.eval_args(frame, args);
            return match (a.pos.first(), a.pos.get(1)) {
                (Some(Value::Class(c)), Some(obj)) => Some((c.clone(), obj.clone())),
                _ => None,
            };
        }
        let Some(Value::Tuple(method)) = frame.locals.as_ref()?.get(METHOD_KEY).cloned() else {
            return None;
        };
        let (Some(Value::Function(f)), Some(this)) = (method.first(), method.get(1)) else {
            return None;
        };
        let class = self.defining_class(f)?;
        Some((class, this.clone()))
    }

    /// The class whose body defines the method `f`, from its qualified name.
    fn defining_class(&mut self, f: &FuncRef) -> Option<ClassRef> {
        let (path, _) = f.qualname.rsplit_once('.')?;
        let module = self.load(&f.module)?;
        let mut segments = path.split('.');
        let first = segments.next()?;
        let mut v = self.modules[module].scope.get(first).cloned()?;
        for seg in segments {
            let Value::Class(c) = &v else { return None };
            v = self.class_attr(c, seg)?;
        }
        match v {
            Value::Class(c) => Some(c),
            _ => None,
        }
    }

    /// Runs the decorators of a definition that are methods of objects
    /// (`@registry.register`, `@registry.register("slug")`), innermost
    /// first, for what they record on the object; the name stays bound to
    /// the definition, as the other decorators leave it.
    pub(super) fn apply_object_decorators(
        &mut self,
        decorators: &[(Value, Decorator)],
        def: &Value,
        site: Site,
    ) {
        for (callee, dec) in decorators.iter().rev() {
            let Value::BoundMethod(b) = callee else {
                continue;
            };
            if !matches!(b.0, Value::Instance(_)) {
                continue;
            }
            let one = |v: &Value| Args {
                pos: vec![v.clone()],
                kw: Vec::new(),
            };
            if dec.called {
                let args = Args {
                    pos: dec.args.clone(),
                    kw: dec.kwargs.clone(),
                };
                let made = self.call_value(callee.clone(), &args, site);
                if matches!(made, Value::Function(_) | Value::BoundMethod(_)) {
                    self.call_value(made, &one(def), site);
                }
            } else {
                self.call_value(callee.clone(), &one(def), site);
            }
        }
    }

    /// Whether `obj` has the attribute `name`; `None` when that cannot be
    /// known (an external base class may define it).
    pub fn has_attribute(&mut self, obj: &Value, name: &str) -> Option<bool> {
        match obj {
            Value::Module(m) => self
                .load(m)
                .map(|i| self.modules[i].scope.contains_key(name)),
            Value::Class(c) => self.class_has(c, name),
            Value::Instance(i) => {
                if i.attr(name).is_some() || name == "__class__" {
                    return Some(true);
                }
                match &i.class {
                    Value::Class(c) => self.class_has(c, name),
                    class => {
                        let hooks = self.hooks.clone();
                        hooks.has_attribute(self, class, name)
                    }
                }
            }
            other => {
                let hooks = self.hooks.clone();
                hooks.has_attribute(self, other, name)
            }
        }
    }

    /// Whether a class has `name`: found in its project classes or a base
    /// the hooks know, or known not to be there when reading it raises
    /// `AttributeError` (`class_lacks`).
    fn class_has(&mut self, class: &ClassRef, name: &str) -> Option<bool> {
        if self.class_attr(class, name).is_some() {
            return Some(true);
        }
        let (_, externals) = self.lineage(class);
        let hooks = self.hooks.clone();
        for base in externals {
            if hooks.has_attribute(self, &Value::External(base), name) == Some(true) {
                return Some(true);
            }
        }
        self.class_lacks(class, name).then_some(false)
    }

    /// Ends an exception no `try` caught (at the end of a run the caller
    /// makes, such as a hook's).
    pub fn clear_raised(&mut self) {
        self.raised = None;
    }

    /// The project classes `class` derives from (itself first) and the
    /// external bases met on the way (other than `object`).
    pub(super) fn lineage(&mut self, class: &ClassRef) -> (Vec<ClassRef>, Vec<String>) {
        let mut classes = vec![class.clone()];
        let mut externals = Vec::new();
        let mut i = 0;
        while i < classes.len() && i < super::definitions::MAX_BASES_DEPTH {
            let c = classes[i].clone();
            for base in self.class_bases(&c) {
                match base {
                    Value::Class(b) => {
                        if !classes.iter().any(|k| k.node.id() == b.node.id()) {
                            classes.push(b);
                        }
                    }
                    Value::External(name) if name != "builtins.object" => externals.push(name),
                    Value::External(_) => {}
                    other => externals.push(other.describe()),
                }
            }
            i += 1;
        }
        (classes, externals)
    }

    /// `issubclass(class, target)`: known when `target` is a project class
    /// (no class outside the sources derives from one), or an external
    /// class met among the bases.
    pub fn is_subclass(&mut self, class: &Value, target: &Value) -> Option<bool> {
        if let Value::Tuple(targets) = target {
            let mut answer = Some(false);
            for t in targets {
                match self.is_subclass(class, t) {
                    Some(true) => return Some(true),
                    Some(false) => {}
                    None => answer = None,
                }
            }
            return answer;
        }
        let c = match class {
            Value::Class(c) => c.clone(),
            Value::External(name) => {
                return match target {
                    Value::External(t) if t == name => Some(true),
                    Value::External(t) => self.hooks.external_is_subclass(name, t),
                    Value::Class(_) => Some(false),
                    _ => None,
                };
            }
            _ => return None,
        };
        let (classes, externals) = self.lineage(&c);
        match target {
            Value::Class(t) => Some(classes.iter().any(|k| k.node.id() == t.node.id())),
            Value::External(t) if t == "builtins.object" => Some(true),
            Value::External(t) => {
                if externals.iter().any(|e| same_external(e, t)) {
                    return Some(true);
                }
                // Each external base, as far as the hooks know its bases.
                let mut answer = Some(false);
                for e in &externals {
                    match self.hooks.external_is_subclass(e, t) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => answer = None,
                    }
                }
                answer
            }
            _ => None,
        }
    }

    /// `hasattr`, `setattr`, `isinstance` and `issubclass`; `None` for
    /// another name.
    pub(super) fn call_object_builtin(
        &mut self,
        name: &str,
        args: &Args,
        site: Site,
    ) -> Option<Value> {
        let text = self.text(site.module, site);
        let v = match name {
            "builtins.hasattr" => {
                let (Some(obj), Some(attr)) = (
                    args.pos.first().cloned(),
                    args.pos.get(1).and_then(|n| n.as_known_str()),
                ) else {
                    return Some(Value::unknown(text, "hasattr() with an unknown name"));
                };
                let obj = self.resolve(obj);
                match self.has_attribute(&obj, &attr) {
                    Some(b) => Value::Bool(b),
                    None => Value::unknown(text, "hasattr() of a value not modelled"),
                }
            }
            "builtins.setattr" => {
                if let (Some(obj), Some(attr), Some(v)) = (
                    args.pos.first(),
                    args.pos.get(1).and_then(|n| n.as_known_str()),
                    args.pos.get(2),
                ) {
                    self.store_attr(obj, &attr, v.clone());
                }
                Value::None
            }
            "builtins.isinstance" | "builtins.issubclass" => {
                let (Some(obj), Some(target)) = (args.pos.first(), args.pos.get(1)) else {
                    return Some(Value::unknown(text, "missing argument"));
                };
                let class = match (name, obj) {
                    ("builtins.issubclass", v) if not_a_class(v) => {
                        // Python raises TypeError; code that loops over a
                        // module's members catches it to skip them.
                        self.raise("TypeError");
                        return Some(Value::unknown(
                            text,
                            "issubclass() of a value that is not a class",
                        ));
                    }
                    ("builtins.isinstance", Value::Instance(i)) => i.class.clone(),
                    ("builtins.isinstance", v) if builtin_types(v).is_some() => {
                        let target = self.resolve(target.clone());
                        return Some(match builtin_isinstance(v, &target) {
                            Some(b) => Value::Bool(b),
                            None => Value::unknown(text, "isinstance() against a class not known"),
                        });
                    }
                    ("builtins.isinstance", _) => {
                        return Some(Value::unknown(text, "isinstance() of a value not modelled"))
                    }
                    _ => obj.clone(),
                };
                let target = self.resolve(target.clone());
                match self.is_subclass(&class, &target) {
                    Some(b) => Value::Bool(b),
                    None => {
                        Value::unknown(text, "the class's bases outside the sources may decide")
                    }
                }
            }
            _ => return None,
        };
        Some(v)
    }
}

/// True for a value that is certainly not a class.
fn not_a_class(v: &Value) -> bool {
    matches!(
        v,
        Value::None
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::Str(_)
            | Value::List(_)
            | Value::Tuple(_)
            | Value::Dict(_)
            | Value::Module(_)
            | Value::Function(_)
            | Value::Lambda(_)
            | Value::Instance(_)
            | Value::BoundMethod(_)
    )
}

/// Two dotted names of a class outside the sources that may be one class
/// re-exported (`django.apps.AppConfig`, `django.apps.config.AppConfig`):
/// the same package and class name.
fn same_external(a: &str, b: &str) -> bool {
    let split = |s: &str| {
        let top = s.split('.').next().unwrap_or("").to_string();
        let last = s.rsplit('.').next().unwrap_or("").to_string();
        (top, last)
    };
    a == b || split(a) == split(b)
}

/// The built-in types a plain value is an instance of, or `None` for a
/// value that is not a plain built-in one.
fn builtin_types(v: &Value) -> Option<&'static [&'static str]> {
    Some(match v {
        Value::None => &["NoneType", "object"],
        Value::Bool(_) => &["bool", "int", "object"],
        Value::Int(_) => &["int", "object"],
        Value::Float(_) => &["float", "object"],
        Value::Str(_) => &["str", "object"],
        Value::List(_) => &["list", "object"],
        Value::Tuple(_) => &["tuple", "object"],
        Value::Dict(_) => &["dict", "object"],
        _ => return None,
    })
}

/// `isinstance(v, target)` for a plain built-in value: known against the
/// built-in types and the classes of the sources (which such a value never
/// is an instance of); unknown against a class outside the sources, which
/// may be a subclass of a built-in type the value stands for.
fn builtin_isinstance(v: &Value, target: &Value) -> Option<bool> {
    let types = builtin_types(v)?;
    match target {
        Value::External(d) => {
            let name = d.strip_prefix("builtins.")?;
            Some(types.contains(&name))
        }
        Value::Class(_) => Some(false),
        Value::Tuple(items) => {
            let mut answer = Some(false);
            for t in items {
                match builtin_isinstance(v, t) {
                    Some(true) => return Some(true),
                    Some(false) => {}
                    None => answer = None,
                }
            }
            answer
        }
        _ => None,
    }
}
