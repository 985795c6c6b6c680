//! routecov: endpoint coverage for Django load tests, found statically.
//!
//! The modules follow the pipeline, and each uses only those before it:
//!
//! 1. [`diagnostics`]: warnings pointing at file and line;
//! 2. [`model`]: the plain data every stage produces or reads (routes, the
//!    Locust model, a run's stats, findings, history lines);
//! 3. [`config`]: `routecov.toml` or `[tool.routecov]`;
//! 4. [`discovery`]: from a project directory to its files and modules;
//! 5. [`parsing`]: syntax trees (tree-sitter) and the queries on them;
//! 6. [`python`]: the static evaluator of Python, knowing no framework;
//! 7. [`extract`]: one extractor per source (URLconfs and views, locustfiles,
//!    Locust CSVs), with the Django and Locust knowledge the evaluator calls;
//! 8. [`join`]: requests and stats rows to routes;
//! 9. [`analysis`]: categories, coverage, findings, comparison, criteria;
//! 10. [`render`]: the model as table, JSON, CSV, Markdown, HTML, JUnit;
//! 11. [`cli`]: arguments, configuration, exit codes, the history file.
//!
//! No module uses a later one, and no modules use each other in a circle,
//! inside a folder either: `tests/architecture.rs` checks both.

#![warn(clippy::too_many_lines, clippy::cognitive_complexity)]

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
