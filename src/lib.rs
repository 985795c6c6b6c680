//! routecov: endpoint coverage for Django load tests, found statically.
//!
//! The modules follow the pipeline: [`discovery`] finds the files, [`parsing`]
//! turns them into syntax trees, [`python`] evaluates what the code builds,
//! [`extract`] turns each source into the [`model`], [`join`] links requests
//! to routes, [`analysis`] derives categories and coverage, and [`render`]
//! writes the results.

pub mod analysis;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod discovery;
pub mod extract;
pub mod join;
pub mod model;
pub mod parsing;
pub mod python;
pub mod render;
