//! From what the user names (a prefix, one file of a run, a directory) to
//! the files of one run.

use super::error::LocustCsvError;
use crate::model::stats::RunFiles;
use std::path::{Path, PathBuf};

/// Finds the files of a run (see [`read_run`] for the accepted inputs).
pub fn resolve(input: &Path) -> Result<RunFiles, LocustCsvError> {
    if input.is_dir() {
        return resolve_dir(input);
    }
    if input.is_file() {
        let name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for suffix in SUFFIXES {
            if let Some(stem) = name.strip_suffix(suffix) {
                let prefix = input.with_file_name(stem);
                if let Some(files) = files_for_prefix(&prefix) {
                    return Ok(files);
                }
            }
        }
        // Locust's `--json-file NAME` writes NAME.json beside the CSV files
        // of `--csv NAME`, whose failures, exceptions and history it lacks.
        for ext in REPORT_EXTENSIONS {
            if let Some(stem) = name.strip_suffix(ext) {
                return Ok(with_siblings(input, &input.with_file_name(stem)));
            }
        }
        // A CSV under another name (renamed, downloaded from the web UI): the
        // stats file itself, without siblings.
        return Ok(RunFiles {
            stats: input.to_path_buf(),
            ..RunFiles::default()
        });
    }
    let mut prefix = input.as_os_str().to_string_lossy().into_owned();
    if let Some(p) = files_for_prefix(Path::new(&prefix)) {
        return Ok(p);
    }
    // `results/run1_` (the prefix with its separator) or `results/run1_stats`.
    for tail in ["_", "_stats", "_requests"] {
        if let Some(stripped) = prefix.strip_suffix(tail) {
            if let Some(p) = files_for_prefix(Path::new(stripped)) {
                return Ok(p);
            }
        }
    }
    prefix.push_str("_stats.csv");
    Err(LocustCsvError::NotFound {
        input: input.display().to_string(),
        looked: format!("{prefix} and {}_requests.csv", input.display()),
    })
}

/// File name endings of a run's files; the first two are stats files.
pub(super) const SUFFIXES: [&str; 6] = [
    "_stats.csv",
    "_requests.csv",
    "_failures.csv",
    "_exceptions.csv",
    "_stats_history.csv",
    "_distribution.csv",
];

/// Endings of Locust's report files (`--json-file`, `--html`).
const REPORT_EXTENSIONS: [&str; 3] = [".json", ".html", ".htm"];

/// `stats` (a report) with the failures, exceptions and history CSV files
/// of `prefix` that exist.
fn with_siblings(stats: &Path, prefix: &Path) -> RunFiles {
    let with = |suffix: &str| {
        let mut s = prefix.as_os_str().to_os_string();
        s.push(suffix);
        Some(PathBuf::from(s)).filter(|p| p.is_file())
    };
    RunFiles {
        stats: stats.to_path_buf(),
        failures: with("_failures.csv"),
        exceptions: with("_exceptions.csv"),
        history: with("_stats_history.csv"),
        distribution: None,
    }
}

pub(super) fn files_for_prefix(prefix: &Path) -> Option<RunFiles> {
    let with = |suffix: &str| {
        let mut s = prefix.as_os_str().to_os_string();
        s.push(suffix);
        PathBuf::from(s)
    };
    let existing = |suffix: &str| Some(with(suffix)).filter(|p| p.is_file());
    let stats = existing("_stats.csv").or_else(|| existing("_requests.csv"))?;
    Some(RunFiles {
        stats,
        failures: existing("_failures.csv"),
        exceptions: existing("_exceptions.csv"),
        history: existing("_stats_history.csv"),
        distribution: existing("_distribution.csv"),
    })
}

/// The stats files (`*_stats.csv`, `*_requests.csv`) directly in `dir`, by
/// name; without any, Locust's reports (`*.json`, `*.html`).
fn stats_files(dir: &Path) -> Result<Vec<PathBuf>, LocustCsvError> {
    let csv = files_ending(dir, &["_stats.csv", "_requests.csv"])?;
    if !csv.is_empty() {
        return Ok(csv);
    }
    files_ending(dir, &REPORT_EXTENSIONS)
}

fn files_ending(dir: &Path, endings: &[&str]) -> Result<Vec<PathBuf>, LocustCsvError> {
    let entries = std::fs::read_dir(dir).map_err(|source| LocustCsvError::Io {
        file: dir.display().to_string(),
        source,
    })?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy())
                .is_some_and(|n| endings.iter().any(|e| n.ends_with(e)))
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Every run in `dir`, by the name of its stats file; an error when the
/// directory holds none.
pub fn resolve_all(dir: &Path) -> Result<Vec<RunFiles>, LocustCsvError> {
    let found = stats_files(dir)?;
    if found.is_empty() {
        return Err(LocustCsvError::NotFound {
            input: dir.display().to_string(),
            looked: "*_stats.csv, *_requests.csv, *.json and *.html in the directory".to_string(),
        });
    }
    found.iter().map(|p| resolve(p)).collect()
}

pub(super) fn resolve_dir(dir: &Path) -> Result<RunFiles, LocustCsvError> {
    let found = stats_files(dir)?;
    match found.as_slice() {
        [only] => resolve(only),
        [] => Err(LocustCsvError::NotFound {
            input: dir.display().to_string(),
            looked: "*_stats.csv, *_requests.csv, *.json and *.html in the directory".to_string(),
        }),
        many => Err(LocustCsvError::Ambiguous {
            dir: dir.display().to_string(),
            found: many
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}
