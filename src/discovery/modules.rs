//! Finding Python modules on disk by dotted name, the way `sys.path` would:
//! the project directory first, then any site-packages directories given.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Where a module's source was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The analysed project.
    Project,
    /// A third-party package (site-packages of a virtualenv).
    External,
}

/// A module located on disk.
#[derive(Debug, Clone)]
pub struct Located {
    /// `None` for a namespace package (a directory without `__init__.py`).
    pub file: Option<PathBuf>,
    pub is_package: bool,
    pub origin: Origin,
    /// Found in a site-packages directory, even one that is also the
    /// analysed project (an application installed from PyPI).
    pub installed: bool,
}

/// Search roots in `sys.path` order, each with its origin and whether it is
/// a site-packages directory.
#[derive(Debug, Clone, Default)]
pub struct ModuleFinder {
    roots: Vec<(PathBuf, Origin, bool)>,
    /// Top-level names the site-packages provide, read on first use.
    installed: Arc<OnceLock<BTreeSet<String>>>,
}

impl ModuleFinder {
    pub fn new(project_roots: &[PathBuf], site_packages: &[PathBuf]) -> ModuleFinder {
        let installed: Vec<PathBuf> = site_packages.iter().map(|p| canonical(p)).collect();
        let mut roots: Vec<(PathBuf, Origin, bool)> = project_roots
            .iter()
            .map(|p| {
                (
                    p.clone(),
                    Origin::Project,
                    installed.contains(&canonical(p)),
                )
            })
            .collect();
        roots.extend(
            site_packages
                .iter()
                .map(|p| (p.clone(), Origin::External, true)),
        );
        ModuleFinder {
            roots,
            installed: Arc::default(),
        }
    }

    /// The site-packages folders given, in order.
    pub fn site_packages(&self) -> Vec<PathBuf> {
        self.roots
            .iter()
            .filter(|(_, origin, _)| *origin == Origin::External)
            .map(|(p, _, _)| p.clone())
            .collect()
    }

    /// True when importing `dotted` is known to fail because its top-level
    /// module is nowhere: not in the sources (at their top or deeper, where
    /// code may add a folder to `sys.path`), the standard library or the
    /// site-packages given. Without site-packages nothing is known absent.
    pub fn top_level_absent(&self, dotted: &str) -> bool {
        let top = dotted.split('.').next().unwrap_or(dotted);
        let site: Vec<PathBuf> = self
            .roots
            .iter()
            .filter(|(_, o, _)| *o == Origin::External)
            .map(|(p, _, _)| p.clone())
            .collect();
        if site.is_empty() || top.is_empty() || super::installed::is_stdlib(top) {
            return false;
        }
        let installed = self
            .installed
            .get_or_init(|| super::installed::top_level_names(&site));
        !installed.contains(top)
            && self.find(top).is_none()
            && !self.roots.iter().any(|(root, o, _)| {
                *o == Origin::Project && super::installed::in_project_tree(root, top)
            })
    }

    pub fn find(&self, dotted: &str) -> Option<Located> {
        if dotted.is_empty()
            || dotted
                .split('.')
                .any(|p| p.is_empty() || p.contains(['/', '\\']))
        {
            return None;
        }
        let rel: PathBuf = dotted.split('.').collect();
        for (root, origin, installed) in &self.roots {
            if let Some(mut found) = locate_in(root, &rel, *origin) {
                found.installed = *installed;
                return Some(found);
            }
        }
        None
    }
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

fn locate_in(root: &Path, rel: &Path, origin: Origin) -> Option<Located> {
    let dir = root.join(rel);
    let init = dir.join("__init__.py");
    if init.is_file() {
        return Some(Located {
            file: Some(init),
            is_package: true,
            origin,
            installed: false,
        });
    }
    let file = dir.with_extension("py");
    if file.is_file() {
        return Some(Located {
            file: Some(file),
            is_package: false,
            origin,
            installed: false,
        });
    }
    if dir.is_dir() && origin == Origin::Project && has_python(&dir) {
        return Some(Located {
            file: None,
            is_package: true,
            origin,
            installed: false,
        });
    }
    None
}

fn has_python(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten().any(|e| {
                let p = e.path();
                p.extension().is_some_and(|x| x == "py") || p.join("__init__.py").is_file()
            })
        })
        .unwrap_or(false)
}

/// Resolves a relative import (`from ..x import y`) against the importing module.
pub fn resolve_relative(
    current: &str,
    current_is_package: bool,
    dots: usize,
    rest: &str,
) -> Option<String> {
    let mut parts: Vec<&str> = current.split('.').collect();
    if !current_is_package {
        parts.pop();
    }
    for _ in 1..dots {
        parts.pop()?;
    }
    let mut base = parts.join(".");
    if !rest.is_empty() {
        if !base.is_empty() {
            base.push('.');
        }
        base.push_str(rest);
    }
    if base.is_empty() {
        None
    } else {
        Some(base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_imports_follow_python() {
        assert_eq!(
            resolve_relative("app.urls", false, 1, "views").as_deref(),
            Some("app.views")
        );
        assert_eq!(
            resolve_relative("app.views", true, 1, "pages").as_deref(),
            Some("app.views.pages")
        );
        assert_eq!(
            resolve_relative("config.settings.dev", false, 1, "base").as_deref(),
            Some("config.settings.base")
        );
        assert_eq!(
            resolve_relative("a.b.c", false, 2, "").as_deref(),
            Some("a")
        );
        assert_eq!(resolve_relative("a", false, 1, ""), None);
    }
}
