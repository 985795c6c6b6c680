//! `routecov report`: endpoint coverage, the history line, the CI gate.

use crate::analysis::{categories, coverage};
use crate::cli::args::{Cli, CoverageTable, ReportArgs};
use crate::cli::history_file;
use crate::cli::output::{locator, rendered, use_color, width, Log, Outcome};
use crate::cli::project::{load_project, Project};
use crate::cli::status::{error, Error};
use crate::model::report::Report;
use crate::render::{self, Format};

pub fn run(cli: &Cli, a: &ReportArgs, log: &mut Log) -> Result<Outcome, Error> {
    let Project {
        route_opts,
        loaded,
        map,
        model,
    } = load_project(cli, &a.load)?;
    let run = match &a.stats {
        Some(p) => Some(crate::extract::locust_csv::read_run(p).map_err(error)?),
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
        return Err(error(format!(
            "floor for unknown category \"{bad}\" (categories: {})",
            known.join(", ")
        )));
    }
    let mut config = loaded.config.clone();
    if let Some(seconds) = a.client_timeout {
        config.thresholds.client_timeout_s = Some(seconds);
    }
    if let Some(n) = a.min_samples {
        config.min_samples = Some(n);
    }
    let mut report = coverage::build(&coverage::Inputs {
        map: &map,
        model: &model,
        run: run.as_ref(),
        config: &config,
        categories: &cats,
    });
    report.gates = gates(a, &loaded, &report);
    if a.table == CoverageTable::Partition {
        report.partition = coverage::partition(&report.endpoints, &cats, report.coverage_basis);
    }
    if a.load.locustfile.is_none() {
        log.note(format!("using {} ({})", model.locustfile, model.found_by));
    }
    for w in &report.warnings {
        log.warn(w);
    }
    let history = a
        .history
        .clone()
        .or_else(|| loaded.config.history.as_ref().map(|p| loaded.resolve(p)));
    // Opened (and checked) before anything is printed: a history file that
    // cannot be used ends the run before its output, never after.
    let appender = match &history {
        Some(path) => {
            let (_, warnings) = history_file::read(path).map_err(error)?;
            for w in &warnings {
                log.warn(w);
            }
            Some(history_file::Appender::open(path).map_err(error)?)
        }
        None => None,
    };
    let text = if cli.format() == Format::Html {
        let timeline = run.as_ref().and_then(crate::analysis::timeline::timeline);
        Some(render::report::html_page(&report, timeline.as_ref()))
    } else if cli.format() == Format::Github {
        let locate = locator(Some(&route_opts.project));
        Some(render::github::report(&report, &locate))
    } else {
        render::report::render_styled(
            &report,
            cli.format(),
            width(cli),
            use_color(cli),
            render::report::Detail {
                gaps: a.gaps,
                findings: a.findings,
            },
            &a.columns,
        )
    };
    let text = rendered(cli, text)?;
    let gate = coverage::failed(&report.gates);
    let after = appender.map(|appender| {
        let project = route_opts.project.clone();
        Box::new(move || append(appender, &project, &report)) as Box<dyn FnOnce() -> _>
    });
    Ok(Outcome {
        after,
        gate,
        ..Outcome::text(text)
    })
}

/// The gates of this run, each floor with where it was set: the flag over
/// the configuration's key (with its file and line).
fn gates(
    a: &ReportArgs,
    loaded: &crate::config::Loaded,
    report: &Report,
) -> Vec<crate::model::report::Gate> {
    let from_config = |key: &str, value: f64| coverage::Floor {
        value,
        source: loaded.source_of(key).unwrap_or_else(|| key.to_string()),
    };
    let fail_under = match (a.fail_under, loaded.config.fail_under) {
        (Some(value), _) => Some(coverage::Floor {
            value,
            source: "--fail-under".into(),
        }),
        (None, Some(value)) => Some(from_config("fail_under", value)),
        (None, None) => None,
    };
    let floors: Vec<(String, coverage::Floor)> = loaded
        .config
        .floors
        .iter()
        .map(|(name, v)| (name.clone(), from_config(&format!("floors.{name}"), *v)))
        .collect();
    let basis = match (a.coverage_basis, loaded.config.coverage_basis) {
        (Some(basis), _) => coverage::GateBasis {
            basis,
            source: Some("--coverage-basis".into()),
        },
        (None, Some(basis)) => coverage::GateBasis {
            basis,
            source: Some(
                loaded
                    .source_of("coverage_basis")
                    .unwrap_or_else(|| "coverage_basis".into()),
            ),
        },
        (None, None) => coverage::GateBasis::default(),
    };
    coverage::gates(report, fail_under.as_ref(), &floors, &basis)
}

/// The history line of this run, with the project's git commit and branch.
fn append(
    appender: history_file::Appender,
    project: &std::path::Path,
    report: &Report,
) -> Result<(), Error> {
    let dir = std::fs::canonicalize(project).unwrap_or_else(|_| project.to_path_buf());
    let (commit, branch) = history_file::git_head(&dir);
    let entry = coverage::history_entry(report, history_file::now(), commit, branch);
    appender.append(&entry).map_err(error)
}
