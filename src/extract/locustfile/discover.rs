//! Finding the locustfile as Locust's `-f` default does, and the `.py`
//! files it stands for.

use super::error::TaskError;
use std::path::{Path, PathBuf};

/// Project folders searched for a locustfile, after the project directory itself.
pub const LOAD_TEST_DIRS: [&str; 4] = ["load_testing", "loadtests", "locust", "tests"];

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

/// The files `path` stands for: every locustfile of a directory, or the
/// file itself when it is a readable `.py` file.
pub fn files_to_read(path: &Path, shown: &str) -> Result<Vec<PathBuf>, TaskError> {
    let shown = shown.to_string();
    if path.is_dir() {
        let files = locustfiles_in(path);
        if files.is_empty() {
            return Err(TaskError::EmptyDir(shown));
        }
        Ok(files)
    } else if path.is_file() {
        if path.extension().is_none_or(|x| x != "py") {
            return Err(TaskError::NotPython(shown));
        }
        if let Err(e) = std::fs::read(path) {
            return Err(TaskError::Unreadable {
                file: shown,
                message: e.to_string(),
            });
        }
        Ok(vec![path.to_path_buf()])
    } else {
        Err(TaskError::Missing(shown))
    }
}
