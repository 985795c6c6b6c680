//! `routecov verify`: Django's own route map, built in the project's Python,
//! against the static one. The only command that runs the project's code,
//! and only because the user asked: everything else stays static.

use crate::cli::args::{Cli, VerifyArgs};
use crate::cli::child::{self, ChildError, Limits};
use crate::cli::output::{rendered, width, Log, Outcome};
use crate::cli::project::{project_options, routes_of};
use crate::cli::status::{error, Error};
use crate::model::verify::DjangoMap;
use crate::render;
use crate::render::escape::terminal;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Runs in the project's Python (`python -c`): sets Django up and prints
/// the result as one marked JSON line.
const DRIVER: &str = include_str!("verify_driver.py");
/// The resolver walk, given to the driver on standard input: the same one
/// the differential tests check routecov against.
const WALK: &str = include_str!("django_routes.py");
const MARKER: &str = "ROUTECOV-VERIFY-JSON ";
/// Far above any real route list (ten thousand routes are a few MB).
const MAX_OUTPUT: usize = 64 << 20;
/// Enough of standard error for a traceback's end.
const MAX_ERRORS: usize = 64 << 10;
/// Lines of a traceback shown: its end holds the project's frames.
const TRACEBACK_LINES: usize = 16;

/// Why Django could not be set up, as the driver reports it.
#[derive(Debug, Deserialize)]
struct SetupError {
    stage: String,
    #[serde(rename = "type")]
    kind: String,
    message: String,
    traceback: String,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum DriverResult {
    Failed { error: SetupError },
    Routes(DjangoMap),
}

/// The interpreter to run, and how it was chosen (for messages).
fn python(flag: Option<&Path>) -> Result<(PathBuf, String), Error> {
    if let Some(p) = flag {
        return Ok((absolute(p), "--python".to_string()));
    }
    if let Some(venv) = std::env::var_os("VIRTUAL_ENV").filter(|v| !v.is_empty()) {
        let venv = PathBuf::from(venv);
        let exe = if cfg!(windows) {
            venv.join("Scripts").join("python.exe")
        } else {
            venv.join("bin").join("python")
        };
        if !exe.exists() {
            return Err(error(format!(
                "python not found: VIRTUAL_ENV is {}, but {} does not exist; give --python PATH",
                venv.display(),
                exe.display()
            )));
        }
        return Ok((exe, "$VIRTUAL_ENV".to_string()));
    }
    let name = if cfg!(windows) { "python" } else { "python3" };
    Ok((PathBuf::from(name), "on PATH".to_string()))
}

/// A program path with directories, made absolute: the child runs
/// elsewhere (a bare name is looked up on PATH). Symlinks stay: a
/// virtualenv's python is one, and resolving it would leave the virtualenv.
fn absolute(p: &Path) -> PathBuf {
    if p.components().count() > 1 || p.is_absolute() {
        std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
    } else {
        p.to_path_buf()
    }
}

/// The options the driver reads.
fn driver_options(root: &Path, settings: Option<&str>, urlconf: Option<&str>) -> String {
    serde_json::json!({
        "root": root.display().to_string(),
        "settings": settings,
        "urlconf": urlconf,
    })
    .to_string()
}

/// The last `n` lines of a text, indented and shown safe for a terminal
/// (the project's exception text is the project's); frames of Python's
/// import machinery and of the driver itself left out (they say nothing of
/// the project).
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text
        .trim_end()
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            !l.starts_with("File \"<frozen ") && !l.starts_with("File \"<string>\"")
        })
        .collect();
    let from = lines.len().saturating_sub(n);
    // From a frame's first line, not from the middle of one.
    let start = lines[from..]
        .iter()
        .position(|l| l.trim_start().starts_with("File \"") || l.starts_with("Traceback"))
        .map_or(from, |i| from + i);
    lines[start..]
        .iter()
        .map(|l| format!("  {}", terminal(l)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What the project's Python needs to run Django as manage.py would.
struct Run<'a> {
    python: &'a Path,
    how: &'a str,
    root: &'a Path,
    settings: Option<&'a str>,
    urlconf: Option<&'a str>,
    env: &'a [(String, String)],
    timeout: f64,
}

/// Django's route map, or why there is none (exit status 2).
fn django_map(r: &Run) -> Result<DjangoMap, Error> {
    let mut cmd = Command::new(r.python);
    cmd.arg("-c")
        .arg(DRIVER)
        .arg(driver_options(r.root, r.settings, r.urlconf))
        .current_dir(r.root)
        // Nothing written into the project, not even bytecode.
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONIOENCODING", "utf-8")
        .envs(r.env.iter().map(|(k, v)| (k, v)));
    let limits = Limits {
        timeout: Duration::from_secs_f64(r.timeout.min(1e9)),
        max_stdout: MAX_OUTPUT,
        max_stderr: MAX_ERRORS,
    };
    let python = r.python.display();
    let done = child::run(cmd, WALK.as_bytes().to_vec(), limits).map_err(|e| match e {
        ChildError::Spawn(e) => error(format!(
            "python not found: cannot run {python} ({}): {e}; give --python PATH, the Python \
             that runs the project",
            r.how
        )),
        ChildError::TimedOut(stderr) => error(format!(
            "{python} did not finish setting Django up and listing its routes within {}s \
             (--timeout); stopped{}",
            r.timeout,
            stderr_tail(&stderr)
        )),
        ChildError::Wait(e) => error(format!("cannot wait for {python}: {e}")),
    })?;
    let stdout = String::from_utf8_lossy(&done.stdout);
    let Some(line) = stdout.lines().rev().find_map(|l| l.strip_prefix(MARKER)) else {
        let why = if done.stdout_truncated {
            format!("its output passed {} MB", MAX_OUTPUT >> 20)
        } else {
            format!("it ended ({}) without a result", done.status)
        };
        return Err(error(format!(
            "{python} ({}) could not list Django's routes: {why}{}",
            r.how,
            stderr_tail(&done.stderr_tail)
        )));
    };
    match serde_json::from_str::<DriverResult>(line) {
        Ok(DriverResult::Routes(map)) => Ok(map),
        Ok(DriverResult::Failed { error: e }) => {
            let help = if e.stage == "importing Django" {
                "\n  help: give --python the Python of the project's virtualenv (or activate it)"
            } else {
                ""
            };
            Err(error(format!(
                "Django cannot be set up with {python} ({}): {}: {}\n  while {}; the end of \
                 the traceback:\n{}{help}",
                r.how,
                terminal(&e.kind),
                terminal(&e.message),
                e.stage,
                tail(&e.traceback, TRACEBACK_LINES)
            )))
        }
        Err(e) => Err(error(format!(
            "{python} gave an unreadable route list: {e}"
        ))),
    }
}

fn stderr_tail(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    if text.trim().is_empty() {
        String::new()
    } else {
        format!(
            "; the end of its standard error:\n{}",
            tail(&text, TRACEBACK_LINES)
        )
    }
}

pub fn run(cli: &Cli, a: &VerifyArgs, log: &mut Log) -> Result<Outcome, Error> {
    let (mut opts, loaded) = project_options(cli, &a.project)?;
    let (python, how) = python(a.python.as_deref())?;
    let mut map = routes_of(&opts, &loaded).map_err(error)?;
    let layout = crate::discovery::find_layout(&opts.project, opts.settings.as_deref(), &[]);
    let root = std::path::absolute(&layout.module_root).unwrap_or(layout.module_root);
    let settings = map.discovery.settings_module.clone();
    if let (Ok(env), Some(s)) = (std::env::var("DJANGO_SETTINGS_MODULE"), settings.as_deref()) {
        if env != s && !env.is_empty() {
            log.note(format!(
                "DJANGO_SETTINGS_MODULE is {env}, but the static map reads {s}: Django runs \
                 with {s} too (give --settings {env} to compare with {env})"
            ));
        }
    }
    let django = django_map(&Run {
        python: &python,
        how: &how,
        root: &root,
        settings: settings.as_deref(),
        urlconf: opts.urlconf.as_deref(),
        env: &a.env,
        timeout: a.timeout,
    })?;
    // Third-party URLconfs and views are read where that Python has them,
    // unless the user said where.
    let known: Vec<PathBuf> = map
        .discovery
        .site_packages
        .iter()
        .map(PathBuf::from)
        .collect();
    let theirs: Vec<PathBuf> = django
        .site_packages
        .iter()
        .map(PathBuf::from)
        .filter(|p| !known.contains(p))
        .collect();
    if opts.site_packages.is_empty() && !theirs.is_empty() {
        log.note(format!(
            "the static map reads third-party source from {}'s site-packages ({}), as \
             --site-packages would",
            python.display(),
            theirs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        opts.site_packages = theirs;
        map = routes_of(&opts, &loaded).map_err(error)?;
    }
    for w in &map.warnings {
        log.warn(w);
    }
    let v = crate::analysis::verify::verify(&map, django, &loaded.config);
    let identical = v.identical;
    let text = render::verify::render(&v, cli.format(), width(cli));
    let mut outcome = Outcome::text(rendered(cli, text)?);
    if !identical {
        outcome.gate = Some(String::new());
    }
    Ok(outcome)
}
