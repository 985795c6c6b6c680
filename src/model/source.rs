//! Where an extracted item comes from.

use serde::Serialize;

/// A place in an analysed file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Source {
    pub file: String,
    pub line: usize,
}
