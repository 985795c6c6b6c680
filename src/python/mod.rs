//! The static evaluator of Python the extractors share: a module graph
//! (imports, relative imports, package re-exports, star imports) and the
//! evaluation of the expressions real code uses to build routes and URLs.
//! What it cannot evaluate becomes [`value::Value::Unknown`]. It knows Python
//! only: what a framework's calls mean comes from the [`Hooks`] plugged in,
//! and the objects they make travel as [`value::HostValue`]s.
//!
//! One [`Interp`] holds the state (`interp`); its methods are split by
//! concept, as a reader looks for them: the module graph (`imports`), name
//! look-ups (`names`), statements (`statements`), functions and classes
//! (`definitions`), expressions (`expressions`, `operators`), calls
//! (`calls`, `args`), comprehensions (`comprehensions`), built-ins
//! (`builtins`), the small pure functions of the standard library
//! (`stdlib`) and strings (`strings`); the joining of paths under unknown
//! conditions (`merge`).

mod args;
mod budget;
mod builtins;
mod calls;
mod comprehensions;
mod definitions;
mod exceptions;
mod expressions;
mod imports;
mod instances;
pub mod interp;
pub mod merge;
mod names;
mod operators;
mod statements;
pub mod stdlib;
mod strings;
pub mod value;

pub use crate::discovery::modules::Origin;
pub use args::Args;
pub use definitions::MAX_BASES_DEPTH;
pub use interp::{Frame, Hooks, Interp, Site};
pub use value::{HostValue, Instance, Part, Str, Value};
