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

/// Physical lines as (start, end-without-newline, logical_start) where
/// `logical_start` tells whether the line begins a new logical line (not
/// inside brackets, a string or after a backslash).
fn lines(src: &[u8]) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut depth: usize = 0;
    let mut s = Str::None;
    let mut continued = false;
    let mut i = 0;
    let n = src.len();
    while i < n {
        let start = i;
        let logical = depth == 0 && s == Str::None && !continued;
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
                    b'(' | b'[' | b'{' => depth += 1,
                    b')' | b']' | b'}' => depth = depth.saturating_sub(1),
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
        out.push((start, end, logical));
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

/// Gaps for the bodies of top-level `def`s whose body starts on its own line.
pub fn function_gaps(src: &[u8]) -> Vec<Gap> {
    let ls = lines(src);
    let mut gaps = Vec::new();
    let mut k = 0;
    while k < ls.len() {
        let (start, end, logical) = ls[k];
        let line = &src[start..end];
        let is_def = logical && (line.starts_with(b"def ") || line.starts_with(b"async def "));
        if !is_def {
            k += 1;
            continue;
        }
        // The header ends at the last physical line of this logical line.
        let mut h = k;
        while h + 1 < ls.len() && !ls[h + 1].2 {
            h += 1;
        }
        let (hs, he, _) = ls[h];
        // The header must end with `:` (and maybe a comment): otherwise the
        // body sits on the same line and there is nothing to leave out.
        let header_tail = String::from_utf8_lossy(&src[hs..he]);
        let code = strip_comment(&header_tail);
        if !code.trim_end().ends_with(':') {
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
                gaps.push(Gap { body_start, resume });
            }
        }
        k = b;
    }
    gaps
}

fn strip_comment(line: &str) -> &str {
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
    fn body_at_end_of_file_without_newline() {
        assert_eq!(bodies("def f():\n    return 1"), vec!["return 1"]);
    }
}
