//! Gates and history files.

use super::*;

// ---------------------------------------------------------------------------
// 6. Gates (issue 9): a NaN or impossible floor passes every run today.

fn assert_gate_rejected(out: &Outcome, names: &[&str]) {
    out.assert_code(2);
    let err = out.err();
    for n in names {
        assert!(
            err.contains(n),
            "{}\n  message does not name `{n}`:\n{}",
            out.command,
            out.err_tail()
        );
    }
}

/// Issue 9.
#[test]
fn config_fail_under_nan_is_an_error() {
    let dir = tiny_project();
    common::write(dir.path(), "routecov.toml", "fail_under = nan\n");
    let out = report(dir.path(), &["--config", "routecov.toml"]);
    assert_gate_rejected(&out, &["fail_under"]);
    assert!(out.names_line("routecov.toml", &[1]), "{}", out.err_tail());
}

/// Issue 9.
#[test]
fn config_floor_nan_is_an_error() {
    let dir = tiny_project();
    common::write(dir.path(), "routecov.toml", "[floors]\nwrites = nan\n");
    let out = report(dir.path(), &["--config", "routecov.toml"]);
    assert_gate_rejected(&out, &["writes"]);
    assert!(out.names_line("routecov.toml", &[2]), "{}", out.err_tail());
}

/// Issue 9.
#[test]
fn flag_fail_under_nan_is_an_error() {
    let dir = tiny_project();
    let out = report(dir.path(), &["--fail-under", "nan"]);
    assert_gate_rejected(&out, &["--fail-under"]);
}

/// Issue 9: a floor above 100% can never hold.
#[test]
fn flag_fail_under_150_is_an_error() {
    let dir = tiny_project();
    let out = report(dir.path(), &["--fail-under", "150"]);
    assert_gate_rejected(&out, &["--fail-under"]);
}

// ---------------------------------------------------------------------------
// 7. History files (issue 9).

fn history_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("history readable")
        .lines()
        .map(str::to_string)
        .collect()
}

fn assert_history_line(line: &str) {
    let v: serde_json::Value =
        serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
    assert!(v.is_object() && v.get("time").is_some(), "{line}");
}

/// Issue 9: 20 concurrent appends, 5 rounds: no line lost or torn.
#[test]
fn history_concurrent_appends_keep_every_line() {
    let dir = tiny_project();
    for _round in 0..5 {
        let outs: Vec<Outcome> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..20)
                .map(|_| s.spawn(|| report(dir.path(), &["-q", "--history", "h.jsonl"])))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("thread"))
                .collect()
        });
        for out in &outs {
            out.assert_code(0);
        }
    }
    let lines = history_lines(&dir.path().join("h.jsonl"));
    assert_eq!(lines.len(), 100, "lines lost or added");
    for l in &lines {
        assert_history_line(l);
    }
}

/// Issue 9: a history path that is a symlink is written through.
#[test]
fn history_symlink_stays_a_symlink() {
    let dir = tiny_project();
    std::fs::create_dir(dir.path().join("real")).expect("mkdir");
    report(dir.path(), &["-q", "--history", "real/h.jsonl"]).assert_code(0);
    std::os::unix::fs::symlink("real/h.jsonl", dir.path().join("link.jsonl")).expect("symlink");
    report(dir.path(), &["-q", "--history", "link.jsonl"]).assert_code(0);
    let meta = std::fs::symlink_metadata(dir.path().join("link.jsonl")).expect("link");
    assert!(meta.file_type().is_symlink(), "the symlink was replaced");
    assert_eq!(history_lines(&dir.path().join("real/h.jsonl")).len(), 2);
}

/// Issue 9: a hard-linked history file stays linked.
#[test]
fn history_hard_link_stays_linked() {
    use std::os::unix::fs::MetadataExt;
    let dir = tiny_project();
    let h = dir.path().join("h.jsonl");
    let other = dir.path().join("other.jsonl");
    report(dir.path(), &["-q", "--history", "h.jsonl"]).assert_code(0);
    std::fs::hard_link(&h, &other).expect("hard link");
    report(dir.path(), &["-q", "--history", "h.jsonl"]).assert_code(0);
    let (a, b) = (
        std::fs::metadata(&h).expect("h"),
        std::fs::metadata(&other).expect("other"),
    );
    assert_eq!(a.ino(), b.ino(), "the hard link was broken");
    assert_eq!(history_lines(&other).len(), 2);
}

/// Issue 9: the history file keeps its mode.
#[test]
fn history_mode_0600_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tiny_project();
    let h = dir.path().join("h.jsonl");
    report(dir.path(), &["-q", "--history", "h.jsonl"]).assert_code(0);
    std::fs::set_permissions(&h, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    report(dir.path(), &["-q", "--history", "h.jsonl"]).assert_code(0);
    let mode = std::fs::metadata(&h).expect("h").permissions().mode() & 0o7777;
    assert_eq!(mode, 0o600, "mode {mode:o}");
    assert_eq!(history_lines(&h).len(), 2);
}

/// Issue 9: a corrupt line is named, and the run is still appended.
#[test]
fn history_corrupt_line_warns_and_appends() {
    let dir = tiny_project();
    let h = dir.path().join("h.jsonl");
    report(dir.path(), &["-q", "--history", "h.jsonl"]).assert_code(0);
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&h)
        .expect("open");
    f.write_all(b"{\"time\": \"2026-01-01T00:00:00Z\", \"torn\n")
        .expect("append");
    drop(f);
    let out = report(dir.path(), &["--history", "h.jsonl"]);
    out.assert_code(0);
    assert!(
        out.names_line("h.jsonl", &[2]),
        "{}\n  no warning naming h.jsonl:2\n{}",
        out.command,
        out.err_tail()
    );
    let lines = history_lines(&h);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_history_line(&lines[2]);
}

/// Issue 9: a history file that is not UTF-8 never gives output and then
/// exit 2.
#[test]
fn history_invalid_utf8_fails_before_output_or_warns() {
    let dir = tiny_project();
    let h = dir.path().join("h.jsonl");
    std::fs::write(
        &h,
        b"{\"time\": \"2026-01-01T00:00:00Z\", \"x\": \"\xff\xfe\"}\n",
    )
    .expect("write");
    let out = report(dir.path(), &["--history", "h.jsonl"]);
    out.assert_bounded();
    match out.code {
        Some(2) => assert!(
            out.stdout.is_empty(),
            "{}\n  exit 2 after printing {} bytes of output",
            out.command,
            out.stdout.len()
        ),
        _ => {
            out.assert_code(0);
            assert!(out.err().contains("h.jsonl"), "{}", out.err_tail());
            let text = std::fs::read(&h).expect("h");
            assert_eq!(
                text.split(|&b| b == b'\n')
                    .filter(|l| !l.is_empty())
                    .count(),
                2
            );
        }
    }
}
