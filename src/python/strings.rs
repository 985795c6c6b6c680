//! Strings: literals and their escapes, f-strings, `%` and `str.format`
//! formatting, and the methods of `str`.

use super::args::Args;
use super::interp::{Frame, Interp};
use super::value::{Str, Value};
use tree_sitter::Node;

impl Interp {
    pub(super) fn eval_string(&mut self, frame: &mut Frame, node: Node<'static>) -> Value {
        let m = frame.module;
        let mut out = Str::default();
        let mut raw = false;
        let mut fstring = false;
        let mut bytes = false;
        let mut c = node.walk();
        let children: Vec<_> = node.children(&mut c).collect();
        for child in children {
            match child.kind() {
                "string_start" => {
                    let prefix = self.text(m, child).to_ascii_lowercase();
                    raw = prefix.contains('r');
                    fstring = prefix.contains('f');
                    bytes = prefix.contains('b');
                }
                "string_content" => {
                    let t = self.text(m, child);
                    let mut s = if raw { t.to_string() } else { unescape(t) };
                    if fstring {
                        s = s.replace("{{", "{").replace("}}", "}");
                    }
                    out.push_str(&s);
                }
                "escape_sequence" => {
                    let t = self.text(m, child);
                    out.push_str(&if raw { t.to_string() } else { unescape(t) });
                }
                "interpolation" => {
                    let Some(expr) = child.child_by_field_name("expression") else {
                        continue;
                    };
                    let v = self.eval(frame, expr);
                    let spec = child
                        .child_by_field_name("format_specifier")
                        .map(|s| self.text(m, s).trim_start_matches(':').to_string());
                    match (v, spec) {
                        (Value::Unknown(_), _) => out.push_hole(self.text(m, expr)),
                        (v, None) => out.append(&v.to_str()),
                        (Value::Int(i), Some(spec)) => match format_int(i, &spec) {
                            Some(s) => out.push_str(&s),
                            None => out.push_hole(self.text(m, expr)),
                        },
                        (v, Some(_)) => out.append(&v.to_str()),
                    }
                }
                _ => {}
            }
        }
        if bytes {
            // Bytes are not text; keep them as an unknown rather than mix types.
            return Value::unknown(self.text(m, node), "bytes literal");
        }
        Value::Str(out)
    }

    /// Adjacent string literals, joined.
    pub(super) fn eval_concatenated_string(
        &mut self,
        frame: &mut Frame,
        node: Node<'static>,
    ) -> Value {
        let mut s = Str::default();
        let mut c = node.walk();
        let parts: Vec<_> = node.named_children(&mut c).collect();
        for p in parts {
            if let Value::Str(x) = self.eval_string(frame, p) {
                s.append(&x);
            }
        }
        Value::Str(s)
    }
}

/// `str.split(sep=None, maxsplit=-1)` and `rsplit`, on a known string.
fn split(k: &str, args: &Args, from_right: bool) -> Option<Vec<String>> {
    let sep = match args.get(0, "sep") {
        None | Some(Value::None) => None,
        Some(v) => Some(v.as_known_str().filter(|s| !s.is_empty())?),
    };
    let max = match args.get(1, "maxsplit") {
        None => -1,
        Some(Value::Int(n)) => *n,
        Some(_) => return None,
    };
    let limit = usize::try_from(max).ok().map(|n| n + 1);
    let parts: Vec<String> = match (&sep, limit, from_right) {
        (Some(sep), None, _) => k.split(sep.as_str()).map(str::to_string).collect(),
        (Some(sep), Some(n), false) => k.splitn(n, sep.as_str()).map(str::to_string).collect(),
        (Some(sep), Some(n), true) => {
            let mut v: Vec<String> = k.rsplitn(n, sep.as_str()).map(str::to_string).collect();
            v.reverse();
            v
        }
        // Whitespace splitting with a limit keeps the rest's spacing:
        // not modelled.
        (None, Some(_), _) => return None,
        (None, None, _) => k.split_whitespace().map(str::to_string).collect(),
    };
    Some(parts)
}

pub(super) fn str_method(s: &Str, name: &str, args: &Args) -> Option<Value> {
    let chars = || args.pos.first().and_then(|c| c.as_known_str());
    Some(match name {
        "strip" => Value::Str(s.strip(chars().as_deref(), true, true)),
        "lstrip" => Value::Str(s.strip(chars().as_deref(), true, false)),
        "rstrip" => Value::Str(s.strip(chars().as_deref(), false, true)),
        "format" => {
            let fmt = s.known()?;
            match brace_format(&fmt, args) {
                Some(v) => Value::Str(v),
                None => return None,
            }
        }
        "join" => {
            let items = args.pos.first()?.items()?;
            let sep = s.known()?;
            let mut out = Str::default();
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(&sep);
                }
                out.append(&it.to_str());
            }
            Value::Str(out)
        }
        "split" | "rsplit" => Value::list(
            split(&s.known()?, args, name == "rsplit")?
                .into_iter()
                .map(Value::str)
                .collect(),
        ),
        "lower" | "upper" => {
            let k = s.known()?;
            Value::str(if name == "lower" {
                k.to_lowercase()
            } else {
                k.to_uppercase()
            })
        }
        "replace" => {
            let k = s.known()?;
            let from = args.pos.first()?.as_known_str()?;
            let to = args.pos.get(1)?.as_known_str()?;
            Value::str(k.replace(&from, &to))
        }
        "startswith" | "endswith" => {
            let k = s.known()?;
            let p = args.pos.first()?.as_known_str()?;
            Value::Bool(if name == "startswith" {
                k.starts_with(&p)
            } else {
                k.ends_with(&p)
            })
        }
        _ => return None,
    })
}

/// `str.format` with positional and keyword fields; format specs on ints.
fn brace_format(fmt: &str, args: &Args) -> Option<Str> {
    let mut out = Str::default();
    let mut auto = 0usize;
    let mut chars = fmt.char_indices().peekable();
    let mut lit = String::new();
    while let Some((_, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|p| p.1) == Some('{') => {
                chars.next();
                lit.push('{');
            }
            '}' if chars.peek().map(|p| p.1) == Some('}') => {
                chars.next();
                lit.push('}');
            }
            '{' => {
                let mut field = String::new();
                for (_, c2) in chars.by_ref() {
                    if c2 == '}' {
                        break;
                    }
                    field.push(c2);
                }
                let (key, spec) = match field.split_once(':') {
                    Some((k, s)) => (k.to_string(), Some(s.to_string())),
                    None => (field.clone(), None),
                };
                let key = key.split('!').next().unwrap_or("").to_string();
                let v = if key.is_empty() {
                    let v = args.pos.get(auto).cloned();
                    auto += 1;
                    v
                } else if let Ok(i) = key.parse::<usize>() {
                    args.pos.get(i).cloned()
                } else {
                    args.kw(&key).cloned()
                };
                out.push_str(&lit);
                lit.clear();
                match (v, spec) {
                    (Some(Value::Int(i)), Some(spec)) => match format_int(i, &spec) {
                        Some(s) => out.push_str(&s),
                        None => out.push_hole(&key),
                    },
                    (Some(Value::Unknown(u)), _) => out.push_hole(&u.text),
                    (Some(v), _) => out.append(&v.to_str()),
                    (None, _) => out.push_hole(if key.is_empty() { "?" } else { &key }),
                }
            }
            c => lit.push(c),
        }
    }
    out.push_str(&lit);
    Some(out)
}

/// `"%s/%d" % (a, b)`.
pub(super) fn percent_format(fmt: &str, items: &[Value]) -> Option<Str> {
    let mut out = Str::default();
    let mut it = items.iter();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push_str(&c.to_string());
            continue;
        }
        // Flags, width and precision are skipped: URLs rarely use them.
        let mut spec = String::new();
        while let Some(&n) = chars.peek() {
            if n.is_ascii_digit() || "-+ #.0".contains(n) {
                spec.push(n);
                chars.next();
            } else {
                break;
            }
        }
        match chars.next() {
            Some('%') => out.push_str("%"),
            Some('s' | 'r' | 'd' | 'i' | 'f') => match it.next() {
                Some(Value::Unknown(u)) => out.push_hole(&u.text),
                Some(Value::Int(i)) if !spec.is_empty() => out.push_str(&format_int(*i, &spec)?),
                Some(v) => out.append(&v.to_str()),
                None => return None,
            },
            _ => return None,
        }
    }
    Some(out)
}

/// Integer format specs used in URLs: `03d`, `d`, `x`.
fn format_int(i: i64, spec: &str) -> Option<String> {
    let spec = spec.trim_end_matches('d');
    if spec.is_empty() {
        return Some(i.to_string());
    }
    if let Some(w) = spec.strip_prefix('0') {
        let width: usize = w.parse().ok()?;
        return Some(format!("{i:0width$}"));
    }
    if spec == "x" {
        return Some(format!("{i:x}"));
    }
    let width: usize = spec.parse().ok()?;
    Some(format!("{i:width$}"))
}

/// Python string escapes: the one-letter ones, octal, `\xhh`, `\uhhhh` and
/// `\Uhhhhhhhh` (`\N{...}` stays as written).
fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, n: usize| {
            let digits: String = (0..n)
                .filter_map(|_| chars.next_if(char::is_ascii_hexdigit))
                .collect();
            u32::from_str_radix(&digits, 16)
                .ok()
                .filter(|_| digits.len() == n)
                .and_then(char::from_u32)
                .ok_or(digits)
        };
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\x07'),
            Some('b') => out.push('\x08'),
            Some('f') => out.push('\x0c'),
            Some('v') => out.push('\x0b'),
            Some('\\') => out.push('\\'),
            Some('\'') => out.push('\''),
            Some('"') => out.push('"'),
            Some('\n') => {}
            Some(e @ ('x' | 'u' | 'U')) => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                match hex(&mut chars, n) {
                    Ok(ch) => out.push(ch),
                    Err(digits) => {
                        out.push('\\');
                        out.push(e);
                        out.push_str(&digits);
                    }
                }
            }
            Some(d @ '0'..='7') => {
                let mut v = d.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.next_if(|c| c.is_digit(8)) {
                        Some(c) => v = v * 8 + c.to_digit(8).unwrap_or(0),
                        None => break,
                    }
                }
                out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
            }
            Some(other) => {
                // Unknown escapes stay as written, as Python keeps them.
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_and_brace_formats() {
        let s = percent_format("/p/%s/%d/", &[Value::unknown("pid", "x"), Value::Int(3)]).unwrap();
        assert_eq!(s.template(), "/p/{pid}/3/");
        let args = Args {
            pos: vec![Value::Int(7)],
            kw: vec![("x".into(), Value::str("a"))],
        };
        assert_eq!(
            brace_format("/{}/{x}/{{lit}}", &args).unwrap().template(),
            "/7/a/{lit}"
        );
        assert_eq!(format_int(5, "03d").as_deref(), Some("005"));
    }

    #[test]
    fn unescape_keeps_unknown_escapes() {
        assert_eq!(unescape(r"a\nb\d"), "a\nb\\d");
        assert_eq!(
            unescape(r"\x1b[2J\a\u00e9\U0001F600\101\0"),
            "\u{1b}[2J\u{7}\u{e9}\u{1F600}A\0"
        );
        assert_eq!(unescape(r"\xZZ"), "\\xZZ");
    }
}
