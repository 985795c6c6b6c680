//! The command line: arguments are parsed and validated into options, the
//! pipeline runs, and the exit status is decided at the end.

use crate::config::{self, Loaded};
use crate::extract::locustfile::{extract_tasks, TaskOptions};
use crate::extract::{route_map, RouteOptions};
use crate::render::{self, Format};
use clap::{Args as ClapArgs, Parser, Subcommand};
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
    let map = match route_map(&opts, &loaded) {
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
        match route_map(&route_opts, &loaded) {
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

/// Writes through a temporary file in the same directory and renames it, so
/// readers never see a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
