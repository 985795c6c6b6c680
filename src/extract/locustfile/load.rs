//! Importing the locustfiles as Locust does: `sys.argv` as its command line
//! leaves it, each file a top-level module found from its own directory
//! and then from the project directory.

use super::state::LocustHooks;
use crate::diagnostics::{display_path, Diagnostics};
use crate::python::Interp;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The evaluator with the locustfiles loaded.
pub struct Loaded {
    pub it: Interp,
    /// The loaded modules, in file order.
    pub modules: Vec<usize>,
    /// Every file as shown, loaded or not.
    pub files: Vec<String>,
    pub diags: Diagnostics,
}

/// `sys.argv` as Locust's command line leaves it while the file imports.
pub fn locust_argv(
    shown: &str,
    tags: &Option<Vec<String>>,
    exclude_tags: &Option<Vec<String>>,
) -> Vec<String> {
    let mut argv = vec!["locust".to_string(), "-f".to_string(), shown.to_string()];
    if let Some(t) = tags.as_ref().filter(|t| !t.is_empty()) {
        argv.push("--tags".into());
        argv.extend(t.iter().cloned());
    }
    if let Some(t) = exclude_tags.as_ref().filter(|t| !t.is_empty()) {
        argv.push("--exclude-tags".into());
        argv.extend(t.iter().cloned());
    }
    argv
}

/// Loads each of `files` as a module, with `env` as the environment.
pub fn load(
    base: &Path,
    files: &[PathBuf],
    hooks: Rc<LocustHooks>,
    env: &BTreeMap<String, String>,
) -> Loaded {
    let mut it = Interp::new(base.to_path_buf(), &import_roots(base, files), &[], hooks);
    it.env = env.clone();
    // A request has one URL: where paths disagree on a value, it is unknown.
    it.precise_flow = true;
    let mut diags = Diagnostics::default();
    let mut modules: Vec<usize> = Vec::new();
    let mut loaded_names: HashSet<String> = HashSet::new();
    let mut shown = Vec::new();
    for f in files {
        let display = display_path(base, f);
        shown.push(display.clone());
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
    Loaded {
        it,
        modules,
        files: shown,
        diags,
    }
}

/// Each file is imported as a top-level module from its own directory
/// (Locust puts that directory first on sys.path), then from the project
/// directory (Locust's working directory).
fn import_roots(base: &Path, files: &[PathBuf]) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = Vec::new();
    for f in files {
        let dir = f
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        if !roots.contains(&dir) {
            roots.push(dir);
        }
    }
    if !roots.contains(&base.to_path_buf()) {
        roots.push(base.to_path_buf());
    }
    roots
}
