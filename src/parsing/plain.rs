//! A reader for the plain top-level assignments that make up most of a
//! URLconf: `urlpatterns = [path("a/", views.a, name="a"), ...]`, a name
//! bound to names, attributes, calls, lists, tuples and literals. A
//! statement it reads whole is left out of the parser's tree (the parser is
//! the slowest part of reading a project, and a URLconf is mostly such a
//! statement); the evaluator reads it again from the text when the module
//! body runs. Anything else (operators, subscripts, escapes, comprehensions,
//! keywords, `*args`) is not plain, and the parser reads the statement.

use super::span::Span;

/// An expression of a plain statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr<'a> {
    pub span: Span,
    pub kind: ExprKind<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind<'a> {
    Name(&'a str),
    /// `object.name`.
    Attribute(Box<Expr<'a>>, &'a str),
    /// A string literal without escapes (or a raw one): its text.
    Str(&'a str),
    Int(i64),
    Bool(bool),
    None,
    List(Vec<Expr<'a>>),
    Tuple(Vec<Expr<'a>>),
    /// `(expr)`.
    Paren(Box<Expr<'a>>),
    /// Positional arguments, then keyword arguments.
    Call {
        func: Box<Expr<'a>>,
        pos: Vec<Expr<'a>>,
        kw: Keywords<'a>,
    },
}

/// Keyword arguments of a call, in order.
pub type Keywords<'a> = Vec<(&'a str, Expr<'a>)>;

/// `target = value` at the top level of a module.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment<'a> {
    pub target: &'a str,
    pub target_span: Span,
    pub value: Expr<'a>,
    /// The statement without a trailing comment.
    pub span: Span,
}

/// Nesting deeper than this is left to the parser (and the evaluator's
/// own depth limit): the reader's recursion is bounded.
const MAX_DEPTH: usize = 48;

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
    end: usize,
    line: usize,
    /// Bracket depth: newlines and comments are white space inside brackets.
    brackets: usize,
    depth: usize,
    /// False to check a statement without building its expressions (the
    /// outline's pass, which only decides whether it is plain).
    build: bool,
}

impl<'a> Reader<'a> {
    /// A reader of `s[start..end]`, which starts on line `line`.
    fn new(s: &'a [u8], (start, end, line): (usize, usize, usize), build: bool) -> Option<Self> {
        (end <= s.len() && start < end).then_some(Reader {
            s,
            i: start,
            end,
            line,
            brackets: 0,
            depth: 0,
            build,
        })
    }

    fn peek(&self) -> Option<u8> {
        (self.i < self.end).then(|| self.s[self.i])
    }

    fn ws(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\r' | b'\x0c' => self.i += 1,
                b'\\' if self.s.get(self.i + 1) == Some(&b'\n') && self.i + 1 < self.end => {
                    self.i += 2;
                    self.line += 1;
                }
                b'\n' if self.brackets > 0 => {
                    self.i += 1;
                    self.line += 1;
                }
                b'#' if self.brackets > 0 => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.i += 1;
                    }
                }
                _ => break,
            }
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn here(&self) -> (usize, usize) {
        (self.i, self.line)
    }

    fn span_from(&self, (start, line): (usize, usize)) -> Span {
        Span {
            start,
            end: self.i,
            line,
        }
    }

    /// An identifier that is not a keyword (ASCII only: anything else is
    /// left to the parser).
    fn name(&mut self) -> Option<&'a str> {
        self.ws();
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.i += 1;
        }
        if self.i == start
            || self.s[start].is_ascii_digit()
            || self.peek().is_some_and(|c| c >= 0x80)
        {
            return None;
        }
        let name = std::str::from_utf8(&self.s[start..self.i]).ok()?;
        (!KEYWORDS.contains(&name)).then_some(name)
    }

    fn expr(&mut self) -> Option<Expr<'a>> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let e = self.primary();
        self.depth -= 1;
        e
    }

    /// An atom with its trailers (`.name`, `(args)`); only names take trailers.
    fn primary(&mut self) -> Option<Expr<'a>> {
        self.ws();
        let at = self.here();
        let c = self.peek()?;
        let is_string = matches!(c, b'"' | b'\'')
            || (matches!(c, b'r' | b'R') && matches!(self.s.get(self.i + 1), Some(b'"' | b'\'')));
        if is_string {
            return self.string(at);
        }
        match c {
            b'0'..=b'9' => return self.int(at),
            b'[' => {
                let items = self.items(b']')?;
                return Some(Expr {
                    span: self.span_from(at),
                    kind: ExprKind::List(items),
                });
            }
            b'(' => return self.parenthesized(at),
            _ => {}
        }
        let word_start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.i += 1;
        }
        let kind = match &self.s[word_start..self.i] {
            b"True" => Some(ExprKind::Bool(true)),
            b"False" => Some(ExprKind::Bool(false)),
            b"None" => Some(ExprKind::None),
            _ => None,
        };
        if let Some(kind) = kind {
            return Some(Expr {
                span: self.span_from(at),
                kind,
            });
        }
        self.i = word_start;
        let name = self.name()?;
        let mut e = Expr {
            span: self.span_from(at),
            kind: ExprKind::Name(name),
        };
        // Each trailer nests the expression one level deeper.
        let mut trailers = 0;
        loop {
            trailers += 1;
            if self.depth + trailers > MAX_DEPTH {
                return None;
            }
            self.ws();
            match self.peek() {
                Some(b'.') => {
                    self.i += 1;
                    let attr = self.name()?;
                    let kind = if self.build {
                        ExprKind::Attribute(Box::new(e), attr)
                    } else {
                        ExprKind::None
                    };
                    e = Expr {
                        span: self.span_from(at),
                        kind,
                    };
                }
                Some(b'(') => {
                    // `super()` depends on where it is written: the parser's.
                    if matches!(&e.kind, ExprKind::Name(n) if *n == "super") {
                        return None;
                    }
                    let (pos, kw) = self.arguments()?;
                    let kind = if self.build {
                        ExprKind::Call {
                            func: Box::new(e),
                            pos,
                            kw,
                        }
                    } else {
                        ExprKind::None
                    };
                    e = Expr {
                        span: self.span_from(at),
                        kind,
                    };
                }
                _ => return Some(e),
            }
        }
    }

    fn string(&mut self, at: (usize, usize)) -> Option<Expr<'a>> {
        let raw = matches!(self.peek(), Some(b'r' | b'R'));
        if raw {
            self.i += 1;
        }
        let q = self.peek()?;
        self.i += 1;
        let start = self.i;
        if self.s.get(self.i) == Some(&q) && self.s.get(self.i + 1) == Some(&q) {
            return None; // triple-quoted
        }
        loop {
            let c = self.peek()?;
            match c {
                // A line break (Python reads a lone `\r` as one) ends the
                // line inside the string: the parser's to report.
                b'\n' | b'\r' => return None,
                b'\\' if !raw => return None,
                // In a raw string a backslash keeps the next character,
                // which then never ends the string.
                b'\\' => {
                    if matches!(self.s.get(self.i + 1), None | Some(b'\n' | b'\r')) {
                        return None;
                    }
                    self.i += 2;
                }
                _ if c == q => break,
                _ => self.i += 1,
            }
        }
        let text = std::str::from_utf8(self.s.get(start..self.i)?).ok()?;
        self.i += 1;
        Some(Expr {
            span: self.span_from(at),
            kind: ExprKind::Str(text),
        })
    }

    /// A decimal integer; floats, other bases, underscores and imaginary
    /// numbers are the parser's.
    fn int(&mut self, at: (usize, usize)) -> Option<Expr<'a>> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        if self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c >= 0x80)
        {
            return None;
        }
        let digits = std::str::from_utf8(&self.s[start..self.i]).ok()?;
        if digits.len() > 1 && digits.starts_with('0') {
            return None;
        }
        let n = digits.parse::<i64>().ok()?;
        Some(Expr {
            span: self.span_from(at),
            kind: ExprKind::Int(n),
        })
    }

    /// `( ... )`: a tuple, or a parenthesized expression.
    fn parenthesized(&mut self, at: (usize, usize)) -> Option<Expr<'a>> {
        let (items, count, trailing_comma) = self.items_with_comma(b')')?;
        let span = self.span_from(at);
        Some(match count {
            1 if !trailing_comma => Expr {
                span,
                kind: match items.into_iter().next() {
                    Some(inner) => ExprKind::Paren(Box::new(inner)),
                    None => ExprKind::None, // not built
                },
            },
            _ => Expr {
                span,
                kind: ExprKind::Tuple(items),
            },
        })
    }

    /// The items of a bracketed list, the opening bracket at the cursor.
    fn items(&mut self, close: u8) -> Option<Vec<Expr<'a>>> {
        self.items_with_comma(close).map(|(items, _, _)| items)
    }

    /// [`Reader::items`] (none kept when not building), how many, and
    /// whether a comma ends them (`(x,)`).
    fn items_with_comma(&mut self, close: u8) -> Option<(Vec<Expr<'a>>, usize, bool)> {
        self.i += 1;
        self.brackets += 1;
        let mut items = Vec::new();
        let mut count = 0;
        let mut trailing_comma = false;
        loop {
            if self.eat(close) {
                break;
            }
            let item = self.expr()?;
            count += 1;
            if self.build {
                items.push(item);
            }
            trailing_comma = self.eat(b',');
            if !trailing_comma {
                if self.eat(close) {
                    break;
                }
                return None;
            }
        }
        self.brackets -= 1;
        Some((items, count, trailing_comma))
    }

    /// Call arguments, the opening parenthesis at the cursor.
    fn arguments(&mut self) -> Option<(Vec<Expr<'a>>, Keywords<'a>)> {
        self.i += 1;
        self.brackets += 1;
        let mut pos = Vec::new();
        let mut kw = Vec::new();
        let mut keywords = false;
        loop {
            if self.eat(b')') {
                break;
            }
            self.ws();
            let save = (self.i, self.line);
            let key = self.name();
            self.ws();
            let is_kw =
                key.is_some() && self.peek() == Some(b'=') && self.s.get(self.i + 1) != Some(&b'=');
            match key {
                Some(key) if is_kw => {
                    self.i += 1;
                    let value = self.expr()?;
                    keywords = true;
                    if self.build {
                        kw.push((key, value));
                    }
                }
                _ => {
                    (self.i, self.line) = save;
                    if keywords {
                        return None; // positional after keyword: a syntax error
                    }
                    let value = self.expr()?;
                    if self.build {
                        pos.push(value);
                    }
                }
            }
            if !self.eat(b',') {
                if self.eat(b')') {
                    break;
                }
                return None;
            }
        }
        self.brackets -= 1;
        Some((pos, kw))
    }
}

/// Reads `text[start..end]`, one logical line starting at column 0 on line
/// `line`, as `name = plain expression` (a trailing comment allowed).
pub fn read_assignment(s: &[u8], start: usize, end: usize, line: usize) -> Option<Assignment<'_>> {
    read(s, (start, end, line), true)
}

/// Whether [`read_assignment`] reads `s[start..end]`, checked without
/// building the expression.
pub fn is_plain_assignment(s: &[u8], start: usize, end: usize, line: usize) -> bool {
    read(s, (start, end, line), false).is_some()
}

/// The first positional argument of the call at `at`, a call of a
/// statement the reader takes whole, as a place in `s`.
pub fn first_argument(s: &[u8], at: Span) -> Option<Span> {
    let mut r = Reader::new(s, (at.start, at.end, at.line), true)?;
    match r.expr()?.kind {
        ExprKind::Call { pos, .. } => pos.into_iter().next().map(|e| e.span),
        _ => None,
    }
}

fn read(
    s: &[u8],
    (start, end, line): (usize, usize, usize),
    build: bool,
) -> Option<Assignment<'_>> {
    let mut r = Reader::new(s, (start, end, line), build)?;
    let target = r.name()?;
    let target_span = r.span_from((start, line));
    r.ws();
    if r.peek() != Some(b'=') || s.get(r.i + 1) == Some(&b'=') {
        return None;
    }
    r.i += 1;
    let value = r.expr()?;
    let span = Span {
        start,
        end: value.span.end,
        line,
    };
    r.ws();
    match r.peek() {
        None | Some(b'#') => Some(Assignment {
            target,
            target_span,
            value,
            span,
        }),
        _ => None,
    }
}

/// Whether a line (from column 0) may start a plain assignment: a name and
/// `=`. Cheap, to spare the reader most lines.
pub fn may_be_assignment(line: &[u8]) -> bool {
    let mut i = 0;
    while i < line.len() && (line[i].is_ascii_alphanumeric() || line[i] == b'_') {
        i += 1;
    }
    if i == 0 || line[0].is_ascii_digit() {
        return false;
    }
    while i < line.len() && (line[i] == b' ' || line[i] == b'\t') {
        i += 1;
    }
    line.get(i) == Some(&b'=') && line.get(i + 1) != Some(&b'=')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `src` whole; the outline's check agrees with the reader.
    fn read(src: &str) -> Option<Assignment<'_>> {
        let end = src.trim_end_matches('\n').len();
        let got = read_assignment(src.as_bytes(), 0, end, 1);
        assert_eq!(
            got.is_some(),
            is_plain_assignment(src.as_bytes(), 0, end, 1),
            "{src:.80}"
        );
        got
    }

    #[test]
    fn reads_a_urlconf_list() {
        let src = "urlpatterns = [\n    # the list\n    path(\"a/\", views.a, name=\"a\"),\n    re_path(r'^b/(?P<pk>\\d+)/$', views.B.as_view()),  # b\n    path('c/', include(('x.urls', 'x'), namespace='x')),\n]  # end\n";
        let a = read(src).unwrap();
        assert_eq!(a.target, "urlpatterns");
        let ExprKind::List(items) = &a.value.kind else {
            panic!("{a:?}")
        };
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].span.line, 3);
        assert_eq!(
            &src[items[1].span.start..items[1].span.end],
            "re_path(r'^b/(?P<pk>\\d+)/$', views.B.as_view())"
        );
        let ExprKind::Call { pos, .. } = &items[1].kind else {
            panic!()
        };
        assert_eq!(pos[0].kind, ExprKind::Str("^b/(?P<pk>\\d+)/$"));
        assert_eq!(items[2].span.line, 5);
        assert_eq!(
            &src[a.span.start..a.span.end],
            src.split("  # end").next().unwrap()
        );
    }

    #[test]
    fn tuples_parens_and_literals() {
        let a = read("x = ((1), (2,), (), 'é', \"\", True, None, [], (3  # c\n))").unwrap();
        let ExprKind::Tuple(items) = a.value.kind else {
            panic!()
        };
        assert!(matches!(items[0].kind, ExprKind::Paren(_)));
        assert!(matches!(&items[1].kind, ExprKind::Tuple(t) if t.len() == 1));
        assert!(matches!(&items[2].kind, ExprKind::Tuple(t) if t.is_empty()));
        assert_eq!(items[3].kind, ExprKind::Str("é"));
        assert_eq!(items[4].kind, ExprKind::Str(""));
        assert!(matches!(items[8].kind, ExprKind::Paren(_)));
    }

    #[test]
    fn anything_else_is_the_parsers() {
        for src in [
            "x = a + b",
            "x = [a for a in b]",
            "x = 'a\\n'",
            "x = 'a' 'b'",
            "x = f'a'",
            "x = b'a'",
            "x = '''a'''",
            "x = a[0]",
            "x = {}",
            "x = 1.5",
            "x = 0x10",
            "x = 1_000",
            "x = 01",
            "x = -1",
            "x = f(*a)",
            "x = f(**a)",
            "x = f(a=1, b)",
            "x = super().f()",
            "x = lambda: 1",
            "x = not_a",
            "x = y = 1",
            "x: int = 1",
            "x == 1",
            "x = 1; y = 2",
            "x = pass",
            "x = a.if",
            "x = 1 if a else 2",
            "x = (a for a in b)",
            "x = [a,, b]",
            "x = [a",
            "x = r'\\'",
            "x = 99999999999999999999",
            "x = é",
        ] {
            let got = read(src);
            if src == "x = not_a" {
                assert!(got.is_some());
            } else {
                assert!(got.is_none(), "{src}: {got:?}");
            }
        }
    }

    #[test]
    fn deep_nesting_is_the_parsers() {
        let deep = format!("x = {}1{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(read(&deep).is_none());
        let chain = format!("x = a{}", ".b".repeat(100_000));
        assert!(read(&chain).is_none());
        let calls = format!("x = f{}", "()".repeat(100_000));
        assert!(read(&calls).is_none());
        assert!(read("x = a.b.c(d)(e).f").is_some());
        assert!(read("x = 'a\rb'").is_none());
        let shallow = format!("x = {}1{}", "[".repeat(10), "]".repeat(10));
        assert!(read(&shallow).is_some());
    }

    #[test]
    fn cheap_check() {
        assert!(may_be_assignment(b"urlpatterns = ["));
        assert!(may_be_assignment(b"x=1"));
        assert!(!may_be_assignment(b"x == 1"));
        assert!(!may_be_assignment(b"x += [1]"));
        assert!(!may_be_assignment(b"x.y = 1"));
        assert!(!may_be_assignment(b"1 = x"));
    }
}
