//! Configuration: `routecov.toml`, or `[tool.routecov]` in `pyproject.toml`
//! (the convention Python teams use for ruff and coverage.py). Every key is
//! optional; an unknown key is an error naming it, so a typo is never silent.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A category rule: an endpoint is in the category when every given
/// condition holds.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CategoryRule {
    /// Human label for tables (defaults to the key).
    pub label: Option<String>,
    /// Regex the route path must match.
    pub path: Option<String>,
    /// Regex the route path must not match.
    pub exclude_path: Option<String>,
    /// Methods the endpoint must have (upper case).
    pub methods: Option<Vec<String>>,
    /// Regex on the view's dotted name.
    pub view: Option<String>,
    /// Regex on the route's namespaced name.
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Project directory (relative to the configuration file).
    pub project: Option<PathBuf>,
    /// Settings module, instead of manage.py's default.
    pub settings: Option<String>,
    /// Root URLconf module, instead of the settings' ROOT_URLCONF.
    pub urlconf: Option<String>,
    /// Extra site-packages directories for third-party URLconfs.
    #[serde(default)]
    pub site_packages: Vec<PathBuf>,
    /// Route paths to leave out (regexes).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Keep the default categories (true) and add or override with `categories`.
    pub default_categories: Option<bool>,
    /// Category rules by name.
    #[serde(default)]
    pub categories: BTreeMap<String, CategoryRule>,
}

#[derive(Debug, Deserialize)]
struct PyProject {
    tool: Option<PyTool>,
}

#[derive(Debug, Deserialize)]
struct PyTool {
    routecov: Option<toml::Value>,
}

/// A configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

/// A loaded configuration and where it came from.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    pub file: Option<PathBuf>,
}

impl Loaded {
    /// A path from the configuration, relative to its file.
    pub fn resolve(&self, p: &Path) -> PathBuf {
        match self.file.as_ref().and_then(|f| f.parent()) {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p.to_path_buf(),
        }
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn parse_error(file: &Path, text: &str, e: toml::de::Error) -> ConfigError {
    ConfigError {
        file: file.display().to_string(),
        line: e.span().map(|s| line_of(text, s.start)),
        message: e.message().to_string(),
    }
}

/// Reads `path` as routecov.toml, or as pyproject.toml when so named.
pub fn load_file(path: &Path) -> Result<Loaded, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: path.display().to_string(),
        line: None,
        message: format!("cannot read configuration: {e}"),
    })?;
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let config = if is_pyproject {
        let py: PyProject = toml::from_str(&text).map_err(|e| parse_error(path, &text, e))?;
        match py.tool.and_then(|t| t.routecov) {
            Some(v) => {
                // Re-parse the section from its text so errors keep their line.
                let section = toml::to_string(&v).unwrap_or_default();
                toml::from_str::<Config>(&section).map_err(|e| {
                    let mut err = parse_error(path, &text, e);
                    err.message = format!("[tool.routecov]: {}", err.message);
                    err.line = None;
                    err
                })?
            }
            None => Config::default(),
        }
    } else {
        toml::from_str::<Config>(&text).map_err(|e| parse_error(path, &text, e))?
    };
    validate(path, &config)?;
    Ok(Loaded {
        config,
        file: Some(path.to_path_buf()),
    })
}

fn validate(path: &Path, c: &Config) -> Result<(), ConfigError> {
    let bad = |message: String| ConfigError {
        file: path.display().to_string(),
        line: None,
        message,
    };
    for r in &c.ignore {
        regex::Regex::new(r).map_err(|e| bad(format!("ignore: invalid regex `{r}`: {e}")))?;
    }
    for (name, rule) in &c.categories {
        for (key, re) in [
            ("path", &rule.path),
            ("exclude_path", &rule.exclude_path),
            ("view", &rule.view),
            ("name", &rule.name),
        ] {
            if let Some(re) = re {
                regex::Regex::new(re).map_err(|e| {
                    bad(format!(
                        "categories.{name}.{key}: invalid regex `{re}`: {e}"
                    ))
                })?;
            }
        }
    }
    Ok(())
}

/// Finds the configuration: `--config`, else `routecov.toml` or a
/// `pyproject.toml` with `[tool.routecov]` in the project directory.
pub fn discover(explicit: Option<&Path>, project: &Path) -> Result<Loaded, ConfigError> {
    if let Some(p) = explicit {
        return load_file(p);
    }
    let toml_file = project.join("routecov.toml");
    if toml_file.is_file() {
        return load_file(&toml_file);
    }
    let py = project.join("pyproject.toml");
    if py.is_file() {
        let text = std::fs::read_to_string(&py).unwrap_or_default();
        if text.contains("[tool.routecov") {
            return load_file(&py);
        }
    }
    Ok(Loaded::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_with_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("routecov.toml");
        std::fs::write(
            &p,
            "ignore = []\n\n[categories.exports]\npaht = \"export\"\n",
        )
        .unwrap();
        let e = load_file(&p).unwrap_err();
        assert!(e.message.contains("paht"), "{e}");
        assert_eq!(e.line, Some(4));
    }

    #[test]
    fn pyproject_section_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pyproject.toml");
        std::fs::write(&p, "[project]\nname='x'\n[tool.routecov]\nignore = ['^/__debug__/']\n[tool.routecov.categories.exports]\npath = 'export'\n").unwrap();
        let l = discover(None, dir.path()).unwrap();
        assert_eq!(l.config.ignore, vec!["^/__debug__/"]);
        assert_eq!(
            l.config.categories["exports"].path.as_deref(),
            Some("export")
        );
        std::fs::write(&p, "[tool.routecov]\nfloorz = 3\n").unwrap();
        let e = discover(None, dir.path()).unwrap_err();
        assert!(e.message.contains("floorz"), "{e}");
    }
}
