//! Commented-out requests: comment lines of a task holding a
//! `client.<verb>(` call, parsed as code in place and evaluated with their
//! requests marked disabled.

use crate::extract::locustfile::state::LocustHooks;
use crate::parsing::queries::queries;
use crate::python::{Frame, Interp};
use tree_sitter::{Node, Point, QueryCursor, Range, StreamingIterator};

/// Lines a commented-out call may span.
const MAX_COMMENT_CALL_LINES: usize = 40;

/// Commented-out requests inside `def`: comment lines that hold a
/// `client.<verb>(` call, read as code (up to the closing parenthesis) and
/// evaluated in the task's frame; their requests are marked disabled.
///
/// The code is parsed from the file's own text with tree-sitter's included
/// ranges starting after each `#`, so every node keeps its byte offsets in
/// the file and the evaluator reads names and strings from the file as
/// usual.
pub(super) fn commented_requests(
    it: &mut Interp,
    hooks: &LocustHooks,
    frame: &mut Frame,
    def: Node<'static>,
) {
    let Some(file) = it.file_of(frame.module) else {
        return;
    };
    let text: &'static str = file.text;
    let mut root = def;
    while let Some(p) = root.parent() {
        root = p;
    }
    // A `#` inside a string (a docstring's example) is not a comment.
    let candidates = comment_lines(text, def);
    let comments = comment_starts(root, &candidates);
    let lines: Vec<CommentLine> = candidates
        .into_iter()
        .filter(|l| {
            l.hash >= root.end_byte() || comments.contains(&l.hash) || file.in_comment_run(l.hash)
        })
        .collect();
    let mut i = 0;
    while i < lines.len() {
        let CommentLine { hash, end, .. } = lines[i];
        let content = &text[hash + 1..end];
        if !has_client_call(content) {
            i += 1;
            continue;
        }
        // Extend over the following comment lines until the parentheses close.
        let mut depth = paren_depth(content);
        let mut j = i;
        while depth > 0 && j + 1 < lines.len() && j - i < MAX_COMMENT_CALL_LINES {
            let next = lines[j + 1];
            // Only adjacent lines continue a call.
            if next.row != lines[j].row + 1 {
                break;
            }
            depth += paren_depth(&text[next.hash + 1..next.end]);
            j += 1;
        }
        let ranges: Vec<Range> = lines[i..=j].iter().map(|l| l.code_range(text)).collect();
        for call in client_calls(text, &ranges) {
            hooks.state.borrow_mut().disabled = true;
            it.eval(frame, call);
            hooks.state.borrow_mut().disabled = false;
        }
        i = j + 1;
    }
}

/// Start offsets of the comment nodes among `lines`, from one walk of the
/// smallest subtree holding them all (looking each up from the root would
/// scan a block's statements once per comment).
fn comment_starts(root: Node<'static>, lines: &[CommentLine]) -> std::collections::HashSet<usize> {
    let mut out = std::collections::HashSet::new();
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        return out;
    };
    let Some(top) = root.descendant_for_byte_range(first.hash, last.end.max(first.hash + 1)) else {
        return out;
    };
    let mut cursor = top.walk();
    loop {
        let node = cursor.node();
        if node.kind() == "comment" {
            out.insert(node.start_byte());
        }
        if node.end_byte() > first.hash
            && node.start_byte() <= last.end
            && cursor.goto_first_child()
        {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() || cursor.node() == top {
                return out;
            }
        }
    }
}

/// A full-line comment.
#[derive(Debug, Clone, Copy)]
struct CommentLine {
    start: usize,
    /// Offset of the `#`.
    hash: usize,
    /// End of the line, without its newline.
    end: usize,
    /// 0-based line number.
    row: usize,
}

impl CommentLine {
    /// The text after `#` through the line's newline, as a parser range.
    fn code_range(&self, text: &str) -> Range {
        let stop = if self.end < text.len() {
            self.end + 1
        } else {
            self.end
        };
        let end_point = if stop > self.end {
            Point {
                row: self.row + 1,
                column: 0,
            }
        } else {
            Point {
                row: self.row,
                column: self.end - self.start,
            }
        };
        Range {
            start_byte: self.hash + 1,
            end_byte: stop,
            start_point: Point {
                row: self.row,
                column: self.hash + 1 - self.start,
            },
            end_point,
        }
    }
}

/// Full-line comments of a definition, including comment lines indented
/// under it after its last statement. One pass over the lines: the walk
/// stays linear however many comments there are.
fn comment_lines(text: &str, def: Node<'static>) -> Vec<CommentLine> {
    let def_indent = def.start_position().column;
    let mut out = Vec::new();
    let mut pos = text[..def.start_byte().min(text.len())]
        .rfind('\n')
        .map_or(0, |p| p + 1);
    let mut row = def.start_position().row;
    let body_end = def.end_byte();
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |e| pos + e);
        let line = &text[pos..end];
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        if pos >= body_end {
            // After the last statement: only blank lines and deeper comments belong.
            if trimmed.is_empty() {
                pos = end + 1;
                row += 1;
                continue;
            }
            if !(trimmed.starts_with('#') && indent > def_indent) {
                break;
            }
        }
        if trimmed.starts_with('#') {
            out.push(CommentLine {
                start: pos,
                hash: pos + indent,
                end,
                row,
            });
        }
        pos = end + 1;
        row += 1;
    }
    out
}

fn has_client_call(content: &str) -> bool {
    [
        "get", "post", "put", "patch", "delete", "head", "options", "request", "rest",
    ]
    .iter()
    .any(|v| {
        let pat = format!("client.{v}(");
        content.contains(&pat)
    })
}

/// Opening minus closing parentheses, brackets and braces, outside strings.
fn paren_depth(s: &str) -> i64 {
    let mut depth = 0i64;
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for c in s.chars() {
        match quote {
            Some(q) => {
                if c == q && prev != '\\' {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                '#' => break,
                _ => {}
            },
        }
        prev = c;
    }
    depth
}

/// The outermost `client.<verb>(...)` calls in the code of `ranges`.
fn client_calls(text: &'static str, ranges: &[Range]) -> Vec<Node<'static>> {
    let mut parser = tree_sitter::Parser::new();
    if parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .is_err()
        || parser.set_included_ranges(ranges).is_err()
    {
        return Vec::new();
    }
    let Some(tree) = parser.parse(text.as_bytes(), None) else {
        return Vec::new();
    };
    // Leaked like every parsed file: nodes handed to the evaluator are 'static.
    let tree: &'static tree_sitter::Tree = Box::leak(Box::new(tree));
    let q = &queries().client_call;
    let mut cursor = QueryCursor::new();
    let mut calls: Vec<Node<'static>> = Vec::new();
    let mut matches = cursor.matches(&q.query, tree.root_node(), text.as_bytes());
    while let Some(m) = matches.next() {
        for c in m.captures {
            if c.index == q.call {
                calls.push(c.node);
            }
        }
    }
    calls.sort_by_key(|n| n.start_byte());
    calls.dedup_by_key(|n| n.id());
    let outer: Vec<Node<'static>> = calls
        .iter()
        .filter(|n| {
            !calls.iter().any(|o| {
                o.id() != n.id() && o.start_byte() <= n.start_byte() && o.end_byte() >= n.end_byte()
            })
        })
        .copied()
        .collect();
    outer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_ignores_strings() {
        assert_eq!(paren_depth(r#" self.client.post(")", x"#), 1);
        assert_eq!(paren_depth(" )"), -1);
    }

    #[test]
    fn client_calls_are_recognised() {
        assert!(has_client_call(" self.client.post("));
        assert!(!has_client_call(" client posts"));
    }
}
