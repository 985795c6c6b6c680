//! The interpreter's state: the [`Interp`] struct (loaded modules, the
//! conditions and environment dependencies of what is being evaluated), the
//! [`Frame`] code runs in and the [`Hooks`] frameworks plug in. Its methods
//! live by concept in the sibling files: `imports` (the module graph),
//! `names` (look-ups and attributes), `statements`, `definitions`,
//! `expressions`, `operators`, `calls`, `builtins` and `strings`.

use super::args::Args;
use super::value::Value;
use crate::diagnostics::{display_path, Diagnostics};
use crate::discovery::modules::{ModuleFinder, Origin};
use crate::parsing::prefetch::Prefetch;
use crate::parsing::{line_of, Located, SourceFile, Span};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::rc::Rc;
use tree_sitter::Node;

/// Where a call happens.
#[derive(Debug, Clone, Copy)]
pub struct Site {
    pub module: usize,
    pub at: Span,
    /// The call's syntax node, when it has one: a statement read without
    /// the parser (see `parsing::plain`) has none.
    pub node: Option<Node<'static>>,
}

impl Site {
    pub fn new(module: usize, node: Node<'static>) -> Site {
        Site {
            module,
            at: node.span(),
            node: Some(node),
        }
    }

    /// A place without a syntax node.
    pub fn at(module: usize, at: Span) -> Site {
        Site {
            module,
            at,
            node: None,
        }
    }
}

impl Located for Site {
    fn span(&self) -> Span {
        self.at
    }
}

/// Framework knowledge plugged into the evaluator.
pub trait Hooks {
    /// True when `dotted` names a module or object the hooks model themselves:
    /// its source is never evaluated, even when found in site-packages.
    fn is_builtin(&self, dotted: &str) -> bool;
    /// Answers a call to the external callable `callee`, or `None`.
    fn call(&self, it: &mut Interp, callee: &str, args: &Args, site: Site) -> Option<Value>;
    /// Answers a method call on a value, usually a [`super::value::HostValue`]
    /// the hooks made, or `None`.
    fn method(
        &self,
        it: &mut Interp,
        recv: &Value,
        name: &str,
        args: &Args,
        site: Site,
    ) -> Option<Value>;
    /// Answers an attribute of a value, usually a host value, or `None`.
    fn attribute(&self, it: &mut Interp, recv: &Value, name: &str, site: Site) -> Option<Value>;
    /// Whether a value the hooks model has the attribute `name` (for
    /// `getattr(obj, name, default)`); `None` when they cannot say.
    fn has_attribute(&self, _it: &mut Interp, _recv: &Value, _name: &str) -> Option<bool> {
        None
    }
    /// Answers `class(args)` for a project class deriving from the external
    /// class `base` the hooks model (a project's subclass of a framework
    /// class), or `None`.
    fn instantiate(
        &self,
        _it: &mut Interp,
        _class: &super::value::ClassRef,
        _base: &str,
        _args: &Args,
        _site: Site,
    ) -> Option<Value> {
        None
    }
    /// Answers `class(args)` for a project class no base of which the hooks
    /// answered for (an instance they can still say something of), or `None`.
    fn instance(
        &self,
        _it: &mut Interp,
        _class: &super::value::ClassRef,
        _site: Site,
    ) -> Option<Value> {
        None
    }
    /// Takes `recv.name = value` for a value the hooks model (an attribute
    /// an object's `__init__` sets); false when it is not theirs.
    fn set_attribute(&self, _it: &mut Interp, _recv: &Value, _name: &str, _value: Value) -> bool {
        false
    }
    /// The names `dir(value)` lists for a value the hooks model, apart
    /// from dunder names; `None` when they cannot say.
    fn dir_names(&self, _it: &mut Interp, _recv: &Value) -> Option<Vec<String>> {
        None
    }
    /// Whether the class `class` outside the sources derives from the class
    /// `target` outside the sources (both dotted names, not the same);
    /// `None` when the hooks do not know them.
    fn external_is_subclass(&self, _class: &str, _target: &str) -> Option<bool> {
        None
    }
}

/// A module being or having been evaluated.
#[derive(Debug)]
pub struct Module {
    pub name: String,
    pub file: Option<&'static SourceFile>,
    pub is_package: bool,
    pub origin: Origin,
    pub scope: HashMap<String, Value>,
    /// Line where each module-level name was last bound.
    pub lines: HashMap<String, usize>,
    /// Environment variables each module-level name depends on.
    pub deps: HashMap<String, BTreeSet<String>>,
    /// Modules star-imported without known names (external ones).
    pub(super) star_fallbacks: Vec<String>,
    pub(super) done: bool,
}

/// Local variables of a function call or class body.
#[derive(Debug)]
pub struct Frame {
    pub module: usize,
    pub locals: Option<HashMap<String, Value>>,
}

impl Frame {
    pub fn module(module: usize) -> Frame {
        Frame {
            module,
            locals: None,
        }
    }
}

pub struct Interp {
    /// Decorator names, one copy each: thousands of views carry the same
    /// few decorators.
    pub(super) interned: std::collections::HashSet<Rc<str>>,
    pub(super) finder: ModuleFinder,
    pub(super) root: PathBuf,
    pub modules: Vec<Module>,
    pub(super) by_name: HashMap<String, Option<usize>>,
    pub diags: Diagnostics,
    pub(super) hooks: Rc<dyn Hooks>,
    /// Environment variable overrides (`--env NAME=VALUE`); defaults otherwise.
    pub env: BTreeMap<String, String>,
    /// Unknown conditions the statement being executed sits under.
    pub(super) conditions: Vec<String>,
    /// Set while a body the hooks observe is walked; a call, class body or
    /// module it runs starts without it.
    pub(super) observed: Option<Observed>,
    /// The conditions of the observed walks in progress, outermost first.
    pub(super) guards: Vec<Guard>,
    pub(super) depth: usize,
    /// Modules being loaded, one inside the other.
    pub(super) loading: usize,
    pub(super) budget: Budget,
    pub(super) deps: Vec<BTreeSet<String>>,
    pub(super) class_scopes: HashMap<usize, Rc<HashMap<String, Value>>>,
    /// Full definitions of functions whose bodies the first parse left out.
    pub(super) full_defs: HashMap<(usize, usize), Node<'static>>,
    pub(super) prefetch: Prefetch,
    /// Possible results of the calls being run (`merge`), innermost last.
    pub(super) maybe_returns: Vec<Vec<Value>>,
    /// Join the paths of an unknown condition (`merge`) rather than keep
    /// what each branch binds: one value per name, as a request needs.
    pub precise_flow: bool,
    /// Per module: the names its functions rebind with `global` (`merge`).
    pub(super) rebound: HashMap<usize, std::collections::HashSet<String>>,
    /// `list_splat` nodes that stand for their operand (see `splat_call`).
    pub(super) spread_splats: Vec<usize>,
    /// Code that could not be followed (a loop over an unknown value), by
    /// module: warned only for the modules a caller says matter (the
    /// URLconfs walked), since settings and models are full of such loops.
    pub(super) notes: Vec<(usize, usize, String)>,
    /// Per enclosing `try`, innermost last: the exception names each of its
    /// handlers catches (`exceptions`).
    pub(super) catching: Vec<Vec<Vec<String>>>,
    /// An exception raised and not yet caught (`exceptions`).
    pub(super) raised: Option<String>,
    /// Modules that replaced themselves (`sys.modules[__name__] = obj`):
    /// what importing them gives, with where it was assigned.
    pub(super) replaced_modules: HashMap<String, (Value, Site)>,
    /// What the generator calls in progress yielded (`generators`).
    /// `None` once one yielded under an unknown condition.
    pub(super) yields: Vec<Option<Vec<Value>>>,
    /// The factories of `collections.defaultdict` objects, by their dict
    /// (`reflect`); the dict is held so that its address stays its own.
    #[allow(clippy::type_complexity)]
    pub(super) dict_factories: Vec<(std::rc::Rc<std::cell::RefCell<Vec<(Value, Value)>>>, Value)>,
    /// Top-level packages of the project's own code (`imports`).
    pub(super) first_party: Vec<String>,
}

/// A condition the statement being walked sits under, in a walk the hooks
/// observe ([`Interp::run_observed`]).
#[derive(Debug, Clone)]
pub enum Guard {
    /// The evaluator cannot decide it (its source text).
    Unknown(String),
    /// Known false under the current values: the code never runs. Holds
    /// the module-level names that decide it (or the condition's text).
    Off(Vec<String>),
}

/// How a walk the hooks observe differs from plain execution: code that
/// never runs under the known values is walked too, under a
/// [`Guard::Off`], so that the hooks see what it would do; unknown
/// conditions are [`Guard`]s the hooks read ([`Interp::guards`]); an
/// unknown result assigned to a name is named after it (`{export_id}`
/// rather than the expression it came from).
#[derive(Debug, Clone, Copy)]
pub struct Observed {
    /// A `for` over at most this many known items runs once per item; a
    /// longer or empty list (code fills it as it runs) runs the body once
    /// over unknown items, or not at all.
    pub max_unroll: usize,
}

/// The evaluation budget in force (its bounds and use: `budget.rs`).
#[derive(Debug)]
pub struct Budget {
    pub steps_left: u64,
    pub eval_depth: usize,
    /// The step budget ran out and was reported, for the module or call.
    pub reported: bool,
}

impl Interp {
    pub fn new(
        root: PathBuf,
        project_roots: &[PathBuf],
        site_packages: &[PathBuf],
        hooks: Rc<dyn Hooks>,
    ) -> Interp {
        let finder = ModuleFinder::new(project_roots, site_packages);
        let prefetch = Prefetch::new(finder.clone(), root.clone());
        Interp {
            prefetch,
            finder,
            root,
            modules: Vec::new(),
            by_name: HashMap::new(),
            diags: Diagnostics::default(),
            hooks,
            env: BTreeMap::new(),
            conditions: Vec::new(),
            observed: None,
            guards: Vec::new(),
            depth: 0,
            loading: 0,
            budget: Default::default(),
            deps: Vec::new(),
            class_scopes: HashMap::new(),
            full_defs: HashMap::new(),
            maybe_returns: Vec::new(),
            precise_flow: false,
            rebound: HashMap::new(),
            spread_splats: Vec::new(),
            notes: Vec::new(),
            interned: Default::default(),
            catching: Vec::new(),
            raised: None,
            replaced_modules: HashMap::new(),
            yields: Vec::new(),
            dict_factories: Vec::new(),
            first_party: Vec::new(),
        }
    }

    /// Ends the evaluation for a process that exits soon after: the
    /// parsing workers stop, and the values stay allocated until the
    /// process ends rather than being freed one by one.
    pub fn end_without_freeing(self) {
        self.prefetch.stop();
        std::mem::forget(self);
    }

    pub fn display(&self, path: &std::path::Path) -> String {
        display_path(&self.root, path)
    }

    pub fn file_of(&self, module: usize) -> Option<&'static SourceFile> {
        self.modules[module].file
    }

    /// `s` as a shared string, the same one for every equal `s`.
    pub(super) fn intern(&mut self, s: String) -> Rc<str> {
        if let Some(r) = self.interned.get(s.as_str()) {
            return r.clone();
        }
        let r: Rc<str> = s.into();
        self.interned.insert(r.clone());
        r
    }

    pub fn module_index(&self, dotted: &str) -> Option<usize> {
        self.by_name.get(dotted).copied().flatten()
    }

    pub(super) fn text(&self, module: usize, at: impl Located) -> &'static str {
        match self.modules[module].file {
            Some(f) => f.text_of(at),
            None => "",
        }
    }

    /// The first positional argument of the call at `site`, as written.
    pub fn first_argument_text(&self, site: Site) -> Option<String> {
        let at = match site.node {
            Some(call) => call
                .child_by_field_name("arguments")?
                .named_child(0)
                .filter(|a| a.kind() != "keyword_argument")?
                .span(),
            None => {
                let text = self.modules[site.module].file?.text;
                crate::parsing::plain::first_argument(text.as_bytes(), site.at)?
            }
        };
        Some(self.text(site.module, at).to_string())
    }

    /// Source text of `node` in `module`.
    pub fn node_text(&self, module: usize, at: impl Located) -> String {
        self.text(module, at).to_string()
    }

    pub fn warn(&mut self, module: usize, at: impl Located, message: impl Into<String>) {
        let file = self.modules[module]
            .file
            .map(|f| f.display.clone())
            .unwrap_or_else(|| self.modules[module].name.clone());
        self.diags.warn_at(&file, line_of(at), message);
    }

    /// Keeps a warning about `node` of `module` until the caller asks for
    /// that module's ([`Interp::warn_notes`]).
    pub(super) fn note(&mut self, module: usize, at: impl Located, message: impl Into<String>) {
        self.notes.push((module, line_of(at), message.into()));
    }

    /// Turns the kept warnings of `module` into warnings.
    pub fn warn_notes(&mut self, module: usize) {
        let file = self.modules[module]
            .file
            .map(|f| f.display.clone())
            .unwrap_or_else(|| self.modules[module].name.clone());
        let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.notes)
            .into_iter()
            .partition(|(m, _, _)| *m == module);
        self.notes = rest;
        for (_, line, message) in mine {
            self.diags.warn_at(&file, line, message);
        }
    }

    /// The current unknown condition, as text, for entries created now.
    pub fn condition(&self) -> Option<String> {
        if self.conditions.is_empty() {
            None
        } else {
            Some(self.conditions.join(" and "))
        }
    }

    /// The conditions of the observed walks the current code runs in.
    pub fn guards(&self) -> &[Guard] {
        &self.guards
    }

    pub(super) fn add_deps(&mut self, deps: BTreeSet<String>) {
        if let Some(top) = self.deps.last_mut() {
            top.extend(deps);
        }
    }

    /// Records that the value being computed reads environment variable `name`.
    pub fn record_env(&mut self, name: &str) {
        if let Some(top) = self.deps.last_mut() {
            top.insert(name.to_string());
        }
    }

    /// Evaluates `node` and returns the environment variables it depends on.
    pub fn eval_with_deps(
        &mut self,
        frame: &mut Frame,
        node: Node<'static>,
    ) -> (Value, BTreeSet<String>) {
        self.with_deps(|it| it.eval(frame, node))
    }

    /// Runs `f` and returns its value and the environment variables it
    /// depended on.
    pub(super) fn with_deps(
        &mut self,
        f: impl FnOnce(&mut Interp) -> Value,
    ) -> (Value, BTreeSet<String>) {
        self.deps.push(BTreeSet::new());
        let v = f(self);
        let deps = self.deps.pop().unwrap_or_default();
        self.add_deps(deps.clone());
        (v, deps)
    }
}
