//! `routecov compare`: two Locust runs side by side, by stats row or, with a
//! project, by endpoint.

use crate::analysis::{categories, compare as cmp, coverage};
use crate::cli::args::{Cli, CompareArgs};
use crate::cli::output::{locator, rendered, width, Log, Outcome};
use crate::cli::project::{optional_project, read_run};
use crate::cli::status::Error;
use crate::render::{self, Format};

pub fn run(cli: &Cli, a: &CompareArgs, log: &mut Log) -> Result<Outcome, Error> {
    let (project, loaded) = optional_project(cli, &a.load, log)?;
    // Both are read, so the warnings of both are shown before an error.
    let (b, c) = (read_run(&a.baseline, log), read_run(&a.candidate, log));
    let (b, c) = (b?, c?);
    let mut cmp = match &project {
        Some(p) => {
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
    crate::analysis::depth::mark_comparison(
        &mut cmp,
        loaded
            .config
            .min_samples
            .unwrap_or(crate::analysis::depth::DEFAULT_MIN_SAMPLES),
    );
    let text = match cli.format() {
        Format::Github => Some(render::github::compare(&cmp, &locator(None))),
        format => render::compare::render(&cmp, format, width(cli)),
    };
    let mut outcome = Outcome::text(rendered(cli, text)?);
    if a.fail_on_regression && cmp.regressed {
        // The verdict, in the output, says why.
        outcome.gate = Some(String::new());
    }
    Ok(outcome)
}
