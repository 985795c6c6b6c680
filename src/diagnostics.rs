//! Diagnostics collected along the pipeline. Nothing aborts on a bad file: a
//! problem becomes a [`Warning`] pointing at its source, and the run goes on.

use serde::Serialize;
use std::path::Path;

/// A problem found in an analysed file, with the place it comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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

/// Collects warnings, dropping exact repeats (the same file may be reached
/// through several imports).
#[derive(Debug, Default)]
pub struct Diagnostics {
    warnings: Vec<Warning>,
}

impl Diagnostics {
    pub fn warn(&mut self, w: Warning) {
        if !self.warnings.contains(&w) {
            self.warnings.push(w);
        }
    }

    pub fn warn_at(&mut self, file: &str, line: usize, message: impl Into<String>) {
        self.warn(Warning::new(file, line, message));
    }

    /// Warnings in a stable order: by file, line, then text.
    pub fn into_sorted(mut self) -> Vec<Warning> {
        self.warnings.sort();
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
