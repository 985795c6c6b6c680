//! The command line: arguments are parsed and validated into options, the
//! pipeline runs, and the exit status is decided at the end.

mod history_file;

use crate::config::{self, Loaded};
use crate::extract::locustfile::{extract_tasks, TaskOptions};
use crate::extract::{route_map, RouteOptions};
use crate::render::{self, Format};
use clap::{Args as ClapArgs, Parser, Subcommand};
use history_file::write_atomic;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Process exit status: 0 ok, 1 a gate failed, 2 usage error or unreadable input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success,
    Failure,
    Error,
}

impl ExitStatus {
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
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
    /// Output format.
    #[arg(long, global = true, value_enum, default_value = "table")]
    pub format: Format,
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
    Tasks(TasksArgs),
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
    /// Tools for whoever writes routecov's tree-sitter queries.
    #[command(hide = true)]
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
}

const TASKS_ABOUT: &str = "List the load test's user classes, tasks, tags, weights and requests, \
and what `--tags` / `--exclude-tags` leave of them, as Locust 2 would (without running it).

Without --locustfile, the locustfile is found as Locust's -f default finds it (locustfile.py, or a \
locustfile/ directory), in the project directory and then in load_testing/, loadtests/, locust/ \
and tests/. With --project, each request is matched to the route it reaches, and tasks that reach \
export routes without the `export` tag are reported when `export` is excluded.

In JSON, a nested TaskSet is a task entry of kind `taskset` or `sequential_taskset` with its own \
`tasks` (and `on_start`); a task's `weight` is how often it appears in its holder's `tasks` list.";

/// `routecov tasks` arguments.
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
    /// Value of an environment variable the locustfile reads (repeatable);
    /// every other variable takes its default from the code.
    #[arg(long = "env", value_name = "NAME=VALUE", value_parser = parse_env)]
    pub env: Vec<(String, String)>,
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
    #[arg(long = "fail-under", value_name = "PCT")]
    pub fail_under: Option<f64>,
    /// Append this run's coverage as one JSON line to FILE.
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
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
}

fn parse_env(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("expected NAME=VALUE, got `{s}`")),
    }
}

/// Runs routecov with `args` (the first one is the program name).
pub fn main_with_args<I, T>(args: I) -> ExitStatus
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Success
            };
        }
    };
    run(cli)
}

fn error(message: impl std::fmt::Display) -> ExitStatus {
    eprintln!("error: {message}");
    ExitStatus::Error
}

fn run(cli: Cli) -> ExitStatus {
    match &cli.command {
        Command::Routes(a) => routes(&cli, a),
        Command::Tasks(a) => tasks(&cli, a),
        Command::Report(a) => report(&cli, a),
        Command::History(a) => history(&cli, a),
        Command::Compare(a) => compare(&cli, a),
        Command::Check(a) => check(&cli, a),
        Command::Debug {
            what: DebugCommand::Tree { file },
        } => match crate::parsing::parse_file(file, file.display().to_string()) {
            Ok(f) => emit(&cli, &crate::parsing::dump_tree(&f)),
            Err(e) => error(format!("{}: {e}", file.display())),
        },
    }
}

/// Loads configuration and fills project options: flags win over configuration.
fn project_options(cli: &Cli, a: &ProjectArgs) -> Result<(RouteOptions, Loaded), ExitStatus> {
    let flag_project = a.project.clone();
    let probe_dir = flag_project.clone().unwrap_or_else(|| PathBuf::from("."));
    let loaded = config::discover(cli.config.as_deref(), &probe_dir).map_err(error)?;
    let c = &loaded.config;
    let project = flag_project
        .or_else(|| c.project.as_ref().map(|p| loaded.resolve(p)))
        .unwrap_or_else(|| PathBuf::from("."));
    let mut site_packages = a.site_packages.clone();
    site_packages.extend(c.site_packages.iter().map(|p| loaded.resolve(p)));
    let opts = RouteOptions {
        project,
        settings: a.settings.clone().or_else(|| c.settings.clone()),
        urlconf: a.urlconf.clone().or_else(|| c.urlconf.clone()),
        site_packages,
    };
    Ok((opts, loaded))
}

fn routes(cli: &Cli, a: &RoutesArgs) -> ExitStatus {
    let (opts, loaded) = match project_options(cli, &a.project) {
        Ok(x) => x,
        Err(s) => return s,
    };
    let map = match routes_of(&opts, &loaded) {
        Ok(m) => m,
        Err(e) => return error(e),
    };
    if !cli.quiet {
        for w in &map.warnings {
            eprintln!("warning: {w}");
        }
    }
    let width = render::table_width(cli.output.is_none() && std::io::stdout().is_terminal());
    match render::routes::render(&map, cli.format, width) {
        Some(text) => emit(cli, &text),
        None => error(format!(
            "--format {} is not available for `routes` (use table, json, csv or markdown)",
            cli.format.name()
        )),
    }
}

fn tasks(cli: &Cli, a: &TasksArgs) -> ExitStatus {
    let (route_opts, loaded) = match project_options(cli, &a.project) {
        Ok(x) => x,
        Err(s) => return s,
    };
    // Routes are joined only when a project is named, by flag or configuration.
    let with_project = a.project.project.is_some() || loaded.config.project.is_some();
    if with_project && !route_opts.project.is_dir() {
        return error(format!(
            "{}: no such directory",
            route_opts.project.display()
        ));
    }
    let opts = TaskOptions {
        locustfile: a.locustfile.clone(),
        base: route_opts.project.clone(),
        tags: a.tags.clone(),
        exclude_tags: a.exclude_tags.clone(),
        env: a.env.iter().cloned().collect(),
    };
    let mut model = match extract_tasks(&opts) {
        Ok(m) => m,
        Err(e) => return error(e),
    };
    if with_project {
        match routes_of(&route_opts, &loaded) {
            Ok(map) => crate::join::join_tasks(&mut model, &map),
            Err(e) => model.warnings.push(crate::diagnostics::Warning::new(
                route_opts.project.display().to_string(),
                0,
                format!("routes not read, requests are not matched to routes: {e}"),
            )),
        }
    }
    if !cli.quiet {
        if a.locustfile.is_none() {
            eprintln!("using {} ({})", model.locustfile, model.found_by);
        }
        for w in &model.warnings {
            eprintln!("warning: {w}");
        }
    }
    let width = render::table_width(cli.output.is_none() && std::io::stdout().is_terminal());
    match render::tasks::render(&model, cli.format, width) {
        Some(text) => emit(cli, &text),
        None => error(format!(
            "--format {} is not available for `tasks` (use table, json, csv or markdown)",
            cli.format.name()
        )),
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
maximum p95 / p99 / max, minimum req/s, maximum failures, on the Aggregated row; and limits per \
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
}

/// `routecov check` arguments.
#[derive(Debug, Clone, ClapArgs)]
pub struct CheckArgs {
    /// The run: a CSV prefix, one of its files, or a directory with one run.
    #[arg(long, short = 's', value_name = "PREFIX")]
    pub stats: PathBuf,
    /// Minimum success rate in percent (100 - failure %).
    #[arg(long, value_name = "PCT")]
    pub min_success_pct: Option<f64>,
    /// Maximum Aggregated p95 in milliseconds.
    #[arg(long, value_name = "MS")]
    pub max_p95_ms: Option<f64>,
    /// Maximum Aggregated p99 in milliseconds.
    #[arg(long, value_name = "MS")]
    pub max_p99_ms: Option<f64>,
    /// Maximum Aggregated max response time in milliseconds.
    #[arg(long, value_name = "MS")]
    pub max_max_ms: Option<f64>,
    /// Minimum Aggregated requests per second.
    #[arg(long, value_name = "RPS")]
    pub min_rps: Option<f64>,
    /// Maximum number of failed requests.
    #[arg(long, value_name = "N")]
    pub max_failures: Option<u64>,
    /// The locustfile, to map stats names to routes for per-category criteria
    /// (default: found like Locust's -f default, when --project is given).
    #[arg(long, short = 'f', value_name = "FILE")]
    pub locustfile: Option<PathBuf>,
    #[command(flatten)]
    pub project: ProjectArgs,
}

fn read_run_or_error(
    p: &Path,
    quiet: bool,
) -> Result<crate::extract::locust_csv::RunStats, ExitStatus> {
    let run = crate::extract::locust_csv::read_run(p).map_err(error)?;
    if !quiet {
        for w in &run.warnings {
            eprintln!("warning: {w}");
        }
    }
    Ok(run)
}

fn compare(cli: &Cli, a: &CompareArgs) -> ExitStatus {
    use crate::analysis::{categories, compare as cmp, coverage};
    let joined = a.load.project.project.is_some() || a.load.locustfile.is_some();
    let project = if joined {
        match load_project(cli, &a.load) {
            Ok(x) => Some(x),
            Err(s) => return s,
        }
    } else {
        None
    };
    let loaded = match &project {
        Some(p) => p.loaded.clone(),
        None => match config::discover(cli.config.as_deref(), Path::new(".")) {
            Ok(l) => l,
            Err(e) => return error(e),
        },
    };
    let (b, c) = match (
        read_run_or_error(&a.baseline, cli.quiet),
        read_run_or_error(&a.candidate, cli.quiet),
    ) {
        (Ok(b), Ok(c)) => (b, c),
        (Err(s), _) | (_, Err(s)) => return s,
    };
    let cmp = match &project {
        Some(p) => {
            if !cli.quiet {
                if a.load.locustfile.is_none() {
                    eprintln!("using {} ({})", p.model.locustfile, p.model.found_by);
                }
                for w in p.map.warnings.iter().chain(&p.model.warnings) {
                    eprintln!("warning: {w}");
                }
            }
            let cats = categories::categories(&loaded.config);
            let join = coverage::Inputs {
                map: &p.map,
                model: &p.model,
                run: None,
                config: &loaded.config,
                categories: &cats,
            };
            cmp::compare_endpoints(&b, &c, &loaded.config.compare, &join)
        }
        None => cmp::compare(&b, &c, &loaded.config.compare),
    };
    let width = render::table_width(cli.output.is_none() && std::io::stdout().is_terminal());
    let status = match render::compare::render(&cmp, cli.format, width) {
        Some(text) => emit(cli, &text),
        None => {
            return error(format!(
                "--format {} is not available for `compare` (use table, json, markdown or html)",
                cli.format.name()
            ))
        }
    };
    if status == ExitStatus::Success && a.fail_on_regression && cmp.regressed {
        ExitStatus::Failure
    } else {
        status
    }
}

fn check(cli: &Cli, a: &CheckArgs) -> ExitStatus {
    let (route_opts, loaded) = match project_options(cli, &a.project) {
        Ok(x) => x,
        Err(s) => return s,
    };
    let run = match read_run_or_error(&a.stats, cli.quiet) {
        Ok(r) => r,
        Err(s) => return s,
    };
    let flags = config::Limits {
        min_success_pct: a.min_success_pct,
        max_p95_ms: a.max_p95_ms,
        max_p99_ms: a.max_p99_ms,
        max_max_ms: a.max_max_ms,
        min_rps: a.min_rps,
        max_failures: a.max_failures,
    };
    let criteria = &loaded.config.criteria;
    // Rows are mapped to routes only when a project is named and a criterion needs it.
    let with_project = a.project.project.is_some() || loaded.config.project.is_some();
    let map = if with_project && (!criteria.categories.is_empty() || !criteria.endpoints.is_empty())
    {
        match routes_of(&route_opts, &loaded) {
            Ok(m) => Some(m),
            Err(e) => return error(e),
        }
    } else {
        None
    };
    let model = map.as_ref().and_then(|m| {
        let opts = TaskOptions {
            locustfile: a
                .locustfile
                .clone()
                .or_else(|| loaded.config.locustfile.as_ref().map(|p| loaded.resolve(p))),
            base: route_opts.project.clone(),
            tags: None,
            exclude_tags: None,
            env: Default::default(),
        };
        match extract_tasks(&opts) {
            Ok(mut model) => {
                crate::join::join_tasks(&mut model, m);
                Some(model)
            }
            Err(e) => {
                if !cli.quiet {
                    eprintln!("warning: stats names matched as URLs only: {e}");
                }
                None
            }
        }
    });
    let resolver = map
        .as_ref()
        .map(|m| crate::analysis::criteria::route_resolver(m, model.as_ref()));
    let resolve: crate::analysis::criteria::Resolver = resolver
        .as_ref()
        .map(|f| f as &dyn Fn(&crate::extract::locust_csv::StatsRow) -> _);
    let result = crate::analysis::criteria::check(&run, criteria, &flags, resolve);
    let width = render::table_width(cli.output.is_none() && std::io::stdout().is_terminal());
    let status = match render::check::render(&result, cli.format, width) {
        Some(text) => emit(cli, &text),
        None => {
            return error(format!(
                "--format {} is not available for `check` (use table, json, markdown or html)",
                cli.format.name()
            ))
        }
    };
    if status == ExitStatus::Success && !result.passed {
        ExitStatus::Failure
    } else {
        status
    }
}

/// Colour only on a terminal, and never when `NO_COLOR` is set.
fn use_color(cli: &Cli) -> bool {
    cli.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none()
}

/// Writes output to `--output` (atomically) or standard output. A closed
/// pipe (`routecov routes | head`) is a normal end.
fn emit(cli: &Cli, text: &str) -> ExitStatus {
    match &cli.output {
        Some(path) => match write_atomic(path, text.as_bytes()) {
            Ok(()) => ExitStatus::Success,
            Err(e) => error(format!("cannot write {}: {e}", path.display())),
        },
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                Ok(()) => ExitStatus::Success,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Success,
                Err(e) => error(format!("cannot write output: {e}")),
            }
        }
    }
}

/// The project's route map as the configuration sees it.
fn routes_of(
    opts: &RouteOptions,
    loaded: &Loaded,
) -> Result<crate::model::RouteMap, crate::extract::RouteError> {
    let mut map = route_map(opts)?;
    crate::analysis::classify_routes(&mut map, &loaded.config);
    Ok(map)
}

/// A project's routes and load test, read as `report` reads them.
struct Project {
    route_opts: RouteOptions,
    loaded: Loaded,
    map: crate::model::RouteMap,
    model: crate::model::LocustModel,
}

fn load_project(cli: &Cli, load: &TasksArgs) -> Result<Project, ExitStatus> {
    let (route_opts, loaded) = project_options(cli, &load.project)?;
    let map = routes_of(&route_opts, &loaded).map_err(error)?;
    let opts = TaskOptions {
        locustfile: load
            .locustfile
            .clone()
            .or_else(|| loaded.config.locustfile.as_ref().map(|p| loaded.resolve(p))),
        base: route_opts.project.clone(),
        tags: load.tags.clone(),
        exclude_tags: load.exclude_tags.clone(),
        env: load.env.iter().cloned().collect(),
    };
    let model = extract_tasks(&opts).map_err(error)?;
    Ok(Project {
        route_opts,
        loaded,
        map,
        model,
    })
}

fn report(cli: &Cli, a: &ReportArgs) -> ExitStatus {
    use crate::analysis::{categories, coverage};
    let Project {
        route_opts,
        loaded,
        map,
        model,
    } = match load_project(cli, &a.load) {
        Ok(p) => p,
        Err(s) => return s,
    };
    let run = match &a.stats {
        Some(p) => match crate::extract::locust_csv::read_run(p) {
            Ok(r) => Some(r),
            Err(e) => return error(e),
        },
        None => None,
    };
    let cats = categories::categories(&loaded.config);
    let known: Vec<&str> = cats.iter().map(|c| c.name.as_str()).collect();
    if let Some(bad) = loaded
        .config
        .floors
        .keys()
        .find(|k| !known.contains(&k.as_str()))
    {
        return error(format!(
            "floor for unknown category \"{bad}\" (categories: {})",
            known.join(", ")
        ));
    }
    let report = coverage::build(&coverage::Inputs {
        map: &map,
        model: &model,
        run: run.as_ref(),
        config: &loaded.config,
        categories: &cats,
    });
    if !cli.quiet {
        if a.load.locustfile.is_none() {
            eprintln!("using {} ({})", model.locustfile, model.found_by);
        }
        for w in &report.warnings {
            eprintln!("warning: {w}");
        }
    }
    let history_file = a
        .history
        .clone()
        .or_else(|| loaded.config.history.as_ref().map(|p| loaded.resolve(p)));
    // Opened (and checked) before anything is printed: a history file that
    // cannot be used ends the run before its output, never after.
    let appender = match &history_file {
        Some(path) => match history_file::read(path).and_then(|(_, warnings)| {
            if !cli.quiet {
                for w in &warnings {
                    eprintln!("warning: {w}");
                }
            }
            history_file::Appender::open(path)
        }) {
            Ok(a) => Some(a),
            Err(e) => return error(e),
        },
        None => None,
    };
    let width = render::table_width(cli.output.is_none() && std::io::stdout().is_terminal());
    let rendered = if cli.format == Format::Html {
        let timeline = run.as_ref().and_then(crate::analysis::timeline::timeline);
        Some(render::report::html_page(&report, timeline.as_ref()))
    } else {
        render::report::render_styled(&report, cli.format, width, use_color(cli))
    };
    let status = match rendered {
        Some(text) => emit(cli, &text),
        None => {
            return error(format!(
            "--format {} is not available for `report` (use table, json, csv, markdown, junit or html)",
            cli.format.name()
        ))
        }
    };
    if status != ExitStatus::Success {
        return status;
    }
    if let Some(appender) = appender {
        let dir = std::fs::canonicalize(&route_opts.project)
            .unwrap_or_else(|_| route_opts.project.clone());
        let (commit, branch) = history_file::git_head(&dir);
        let entry = coverage::history_entry(&report, history_file::now(), commit, branch);
        if let Err(e) = appender.append(&entry) {
            return error(e);
        }
    }
    match coverage::gate(
        &report,
        a.fail_under.or(loaded.config.fail_under),
        &loaded.config.floors,
    ) {
        Some(reason) => {
            eprintln!("{reason}");
            ExitStatus::Failure
        }
        None => ExitStatus::Success,
    }
}

fn history(cli: &Cli, a: &HistoryArgs) -> ExitStatus {
    let file = match &a.file {
        Some(f) => f.clone(),
        None => {
            let loaded = match config::discover(cli.config.as_deref(), Path::new(".")) {
                Ok(l) => l,
                Err(e) => return error(e),
            };
            match loaded.config.history.as_ref().map(|p| loaded.resolve(p)) {
                Some(f) => f,
                None => {
                    return error(
                        "no history file: pass FILE, or set `history` in routecov.toml or [tool.routecov]",
                    )
                }
            }
        }
    };
    if !file.is_file() {
        return error(format!("{}: no such history file", file.display()));
    }
    let entries = match history_file::read(&file) {
        Ok((entries, warnings)) => {
            if !cli.quiet {
                for w in &warnings {
                    eprintln!("warning: {w}");
                }
            }
            entries
        }
        Err(e) => return error(e),
    };
    let view = render::history::view(&file.display().to_string(), &entries);
    let width = render::table_width(cli.output.is_none() && std::io::stdout().is_terminal());
    let status = match render::history::render(&view, cli.format, width) {
        Some(text) => emit(cli, &text),
        None => {
            return error(format!(
                "--format {} is not available for `history` (use table, json or markdown)",
                cli.format.name()
            ))
        }
    };
    if status != ExitStatus::Success {
        return status;
    }
    if a.fail_on_drop && !view.drops.is_empty() {
        let reasons: Vec<&str> = view.drops.iter().map(|d| d.message.as_str()).collect();
        eprintln!("{}", reasons.join("; "));
        return ExitStatus::Failure;
    }
    ExitStatus::Success
}
