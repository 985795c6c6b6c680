//! The history file on disk, and the clock and git checkout a line records.
//!
//! Appending never loses another writer's line: the file is opened with
//! `O_APPEND` (through symlinks and hard links, so the real file keeps its
//! links and mode), locked exclusively, and given one whole line in one write.
//! Reading is lenient: a corrupt line is a warning naming its line number,
//! never the end of the history.

use crate::diagnostics::Warning;
use crate::model::history::Entry;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// A history file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {source}")]
pub struct HistoryError {
    file: String,
    source: std::io::Error,
}

fn io_error(path: &Path, source: std::io::Error) -> HistoryError {
    HistoryError {
        file: path.display().to_string(),
        source,
    }
}

/// Reads every entry of a history file; a missing file is an empty history.
/// Lines that are not history lines (or not UTF-8) are skipped with a warning.
pub fn read(path: &Path) -> Result<(Vec<Entry>, Vec<Warning>), HistoryError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(e) => return Err(io_error(path, e)),
    };
    let file = path.display().to_string();
    let mut entries = Vec::new();
    let mut warnings = Vec::new();
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let parsed = std::str::from_utf8(line)
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str::<Entry>(text).map_err(|e| e.to_string()));
        match parsed {
            Ok(e) => entries.push(e),
            Err(message) => warnings.push(Warning::new(
                &file,
                i + 1,
                format!("not a history line, skipped: {message}"),
            )),
        }
    }
    Ok((entries, warnings))
}

/// A history file opened for appending, before any output is written, so
/// that a file that cannot be written is an error while nothing is printed.
pub struct Appender {
    path: PathBuf,
    file: File,
}

impl Appender {
    pub fn open(path: &Path) -> Result<Appender, HistoryError> {
        let file = OpenOptions::new()
            .append(true)
            .create(true)
            .read(true)
            .open(path)
            .map_err(|e| io_error(path, e))?;
        Ok(Appender {
            path: path.to_path_buf(),
            file,
        })
    }

    /// Appends `entry` as one line under an exclusive lock. A previous writer
    /// that died mid-line left no newline: the new line starts on its own.
    pub fn append(mut self, entry: &Entry) -> Result<(), HistoryError> {
        let path = self.path.clone();
        let err = |e| io_error(&path, e);
        let mut line = serde_json::to_string(entry).map_err(|e| err(e.into()))?;
        line.push('\n');
        self.file.lock().map_err(err)?;
        let result = (|| {
            let len = self.file.seek(SeekFrom::End(0))?;
            if len > 0 {
                let mut last = [0u8; 1];
                self.file.seek(SeekFrom::Start(len - 1))?;
                self.file.read_exact(&mut last)?;
                if last[0] != b'\n' {
                    line.insert(0, '\n');
                }
            }
            // O_APPEND: the write lands at the end whatever the position.
            self.file.write_all(line.as_bytes())?;
            self.file.sync_data()
        })();
        let unlocked = self.file.unlock();
        result.and(unlocked).map_err(err)
    }
}

/// The current time, RFC 3339 UTC to the second.
pub fn now() -> String {
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second())
        .unwrap_or(now)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// The commit and branch of the git checkout holding `dir`, read from the
/// repository's files (no git binary needed). In a linked worktree `.git`
/// is a file naming the worktree's own directory, whose `commondir` names
/// the repository's, where branches and packed refs live.
pub fn git_head(dir: &Path) -> (Option<String>, Option<String>) {
    let Some(dot_git) = dir.ancestors().map(|d| d.join(".git")).find(|g| g.exists()) else {
        return (None, None);
    };
    let git = if dot_git.is_file() {
        let text = std::fs::read_to_string(&dot_git).unwrap_or_default();
        match text.trim().strip_prefix("gitdir:") {
            Some(p) => dot_git
                .parent()
                .map(|d| d.join(p.trim()))
                .unwrap_or_default(),
            None => return (None, None),
        }
    } else {
        dot_git
    };
    let common = match std::fs::read_to_string(git.join("commondir")) {
        Ok(c) => git.join(c.trim()),
        Err(_) => git.clone(),
    };
    let head = std::fs::read_to_string(git.join("HEAD")).unwrap_or_default();
    let head = head.trim();
    let Some(reference) = head.strip_prefix("ref:").map(str::trim) else {
        let commit = (!head.is_empty()).then(|| head.to_string());
        return (commit, None);
    };
    let branch = reference.strip_prefix("refs/heads/").map(str::to_string);
    let commit = [&git, &common]
        .iter()
        .find_map(|g| std::fs::read_to_string(g.join(reference)).ok())
        .map(|s| s.trim().to_string())
        .or_else(|| {
            let packed = std::fs::read_to_string(common.join("packed-refs")).ok()?;
            packed.lines().find_map(|l| {
                let (sha, name) = l.split_once(' ')?;
                (name.trim() == reference).then(|| sha.to_string())
            })
        })
        .filter(|s| !s.is_empty());
    (commit, branch)
}

/// Writes through a temporary file in the same directory, synced and renamed
/// over `path`, so readers never see a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map(|_| ()).map_err(|e| e.error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::history::HISTORY_SCHEMA_VERSION;
    use std::collections::BTreeMap;

    fn entry(pct: f64) -> Entry {
        Entry {
            schema_version: HISTORY_SCHEMA_VERSION,
            time: now(),
            commit: None,
            branch: None,
            coverage_basis: "declared".into(),
            endpoints: 100,
            covered: pct as usize,
            coverage_pct: pct,
            categories: BTreeMap::new(),
            run: None,
        }
    }

    #[test]
    fn time_is_rfc3339_utc_to_the_second() {
        let t = now();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z') && t.as_bytes()[10] == b'T', "{t}");
    }

    #[test]
    fn append_and_read_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("coverage.jsonl");
        Appender::open(&p).unwrap().append(&entry(50.0)).unwrap();
        Appender::open(&p).unwrap().append(&entry(55.0)).unwrap();
        let (es, ws) = read(&p).unwrap();
        assert_eq!(es.len(), 2);
        assert!(ws.is_empty());
    }

    #[test]
    fn a_bad_line_is_a_warning_with_its_line_and_a_torn_line_is_closed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("h.jsonl");
        std::fs::write(&p, b"{}\n\xff\xfe\n{\"half\":").unwrap();
        Appender::open(&p).unwrap().append(&entry(1.0)).unwrap();
        let (es, ws) = read(&p).unwrap();
        assert_eq!(es.len(), 1);
        let ws: Vec<String> = ws.iter().map(ToString::to_string).collect();
        assert_eq!(ws.len(), 3, "{ws:?}");
        assert!(ws[0].contains("h.jsonl:1:"), "{ws:?}");
        assert!(ws[1].contains("h.jsonl:2:"), "{ws:?}");
    }

    #[cfg(unix)]
    #[test]
    fn appending_through_a_symlink_keeps_the_link_and_the_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.jsonl");
        std::fs::write(&real, "").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("link.jsonl");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        Appender::open(&link).unwrap().append(&entry(1.0)).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(read(&real).unwrap().0.len(), 1);
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
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

    /// A linked worktree's branch lives in the main repository: `.git` is a
    /// file, and the worktree's directory names the common one.
    #[test]
    fn git_head_in_a_linked_worktree_reads_the_common_refs() {
        let dir = tempfile::tempdir().unwrap();
        let main_git = dir.path().join("repo/.git");
        let wt_git = main_git.join("worktrees/feature");
        std::fs::create_dir_all(main_git.join("refs/heads")).unwrap();
        std::fs::create_dir_all(&wt_git).unwrap();
        std::fs::write(main_git.join("refs/heads/feature"), "def456\n").unwrap();
        std::fs::write(wt_git.join("HEAD"), "ref: refs/heads/feature\n").unwrap();
        std::fs::write(wt_git.join("commondir"), "../..\n").unwrap();
        let wt = dir.path().join("wt");
        std::fs::create_dir_all(&wt).unwrap();
        std::fs::write(wt.join(".git"), format!("gitdir: {}\n", wt_git.display())).unwrap();
        let (c, b) = git_head(&wt);
        assert_eq!(
            (c.as_deref(), b.as_deref()),
            (Some("def456"), Some("feature"))
        );
    }
}
