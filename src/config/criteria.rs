//! `[criteria]`: the success criteria of `routecov check`, overall and per
//! endpoint or category. Beside the named limits, any percentile column can
//! be limited by a key `max_pNN_ms`: `max_p90_ms`, `max_p99_9_ms` (the
//! decimal point written `_`, as a bare TOML key cannot hold a dot; quoted
//! `"max_p99.9_ms"` and Locust-style `max_p999_ms` are read the same).

use crate::model::stats::{percent_name, percent_of};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Limits one criterion set can state (overall, per endpoint, per category).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Limits {
    /// Minimum success rate in percent (100 - failure %).
    pub min_success_pct: Option<f64>,
    /// Maximum median (Locust's `Median Response Time` column).
    pub max_median_ms: Option<f64>,
    /// Maximum mean (Locust's `Average Response Time` column).
    pub max_mean_ms: Option<f64>,
    pub max_p95_ms: Option<f64>,
    pub max_p99_ms: Option<f64>,
    pub max_max_ms: Option<f64>,
    pub min_rps: Option<f64>,
    pub max_failures: Option<u64>,
    /// Maximum failures as a percentage of requests.
    pub max_failure_pct: Option<f64>,
    /// Keys not named above: `max_pNN_ms` limits, read into `percentiles`
    /// by [`Criteria::read_percentiles`]; any other key is an error there.
    #[serde(flatten)]
    pub other: BTreeMap<String, toml::Value>,
    /// `(percent, ms)` of the `max_pNN_ms` limits other than p95 and p99.
    #[serde(skip)]
    pub percentiles: Vec<(f64, f64)>,
}

/// The keys a criterion set takes, for the message naming a wrong one.
const KEYS: &str = "min_success_pct, max_median_ms, max_mean_ms, max_pNN_ms (max_p90_ms, \
max_p99_9_ms, ...), max_max_ms, min_rps, max_failures, max_failure_pct";

/// The percentile a `max_pNN_ms` key limits.
pub fn percentile_key(key: &str) -> Option<f64> {
    percent_of(key.strip_prefix("max_p")?.strip_suffix("_ms")?)
}

impl Limits {
    /// Every percentile limit, p95 and p99 included, by percent: the named
    /// fields win over a `max_pNN_ms` spelling of the same percentile.
    pub fn percentile_limits(&self) -> Vec<(f64, f64)> {
        let mut out: Vec<(f64, f64)> = Vec::new();
        let named = [(95.0, self.max_p95_ms), (99.0, self.max_p99_ms)];
        for (p, v) in named.iter().filter_map(|(p, v)| Some((*p, (*v)?))) {
            out.push((p, v));
        }
        for &(p, v) in &self.percentiles {
            if !out.iter().any(|(q, _)| (q - p).abs() < 1e-9) {
                out.push((p, v));
            }
        }
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
        out
    }

    /// Whether any limit is set.
    pub fn any(&self) -> bool {
        self.min_success_pct.is_some()
            || self.max_median_ms.is_some()
            || self.max_mean_ms.is_some()
            || !self.percentile_limits().is_empty()
            || self.max_max_ms.is_some()
            || self.min_rps.is_some()
            || self.max_failures.is_some()
            || self.max_failure_pct.is_some()
    }

    /// Reads the `max_pNN_ms` keys; `(key, message)` for any other key or a
    /// value that is not a number.
    fn read_percentiles(&mut self, prefix: &str) -> Result<(), (String, String)> {
        let mut out = Vec::new();
        for (key, value) in &self.other {
            let full = format!("{prefix}{key}");
            let Some(p) = percentile_key(key) else {
                return Err((full, format!("unknown key; expected one of {KEYS}")));
            };
            let v = match value {
                toml::Value::Integer(i) => *i as f64,
                toml::Value::Float(f) => *f,
                other => {
                    let kind = other.type_str();
                    return Err((
                        full,
                        format!("must be a number of milliseconds, not a {kind}"),
                    ));
                }
            };
            out.push((p, v));
        }
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
        self.percentiles = out;
        Ok(())
    }

    /// `(dotted key, value, is a percentage)` of every number to check.
    fn numbers(&self, prefix: &str) -> Vec<(String, Option<f64>, bool)> {
        let mut out = vec![
            (
                format!("{prefix}min_success_pct"),
                self.min_success_pct,
                true,
            ),
            (
                format!("{prefix}max_failure_pct"),
                self.max_failure_pct,
                true,
            ),
            (format!("{prefix}max_median_ms"), self.max_median_ms, false),
            (format!("{prefix}max_mean_ms"), self.max_mean_ms, false),
            (format!("{prefix}max_p95_ms"), self.max_p95_ms, false),
            (format!("{prefix}max_p99_ms"), self.max_p99_ms, false),
            (format!("{prefix}max_max_ms"), self.max_max_ms, false),
            (format!("{prefix}min_rps"), self.min_rps, false),
        ];
        for &(p, v) in &self.percentiles {
            let key = self
                .other
                .keys()
                .find(|k| percentile_key(k) == Some(p))
                .cloned()
                .unwrap_or_else(|| format!("max_p{}_ms", percent_name(p)));
            out.push((format!("{prefix}{key}"), Some(v), false));
        }
        out
    }
}

/// Success criteria of `routecov check`: overall limits, and limits per
/// endpoint (`"GET /api/x/"` or a stats name) or per category.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Criteria {
    #[serde(default)]
    pub endpoints: BTreeMap<String, Limits>,
    #[serde(default)]
    pub categories: BTreeMap<String, Limits>,
    // The overall limits, on the Aggregated row, as fields of their own (not
    // a flattened `Limits`): serde reads a flattened struct from a buffer
    // that has lost where each value was, and a wrong value would be
    // reported at the table's line without its key.
    pub min_success_pct: Option<f64>,
    pub max_median_ms: Option<f64>,
    pub max_mean_ms: Option<f64>,
    pub max_p95_ms: Option<f64>,
    pub max_p99_ms: Option<f64>,
    pub max_max_ms: Option<f64>,
    pub min_rps: Option<f64>,
    pub max_failures: Option<u64>,
    pub max_failure_pct: Option<f64>,
    #[serde(flatten)]
    pub other: BTreeMap<String, toml::Value>,
    #[serde(skip)]
    pub percentiles: Vec<(f64, f64)>,
}

impl Criteria {
    /// The overall limits.
    pub fn overall(&self) -> Limits {
        Limits {
            min_success_pct: self.min_success_pct,
            max_median_ms: self.max_median_ms,
            max_mean_ms: self.max_mean_ms,
            max_p95_ms: self.max_p95_ms,
            max_p99_ms: self.max_p99_ms,
            max_max_ms: self.max_max_ms,
            min_rps: self.min_rps,
            max_failures: self.max_failures,
            max_failure_pct: self.max_failure_pct,
            other: self.other.clone(),
            percentiles: self.percentiles.clone(),
        }
    }

    /// Reads the `max_pNN_ms` keys of every criterion set (unknown keys are
    /// errors here: serde cannot deny them beside a flattened map).
    pub fn read_percentiles(&mut self) -> Result<(), (String, String)> {
        let mut overall = self.overall();
        overall.read_percentiles("criteria.")?;
        self.percentiles = overall.percentiles;
        for (name, l) in &mut self.endpoints {
            l.read_percentiles(&format!("criteria.endpoints.\"{name}\"."))?;
        }
        for (name, l) in &mut self.categories {
            l.read_percentiles(&format!("criteria.categories.{name}."))?;
        }
        Ok(())
    }

    /// Every number of every criterion set, with its dotted key and whether
    /// it is a percentage.
    pub fn numbers(&self) -> Vec<(String, Option<f64>, bool)> {
        let mut out = self.overall().numbers("criteria.");
        for (name, l) in &self.endpoints {
            out.extend(l.numbers(&format!("criteria.endpoints.\"{name}\".")));
        }
        for (name, l) in &self.categories {
            out.extend(l.numbers(&format!("criteria.categories.{name}.")));
        }
        out
    }
}
