//! Nesting beyond what Python accepts, found before and after parsing.
//!
//! CPython refuses more than 100 levels of indentation and 200 of brackets;
//! generated or hostile files can hold far more, and tree-sitter's Python
//! scanner aborts the process (an assertion in C) past about 500 indented
//! blocks. Every later walk over a syntax tree recurses with its depth. So
//! the part nested past a limit is cut out and reported, and everything
//! around it is read as usual: a bracket nested too deep (and all inside it)
//! becomes the name `__cut__`, which the evaluator does not know; blocks
//! indented too deep become `pass`. A cut keeps every newline, so every
//! other offset and line is unchanged.
//!
//! The scan also finds what tree-sitter forgives but Python does not: an
//! indented line after a line that opens no block, and a dedent to a column
//! no enclosing block has (`IndentationError`).

use super::outline::{scan_lines_with, strip_comment, PhysLine};
use tree_sitter::{Node, Tree};

/// CPython's tokenizer limit (`MAXINDENT`).
pub const MAX_INDENT_LEVELS: usize = 100;
/// CPython's tokenizer limit on open brackets (`MAXLEVEL`).
pub const MAX_BRACKET_DEPTH: usize = 200;
/// Depth of a syntax tree. Real code stays far below (a 100-level
/// indentation is about 300); long operator chains (`"a" + "a" + ...` with
/// thousands of terms) nest one level per operator.
pub const MAX_TREE_DEPTH: usize = 1000;
/// Where an expression nested past [`MAX_TREE_DEPTH`] is cut.
const TREE_CUT_DEPTH: usize = MAX_TREE_DEPTH / 2;

/// A part of the text left out, with what stands in its place and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    pub start: usize,
    pub end: usize,
    /// Written at `start`; the rest of the range becomes spaces.
    pub replacement: &'static str,
    /// 1-based line where the limit was passed.
    pub line: usize,
    pub reason: String,
}

/// What the scan found.
#[derive(Debug, Default)]
pub struct Prescan {
    /// The physical lines, for the outline when the text stays as it is.
    pub lines: Vec<PhysLine>,
    pub cuts: Vec<Cut>,
    /// Comments (`#` to the end of the line) in long runs of comment lines,
    /// in order: see [`hide_comment_runs`].
    pub comment_runs: Vec<(usize, usize)>,
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
    let bytes = &src[last.start..last.end];
    match std::str::from_utf8(bytes) {
        Ok(text) => strip_comment(text).trim_end().ends_with(':'),
        Err(_) => strip_comment(&String::from_utf8_lossy(bytes))
            .trim_end()
            .ends_with(':'),
    }
}

fn line_at(lines: &[PhysLine], offset: usize) -> usize {
    lines.partition_point(|l| l.start <= offset).max(1)
}

/// Brackets opened past [`MAX_BRACKET_DEPTH`]: each outermost such bracket
/// with all it holds becomes `__cut__`.
fn bracket_cuts(src: &[u8]) -> (Vec<PhysLine>, Vec<Cut>) {
    let mut open: Vec<usize> = Vec::new();
    let mut regions: Vec<(usize, usize)> = Vec::new();
    let lines = scan_lines_with(src, |at, opens| {
        if opens {
            open.push(at);
        } else if let Some(start) = open.pop() {
            if open.len() == MAX_BRACKET_DEPTH {
                regions.push((start, at + 1));
            }
        }
    });
    // Never closed: cut to the end of the file.
    if let Some(&start) = open.get(MAX_BRACKET_DEPTH) {
        regions.push((start, src.len()));
    }
    let cuts = regions
        .into_iter()
        .map(|(start, end)| Cut {
            start,
            end,
            replacement: "__cut__",
            line: line_at(&lines, start),
            reason: format!(
                "more than {MAX_BRACKET_DEPTH} nested brackets, more than Python allows: the innermost part is left out"
            ),
        })
        .collect();
    (lines, cuts)
}

/// Comment lines in a row (blank lines between them allowed) from which
/// the parser is spared them.
const COMMENT_RUN: usize = 32;

/// The comments of every run of at least [`COMMENT_RUN`] comment lines.
fn comment_runs(src: &[u8], lines: &[PhysLine]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut run: Vec<(usize, usize)> = Vec::new();
    let flush = |run: &mut Vec<(usize, usize)>, out: &mut Vec<(usize, usize)>| {
        if run.len() >= COMMENT_RUN {
            out.append(run);
        }
        run.clear();
    };
    for l in lines {
        let body = &src[l.start..l.end];
        let first = body
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\x0c' | b'\r'));
        match first {
            Some(i) if l.logical && body[i] == b'#' => run.push((l.start + i, l.end)),
            None if l.logical => {}
            _ => flush(&mut run, &mut out),
        }
    }
    flush(&mut run, &mut out);
    out
}

/// `text` as the parser is given it: each comment of a long run of comment
/// lines becomes spaces. tree-sitter's Python scanner looks ahead over all
/// following comment lines at every line end, which is quadratic in the
/// length of a run (20,000 commented-out lines take minutes); blank lines
/// it passes once. Offsets and lines stay as they are.
pub fn hide_comment_runs(text: &str, runs: &[(usize, usize)]) -> Option<String> {
    if runs.is_empty() {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    for &(start, end) in runs {
        for b in &mut bytes[start.min(text.len())..end.min(text.len())] {
            *b = b' ';
        }
    }
    Some(
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

pub fn prescan(src: &[u8]) -> Prescan {
    let (lines, mut cuts) = bracket_cuts(src);
    let mut out = Prescan {
        comment_runs: comment_runs(src, &lines),
        ..Prescan::default()
    };
    let mut stack: Vec<usize> = vec![0];
    let mut prev_opens = false;
    // Start of a block indented past the limit, and its line.
    let mut deep: Option<(usize, usize)> = None;
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
        indentation(
            &mut stack,
            width,
            prev_opens,
            lineno,
            &mut out.indentation_errors,
        );
        let levels = stack.len() - 1;
        match deep {
            None if levels > MAX_INDENT_LEVELS => {
                // `pass` goes after the line's own indentation.
                let indent = src[line.start..line.end]
                    .iter()
                    .take_while(|b| matches!(b, b' ' | b'\t' | b'\x0c'))
                    .count();
                deep = Some((line.start + indent, lineno));
            }
            Some((start, at)) if levels <= MAX_INDENT_LEVELS => {
                cuts.push(indent_cut(start, line.start, at));
                deep = None;
            }
            _ => {}
        }
        prev_opens = opens_block(src, &lines[h]);
        k = h + 1;
    }
    if let Some((start, at)) = deep {
        cuts.push(indent_cut(start, src.len(), at));
    }
    // A bracket cut inside a block cut is already gone.
    cuts.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    let mut kept: Vec<Cut> = Vec::new();
    for c in cuts {
        if kept.last().is_none_or(|p| c.start >= p.end) {
            kept.push(c);
        }
    }
    out.cuts = kept;
    out.lines = lines;
    out
}

fn indent_cut(start: usize, end: usize, line: usize) -> Cut {
    Cut {
        start,
        end,
        replacement: "pass",
        line,
        reason: format!(
            "more than {MAX_INDENT_LEVELS} levels of indentation, more than Python allows: the deeper blocks are left out"
        ),
    }
}

/// Follows the indentation stack to a logical line of `width`, noting the
/// errors Python would raise.
fn indentation(
    stack: &mut Vec<usize>,
    width: usize,
    prev_opens: bool,
    lineno: usize,
    errors: &mut Vec<(usize, String)>,
) {
    let top = *stack.last().unwrap_or(&0);
    if width > top {
        if !prev_opens {
            errors.push((lineno, "unexpected indent (IndentationError)".into()));
        }
        stack.push(width);
        return;
    }
    if prev_opens {
        errors.push((
            lineno,
            "expected an indented block (IndentationError)".into(),
        ));
    }
    while stack.len() > 1 && *stack.last().unwrap_or(&0) > width {
        stack.pop();
    }
    if *stack.last().unwrap_or(&0) != width {
        errors.push((
            lineno,
            "unindent does not match any outer indentation level (IndentationError)".into(),
        ));
        stack.push(width);
    }
}

/// Expressions a cut may replace by a name and stay valid Python.
fn replaceable(kind: &str) -> bool {
    matches!(
        kind,
        "binary_operator"
            | "boolean_operator"
            | "unary_operator"
            | "not_operator"
            | "comparison_operator"
            | "conditional_expression"
            | "parenthesized_expression"
            | "call"
            | "list"
            | "tuple"
            | "set"
            | "dictionary"
            | "string"
            | "concatenated_string"
            | "attribute"
            | "subscript"
            | "identifier"
            | "integer"
            | "float"
            | "lambda"
    )
}

/// Expressions of `tree` deeper than [`MAX_TREE_DEPTH`], to cut at half that
/// depth. The walk is iterative: it never recurses itself.
pub fn too_deep(tree: &Tree) -> Vec<Cut> {
    let mut out = Vec::new();
    let root = tree.root_node();
    let mut top = root.walk();
    for stmt in root.children(&mut top) {
        let short = depth_bound(stmt) <= MAX_TREE_DEPTH;
        if !short && depth_exceeds(stmt, MAX_TREE_DEPTH) {
            collect_cuts(stmt, &mut out);
        }
    }
    out
}

/// How deep the tree below `node` can be. Every level of a syntax tree takes
/// a byte of its text, give or take a few wrapper nodes of the same span: a
/// short statement cannot be too deep, and most need no walk.
fn depth_bound(node: Node<'_>) -> usize {
    (node.end_byte() - node.start_byte()) * 4 + 16
}

fn depth_exceeds(node: Node<'_>, limit: usize) -> bool {
    let mut cursor = node.walk();
    let mut depth = 0usize;
    loop {
        if depth > limit {
            return true;
        }
        // The 200 short calls of a long `urlpatterns` list are not entered.
        let fits = depth + depth_bound(cursor.node()) <= limit;
        if !fits && cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        while !cursor.goto_next_sibling() {
            if depth == 0 || !cursor.goto_parent() {
                return false;
            }
            depth -= 1;
        }
    }
}

/// The outermost replaceable expressions at or below the cut depth.
fn collect_cuts(stmt: Node<'_>, out: &mut Vec<Cut>) {
    let mut cursor = stmt.walk();
    let mut depth = 0usize;
    loop {
        let node = cursor.node();
        let cut_here = depth >= TREE_CUT_DEPTH && node.is_named() && replaceable(node.kind());
        if cut_here {
            out.push(Cut {
                start: node.start_byte(),
                end: node.end_byte(),
                replacement: "__cut__",
                line: node.start_position().row + 1,
                reason: format!(
                    "an expression nested more than {MAX_TREE_DEPTH} levels deep (a chain of thousands of operators?): the innermost part is left out"
                ),
            });
        }
        if !cut_here && cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        while !cursor.goto_next_sibling() {
            if depth == 0 || !cursor.goto_parent() {
                return;
            }
            depth -= 1;
        }
    }
}

/// `text` with each cut's range replaced: its replacement, then spaces,
/// newlines kept.
pub fn blank(text: &str, cuts: &[Cut]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for c in cuts {
        let (start, end) = (c.start.min(text.len()), c.end.min(text.len()));
        let region = &mut bytes[start..end];
        let fits =
            region.len() >= c.replacement.len() && !region[..c.replacement.len()].contains(&b'\n');
        let replacement = if fits { c.replacement } else { "0" };
        for (i, b) in region.iter_mut().enumerate() {
            if let Some(r) = replacement.as_bytes().get(i) {
                *b = *r;
            } else if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Whole characters are replaced by ASCII; what remains of a cut
    // multi-byte character is replaced too.
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
            "B = [1, {}1{}, 2]\nC = 3\n",
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
        assert!(
            kept.ends_with("]]]]]]]]]], 2]\nC = 3\n"),
            "{}",
            &kept[kept.len() - 40..]
        );
        assert!(kept.contains(&format!("{}pass", " ".repeat(101))));
        assert!(kept.contains("__cut__"));
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
