//! Diagnostics collected along the pipeline. Nothing aborts on a bad file: a
//! problem becomes a [`Warning`] pointing at its source, and the run goes on.

use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// A problem found in an analysed file, with the place it comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Warning {
    /// Path relative to the project root where possible.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    pub message: String,
}

impl Warning {
    pub fn new(file: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Warning {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

/// Warnings kept per file; past it one line counts the rest, so that a
/// generated file with a million bad lines cannot flood memory or the screen.
pub const MAX_WARNINGS_PER_FILE: usize = 200;

/// Collects warnings, dropping exact repeats (the same file may be reached
/// through several imports).
#[derive(Debug, Default)]
pub struct Diagnostics {
    warnings: Vec<Warning>,
    seen: HashSet<Warning>,
    per_file: HashMap<String, usize>,
}

impl Diagnostics {
    pub fn warn(&mut self, w: Warning) {
        if self.seen.contains(&w) {
            return;
        }
        let n = self.per_file.entry(w.file.clone()).or_insert(0);
        *n += 1;
        if *n <= MAX_WARNINGS_PER_FILE {
            self.seen.insert(w.clone());
            self.warnings.push(w);
        }
    }

    pub fn warn_at(&mut self, file: &str, line: usize, message: impl Into<String>) {
        self.warn(Warning::new(file, line, message));
    }

    /// Warnings in a stable order: by file, line, then text; a file over
    /// the limit ends with the count of those left out.
    pub fn into_sorted(mut self) -> Vec<Warning> {
        self.warnings.sort();
        let mut over: Vec<(String, usize)> = self
            .per_file
            .into_iter()
            .filter(|(_, n)| *n > MAX_WARNINGS_PER_FILE)
            .collect();
        over.sort();
        for (file, n) in over {
            let last = self
                .warnings
                .iter()
                .rposition(|w| w.file == file)
                .map_or(self.warnings.len(), |i| i + 1);
            self.warnings.insert(
                last,
                Warning::new(
                    file,
                    0,
                    format!(
                        "{} more warnings not shown (at most {MAX_WARNINGS_PER_FILE} per file)",
                        n - MAX_WARNINGS_PER_FILE
                    ),
                ),
            );
        }
        self.warnings
    }

    pub fn len(&self) -> usize {
        self.warnings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.warnings.is_empty()
    }
}

/// Displays `path` relative to `root` with `/` separators, for stable output.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    if s.is_empty() {
        ".".to_string()
    } else {
        s
    }
}
