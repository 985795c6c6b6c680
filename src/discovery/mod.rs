//! Discovery: from a project directory to the root URLconf, the way Django
//! finds it: `manage.py` names the settings module, the settings module
//! (through packages and star imports) names `ROOT_URLCONF`. Also finds
//! virtualenvs inside the project for third-party sources.

pub mod installed;
pub mod modules;

use crate::diagnostics::display_path;
use regex::Regex;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use walkdir::WalkDir;

/// Directories never searched: virtualenvs, caches, VCS and build output.
pub fn is_ignored_dir(name: &str) -> bool {
    matches!(
        name,
        ".git"
            | ".hg"
            | ".venv"
            | "venv"
            | "env"
            | ".env"
            | "node_modules"
            | "__pycache__"
            | ".tox"
            | ".nox"
            | "target"
            | "site-packages"
            | "dist"
            | "build"
            | ".mypy_cache"
            | ".pytest_cache"
            | "static"
            | "media"
    )
}

/// What was found in the project directory before any Python is evaluated.
#[derive(Debug, Clone)]
pub struct Layout {
    pub project: PathBuf,
    /// Directory modules are resolved from (where manage.py lives).
    pub module_root: PathBuf,
    pub manage_py: Option<PathBuf>,
    /// Settings module named by manage.py (or `--settings`).
    pub settings_module: Option<String>,
    pub site_packages: Vec<PathBuf>,
    /// Notes on how things were found, for the user.
    pub notes: Vec<String>,
}

fn settings_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([A-Za-z_][\w.]*)['"]"#)
            .expect("static regex is valid")
    })
}

/// Finds manage.py (in DIR, or one or two levels below) and its default settings.
pub fn find_layout(
    project: &Path,
    settings_override: Option<&str>,
    extra_site_packages: &[PathBuf],
) -> Layout {
    let mut notes = Vec::new();
    let manage = find_manage_py(project);
    let module_root = manage
        .as_ref()
        .and_then(|m| m.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| project.to_path_buf());
    let mut settings_module = settings_override.map(str::to_string);
    if let Some(m) = &manage {
        if settings_module.is_none() {
            let text = std::fs::read(m)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            settings_module = settings_re().captures(&text).map(|c| c[1].to_string());
            if settings_module.is_none() {
                notes.push(format!(
                    "{} does not set a DJANGO_SETTINGS_MODULE default",
                    display_path(project, m)
                ));
            }
        }
    }
    let mut site_packages: Vec<PathBuf> = extra_site_packages.to_vec();
    site_packages.extend(find_virtualenv_site_packages(project));
    site_packages.dedup();
    Layout {
        project: project.to_path_buf(),
        module_root,
        manage_py: manage,
        settings_module,
        site_packages,
        notes,
    }
}

fn find_manage_py(project: &Path) -> Option<PathBuf> {
    let direct = project.join("manage.py");
    if direct.is_file() {
        return Some(direct);
    }
    let mut found: Vec<PathBuf> = project_files(project, 3)
        .filter(|e| e.file_name() == "manage.py")
        .map(|e| e.into_path())
        .collect();
    found.sort_by_key(|p| p.components().count());
    found.into_iter().next()
}

/// `site-packages` of virtualenvs inside the project (`.venv`, `venv`, `env`).
pub fn find_virtualenv_site_packages(project: &Path) -> Vec<PathBuf> {
    [".venv", "venv", "env"]
        .iter()
        .flat_map(|v| venv_site_packages(&project.join(v)))
        .collect()
}

/// The `site-packages` directories of the virtualenv at `venv`
/// (`lib/python3.X/site-packages`, or `Lib/site-packages` on Windows).
pub fn venv_site_packages(venv: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(venv.join("lib")) {
        let mut dirs: Vec<PathBuf> = rd
            .flatten()
            .map(|e| e.path().join("site-packages"))
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        out.extend(dirs);
    }
    let win = venv.join("Lib").join("site-packages");
    if win.is_dir() {
        out.push(win);
    }
    out
}

/// Files below `root` (up to `depth`), skipping virtualenvs, caches and
/// build output, in a stable order.
fn project_files(root: &Path, depth: usize) -> impl Iterator<Item = walkdir::DirEntry> {
    WalkDir::new(root)
        .max_depth(depth)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || !is_ignored_dir(&e.file_name().to_string_lossy())
        })
        .flatten()
        .filter(|e| e.file_type().is_file())
}

/// Settings modules found by scanning, for projects without manage.py:
/// `settings.py` files or `settings/` packages that mention ROOT_URLCONF.
pub fn scan_settings_modules(root: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for entry in project_files(root, 5) {
        let p = entry.path();
        if p.extension().is_none_or(|x| x != "py") {
            continue;
        }
        let text = std::fs::read(p)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        if !text.contains("ROOT_URLCONF") {
            continue;
        }
        let Ok(rel) = p.strip_prefix(root) else {
            continue;
        };
        let mut parts: Vec<String> = rel
            .iter()
            .map(|c| c.to_string_lossy().into_owned())
            .collect();
        if let Some(last) = parts.last_mut() {
            *last = last.trim_end_matches(".py").to_string();
        }
        if parts.last().map(String::as_str) == Some("__init__") {
            parts.pop();
        }
        if parts
            .iter()
            .any(|p| p.is_empty() || p.contains(['-', ' ', '.']))
        {
            continue;
        }
        out.push((parts.join("."), p.to_path_buf()));
    }
    // Prefer modules named like settings, then shallower ones.
    out.sort_by_key(|(m, _)| (!m.contains("settings"), m.matches('.').count(), m.clone()));
    out
}

/// Candidate root URLconfs when no settings name one: `urls.py` files next
/// to a settings module or at the top of the project.
pub fn scan_urlconfs(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in project_files(root, 3) {
        if entry.file_name() == "urls.py" {
            if let Ok(rel) = entry.path().strip_prefix(root) {
                let parts: Vec<String> = rel
                    .iter()
                    .map(|c| c.to_string_lossy().trim_end_matches(".py").to_string())
                    .collect();
                out.push(parts.join("."));
            }
        }
    }
    out.sort_by_key(|m| (m.matches('.').count(), m.clone()));
    out
}
