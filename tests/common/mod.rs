//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Python of the test environment (`scripts/pyenv`). The differential
/// tests need it: without it they fail with instructions, never skip.
pub fn python() -> PathBuf {
    let p = std::env::var_os("ROUTECOV_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/pyenv/bin/python"));
    assert!(
        p.exists(),
        "{} not found: run scripts/pyenv (or scripts/test) to create the Python test environment",
        p.display()
    );
    p
}

/// site-packages of the test environment.
pub fn site_packages() -> PathBuf {
    let out = Command::new(python())
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ])
        .output()
        .expect("python runs");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// Runs a script of tests/python with the test Python and parses its JSON output.
pub fn python_json(script: &str, args: &[&str]) -> serde_json::Value {
    let out = Command::new(python())
        .arg(repo().join("tests/python").join(script))
        .args(args)
        .current_dir(repo())
        .env_remove("DJANGO_SETTINGS_MODULE")
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{script} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("script prints JSON")
}

/// Path, name and view of one route.
pub type Row = (String, Option<String>, String);

/// Django's resolver on `fixture` (`django_routes.py --methods`): each
/// route's row, and its methods where Django can tell them.
pub fn django_rows(fixture: &str) -> Vec<(Row, Option<Vec<String>>)> {
    let truth = python_json("django_routes.py", &[fixture, "--methods"]);
    truth["routes"]
        .as_array()
        .expect("routes list")
        .iter()
        .map(|r| {
            let row = (
                r["path"].as_str().unwrap_or_default().to_string(),
                r["name"].as_str().map(str::to_string),
                r["view"].as_str().unwrap_or_default().to_string(),
            );
            let methods = r["methods"].as_array().map(|m| {
                m.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            });
            (row, methods)
        })
        .collect()
}

/// Path, name and view of each route of routecov's map.
pub fn route_rows(map: &routecov::model::RouteMap) -> Vec<Row> {
    map.routes
        .iter()
        .map(|r| (r.path.clone(), r.name.clone(), r.view.clone()))
        .collect()
}

/// `manage.py` of a generated project whose settings are `proj.settings`.
pub const MANAGE_PY: &str =
    "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n";

/// One line per route: `path name METHODS` (`-` for no name).
pub fn method_rows(map: &routecov::model::RouteMap) -> Vec<String> {
    map.routes
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r.path,
                r.name.as_deref().unwrap_or("-"),
                r.methods.join(",")
            )
        })
        .collect()
}

/// Writes `defaults` with `extra` files over them (an extra file of the
/// same path replaces the default) under a new temporary directory.
pub fn project_with(defaults: &[(&str, &str)], extra: &[(&str, &str)]) -> tempfile::TempDir {
    let mut files = defaults.to_vec();
    for &(path, content) in extra {
        match files.iter_mut().find(|(p, _)| *p == path) {
            Some(slot) => slot.1 = content,
            None => files.push((path, content)),
        }
    }
    project(&files)
}

/// Writes `files` (path, content) under a new temporary directory.
pub fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, content) in files {
        write(dir.path(), path, content);
    }
    dir
}

pub fn write(root: &Path, path: &str, content: &str) {
    let p = root.join(path);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(p, content).expect("write");
}

// ---------------------------------------------------------------------------
// Bounded runs (issue 9: never abort, hang, blow up or lose a line).

/// Address space a bounded run may use (RLIMIT_AS).
pub const MEMORY_LIMIT: u64 = 1 << 30;
/// Wall-clock time after which a bounded run is killed.
pub const TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The routecov binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_routecov"))
}

/// How a bounded run of routecov ended.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The command line, for messages.
    pub command: String,
    /// Exit code, when the process exited.
    pub code: Option<i32>,
    /// Terminating signal, when it was killed by one (SIGABRT for an abort or
    /// a stack overflow, SIGKILL for the timeout).
    pub signal: Option<i32>,
    /// Killed after [`TIME_LIMIT`].
    pub timed_out: bool,
    pub elapsed: std::time::Duration,
    /// Peak resident set size in KiB (getrusage of the child).
    pub peak_rss_kb: u64,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Outcome {
    pub fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn err(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// The process ran out of its address space (an allocation failed).
    pub fn out_of_memory(&self) -> bool {
        let err = self.err();
        err.contains("memory allocation of")
            || err.contains("out of memory")
            || err.contains("Cannot allocate memory")
            || self.peak_rss_kb >= MEMORY_LIMIT / 1024
    }

    /// Why this run breaks the contract (exit 0, 1 or 2, in time, in
    /// memory), or `None`.
    pub fn violation(&self) -> Option<String> {
        if self.timed_out {
            return Some(format!(
                "timed out (killed after {} s)",
                TIME_LIMIT.as_secs()
            ));
        }
        if self.out_of_memory() {
            return Some(format!(
                "ran out of its {} MiB address space",
                MEMORY_LIMIT >> 20
            ));
        }
        match (self.code, self.signal) {
            (Some(0..=2), _) => None,
            (Some(c), _) => Some(format!("exit code {c}")),
            (None, Some(_)) => Some("killed by a signal".to_string()),
            (None, None) => Some("no exit status".to_string()),
        }
    }

    /// `exit 2 in 0.03 s, peak 21 MiB` or `signal 6 (SIGABRT) in ...`.
    pub fn summary(&self) -> String {
        let end = match (self.timed_out, self.code, self.signal) {
            (true, _, _) => "timeout".to_string(),
            (_, Some(c), _) => format!("exit {c}"),
            (_, None, Some(s)) => format!("signal {s} ({})", signal_name(s)),
            _ => "no status".to_string(),
        };
        format!(
            "{end} in {:.2} s, peak {} MiB",
            self.elapsed.as_secs_f64(),
            self.peak_rss_kb / 1024
        )
    }

    /// The last lines of standard error, shortened, for failure messages.
    pub fn err_tail(&self) -> String {
        let err = self.err();
        let lines: Vec<&str> = err.lines().collect();
        let from = lines.len().saturating_sub(12);
        lines[from..]
            .iter()
            .map(|l| {
                let short: String = l.chars().take(300).collect();
                format!("  | {}", short.escape_debug())
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Panics unless the run ended with exit code 0, 1 or 2, within
    /// [`TIME_LIMIT`] and [`MEMORY_LIMIT`].
    pub fn assert_bounded(&self) -> &Self {
        if let Some(why) = self.violation() {
            panic!(
                "{}\n  {why}: {}\n  stderr:\n{}",
                self.command,
                self.summary(),
                self.err_tail()
            );
        }
        self
    }

    /// Panics unless the run is bounded and exited with `code`.
    pub fn assert_code(&self, code: i32) -> &Self {
        self.assert_bounded();
        assert_eq!(
            self.code,
            Some(code),
            "{}\n  expected exit {code}, got {}\n  stderr:\n{}",
            self.command,
            self.summary(),
            self.err_tail()
        );
        self
    }

    /// Panics with the command, `what` went wrong, the run's summary and the
    /// end of its standard error unless `ok`.
    pub fn assert_that(&self, ok: bool, what: &str) -> &Self {
        assert!(
            ok,
            "{}\n  {what} ({})\n{}",
            self.command,
            self.summary(),
            self.err_tail()
        );
        self
    }

    /// Standard error names `file:line` for one of `lines` (`file` as the
    /// end of a path: `urls.py` matches `app/urls.py`).
    pub fn names_line(&self, file: &str, lines: &[usize]) -> bool {
        let err = self.err();
        lines.iter().any(|line| {
            let needle = format!("{file}:{line}");
            err.match_indices(&needle).any(|(i, _)| {
                let next = err[i + needle.len()..].chars().next();
                !matches!(next, Some(c) if c.is_ascii_digit())
            })
        })
    }
}

fn signal_name(s: i32) -> &'static str {
    match s {
        libc::SIGABRT => "SIGABRT: abort, assertion or stack overflow",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGKILL => "SIGKILL",
        libc::SIGBUS => "SIGBUS",
        libc::SIGILL => "SIGILL",
        libc::SIGFPE => "SIGFPE",
        _ => "signal",
    }
}

/// Runs routecov with `args` in `dir` with its address space limited to
/// [`MEMORY_LIMIT`] (RLIMIT_AS, as `prlimit --as` sets it) and killed after
/// [`TIME_LIMIT`]. Never panics on the outcome: see [`Outcome::assert_bounded`].
pub fn run_bounded(args: &[&str], dir: &Path) -> Outcome {
    run_bounded_env(args, dir, &[])
}

/// [`run_bounded`] with extra environment variables.
pub fn run_bounded_env(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Outcome {
    use std::io::Read;
    use std::os::unix::process::CommandExt;
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let mut cmd = Command::new(bin());
    cmd.args(args)
        .current_dir(dir)
        .env_remove("COLUMNS")
        .env_remove("VIRTUAL_ENV")
        // A panic's message, not a backtrace, in failure messages.
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork
    // and exec.
    unsafe {
        cmd.pre_exec(|| {
            let limit = |resource, value| {
                let lim = libc::rlimit {
                    rlim_cur: value,
                    rlim_max: value,
                };
                if libc::setrlimit(resource, &lim) == 0 {
                    Ok(())
                } else {
                    Err(std::io::Error::last_os_error())
                }
            };
            limit(libc::RLIMIT_AS, MEMORY_LIMIT as libc::rlim_t)?;
            // No core files from the aborts this harness exists to catch.
            limit(libc::RLIMIT_CORE, 0)
        });
    }
    let command = format!(
        "(cd {} && routecov {})",
        dir.display(),
        args.iter()
            .map(|a| {
                let short: String = a.chars().take(120).collect();
                format!("{:?}", short)
            })
            .collect::<Vec<_>>()
            .join(" ")
    );
    let start = Instant::now();
    let mut child = cmd.spawn().expect("routecov starts");
    let pid = child.id() as libc::pid_t;
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = reader(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = reader(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );

    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut timed_out = false;
    let mut pause = Duration::from_millis(1);
    loop {
        // SAFETY: waits for our own child, which std never reaps by itself.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        if r < 0 {
            let e = std::io::Error::last_os_error();
            assert_eq!(e.kind(), std::io::ErrorKind::Interrupted, "wait4: {e}");
            continue;
        }
        if !timed_out && start.elapsed() >= TIME_LIMIT {
            timed_out = true;
            // SAFETY: the child is not reaped yet, so the pid is still ours.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
    let elapsed = start.elapsed();
    // The child is reaped: dropping it does not wait again.
    drop(child);
    let (code, signal) = if libc::WIFEXITED(status) {
        (Some(libc::WEXITSTATUS(status)), None)
    } else if libc::WIFSIGNALED(status) {
        (None, Some(libc::WTERMSIG(status)))
    } else {
        (None, None)
    };
    Outcome {
        command,
        code,
        signal,
        timed_out,
        elapsed,
        peak_rss_kb: u64::try_from(usage.ru_maxrss).unwrap_or(0),
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    }
}

/// The 1-based line of the first line of `text` containing `marker`.
pub fn line_of(text: &str, marker: &str) -> usize {
    text.lines()
        .position(|l| l.contains(marker))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("`{marker}` not in the generated text"))
}

/// A project `proj` with `settings` and the URLconf `urls`, an app `blog`
/// with a view `page`, plus `extra` files (which may replace those).
pub fn blog_project(settings: &str, urls: &str, extra: &[(&str, &str)]) -> tempfile::TempDir {
    let defaults = [
        ("manage.py", MANAGE_PY),
        ("proj/__init__.py", ""),
        ("proj/settings.py", settings),
        ("proj/urls.py", urls),
        ("blog/__init__.py", ""),
        ("blog/views.py", "def page(request):\n    pass\n"),
    ];
    project_with(&defaults, extra)
}

/// The route map of [`blog_project`], without site-packages.
pub fn blog_routes(
    settings: &str,
    urls: &str,
    extra: &[(&str, &str)],
) -> routecov::model::RouteMap {
    let dir = blog_project(settings, urls, extra);
    let opts = routecov::extract::RouteOptions {
        project: dir.path().to_path_buf(),
        ..Default::default()
    };
    routecov::extract::route_map(&opts).expect("project has a URLconf")
}
