//! Coverage over time: one JSON line per run appended to a history file
//! (atomically: the file is rewritten through a temporary and renamed), and
//! the trend read back from it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Coverage of one category in one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryPoint {
    pub endpoints: usize,
    pub covered: usize,
    pub coverage_pct: f64,
}

/// Figures of the load-test run a report read, when it read one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunPoint {
    pub requests: u64,
    pub failures: u64,
    pub failure_pct: f64,
    pub rps: f64,
    pub p95_ms: Option<f64>,
}

/// One line of the history file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub schema_version: u32,
    /// UTC, RFC 3339 (`2026-11-25T16:58:30Z`).
    pub time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// `exercised` or `declared`.
    pub coverage_basis: String,
    pub endpoints: usize,
    pub covered: usize,
    pub coverage_pct: f64,
    pub categories: BTreeMap<String, CategoryPoint>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<RunPoint>,
}

/// A history file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}:{line}: not a history line: {message}")]
    Line {
        file: String,
        line: usize,
        message: String,
    },
}

/// Formats seconds since the Unix epoch as RFC 3339 UTC.
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// The current time, RFC 3339 UTC.
pub fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    rfc3339(secs)
}

/// The commit and branch of the git checkout holding `dir`, read from
/// `.git` directly (no git binary needed).
pub fn git_head(dir: &Path) -> (Option<String>, Option<String>) {
    let Some(git) = dir.ancestors().map(|d| d.join(".git")).find(|g| g.exists()) else {
        return (None, None);
    };
    // A worktree or submodule has a `.git` file pointing at the real directory.
    let git = if git.is_file() {
        let text = std::fs::read_to_string(&git).unwrap_or_default();
        match text.strip_prefix("gitdir:") {
            Some(p) => git.parent().map(|d| d.join(p.trim())).unwrap_or_default(),
            None => return (None, None),
        }
    } else {
        git
    };
    let head = std::fs::read_to_string(git.join("HEAD")).unwrap_or_default();
    let head = head.trim();
    let Some(reference) = head.strip_prefix("ref:").map(str::trim) else {
        let commit = (!head.is_empty()).then(|| head.to_string());
        return (commit, None);
    };
    let branch = reference.strip_prefix("refs/heads/").map(str::to_string);
    let commit = std::fs::read_to_string(git.join(reference))
        .ok()
        .map(|s| s.trim().to_string())
        .or_else(|| {
            let packed = std::fs::read_to_string(git.join("packed-refs")).ok()?;
            packed.lines().find_map(|l| {
                let (sha, name) = l.split_once(' ')?;
                (name.trim() == reference).then(|| sha.to_string())
            })
        })
        .filter(|s| !s.is_empty());
    (commit, branch)
}

/// Reads every entry of a history file (a missing file is an empty history).
pub fn read(path: &Path) -> Result<Vec<Entry>, HistoryError> {
    let file = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(HistoryError::Io { file, source }),
    };
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let e: Entry = serde_json::from_str(line).map_err(|e| HistoryError::Line {
            file: file.clone(),
            line: i + 1,
            message: e.to_string(),
        })?;
        out.push(e);
    }
    Ok(out)
}

/// Appends `entry` as one line. The file is rewritten whole through a
/// temporary file and renamed, so a reader never sees half a line.
pub fn append(path: &Path, entry: &Entry) -> Result<(), HistoryError> {
    let file = path.display().to_string();
    let mut text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => return Err(HistoryError::Io { file, source }),
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    let line = serde_json::to_string(entry).map_err(|e| HistoryError::Line {
        file: file.clone(),
        line: 0,
        message: e.to_string(),
    })?;
    text.push_str(&line);
    text.push('\n');
    crate::cli::write_atomic(path, text.as_bytes())
        .map_err(|source| HistoryError::Io { file, source })
}

/// A drop in coverage between the last two entries, overall or per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Drop {
    /// `None` for the overall coverage.
    pub category: Option<String>,
    pub before: f64,
    pub after: f64,
}

/// Drops from the second-to-last entry to the last (beyond rounding noise).
pub fn drops(entries: &[Entry]) -> Vec<Drop> {
    let [.., prev, last] = entries else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if last.coverage_pct + 0.05 < prev.coverage_pct {
        out.push(Drop {
            category: None,
            before: prev.coverage_pct,
            after: last.coverage_pct,
        });
    }
    for (name, now) in &last.categories {
        if let Some(before) = prev.categories.get(name) {
            if now.coverage_pct + 0.05 < before.coverage_pct {
                out.push(Drop {
                    category: Some(name.clone()),
                    before: before.coverage_pct,
                    after: now.coverage_pct,
                });
            }
        }
    }
    out
}

/// A sparkline of percentages (0..=100).
pub fn sparkline(values: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .iter()
        .map(|v| {
            let i = ((v.clamp(0.0, 100.0) / 100.0) * 7.0).round() as usize;
            BARS[i.min(7)]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(pct: f64, writes: f64) -> Entry {
        let mut categories = BTreeMap::new();
        categories.insert(
            "writes".to_string(),
            CategoryPoint {
                endpoints: 10,
                covered: (writes / 10.0) as usize,
                coverage_pct: writes,
            },
        );
        Entry {
            schema_version: 1,
            time: rfc3339(0),
            commit: None,
            branch: None,
            coverage_basis: "declared".into(),
            endpoints: 100,
            covered: pct as usize,
            coverage_pct: pct,
            categories,
            run: None,
        }
    }

    #[test]
    fn time_is_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_622_310), "2026-11-25T15:58:30Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn append_and_read_round_trip_and_drops() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("coverage.jsonl");
        append(&p, &entry(50.0, 40.0)).unwrap();
        append(&p, &entry(55.0, 30.0)).unwrap();
        let es = read(&p).unwrap();
        assert_eq!(es.len(), 2);
        let d = drops(&es);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].category.as_deref(), Some("writes"));
        assert_eq!(sparkline(&[0.0, 50.0, 100.0]), "▁▅█");
    }

    #[test]
    fn a_bad_line_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("h.jsonl");
        std::fs::write(&p, "{}\n").unwrap();
        let e = read(&p).unwrap_err().to_string();
        assert!(e.contains("h.jsonl:1:"), "{e}");
    }

    #[test]
    fn git_head_reads_branch_and_commit() {
        let dir = tempfile::tempdir().unwrap();
        let g = dir.path().join(".git");
        std::fs::create_dir_all(g.join("refs/heads")).unwrap();
        std::fs::write(g.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        std::fs::write(g.join("refs/heads/main"), "abc123\n").unwrap();
        let (c, b) = git_head(&dir.path().join("sub"));
        assert_eq!((c.as_deref(), b.as_deref()), (Some("abc123"), Some("main")));
    }
}
