//! A reader for the simple decorator expressions most views carry
//! (`@login_required`, `@require_http_methods(["GET", "POST"])`,
//! `@action(detail=True, methods=["post"])`): a dotted name, optionally
//! called with literal arguments. Reading these without the full parser lets a
//! views module's functions be known before any of them is parsed.

/// A literal as written in the source.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    None,
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<Literal>),
    Tuple(Vec<Literal>),
}

/// Literal arguments of a call: positional, then keyword.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LiteralArgs {
    pub pos: Vec<Literal>,
    pub kw: Vec<(String, Literal)>,
}

/// `name` or `name(args)` with literal arguments.
#[derive(Debug, Clone)]
pub struct SimpleCall {
    pub dotted: Vec<String>,
    /// `None` for a bare name.
    pub args: Option<LiteralArgs>,
}

/// Nesting of literal lists deeper than this is left to the full parser
/// (which has limits of its own): no recursion here is unbounded.
const MAX_DEPTH: usize = 32;

struct P<'a> {
    s: &'a [u8],
    i: usize,
    depth: usize,
}

impl P<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() {
            match self.s[self.i] {
                b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' => self.i += 1,
                b'\\' if self.s.get(self.i + 1) == Some(&b'\n') => self.i += 2,
                _ => break,
            }
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<String> {
        self.ws();
        let start = self.i;
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
        {
            self.i += 1;
        }
        if self.i == start || self.s[start].is_ascii_digit() {
            return None;
        }
        Some(String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }

    fn string(&mut self) -> Option<Literal> {
        self.ws();
        let mut raw = false;
        if matches!(self.s.get(self.i), Some(b'r' | b'R'))
            && matches!(self.s.get(self.i + 1), Some(b'"' | b'\''))
        {
            raw = true;
            self.i += 1;
        }
        let q = *self.s.get(self.i)?;
        if q != b'"' && q != b'\'' {
            return None;
        }
        if self.s.get(self.i + 1) == Some(&q) && self.s.get(self.i + 2) == Some(&q) {
            return None; // triple-quoted: leave to the parser
        }
        self.i += 1;
        let mut out = Vec::new();
        while self.i < self.s.len() {
            let c = self.s[self.i];
            if c == q {
                self.i += 1;
                return Some(Literal::Str(String::from_utf8(out).ok()?));
            }
            if c == b'\n' {
                return None;
            }
            if c == b'\\' && !raw {
                // Escapes are rare in decorator arguments; keep the full parser for them.
                return None;
            }
            out.push(c);
            self.i += 1;
        }
        None
    }

    fn literal(&mut self) -> Option<Literal> {
        self.ws();
        let c = *self.s.get(self.i)?;
        match c {
            b'"' | b'\'' => self.string(),
            b'r' | b'R' if matches!(self.s.get(self.i + 1), Some(b'"' | b'\'')) => self.string(),
            b'[' | b'(' => {
                if self.depth >= MAX_DEPTH {
                    return None;
                }
                self.depth += 1;
                let items = self.items(if c == b'[' { b']' } else { b')' });
                self.depth -= 1;
                let items = items?;
                Some(if c == b'[' {
                    Literal::List(items)
                } else {
                    Literal::Tuple(items)
                })
            }
            b'-' | b'0'..=b'9' => {
                let start = self.i;
                self.i += 1;
                while self.i < self.s.len()
                    && (self.s[self.i].is_ascii_digit() || self.s[self.i] == b'_')
                {
                    self.i += 1;
                }
                let t = String::from_utf8_lossy(&self.s[start..self.i]).replace('_', "");
                t.parse::<i64>().ok().map(Literal::Int)
            }
            _ => match self.ident()?.as_str() {
                "True" => Some(Literal::Bool(true)),
                "False" => Some(Literal::Bool(false)),
                "None" => Some(Literal::None),
                _ => None,
            },
        }
    }

    /// The items of a list or tuple after its opening bracket, up to `close`.
    fn items(&mut self, close: u8) -> Option<Vec<Literal>> {
        self.i += 1;
        let mut items = Vec::new();
        loop {
            if self.eat(close) {
                return Some(items);
            }
            items.push(self.literal()?);
            if !self.eat(b',') {
                return self.eat(close).then_some(items);
            }
        }
    }
}

/// Reads a decorator expression (the text after `@`), or `None` when it is
/// not a dotted name with literal arguments.
pub fn simple_call(text: &str) -> Option<SimpleCall> {
    let mut p = P {
        s: text.as_bytes(),
        i: 0,
        depth: 0,
    };
    let mut dotted = vec![p.ident()?];
    while p.eat(b'.') {
        dotted.push(p.ident()?);
    }
    let args = if p.eat(b'(') {
        let mut pos = Vec::new();
        let mut kw = Vec::new();
        loop {
            if p.eat(b')') {
                break;
            }
            let save = p.i;
            let key = p.ident();
            if key.is_some() && p.eat(b'=') {
                kw.push((key?, p.literal()?));
            } else {
                p.i = save;
                if !kw.is_empty() {
                    return None;
                }
                pos.push(p.literal()?);
            }
            if !p.eat(b',') {
                if p.eat(b')') {
                    break;
                }
                return None;
            }
        }
        Some(LiteralArgs { pos, kw })
    } else {
        None
    };
    p.ws();
    // A comment may follow; anything else is not simple.
    if p.i < p.s.len() && p.s[p.i] != b'#' {
        return None;
    }
    Some(SimpleCall { dotted, args })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_and_literal_calls() {
        let c = simple_call("login_required").unwrap();
        assert_eq!(c.dotted, vec!["login_required"]);
        assert!(c.args.is_none());
        let c = simple_call("http.require_http_methods([\"GET\", 'POST'],)  # x").unwrap();
        assert_eq!(c.dotted, vec!["http", "require_http_methods"]);
        let args = c.args.unwrap();
        assert!(matches!(&args.pos[0], Literal::List(items) if items.len() == 2));
        assert!(args.kw.is_empty());
        let c =
            simple_call("action(detail=True, methods=[\"post\"], url_path=\"deep-copy\")").unwrap();
        assert_eq!(c.args.unwrap().kw.len(), 3);
        let c = simple_call("cache_page(60 * 15)");
        assert!(c.is_none());
        assert!(simple_call("permission_required(PERM)").is_none());
        assert!(simple_call("x(\"a\\n\")").is_none());
        let deep = format!("f({}1{})", "[".repeat(100_000), "]".repeat(100_000));
        assert!(simple_call(&deep).is_none());
    }
}
