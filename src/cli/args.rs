//! The command line's arguments: clap definitions, and the formats each
//! subcommand renders (its `--help` lists those, and any other is a usage
//! error at parse time).

use crate::render::Format;
use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// `routes` and `tasks` are lists: no page, no test suite.
const TEXT: &[Format] = &[Format::Table, Format::Json, Format::Csv, Format::Markdown];
const ALL: &[Format] = &[
    Format::Table,
    Format::Json,
    Format::Csv,
    Format::Markdown,
    Format::Html,
    Format::Junit,
    Format::Github,
];
const HISTORY: &[Format] = &[Format::Table, Format::Json, Format::Markdown];
/// `verify`: a verdict with its differences.
const VERIFY: &[Format] = &[Format::Table, Format::Json, Format::Markdown];
/// `journey`: many runs, no annotations to place.
const JOURNEY: &[Format] = &[Format::Table, Format::Json, Format::Markdown, Format::Html];
/// `compare` and `check`: a verdict on runs, not rows to export.
const RUNS: &[Format] = &[
    Format::Table,
    Format::Json,
    Format::Markdown,
    Format::Html,
    Format::Github,
];

/// `--format` of one subcommand: its formats only, named in its `--help`.
#[derive(Debug, Clone, Copy)]
pub struct FormatParser(pub &'static str, pub &'static [Format]);

impl FormatParser {
    /// Why `format` cannot be used, if it cannot.
    pub fn refuse(self, format: Format) -> Option<String> {
        (!self.1.contains(&format)).then(|| self.refusal(format.name()))
    }

    fn refusal(self, format: &str) -> String {
        let names: Vec<&str> = self.1.iter().map(|f| f.name()).collect();
        let (last, rest) = names.split_last().unwrap_or((&"", &[]));
        format!(
            "--format {format} is not available for `{}` (use {} or {last})",
            self.0,
            rest.join(", ")
        )
    }
}

impl TypedValueParser for FormatParser {
    type Value = Format;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Format, clap::Error> {
        let text = value.to_string_lossy();
        match Format::from_str(&text, false) {
            Ok(f) if self.1.contains(&f) => Ok(f),
            _ => Err(clap::Error::raw(
                ErrorKind::InvalidValue,
                format!("{}\n", self.refusal(&text)),
            )
            .with_cmd(cmd)),
        }
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            self.1.iter().filter_map(|f| f.to_possible_value()),
        ))
    }
}

impl Command {
    /// The formats the subcommand renders, with its name for messages.
    pub fn formats(&self) -> FormatParser {
        match self {
            Command::Routes(_) => FormatParser("routes", TEXT),
            Command::Tasks(_) => FormatParser("tasks", TEXT),
            Command::Report(_) => FormatParser("report", ALL),
            Command::History(_) => FormatParser("history", HISTORY),
            Command::Compare(_) => FormatParser("compare", RUNS),
            Command::Check(_) => FormatParser("check", RUNS),
            Command::Journey(_) => FormatParser("journey", JOURNEY),
            Command::Verify(_) => FormatParser("verify", VERIFY),
            Command::Debug { .. } => FormatParser("debug", ALL),
        }
    }

    /// `--format` given after the subcommand's name.
    fn own_format(&self) -> Option<Format> {
        match self {
            Command::Routes(a) => a.format,
            Command::Tasks(a) => a.format,
            Command::Report(a) => a.format,
            Command::History(a) => a.format,
            Command::Compare(a) => a.format,
            Command::Check(a) => a.format,
            Command::Journey(a) => a.format,
            Command::Verify(a) => a.format,
            Command::Debug { .. } => None,
        }
    }
}

impl Cli {
    /// The output format: the subcommand's `--format`, else the one before
    /// it, else table.
    pub fn format(&self) -> Format {
        self.command
            .own_format()
            .or(self.format)
            .unwrap_or(Format::Table)
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "routecov",
    version,
    about = "Endpoint coverage for Django load tests, found statically",
    long_about = "routecov reads a Django project and its Locust load test without importing either, \
and reports which endpoints the load test covers."
)]
pub struct Cli {
    /// Output format (table when not given); each subcommand lists the
    /// formats it renders, and takes `--format` after its name too.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Configuration file (default: routecov.toml, or [tool.routecov] in pyproject.toml, in the project).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Write the output to FILE instead of standard output.
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Do not print warnings on standard error.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every Django route with its view, name, methods and categories.
    Routes(RoutesArgs),
    /// List the load test's user classes, tasks, tags, weights and requests,
    /// and what `--tags` / `--exclude-tags` leave of them.
    #[command(long_about = TASKS_ABOUT)]
    Tasks(TasksCmd),
    /// Endpoint coverage of the load test (and of a run's stats), by
    /// category, with gaps, unmatched requests and findings; a CI gate.
    #[command(long_about = REPORT_ABOUT)]
    Report(ReportArgs),
    /// Coverage over time from a history file written by `report --history`.
    History(HistoryArgs),
    /// Compare two Locust runs: Aggregated and per-row deltas, new, gone and
    /// newly failing rows, errors and exceptions that appeared, a verdict.
    #[command(long_about = COMPARE_ABOUT)]
    Compare(CompareArgs),
    /// Check a Locust run against success criteria (configuration `[criteria]`
    /// or flags); exit 1 when any criterion fails.
    #[command(long_about = CHECK_ABOUT)]
    Check(CheckArgs),
    /// A journey across many Locust runs: each run's requests, success %,
    /// req/s, median and p95; each row's failures and p95 run by run; what
    /// holds across the runs.
    #[command(long_about = JOURNEY_ABOUT)]
    Journey(JourneyArgs),
    /// Run Django's own URL resolver in the project's Python and list every
    /// difference from the static route map; exit 1 when they differ.
    #[command(long_about = VERIFY_ABOUT)]
    Verify(VerifyArgs),
    /// Print the syntax tree of a Python file (`debug tree FILE`), for writing queries.
    Debug {
        #[command(subcommand)]
        what: DebugCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum DebugCommand {
    /// Print the syntax tree of a Python file.
    Tree { file: PathBuf },
}

/// Where the Django project is and how to read it.
#[derive(Debug, Clone, ClapArgs)]
pub struct ProjectArgs {
    /// Django project directory (holding manage.py).
    #[arg(long, short = 'p', value_name = "DIR")]
    pub project: Option<PathBuf>,
    /// Root URLconf module, instead of the settings' ROOT_URLCONF.
    #[arg(long, value_name = "MODULE")]
    pub urlconf: Option<String>,
    /// Settings module, instead of manage.py's DJANGO_SETTINGS_MODULE default.
    #[arg(long, value_name = "MODULE")]
    pub settings: Option<String>,
    /// A site-packages directory holding third-party URLconfs (repeatable).
    #[arg(long = "site-packages", value_name = "DIR")]
    pub site_packages: Vec<PathBuf>,
}

#[derive(Debug, Clone, ClapArgs)]
pub struct RoutesArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Value of an environment variable the settings or URLconfs read
    /// (repeatable); every other variable takes its default from the code.
    #[arg(long = "env", value_name = "NAME=VALUE", value_parser = parse_env)]
    pub env: Vec<(String, String)>,
    /// Output format.
    #[arg(long, value_name = "FORMAT", value_parser = FormatParser("routes", TEXT))]
    pub format: Option<Format>,
}

const VERIFY_ABOUT: &str = "Run Django's own URL resolver in the project's Python and list every \
difference from the static route map (the map `routes` builds with the same options): routes \
missing from it, extra in it, with another name, view or methods (methods compared where the view \
declares them to Django), or at another path. This is the one command that runs the project's code: it imports the \
settings and every URLconf and view, as `manage.py show_urls` would, and writes nothing.

The Python is --python, else $VIRTUAL_ENV/bin/python, else python3 on PATH. It runs in the directory \
holding manage.py, with that directory first on sys.path and DJANGO_SETTINGS_MODULE set to the \
settings module the static map used. Without --site-packages (or `site_packages` in the \
configuration), the static map reads third-party URLconfs from that Python's site-packages.

Exit codes: 0 the maps are identical, 1 they differ, 2 Django cannot be set up (its error and the \
end of its traceback are shown), the Python is not found or does not finish within --timeout.";

/// `routecov verify` arguments.
#[derive(Debug, Clone, ClapArgs)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// The Python that runs the project, with Django installed (default:
    /// $VIRTUAL_ENV/bin/python, else python3 on PATH).
    #[arg(long, value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// An environment variable for the project's Python (repeatable).
    #[arg(long = "env", value_name = "NAME=VALUE", value_parser = parse_env)]
    pub env: Vec<(String, String)>,
    /// How long Django may take to set up and list its routes (`120s`,
    /// `2m`; bare numbers are seconds) before it is stopped.
    #[arg(long, value_name = "DURATION", default_value = "120s", value_parser = crate::cli::run_args::parse_duration_s)]
    pub timeout: f64,
    /// Output format.
    #[arg(long, value_name = "FORMAT", value_parser = FormatParser("verify", VERIFY))]
    pub format: Option<Format>,
}

const TASKS_ABOUT: &str = "List the load test's user classes, tasks, tags, weights and requests, \
and what `--tags` / `--exclude-tags` leave of them, as Locust 2 would (without running it).

Without --locustfile, the locustfile is found as Locust's -f default finds it (locustfile.py, or a \
locustfile/ directory), in the project directory and then in load_testing/, loadtests/, locust/ \
and tests/. With --project, each request is matched to the route it reaches, and tasks that reach \
export routes without the `export` tag are reported when `export` is excluded.

In JSON, a nested TaskSet is a task entry of kind `taskset` or `sequential_taskset` with its own \
`tasks` (and `on_start`); a task's `weight` is how often it appears in its holder's `tasks` list.";

/// `routecov tasks`: the load test as [`TasksArgs`] reads it.
#[derive(Debug, Clone, ClapArgs)]
pub struct TasksCmd {
    #[command(flatten)]
    pub load: TasksArgs,
    /// Output format.
    #[arg(long, value_name = "FORMAT", value_parser = FormatParser("tasks", TEXT))]
    pub format: Option<Format>,
}

/// Which load test, filtered how (`tasks`, `report`, `compare`).
#[derive(Debug, Clone, ClapArgs)]
pub struct TasksArgs {
    /// The locustfile, or a directory of locustfiles (default: found like Locust's -f default).
    #[arg(long, short = 'f', value_name = "FILE")]
    pub locustfile: Option<PathBuf>,
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Keep only tasks with one of these tags, as Locust's --tags (space-separated).
    #[arg(long, short = 'T', num_args = 0.., value_name = "TAG")]
    pub tags: Option<Vec<String>>,
    /// Drop tasks with any of these tags, as Locust's --exclude-tags (space-separated).
    #[arg(long = "exclude-tags", short = 'E', num_args = 0.., value_name = "TAG")]
    pub exclude_tags: Option<Vec<String>>,
    /// Value of an environment variable the locustfile, settings or
    /// URLconfs read (repeatable); every other variable takes its default
    /// from the code.
    #[arg(long = "env", value_name = "NAME=VALUE", value_parser = parse_env)]
    pub env: Vec<(String, String)>,
    /// The rest of the run's Locust command line (shell-split), for a
    /// locustfile that reads `sys.argv`: `--locust-args "--users 50 --headless"`.
    #[arg(long = "locust-args", value_name = "ARGS", value_parser = crate::cli::run_args::parse_locust_args, allow_hyphen_values = true)]
    pub locust_args: Option<crate::cli::run_args::LocustArgs>,
}

const REPORT_ABOUT: &str = "Endpoint coverage of the load test: every endpoint (a route with one \
method) is exercised (the stats show requests for it), declared (an enabled task requests it), \
disabled (only commented-out, weight-0, flag-off or tag-excluded tasks request it) or untested. \
Coverage counts exercised endpoints when --stats is given, declared ones otherwise.

Stats rows are joined through the locustfile request carrying their name; a name no request \
carries is matched as a path ([x] standing for any value, a missing leading prefix allowed) and \
marked approximate. Exit codes: 0 ok, 1 coverage under --fail-under or a category floor, 2 \
unreadable input.";

/// `routecov report` arguments.
#[derive(Debug, Clone, ClapArgs)]
pub struct ReportArgs {
    #[command(flatten)]
    pub load: TasksArgs,
    /// A Locust run: CSV prefix (`results/run1` for `results/run1_stats.csv`) or one of its files.
    #[arg(long, short = 's', value_name = "PREFIX_OR_FILE")]
    pub stats: Option<PathBuf>,
    /// Exit 1 when overall coverage is under PCT percent (overrides `fail_under`).
    #[arg(long = "fail-under", value_name = "PCT", value_parser = crate::config::parse_percent)]
    pub fail_under: Option<f64>,
    /// What `--fail-under` and the floors count as covered with a run:
    /// `exercised` (one request) or `load_tested` (at least `min_samples`);
    /// overrides `coverage_basis`.
    #[arg(long = "coverage-basis", value_name = "BASIS", value_enum)]
    pub coverage_basis: Option<crate::config::CoverageBasis>,
    /// Requests an exercised endpoint needs to be load-tested (overrides
    /// `min_samples`; default 100).
    #[arg(long = "min-samples", value_name = "N")]
    pub min_samples: Option<u64>,
    /// Append this run's coverage as one JSON line to FILE.
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
    /// The run's client timeout (`120s`, `2.5s`, `500ms`, `2m`; bare
    /// numbers are seconds): a timeout ceiling is looked for at that value.
    #[arg(long = "client-timeout", value_name = "DURATION", value_parser = crate::cli::run_args::parse_duration_s)]
    pub client_timeout: Option<f64>,
    /// How much of the gap list the table shows (other formats hold it all).
    #[arg(long, value_name = "WHICH", value_enum, default_value_t = crate::render::report::Shown::Top)]
    pub gaps: crate::render::report::Shown,
    /// How many findings the table shows: `top` the first 3 of each kind
    /// (other formats hold them all).
    #[arg(long, value_name = "WHICH", value_enum, default_value_t = crate::render::report::Shown::Top)]
    pub findings: crate::render::report::Shown,
    /// The figures of each endpoint the table and Markdown show, in order,
    /// comma-separated: requests, failures, failure_pct, rps, median (or
    /// p50), mean, min, max, size, time, pNN (p66, p90, p99.9, ...),
    /// percentiles (every percentile column), all. JSON, CSV and HTML hold
    /// them all.
    #[arg(
        long,
        value_name = "LIST",
        value_parser = crate::render::report::parse_columns,
        default_value = "requests,failures,median,p95,p99,max"
    )]
    pub columns: crate::render::report::Columns,
    /// Rows of the coverage table: `categories` (an endpoint in every
    /// category it matches) or `partition` (each endpoint in its first
    /// category in table order, so the rows add up to the total).
    #[arg(long, value_name = "ROWS", value_enum, default_value_t = CoverageTable::Categories)]
    pub table: CoverageTable,
    /// Output format.
    #[arg(long, value_name = "FORMAT", value_parser = FormatParser("report", ALL))]
    pub format: Option<Format>,
}

/// The rows of `report`'s coverage table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CoverageTable {
    Categories,
    Partition,
}

/// `routecov history` arguments.
#[derive(Debug, Clone, ClapArgs)]
pub struct HistoryArgs {
    /// History file written by `routecov report --history` (default: `history`
    /// in the configuration).
    pub file: Option<PathBuf>,
    /// Exit 1 when coverage (overall or of a category) fell since the previous line.
    #[arg(long = "fail-on-drop")]
    pub fail_on_drop: bool,
    /// Output format.
    #[arg(long, value_name = "FORMAT", value_parser = FormatParser("history", HISTORY))]
    pub format: Option<Format>,
}

/// `99.9=1500`: a percentile (spelt as in `max_pNN_ms`) and its limit in ms.
pub fn parse_percentile_limit(s: &str) -> Result<(f64, f64), String> {
    let (p, v) = s
        .split_once('=')
        .ok_or_else(|| format!("expected PCT=MS (e.g. 99.9=1500), got `{s}`"))?;
    let p = p.trim().trim_start_matches('p');
    let percent = crate::model::stats::percent_of(p)
        .ok_or_else(|| format!("`{p}` is not a percentile from 0 to 100 (e.g. 90, 99.9, 999)"))?;
    Ok((percent, crate::config::parse_limit(v)?))
}

/// Reads `--max-pNN-ms V` (and `--max-pNN-ms=V`) for any percentile NN as
/// `--max-percentile-ms NN=V`: clap knows flags by name, and the percentile
/// columns are whatever the run's Locust wrote. `--max-p95-ms` and
/// `--max-p99-ms` are flags of their own and stay.
pub fn expand_percentile_flags(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut out = Vec::with_capacity(args.len());
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        let Some(text) = a.to_str() else {
            out.push(a);
            continue;
        };
        if text == "--" {
            out.push(a);
            out.extend(it.by_ref());
            break;
        }
        let (flag, inline) = match text.split_once('=') {
            Some((f, v)) => (f, Some(v.to_string())),
            None => (text, None),
        };
        let spelling = flag
            .strip_prefix("--max-p")
            .and_then(|r| r.strip_suffix("-ms"))
            .map(|r| r.replace('-', "_"));
        let percent = spelling
            .as_deref()
            .filter(|s| !matches!(*s, "95" | "99") && !s.starts_with("ercentile"))
            .and_then(crate::model::stats::percent_of);
        let Some(p) = spelling.filter(|_| percent.is_some()) else {
            out.push(a);
            continue;
        };
        let value = match inline {
            Some(v) => Some(v),
            None => it.next().map(|v| v.to_string_lossy().into_owned()),
        };
        out.push("--max-percentile-ms".into());
        // A missing value is left for clap to report.
        if let Some(v) = value {
            out.push(format!("{p}={v}").into());
        }
    }
    out
}

pub fn parse_env(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("expected NAME=VALUE, got `{s}`")),
    }
}

const COMPARE_ABOUT: &str = "Compare two Locust runs given by their CSV prefixes (`results/run1` for \
results/run1_stats.csv and its siblings): the Aggregated requests, failures, failure %, req/s, \
median, p95, p99 and max side by side with absolute and relative deltas; every stats row (by method \
and name; with --project or --locustfile, every endpoint, the rows joined and combined as `report` \
does) sorted by regression; rows new, gone and newly failing; errors (from *_failures.csv, with \
ports, addresses and ids normalised) and exceptions (from *_exceptions.csv) that appeared or \
vanished; the timeline of each run; a one-line verdict.

A row regresses when its failure % grows by [compare] failure_regression_points (default 1) points, \
or its median or p95 grows by latency_regression_pct (default 20) percent and at least 50 ms. The \
Aggregated row also regresses on p99 and when req/s drops by rps_regression_pct (default 20) \
percent. Rows with fewer than min_requests (default 5) requests in both runs are not judged. \
With --fail-on-regression the exit status is 1 when the candidate regressed.";

const CHECK_ABOUT: &str = "Check a Locust run against success criteria: minimum success rate, \
maximum median / mean / p95 / p99 / any percentile column / max, minimum req/s, maximum failures \
and failure %, on the Aggregated row; and limits per \
endpoint ([criteria.endpoints.\"GET /api/x/\"] or a stats name) and per category \
([criteria.categories.export], which needs --project to know each row's route). Flags override \
[criteria] in the configuration. Without any criterion in flags or configuration, the defaults \
are a success rate of at least 99% and a p95 of at most 2000 ms. Prints target, actual and \
pass/fail per criterion; exit status 1 when any criterion fails (a criterion naming a row or \
category the run lacks counts as failed), 0 otherwise.";

/// `routecov compare` arguments.
#[derive(Debug, Clone, ClapArgs)]
pub struct CompareArgs {
    /// The baseline run: a CSV prefix, one of its files, or a directory with one run.
    #[arg(value_name = "BASELINE")]
    pub baseline: PathBuf,
    /// The candidate run, as BASELINE.
    #[arg(value_name = "CANDIDATE")]
    pub candidate: PathBuf,
    /// Exit with status 1 when the candidate regressed.
    #[arg(long)]
    pub fail_on_regression: bool,
    /// With --project or --locustfile, rows are endpoints, the stats rows
    /// joined as `report` joins them; otherwise stats names.
    #[command(flatten)]
    pub load: TasksArgs,
    /// Output format.
    #[arg(long, value_name = "FORMAT", value_parser = FormatParser("compare", RUNS))]
    pub format: Option<Format>,
}

/// `routecov check` arguments.
#[derive(Debug, Clone, ClapArgs)]
pub struct CheckArgs {
    /// The run: a CSV prefix, one of its files, or a directory with one run.
    #[arg(long, short = 's', value_name = "PREFIX")]
    pub stats: PathBuf,
    /// Minimum success rate in percent (100 - failure %).
    #[arg(long, value_name = "PCT", value_parser = crate::config::parse_percent)]
    pub min_success_pct: Option<f64>,
    /// Maximum Aggregated median in milliseconds (Locust's `Median Response Time`).
    #[arg(long, value_name = "MS", value_parser = crate::config::parse_limit)]
    pub max_median_ms: Option<f64>,
    /// Maximum Aggregated mean (average) response time in milliseconds.
    #[arg(long, value_name = "MS", value_parser = crate::config::parse_limit)]
    pub max_mean_ms: Option<f64>,
    /// Maximum Aggregated p95 in milliseconds.
    #[arg(long, value_name = "MS", value_parser = crate::config::parse_limit)]
    pub max_p95_ms: Option<f64>,
    /// Maximum Aggregated p99 in milliseconds.
    #[arg(long, value_name = "MS", value_parser = crate::config::parse_limit)]
    pub max_p99_ms: Option<f64>,
    /// Maximum Aggregated max response time in milliseconds.
    #[arg(long, value_name = "MS", value_parser = crate::config::parse_limit)]
    pub max_max_ms: Option<f64>,
    /// Minimum Aggregated requests per second.
    #[arg(long, value_name = "RPS", value_parser = crate::config::parse_limit)]
    pub min_rps: Option<f64>,
    /// Maximum number of failed requests.
    #[arg(long, value_name = "N")]
    pub max_failures: Option<u64>,
    /// Maximum failed requests as a percentage of requests.
    #[arg(long, value_name = "PCT", value_parser = crate::config::parse_percent)]
    pub max_failure_pct: Option<f64>,
    /// Maximum Aggregated value of any percentile column, PCT=MS (repeatable):
    /// `--max-percentile-ms 99.9=1500`. `--max-p99.9-ms 1500`, `--max-p99_9-ms`,
    /// `--max-p999-ms` and `--max-p90-ms` are read as this flag.
    #[arg(long, value_name = "PCT=MS", value_parser = parse_percentile_limit)]
    pub max_percentile_ms: Vec<(f64, f64)>,
    /// The locustfile, to map stats names to routes for per-category criteria
    /// (default: found like Locust's -f default, when --project is given).
    #[arg(long, short = 'f', value_name = "FILE")]
    pub locustfile: Option<PathBuf>,
    #[command(flatten)]
    pub project: ProjectArgs,
    /// The rest of the run's Locust command line (shell-split), for a
    /// locustfile that reads `sys.argv`.
    #[arg(long = "locust-args", value_name = "ARGS", value_parser = crate::cli::run_args::parse_locust_args, allow_hyphen_values = true)]
    pub locust_args: Option<crate::cli::run_args::LocustArgs>,
    /// Output format.
    #[arg(long, value_name = "FORMAT", value_parser = FormatParser("check", RUNS))]
    pub format: Option<Format>,
}

const JOURNEY_ABOUT: &str = "A journey across many Locust runs of one application, given by their \
CSV prefixes (`results/v2` for results/v2_stats.csv and its siblings) in the order of the journey, or \
as one directory holding several runs, sorted by start time: the first timestamp of each run's \
*_stats_history.csv, or, for a run without a history, the modification time of its stats file.

Shows one table of the runs (requests, success %, req/s, median as Locust's `Median Response Time`, \
p95 of the Aggregated row), every row's failures and p95 run by run (rows with the most failures \
first, then the highest p95), and the findings that hold across runs: a row failing in every run \
that has it, a row that began failing or stopped failing by the last run, a p95 that rises (or \
falls) from every run to the next by at least [compare] latency_min_growth_ms (default 50) ms; and \
outliers and bimodal rows judged on the runs pooled, for rows with fewer than [thresholds] \
min_requests requests in every run. Rows are stats names; with --project or --locustfile they are \
endpoints, the stats rows joined and combined as `compare` does.";

/// `routecov journey` arguments.
#[derive(Debug, Clone, ClapArgs)]
pub struct JourneyArgs {
    /// The runs in journey order: CSV prefixes or files of runs; or one
    /// directory holding several runs (sorted by start time).
    #[arg(value_name = "RUN", required = true)]
    pub runs: Vec<PathBuf>,
    /// With --project or --locustfile, rows are endpoints, the stats rows
    /// joined as `report` joins them; otherwise stats names.
    #[command(flatten)]
    pub load: TasksArgs,
    /// Output format.
    #[arg(long, value_name = "FORMAT", value_parser = FormatParser("journey", JOURNEY))]
    pub format: Option<Format>,
}
