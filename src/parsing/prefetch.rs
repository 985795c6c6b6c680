//! Parsing ahead on the spare cores. When a URLconf is parsed, the modules it
//! names (imports, `include("app.urls")` strings) will almost surely be
//! evaluated next; worker threads parse them while the evaluator works, and
//! hand each file over when the evaluator asks for it. Each file is still
//! parsed once, and only files a URLconf names are parsed ahead.

use super::{parse_file, SourceFile};
use crate::diagnostics::display_path;
use crate::discovery::modules::{resolve_relative, ModuleFinder, Origin};
use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use tree_sitter::Node;

/// Parsed files waiting for the evaluator before the workers pause: the
/// workers parse faster than the evaluator runs what they parsed, and a
/// large project's URLconfs would otherwise all be in memory at once,
/// parsed ahead. A file parsed ahead and never asked for counts against
/// it for good; past this many such files the evaluator parses alone.
const MAX_AHEAD: usize = 64;

struct Job {
    path: PathBuf,
    module: String,
    is_package: bool,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Job>,
    /// Every file queued or parsed by the evaluator itself: never queued again.
    requested: HashSet<PathBuf>,
    /// Files queued or being parsed by a worker: only these are waited for.
    pending: HashSet<PathBuf>,
    done: HashMap<PathBuf, std::io::Result<SourceFile>>,
    shutdown: bool,
}

struct Shared {
    state: Mutex<State>,
    ready: Condvar,
    finder: ModuleFinder,
    root: PathBuf,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A worker that panicked mid-parse leaves consistent state behind
        // (results are inserted whole), so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The pool of parsing workers.
pub struct Prefetch {
    shared: Arc<Shared>,
    workers: usize,
}

impl Prefetch {
    /// Starts one worker per spare core (none on a single core), at most
    /// four. The evaluator is the longest chain of work: a worker more than
    /// the spare cores takes turns with it on its core (on 2 cores at
    /// 10,000 routes, two workers took 0.19 s of wall time, one 0.16 s).
    pub fn new(finder: ModuleFinder, root: PathBuf) -> Prefetch {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        Prefetch::with_workers(finder, root, cores.saturating_sub(1).min(4))
    }

    fn with_workers(finder: ModuleFinder, root: PathBuf, workers: usize) -> Prefetch {
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            ready: Condvar::new(),
            finder,
            root,
        });
        for _ in 0..workers {
            let s = shared.clone();
            // Workers are detached: they stop at the next job once the pool
            // is dropped, and an unfinished parse is simply discarded.
            let _ = std::thread::Builder::new()
                .name("routecov-parse".into())
                .spawn(move || worker(s));
        }
        Prefetch { shared, workers }
    }

    /// A parsed file for `path` if a worker parsed it or is parsing it
    /// (then waits for it); `None` when the caller is to parse it.
    pub fn take(&self, path: &Path) -> Option<std::io::Result<SourceFile>> {
        let mut st = self.shared.lock();
        loop {
            if let Some(r) = st.done.remove(path) {
                drop(st);
                // A worker may be waiting for room ahead (`MAX_AHEAD`).
                self.shared.ready.notify_all();
                return Some(r);
            }
            // Not coming (never queued, parsed here, or handed over already:
            // one file can be two modules): the caller parses it.
            if st.shutdown || !st.pending.contains(path) {
                return None;
            }
            // Not started yet: waiting would idle the evaluator behind every
            // file queued before this one (a root URLconf queues all its
            // apps' URLconfs before their views), so it is parsed here.
            if let Some(i) = st.queue.iter().position(|j| j.path == path) {
                st.queue.remove(i);
                st.pending.remove(path);
                return None;
            }
            st = self
                .shared
                .ready
                .wait(st)
                .unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Stops the workers at their next job; files asked for later are
    /// parsed by the caller.
    pub fn stop(&self) {
        self.shared.lock().shutdown = true;
        self.shared.ready.notify_all();
    }

    /// Marks `path` as parsed here, and requests the modules it names.
    pub fn parsed_here(&self, file: &SourceFile, module: &str, is_package: bool) {
        if self.workers == 0 {
            return;
        }
        let jobs = candidates(file, module, is_package, &self.shared.finder);
        let mut st = self.shared.lock();
        st.requested.insert(file.path.clone());
        enqueue(&mut st, jobs);
        drop(st);
        self.shared.ready.notify_all();
    }
}

impl Drop for Prefetch {
    fn drop(&mut self) {
        self.stop();
    }
}

fn enqueue(st: &mut State, jobs: Vec<Job>) {
    for j in jobs {
        if st.requested.insert(j.path.clone()) {
            st.pending.insert(j.path.clone());
            st.queue.push_back(j);
        }
    }
}

fn worker(shared: Arc<Shared>) {
    loop {
        let job = {
            let mut st = shared.lock();
            loop {
                if st.shutdown {
                    return;
                }
                if st.done.len() < MAX_AHEAD {
                    if let Some(j) = st.queue.pop_front() {
                        break j;
                    }
                }
                st = shared.ready.wait(st).unwrap_or_else(|e| e.into_inner());
            }
        };
        let display = display_path(&shared.root, &job.path);
        // A panic in a worker must not leave the evaluator waiting for its
        // file: it becomes an error the evaluator reports.
        let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let result = parse_file(&job.path, display);
            let more = match &result {
                Ok(f) => candidates(f, &job.module, job.is_package, &shared.finder),
                Err(_) => Vec::new(),
            };
            (result, more)
        }));
        let (result, more) = parsed.unwrap_or_else(|_| {
            (
                Err(std::io::Error::other("the parser failed on this file")),
                Vec::new(),
            )
        });
        let mut st = shared.lock();
        st.pending.remove(&job.path);
        st.done.insert(job.path, result);
        enqueue(&mut st, more);
        drop(st);
        shared.ready.notify_all();
    }
}

/// Project modules a URLconf names: its imports and dotted strings that are
/// modules (`include("app.urls")`). Other modules name nothing ahead.
fn candidates(
    file: &SourceFile,
    module: &str,
    is_package: bool,
    finder: &ModuleFinder,
) -> Vec<Job> {
    let is_urlconf = module.rsplit('.').next() == Some("urls") || file.text.contains("urlpatterns");
    if !is_urlconf {
        return Vec::new();
    }
    let mut names: Vec<(usize, String)> = Vec::new();
    collect(file.root(), file.text, module, is_package, &mut names);
    dotted_strings(file.text.as_bytes(), &mut names);
    // Source order: the evaluator meets them in it.
    names.sort_by_key(|(at, _)| *at);
    let mut seen = HashSet::new();
    let mut jobs = Vec::new();
    for (_, name) in names {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(loc) = finder.find(&name) {
            if let (Origin::Project, Some(path)) = (loc.origin, loc.file) {
                jobs.push(Job {
                    path,
                    module: name,
                    is_package: loc.is_package,
                });
            }
        }
    }
    jobs
}

fn looks_dotted(s: &str) -> bool {
    s.contains('.')
        && s.split('.').all(|p| {
            !p.is_empty()
                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !p.starts_with(|c: char| c.is_ascii_digit())
        })
}

/// Modules the import statements under `root` name, with their offsets.
/// Only statements are walked, never expressions (a URLconf's list of
/// thousands of nodes holds no import); strings are found in the text
/// ([`dotted_strings`]). A cursor walk: no stack to exhaust on a deeply
/// nested file.
fn collect(
    root: Node<'_>,
    text: &str,
    module: &str,
    is_package: bool,
    out: &mut Vec<(usize, String)>,
) {
    let mut c = root.walk();
    'walk: loop {
        let node = c.node();
        let descend = node.is_named() && collect_one(node, text, module, is_package, out);
        if descend && c.goto_first_child() {
            continue;
        }
        loop {
            if c.goto_next_sibling() {
                continue 'walk;
            }
            if !c.goto_parent() {
                break 'walk;
            }
        }
    }
}

/// Collects what `node` imports; true when its children may hold imports.
fn collect_one(
    node: Node<'_>,
    text: &str,
    module: &str,
    is_package: bool,
    out: &mut Vec<(usize, String)>,
) -> bool {
    let at = node.start_byte();
    match node.kind() {
        "import_from_statement" => {
            let Some(m) = node.child_by_field_name("module_name") else {
                return false;
            };
            let t = text.get(m.byte_range()).unwrap_or("");
            let base = if m.kind() == "relative_import" {
                let dots = t.chars().take_while(|c| *c == '.').count();
                match resolve_relative(module, is_package, dots, t[dots..].trim()) {
                    Some(b) => b,
                    None => return false,
                }
            } else {
                t.to_string()
            };
            let mut c = node.walk();
            for n in node.children_by_field_name("name", &mut c) {
                let name_node = n.child_by_field_name("name").unwrap_or(n);
                if let Some(name) = text.get(name_node.byte_range()) {
                    out.push((at, format!("{base}.{name}")));
                }
            }
            out.push((at, base));
            false
        }
        "import_statement" => {
            let mut c = node.walk();
            for n in node.children_by_field_name("name", &mut c) {
                let name_node = n.child_by_field_name("name").unwrap_or(n);
                if let Some(name) = text.get(name_node.byte_range()) {
                    out.push((at, name.to_string()));
                }
            }
            false
        }
        // Statements and the parts of compound statements hold statements;
        // anything else is an expression or a simple statement.
        kind => {
            kind == "module"
                || kind == "block"
                || kind.ends_with("_statement") && kind != "expression_statement"
                || kind.ends_with("_clause")
                || kind.ends_with("_definition")
        }
    }
}

/// Unprefixed string literals of `src` whose text is a dotted name
/// (`include("app.urls")`), with their offsets; comments are skipped.
fn dotted_strings(src: &[u8], out: &mut Vec<(usize, String)>) {
    let mut i = 0;
    while i < src.len() {
        match src[i] {
            b'#' => {
                while i < src.len() && src[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') => {
                let prefixed = i > 0 && (src[i - 1].is_ascii_alphanumeric() || src[i - 1] == b'_');
                let triple = src.get(i + 1) == Some(&q) && src.get(i + 2) == Some(&q);
                let open = if triple { 3 } else { 1 };
                let (end, close) = string_end(src, i + open, q, triple);
                let inner = std::str::from_utf8(&src[i + open..end]).unwrap_or("");
                if !prefixed && close > 0 && looks_dotted(inner) {
                    out.push((i, inner.to_string()));
                }
                i = end + close;
            }
            _ => i += 1,
        }
    }
}

/// Where the string whose text starts at `from` ends, and the length of
/// its closing quotes (0 when it is left open).
fn string_end(src: &[u8], from: usize, q: u8, triple: bool) -> (usize, usize) {
    let mut i = from;
    while i < src.len() {
        let c = src[i];
        if c == b'\\' {
            i += 2;
            continue;
        }
        if c == q && !triple {
            return (i, 1);
        }
        if c == q && src.get(i + 1) == Some(&q) && src.get(i + 2) == Some(&q) {
            return (i, 3);
        }
        if c == b'\n' && !triple {
            return (i, 0);
        }
        i += 1;
    }
    (src.len(), 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(src: &str) -> Vec<String> {
        let file = crate::parsing::parse_bytes(
            PathBuf::from("p/urls.py"),
            "p/urls.py".into(),
            src.as_bytes(),
        );
        let mut out = Vec::new();
        collect(file.root(), file.text, "p.urls", false, &mut out);
        dotted_strings(file.text.as_bytes(), &mut out);
        out.sort_by_key(|(at, _)| *at);
        out.into_iter().map(|(_, n)| n).collect()
    }

    /// Imports in nested blocks and dotted strings anywhere but comments,
    /// in source order; prefixed strings, names with a space and strings
    /// left open name nothing.
    #[test]
    fn a_urlconf_names_its_imports_and_dotted_strings() {
        let src = r#"from . import views
import os.path
try:
    from .extra import more as m
except ImportError:
    pass
urlpatterns = [
    path('a/', include("shop.urls")),  # 'no.thing'
    path('b/', include(f'x.y')), path('c/', include('''blog.urls''')),
    'not dotted', 'a.b c', r'raw.str', "esc\".x",
]
def f():
    import inner.mod
x = 'open.str
"#;
        assert_eq!(
            named(src),
            vec![
                "p.views",
                "p",
                "os.path",
                "p.extra.more",
                "p.extra",
                "shop.urls",
                "blog.urls",
                "inner.mod",
            ]
        );
    }

    /// A file the evaluator asks for before any worker started on it is
    /// handed back to the evaluator at once (with no worker, waiting would
    /// never end), and no worker parses it afterwards.
    #[test]
    fn a_file_not_started_is_parsed_by_the_caller() {
        let pool = Prefetch::with_workers(ModuleFinder::new(&[], &[]), PathBuf::new(), 0);
        let path = PathBuf::from("app/views.py");
        enqueue(
            &mut pool.shared.lock(),
            vec![Job {
                path: path.clone(),
                module: "app.views".into(),
                is_package: false,
            }],
        );
        assert!(pool.take(&path).is_none());
        let st = pool.shared.lock();
        assert!(st.queue.is_empty() && st.pending.is_empty());
        assert!(st.requested.contains(&path), "never queued again");
    }

    /// Waits (up to ten seconds) until `f` holds of the pool's state.
    fn settles(pool: &Prefetch, f: impl Fn(&State) -> bool) -> bool {
        let end = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::time::Instant::now() < end {
            if f(&pool.shared.lock()) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        false
    }

    /// The workers stop once `MAX_AHEAD` parsed files wait for the
    /// evaluator, and go on as it takes them.
    #[test]
    fn workers_pause_while_enough_files_wait() {
        let dir = tempfile::tempdir().expect("temp dir");
        let jobs: Vec<Job> = (0..MAX_AHEAD + 3)
            .map(|i| {
                let path = dir.path().join(format!("m{i}.py"));
                std::fs::write(&path, "x = 1\n").expect("write");
                Job {
                    path,
                    module: format!("m{i}"),
                    is_package: false,
                }
            })
            .collect();
        let first = jobs[0].path.clone();
        let pool = Prefetch::with_workers(ModuleFinder::new(&[], &[]), dir.path().to_path_buf(), 1);
        enqueue(&mut pool.shared.lock(), jobs);
        pool.shared.ready.notify_all();
        let paused = |queued: usize| {
            move |st: &State| st.done.len() == MAX_AHEAD && st.queue.len() == queued
        };
        assert!(settles(&pool, paused(3)), "paused with three to go");
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(paused(3)(&pool.shared.lock()), "still paused");
        assert!(matches!(pool.take(&first), Some(Ok(_))));
        assert!(settles(&pool, paused(2)), "one more parsed, then paused");
    }
}
