//! Configuration: `routecov.toml`, or `[tool.routecov]` in `pyproject.toml`
//! (the convention Python teams use for ruff and coverage.py). Every key is
//! optional; an unknown key is an error naming it, so a typo is never silent.

mod criteria;
mod locate;
mod mix;
mod numbers;
mod pattern;

pub use criteria::{percentile_key, Criteria, Limits};
use locate::{key_at, key_line, line_of};
pub use mix::{CoverageBasis, MixSettings};
pub use numbers::{check_limit, check_percent, parse_limit, parse_percent};
pub use pattern::{Pattern, StaticRegex};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod categories;

pub use categories::{CategoryRule, CategorySection, GroupBy};

/// Shapes a category rule can ask for.
pub const SHAPES: [&str; 1] = ["multi_step_export"];

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
    pub ignore: Vec<Pattern>,
    /// Keep the default categories (true) and add or override with `categories`.
    pub default_categories: Option<bool>,
    /// Category rules by name, and `group_by`.
    #[serde(default)]
    pub categories: CategorySection,
    /// Locustfile, instead of discovering it.
    pub locustfile: Option<PathBuf>,
    /// History file `report` appends a line to and `history` reads
    /// (`--history` and the FILE argument override).
    pub history: Option<PathBuf>,
    /// Overall coverage floor in percent (`--fail-under` overrides).
    pub fail_under: Option<f64>,
    /// Coverage floors per category, in percent: `[tool.routecov.floors] writes = 80`.
    #[serde(default)]
    pub floors: BTreeMap<String, f64>,
    /// What `fail_under` and the floors count as covered with a run:
    /// `exercised` (default) or `load_tested` (`--coverage-basis` overrides).
    pub coverage_basis: Option<CoverageBasis>,
    /// Requests an exercised endpoint needs to be load-tested. Default 100.
    pub min_samples: Option<u64>,
    /// When an endpoint's share of the run is off the locustfile's mix.
    #[serde(default)]
    pub mix: MixSettings,
    /// Thresholds of the run findings.
    #[serde(default)]
    pub thresholds: Thresholds,
    /// Success criteria of `routecov check`.
    #[serde(default)]
    pub criteria: Criteria,
    /// What `routecov compare` counts as a regression.
    #[serde(default)]
    pub compare: CompareSettings,
}

/// Thresholds of the findings read from a run. Every field is optional; the
/// defaults are documented on each accessor.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Failure rate (percent) from which an endpoint is reported. Default 1.
    pub failure_rate_pct: Option<f64>,
    /// How many error messages to show per endpoint. Default 3.
    pub top_errors: Option<usize>,
    /// Max response times within this percent of each other form a shared
    /// ceiling. Default 5.
    pub timeout_ceiling_tolerance_pct: Option<f64>,
    /// Endpoints needed for a shared ceiling. Default 3.
    pub timeout_ceiling_min_endpoints: Option<usize>,
    /// Smallest shared max (ms) taken for a timeout ceiling when neither the
    /// errors nor the user state the timeout. Default 30000.
    pub timeout_ceiling_min_ms: Option<f64>,
    /// The client timeout of the run, seconds: a ceiling is looked for at
    /// that value only. Unset by default; `report --client-timeout` sets it.
    pub client_timeout_s: Option<f64>,
    /// max / p95 ratio from which the max is an outlier. Default 10.
    pub outlier_ratio: Option<f64>,
    /// Smallest max (ms) reported as an outlier. Default 1000.
    pub outlier_min_ms: Option<f64>,
    /// mean / median ratio from which an endpoint is bimodal. Default 2.
    pub bimodal_ratio: Option<f64>,
    /// ... and the least gap (ms) between mean and median, so fast pages
    /// with a few slower hits are not called bimodal. Default 100.
    pub bimodal_min_gap_ms: Option<f64>,
    /// Two neighbouring percentile columns this far apart (higher / lower)
    /// split a bimodal endpoint's fast and slow requests. Default 3.
    pub bimodal_jump: Option<f64>,
    /// Requests the slow mode of a bimodal endpoint needs, at least. Default 2.
    pub bimodal_min_slow_requests: Option<u64>,
    /// ... and their least share of the endpoint's requests, percent. Default 5.
    pub bimodal_min_slow_pct: Option<f64>,
    /// Requests needed before an endpoint is judged bimodal or an outlier. Default 10.
    pub min_requests: Option<u64>,
    /// Regex on stats names and paths of login/auth requests. Default `(?i)login|logout|auth|token|signin|sign-in`.
    pub auth_pattern: Option<Pattern>,
}

impl Thresholds {
    pub fn failure_rate_pct(&self) -> f64 {
        self.failure_rate_pct.unwrap_or(1.0)
    }
    pub fn top_errors(&self) -> usize {
        self.top_errors.unwrap_or(3)
    }
    pub fn timeout_ceiling_tolerance_pct(&self) -> f64 {
        self.timeout_ceiling_tolerance_pct.unwrap_or(5.0)
    }
    pub fn timeout_ceiling_min_endpoints(&self) -> usize {
        self.timeout_ceiling_min_endpoints.unwrap_or(3)
    }
    pub fn timeout_ceiling_min_ms(&self) -> f64 {
        self.timeout_ceiling_min_ms.unwrap_or(30_000.0)
    }
    pub fn client_timeout_ms(&self) -> Option<f64> {
        self.client_timeout_s
            .filter(|s| s.is_finite() && *s > 0.0)
            .map(|s| s * 1000.0)
    }
    pub fn outlier_ratio(&self) -> f64 {
        self.outlier_ratio.unwrap_or(10.0)
    }
    pub fn outlier_min_ms(&self) -> f64 {
        self.outlier_min_ms.unwrap_or(1000.0)
    }
    pub fn bimodal_ratio(&self) -> f64 {
        self.bimodal_ratio.unwrap_or(2.0)
    }
    pub fn bimodal_min_gap_ms(&self) -> f64 {
        self.bimodal_min_gap_ms.unwrap_or(100.0)
    }
    pub fn bimodal_jump(&self) -> f64 {
        self.bimodal_jump.unwrap_or(3.0)
    }
    pub fn bimodal_min_slow_requests(&self) -> u64 {
        self.bimodal_min_slow_requests.unwrap_or(2)
    }
    pub fn bimodal_min_slow_pct(&self) -> f64 {
        self.bimodal_min_slow_pct.unwrap_or(5.0)
    }
    pub fn min_requests(&self) -> u64 {
        self.min_requests.unwrap_or(10)
    }
    pub fn auth_pattern(&self) -> &regex::Regex {
        static DEFAULT: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        match &self.auth_pattern {
            Some(p) => p.regex(),
            None => DEFAULT.get_or_init(|| {
                regex::Regex::new("(?i)login|logout|auth|token|signin|sign-in")
                    .expect("static regex is valid")
            }),
        }
    }
}

/// What `routecov compare` counts as a regression.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CompareSettings {
    /// Relative growth (percent) of median/p95/p99 that regresses. Default 20.
    pub latency_regression_pct: Option<f64>,
    /// ... and the least absolute growth (ms): 9 -> 11 ms is +22% but noise. Default 50.
    pub latency_min_growth_ms: Option<f64>,
    /// Growth in failure percentage points that regresses. Default 1.
    pub failure_regression_points: Option<f64>,
    /// Relative drop (percent) of req/s that regresses. Default 20.
    pub rps_regression_pct: Option<f64>,
    /// Rows with fewer requests in both runs are not judged. Default 5.
    pub min_requests: Option<u64>,
}

impl CompareSettings {
    pub fn latency_regression_pct(&self) -> f64 {
        self.latency_regression_pct.unwrap_or(20.0)
    }
    pub fn latency_min_growth_ms(&self) -> f64 {
        self.latency_min_growth_ms.unwrap_or(50.0)
    }
    pub fn failure_regression_points(&self) -> f64 {
        self.failure_regression_points.unwrap_or(1.0)
    }
    pub fn rps_regression_pct(&self) -> f64 {
        self.rps_regression_pct.unwrap_or(20.0)
    }
    pub fn min_requests(&self) -> u64 {
        self.min_requests.unwrap_or(5)
    }
}

/// `pyproject.toml`, of which only `[tool.routecov]` is read. Deserialising
/// the section in place keeps the spans of its errors in the whole file.
#[derive(Debug, Deserialize)]
struct PyProject {
    tool: Option<PyTool>,
}

#[derive(Debug, Deserialize)]
struct PyTool {
    routecov: Option<Config>,
}

/// A configuration file is small; anything larger is not one.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

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
    /// The file's text, to say on which line a value was set.
    text: Option<String>,
}

impl Loaded {
    /// Where the value of a dotted key (`fail_under`, `floors.writes`) was
    /// set: `routecov.toml:3`, or the file alone when the line is unknown.
    pub fn source_of(&self, key: &str) -> Option<String> {
        let file = self.file.as_ref()?;
        let is_pyproject = file.file_name().is_some_and(|n| n == "pyproject.toml");
        let line = self
            .text
            .as_deref()
            .and_then(|t| key_line(t, key, is_pyproject));
        Some(match line {
            Some(l) => format!("{}:{l}", file.display()),
            None => file.display().to_string(),
        })
    }

    /// A path from the configuration, relative to its file.
    pub fn resolve(&self, p: &Path) -> PathBuf {
        match self.file.as_ref().and_then(|f| f.parent()) {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p.to_path_buf(),
        }
    }
}

/// A parse error at its line; an invalid regex (a [`Pattern`]) also names
/// its key, which the value alone does not say.
fn parse_error(file: &Path, text: &str, e: toml::de::Error, pyproject: bool) -> ConfigError {
    let mut message = e.message().to_string();
    if message.starts_with(pattern::INVALID) {
        if let Some(key) = e.span().and_then(|s| key_at(text, s.start, pyproject)) {
            message = format!("{key}: {message}");
        }
    }
    ConfigError {
        file: file.display().to_string(),
        line: e.span().map(|s| line_of(text, s.start)),
        message,
    }
}

/// Reads a configuration file: a regular file (a FIFO or a device would
/// block or never end) of at most [`MAX_CONFIG_BYTES`].
fn read_text(path: &Path) -> Result<String, ConfigError> {
    let err = |message: String| ConfigError {
        file: path.display().to_string(),
        line: None,
        message,
    };
    let meta =
        std::fs::metadata(path).map_err(|e| err(format!("cannot read configuration: {e}")))?;
    if !meta.is_file() {
        return Err(err("cannot read configuration: not a regular file".into()));
    }
    let file =
        std::fs::File::open(path).map_err(|e| err(format!("cannot read configuration: {e}")))?;
    let mut bytes = Vec::new();
    use std::io::Read;
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| err(format!("cannot read configuration: {e}")))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(err(format!(
            "cannot read configuration: larger than {} KiB",
            MAX_CONFIG_BYTES / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|e| err(format!("cannot read configuration: not UTF-8: {e}")))
}

/// Reads `path` as routecov.toml, or as pyproject.toml when so named.
pub fn load_file(path: &Path) -> Result<Loaded, ConfigError> {
    let text = read_text(path)?;
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let config = if is_pyproject {
        let py: PyProject = toml::from_str(&text).map_err(|e| {
            let mut err = parse_error(path, &text, e, true);
            err.message = format!("[tool.routecov]: {}", err.message);
            err
        })?;
        py.tool.and_then(|t| t.routecov).unwrap_or_default()
    } else {
        toml::from_str::<Config>(&text).map_err(|e| parse_error(path, &text, e, false))?
    };
    let mut config = config;
    validate(path, &config)?;
    let checked = config
        .criteria
        .read_percentiles()
        .and_then(|()| validate_numbers(&config));
    checked.map_err(|(key, message)| ConfigError {
        file: path.display().to_string(),
        line: key_line(&text, &key, is_pyproject),
        message: format!("{key}: {message}"),
    })?;
    Ok(Loaded {
        config,
        file: Some(path.to_path_buf()),
        text: Some(text),
    })
}

/// Every number a gate or a finding compares against, checked: a NaN would
/// make every comparison false and silently disable the gate. Returns the
/// dotted key and what is wrong.
fn validate_numbers(c: &Config) -> Result<(), (String, String)> {
    // (key, value, is a percentage)
    let mut numbers: Vec<(String, Option<f64>, bool)> =
        vec![("fail_under".into(), c.fail_under, true)];
    numbers.extend(
        c.floors
            .iter()
            .map(|(k, v)| (format!("floors.{k}"), Some(*v), true)),
    );
    let t = &c.thresholds;
    for (k, v) in [
        ("failure_rate_pct", t.failure_rate_pct),
        (
            "timeout_ceiling_tolerance_pct",
            t.timeout_ceiling_tolerance_pct,
        ),
        ("timeout_ceiling_min_ms", t.timeout_ceiling_min_ms),
        ("outlier_ratio", t.outlier_ratio),
        ("outlier_min_ms", t.outlier_min_ms),
        ("bimodal_ratio", t.bimodal_ratio),
        ("bimodal_min_gap_ms", t.bimodal_min_gap_ms),
        ("bimodal_jump", t.bimodal_jump),
        ("bimodal_min_slow_pct", t.bimodal_min_slow_pct),
        ("client_timeout_s", t.client_timeout_s),
    ] {
        numbers.push((format!("thresholds.{k}"), v, false));
    }
    numbers.push(("mix.factor".into(), c.mix.factor, false));
    numbers.extend(c.criteria.numbers());
    let cmp = &c.compare;
    for (k, v) in [
        ("latency_regression_pct", cmp.latency_regression_pct),
        ("latency_min_growth_ms", cmp.latency_min_growth_ms),
        ("failure_regression_points", cmp.failure_regression_points),
        ("rps_regression_pct", cmp.rps_regression_pct),
    ] {
        numbers.push((format!("compare.{k}"), v, false));
    }
    for (key, value, percent) in numbers {
        if let Some(v) = value {
            let checked = if percent {
                check_percent(v)
            } else {
                check_limit(v)
            };
            checked.map_err(|m| (key, m))?;
        }
    }
    Ok(())
}

fn validate(path: &Path, c: &Config) -> Result<(), ConfigError> {
    // Regexes are checked as they are read (`Pattern`), with their line.
    let bad = |message: String| ConfigError {
        file: path.display().to_string(),
        line: None,
        message,
    };
    c.categories.grouping().map_err(bad)?;
    for (name, rule) in &c.categories {
        if let Some(shape) = &rule.shape {
            if !SHAPES.contains(&shape.as_str()) {
                return Err(bad(format!(
                    "categories.{name}.shape: unknown shape `{shape}` (known: {})",
                    SHAPES.join(", ")
                )));
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
        let text = read_text(&py)?;
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
    fn an_unknown_category_shape_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("routecov.toml");
        std::fs::write(&p, "[categories.flows]\nshape = \"multi_step_import\"\n").unwrap();
        let e = load_file(&p).unwrap_err();
        assert!(
            e.message.contains("categories.flows.shape: unknown shape"),
            "{e}"
        );
        std::fs::write(&p, "[categories.flows]\nshape = \"multi_step_export\"\n").unwrap();
        assert!(load_file(&p).is_ok());
    }

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
    fn gates_and_criteria_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("routecov.toml");
        std::fs::write(
            &p,
            "fail_under = 60\n[floors]\nwrites = 80\n[criteria]\nmin_success_pct = 99.5\nmax_p95_ms = 2000\n[criteria.categories.export]\nmax_p95_ms = 30000\n[thresholds]\noutlier_ratio = 20\n",
        )
        .unwrap();
        let c = load_file(&p).unwrap().config;
        assert_eq!(c.fail_under, Some(60.0));
        assert_eq!(c.floors["writes"], 80.0);
        assert_eq!(c.criteria.overall().max_p95_ms, Some(2000.0));
        assert_eq!(c.criteria.categories["export"].max_p95_ms, Some(30000.0));
        assert_eq!(c.thresholds.outlier_ratio(), 20.0);
        assert_eq!(c.thresholds.bimodal_ratio(), 2.0);
        std::fs::write(&p, "[criteria]\nmax_p95_mss = 1\n").unwrap();
        let e = load_file(&p).unwrap_err();
        assert!(e.message.contains("max_p95_mss"), "{e}");
        assert_eq!(e.line, Some(2), "{e}");
    }

    /// Any percentile column can be limited: `max_p99_9_ms`, quoted
    /// `"max_p99.9_ms"` and `max_p999_ms` are one key; median, mean and
    /// failure % limits are read per endpoint and category too.
    #[test]
    fn percentile_median_mean_and_failure_pct_criteria_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("routecov.toml");
        std::fs::write(
            &p,
            "[criteria]\nmax_median_ms = 500\nmax_mean_ms = 800\nmax_p99_9_ms = 1500\nmax_p66_ms = 300.5\n[criteria.endpoints.\"GET /x/\"]\n\"max_p99.9_ms\" = 9\nmax_failure_pct = 5\n[criteria.categories.export]\nmax_p999_ms = 7\n",
        )
        .unwrap();
        let c = load_file(&p).unwrap().config.criteria;
        let o = c.overall();
        assert_eq!(o.max_median_ms, Some(500.0));
        assert_eq!(o.max_mean_ms, Some(800.0));
        assert_eq!(o.percentile_limits(), vec![(66.0, 300.5), (99.9, 1500.0)]);
        assert_eq!(
            c.endpoints["GET /x/"].percentile_limits(),
            vec![(99.9, 9.0)]
        );
        assert_eq!(c.endpoints["GET /x/"].max_failure_pct, Some(5.0));
        assert_eq!(
            c.categories["export"].percentile_limits(),
            vec![(99.9, 7.0)]
        );
        for (text, key, line) in [
            (
                "[criteria.categories.export]\nmax_p99_9_ms = \"fast\"\n",
                "criteria.categories.export.max_p99_9_ms",
                2,
            ),
            ("[criteria]\nmax_p101_ms = 5\n", "criteria.max_p101_ms", 2),
            (
                "[criteria]\nmax_p99_9_ms = -1\n",
                "criteria.max_p99_9_ms",
                2,
            ),
            (
                "[criteria]\nmax_failure_pct = 120\n",
                "criteria.max_failure_pct",
                2,
            ),
        ] {
            std::fs::write(&p, text).unwrap();
            let e = load_file(&p).unwrap_err();
            assert!(e.message.starts_with(&format!("{key}: ")), "{text}: {e}");
            assert_eq!(e.line, Some(line), "{text}: {e}");
        }
    }

    #[test]
    fn pyproject_section_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pyproject.toml");
        std::fs::write(&p, "[project]\nname='x'\n[tool.routecov]\nignore = ['^/__debug__/']\n[tool.routecov.categories.exports]\npath = 'export'\n").unwrap();
        let l = discover(None, dir.path()).unwrap();
        assert_eq!(
            l.config.ignore,
            Pattern::new("^/__debug__/")
                .ok()
                .into_iter()
                .collect::<Vec<_>>()
        );
        assert_eq!(
            l.source_of("categories.exports.path"),
            Some(format!("{}:6", p.display()))
        );
        assert_eq!(
            l.config.categories["exports"]
                .path
                .as_ref()
                .map(Pattern::as_str),
            Some("export")
        );
        std::fs::write(&p, "[tool.routecov]\nfloorz = 3\n").unwrap();
        let e = discover(None, dir.path()).unwrap_err();
        assert!(e.message.contains("floorz"), "{e}");
    }

    /// Issue 9: a NaN compares false with everything and would disable the
    /// gate; a floor over 100 can never pass.
    #[test]
    fn gate_numbers_must_be_finite_and_in_range_naming_key_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("routecov.toml");
        for (text, key, line) in [
            ("fail_under = nan\n", "fail_under", 1),
            (
                "ignore = []\n[floors]\nreads = 50\nwrites = nan\n",
                "floors.writes",
                4,
            ),
            ("fail_under = 150\n", "fail_under", 1),
            (
                "[thresholds]\noutlier_ratio = -inf\n",
                "thresholds.outlier_ratio",
                2,
            ),
            (
                "[criteria.categories.export]\nmax_p95_ms = nan\n",
                "criteria.categories.export.max_p95_ms",
                2,
            ),
        ] {
            std::fs::write(&p, text).unwrap();
            let e = load_file(&p).unwrap_err();
            assert!(e.message.starts_with(&format!("{key}: ")), "{text}: {e}");
            assert_eq!(e.line, Some(line), "{text}: {e}");
        }
        let py = dir.path().join("pyproject.toml");
        std::fs::write(
            &py,
            "[project]\nname = 'x'\n\n[tool.routecov.floors]\nwrites = nan\n",
        )
        .unwrap();
        assert_eq!(load_file(&py).unwrap_err().line, Some(5));
        assert!(parse_percent("nan").is_err() && parse_percent("150").is_err());
        assert_eq!(parse_percent("60"), Ok(60.0));
    }

    /// A regex of the configuration is compiled when it is read: a bad one
    /// is refused then, naming its key and line.
    #[test]
    fn an_invalid_regex_names_its_key_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("routecov.toml");
        for (text, key, line) in [
            ("ignore = ['^/ok/', '(']\n", "ignore", 1),
            ("ignore = [\n  '^/ok/',\n  '[a-',\n]\n", "ignore", 1),
            (
                "[thresholds]\nauth_pattern = '(?P<x'\n",
                "thresholds.auth_pattern",
                2,
            ),
            (
                "[categories.writes]\nlabel = 'w'\nview = '*'\n",
                "categories.writes.view",
                3,
            ),
            (
                "[categories]\nexports = { label = 'e', exclude_path = '(' }\n",
                "categories.exports.exclude_path",
                2,
            ),
        ] {
            std::fs::write(&p, text).unwrap();
            let e = load_file(&p).unwrap_err();
            assert!(
                e.message.starts_with(&format!("{key}: invalid regex")),
                "{text}: {e}"
            );
            assert_eq!(e.line, Some(line), "{text}: {e}");
        }
        let py = dir.path().join("pyproject.toml");
        std::fs::write(
            &py,
            "[project]\nname = 'x'\n[tool.routecov.categories.exports]\npath = '('\n",
        )
        .unwrap();
        let e = load_file(&py).unwrap_err();
        assert!(
            e.message
                .starts_with("[tool.routecov]: categories.exports.path: invalid regex"),
            "{e}"
        );
        assert_eq!(e.line, Some(4));
    }

    #[test]
    fn an_unknown_key_in_pyproject_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pyproject.toml");
        std::fs::write(
            &p,
            "[project]\nname = 'x'\n[tool.routecov]\nignore = []\nfloorz = 3\n",
        )
        .unwrap();
        let e = load_file(&p).unwrap_err();
        assert!(e.message.contains("floorz"), "{e}");
        assert_eq!(e.line, Some(5), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_of_bounded_size_are_read() {
        let e = load_file(Path::new("/dev/zero")).unwrap_err();
        assert!(e.message.contains("not a regular file"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Opening a FIFO with no writer would block forever.
            let e = load_file(&fifo).unwrap_err();
            assert!(e.message.contains("not a regular file"), "{e}");
        }
        let big = dir.path().join("big.toml");
        std::fs::write(&big, "# x\n".repeat(400_000)).unwrap();
        assert!(load_file(&big).unwrap_err().message.contains("larger than"));
    }
}
