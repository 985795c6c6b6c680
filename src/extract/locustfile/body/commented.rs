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
    let lines: Vec<(usize, usize, usize)> = comment_lines(text, def)
        .into_iter()
        .filter(|&(_, hash, _)| {
            hash >= root.end_byte()
                || root
                    .descendant_for_byte_range(hash, hash + 1)
                    .is_some_and(|n| n.kind() == "comment")
        })
        .collect();
    let mut i = 0;
    while i < lines.len() {
        let (_, hash, end) = lines[i];
        let content = &text[hash + 1..end];
        if !has_client_call(content) {
            i += 1;
            continue;
        }
        // Extend over the following comment lines until the parentheses close.
        let mut depth = paren_depth(content);
        let mut j = i;
        while depth > 0 && j + 1 < lines.len() && j - i < MAX_COMMENT_CALL_LINES {
            let (_, next_hash, next_end) = lines[j + 1];
            // Only adjacent lines continue a call.
            if line_no(text, lines[j + 1].0) != line_no(text, lines[j].0) + 1 {
                break;
            }
            depth += paren_depth(&text[next_hash + 1..next_end]);
            j += 1;
        }
        let ranges: Vec<Range> = lines[i..=j]
            .iter()
            .map(|&(_, hash, end)| {
                let stop = if end < text.len() { end + 1 } else { end };
                range(text, hash + 1, stop)
            })
            .collect();
        for call in client_calls(text, &ranges) {
            hooks.state.borrow_mut().disabled = true;
            it.eval(frame, call);
            hooks.state.borrow_mut().disabled = false;
        }
        i = j + 1;
    }
}

/// Full-line comments of a definition: (line start, `#` offset, line end),
/// including comment lines indented under it after its last statement.
fn comment_lines(text: &str, def: Node<'static>) -> Vec<(usize, usize, usize)> {
    let def_indent = def.start_position().column;
    let mut out = Vec::new();
    let mut pos = text[..def.start_byte().min(text.len())]
        .rfind('\n')
        .map_or(0, |p| p + 1);
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
                continue;
            }
            if !(trimmed.starts_with('#') && indent > def_indent) {
                break;
            }
        }
        if trimmed.starts_with('#') {
            out.push((pos, pos + indent, end));
        }
        pos = end + 1;
    }
    out
}

fn line_no(text: &str, byte: usize) -> usize {
    text.as_bytes()[..byte.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

fn range(text: &str, start: usize, end: usize) -> Range {
    let point = |b: usize| {
        let row = line_no(text, b);
        let line_start = text[..b].rfind('\n').map_or(0, |p| p + 1);
        Point {
            row,
            column: b - line_start,
        }
    };
    Range {
        start_byte: start,
        end_byte: end,
        start_point: point(start),
        end_point: point(end),
    }
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
