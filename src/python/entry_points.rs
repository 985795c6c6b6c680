//! `importlib.metadata.entry_points(group=...)`: the entry points the
//! installed distributions declare (`*.dist-info/entry_points.txt` in the
//! site-packages given), as objects with `name`, `value`, `group`,
//! `module` and `attr` whose `load()` imports what they name. Plugin
//! systems add their plugins' apps to `INSTALLED_APPS` this way. Without
//! site-packages the list is unknown.

use super::args::Args;
use super::interp::{Interp, Site};
use super::value::{HostValue, Value};
use std::rc::Rc;

/// One entry point of an installed distribution.
#[derive(Debug, Clone)]
pub struct EntryPoint {
    pub name: String,
    pub value: String,
    pub group: String,
}

impl HostValue for EntryPoint {
    /// An attribute; `None` for one not modelled.
    fn attr(&self, name: &str) -> Option<Value> {
        Some(match name {
            "name" => Value::str(self.name.clone()),
            "value" => Value::str(self.value.clone()),
            "group" => Value::str(self.group.clone()),
            "module" => Value::str(self.module().to_string()),
            "attr" => self
                .object()
                .map_or(Value::None, |a| Value::str(a.to_string())),
            _ => return None,
        })
    }

    fn describe(&self) -> String {
        format!("EntryPoint({} = {})", self.name, self.value)
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl EntryPoint {
    fn module(&self) -> &str {
        self.value.split(':').next().unwrap_or("").trim()
    }

    fn object(&self) -> Option<&str> {
        let attr = self.value.split_once(':')?.1;
        // `module:attr [extra]`: extras do not change what is loaded.
        Some(attr.split('[').next().unwrap_or(attr).trim())
    }
}

/// The `[group]` section of an `entry_points.txt`: `name = value` lines.
fn parse(text: &str, group: &str) -> Vec<EntryPoint> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines().map(str::trim) {
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = section.trim().to_string();
        } else if current == group && !line.starts_with('#') && !line.starts_with(';') {
            if let Some((name, value)) = line.split_once('=') {
                out.push(EntryPoint {
                    name: name.trim().to_string(),
                    value: value.trim().to_string(),
                    group: group.to_string(),
                });
            }
        }
    }
    out
}

impl Interp {
    /// `entry_points(group=...)`, over the distributions in name order
    /// (one per name, the first site-packages folder's, as Python keeps).
    pub(super) fn entry_points(&mut self, args: &Args, site: Site) -> Value {
        let text = self.text(site.module, site);
        let group = match args.kw("group").and_then(|g| g.as_known_str()) {
            Some(g) if args.pos.is_empty() => g,
            _ => return Value::unknown(text, "entry_points() without a known group="),
        };
        let roots = self.finder.site_packages();
        if roots.is_empty() {
            return Value::unknown(
                text,
                "entry points of the installed distributions (no site-packages given)",
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for root in roots {
            let Ok(dir) = std::fs::read_dir(&root) else {
                continue;
            };
            let mut dists: Vec<String> = dir
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.ends_with(".dist-info"))
                .collect();
            dists.sort();
            for dist in dists {
                let name = dist.split('-').next().unwrap_or(&dist).to_ascii_lowercase();
                if !seen.insert(name.replace('-', "_")) {
                    continue;
                }
                let Ok(txt) = std::fs::read_to_string(root.join(&dist).join("entry_points.txt"))
                else {
                    continue;
                };
                out.extend(
                    parse(&txt, &group)
                        .into_iter()
                        .map(|e| Value::Host(Rc::new(e))),
                );
            }
        }
        Value::list(out)
    }

    /// `entry_point.load()`: the module it names, or the attribute of it.
    pub(super) fn load_entry_point(&mut self, e: &EntryPoint, site: Site) -> Value {
        let mut v = Value::Module(e.module().to_string());
        for part in e.object().into_iter().flat_map(|a| a.split('.')) {
            v = self.get_attr(&v, part, site);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_groups_lines_are_its_entry_points() {
        let text = "[console_scripts]\ntool = pkg.cli:main\n\n[app.plugin]\n# comment\nfirst = first_pkg:default_app_config\nsecond = second_pkg.sub\n";
        let eps = super::parse(text, "app.plugin");
        let rows: Vec<(String, String)> = eps
            .iter()
            .map(|e| (e.name.clone(), e.value.clone()))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "first".to_string(),
                    "first_pkg:default_app_config".to_string()
                ),
                ("second".to_string(), "second_pkg.sub".to_string()),
            ]
        );
        assert_eq!(eps[0].module(), "first_pkg");
        assert_eq!(eps[0].object(), Some("default_app_config"));
        assert_eq!(eps[1].object(), None);
    }
}
