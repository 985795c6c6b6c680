//! The module graph: loading a module (parse, report, execute once),
//! `import` and `from ... import` (relative and star imports), which run the
//! imported module where the statement stands, and the lazy resolution of a
//! name an import cycle has not bound yet when it is used.

use super::interp::{Frame, Interp, Module, Site};
use super::value::Value;
use crate::discovery::modules::{resolve_relative, Located, Origin};
use crate::parsing::{line_of, parse_file, SourceFile};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use tree_sitter::Node;

/// Modules loading one inside the other (each import nests a level).
const MAX_LOAD_DEPTH: usize = 256;
/// Re-exports one name passes through before it is taken as unknown.
const MAX_IMPORT_CHAIN: usize = 64;
/// Problems reported per file (see `SourceFile::problems`).
const MAX_PROBLEMS: usize = 20;

impl Interp {
    /// Module index by dotted name, loading and executing it on first use.
    /// `None` when no source for it is found.
    pub fn load(&mut self, dotted: &str) -> Option<usize> {
        if let Some(found) = self.by_name.get(dotted) {
            return *found;
        }
        let Some(located) = self.finder.find(dotted) else {
            // Remembered, so that each later import of it costs no look-up.
            self.by_name.insert(dotted.to_string(), None);
            return None;
        };
        self.load_found(dotted, &located)
    }

    /// Loads and executes the module `dotted` found at `located`, unless
    /// too many modules are loading one inside the other.
    fn load_found(&mut self, dotted: &str, located: &Located) -> Option<usize> {
        if self.loading >= MAX_LOAD_DEPTH {
            // Each module imported while another loads nests one level: a
            // generated chain of thousands of modules ends here, not in the stack.
            self.diags.warn_at(
                dotted,
                0,
                format!(
                    "not read: more than {MAX_LOAD_DEPTH} modules import each other in a chain"
                ),
            );
            return None;
        }
        Some(self.load_located(dotted, located))
    }

    /// Loads and executes the module `dotted` found at `located`.
    fn load_located(&mut self, dotted: &str, located: &Located) -> usize {
        let file = match &located.file {
            Some(path) => self.read_module_file(path, dotted, located.is_package),
            None => None,
        };
        let idx = self.modules.len();
        self.modules.push(Module {
            name: dotted.to_string(),
            file,
            is_package: located.is_package,
            origin: located.origin,
            scope: HashMap::new(),
            lines: HashMap::new(),
            deps: HashMap::new(),
            star_fallbacks: Vec::new(),
            done: false,
        });
        self.by_name.insert(dotted.to_string(), Some(idx));
        if let Some(f) = file {
            let mut frame = Frame::module(idx);
            let saved = std::mem::take(&mut self.conditions);
            let observed = self.observed.take();
            self.loading += 1;
            self.with_fresh_budget(super::budget::MODULE_STEPS, |it| {
                it.exec_module(&mut frame, f)
            });
            self.loading -= 1;
            self.conditions = saved;
            self.observed = observed;
        }
        self.modules[idx].done = true;
        let kept_site = self.replaced_modules.values().any(|(_, s)| s.module == idx);
        if let Some(f) = file.filter(|f| f.defines_nothing() && !kept_site) {
            // SAFETY: the body ran to its end, so the frames that walked the
            // tree are gone; without a `def`, `class` or `lambda` no value
            // (the only thing that outlives a walk) holds a node of it, and
            // the one stored call site (a module replaced in `sys.modules`)
            // is not in this file.
            unsafe { f.release_tree() };
        }
        idx
    }

    /// The parsed source of a module (taken from the prefetch when a
    /// worker parsed it ahead), its problems reported; `None` when unreadable.
    fn read_module_file(
        &mut self,
        path: &Path,
        dotted: &str,
        is_package: bool,
    ) -> Option<&'static SourceFile> {
        let display = self.display(path);
        let parsed = match self.prefetch.take(path) {
            Some(r) => r,
            None => {
                let r = parse_file(path, display.clone());
                if let Ok(f) = &r {
                    self.prefetch.parsed_here(f, dotted, is_package);
                }
                r
            }
        };
        match parsed {
            Ok(f) => {
                let f: &'static SourceFile = Box::leak(Box::new(f));
                self.report_file_problems(f);
                Some(f)
            }
            Err(e) => {
                self.diags
                    .warn_at(&display, 0, format!("cannot read file: {e}"));
                None
            }
        }
    }

    /// Whether a module exists on disk (without loading it).
    pub fn exists(&self, dotted: &str) -> bool {
        self.by_name
            .get(dotted)
            .map(|m| m.is_some())
            .unwrap_or(false)
            || self.finder.find(dotted).is_some()
    }

    /// Whether a module is known not to exist: its top-level package is
    /// in the sources or site-packages but the module is not (without the
    /// package the environment is unknown, not the module missing).
    pub fn known_missing(&self, dotted: &str) -> bool {
        let top = dotted.split('.').next().unwrap_or(dotted);
        !self.exists(dotted)
            && !self.is_modelled(dotted)
            && (self.exists(top) || self.finder.top_level_absent(dotted))
    }

    /// Whether importing `dotted` raises where a `try` catches it: its
    /// top-level module is not installed (an optional dependency).
    fn import_raises(&mut self, dotted: &str) -> bool {
        !self.catching.is_empty()
            && !self.is_modelled(dotted)
            && self.finder.top_level_absent(dotted)
            && self.raise("ModuleNotFoundError")
    }

    /// The directory of a module's file (of a package, the package's own).
    pub fn module_dir(&self, dotted: &str) -> Option<String> {
        let found = self.finder.find(dotted)?;
        Some(found.file?.parent()?.display().to_string())
    }

    pub fn module_origin(&self, dotted: &str) -> Option<Origin> {
        self.finder.find(dotted).map(|l| l.origin)
    }

    fn report_file_problems(&mut self, f: &SourceFile) {
        if let Some(line) = f.non_utf8_line {
            self.diags.warn_at(
                &f.display,
                line,
                "file is not valid UTF-8; undecodable bytes were replaced and the rest was read",
            );
        }
        for (line, what) in f.problems.iter().take(MAX_PROBLEMS) {
            self.diags.warn_at(
                &f.display,
                *line,
                format!("{what}; the statements around it were still read"),
            );
        }
        for (line, what) in f.syntax_errors(3) {
            self.diags.warn_at(
                &f.display,
                line,
                format!("syntax error ({what}); the statements around it were still read"),
            );
        }
    }

    /// True for a module or name whose source is never read: the hooks'
    /// frameworks and the libraries `stdlib` computes.
    pub(super) fn is_modelled(&self, dotted: &str) -> bool {
        self.hooks.is_builtin(dotted)
            || super::stdlib::MODELLED_MODULES
                .iter()
                .any(|m| dotted == *m || dotted.strip_prefix(m).is_some_and(|r| r.starts_with('.')))
    }

    /// A module-level name of `module`, resolved.
    pub fn module_attr(&mut self, dotted: &str, name: &str) -> Value {
        let v = self.module_attr_unresolved(dotted, name);
        self.resolve(v)
    }

    /// `dotted.name` as the module binds it, a lazy import left lazy: the
    /// caller's [`Interp::resolve`] follows chains without nesting.
    fn module_attr_unresolved(&mut self, dotted: &str, name: &str) -> Value {
        let full = format!("{dotted}.{name}");
        if self.is_modelled(dotted) || self.is_modelled(&full) {
            return super::stdlib::external(full);
        }
        let Some(idx) = self.load(dotted) else {
            return super::stdlib::external(full);
        };
        if let Some(v) = self.replaced_module_attr(dotted, name) {
            return v;
        }
        if let Some(v) = self.modules[idx].scope.get(name).cloned() {
            if let Some(deps) = self.modules[idx].deps.get(name).cloned() {
                self.add_deps(deps);
            }
            return v;
        }
        if self.exists(&full) {
            return Value::Module(full);
        }
        if let Some(v) = self.module_getattr(idx, name) {
            return v;
        }
        if let Some(fallback) = self.modules[idx].star_fallbacks.last().cloned() {
            return Value::External(format!("{fallback}.{name}"));
        }
        if self.modules[idx].done {
            Value::unknown(full, format!("`{name}` is not defined in module {dotted}"))
        } else {
            Value::unknown(
                full,
                format!("`{name}` is not yet defined in {dotted} (import cycle)"),
            )
        }
    }

    /// Resolves lazy imports, following a chain of re-exports to its end. A
    /// chain that comes back to a name it passed is a cycle: a package that
    /// imports its own submodule (`from . import helpers` in `app/__init__.py`)
    /// means that submodule; any other cycle is an unknown with a warning
    /// naming the modules.
    pub fn resolve(&mut self, v: Value) -> Value {
        let mut v = v;
        let mut seen: Vec<(String, String)> = Vec::new();
        while let Value::Import { module, name } = v {
            let key = (module.clone(), name.clone());
            if seen.contains(&key) {
                let full = format!("{module}.{name}");
                if self.exists(&full) {
                    return Value::Module(full);
                }
                let chain: Vec<String> = seen.iter().map(|(m, _)| m.clone()).collect();
                let file = self
                    .module_index(&module)
                    .and_then(|i| self.file_of(i))
                    .map_or(module.clone(), |f| f.display.clone());
                self.diags.warn_at(
                    &file,
                    0,
                    format!(
                        "`{name}` is imported in a cycle ({} -> {module}): unknown",
                        chain.join(" -> ")
                    ),
                );
                return Value::unknown(full, "imported in a cycle");
            }
            if seen.len() >= MAX_IMPORT_CHAIN {
                return Value::unknown(format!("{module}.{name}"), "import chain too long");
            }
            seen.push(key);
            v = self.module_attr_unresolved(&module, &name);
        }
        v
    }

    pub(super) fn exec_import(&mut self, frame: &mut Frame, stmt: Node<'static>) {
        let mut c = stmt.walk();
        let names: Vec<_> = stmt.children_by_field_name("name", &mut c).collect();
        for n in names {
            let line = line_of(n);
            match n.kind() {
                "dotted_name" => {
                    // `import a.b.c` binds `a`.
                    let dotted = self.text(frame.module, n).to_string();
                    if self.import_raises(&dotted) {
                        return;
                    }
                    self.run_imported(true, &dotted);
                    let first = dotted.split('.').next().unwrap_or("").to_string();
                    self.bind(
                        frame,
                        &first,
                        Value::Module(first.clone()),
                        line,
                        BTreeSet::new(),
                    );
                }
                "aliased_import" => {
                    let (Some(name), Some(alias)) = (
                        n.child_by_field_name("name"),
                        n.child_by_field_name("alias"),
                    ) else {
                        continue;
                    };
                    let dotted = self.text(frame.module, name).to_string();
                    if self.import_raises(&dotted) {
                        return;
                    }
                    let alias = self.text(frame.module, alias).to_string();
                    self.run_imported(true, &dotted);
                    let v = self.module_value(&dotted);
                    self.bind(frame, &alias, v, line, BTreeSet::new());
                }
                _ => {}
            }
        }
    }

    /// Runs `a`, `a.b`, then `a.b.c` for `import a.b.c`, as Python does
    /// where the statement stands: what they register at import time (a
    /// viewset on a router another module reads, an entry in a registry) is
    /// there for the code that follows. A module already loading (an import
    /// cycle) is taken as it stands, partly run, as `sys.modules` holds it.
    /// With `lazy`, an installed package other than the project's own
    /// ([`Interp::set_first_party`]) runs when a name of it is first used
    /// instead (`None` here): what libraries do at import time does not
    /// make routes, and running all a project imports would cost more than
    /// the project itself.
    pub(super) fn run_imported(&mut self, lazy: bool, dotted: &str) -> Option<usize> {
        let mut found = None;
        let mut end = 0;
        while end < dotted.len() {
            end = dotted[end..].find('.').map_or(dotted.len(), |i| end + i);
            let prefix = &dotted[..end];
            end += 1;
            if self.is_modelled(prefix) {
                return None;
            }
            found = match self.by_name.get(prefix) {
                Some(known) => *known,
                None => match self.finder.find(prefix) {
                    Some(l) if l.installed && lazy && !self.is_first_party(prefix) => return None,
                    Some(l) => self.load_found(prefix, &l),
                    None => {
                        self.by_name.insert(prefix.to_string(), None);
                        None
                    }
                },
            };
            found?;
        }
        found
    }

    /// Takes the top-level packages of `modules` (the settings module,
    /// the root URLconf) as the project's own: where the project is itself
    /// installed in site-packages, its imports of them run at once.
    pub fn set_first_party<'a>(&mut self, modules: impl IntoIterator<Item = &'a str>) {
        for m in modules {
            let top = m.split('.').next().unwrap_or(m);
            if !self.first_party.iter().any(|t| t == top) {
                self.first_party.push(top.to_string());
            }
        }
    }

    fn is_first_party(&self, dotted: &str) -> bool {
        let top = dotted.split('.').next().unwrap_or(dotted);
        self.first_party.iter().any(|t| t == top)
    }

    fn module_value(&self, dotted: &str) -> Value {
        if self.is_modelled(dotted) {
            Value::External(dotted.to_string())
        } else {
            Value::Module(dotted.to_string())
        }
    }

    fn import_base(&mut self, frame: &Frame, module_node: Node<'static>) -> Option<String> {
        let text = self.text(frame.module, module_node).to_string();
        if module_node.kind() == "relative_import" {
            let dots = text.chars().take_while(|c| *c == '.').count();
            let rest = text[dots..].trim().to_string();
            let m = &self.modules[frame.module];
            let resolved = resolve_relative(&m.name, m.is_package, dots, &rest);
            if resolved.is_none() {
                self.warn(
                    frame.module,
                    module_node,
                    format!("relative import `{text}` goes above the top-level package"),
                );
            }
            resolved
        } else {
            Some(text)
        }
    }

    pub(super) fn exec_import_from(&mut self, frame: &mut Frame, stmt: Node<'static>) {
        let Some(module_node) = stmt.child_by_field_name("module_name") else {
            return;
        };
        let Some(base) = self.import_base(frame, module_node) else {
            return;
        };
        if self.import_raises(&base) {
            return;
        }
        let line = line_of(stmt);
        let mut c = stmt.walk();
        let is_star = stmt
            .named_children(&mut c)
            .any(|n| n.kind() == "wildcard_import");
        if is_star {
            self.star_import(frame, &base, stmt);
            return;
        }
        // Python runs the module where the statement stands, then reads
        // the names from it (`run_imported`).
        let loaded = self.run_imported(true, &base);
        let mut c = stmt.walk();
        let names: Vec<_> = stmt.children_by_field_name("name", &mut c).collect();
        for n in names {
            let (name, alias) = match n.kind() {
                "aliased_import" => {
                    let name = n
                        .child_by_field_name("name")
                        .map(|x| self.text(frame.module, x).to_string());
                    let alias = n
                        .child_by_field_name("alias")
                        .map(|x| self.text(frame.module, x).to_string());
                    match (name, alias) {
                        (Some(a), Some(b)) => (a, b),
                        _ => continue,
                    }
                }
                _ => {
                    let name = self.text(frame.module, n).to_string();
                    (name.clone(), name)
                }
            };
            // A name the hooks model (`from sys import argv`) is the value
            // `module.name` would give, with what it depends on.
            let hooks = self.hooks.clone();
            let site = Site::new(frame.module, n);
            self.deps.push(BTreeSet::new());
            let hooked = hooks.attribute(self, &Value::Module(base.clone()), &name, site);
            let mut deps = self.deps.pop().unwrap_or_default();
            let v = match hooked {
                Some(v) => v,
                None => self.imported_name(loaded, &base, name, &mut deps),
            };
            self.bind(frame, &alias, v, line, deps);
        }
    }

    /// The value `from base import name` binds, `base` already run (`idx`):
    /// what `base` binds to `name` now, as Python takes it; else the
    /// submodule `base.name`, which runs now. A name `base` has not bound
    /// yet (it is partly run, in an import cycle) or binds to an import of
    /// its own stays a lazy import, resolved where it is used: by then the
    /// cycle may have bound it, else it is an unknown naming the cycle.
    fn imported_name(
        &mut self,
        idx: Option<usize>,
        base: &str,
        name: String,
        deps: &mut BTreeSet<String>,
    ) -> Value {
        if let Some(v) = self.replaced_module_attr(base, &name) {
            // The module put another object in its place in `sys.modules`:
            // Python reads the name from that object.
            return v;
        }
        if let Some(m) = idx.map(|i| &self.modules[i]) {
            match m.scope.get(&name) {
                Some(Value::Import { .. }) | None => {}
                Some(v) => {
                    deps.extend(m.deps.get(&name).into_iter().flatten().cloned());
                    return v.clone();
                }
            }
        }
        let full = format!("{base}.{name}");
        if !self.is_modelled(&full) && self.load(&full).is_some() {
            return Value::Module(full);
        }
        Value::Import {
            module: base.to_string(),
            name,
        }
    }

    fn star_import(&mut self, frame: &mut Frame, base: &str, stmt: Node<'static>) {
        if self.is_modelled(base) {
            self.modules[frame.module]
                .star_fallbacks
                .push(base.to_string());
            return;
        }
        let Some(idx) = self.run_imported(false, base) else {
            self.modules[frame.module]
                .star_fallbacks
                .push(base.to_string());
            return;
        };
        if idx == frame.module {
            return;
        }
        let public: Option<Vec<String>> = self.modules[idx]
            .scope
            .get("__all__")
            .and_then(|v| v.items())
            .map(|items| items.iter().filter_map(|i| i.as_known_str()).collect());
        let names: Vec<String> = match public {
            Some(p) => p,
            None => {
                let mut n: Vec<String> = self.modules[idx]
                    .scope
                    .keys()
                    .filter(|k| !k.starts_with('_'))
                    .cloned()
                    .collect();
                n.sort();
                n
            }
        };
        let line = line_of(stmt);
        for name in names {
            let v = match self.modules[idx].scope.get(&name) {
                Some(v) => v.clone(),
                None => Value::Import {
                    module: base.to_string(),
                    name: name.clone(),
                },
            };
            let deps = self.modules[idx]
                .deps
                .get(&name)
                .cloned()
                .unwrap_or_default();
            self.bind(frame, &name, v, line, deps);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Args, Hooks, Interp, Site, Value};
    use std::rc::Rc;

    struct NoHooks;

    impl Hooks for NoHooks {
        fn is_builtin(&self, _: &str) -> bool {
            false
        }
        fn call(&self, _: &mut Interp, _: &str, _: &Args, _: Site) -> Option<Value> {
            None
        }
        fn method(&self, _: &mut Interp, _: &Value, _: &str, _: &Args, _: Site) -> Option<Value> {
            None
        }
        fn attribute(&self, _: &mut Interp, _: &Value, _: &str, _: Site) -> Option<Value> {
            None
        }
    }

    /// A module that defines no function, class or lambda gives its tree
    /// up once its body ran; its names stay, and so does the tree of the
    /// module whose functions it refers to.
    #[test]
    fn trees_of_modules_without_definitions_are_released() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().to_path_buf();
        std::fs::write(
            root.join("views.py"),
            "X = 1\nY = X + 1\n\n\ndef a(request):\n    return X\n",
        )
        .expect("write");
        std::fs::write(
            root.join("urls.py"),
            "from views import a\nPREFIX = 'x/'\npatterns = [a, PREFIX + 'y']\n",
        )
        .expect("write");
        let mut it = Interp::new(root.clone(), &[root], &[], Rc::new(NoHooks));
        let urls = it.load("urls").expect("urls loads");
        let views = it.load("views").expect("views loads");
        let urls_file = it.file_of(urls).expect("urls has a file");
        assert_eq!(urls_file.root().named_child_count(), 0, "released");
        assert!(urls_file.text.contains("patterns"), "the text stays");
        let views_root = it.file_of(views).expect("views has a file").root();
        assert!(views_root.named_child_count() >= 1, "kept");
        let patterns = it.modules[urls].scope.get("patterns").cloned();
        let Some(Value::List(items)) = patterns else {
            panic!("patterns is a list: {patterns:?}");
        };
        let items = items.borrow();
        let Some(Value::Function(f)) = items.first().map(|v| it.resolve(v.clone())) else {
            panic!("first item is the function: {items:?}");
        };
        assert_eq!(it.function_node(&f).kind(), "function_definition");
        assert_eq!(
            items.get(1).and_then(Value::as_known_str),
            Some("x/y".to_string())
        );
    }
}
