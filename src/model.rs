//! The model every extractor fills and every renderer reads. It owns its
//! serializable types, so the analysis never depends on a renderer.

use serde::Serialize;

/// JSON output version; bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// A place in an analysed file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Source {
    pub file: String,
    pub line: usize,
}

/// Where a route comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Project,
    External,
}

/// One URL pattern Django serves.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    /// Full path as Django joins it: starts with `/`, keeps converter syntax
    /// and, for regex routes, the regex.
    pub path: String,
    /// Accepted methods in canonical order, or `["ANY"]` when unknown.
    pub methods: Vec<String>,
    /// Why the methods are `ANY`, or how they were inferred when notable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub methods_note: Option<String>,
    /// Dotted path of the view as Django's `__module__` + `__qualname__` read.
    pub view: String,
    /// Namespaced name (`app:name`).
    pub name: Option<String>,
    pub categories: Vec<String>,
    pub origin: Origin,
    /// True when any level of the path is a regular expression.
    pub regex: bool,
    /// Condition the route depends on (`settings.DEBUG`) when it is not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    pub source: Source,
}

/// An include whose routes are not expanded (third-party source not found,
/// or Django's admin site).
#[derive(Debug, Clone, Serialize)]
pub struct ExternalInclude {
    pub prefix: String,
    pub module: String,
    pub reason: String,
    pub source: Source,
}

/// How the URLconf was found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Discovery {
    pub project: String,
    pub manage_py: Option<String>,
    pub settings_module: Option<String>,
    pub settings_file: Option<String>,
    pub root_urlconf: String,
    pub urlconf_file: Option<String>,
    /// How `root_urlconf` was determined.
    pub found_by: String,
    pub site_packages: Vec<String>,
}

/// The result of `routecov routes`.
#[derive(Debug, Clone, Serialize)]
pub struct RouteMap {
    pub schema_version: u32,
    pub discovery: Discovery,
    pub routes: Vec<Route>,
    pub external_includes: Vec<ExternalInclude>,
    /// Problems in the URLconfs themselves (duplicate patterns and names).
    pub findings: Vec<crate::analysis::route_findings::RouteFinding>,
    pub warnings: Vec<crate::diagnostics::Warning>,
}

/// Canonical order of HTTP methods in output.
pub const METHOD_ORDER: [&str; 8] = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE",
];

/// Sorts methods canonically and drops HEAD/OPTIONS/TRACE when any other
/// method is present: Django derives them for every view, so as endpoints
/// they would only add noise.
pub fn normalize_methods<I: IntoIterator<Item = String>>(methods: I) -> Vec<String> {
    let mut set: Vec<String> = methods
        .into_iter()
        .map(|m| m.to_ascii_uppercase())
        .collect();
    set.sort_by_key(|m| {
        METHOD_ORDER
            .iter()
            .position(|o| o == m)
            .unwrap_or(usize::MAX)
    });
    set.dedup();
    let main: Vec<String> = set
        .iter()
        .filter(|m| !matches!(m.as_str(), "HEAD" | "OPTIONS" | "TRACE"))
        .cloned()
        .collect();
    if main.is_empty() {
        set
    } else {
        main
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_are_canonical() {
        let m = normalize_methods([
            "post".to_string(),
            "GET".into(),
            "head".into(),
            "options".into(),
        ]);
        assert_eq!(m, vec!["GET", "POST"]);
        assert_eq!(normalize_methods(["options".to_string()]), vec!["OPTIONS"]);
    }
}
