//! A Locust run as read from its CSV files: the stats rows with their
//! percentiles, failures, exceptions and the stats history. Plain data: the
//! reader lives in `extract::locust_csv`, every later stage reads these.

use crate::diagnostics::Warning;
pub use crate::model::histogram::Histogram;
use serde::Serialize;
use std::path::PathBuf;
/// Which generation of Locust's headers the stats file uses (see the module
/// documentation for the versions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatsFormat {
    /// Locust 1.0 and later: `Request Count`, `Failure Count`, `Failures/s`.
    Current,
    /// Locust 0.13.3 to 0.14: `_stats.csv` with `# requests`, `Requests Failed/s`.
    Legacy,
    /// Locust up to 0.13.2: `_requests.csv` without percentiles (those come
    /// from `_distribution.csv` when it is there).
    Requests,
    /// The output of `locust --json` / `--json-file`: every entry with its
    /// response-time histogram.
    Json,
    /// The HTML report of `locust --html` (Locust 2.2x and later), whose
    /// stats are embedded as JSON.
    Html,
}

/// The files of one run. Any of the siblings may be absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunFiles {
    pub stats: PathBuf,
    pub failures: Option<PathBuf>,
    pub exceptions: Option<PathBuf>,
    pub history: Option<PathBuf>,
    /// `_distribution.csv` of Locust before 0.13.3: percentiles per row.
    pub distribution: Option<PathBuf>,
}

/// One response-time percentile column: `label` as the header writes it
/// (`"95%"`, `"99.9%"`; a missing `%` is added), `percent` its number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Percentile {
    pub label: String,
    pub percent: f64,
    /// Milliseconds; `None` for `N/A` (no request yet).
    pub ms: Option<f64>,
}

/// One row of the stats file: a request name with its method, or the
/// Aggregated row. Times in milliseconds; `None` where the file says `N/A`,
/// leaves the cell empty or has no such column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatsRow {
    /// Upper-case method (`Type`, or `Method` before 0.13.3); `None` for the
    /// Aggregated row, whose type is empty (or `None` before Locust 1.1).
    pub method: Option<String>,
    pub name: String,
    pub requests: u64,
    pub failures: u64,
    pub median_ms: Option<f64>,
    pub average_ms: Option<f64>,
    pub min_ms: Option<f64>,
    pub max_ms: Option<f64>,
    pub average_content_size: Option<f64>,
    pub rps: Option<f64>,
    pub failures_per_s: Option<f64>,
    /// In column order.
    pub percentiles: Vec<Percentile>,
    /// The response-time histogram, from Locust's `--json` report only.
    #[serde(skip)]
    pub histogram: Option<Histogram>,
    /// 1-based line of the row in its file.
    pub line: usize,
}

impl StatsRow {
    /// The value of the percentile column for `percent` (95.0 for `95%`).
    pub fn percentile(&self, percent: f64) -> Option<f64> {
        find_percentile(&self.percentiles, percent)
    }

    /// The median: Locust's `Median Response Time` column, which every
    /// output uses, or the `50%` column when a file has no median column.
    /// (The two differ: Locust rounds them differently.)
    pub fn p50(&self) -> Option<f64> {
        self.median_ms.or_else(|| self.percentile(50.0))
    }

    pub fn p95(&self) -> Option<f64> {
        self.percentile(95.0)
    }

    pub fn p99(&self) -> Option<f64> {
        self.percentile(99.0)
    }

    /// Failures as a percentage of requests; `None` without requests.
    pub fn failure_pct(&self) -> Option<f64> {
        (self.requests > 0).then(|| self.failures as f64 * 100.0 / self.requests as f64)
    }
}

/// One row of the failures file: an error of one request name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailureRow {
    pub method: Option<String>,
    pub name: String,
    pub error: String,
    pub occurrences: u64,
    /// UTC ISO timestamps, in failures files of Locust 2.4x and later.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub line: usize,
}

/// One row of the exceptions file: an exception raised in user code (not a
/// failed request), e.g. `No tasks defined on HeavyUser`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExceptionRow {
    pub count: u64,
    pub message: String,
    /// With `\n` line ends, whatever the file used.
    pub traceback: String,
    pub nodes: Vec<String>,
    pub line: usize,
}

/// One row of the history file: the state of one name (or of the Aggregated
/// row) at one moment. Rates and percentiles are Locust's *current* values (a
/// sliding window of about 10 s); counts and times are cumulative.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryRow {
    /// Unix time in seconds.
    pub timestamp: i64,
    /// Users running; absent before Locust 1.0.
    pub user_count: Option<u64>,
    pub method: Option<String>,
    pub name: String,
    pub aggregated: bool,
    pub rps: Option<f64>,
    pub failures_per_s: Option<f64>,
    pub percentiles: Vec<Percentile>,
    pub requests: Option<u64>,
    pub failures: Option<u64>,
    pub median_ms: Option<f64>,
    pub average_ms: Option<f64>,
    pub min_ms: Option<f64>,
    pub max_ms: Option<f64>,
    pub average_content_size: Option<f64>,
    pub line: usize,
}

impl HistoryRow {
    pub fn percentile(&self, percent: f64) -> Option<f64> {
        find_percentile(&self.percentiles, percent)
    }
}

/// Everything read from one run.
#[derive(Debug, Clone, Serialize)]
pub struct RunStats {
    pub format: StatsFormat,
    pub files: RunFiles,
    /// Every row but the Aggregated one, in file order.
    pub stats: Vec<StatsRow>,
    /// The `Aggregated` (`Total` before 0.12.2) row.
    pub aggregated: Option<StatsRow>,
    pub failures: Vec<FailureRow>,
    pub exceptions: Vec<ExceptionRow>,
    /// The Aggregated rows of the history file, in time order.
    pub history: Vec<HistoryRow>,
    /// Rows skipped or repaired and other problems, each naming file and line.
    pub warnings: Vec<Warning>,
}

impl RunStats {
    /// The row of `name` with `method` (compared case-insensitively).
    pub fn row(&self, method: Option<&str>, name: &str) -> Option<&StatsRow> {
        self.stats.iter().find(|r| {
            r.name == name
                && match (&r.method, method) {
                    (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                    (None, None) => true,
                    _ => false,
                }
        })
    }

    /// History rows of the Aggregated entry, in file (time) order.
    pub fn aggregated_history(&self) -> impl Iterator<Item = &HistoryRow> {
        self.history.iter().filter(|h| h.aggregated)
    }
}

/// The percentile a name spells, as `--columns`, the `max_pNN_ms` criteria
/// and their flags write it after the `p`: `95`, `99.9`, `99_9` (a TOML key
/// and a flag cannot hold a dot unquoted) or `999` (digits past 100 run on
/// after a decimal point when they begin with 9: `999` is 99.9, `9999` is
/// 99.99). `None` unless the
/// result is above 0 and at most 100.
pub fn percent_of(spelling: &str) -> Option<f64> {
    let s = spelling.replace('_', ".");
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let mut v: f64 = s.parse().ok()?;
    if !s.contains('.') && v > 100.0 && s.starts_with('9') {
        v = format!("{}.{}", &s[..2], &s[2..]).parse().ok()?;
    }
    (v > 0.0 && v <= 100.0).then_some(v)
}

/// How a percentile is named in flags, keys and columns: `95`, `99.9`.
pub fn percent_name(percent: f64) -> String {
    let s = format!("{percent:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The value of the column for `percent` in `list` (95.0 for `95%`).
pub fn find_percentile(list: &[Percentile], percent: f64) -> Option<f64> {
    list.iter()
        .find(|p| (p.percent - percent).abs() < 1e-9)
        .and_then(|p| p.ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_spellings() {
        for (s, v) in [
            ("95", Some(95.0)),
            ("99.9", Some(99.9)),
            ("99_9", Some(99.9)),
            ("999", Some(99.9)),
            ("9999", Some(99.99)),
            ("100", Some(100.0)),
            ("50", Some(50.0)),
            ("0", None),
            ("101", None),
            ("", None),
            ("9x", None),
            ("99..9", None),
        ] {
            assert_eq!(percent_of(s), v, "{s}");
        }
        assert_eq!(percent_name(99.9), "99.9");
        assert_eq!(percent_name(95.0), "95");
        assert_eq!(percent_name(99.99), "99.99");
    }
}
