//! Values of the static evaluator. Anything it cannot know is an explicit
//! [`Value::Unknown`] carrying the source text it stands for, never a guess.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use tree_sitter::Node;

/// A piece of a string whose parts may be unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Lit(String),
    /// An unknown piece, shown as `{text}`.
    Hole(String),
}

/// A string that may contain unknown pieces (`f"/project/{pid}/"` with `pid`
/// unknown).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Str(pub Vec<Part>);

impl Value {
    /// Items of a list or tuple (0 for anything else), without copying them.
    pub fn len_hint(&self) -> usize {
        match self {
            Value::List(l) => l.borrow().len(),
            Value::Tuple(t) => t.len(),
            Value::Dict(d) => d.borrow().len(),
            _ => 0,
        }
    }
}

impl Str {
    /// Bytes of text, holes counted by their source text.
    pub fn len(&self) -> usize {
        self.0
            .iter()
            .map(|p| match p {
                Part::Lit(s) | Part::Hole(s) => s.len(),
            })
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn lit(s: impl Into<String>) -> Str {
        Str(vec![Part::Lit(s.into())])
    }

    pub fn hole(text: impl Into<String>) -> Str {
        Str(vec![Part::Hole(text.into())])
    }

    /// The string, when every piece is known.
    pub fn known(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Part::Lit(s) => out.push_str(s),
                Part::Hole(_) => return None,
            }
        }
        Some(out)
    }

    /// Whether two strings are equal, `None` when either has an unknown
    /// piece. Dict keys are compared this way on every insert: a string of
    /// one piece is compared in place, without building it.
    pub fn known_eq(&self, other: &Str) -> Option<bool> {
        match (self.0.as_slice(), other.0.as_slice()) {
            ([Part::Lit(a)], [Part::Lit(b)]) => Some(a == b),
            _ => Some(self.known()? == other.known()?),
        }
    }

    /// The string with unknown pieces written as `{text}`.
    pub fn template(&self) -> String {
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Part::Lit(s) => out.push_str(s),
                Part::Hole(h) => {
                    out.push('{');
                    out.push_str(h);
                    out.push('}');
                }
            }
        }
        out
    }

    pub fn push_str(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(Part::Lit(last)) = self.0.last_mut() {
            last.push_str(s);
        } else {
            self.0.push(Part::Lit(s.to_string()));
        }
    }

    pub fn push_hole(&mut self, text: &str) {
        self.0.push(Part::Hole(text.to_string()));
    }

    pub fn append(&mut self, other: &Str) {
        for p in &other.0 {
            match p {
                Part::Lit(s) => self.push_str(s),
                Part::Hole(h) => self.push_hole(h),
            }
        }
    }

    /// `str.strip` family applied to the known ends; an unknown end stays.
    pub fn strip(&self, chars: Option<&str>, left: bool, right: bool) -> Str {
        let pred = |c: char| match chars {
            Some(set) => set.contains(c),
            None => c.is_whitespace(),
        };
        let mut parts = self.0.clone();
        if left {
            while let Some(Part::Lit(first)) = parts.first_mut() {
                let t = first.trim_start_matches(pred).to_string();
                if t.is_empty() {
                    parts.remove(0);
                } else {
                    *first = t;
                    break;
                }
            }
        }
        if right {
            while let Some(Part::Lit(last)) = parts.last_mut() {
                let t = last.trim_end_matches(pred).to_string();
                if t.is_empty() {
                    parts.pop();
                } else {
                    *last = t;
                    break;
                }
            }
        }
        Str(parts)
    }
}

/// A function defined in analysed source.
#[derive(Debug, Clone)]
pub struct FuncRef {
    /// Dotted name of the defining module.
    pub module: String,
    /// `function_definition` node of the module's first parse; `None` for a
    /// definition that parse left out (use `Interp::function_node`). Boxed:
    /// most functions of a large project are left out, and a node is five
    /// words.
    pub node: Option<Box<Node<'static>>>,
    /// First byte of the definition's `def` (or `async`).
    pub def_start: usize,
    /// Decorators, outermost first, as dotted names where resolvable.
    pub decorators: Vec<Decorator>,
    /// `outer.<locals>.inner` for a `def` run inside a function, as
    /// Python builds `__qualname__`.
    pub qualname: String,
    /// For a closure (a `def` run inside a function): the bindings of the
    /// enclosing calls it can read when it runs later.
    pub captured: Option<Rc<BTreeMap<String, Value>>>,
    /// What `functools.wraps` / `update_wrapper` copied its `__module__`,
    /// `__qualname__`, `__name__` and `__dict__` from, if applied.
    pub wrapped: Option<Box<Value>>,
    /// Attributes code set on the function object (`view.view_class =
    /// cls`), shared by every reference to it.
    pub attrs: Rc<Attributes>,
}

/// The attributes code set on an object or a function, in the order set.
#[derive(Debug, Default)]
pub struct Attributes(RefCell<Vec<(String, Value)>>);

impl Attributes {
    pub fn get(&self, name: &str) -> Option<Value> {
        self.0
            .borrow()
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    pub fn set(&self, name: &str, value: Value) {
        let mut attrs = self.0.borrow_mut();
        match attrs.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => attrs.push((name.to_string(), value)),
        }
    }

    pub fn names(&self) -> Vec<String> {
        self.0.borrow().iter().map(|(k, _)| k.clone()).collect()
    }
}

impl FuncRef {
    /// An attribute code set on the function.
    pub fn attr(&self, name: &str) -> Option<Value> {
        self.attrs.get(name)
    }

    pub fn set_attr(&self, name: &str, value: Value) {
        self.attrs.set(name, value);
    }
}

/// A `lambda` expression evaluated.
#[derive(Debug)]
pub struct LambdaDef {
    pub module: String,
    pub line: usize,
    /// As Python names it: `<lambda>`, `outer.<locals>.<lambda>`.
    pub qualname: String,
    pub node: Node<'static>,
    pub captured: Option<Rc<BTreeMap<String, Value>>>,
}

/// A class defined in analysed source: a shared handle, as every value
/// that names the class refers to the one definition.
#[derive(Debug, Clone)]
pub struct ClassRef(Rc<ClassDef>);

#[derive(Debug)]
pub struct ClassDef {
    pub module: String,
    /// `class_definition` node.
    pub node: Node<'static>,
    pub decorators: Vec<Decorator>,
    pub qualname: String,
}

impl ClassRef {
    pub fn new(def: ClassDef) -> ClassRef {
        ClassRef(Rc::new(def))
    }
}

impl std::ops::Deref for ClassRef {
    type Target = ClassDef;

    fn deref(&self) -> &ClassDef {
        &self.0
    }
}

/// A decorator applied to a function or class: the callee's dotted name (or
/// source text) and its evaluated arguments.
#[derive(Debug, Clone)]
pub struct Decorator {
    pub name: Rc<str>,
    pub args: Vec<Value>,
    pub kwargs: Vec<(String, Value)>,
    /// True for `@name(...)`, false for bare `@name`.
    pub called: bool,
    pub line: usize,
}

/// A value made and understood by the framework layer plugged in through
/// [`super::Hooks`]: the evaluator carries it (in lists, names, arguments)
/// and hands it back to the hooks for its attributes and methods.
pub trait HostValue: std::fmt::Debug {
    /// A short description for messages.
    fn describe(&self) -> String;
    /// True for a value code may call, which a decorator call then wraps
    /// ([`Value::Wrapped`]) rather than losing.
    fn is_callable(&self) -> bool {
        false
    }
    /// The value itself, for the hooks to recognise their own types.
    fn as_any(&self) -> &dyn std::any::Any;
    /// An attribute the value answers itself (a parsed URL's `path`, a
    /// caught exception's `errno`); `None` for one it does not model.
    fn attr(&self, _name: &str) -> Option<Value> {
        None
    }
}

#[derive(Debug, Clone)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Str),
    /// Lists are shared and mutable: `urlpatterns += [...]`, `.append`.
    List(Rc<RefCell<Vec<Value>>>),
    Tuple(Vec<Value>),
    /// Dicts are shared and mutable too: `registry[key] = value`.
    Dict(Rc<RefCell<Vec<(Value, Value)>>>),
    /// A module of the analysed sources, or a package, by dotted name.
    Module(String),
    /// A name bound by `from module import name`, resolved on use.
    Import {
        module: String,
        name: String,
    },
    Function(Rc<FuncRef>),
    Class(ClassRef),
    /// A `lambda`: called, its body is evaluated with its parameters bound
    /// over what it closed over (as a nested `def`).
    Lambda(Rc<LambdaDef>),
    /// Something defined outside the analysed sources, by dotted name.
    External(String),
    /// A callable wrapped by a call of an external decorator,
    /// `decorator(func)`, which keeps the function as `functools.wraps` does.
    Wrapped {
        decorator: Box<Decorator>,
        inner: Box<Value>,
    },
    /// A value of the framework layer (see [`HostValue`]).
    Host(Rc<dyn HostValue>),
    /// An object made by calling a class (see [`Instance`]).
    Instance(Rc<Instance>),
    /// A function of a class reached through an instance or class, with
    /// what its first parameter receives (`obj.method`, `cls.classmethod`).
    BoundMethod(Rc<(Value, Rc<FuncRef>)>),
    Unknown(Unknown),
}

/// An object: its own attributes (its `__dict__`, shared and mutable, so
/// that what a method sets on `self` is seen through every alias) and its
/// class, a project class ([`Value::Class`]) or one outside the analysed
/// sources ([`Value::External`]) whose attributes are only those set here.
pub struct Instance {
    pub class: Value,
    pub attrs: Attributes,
}

/// The class and attribute names only: an object may hold itself
/// (`self.parent = self`), which a derived `Debug` would follow forever.
impl std::fmt::Debug for Instance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = self.attrs.names();
        f.debug_struct("Instance")
            .field("class", &self.class.describe())
            .field("attrs", &names)
            .finish()
    }
}

impl Instance {
    pub fn attr(&self, name: &str) -> Option<Value> {
        self.attrs.get(name)
    }

    pub fn set_attr(&self, name: &str, value: Value) {
        self.attrs.set(name, value);
    }

    /// Dotted name of the class, for messages.
    pub fn class_name(&self) -> String {
        self.class.describe()
    }
}

/// A value the evaluator cannot know, with the source text it stands for.
#[derive(Debug, Clone)]
pub struct Unknown {
    pub text: String,
    pub reason: String,
}

impl Value {
    pub fn unknown(text: impl Into<String>, reason: impl Into<String>) -> Value {
        Value::Unknown(Unknown {
            text: text.into(),
            reason: reason.into(),
        })
    }

    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(Str::lit(s))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(items)))
    }

    /// An object of `class` with the attributes `attrs`.
    pub fn instance(class: Value, attrs: Vec<(String, Value)>) -> Value {
        Value::Instance(Rc::new(Instance {
            class,
            attrs: Attributes(RefCell::new(attrs)),
        }))
    }

    pub fn dict(pairs: Vec<(Value, Value)>) -> Value {
        Value::Dict(Rc::new(RefCell::new(pairs)))
    }

    /// The pairs of a dict, copied.
    pub fn pairs(&self) -> Option<Vec<(Value, Value)>> {
        match self {
            Value::Dict(d) => Some(d.borrow().clone()),
            _ => None,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_))
    }

    pub fn as_known_str(&self) -> Option<String> {
        match self {
            Value::Str(s) => s.known(),
            _ => None,
        }
    }

    /// Items of a list or tuple.
    pub fn items(&self) -> Option<Vec<Value>> {
        match self {
            Value::List(l) => Some(l.borrow().clone()),
            Value::Tuple(t) => Some(t.clone()),
            _ => None,
        }
    }

    /// What iterating the value gives, when known: the items of a list or
    /// tuple, the keys of a dict.
    pub fn iterated(&self) -> Option<Vec<Value>> {
        match self {
            Value::Dict(d) => Some(d.borrow().iter().map(|(k, _)| k.clone()).collect()),
            other => other.items(),
        }
    }

    /// Python truthiness, when known.
    pub fn truthy(&self) -> Option<bool> {
        match self {
            Value::None => Some(false),
            Value::Bool(b) => Some(*b),
            Value::Int(i) => Some(*i != 0),
            Value::Float(f) => Some(*f != 0.0),
            Value::Str(s) => {
                if s.0
                    .iter()
                    .any(|p| matches!(p, Part::Lit(l) if !l.is_empty()))
                {
                    Some(true)
                } else {
                    s.known().map(|k| !k.is_empty())
                }
            }
            Value::List(l) => Some(!l.borrow().is_empty()),
            Value::Tuple(t) => Some(!t.is_empty()),
            Value::Dict(d) => Some(!d.borrow().is_empty()),
            Value::Unknown(_) | Value::Import { .. } | Value::External(_) => None,
            _ => Some(true),
        }
    }

    /// Text used when the value is interpolated into a string.
    pub fn to_str(&self) -> Str {
        match self {
            Value::Str(s) => s.clone(),
            Value::Int(i) => Str::lit(i.to_string()),
            Value::Float(f) => Str::lit(format_float(*f)),
            Value::Bool(b) => Str::lit(if *b { "True" } else { "False" }),
            Value::None => Str::lit("None"),
            Value::Unknown(u) => Str::hole(u.text.clone()),
            other => Str::hole(other.describe()),
        }
    }

    /// A short description for messages.
    pub fn describe(&self) -> String {
        match self {
            Value::None => "None".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => format_float(*f),
            Value::Str(s) => format!("{:?}", s.template()),
            Value::List(_) => "a list".into(),
            Value::Tuple(_) => "a tuple".into(),
            Value::Dict(_) => "a dict".into(),
            Value::Module(m) => format!("module {m}"),
            Value::Import { module, name } => format!("{module}.{name}"),
            Value::Function(f) => format!("{}.{}", f.module, f.qualname),
            Value::Class(c) => format!("{}.{}", c.module, c.qualname),
            Value::Lambda(l) => format!("{}.{}", l.module, l.qualname),
            Value::External(d) => d.clone(),
            Value::Wrapped { inner, .. } => inner.describe(),
            Value::Host(h) => h.describe(),
            Value::Instance(i) => format!("an instance of {}", i.class_name()),
            Value::BoundMethod(b) => b.1.qualname.clone(),
            Value::Unknown(u) => u.text.clone(),
        }
    }
}

fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.1}")
    } else {
        f.to_string()
    }
}

impl From<crate::parsing::literal::Literal> for Value {
    fn from(l: crate::parsing::literal::Literal) -> Value {
        use crate::parsing::literal::Literal;
        match l {
            Literal::None => Value::None,
            Literal::Bool(b) => Value::Bool(b),
            Literal::Int(i) => Value::Int(i),
            Literal::Str(s) => Value::str(s),
            Literal::List(items) => Value::list(items.into_iter().map(Value::from).collect()),
            Literal::Tuple(items) => Value::Tuple(items.into_iter().map(Value::from).collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_leaves_unknown_ends_alone() {
        let mut s = Str::lit("/detail_project/");
        s.push_hole("pid");
        assert_eq!(
            s.strip(Some("/"), true, true).template(),
            "detail_project/{pid}"
        );
        assert_eq!(
            Str::lit("//a//").strip(Some("/"), false, true).template(),
            "//a"
        );
    }

    #[test]
    fn adjacent_literals_merge() {
        let mut s = Str::lit("a");
        s.push_str("b");
        s.append(&Str::lit("c"));
        assert_eq!(s.0, vec![Part::Lit("abc".into())]);
    }
}
