//! One file per subcommand: each reads its inputs, logs its warnings and
//! hands back the rendered [`Outcome`](super::output::Outcome); printing and
//! the exit status are decided in one place ([`super::run`]).

pub mod check;
pub mod compare;
pub mod debug;
pub mod history;
pub mod journey;
pub mod report;
pub mod routes;
pub mod tasks;
pub mod verify;
