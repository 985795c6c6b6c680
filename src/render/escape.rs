//! Escaping of text that comes from analysed files (paths, view names, stats
//! names, task and user names, error and finding messages), one function per
//! output: HTML and JUnit XML, the terminal, Markdown.

use std::borrow::Cow;

/// Text for HTML element content and quoted attribute values.
pub fn html(s: &str) -> String {
    let escaped = html_escape::encode_quoted_attribute(s);
    // The crate spells the apostrophe `&#x27;`; pages have always had `&#39;`
    // (the same character), and saved pages are compared byte for byte.
    if escaped.contains("&#x27;") {
        escaped.replace("&#x27;", "&#39;")
    } else {
        escaped.into_owned()
    }
}

/// Text for XML attributes and content: [`html`], without the characters
/// XML 1.0 cannot hold at all (not even as references).
pub fn xml(s: &str) -> String {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    if s.chars().all(allowed) {
        html(s)
    } else {
        html(&s.chars().filter(|&c| allowed(c)).collect::<String>())
    }
}

/// Text for a terminal: control characters (C0 but newline and tab, DEL, C1,
/// so ESC too) shown as `\x1b`, so a name in a stats file cannot move the
/// cursor, recolour or retitle the terminal.
pub fn terminal(s: &str) -> Cow<'_, str> {
    let control = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !s.chars().any(control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if control(c) {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Inline Markdown text (a table cell, a list item): `<`, `>` and `&` as
/// entities so no HTML gets through, table pipes and backslashes escaped, a
/// newline as a space (it would end the table row).
pub fn markdown(s: &str) -> String {
    markdown_sentence(s).replace('>', "&gt;")
}

/// [`markdown`] for the sentences routecov composes around analysed names
/// (`12 -> 410 ms`): their `>` stays, since with `<` escaped no tag can open.
pub fn markdown_sentence(s: &str) -> String {
    cell(s).replace('&', "&amp;").replace('<', "&lt;")
}

/// The inside of a Markdown code span in a table cell: a pipe would end the
/// cell even there, and a backtick would end the span.
pub fn markdown_code(s: &str) -> String {
    cell(s).replace('`', "'")
}

fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_both_quotes() {
        assert_eq!(
            html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(html("/a/<int:pk>/"), "/a/&lt;int:pk&gt;/");
    }

    #[test]
    fn xml_drops_what_xml_cannot_hold() {
        assert_eq!(xml("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(xml("t\tn\nr\r\u{FFFF}"), "t\tn\nr\r");
    }

    #[test]
    fn terminal_shows_control_characters() {
        assert_eq!(terminal("GET /a/\t1\n"), "GET /a/\t1\n");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
        assert_eq!(terminal("\u{1b}[31mred\u{7}"), "\\x1b[31mred\\x07");
        assert_eq!(terminal("a\u{7f}b\u{9b}c\u{0}"), "a\\x7fb\\x9bc\\x00");
        assert_eq!(terminal("é ü"), "é ü");
    }

    #[test]
    fn markdown_lets_no_html_or_cell_end_through() {
        assert_eq!(
            markdown("<img src=x> & a|b\\c\nd"),
            "&lt;img src=x&gt; &amp; a\\|b\\\\c d"
        );
        assert_eq!(markdown_sentence("12 -> 410 <b>"), "12 -> 410 &lt;b>");
        assert_eq!(markdown_code("/a/<int:pk>|`x`"), "/a/<int:pk>\\|'x'");
    }
}
