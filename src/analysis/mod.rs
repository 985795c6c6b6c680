//! Analysis over the model: categories, coverage, findings, comparison and
//! criteria.

pub mod categories;
pub mod compare;
pub mod coverage;
pub mod criteria;
pub mod depth;
pub mod errors;
pub mod findings;
pub mod flows;
pub mod history;
pub mod journey;
pub mod mix;
pub mod route_findings;
pub mod timeline;
pub mod verify;

use crate::config::Config;
use crate::model::RouteMap;

/// Compiles the regexes of the analysis that every report uses (default
/// categories, error and exception readers), so that a caller can have
/// them ready, on another core, before they are needed.
pub fn compile_regexes() {
    categories::compiled_default_rules();
    errors::compile_regexes();
    findings::compile_regexes();
    coverage::compile_regexes();
}

/// The route map as the configuration sees it: ignored routes dropped, every
/// route given its categories, and the URLconfs' own problems found.
pub fn classify_routes(map: &mut RouteMap, config: &Config) {
    map.routes
        .retain(|r| !config.ignore.iter().any(|re| re.is_match(&r.path)));
    let routes = &map.routes;
    // Export flows and findings read the paths, names and views only, and
    // take as long as the category tests (each about 10 ms at 10,000
    // routes): on a second core they run beside them. Each side's result
    // is the one the serial order gives.
    let side = || (flows::export_flows(routes), route_findings::find(routes));
    let (cats, matched, (steps, findings)) = std::thread::scope(|s| {
        let spawned = std::thread::Builder::new().spawn_scoped(s, side);
        let cats = categories::categories(config);
        let matched = categories::shape_free_matches(&cats, routes);
        // A thread the system refused, or one that panicked (the same
        // panic again here, reported as the serial run would), runs here.
        let other = match spawned {
            Ok(h) => h.join().unwrap_or_else(|_| side()),
            Err(_) => side(),
        };
        (cats, matched, other)
    });
    categories::settle(&cats, &mut map.routes, steps, matched);
    map.findings = findings;
}
