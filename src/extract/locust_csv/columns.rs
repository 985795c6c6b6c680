//! Column names, as every Locust version spelt them, compared after trimming,
//! lower-casing and collapsing spaces; percentile columns found by pattern.

use regex::Regex;
use std::sync::OnceLock;

pub(super) const METHOD: &[&str] = &["type", "method"];
pub(super) const NAME: &[&str] = &["name"];
pub(super) const REQUESTS: &[&str] = &["request count", "# requests"];
pub(super) const FAILURES: &[&str] = &["failure count", "# failures", "# fails"];
pub(super) const MEDIAN: &[&str] = &["median response time"];
pub(super) const AVERAGE: &[&str] = &["average response time"];
pub(super) const MIN: &[&str] = &["min response time"];
pub(super) const MAX: &[&str] = &["max response time"];
pub(super) const CONTENT: &[&str] = &["average content size"];
pub(super) const RPS: &[&str] = &["requests/s"];
pub(super) const FAILURES_PER_S: &[&str] = &["failures/s", "requests failed/s"];

pub(super) const ERROR: &[&str] = &["error"];
pub(super) const OCCURRENCES: &[&str] = &["occurrences"];
pub(super) const FIRST_SEEN: &[&str] = &["first seen"];
pub(super) const LAST_SEEN: &[&str] = &["last seen"];

pub(super) const COUNT: &[&str] = &["count"];
pub(super) const MESSAGE: &[&str] = &["message"];
pub(super) const TRACEBACK: &[&str] = &["traceback"];
pub(super) const NODES: &[&str] = &["nodes"];

pub(super) const TIMESTAMP: &[&str] = &["timestamp"];
pub(super) const USER_COUNT: &[&str] = &["user count"];
// History: 1.0+ prefixes the cumulative columns with "Total"; 0.13.3-0.14
// used the stats file's names.
pub(super) const H_REQUESTS: &[&str] = &["total request count", "# requests"];
pub(super) const H_FAILURES: &[&str] = &["total failure count", "# failures"];
pub(super) const H_MEDIAN: &[&str] = &["total median response time", "median response time"];
pub(super) const H_AVERAGE: &[&str] = &["total average response time", "average response time"];
pub(super) const H_MIN: &[&str] = &["total min response time", "min response time"];
pub(super) const H_MAX: &[&str] = &["total max response time", "max response time"];
pub(super) const H_CONTENT: &[&str] = &["total average content size", "average content size"];

/// How the header spells a column in messages: the current name.
pub(super) fn display_name(aliases: &[&str]) -> String {
    let current = aliases.first().copied().unwrap_or_default();
    current
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) if !w.starts_with('#') => f.to_uppercase().chain(c).collect(),
                _ => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn norm(cell: &str) -> String {
    cell.trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

pub(super) fn percentile_header(cell: &str) -> Option<(String, f64)> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| Regex::new(r"^\s*(\d{1,3}(?:\.\d+)?)\s*(%?)\s*$").ok())
        .as_ref()?;
    let caps = re.captures(cell.trim_start_matches('\u{feff}'))?;
    let number = caps.get(1)?.as_str();
    let percent: f64 = number.parse().ok()?;
    (percent > 0.0 && percent <= 100.0).then(|| (format!("{number}%"), percent))
}
