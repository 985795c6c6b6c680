//! The static evaluator of Python shared by the URLconf and locustfile
//! extractors: a module graph (imports, relative imports, package re-exports,
//! star imports) and the evaluation of the expressions real code uses to build
//! routes and URLs. What it cannot evaluate becomes [`value::Value::Unknown`].

pub mod interp;
pub mod value;

pub use crate::discovery::modules::Origin;
pub use interp::{Args, Frame, Hooks, Interp, Site};
pub use value::{Part, Str, Value};
