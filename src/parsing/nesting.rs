//! Nesting beyond what Python accepts, found before and after parsing.
//!
//! CPython refuses more than 100 levels of indentation and 200 of brackets;
//! generated or hostile files can hold far more, and tree-sitter's Python
//! scanner aborts the process (an assertion in C) past about 500 indented
//! blocks. Every later walk over a syntax tree recurses with its depth. So a
//! top-level statement nested deeper than these limits is blanked out (its
//! bytes become spaces, its newlines stay, so every other offset and line is
//! unchanged) and reported; the rest of the file is read as usual.
//!
//! The scan also finds what tree-sitter forgives but Python does not: an
//! indented line after a line that opens no block, and a dedent to a column
//! no enclosing block has (`IndentationError`).

use super::outline::{scan_lines, strip_comment, PhysLine};
use tree_sitter::Tree;

/// CPython's tokenizer limit (`MAXINDENT`).
pub const MAX_INDENT_LEVELS: usize = 100;
/// CPython's tokenizer limit on open brackets (`MAXLEVEL`).
pub const MAX_BRACKET_DEPTH: usize = 200;
/// Depth of a syntax tree below one top-level statement. Real code stays
/// far below (a 100-level indentation is about 300); long operator chains
/// (`"a" + "a" + ...` with thousands of terms) nest one level per operator.
pub const MAX_TREE_DEPTH: usize = 1000;

/// A top-level statement left out, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    pub start: usize,
    pub end: usize,
    /// 1-based line where the limit was passed.
    pub line: usize,
    pub reason: String,
}

/// What the scan found.
#[derive(Debug, Default)]
pub struct Prescan {
    pub cuts: Vec<Cut>,
    /// (1-based line, message) of each indentation error.
    pub indentation_errors: Vec<(usize, String)>,
}

/// Indentation width as Python's tokenizer counts it (tabs to multiples of 8).
fn indent_width(src: &[u8], line: &PhysLine) -> Option<usize> {
    let mut w = 0;
    for &b in &src[line.start..line.end] {
        match b {
            b' ' => w += 1,
            b'\t' => w = (w / 8 + 1) * 8,
            b'\x0c' => w = 0,
            b'\r' => {}
            b'#' => return None,
            _ => return Some(w),
        }
    }
    None
}

/// Whether a logical line (its last physical line) opens a block.
fn opens_block(src: &[u8], last: &PhysLine) -> bool {
    let text = String::from_utf8_lossy(&src[last.start..last.end]);
    strip_comment(&text).trim_end().ends_with(':')
}

pub fn prescan(src: &[u8]) -> Prescan {
    let lines = scan_lines(src);
    let mut out = Prescan::default();
    let mut stack: Vec<usize> = vec![0];
    // Start of the current top-level statement, and why it is cut (at which line).
    let mut statement: Option<(usize, Option<(usize, String)>)> = None;
    let mut prev_opens = false;
    let mut in_decorators = false;
    let mut k = 0;
    while k < lines.len() {
        let line = lines[k];
        let mut h = k;
        while h + 1 < lines.len() && !lines[h + 1].logical {
            h += 1;
        }
        let Some(width) = indent_width(src, &line).filter(|_| line.logical) else {
            k = h + 1;
            continue;
        };
        let lineno = k + 1;
        let top = *stack.last().unwrap_or(&0);
        if width > top {
            if !prev_opens {
                out.indentation_errors
                    .push((lineno, "unexpected indent (IndentationError)".into()));
            }
            stack.push(width);
        } else {
            if prev_opens {
                out.indentation_errors.push((
                    lineno,
                    "expected an indented block (IndentationError)".into(),
                ));
            }
            while stack.len() > 1 && *stack.last().unwrap_or(&0) > width {
                stack.pop();
            }
            if *stack.last().unwrap_or(&0) != width {
                out.indentation_errors.push((
                    lineno,
                    "unindent does not match any outer indentation level (IndentationError)".into(),
                ));
                stack.push(width);
            }
        }
        if width == 0 {
            // Decorators and the definition they decorate are one statement.
            let joins = std::mem::replace(&mut in_decorators, src.get(line.start) == Some(&b'@'));
            if !joins {
                if let Some((s, Some((l, why)))) = statement.take() {
                    out.cuts.push(Cut {
                        start: s,
                        end: line.start,
                        line: l,
                        reason: why,
                    });
                }
                statement = Some((line.start, None));
            }
        }
        if let Some((_, cut @ None)) = statement.as_mut() {
            let brackets = lines[k..=h].iter().map(|l| l.max_depth).max().unwrap_or(0);
            if stack.len() - 1 > MAX_INDENT_LEVELS {
                *cut = Some((
                    lineno,
                    format!(
                        "more than {MAX_INDENT_LEVELS} levels of indentation, more than Python allows"
                    ),
                ));
            } else if brackets > MAX_BRACKET_DEPTH {
                *cut = Some((
                    lineno,
                    format!(
                        "more than {MAX_BRACKET_DEPTH} nested brackets, more than Python allows"
                    ),
                ));
            }
        }
        prev_opens = opens_block(src, &lines[h]);
        k = h + 1;
    }
    if let Some((s, Some((l, why)))) = statement {
        out.cuts.push(Cut {
            start: s,
            end: src.len(),
            line: l,
            reason: why,
        });
    }
    out
}

/// Top-level statements of `tree` whose syntax tree is deeper than
/// [`MAX_TREE_DEPTH`]. The walk is iterative: it never recurses itself.
pub fn too_deep(tree: &Tree) -> Vec<Cut> {
    let mut out = Vec::new();
    let root = tree.root_node();
    let mut top = root.walk();
    for stmt in root.children(&mut top) {
        let mut cursor = stmt.walk();
        let mut depth = 0usize;
        let mut deepest = 0usize;
        'walk: loop {
            deepest = deepest.max(depth);
            if deepest > MAX_TREE_DEPTH {
                break;
            }
            if cursor.goto_first_child() {
                depth += 1;
                continue;
            }
            while !cursor.goto_next_sibling() {
                if depth == 0 || !cursor.goto_parent() {
                    break 'walk;
                }
                depth -= 1;
            }
        }
        if deepest > MAX_TREE_DEPTH {
            out.push(Cut {
                start: stmt.start_byte(),
                end: stmt.end_byte(),
                line: stmt.start_position().row + 1,
                reason: format!(
                    "an expression nested more than {MAX_TREE_DEPTH} levels deep (a chain of thousands of operators?)"
                ),
            });
        }
    }
    out
}

/// `text` with the cut statements blanked: spaces, newlines kept.
pub fn blank(text: &str, cuts: &[Cut]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for c in cuts {
        for b in &mut bytes[c.start.min(text.len())..c.end.min(text.len())] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Blanking whole statements of valid UTF-8 with ASCII spaces keeps it valid.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_indentation_and_brackets_are_cut_and_the_rest_kept() {
        let mut src = String::from("A = 1\n");
        for i in 0..600 {
            src.push_str(&" ".repeat(i));
            src.push_str("if x:\n");
        }
        src.push_str(&" ".repeat(600));
        src.push_str("pass\n");
        src.push_str(&format!(
            "B = {}1{}\nC = 3\n",
            "[".repeat(5000),
            "]".repeat(5000)
        ));
        let p = prescan(src.as_bytes());
        assert_eq!(p.cuts.len(), 2, "{:?}", p.cuts);
        assert_eq!(p.cuts[0].line, 103);
        assert!(p.cuts[0].reason.contains("indentation"));
        assert!(p.cuts[1].reason.contains("brackets"));
        let kept = blank(&src, &p.cuts);
        assert!(kept.starts_with("A = 1\n"));
        assert!(kept.ends_with("C = 3\n"));
        assert_eq!(kept.len(), src.len());
        assert!(
            p.indentation_errors.is_empty(),
            "{:?}",
            p.indentation_errors
        );
    }

    #[test]
    fn indentation_errors_are_found() {
        let src = "def f():\n    a = 1\n      b = 2\n  c = 3\nif x:\ny = 1\n";
        let p = prescan(src.as_bytes());
        let lines: Vec<usize> = p.indentation_errors.iter().map(|e| e.0).collect();
        assert_eq!(lines, [3, 4, 6], "{:?}", p.indentation_errors);
        let ok = "class A:\n    x = [\n  1,\n]\n    def f(self):  # c\n        return 1\n\n\n@d\ndef g():\n\tpass\n";
        assert!(prescan(ok.as_bytes()).indentation_errors.is_empty());
    }
}
