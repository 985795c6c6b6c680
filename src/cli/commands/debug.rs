//! `routecov debug tree`: the syntax tree of a Python file, for whoever
//! writes routecov's tree-sitter queries.

use crate::cli::output::Outcome;
use crate::cli::status::{error, Error};
use std::path::Path;

pub fn tree(file: &Path) -> Result<Outcome, Error> {
    let f = crate::parsing::parse_file(file, file.display().to_string())
        .map_err(|e| error(format!("{}: {e}", file.display())))?;
    Ok(Outcome::text(crate::parsing::dump_tree(&f)))
}
