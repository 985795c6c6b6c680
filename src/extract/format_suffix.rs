//! DRF's `format_suffix_patterns`, called by a URLconf or by a router with
//! `include_format_suffixes`: each pattern gets a twin that takes a
//! `.json`-style suffix, in the form the installed DRF version gives it.

use super::url_values::{url_entry, UrlEntry};
use crate::python::{Args, Interp, Site, Str, Value};

/// How DRF's `format_suffix_patterns` suffixes patterns.
#[derive(Debug, Clone)]
pub struct SuffixOptions {
    /// `api_settings.FORMAT_SUFFIX_KWARG`.
    pub kwarg: String,
    /// `allowed=`: the suffixes allowed, empty for any.
    pub allowed: Vec<String>,
    /// `suffix_required=`: only the suffixed twins are kept.
    pub required: bool,
    /// The DRF version, when known: before 3.8 DRF had no path converter
    /// for `path()` routes (encode/django-rest-framework#5691).
    pub drf_version: Option<(u32, u32)>,
}

impl Default for SuffixOptions {
    fn default() -> Self {
        SuffixOptions {
            kwarg: "format".to_string(),
            allowed: Vec::new(),
            required: false,
            drf_version: None,
        }
    }
}

impl SuffixOptions {
    /// The twin of a pattern's route, as DRF's `apply_suffix_patterns`
    /// builds it; `None` where this DRF's form is not known statically.
    fn suffixed(&self, regex: bool, route: &str) -> Option<String> {
        let base = route.trim_end_matches('$').trim_end_matches('/');
        if regex {
            let allowed = match self.allowed.as_slice() {
                [] => "[a-z0-9]+".to_string(),
                [one] => one.clone(),
                many => format!("({})", many.join("|")),
            };
            return Some(format!("{base}\\.(?P<{}>{allowed})/?$", self.kwarg));
        }
        if self.drf_version.is_some_and(|v| v < (3, 8)) {
            return None;
        }
        let mut converter = "drf_format_suffix".to_string();
        for a in &self.allowed {
            converter.push('_');
            converter.push_str(a);
        }
        Some(format!("{base}<{converter}:{}>", self.kwarg))
    }
}

/// DRF's `format_suffix_patterns`: each pattern followed by its
/// `.json`-style twin (or replaced by it when the suffix is required).
/// Routes whose twin cannot be known are returned second.
pub fn format_suffix_patterns(
    entries: Vec<UrlEntry>,
    opts: &SuffixOptions,
) -> (Vec<UrlEntry>, Vec<String>) {
    let mut out = Vec::with_capacity(entries.len() * 2);
    let mut unknown = Vec::new();
    for e in entries {
        let UrlEntry::Pattern { regex, route, .. } = &e else {
            out.push(e);
            continue;
        };
        let template = route.template();
        let Some(new_route) = opts.suffixed(*regex, &template) else {
            unknown.push(template);
            out.push(e);
            continue;
        };
        let mut twin = e.clone();
        if let UrlEntry::Pattern { route, .. } = &mut twin {
            *route = Str::lit(new_route);
        }
        if !opts.required {
            out.push(e);
        }
        out.push(twin);
    }
    (out, unknown)
}

/// `__version__` (major, minor) of the first DRF among the site-packages.
pub fn drf_version(site_packages: &[std::path::PathBuf]) -> Option<(u32, u32)> {
    site_packages.iter().find_map(|sp| {
        let text = std::fs::read_to_string(sp.join("rest_framework/__init__.py")).ok()?;
        text.lines().find_map(version_line)
    })
}

/// `__version__ = '3.16.1'` -> (3, 16).
fn version_line(line: &str) -> Option<(u32, u32)> {
    let rest = line.trim().strip_prefix("__version__")?.trim_start();
    let quoted = rest
        .strip_prefix('=')?
        .trim()
        .trim_matches(|c| c == '\'' || c == '"');
    let mut parts = quoted.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts
        .next()?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()?;
    Some((major, minor))
}

/// `format_suffix_patterns(urlpatterns, suffix_required=False, allowed=None)`
/// called in a URLconf. Included lists are suffixed too, as DRF does; a
/// pattern whose twin cannot be known keeps only its own route, with a warning.
pub fn call(it: &mut Interp, args: &Args, site: Site, drf_version: Option<(u32, u32)>) -> Value {
    let strings = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::items)
            .map(|items| items.iter().filter_map(Value::as_known_str).collect())
            .unwrap_or_default()
    };
    let opts = SuffixOptions {
        allowed: strings(args.get(2, "allowed")),
        required: args
            .get(1, "suffix_required")
            .and_then(Value::truthy)
            .unwrap_or(false),
        drf_version,
        ..Default::default()
    };
    let Some(items) = args.get(0, "urlpatterns").and_then(Value::items) else {
        it.warn(
            site.module,
            site,
            "format_suffix_patterns(...): its URL patterns cannot be evaluated statically; they are missing",
        );
        return Value::list(Vec::new());
    };
    let mut unknown = Vec::new();
    let out = suffix_values(items, &opts, &mut unknown, 0);
    for route in unknown {
        it.warn(
            site.module,
            site,
            format!(
                "format_suffix_patterns: DRF {} has no path converter for the suffix of `{route}`; its `.format` route is missing",
                opts.drf_version.map(|(a, b)| format!("{a}.{b}")).unwrap_or_default()
            ),
        );
    }
    Value::list(out)
}

fn suffix_values(
    items: Vec<Value>,
    opts: &SuffixOptions,
    unknown: &mut Vec<String>,
    depth: usize,
) -> Vec<Value> {
    let mut out = Vec::with_capacity(items.len() * 2);
    for v in items {
        match url_entry(&v) {
            Some(e @ UrlEntry::Pattern { .. }) => {
                let (made, missed) = format_suffix_patterns(vec![e], opts);
                unknown.extend(missed);
                out.extend(made.into_iter().map(UrlEntry::value));
            }
            Some(mut e @ UrlEntry::Include { .. }) if depth < 8 => {
                if let UrlEntry::Include { target: t, .. } = &mut e {
                    if let Some(inner) = t.items() {
                        **t = Value::list(suffix_values(inner, opts, unknown, depth + 1));
                    }
                }
                out.push(e.value());
            }
            _ => out.push(v),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_read_from_the_assignment() {
        assert_eq!(version_line("__version__ = '3.16.1'"), Some((3, 16)));
        assert_eq!(version_line("__version__ = \"3.7.7\""), Some((3, 7)));
        assert_eq!(version_line("__version__ = '3.15.0rc1'"), Some((3, 15)));
        assert_eq!(version_line("VERSION = __version__"), None);
    }

    #[test]
    fn path_twins_take_the_converter_from_drf_3_8_and_regex_twins_always() {
        let recent = SuffixOptions::default();
        assert_eq!(
            recent.suffixed(false, "items/<int:pk>/").as_deref(),
            Some("items/<int:pk><drf_format_suffix:format>")
        );
        assert_eq!(
            recent.suffixed(true, "^items/(?P<pk>[0-9]+)/$").as_deref(),
            Some("^items/(?P<pk>[0-9]+)\\.(?P<format>[a-z0-9]+)/?$")
        );
        let allowed = SuffixOptions {
            allowed: vec!["json".into(), "html".into()],
            ..Default::default()
        };
        assert_eq!(
            allowed.suffixed(false, "items/").as_deref(),
            Some("items<drf_format_suffix_json_html:format>")
        );
        assert_eq!(
            allowed.suffixed(true, "^items/$").as_deref(),
            Some("^items\\.(?P<format>(json|html))/?$")
        );
        let old = SuffixOptions {
            drf_version: Some((3, 7)),
            ..Default::default()
        };
        assert_eq!(old.suffixed(false, "items/"), None);
        assert!(old.suffixed(true, "^items/$").is_some());
    }
}
