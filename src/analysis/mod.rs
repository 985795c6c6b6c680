//! Analysis over the model: categories now; coverage, findings, comparison
//! and criteria build on the same model.

pub mod categories;
pub mod findings;
pub mod history;
pub mod route_findings;
