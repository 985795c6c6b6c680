//! Categories of endpoints: default rules (reads, writes, export, batch
//! export, batch operations, templates, health, auth, admin, monitoring,
//! pages, versioned API), overridable in configuration.

use super::flows::{export_flows, MULTI_STEP_EXPORT};
use crate::config::{CategoryRule, Config, Pattern};
use crate::model::{FlowStep, Route};
use regex::Regex;
use std::sync::OnceLock;

/// A compiled category rule.
#[derive(Debug, Clone)]
pub struct Category {
    pub name: String,
    pub label: String,
    path: Option<Regex>,
    exclude_path: Option<Regex>,
    methods: Option<Vec<String>>,
    view: Option<Regex>,
    route_name: Option<Regex>,
    /// Set for a rule that asks for the multi-step export shape.
    flow: bool,
}

const API_OR_MACHINE: &str = r"(?i)(^|/)api(/|$)|/v\d+/|export|download|health|/ready/|/live/|/ping/|monitor|metric|\(\?P<format>|<drf_format_suffix|\.(csv|pdf|xlsx|docx)";

/// The default rules, in table order.
pub fn default_rules() -> Vec<(String, CategoryRule)> {
    compiled_default_rules().to_vec()
}

/// The default rules, compiled once: a report asks for the categories more
/// than once, and their regexes cost more to compile than to run.
pub(super) fn compiled_default_rules() -> &'static [(String, CategoryRule)] {
    static DEFAULTS: OnceLock<Vec<(String, CategoryRule)>> = OnceLock::new();
    DEFAULTS.get_or_init(compile_default_rules)
}

fn compile_default_rules() -> Vec<(String, CategoryRule)> {
    let rule = |label: &str,
                path: Option<&str>,
                exclude: Option<&str>,
                methods: Option<&[&str]>| CategoryRule {
        label: Some(label.to_string()),
        path: path.map(default_pattern),
        exclude_path: exclude.map(default_pattern),
        methods: methods.map(|m| m.iter().map(|s| s.to_string()).collect()),
        view: None,
        name: None,
        shape: None,
    };
    vec![
        ("reads".into(), rule("reads", None, None, Some(&["GET"]))),
        (
            "writes".into(),
            rule(
                "writes",
                None,
                None,
                Some(&["POST", "PUT", "PATCH", "DELETE"]),
            ),
        ),
        (
            "export".into(),
            rule(
                "export",
                Some(r"(?i)export|download|\.(csv|pdf|xlsx|docx)\b"),
                None,
                None,
            ),
        ),
        (
            "batch_export".into(),
            CategoryRule {
                shape: Some(MULTI_STEP_EXPORT.to_string()),
                ..rule("batch export", None, None, None)
            },
        ),
        (
            "batch".into(),
            rule(
                "batch operations",
                Some(r"(?i)batch|bulk|deep[-_]?copy|import"),
                Some(r"(?i)batch[-_]?export"),
                None,
            ),
        ),
        (
            "templates".into(),
            rule("templates", Some(r"(?i)template"), None, None),
        ),
        (
            "health".into(),
            rule(
                "health",
                Some(r"(?i)/(health|healthz|ready|readiness|live|liveness|ping)(/|$)"),
                None,
                None,
            ),
        ),
        (
            "auth".into(),
            rule(
                "auth",
                Some(r"(?i)/(accounts|auth|login|logout|signup|register|password[-_\w]*)(/|$)"),
                None,
                None,
            ),
        ),
        (
            "admin".into(),
            rule("admin", Some(r"(?i)(^|/)admin(/|$)"), None, None),
        ),
        (
            "monitoring".into(),
            rule("monitoring", Some(r"(?i)monitor|metric"), None, None),
        ),
        (
            "pages".into(),
            rule("pages", None, Some(API_OR_MACHINE), Some(&["GET"])),
        ),
        (
            "versioned_api".into(),
            rule("versioned API", Some(r"(?i)/api/v\d+/"), None, None),
        ),
    ]
}

/// A default rule's regex, which is static.
fn default_pattern(source: &str) -> Pattern {
    Pattern::new(source).expect("static regex is valid")
}

fn compile(name: &str, rule: &CategoryRule) -> Category {
    let re = |r: &Option<Pattern>| r.as_ref().map(|p| p.regex().clone());
    Category {
        name: name.to_string(),
        label: rule.label.clone().unwrap_or_else(|| name.replace('_', " ")),
        path: re(&rule.path),
        exclude_path: re(&rule.exclude_path),
        methods: rule
            .methods
            .as_ref()
            .map(|m| m.iter().map(|s| s.to_ascii_uppercase()).collect()),
        view: re(&rule.view),
        route_name: re(&rule.name),
        flow: rule.shape.as_deref() == Some(MULTI_STEP_EXPORT),
    }
}

/// The categories in force: defaults (unless switched off) with configured
/// rules replacing defaults of the same name or added after them.
pub fn categories(config: &Config) -> Vec<Category> {
    let mut rules: Vec<(String, CategoryRule)> = if config.default_categories.unwrap_or(true) {
        default_rules()
    } else {
        Vec::new()
    };
    for (name, rule) in &config.categories {
        match rules.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = rule.clone(),
            None => rules.push((name.clone(), rule.clone())),
        }
    }
    rules.iter().map(|(n, r)| compile(n, r)).collect()
}

impl Category {
    /// Whether the endpoint `method` of `route` is in this category.
    pub fn matches(&self, route: &Route, method: &str) -> bool {
        self.takes_method(method) && self.takes_route(route)
    }

    fn takes_method(&self, method: &str) -> bool {
        self.methods
            .as_ref()
            .is_none_or(|ms| ms.iter().any(|m| m == method))
    }

    /// The tests that do not depend on the method: run once per route, not
    /// once per method, since they are regular expressions.
    fn takes_route(&self, route: &Route) -> bool {
        (!self.flow || route.export_flow.is_some()) && self.takes_route_itself(route)
    }

    /// [`Category::takes_route`] without the export-flow shape, which
    /// depends on the other routes.
    fn takes_route_itself(&self, route: &Route) -> bool {
        if let Some(p) = &self.path {
            if !p.is_match(&route.path) {
                return false;
            }
        }
        if let Some(p) = &self.exclude_path {
            if p.is_match(&route.path) {
                return false;
            }
        }
        if let Some(v) = &self.view {
            if !v.is_match(&route.view) {
                return false;
            }
        }
        if let Some(n) = &self.route_name {
            if !route.name.as_deref().is_some_and(|name| n.is_match(name)) {
                return false;
            }
        }
        true
    }
}

/// Categories of one endpoint.
pub fn endpoint_categories(cats: &[Category], route: &Route, method: &str) -> Vec<String> {
    cats.iter()
        .filter(|c| c.matches(route, method))
        .map(|c| c.name.clone())
        .collect()
}

/// Sets each route's step in a multi-step export flow and its categories:
/// the union over its endpoints, in rule order.
pub fn assign(cats: &[Category], routes: &mut [Route]) {
    let steps = export_flows(routes);
    let matched = shape_free_matches(cats, routes);
    settle(cats, routes, steps, matched);
}

/// For each route, the categories (indices into `cats`, in rule order) it
/// is in when the export-flow shape is left out: the tests that read only
/// the route itself, so that they can run beside [`export_flows`].
pub fn shape_free_matches(cats: &[Category], routes: &[Route]) -> Vec<Vec<u16>> {
    routes
        .iter()
        .map(|r| {
            let methods = r.counted_methods();
            (0..cats.len().min(usize::from(u16::MAX)))
                .filter(|&i| {
                    let c = &cats[i];
                    methods.iter().any(|m| c.takes_method(m)) && c.takes_route_itself(r)
                })
                .filter_map(|i| u16::try_from(i).ok())
                .collect()
        })
        .collect()
}

/// Writes each route's flow step and its categories, the shape test done
/// last now that the steps are known.
pub fn settle(
    cats: &[Category],
    routes: &mut [Route],
    steps: Vec<Option<FlowStep>>,
    matched: Vec<Vec<u16>>,
) {
    for ((r, step), m) in routes.iter_mut().zip(steps).zip(matched) {
        r.export_flow = step.map(Box::new);
        r.categories = m
            .into_iter()
            .filter_map(|i| cats.get(usize::from(i)))
            .filter(|c| !c.flow || r.export_flow.is_some())
            .map(|c| c.name.clone())
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(path: &str, methods: &[&str]) -> Route {
        Route::sample(path, methods, "app.views.v")
    }

    #[test]
    fn default_rules_categorise_like_the_audit_reports() {
        let cats = categories(&Config::default());
        let mut rs = vec![
            route("/detail_project/<int:project_id>/rekap-rab/", &["GET"]),
            route(
                "/detail_project/api/project/<int:project_id>/deep-copy/",
                &["POST"],
            ),
            route(
                "/detail_project/api/v2/project/<int:project_id>/rekap/",
                &["GET"],
            ),
            route("/health/ready/", &["GET"]),
            route("/api/batch-export/init/", &["POST"]),
            route("/x/", &["ANY"]),
        ];
        assign(&cats, &mut rs);
        assert_eq!(rs[0].categories, vec!["reads", "pages"]);
        assert_eq!(rs[1].categories, vec!["writes", "batch"]);
        assert_eq!(rs[2].categories, vec!["reads", "versioned_api"]);
        assert_eq!(rs[3].categories, vec!["reads", "health"]);
        // The word alone makes no batch export: the shape does.
        assert_eq!(rs[4].categories, vec!["writes", "export"]);
        assert!(rs[5].categories.is_empty());
    }

    #[test]
    fn batch_export_is_recognised_by_the_flow_shape() {
        let cats = categories(&Config::default());
        let mut rs = vec![
            route("/api/export/init/", &["POST"]),
            route("/api/export/upload-pages/", &["POST"]),
            route("/api/export/finalize/", &["POST"]),
            route("/api/export/status/<uuid:export_id>/", &["GET"]),
            route("/api/project/<int:project_id>/export/pdf/", &["GET"]),
        ];
        assign(&cats, &mut rs);
        assert_eq!(rs[0].categories, vec!["writes", "export", "batch_export"]);
        assert_eq!(rs[3].categories, vec!["reads", "export", "batch_export"]);
        assert_eq!(rs[4].categories, vec!["reads", "export"]);
        assert_eq!(
            rs[2].export_flow.as_ref().map(|f| f.step.as_str()),
            Some("finalize")
        );
    }

    #[test]
    fn configured_rules_replace_and_extend() {
        let mut c = Config::default();
        c.categories.insert(
            "health".into(),
            CategoryRule {
                path: Pattern::new("^/status/").ok(),
                ..Default::default()
            },
        );
        c.categories.insert(
            "reports".into(),
            CategoryRule {
                path: Pattern::new("rekap").ok(),
                ..Default::default()
            },
        );
        let cats = categories(&c);
        let mut rs = vec![
            route("/health/", &["GET"]),
            route("/status/", &["GET"]),
            route("/p/rekap/", &["GET"]),
        ];
        assign(&cats, &mut rs);
        // `/health/` left the health category but is still no page.
        assert_eq!(rs[0].categories, vec!["reads"]);
        assert_eq!(rs[1].categories, vec!["reads", "health", "pages"]);
        assert_eq!(rs[2].categories, vec!["reads", "pages", "reports"]);
    }
}
