//! Outline of a Python module: where the bodies of its top-level functions
//! are, found by a small scanner that knows strings, comments, brackets and
//! line continuations. The first parse of a module leaves those bodies out
//! (they are most of a views module, and most are never looked at); a body
//! is parsed on its own when the evaluator needs it.

/// The body of a top-level function, left out of the first parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// First byte of the body's first statement; the first parse sees a
    /// placeholder `0` here.
    pub body_start: usize,
    /// The first byte after the body that the first parse sees again: the
    /// newline that ends the body's last line (or the end of the file).
    pub resume: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Str {
    None,
    Single(u8),
    Triple(u8),
}

/// One physical line as the scanner sees it.
#[derive(Debug, Clone, Copy)]
pub struct PhysLine {
    pub start: usize,
    /// End, without the newline.
    pub end: usize,
    /// Whether the line begins a new logical line (not inside brackets, a
    /// string or after a backslash).
    pub logical: bool,
    /// The deepest bracket nesting reached on the line.
    pub max_depth: usize,
}

/// The physical lines of `src`, knowing strings, comments, brackets and
/// continuations.
pub fn scan_lines(src: &[u8]) -> Vec<PhysLine> {
    scan_lines_with(src, |_, _| {})
}

/// Bytes that change nothing for the scanner outside strings: all but
/// newlines, comments, quotes, brackets and backslashes.
static PLAIN: [bool; 256] = {
    let mut t = [true; 256];
    let special = b"\n#\"'([{)]}\\";
    let mut k = 0;
    while k < special.len() {
        t[special[k] as usize] = false;
        k += 1;
    }
    t
};

/// [`scan_lines`], telling `on_bracket` the offset of each bracket outside
/// strings and comments, and whether it opens.
pub fn scan_lines_with(src: &[u8], mut on_bracket: impl FnMut(usize, bool)) -> Vec<PhysLine> {
    let mut out = Vec::new();
    let mut depth: usize = 0;
    let mut s = Str::None;
    let mut continued = false;
    let mut i = 0;
    let n = src.len();
    while i < n {
        let start = i;
        let logical = depth == 0 && s == Str::None && !continued;
        let mut max_depth = depth;
        continued = false;
        // Scan one physical line.
        while i < n && src[i] != b'\n' {
            let c = src[i];
            match s {
                Str::Single(q) => {
                    if c == b'\\' {
                        i += 1;
                    } else if c == q {
                        s = Str::None;
                    }
                }
                Str::Triple(q) => {
                    if c == b'\\' {
                        i += 1;
                    } else if c == q && i + 2 < n && src[i + 1] == q && src[i + 2] == q {
                        s = Str::None;
                        i += 2;
                    }
                }
                // Most bytes are plain code: skipped without the dispatch.
                Str::None if PLAIN[c as usize] => {
                    i += 1;
                    while i < n && PLAIN[src[i] as usize] {
                        i += 1;
                    }
                    continue;
                }
                Str::None => match c {
                    b'#' => {
                        while i < n && src[i] != b'\n' {
                            i += 1;
                        }
                        continue;
                    }
                    b'"' | b'\'' => {
                        if i + 2 < n && src[i + 1] == c && src[i + 2] == c {
                            s = Str::Triple(c);
                            i += 2;
                        } else {
                            s = Str::Single(c);
                        }
                    }
                    b'(' | b'[' | b'{' => {
                        depth += 1;
                        max_depth = max_depth.max(depth);
                        on_bracket(i, true);
                    }
                    b')' | b']' | b'}' => {
                        depth = depth.saturating_sub(1);
                        on_bracket(i, false);
                    }
                    b'\\' if i + 1 < n && src[i + 1] == b'\n' => continued = true,
                    _ => {}
                },
            }
            i += 1;
        }
        let end = i.min(n);
        // A single-quoted string does not survive a newline (unless escaped,
        // which the loop above skipped over).
        if let Str::Single(_) = s {
            s = Str::None;
        }
        out.push(PhysLine {
            start,
            end,
            logical,
            max_depth,
        });
        i += 1; // the newline
    }
    out
}

fn is_code_line(src: &[u8], start: usize, end: usize) -> Option<usize> {
    let mut j = start;
    while j < end && (src[j] == b' ' || src[j] == b'\t' || src[j] == b'\r' || src[j] == b'\x0c') {
        j += 1;
    }
    if j >= end || src[j] == b'#' {
        None
    } else {
        Some(j)
    }
}

/// A top-level function known from the outline alone: its decorators are
/// simple enough to read without the parser (see `python::literal`), so the
/// whole definition is left out of the first parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LazyDef {
    /// First byte of the first decorator line (or of `def`).
    pub start: usize,
    /// First byte of `def` (or `async`).
    pub def_start: usize,
    /// 1-based line of `def`.
    pub line: usize,
    /// Where its name is in the text (see [`LazyDef::name`]).
    pub name: std::ops::Range<usize>,
    /// Decorator expressions (the text after `@`) as byte ranges, with
    /// lines; 32 bits each, as no source read is that large
    /// (`MAX_SOURCE_BYTES`), and a views module has thousands.
    pub decorators: Box<[(u32, u32, u32)]>,
    pub gap: Gap,
}

/// A top-level assignment the plain reader reads whole (see
/// [`super::plain`]), left out of the first parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlainStmt {
    /// First byte (column 0).
    pub start: usize,
    /// End of its last line (the newline, or the end of the file).
    pub resume: usize,
    /// 1-based line of `start`.
    pub line: usize,
}

impl LazyDef {
    /// The function's name, read from the module's `text`.
    pub fn name<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.name.clone()).unwrap_or("")
    }
}

/// What the outline scanner found.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// Bodies left out of the first parse, for definitions kept in it.
    pub gaps: Vec<Gap>,
    /// Definitions left out of the first parse entirely.
    pub lazy: Vec<LazyDef>,
    /// Plain assignments left out of the first parse.
    pub plain: Vec<PlainStmt>,
}

/// Gaps for the bodies of top-level `def`s whose body starts on its own line.
pub fn function_gaps(src: &[u8]) -> Vec<Gap> {
    let o = outline(src, |_| false);
    let mut gaps: Vec<Gap> = o
        .gaps
        .into_iter()
        .chain(o.lazy.into_iter().map(|l| l.gap))
        .collect();
    gaps.sort_by_key(|g| g.body_start);
    gaps
}

/// Where the name of the `def` on `line` is, as offsets into `line`.
fn def_name(line: &[u8]) -> Option<std::ops::Range<usize>> {
    let rest = line.strip_prefix(b"async ").unwrap_or(line);
    let rest = rest.strip_prefix(b"def ")?;
    let rest = std::str::from_utf8(rest).ok()?;
    let trimmed = rest.trim_start();
    let start = line.len() - trimmed.len();
    let len: usize = trimmed
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .map(char::len_utf8)
        .sum();
    (len > 0).then(|| start..start + len)
}

/// Scans a module. `simple` decides whether a decorator expression can be
/// read without the parser; definitions whose decorators all are become lazy.
pub fn outline(src: &[u8], simple: impl Fn(&str) -> bool) -> Outline {
    outline_of_lines(src, &scan_lines(src), simple)
}

/// [`outline`] from lines already scanned.
pub fn outline_of_lines(src: &[u8], lines: &[PhysLine], simple: impl Fn(&str) -> bool) -> Outline {
    let ls: Vec<(usize, usize, bool)> = lines.iter().map(|l| (l.start, l.end, l.logical)).collect();
    let mut out = Outline::default();
    // Decorators seen since the last statement: (start of line, expr start, expr end, line).
    let mut pending: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut k = 0;
    while k < ls.len() {
        let (start, end, logical) = ls[k];
        // The last physical line of this logical line.
        let mut h = k;
        while h + 1 < ls.len() && !ls[h + 1].2 {
            h += 1;
        }
        let Some(first) = is_code_line(src, start, end) else {
            k += 1;
            continue;
        };
        if !logical || first != start {
            k = h + 1;
            continue;
        }
        let line = &src[start..end];
        if line.starts_with(b"@") {
            pending.push((start, start + 1, ls[h].1, k + 1));
            k = h + 1;
            continue;
        }
        let Some(name) = def_name(line) else {
            let resume = ls[h].1;
            if pending.is_empty()
                && super::plain::may_be_assignment(line)
                && super::plain::is_plain_assignment(src, start, resume, k + 1)
            {
                out.plain.push(PlainStmt {
                    start,
                    resume,
                    line: k + 1,
                });
            }
            pending.clear();
            k = h + 1;
            continue;
        };
        let decorators = std::mem::take(&mut pending);
        // The header must end with `:` (and maybe a comment): otherwise the
        // body sits on the same line and there is nothing to leave out.
        let (hs, he, _) = ls[h];
        let header_tail = String::from_utf8_lossy(&src[hs..he]);
        if !strip_comment(&header_tail).trim_end().ends_with(':') {
            k = h + 1;
            continue;
        }
        // The body: following lines up to the next logical line at column 0
        // holding code.
        let mut b = h + 1;
        let mut first_code: Option<usize> = None;
        let mut last_code_line = h;
        while b < ls.len() {
            let (bs, be, blogical) = ls[b];
            if let Some(pos) = is_code_line(src, bs, be) {
                if blogical && pos == bs {
                    break;
                }
                if first_code.is_none() {
                    first_code = Some(pos);
                }
                last_code_line = b;
            }
            b += 1;
        }
        if let Some(body_start) = first_code {
            let resume = ls[last_code_line].1;
            // A non-ASCII first byte cannot take the placeholder without
            // breaking UTF-8; such bodies are parsed with the module.
            if src[body_start].is_ascii() && resume > body_start {
                let gap = Gap { body_start, resume };
                let all_simple = decorators
                    .iter()
                    .all(|(_, s0, e0, _)| simple(&String::from_utf8_lossy(&src[*s0..*e0])));
                if all_simple {
                    out.lazy.push(LazyDef {
                        start: decorators.first().map(|d| d.0).unwrap_or(start),
                        def_start: start,
                        line: k + 1,
                        name: start + name.start..start + name.end,
                        decorators: decorators
                            .iter()
                            .map(|(_, s0, e0, l)| (narrow(*s0), narrow(*e0), narrow(*l)))
                            .collect(),
                        gap,
                    });
                } else {
                    out.gaps.push(gap);
                }
            }
        }
        k = b;
    }
    out
}

/// An offset or line of a source read (which is far below 4 GiB).
fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let mut s = Str::None;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match s {
            Str::Single(q) | Str::Triple(q) => {
                if c == b'\\' {
                    i += 1;
                } else if c == q {
                    s = Str::None;
                }
            }
            Str::None => match c {
                b'#' => return &line[..i],
                b'"' | b'\'' => s = Str::Single(c),
                _ => {}
            },
        }
        i += 1;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(src: &str) -> Vec<String> {
        function_gaps(src.as_bytes())
            .into_iter()
            .map(|g| src[g.body_start..g.resume].to_string())
            .collect()
    }

    #[test]
    fn finds_top_level_function_bodies() {
        let src = "import x\n\n@dec\ndef f(a,\n      b):  # c\n    '''doc'''\n    return a\n\n# note\ndef g(): return 1\n\nclass C:\n    def m(self):\n        pass\n";
        assert_eq!(bodies(src), vec!["'''doc'''\n    return a"]);
    }

    #[test]
    fn strings_and_brackets_at_column_zero_stay_in_the_body() {
        let src = "def f():\n    s = \"\"\"\nnot code\n\"\"\"\n    t = (1,\n2)\n# comment at col 0\n    return s\nx = 1\n";
        let b = bodies(src);
        assert_eq!(b.len(), 1);
        assert!(b[0].ends_with("return s"), "{b:?}");
    }

    #[test]
    fn simple_definitions_become_lazy() {
        let src = "import x\n@login_required\n@require_http_methods(\n    [\"GET\"])\ndef f(request):\n    return 1\n\n@cache_page(60 * 15)\ndef g(request):\n    return 2\nY = 3\n";
        let o = outline(src.as_bytes(), |d| {
            crate::parsing::literal::simple_call(d).is_some()
        });
        assert_eq!(o.lazy.len(), 1);
        let f = &o.lazy[0];
        assert_eq!((f.name(src), f.line), ("f", 5));
        assert_eq!(
            &src[f.start..f.def_start],
            "@login_required\n@require_http_methods(\n    [\"GET\"])\n"
        );
        let decs: Vec<&str> = f
            .decorators
            .iter()
            .map(|&(s, e, _)| &src[s as usize..e as usize])
            .collect();
        assert_eq!(
            decs,
            vec!["login_required", "require_http_methods(\n    [\"GET\"])"]
        );
        assert_eq!(o.gaps.len(), 1);
        assert_eq!(&src[o.gaps[0].body_start..o.gaps[0].resume], "return 2");
    }

    #[test]
    fn body_at_end_of_file_without_newline() {
        assert_eq!(bodies("def f():\n    return 1"), vec!["return 1"]);
    }
}
