//! `coverage_basis`, `min_samples` and `[mix]`: how deep a run must load an
//! endpoint, and how far its share of the run may stray from the share the
//! locustfile's weights give it.

use serde::Deserialize;

/// What the coverage gates count as covered when a run is given.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum CoverageBasis {
    /// One request is enough.
    #[default]
    Exercised,
    /// At least `min_samples` requests.
    #[value(name = "load_tested", alias = "load-tested")]
    LoadTested,
}

/// `[mix]`: when an endpoint's actual share of the run is off its intended one.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MixSettings {
    /// Actual share this many times above or below the expected one is off. Default 2.
    pub factor: Option<f64>,
    /// Requests (expected or actual, the larger) an endpoint needs before
    /// its share is judged: below it chance alone moves a share by 2x. Default 20.
    pub min_requests: Option<u64>,
}

impl MixSettings {
    pub fn factor(&self) -> f64 {
        self.factor.filter(|f| *f > 1.0).unwrap_or(2.0)
    }
    pub fn min_requests(&self) -> u64 {
        self.min_requests.unwrap_or(20)
    }
}
