//! The result of `routecov verify`: the static route map against the map
//! Django's own resolver builds in the project's Python, difference by
//! difference.

use super::{Discovery, Source};
use crate::diagnostics::Warning;
use serde::{Deserialize, Serialize};

/// Django's route map as the project's Python reported it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DjangoMap {
    /// The Python interpreter that ran Django (its `sys.executable`).
    pub python: String,
    pub python_version: String,
    pub django_version: String,
    pub settings_module: String,
    /// The root URLconf module Django resolved from.
    pub root_urlconf: Option<String>,
    /// The interpreter's site-packages directories.
    pub site_packages: Vec<String>,
    /// Every route, in resolver order (the differences hold what matters).
    #[serde(skip_serializing)]
    pub routes: Vec<DjangoRoute>,
}

/// One route as Django resolves it, in routecov's conventions (see
/// `routes`): the path with each level's leading `^` stripped, the
/// namespaced name, the view's dotted path.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DjangoRoute {
    pub path: String,
    pub name: Option<String>,
    pub view: String,
    /// The methods the view declares to Django, `None` where it declares
    /// none (a plain function view serves any method).
    pub methods: Option<Vec<String>>,
    /// The URLconf module whose patterns hold the route.
    #[serde(default)]
    pub urlconf: Option<String>,
}

/// How a route differs between the two maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DifferenceKind {
    /// Django serves a path the static map lacks.
    Missing,
    /// The static map has a route Django does not serve.
    Extra,
    /// Both have the route, with another name, view or methods (same
    /// path), or with another path (same name and view).
    Differs,
}

impl DifferenceKind {
    pub fn name(self) -> &'static str {
        match self {
            DifferenceKind::Missing => "missing",
            DifferenceKind::Extra => "extra",
            DifferenceKind::Differs => "differs",
        }
    }
}

/// A route as one side has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteSide {
    pub path: String,
    pub name: Option<String>,
    pub view: String,
    /// Django's side: `None` where the view declares no methods. The static
    /// side: its methods (`["ANY"]` when not inferred).
    pub methods: Option<Vec<String>>,
    /// Django's side: the URLconf module holding the route.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub urlconf: Option<String>,
    /// The static side: where the route is defined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The static side: the condition it depends on, when not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

/// One difference between the maps.
#[derive(Debug, Clone, Serialize)]
pub struct RouteDifference {
    pub kind: DifferenceKind,
    /// Django's path, else the static map's.
    pub path: String,
    /// For `differs`: which of `path`, `name`, `view` and `methods` differ.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    pub django: Option<RouteSide>,
    pub routecov: Option<RouteSide>,
    /// What the static map says about it: its warnings at the route's line,
    /// the condition it listed the route under, the external include that
    /// holds the path.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The counts behind the verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VerifyCounts {
    /// Routes Django serves (routes the configuration ignores left out, as
    /// the static map leaves them out).
    pub django_routes: usize,
    pub routecov_routes: usize,
    /// Routes with the same path, name and view on both sides.
    pub matched: usize,
    /// Matched routes whose view declares its methods to Django: the only
    /// ones whose methods are compared.
    pub methods_compared: usize,
    pub missing: usize,
    pub extra: usize,
    pub differing: usize,
}

/// `routecov verify`'s result.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub schema_version: u32,
    /// True when there is no difference.
    pub identical: bool,
    pub counts: VerifyCounts,
    /// Sorted by path, then kind.
    pub differences: Vec<RouteDifference>,
    pub django: DjangoMap,
    /// How the static map was found.
    pub discovery: Discovery,
    /// The static map's warnings in the files the differing routes come
    /// from (the static side's file, the URLconf module of Django's side):
    /// they often say why.
    pub related_warnings: Vec<Warning>,
    /// All of the static map's warnings.
    pub warnings: Vec<Warning>,
}
