//! Fitting text to the terminal's width: prose wrapped at spaces, table
//! cells at the places a path or a dotted name can break (after `/`, a `.`
//! or `-` inside a name, a space), so that no word is split unless a single
//! one is wider than the whole table can give it.

use comfy_table::{
    presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement,
    Table, Width,
};
use textwrap::core::Word;
use textwrap::{Options, WordSeparator, WordSplitter};
use unicode_width::UnicodeWidthStr;

/// A space the wrapping never breaks at (a number and its unit); printed as
/// a plain space.
pub const NBSP: char = '\u{a0}';

/// Prose wrapped to `width` columns at spaces, each line of `text` on its own;
/// continuation lines start with `indent`. A word longer than a line stays
/// whole: a path split in two cannot be copied.
pub fn prose(text: &str, width: u16, indent: &str) -> String {
    let width = usize::from(width).max(20);
    let options = Options::new(width)
        .break_words(false)
        .word_splitter(WordSplitter::NoHyphenation)
        .subsequent_indent(indent);
    // A word wider than the line (a long path) breaks where a cell would.
    let long_words = Options::new(width)
        .word_separator(WordSeparator::Custom(cell_words))
        .break_words(true)
        .subsequent_indent(indent);
    let mut out: Vec<String> = Vec::new();
    for line in text.split('\n') {
        for wrapped in textwrap::wrap(line, &options) {
            if wrapped.width() <= width {
                out.push(wrapped.replace(NBSP, " "));
                continue;
            }
            let own = &wrapped[..wrapped.len() - wrapped.trim_start().len()];
            let options = long_words.clone().initial_indent(own);
            for piece in textwrap::wrap(wrapped.trim_start(), &options) {
                out.push(piece.replace(NBSP, " "));
            }
        }
    }
    out.join("\n")
}

/// Every line of a rendered text that is wider than `width` and not part of
/// a table wrapped as prose, its continuation indented two more than it.
pub fn fit_lines(text: &str, width: u16) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let boxed = body.starts_with(['┌', '│', '╞', '├', '└']);
        if boxed || body.width() <= usize::from(width) {
            out.push_str(line);
            continue;
        }
        let lead = &body[..body.len() - body.trim_start().len()];
        out.push_str(&prose(body, width, &format!("{lead}  ")));
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Byte offsets just after the places a cell's text may break.
fn break_points(line: &str) -> impl Iterator<Item = usize> + '_ {
    let mut chars = line.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let name_follows = next.is_some_and(|n| n.is_alphabetic() || n == '_' || n == '<');
            let breaks = match c {
                ' ' | '/' | '?' | '&' => next.is_some_and(|n| n != ' '),
                '.' | '-' | ',' => name_follows,
                _ => false,
            };
            if breaks {
                return Some(i + c.len_utf8());
            }
        }
        None
    })
}

/// The pieces of a line between its break points.
fn pieces(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for end in break_points(line) {
        out.push(&line[start..end]);
        start = end;
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

fn cell_words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    Box::new(pieces(line).into_iter().map(Word::from))
}

/// A cell's text wrapped to `width` columns at its break points.
fn wrap_cell(text: &str, width: usize) -> String {
    let options = Options::new(width.max(1))
        .word_separator(WordSeparator::Custom(cell_words))
        .break_words(true);
    text.split('\n')
        .flat_map(|line| textwrap::wrap(line, &options))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Widest line of a text.
fn natural(text: &str) -> usize {
    text.split('\n')
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// Widest piece that cannot be broken.
fn unbreakable(text: &str) -> usize {
    text.split('\n')
        .flat_map(pieces)
        .map(|p| p.trim_end().width())
        .max()
        .unwrap_or(0)
}

/// One cell: its text, alignment and colour.
#[derive(Clone)]
pub struct Text {
    text: String,
    right: bool,
    fg: Option<Color>,
}

impl Text {
    pub fn new(text: impl Into<String>) -> Text {
        Text {
            text: text.into(),
            right: false,
            fg: None,
        }
    }

    /// A number: right-aligned.
    pub fn num(text: impl Into<String>) -> Text {
        Text {
            right: true,
            ..Text::new(text)
        }
    }

    /// The cell in colour `c` when `on`.
    pub fn fg(self, c: Color, on: bool) -> Text {
        Text {
            fg: on.then_some(c).or(self.fg),
            ..self
        }
    }

    fn cell(&self, width: usize) -> Cell {
        let mut cell = Cell::new(wrap_cell(&self.text, width));
        if self.right {
            cell = cell.set_alignment(CellAlignment::Right);
        }
        match self.fg {
            Some(c) => cell.fg(c),
            None => cell,
        }
    }
}

impl<S: Into<String>> From<S> for Text {
    fn from(s: S) -> Text {
        Text::new(s)
    }
}

/// Content widths of the columns within `avail`: each column as wide as its
/// content while they fit; else the `prose` columns (sentences, lists, which
/// wrap well) are narrowed first, down to [`PROSE_MIN`], then the widest
/// column, down to its widest unbreakable piece; only when even those do not
/// fit are pieces split.
fn column_widths(columns: &[Vec<&str>], avail: usize, prose: &[usize]) -> Vec<usize> {
    let mut widths: Vec<usize> = columns
        .iter()
        .map(|c| c.iter().map(|t| natural(t)).max().unwrap_or(0).max(1))
        .collect();
    let floors: Vec<usize> = columns
        .iter()
        .zip(&widths)
        .map(|(c, &w)| {
            c.iter()
                .map(|t| unbreakable(t))
                .max()
                .unwrap_or(1)
                .clamp(1, w)
        })
        .collect();
    let prose_floor = |i: usize| {
        if prose.contains(&i) {
            floors[i].max(PROSE_MIN)
        } else {
            usize::MAX
        }
    };
    let phases: [&dyn Fn(usize) -> usize; 3] = [&prose_floor, &|i| floors[i], &|_| 1];
    for limit in phases {
        while widths.iter().sum::<usize>() > avail {
            let widest = (0..widths.len())
                .filter(|&i| widths[i] > limit(i))
                .max_by_key(|&i| (widths[i], std::cmp::Reverse(i)));
            match widest {
                Some(i) => widths[i] -= 1,
                None => break,
            }
        }
    }
    widths
}

/// Width a prose column keeps while other columns can still give room.
const PROSE_MIN: usize = 14;

/// A table of `rows` under `header`, at most `width` columns wide, its cells
/// wrapped where they may break.
pub fn table(width: u16, header: &[&str], rows: Vec<Vec<Text>>, color: bool) -> Table {
    table_with_prose(width, header, rows, color, &[])
}

/// [`table`], the columns at `prose` narrowed first.
pub fn table_with_prose(
    width: u16,
    header: &[&str],
    rows: Vec<Vec<Text>>,
    color: bool,
    prose: &[usize],
) -> Table {
    let n = header.len();
    // Each column has a space either side and a border on its right, plus
    // the table's left border.
    let avail = usize::from(width).saturating_sub(3 * n + 1).max(n);
    let columns: Vec<Vec<&str>> = (0..n)
        .map(|i| {
            std::iter::once(header[i])
                .chain(
                    rows.iter()
                        .filter_map(|r| r.get(i))
                        .map(|t| t.text.as_str()),
                )
                .collect()
        })
        .collect();
    let widths = column_widths(&columns, avail, prose);
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(
            width.max(u16::try_from(widths.iter().sum::<usize>() + 3 * n + 1).unwrap_or(u16::MAX)),
        )
        .set_header(
            header
                .iter()
                .zip(&widths)
                .map(|(h, &w)| Cell::new(wrap_cell(h, w))),
        );
    for row in &rows {
        t.add_row(row.iter().zip(&widths).map(|(c, &w)| c.cell(w)));
    }
    for (i, &w) in widths.iter().enumerate() {
        if let Some(col) = t.column_mut(i) {
            let fixed = u16::try_from(w + 2).unwrap_or(u16::MAX);
            col.set_constraint(ColumnConstraint::Absolute(Width::Fixed(fixed)));
        }
    }
    if color {
        t.enforce_styling();
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_break_after_slashes_and_dots_not_inside_words() {
        assert_eq!(
            wrap_cell("django.views.generic.base.RedirectView", 30),
            "django.views.generic.base.\nRedirectView"
        );
        assert_eq!(
            wrap_cell("GET /dashboard/projects/<int:project_id>/open/", 30),
            "GET /dashboard/projects/\n<int:project_id>/open/"
        );
        // Numbers keep their decimal point.
        assert_eq!(pieces("13.1%"), ["13.1%"]);
        assert_eq!(pieces("urls.py:14"), ["urls.", "py:14"]);
    }

    #[test]
    fn only_a_piece_wider_than_the_column_is_split() {
        assert_eq!(wrap_cell("abcdefghij", 4), "abcd\nefgh\nij");
    }

    #[test]
    fn widths_shrink_the_widest_column_down_to_its_longest_piece() {
        let a = ["path", "/a/very/long/path/with/many/segments/"];
        let b = ["view", "short.view"];
        let w = column_widths(&[a.to_vec(), b.to_vec()], 30, &[]);
        assert_eq!(w.iter().sum::<usize>(), 30);
        assert_eq!(w[1], 10, "the narrow column keeps its width");
        let w = column_widths(&[a.to_vec(), b.to_vec()], 8, &[]);
        assert_eq!(w, [4, 4], "floors give way only when nothing else fits");
        let sentence = [
            "why",
            "a reason that wraps well over several lines of the table",
        ];
        let w = column_widths(&[a.to_vec(), sentence.to_vec()], 50, &[1]);
        assert_eq!(w, [36, 14], "prose gives its room first");
    }

    #[test]
    fn every_line_of_a_table_fits_its_width() {
        let rows = vec![vec![
            Text::new("GET /detail_project/api/v2/project/<int:project_id>/pekerjaan/<int:pekerjaan_id>/weekly-progress/"),
            Text::num("123"),
            Text::new("detail_project.views.api_v2.WeeklyProgressViewSet"),
        ]];
        for width in [40u16, 60, 80, 100] {
            let t = table(
                width,
                &["Endpoint", "Requests", "View"],
                rows.clone(),
                false,
            );
            for line in t.to_string().lines() {
                assert!(line.width() <= usize::from(width), "{width}: {line}");
            }
        }
    }

    #[test]
    fn long_lines_wrap_and_tables_stay() {
        let text = "│ a table row that is long enough to pass the width of twenty │\n  one two three four five six seven\n";
        let out = fit_lines(text, 20);
        assert!(out.starts_with("│ a table row that is long enough"));
        assert!(
            out.ends_with("  one two three four\n    five six seven\n"),
            "{out}"
        );
    }

    #[test]
    fn prose_wraps_at_spaces_and_breaks_only_words_wider_than_a_line() {
        let s = prose(
            "run: 192 requests, 31 failures /a/very/long/path/that/does/not/fit",
            24,
            "  ",
        );
        assert_eq!(
            s,
            "run: 192 requests, 31\n  failures\n  /a/very/long/path/\n  that/does/not/fit"
        );
        assert_eq!(prose("a 14\u{a0}ms b", 20, ""), "a 14 ms b");
    }
}
