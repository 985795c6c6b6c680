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

/// The route map as the configuration sees it: ignored routes dropped, every
/// route given its categories, and the URLconfs' own problems found.
pub fn classify_routes(map: &mut RouteMap, config: &Config) {
    map.routes
        .retain(|r| !config.ignore.iter().any(|re| re.is_match(&r.path)));
    let cats = categories::categories(config);
    categories::assign(&cats, &mut map.routes);
    map.findings = route_findings::find(&map.routes);
}
