//! Parsing: Python source into tree-sitter trees, and the queries run over them.
//!
//! A parsed file lives for the rest of the process. routecov analyses one
//! project per run, and handing out `'static` nodes lets the evaluator keep
//! references to function and class definitions without tying every value to
//! a borrow of a file cache that keeps growing as imports are followed.

pub mod queries;

use std::path::{Path, PathBuf};
use tree_sitter::{Node, Parser, Tree};

/// One parsed Python file.
#[derive(Debug)]
pub struct SourceFile {
    /// Absolute (or as given) path on disk.
    pub path: PathBuf,
    /// Path shown to users: relative to the project root where possible.
    pub display: String,
    pub text: &'static str,
    pub tree: &'static Tree,
    /// Line of the first byte that was not UTF-8, if any (replaced by U+FFFD).
    pub non_utf8_line: Option<usize>,
}

impl SourceFile {
    pub fn root(&self) -> Node<'static> {
        self.tree.root_node()
    }

    /// Source text of a node.
    pub fn text_of(&self, node: Node<'_>) -> &'static str {
        let text: &'static str = self.text;
        text.get(node.byte_range()).unwrap_or("")
    }

    /// The first syntax errors of the file: (1-based line, description).
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

/// Reads and parses a Python file. Invalid UTF-8 is replaced, not rejected:
/// a Latin-1 comment should not hide the routes around it.
pub fn parse_file(path: &Path, display: String) -> std::io::Result<SourceFile> {
    let bytes = std::fs::read(path)?;
    Ok(parse_bytes(path.to_path_buf(), display, &bytes))
}

pub fn parse_bytes(path: PathBuf, display: String, bytes: &[u8]) -> SourceFile {
    let (text, non_utf8_line) = match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), None),
        // PEP 263: a declared single-byte encoding is valid Python, not an error.
        Err(_) if declares_latin1(bytes) => (bytes.iter().map(|&b| b as char).collect(), None),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            (String::from_utf8_lossy(bytes).into_owned(), Some(line))
        }
    };
    let text: &'static str = Box::leak(text.into_boxed_str());
    let tree = parse_python(text);
    let tree: &'static Tree = Box::leak(Box::new(tree));
    SourceFile {
        path,
        display,
        text,
        tree,
        non_utf8_line,
    }
}

/// Whether the first two lines declare Latin-1 (or a close relative) per PEP 263.
fn declares_latin1(bytes: &[u8]) -> bool {
    let head: Vec<&[u8]> = bytes.split(|&b| b == b'\n').take(2).collect();
    head.iter().any(|line| {
        let line = String::from_utf8_lossy(line).to_ascii_lowercase();
        let Some(pos) = line.find("coding") else { return false };
        let rest = line[pos + 6..].trim_start_matches([':', '=']).trim_start();
        ["latin-1", "latin1", "iso-8859-1", "iso8859-1", "cp1252", "windows-1252", "iso-8859-15"]
            .iter()
            .any(|enc| rest.starts_with(enc))
            && line.trim_start().starts_with('#')
    })
}

fn parse_python(text: &str) -> Tree {
    let mut parser = Parser::new();
    // The grammar is compiled into the binary; a version mismatch would be a
    // build defect caught by the unit tests, not a user error.
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .expect("tree-sitter-python grammar is compatible with the tree-sitter runtime");
    parser
        .parse(text, None)
        .expect("parsing without a timeout or cancellation flag always yields a tree")
}

/// 1-based line of a node.
pub fn line_of(node: Node<'_>) -> usize {
    node.start_position().row + 1
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
