//! The static evaluator of Python the extractors share: a module graph
//! (imports, relative imports, package re-exports, star imports) and the
//! evaluation of the expressions real code uses to build routes and URLs.
//! What it cannot evaluate becomes [`value::Value::Unknown`]. It knows Python
//! only: what a framework's calls mean comes from the [`Hooks`] plugged in,
//! and the objects they make travel as [`value::HostValue`]s.
//!
//! One [`Interp`] holds the state (`interp`); its methods are split by
//! concept, as a reader looks for them: the module graph (`imports`) and
//! modules that answer for names they lack (`module_objects`), name
//! look-ups (`names`), statements (`statements`) and their control flow
//! (`control`, `patterns`), functions and classes (`definitions`), expressions
//! (`expressions`, `operators`), calls (`calls`, `args`), comprehensions
//! (`comprehensions`), generators (`generators`), built-ins (`builtins`) and
//! those that look at objects or order them (`reflect`: `dir`, `defaultdict`,
//! `sorted`/`min`/`max` with `key=`), the small pure functions of
//! the standard library (`stdlib`) and strings (`strings`); the joining of
//! paths under unknown conditions (`merge`).
//!
//! One statement walker runs module code, the functions it calls, and the
//! function bodies a framework's extractor wants to see run (a Locust
//! task): such a body runs as an observed walk (`observe`), in which the
//! hooks see each call with the conditions it sits under, switched-off
//! code included.

mod args;
mod budget;
mod builtins;
mod calls;
mod comprehensions;
mod control;
mod definitions;
mod entry_points;
mod exceptions;
mod expressions;
mod generators;
mod imports;
mod instances;
pub mod interp;
pub mod merge;
mod module_objects;
mod mro;
mod names;
mod namespace;
mod observe;
mod operators;
mod patterns;
mod plain;
mod reflect;
mod statements;
pub mod stdlib;
mod strings;
pub mod value;

pub use crate::discovery::modules::Origin;
pub use args::Args;
pub use definitions::MAX_BASES_DEPTH;
pub use interp::{Frame, Guard, Hooks, Interp, Observed, Site};
pub use value::{HostValue, Instance, Part, Str, Value};
