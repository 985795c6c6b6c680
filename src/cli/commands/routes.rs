//! `routecov routes`: every Django route.

use crate::cli::args::{Cli, RoutesArgs};
use crate::cli::output::{rendered, width, Log, Outcome};
use crate::cli::project::{project_options, routes_of};
use crate::cli::status::{error, Error};
use crate::render::{self, Format};

pub fn run(cli: &Cli, a: &RoutesArgs, log: &mut Log) -> Result<Outcome, Error> {
    let (mut opts, loaded) = project_options(cli, &a.project)?;
    opts.env = a.env.iter().cloned().collect();
    let mut map = routes_of(&opts, &loaded).map_err(error)?;
    for w in &map.warnings {
        log.warn(w);
    }
    if cli.format() == Format::Json {
        return Ok(Outcome::streamed(Box::new(move |out| {
            let r = render::routes::json_to(&mut map, out);
            // The process ends next: freeing every route one by one (a few
            // milliseconds at 10,000 routes) would only delay it.
            std::mem::forget(map);
            r
        })));
    }
    let text = render::routes::render(&map, cli.format(), width(cli));
    Ok(Outcome::text(rendered(cli, text)?))
}
