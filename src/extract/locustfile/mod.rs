//! Locustfile extraction: the user classes, tasks, tags and requests of a
//! locustfile, read statically with the shared evaluator and Locust's own
//! semantics (see `classes` for how `tasks` lists and tags are built,
//! `filter` for `--tags`/`--exclude-tags`, `body` for the requests a task
//! makes). Locust itself is never imported.

mod body;
mod classes;
mod filter;
mod hooks;
mod state;

use crate::diagnostics::{display_path, Diagnostics};
use crate::model::{
    Hook, LocustModel, Request, Source, TagFilter, Task, TaskKind, UserClass, WaitTime,
    SCHEMA_VERSION,
};
use crate::python::value::{ClassRef, FuncRef};
use crate::python::{Interp, Value};
use classes::{Classes, Entry, Holder, Key, Kind};
use filter::{Filter, Kept};
use state::{Ctx, LocustHooks, RawRequest};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// How deep TaskSets may nest before the walk stops (a TaskSet listing itself).
const MAX_NESTING: usize = 16;

/// Project folders searched for a locustfile, after the project directory itself.
pub const LOAD_TEST_DIRS: [&str; 4] = ["load_testing", "loadtests", "locust", "tests"];

/// Inputs of `routecov tasks`.
#[derive(Debug, Clone, Default)]
pub struct TaskOptions {
    /// `--locustfile`: a file, or a directory of locustfiles.
    pub locustfile: Option<PathBuf>,
    /// Where the locustfile is looked for, and what paths are shown relative to.
    pub base: PathBuf,
    /// `--tags`; `None` (or an empty list, as Locust reads `--tags` alone) for no filter.
    pub tags: Option<Vec<String>>,
    pub exclude_tags: Option<Vec<String>>,
    /// `--env NAME=VALUE`: environment variables the locustfile reads.
    pub env: BTreeMap<String, String>,
}

/// Nothing useful could be read.
#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    #[error("{0}: no such file or directory")]
    Missing(String),
    #[error(
        "no locustfile found in {dir}\n  looked for: {looked}\n  help: name it with --locustfile FILE (a .py file or a directory of them)"
    )]
    NotFound { dir: String, looked: String },
    #[error("{0}: not a Python file (Locust loads .py files, or every .py file of a directory)")]
    NotPython(String),
    #[error(
        "{0}: no locustfile in this directory (Locust skips files whose names start with `_`)"
    )]
    EmptyDir(String),
    #[error("{file}: cannot read: {message}")]
    Unreadable { file: String, message: String },
    #[error(
        "no User class found in {locustfile}\n  help: a locustfile defines subclasses of HttpUser, FastHttpUser or User{}",
        warnings.iter().map(|w| format!("\n  warning: {w}")).collect::<String>()
    )]
    NoUsers {
        locustfile: String,
        warnings: Vec<crate::diagnostics::Warning>,
    },
}

/// Finds the locustfile the way Locust's `-f` default does (`locustfile.py`,
/// or a `locustfile/` directory), in `base` and then in the usual load-test
/// folders; returns it with a note on how it was found.
pub fn find_locustfile(base: &Path) -> Result<(PathBuf, String), TaskError> {
    let mut looked = Vec::new();
    let mut dirs = vec![(base.to_path_buf(), ".".to_string())];
    for d in LOAD_TEST_DIRS {
        dirs.push((base.join(d), format!("{d}/")));
    }
    for (dir, shown) in &dirs {
        let file = dir.join("locustfile.py");
        if file.is_file() {
            return Ok((file, format!("found as locustfile.py in {shown}")));
        }
        let pkg = dir.join("locustfile");
        if pkg.is_dir() && !locustfiles_in(&pkg).is_empty() {
            return Ok((pkg, format!("found as a locustfile/ directory in {shown}")));
        }
        looked.push(format!(
            "{}locustfile.py",
            if shown == "." { "" } else { shown }
        ));
        if shown != "." && dir.is_dir() {
            // Load-test folders often name the file after the project.
            let mut named: Vec<PathBuf> = std::fs::read_dir(dir)
                .map(|rd| {
                    rd.flatten()
                        .map(|e| e.path())
                        .filter(|p| {
                            p.is_file()
                                && p.extension().is_some_and(|x| x == "py")
                                && p.file_name()
                                    .and_then(|n| n.to_str())
                                    .is_some_and(|n| n.contains("locust") && !n.starts_with('_'))
                        })
                        .collect()
                })
                .unwrap_or_default();
            named.sort();
            if let Some(f) = named.into_iter().next() {
                return Ok((f, format!("found as the first *locust*.py file in {shown}")));
            }
            looked.push(format!("{shown}*locust*.py"));
        }
    }
    Err(TaskError::NotFound {
        dir: base.display().to_string(),
        looked: looked.join(", "),
    })
}

/// The .py files Locust loads from a directory: recursively, names not
/// starting with `_`, sorted for a stable order.
fn locustfiles_in(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || !crate::discovery::is_ignored_dir(&e.file_name().to_string_lossy())
        })
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "py")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| !n.starts_with('_'))
        })
        .collect();
    out.sort();
    out
}

/// Non-empty values, or `None` (Locust ignores `--tags` given no values).
fn tag_set(v: &Option<Vec<String>>) -> Option<BTreeSet<String>> {
    match v {
        Some(v) if !v.is_empty() => Some(v.iter().cloned().collect()),
        _ => None,
    }
}

/// Reads the locustfile and models what Locust would do with it.
pub fn extract_tasks(opts: &TaskOptions) -> Result<LocustModel, TaskError> {
    let base = if opts.base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        opts.base.clone()
    };
    let (path, found_by) = match &opts.locustfile {
        Some(p) => (p.clone(), "given with --locustfile".to_string()),
        None => find_locustfile(&base)?,
    };
    let shown = display_path(&base, &path);
    let files = if path.is_dir() {
        let files = locustfiles_in(&path);
        if files.is_empty() {
            return Err(TaskError::EmptyDir(shown));
        }
        files
    } else if path.is_file() {
        if path.extension().is_none_or(|x| x != "py") {
            return Err(TaskError::NotPython(shown));
        }
        if let Err(e) = std::fs::read(&path) {
            return Err(TaskError::Unreadable {
                file: shown,
                message: e.to_string(),
            });
        }
        vec![path.clone()]
    } else {
        return Err(TaskError::Missing(shown));
    };
    let filter = Filter {
        tags: tag_set(&opts.tags),
        exclude: tag_set(&opts.exclude_tags),
    };
    // `sys.argv` as Locust's command line leaves it while the file imports.
    let mut argv = vec!["locust".to_string(), "-f".to_string(), shown.clone()];
    if let Some(t) = opts.tags.as_ref().filter(|t| !t.is_empty()) {
        argv.push("--tags".into());
        argv.extend(t.iter().cloned());
    }
    if let Some(t) = opts.exclude_tags.as_ref().filter(|t| !t.is_empty()) {
        argv.push("--exclude-tags".into());
        argv.extend(t.iter().cloned());
    }
    let hooks = Rc::new(LocustHooks::new(argv));
    // Each file is imported as a top-level module from its own directory
    // (Locust puts that directory first on sys.path), then from the project
    // directory (Locust's working directory).
    let mut roots: Vec<PathBuf> = Vec::new();
    for f in &files {
        let dir = f
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        if !roots.contains(&dir) {
            roots.push(dir);
        }
    }
    if !roots.contains(&base) {
        roots.push(base.clone());
    }
    let mut it = Interp::new(base.clone(), &roots, &[], hooks.clone());
    it.env = opts.env.clone();
    let mut diags = Diagnostics::default();
    let mut modules: Vec<usize> = Vec::new();
    let mut loaded_names: HashSet<String> = HashSet::new();
    let mut file_names = Vec::new();
    for f in &files {
        let display = display_path(&base, f);
        file_names.push(display.clone());
        let stem = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if stem.contains('.') || stem.is_empty() {
            diags.warn_at(
                &display,
                0,
                "Python cannot import a module whose file name has dots; file skipped",
            );
            continue;
        }
        if !loaded_names.insert(stem.clone()) {
            diags.warn_at(
                &display,
                0,
                format!("another locustfile is also named {stem}.py; only the first is read"),
            );
            continue;
        }
        match it.load(&stem) {
            Some(idx) => modules.push(idx),
            None => diags.warn_at(&display, 0, "cannot load this file as a module"),
        }
    }

    let mut x = Extraction {
        it,
        hooks,
        diags,
        classes: Classes::new(),
        kept: Kept::default(),
        filter,
    };
    // User classes: what the modules' namespaces hold, as Locust scans them.
    let mut users: Vec<(usize, usize, ClassRef)> = Vec::new();
    let mut seen: HashSet<Key> = HashSet::new();
    for (order, &idx) in modules.iter().enumerate() {
        let mut names: Vec<String> = x.it.modules[idx].scope.keys().cloned().collect();
        names.sort();
        for name in names {
            let v = x.it.modules[idx].scope.get(&name).cloned();
            let Some(v) = v else { continue };
            let v = x.it.resolve(v);
            let Value::Class(c) = v else { continue };
            if x.classes.kind(&mut x.it, &mut x.diags, &c).0 != Kind::User {
                continue;
            }
            if seen.insert(Classes::class_key(&c)) {
                let defined_here = x.it.module_index(&c.module) == Some(idx);
                let rank = if defined_here {
                    order
                } else {
                    modules.len() + order
                };
                users.push((rank, crate::parsing::line_of(c.node), c));
            }
        }
    }
    users.sort_by_key(|a| (a.0, a.1));
    if users.is_empty() {
        let mut warnings = x.diags.into_sorted();
        warnings.extend(x.it.diags.into_sorted());
        return Err(TaskError::NoUsers {
            locustfile: shown,
            warnings,
        });
    }
    let all = x.all_classes(&users);
    x.classes.compute_tags(&mut x.it, &mut x.diags, &all);
    let mut model_users = Vec::new();
    for (_, _, c) in &users {
        model_users.push(x.user(c));
    }
    x.filter_warnings(&model_users, &shown);
    let mut warnings = x.diags.into_sorted();
    warnings.extend(x.it.diags.into_sorted());
    warnings.sort();
    warnings.dedup();
    Ok(LocustModel {
        schema_version: SCHEMA_VERSION,
        locustfile: shown,
        found_by,
        files: file_names,
        filter: TagFilter {
            tags: opts.tags.clone().filter(|t| !t.is_empty()),
            exclude_tags: opts.exclude_tags.clone().filter(|t| !t.is_empty()),
            env: opts.env.clone(),
        },
        users: model_users,
        warnings,
    })
}

/// The state of one extraction.
struct Extraction {
    it: Interp,
    hooks: Rc<LocustHooks>,
    diags: Diagnostics,
    classes: Classes,
    kept: Kept,
    filter: Filter,
}

impl Extraction {
    /// Every Locust class a `@tag` may decorate: module-level and nested
    /// classes of the analysed files, and the TaskSets the users reach.
    fn all_classes(&mut self, users: &[(usize, usize, ClassRef)]) -> Vec<ClassRef> {
        let mut out: Vec<ClassRef> = Vec::new();
        let mut seen: HashSet<Key> = HashSet::new();
        let mut stack: Vec<ClassRef> = users.iter().map(|u| u.2.clone()).collect();
        for m in 0..self.it.modules.len() {
            if self.it.modules[m].origin != crate::python::Origin::Project {
                continue;
            }
            let mut names: Vec<String> = self.it.modules[m].scope.keys().cloned().collect();
            names.sort();
            for n in names {
                if let Some(Value::Class(c)) = self.it.modules[m].scope.get(&n) {
                    stack.push(c.clone());
                }
            }
        }
        while let Some(c) = stack.pop() {
            if !seen.insert(Classes::class_key(&c)) {
                continue;
            }
            if self.classes.kind(&mut self.it, &mut self.diags, &c).0 == Kind::Plain {
                continue;
            }
            let scope = self.it.class_scope(&c);
            let mut nested: Vec<(&String, &Value)> = scope.iter().collect();
            nested.sort_by(|a, b| a.0.cmp(b.0));
            for (_, v) in nested {
                if let Value::Class(n) = v {
                    stack.push(n.clone());
                }
            }
            let h = self.classes.holder(&mut self.it, &mut self.diags, &c);
            for e in h.tasks.iter().chain(h.zero.iter()) {
                if let Entry::Class(ts) = e {
                    stack.push(ts.clone());
                }
            }
            out.push(c);
        }
        out.sort_by_key(Classes::class_key);
        out
    }

    fn kept(&mut self, c: &ClassRef) -> Rc<HashSet<Key>> {
        self.kept.kept(
            &mut self.classes,
            &mut self.it,
            &mut self.diags,
            &self.filter,
            c,
        )
    }

    fn file(&self, module: &str) -> String {
        classes::file_of(&self.it, module)
    }

    fn int_attr(&mut self, c: &ClassRef, name: &str, default: i64) -> (Option<i64>, Vec<String>) {
        match self.classes.attr_with_deps(&mut self.it, c, name) {
            None => (Some(default), Vec::new()),
            Some((v, deps, line)) => {
                let deps: Vec<String> = deps.into_iter().collect();
                let n = match v {
                    Value::Int(i) => Some(i),
                    Value::Bool(b) => Some(b as i64),
                    Value::Float(f) => Some(f as i64),
                    other => {
                        let file = self.file(&c.module);
                        self.diags.warn_at(
                            &file,
                            line,
                            format!(
                                "{name} of {} cannot be evaluated statically (`{}`)",
                                c.qualname,
                                other.describe()
                            ),
                        );
                        None
                    }
                };
                (n, deps)
            }
        }
    }

    fn user(&mut self, c: &ClassRef) -> UserClass {
        let h = self.classes.holder(&mut self.it, &mut self.diags, c);
        let (weight, weight_depends_on) = self.int_attr(c, "weight", 1);
        let (fixed_count, fixed_count_depends_on) = self.int_attr(c, "fixed_count", 0);
        let is_abstract = h.declared_abstract;
        // An unknown weight is read as possibly spawned.
        let spawned =
            !is_abstract && (weight.is_none_or(|w| w > 0) || fixed_count.is_some_and(|n| n > 0));
        let kept = self.kept(c);
        let wait_time = Some(self.classes.wait_time(&mut self.it, c).unwrap_or_else(|| {
            WaitTime {
                kind: "constant".into(),
                args: [("wait_time".to_string(), serde_json::Value::from(0))]
                    .into_iter()
                    .collect(),
                text: "constant(0)".into(),
            }
        }));
        let on_start = self.hook(c, c);
        let tasks = self.entries(&h, c, true, spawned && !is_abstract, 0, &mut Vec::new());
        UserClass {
            name: short(&c.qualname),
            base: h.base.clone(),
            weight,
            weight_depends_on,
            fixed_count,
            fixed_count_depends_on,
            is_abstract,
            spawned,
            has_tasks_after_filter: !kept.is_empty(),
            wait_time,
            on_start,
            tasks,
            source: Source {
                file: h.file.clone(),
                line: h.line,
            },
        }
    }

    /// The task entries of holder `h` for `user`.
    fn entries(
        &mut self,
        h: &Holder,
        user: &ClassRef,
        parent_kept: bool,
        spawned: bool,
        depth: usize,
        path: &mut Vec<Key>,
    ) -> Vec<Task> {
        let kept = self.kept(&h.class);
        let mut out = Vec::new();
        let mut done: HashSet<Key> = HashSet::new();
        let keys: Vec<Key> = h
            .tasks
            .iter()
            .map(|e| self.classes.entry_key(&mut self.it, e))
            .collect();
        for e in h.tasks.iter().chain(h.zero.iter()) {
            let key = self.classes.entry_key(&mut self.it, e);
            if !done.insert(key.clone()) {
                continue;
            }
            let weight = keys.iter().filter(|k| **k == key).count() as i64;
            let weight_depends_on: Vec<String> = h
                .deps
                .get(&key)
                .map(|d| d.iter().cloned().collect())
                .unwrap_or_default();
            let kept_by_filter = parent_kept && kept.contains(&key);
            let enabled = kept_by_filter && spawned && weight > 0;
            let task = match e {
                Entry::Func(f) => {
                    let tags = self
                        .classes
                        .tags
                        .get(&key)
                        .map(|t| t.iter().cloned().collect())
                        .unwrap_or_default();
                    let requests = self.run(f, &h.class, user);
                    let def = self.it.function_node(f);
                    Task {
                        name: short(&f.qualname),
                        kind: TaskKind::Task,
                        weight,
                        weight_depends_on,
                        tags,
                        enabled,
                        kept_by_filter,
                        defined_in: f.qualname.clone(),
                        requests,
                        on_start: None,
                        tasks: None,
                        sequence: None,
                        wait_time: None,
                        source: Source {
                            file: self.file(&f.module),
                            line: crate::parsing::line_of(def),
                        },
                    }
                }
                Entry::Class(ts) => self.taskset(
                    ts,
                    user,
                    weight,
                    weight_depends_on,
                    kept_by_filter,
                    spawned,
                    depth,
                    path,
                ),
                Entry::Other(d) => Task {
                    name: d.clone(),
                    kind: TaskKind::Task,
                    weight,
                    weight_depends_on,
                    tags: Vec::new(),
                    enabled,
                    kept_by_filter,
                    defined_in: d.clone(),
                    requests: Vec::new(),
                    on_start: None,
                    tasks: None,
                    sequence: None,
                    wait_time: None,
                    source: Source {
                        file: h.file.clone(),
                        line: h.line,
                    },
                },
            };
            out.push(task);
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn taskset(
        &mut self,
        ts: &ClassRef,
        user: &ClassRef,
        weight: i64,
        weight_depends_on: Vec<String>,
        kept_by_filter: bool,
        spawned: bool,
        depth: usize,
        path: &mut Vec<Key>,
    ) -> Task {
        let (kind, _) = self.classes.kind(&mut self.it, &mut self.diags, ts);
        let key = Classes::class_key(ts);
        let sub = self.classes.holder(&mut self.it, &mut self.diags, ts);
        let file = self.file(&ts.module);
        let line = crate::parsing::line_of(ts.node);
        let task_kind = match kind {
            Kind::Sequential => TaskKind::SequentialTaskset,
            Kind::TaskSet | Kind::Markov => TaskKind::Taskset,
            _ => TaskKind::Task,
        };
        if kind == Kind::Markov {
            self.diags.warn_at(
                &file,
                line,
                format!(
                    "{} is a MarkovTaskSet; its transitions are not modelled",
                    ts.qualname
                ),
            );
        }
        let nested = if task_kind == TaskKind::Task {
            None
        } else if depth >= MAX_NESTING || path.contains(&key) {
            self.diags.warn_at(
                &file,
                line,
                format!("{} contains itself; its tasks are listed once", ts.qualname),
            );
            Some(Vec::new())
        } else {
            path.push(key);
            let t = self.entries(&sub, user, kept_by_filter, spawned, depth + 1, path);
            path.pop();
            Some(t)
        };
        let sequence = (kind == Kind::Sequential).then(|| {
            sub.tasks
                .iter()
                .map(|e| match e {
                    Entry::Func(f) => short(&f.qualname),
                    Entry::Class(c) => short(&c.qualname),
                    Entry::Other(d) => d.clone(),
                })
                .collect()
        });
        let on_start = if task_kind == TaskKind::Task {
            None
        } else {
            self.hook(ts, user)
        };
        let wait_time = self.classes.wait_time(&mut self.it, ts);
        Task {
            name: short(&ts.qualname),
            kind: task_kind,
            weight,
            weight_depends_on,
            tags: Vec::new(),
            enabled: kept_by_filter && spawned && weight > 0,
            kept_by_filter,
            defined_in: ts.qualname.clone(),
            requests: Vec::new(),
            on_start,
            tasks: nested,
            sequence,
            wait_time,
            source: Source { file, line },
        }
    }

    /// `on_start` as `holder` resolves it, if one is defined in the analysed files.
    fn hook(&mut self, holder: &ClassRef, user: &ClassRef) -> Option<Hook> {
        let (defining, f) = body::find_method(&mut self.it, holder, "on_start")?;
        let requests = self.run_in(&f, holder, user, Some(defining));
        let def = self.it.function_node(&f);
        Some(Hook {
            defined_in: f.qualname.clone(),
            requests,
            source: Source {
                file: self.file(&f.module),
                line: crate::parsing::line_of(def),
            },
        })
    }

    /// The requests `f` makes as a task of `holder`.
    fn run(&mut self, f: &FuncRef, holder: &ClassRef, user: &ClassRef) -> Vec<Request> {
        let name = short(&f.qualname);
        let fk = self.classes.func_key(&mut self.it, f);
        let defining = match body::find_method(&mut self.it, holder, &name) {
            Some((c, g)) if self.classes.func_key(&mut self.it, &g) == fk => Some(c),
            _ => None,
        };
        self.run_in(f, holder, user, defining)
    }

    fn run_in(
        &mut self,
        f: &FuncRef,
        holder: &ClassRef,
        user: &ClassRef,
        defining: Option<ClassRef>,
    ) -> Vec<Request> {
        {
            let mut st = self.hooks.state.borrow_mut();
            st.requests.clear();
            st.guards.clear();
            st.ctx.clear();
            st.disabled = false;
        }
        let ctx = Ctx {
            holder: holder.clone(),
            user: user.clone(),
            defining,
        };
        body::run_task(&mut self.it, &self.hooks, f, ctx);
        let raw = std::mem::take(&mut self.hooks.state.borrow_mut().requests);
        raw.into_iter().map(request).collect()
    }

    /// Warnings about the tag filter: tags no task carries, users left
    /// without tasks, no user to spawn.
    fn filter_warnings(&mut self, users: &[UserClass], locustfile: &str) {
        let all: BTreeSet<String> = self
            .classes
            .tags
            .values()
            .flat_map(|t| t.iter().cloned())
            .collect();
        let checks = [
            (&self.filter.tags, "--tags", "selects nothing"),
            (&self.filter.exclude, "--exclude-tags", "excludes nothing"),
        ];
        let mut out = Vec::new();
        for (given, flag, effect) in checks {
            let Some(given) = given else { continue };
            for t in given {
                if all.contains(t) {
                    continue;
                }
                let mut msg = format!("{flag} {t:?}: no task carries this tag, so it {effect}");
                if t.contains(',') {
                    let parts: Vec<&str> = t
                        .split(',')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .collect();
                    msg.push_str(&format!(
                        "; Locust takes tags separated by spaces, not commas: {flag} {}",
                        parts.join(" ")
                    ));
                }
                out.push(msg);
            }
        }
        for m in out {
            self.diags.warn_at(locustfile, 0, m);
        }
        for u in users {
            if !u.spawned || u.has_tasks_after_filter {
                continue;
            }
            let why = if self.filter.is_active() {
                "has no tasks left after tag filtering"
            } else {
                "has no tasks"
            };
            self.diags.warn_at(
                &u.source.file,
                u.source.line,
                format!(
                    "{0} {why}: Locust logs \"{0} had no tasks left after filtering, instantiating it will fail!\" and raises \"No tasks defined on {0}\" for every {0} it spawns; the run exits with code 1",
                    u.name
                ),
            );
        }
        let concrete: Vec<&UserClass> = users.iter().filter(|u| !u.is_abstract).collect();
        if !concrete.is_empty() && !concrete.iter().any(|u| u.spawned) {
            self.diags.warn_at(
                locustfile,
                0,
                "no user class has a weight or fixed_count above 0: Locust stops with \"There are no users with weight > 0.\"",
            );
        }
    }
}

fn short(qualname: &str) -> String {
    qualname.rsplit('.').next().unwrap_or(qualname).to_string()
}

fn request(r: RawRequest) -> Request {
    Request {
        active: !r.disabled && r.conditional_on.is_empty(),
        method: r.method,
        url: r.url,
        query: r.query,
        params: r.params,
        name: r.name,
        file: r.file,
        line: r.line,
        disabled: r.disabled,
        conditional_on: if r.conditional_on.is_empty() {
            None
        } else {
            Some(r.conditional_on.join(", "))
        },
        condition: r.condition,
        route: None,
        external: None,
    }
}
