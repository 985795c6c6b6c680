//! Places in a source file, with or without a syntax node.

use tree_sitter::Node;

/// A place in a source file: bytes and the 1-based line they start on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: usize,
}

/// Anything with a place in a source file: a syntax node, or a span read
/// without the parser (see [`super::plain`]).
pub trait Located: Copy {
    fn span(&self) -> Span;
}

impl Located for Node<'_> {
    fn span(&self) -> Span {
        Span {
            start: self.start_byte(),
            end: self.end_byte(),
            line: self.start_position().row + 1,
        }
    }
}

impl Located for Span {
    fn span(&self) -> Span {
        *self
    }
}
