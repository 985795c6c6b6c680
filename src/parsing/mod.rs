//! Parsing: Python source into tree-sitter trees, and the queries run over them.
//!
//! A parsed file lives for the rest of the process. routecov analyses one
//! project per run, and handing out `'static` nodes lets the evaluator keep
//! references to function and class definitions without tying every value to
//! a borrow of a file cache that keeps growing as imports are followed.
//! The one exception is [`SourceFile::release_tree`]: the tree of a module
//! that defines nothing a value could point into (a URLconf, a settings
//! file) is freed once its body ran, since such trees are most of the
//! memory of a large project.

pub mod literal;
pub mod nesting;
pub mod outline;
pub mod plain;
pub mod prefetch;
pub mod queries;
mod span;
pub use span::{Located, Span};

use std::path::{Path, PathBuf};
use tree_sitter::{Node, Parser, Point, Range, Tree};

/// Python files larger than this are not read: no hand-written URLconf or
/// locustfile comes near it, and parsing one takes seconds per 10 MiB.
pub const MAX_SOURCE_BYTES: u64 = 10 << 20;

/// One parsed Python file.
#[derive(Debug)]
pub struct SourceFile {
    /// Absolute (or as given) path on disk.
    pub path: PathBuf,
    /// Path shown to users: relative to the project root where possible.
    pub display: String,
    pub text: &'static str,
    /// `None` once released ([`SourceFile::release_tree`]).
    tree: std::cell::Cell<Option<&'static Tree>>,
    /// Line of the first byte that was not UTF-8, if any (replaced by U+FFFD).
    pub non_utf8_line: Option<usize>,
    /// Problems Python would refuse that tree-sitter forgives, and
    /// statements left out for nesting too deep (see [`nesting`]):
    /// (1-based line, description).
    pub problems: Vec<(usize, String)>,
    /// Comments the parser was spared (see [`nesting::hide_comment_runs`]):
    /// they are comments all the same, but have no node in `tree`.
    pub comment_runs: Vec<(usize, usize)>,
    /// Function bodies left out of `tree` (see [`outline`]).
    pub gaps: Vec<outline::Gap>,
    /// Function definitions left out of `tree` entirely.
    pub lazy: Vec<outline::LazyDef>,
    /// Plain assignments left out of `tree`, read from the text when the
    /// module body runs (see [`plain`]).
    pub plain: Vec<outline::PlainStmt>,
}

impl SourceFile {
    /// The module's root node; once the tree is released, the root of an
    /// empty module.
    pub fn root(&self) -> Node<'static> {
        match self.tree.get() {
            Some(tree) => tree.root_node(),
            None => empty_tree().root_node(),
        }
    }

    /// True when the source has no `def`, `class` or `lambda` keyword (in
    /// code, strings or comments alike): no function, class or lambda value
    /// can then hold a node of its tree.
    pub fn defines_nothing(&self) -> bool {
        ["def", "class", "lambda"]
            .iter()
            .all(|word| !has_word(self.text, word))
    }

    /// Frees the syntax tree; [`SourceFile::root`] answers an empty module
    /// from then on.
    ///
    /// # Safety
    /// No node of this file's tree may be used after the call: the caller
    /// has run the module body to its end and knows that no value kept
    /// one (see [`SourceFile::defines_nothing`]).
    pub unsafe fn release_tree(&self) {
        if let Some(tree) = self.tree.take() {
            // SAFETY: the tree was leaked from a Box in `parse_bytes` and is
            // taken out of the cell here, so it is freed once; the caller
            // guarantees no node of it is alive.
            drop(unsafe { Box::from_raw(std::ptr::from_ref(tree).cast_mut()) });
        }
    }

    /// Source text of a node (or of any place).
    pub fn text_of(&self, at: impl Located) -> &'static str {
        let text: &'static str = self.text;
        let Span { start, end, .. } = at.span();
        text.get(start..end).unwrap_or("")
    }

    /// The first syntax errors the parser found: (1-based line, description).
    pub fn syntax_errors(&self, limit: usize) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        collect_errors(self.root(), self.text, &mut out, limit);
        out
    }
}

fn collect_errors(node: Node<'_>, text: &str, out: &mut Vec<(usize, String)>, limit: usize) {
    if out.len() >= limit || !node.has_error() {
        return;
    }
    if node.is_error() || node.is_missing() {
        let line = node.start_position().row + 1;
        let snippet: String = text
            .get(node.byte_range())
            .unwrap_or("")
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(40)
            .collect();
        let what = if node.is_missing() {
            format!("missing `{}`", node.kind())
        } else if snippet.trim().is_empty() {
            "unexpected input".to_string()
        } else {
            format!("unexpected `{}`", snippet.trim())
        };
        out.push((line, what));
        return;
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        collect_errors(child, text, out, limit);
    }
}

/// Whether `word` occurs in `text` as a whole word (not inside a longer
/// identifier; any non-ASCII byte counts as part of one).
fn has_word(text: &str, word: &str) -> bool {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, word.as_bytes()).any(|at| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + word.len()).copied();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// An empty module's tree, the root of a released file.
fn empty_tree() -> &'static Tree {
    static EMPTY: std::sync::OnceLock<Tree> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| parse_python("", None))
}

/// Reads and parses a Python file. Invalid UTF-8 is replaced, not rejected:
/// a Latin-1 comment should not hide the routes around it.
pub fn parse_file(path: &Path, display: String) -> std::io::Result<SourceFile> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_SOURCE_BYTES {
        return Err(std::io::Error::other(format!(
            "larger than {} MiB ({} MiB): a generated or vendored file, not read",
            MAX_SOURCE_BYTES >> 20,
            size >> 20
        )));
    }
    let bytes = std::fs::read(path)?;
    Ok(parse_bytes(path.to_path_buf(), display, &bytes))
}

pub fn parse_bytes(path: PathBuf, display: String, bytes: &[u8]) -> SourceFile {
    let (text, non_utf8_line) = match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), None),
        // PEP 263: a declared encoding is valid Python, not an error.
        Err(_) if declared_encoding(bytes).is_some() => {
            (decode_declared(bytes).unwrap_or_default(), None)
        }
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            (String::from_utf8_lossy(bytes).into_owned(), Some(line))
        }
    };
    let prescan = nesting::prescan(text.as_bytes());
    let mut cuts = prescan.cuts;
    let mut text = if cuts.is_empty() {
        text
    } else {
        nesting::blank(&text, &cuts)
    };
    let runs = prescan.comment_runs;
    // Plain statements are read again from the module's text, so only an
    // outline of that same text may leave them out.
    let parse = |text: &str| match nesting::hide_comment_runs(text, &runs) {
        Some(hidden) => parse_outlined(&hidden, None, false),
        None => parse_outlined(text, None, true),
    };
    // The common case, nothing cut or hidden: the prescan's lines serve the outline.
    let (mut tree, mut outline) = if cuts.is_empty() && runs.is_empty() {
        parse_outlined(&text, Some(&prescan.lines), true)
    } else {
        parse(&text)
    };
    let deep = nesting::too_deep(&tree);
    if !deep.is_empty() {
        text = nesting::blank(&text, &deep);
        cuts.extend(deep);
        (tree, outline) = parse(&text);
    }
    let text: &'static str = Box::leak(text.into_boxed_str());
    let tree: &'static Tree = Box::leak(Box::new(tree));
    let mut problems: Vec<(usize, String)> = cuts.into_iter().map(|c| (c.line, c.reason)).collect();
    problems.extend(prescan.indentation_errors);
    problems.sort();
    SourceFile {
        path,
        display,
        text,
        tree: std::cell::Cell::new(Some(tree)),
        non_utf8_line,
        problems,
        comment_runs: runs,
        gaps: outline.gaps,
        lazy: outline.lazy,
        plain: outline.plain,
    }
}

/// Parses a module with the outline's function bodies (and, with
/// `plain`, its plain statements) left out where it can (see [`outline`]).
fn parse_outlined(
    text: &str,
    lines: Option<&[outline::PhysLine]>,
    plain: bool,
) -> (Tree, outline::Outline) {
    let simple = |d: &str| literal::simple_call(d).is_some();
    let mut outline = match lines {
        Some(lines) => outline::outline_of_lines(text.as_bytes(), lines, simple),
        None => outline::outline(text.as_bytes(), simple),
    };
    if !plain {
        outline.plain.clear();
    }
    let skeleton = if outline.gaps.is_empty() && outline.lazy.is_empty() && outline.plain.is_empty()
    {
        None
    } else {
        parse_skeleton(text, &outline)
    };
    let tree = match skeleton {
        // A file with a syntax error is parsed whole, so its errors are the
        // parser's own and nothing depends on the outline scanner.
        Some(t) if !t.root_node().has_error() => t,
        _ => {
            outline = outline::Outline::default();
            parse_python(text, None)
        }
    };
    (tree, outline)
}

/// Byte offsets of line starts, for turning offsets into points.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines(starts)
    }

    fn point(&self, byte: usize) -> Point {
        let row = self.0.partition_point(|&s| s <= byte).saturating_sub(1);
        Point {
            row,
            column: byte - self.0[row],
        }
    }

    fn range(&self, start: usize, end: usize) -> Range {
        Range {
            start_byte: start,
            end_byte: end,
            start_point: self.point(start),
            end_point: self.point(end),
        }
    }
}

/// Parses the module with the gaps' bodies and the lazy definitions left
/// out: each left-out body is replaced by a placeholder statement and the
/// parser skips the rest of it.
fn parse_skeleton(text: &str, outline: &outline::Outline) -> Option<Tree> {
    let mut bytes = text.as_bytes().to_vec();
    let lines = Lines::new(text);
    // (stop reading at, resume at), in file order.
    let mut cuts: Vec<(usize, usize)> =
        Vec::with_capacity(outline.gaps.len() + outline.lazy.len() + outline.plain.len());
    for g in &outline.gaps {
        bytes[g.body_start] = b'0';
        cuts.push((g.body_start + 1, g.resume));
    }
    cuts.extend(outline.lazy.iter().map(|l| (l.start, l.gap.resume)));
    cuts.extend(outline.plain.iter().map(|p| (p.start, p.resume)));
    cuts.sort_unstable();
    let mut ranges = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for (stop, resume) in cuts {
        if stop > from {
            ranges.push(lines.range(from, stop));
        }
        from = resume;
    }
    if from < text.len() {
        ranges.push(lines.range(from, text.len()));
    }
    if ranges.is_empty() {
        // Nothing left to read: an empty range list would mean "everything".
        return parse_with(b"", &[]);
    }
    parse_with(&bytes, &ranges)
}

impl SourceFile {
    /// Whether the body of the function whose `def` starts at `def_start`
    /// was left out of the first parse (`node` is its skeleton, if any).
    pub fn body_left_out(&self, def_start: usize, node: Option<Node<'_>>) -> bool {
        self.gap_of(def_start, node).is_some()
    }

    fn gap_of(&self, def_start: usize, node: Option<Node<'_>>) -> Option<outline::Gap> {
        if let Some(l) = self.lazy.iter().find(|l| l.def_start == def_start) {
            return Some(l.gap);
        }
        let node = node?;
        self.gaps
            .iter()
            .find(|g| g.body_start >= node.start_byte() && g.body_start < node.end_byte())
            .copied()
    }

    /// The full definition of a top-level function whose body the first
    /// parse left out, parsed on its own.
    pub fn full_function(&self, def_start: usize, node: Option<Node<'_>>) -> Option<Tree> {
        let gap = self.gap_of(def_start, node)?;
        let r = Lines::new(self.text).range(def_start, gap.resume);
        let inside: Vec<(usize, usize)> = self
            .comment_runs
            .iter()
            .filter(|(s, e)| *e > def_start && *s < gap.resume)
            .copied()
            .collect();
        match nesting::hide_comment_runs(self.text, &inside) {
            Some(hidden) => Some(parse_python(&hidden, Some(r))),
            None => Some(parse_python(self.text, Some(r))),
        }
    }

    /// Whether `offset` starts a comment the parser was spared.
    pub fn in_comment_run(&self, offset: usize) -> bool {
        let i = self.comment_runs.partition_point(|(s, _)| *s < offset);
        self.comment_runs.get(i).is_some_and(|(s, _)| *s == offset)
    }
}

/// The encoding a PEP 263 coding comment declares in the first two lines
/// (`# -*- coding: cp1252 -*-`), lower-cased.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    static RE: std::sync::OnceLock<regex::bytes::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::bytes::Regex::new(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)").expect("a valid regex")
    });
    bytes
        .split(|&b| b == b'\n')
        .take(2)
        .find_map(|line| re.captures(line))
        .and_then(|c| c.get(1))
        .map(|m| String::from_utf8_lossy(m.as_bytes()).to_ascii_lowercase())
        .filter(|name| name != "utf-8" && name != "utf8")
}

/// Decodes `bytes` in their declared encoding. Python's Latin-1 maps every
/// byte to the code point of its value (encoding_rs reads the label
/// `latin1` as windows-1252, as browsers do, which differs at 0x80-0x9F);
/// every other name is decoded by encoding_rs.
fn decode_declared(bytes: &[u8]) -> Option<String> {
    let name = declared_encoding(bytes)?;
    let name = name.replace('_', "-");
    if matches!(
        name.as_str(),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" | "8859" | "cp819"
    ) {
        return Some(bytes.iter().map(|&b| b as char).collect());
    }
    let encoding = encoding_rs::Encoding::for_label(name.as_bytes())?;
    Some(encoding.decode_without_bom_handling(bytes).0.into_owned())
}

fn parse_python(text: &str, only: Option<Range>) -> Tree {
    let ranges: Vec<Range> = only.into_iter().collect();
    parse_with(text.as_bytes(), &ranges)
        .expect("a range inside the text is always a valid included range")
}

thread_local! {
    // One parser per thread, reused: a fresh parser allocates its stacks anew.
    static PARSER: std::cell::RefCell<Parser> = std::cell::RefCell::new(python_parser());
}

/// Parses `bytes`, reading only `ranges` when given (all of it when empty).
fn parse_with(bytes: &[u8], ranges: &[Range]) -> Option<Tree> {
    PARSER.with(|p| {
        let mut parser = p.borrow_mut();
        parser.set_included_ranges(ranges).ok()?;
        parser.parse(bytes, None)
    })
}

fn python_parser() -> Parser {
    let mut parser = Parser::new();
    // The grammar is compiled into the binary; a version mismatch would be a
    // build defect caught by the unit tests, not a user error.
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .expect("tree-sitter-python grammar is compatible with the tree-sitter runtime");
    parser
}

/// 1-based line of a node (or of any place).
pub fn line_of(at: impl Located) -> usize {
    at.span().line
}

/// Prints the syntax tree of a file (for whoever writes queries).
pub fn dump_tree(file: &SourceFile) -> String {
    let mut out = String::new();
    dump_node(file.root(), file.text, 0, None, &mut out);
    out
}

fn dump_node(node: Node<'_>, text: &str, depth: usize, field: Option<&str>, out: &mut String) {
    use std::fmt::Write;
    let indent = "  ".repeat(depth);
    let field = field.map(|f| format!("{f}: ")).unwrap_or_default();
    let pos = node.start_position();
    if node.child_count() == 0 {
        let t = text.get(node.byte_range()).unwrap_or("");
        let _ = writeln!(
            out,
            "{indent}{field}{} [{}:{}] {:?}",
            node.kind(),
            pos.row + 1,
            pos.column,
            t
        );
        return;
    }
    let _ = writeln!(
        out,
        "{indent}{field}{} [{}:{}]",
        node.kind(),
        pos.row + 1,
        pos.column
    );
    let mut cursor = node.walk();
    if cursor.goto_first_child() {
        loop {
            let f = cursor.field_name();
            dump_node(cursor.node(), text, depth + 1, f, out);
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(bytes: &[u8]) -> String {
        parse_bytes(PathBuf::from("m.py"), "m.py".into(), bytes)
            .text
            .to_string()
    }

    fn parsed(src: &str) -> SourceFile {
        parse_bytes(PathBuf::from("m.py"), "m.py".into(), src.as_bytes())
    }

    /// Only a whole-word `def`, `class` or `lambda` keeps a tree: any of
    /// them may become a value that points into it.
    #[test]
    fn files_without_definitions_are_told_apart() {
        let urlconf = "from . import views\ndefault_app = 'x'\nclass_name = 1\nurlpatterns = [path('a/', views.a, name='def-class')]\n";
        assert!(!parsed(urlconf).defines_nothing());
        let plain = "from . import views\ndefault_app = 'x'\nclass_name = 1\nurlpatterns = [path('a/', views.a)]\n";
        assert!(parsed(plain).defines_nothing());
        assert!(!parsed("def f():\n    pass\n").defines_nothing());
        assert!(!parsed("class A:\n    pass\n").defines_nothing());
        assert!(!parsed("f = lambda r: r\n").defines_nothing());
        assert!(!parsed("async def g():\n    pass\n").defines_nothing());
        // A non-ASCII letter continues an identifier: `déf` is no keyword.
        assert!(parsed("d\u{e9}f = 1\nxdef = 2\n").defines_nothing());
    }

    #[test]
    fn a_released_tree_reads_as_an_empty_module() {
        let f = parsed("x = 1 + 1\ny = [x, 2 * x]\n");
        assert_eq!(f.root().named_child_count(), 2);
        // SAFETY: no node of the tree is used after the call.
        unsafe { f.release_tree() };
        assert_eq!(f.root().kind(), "module");
        assert_eq!(f.root().named_child_count(), 0);
        assert_eq!(f.text, "x = 1 + 1\ny = [x, 2 * x]\n");
        // A second release is a no-op, not a double free.
        unsafe { f.release_tree() };
        assert_eq!(f.root().named_child_count(), 0);
    }

    /// cp1252 and iso-8859-15 differ from Latin-1 in 0x80-0x9F and 0xA4:
    /// each declared encoding is decoded as itself.
    #[test]
    fn declared_encodings_are_decoded_as_themselves() {
        let cp1252 = text_of(b"# -*- coding: cp1252 -*-\nX = \"\x80 \x93q\x94\"\n");
        assert!(cp1252.contains("\u{20ac} \u{201c}q\u{201d}"), "{cp1252}");
        let latin9 = text_of(
            b"#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-15 :\nX = \"\xa4\"\n",
        );
        assert!(latin9.contains("X = \"\u{20ac}\""), "{latin9}");
        let latin1 = text_of(b"# coding: latin-1\nX = \"\x80\xe9\"\n");
        assert!(latin1.contains("X = \"\u{80}\u{e9}\""), "{latin1}");
    }
}
