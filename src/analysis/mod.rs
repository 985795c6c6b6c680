//! Analysis over the model: categories now; coverage, findings, comparison
//! and criteria build on the same model.

pub mod categories;
pub mod compare;
pub mod coverage;
pub mod criteria;
pub mod findings;
pub mod history;
pub mod route_findings;
pub mod timeline;
