//! CSV records with the line each starts on and its raw byte range.

use crate::diagnostics::Warning;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Read;
use std::rc::Rc;

/// One CSV record with where it starts.
#[derive(Debug)]
pub(super) struct Record {
    pub(super) line: usize,
    /// Byte range in the text, to repair a row from its raw line.
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) fields: Vec<String>,
}

pub(super) fn delimiter(text: &str) -> u8 {
    // Spreadsheets saving CSV in some locales use `;` (or tabs); Locust never
    // does. Decided on the first non-empty line, the header.
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| first.chars().filter(|x| *x == c).count();
    let (commas, semis, tabs) = (count(','), count(';'), count('\t'));
    if commas == 0 && semis > 0 && semis >= tabs {
        b';'
    } else if commas == 0 && tabs > 0 {
        b'\t'
    } else {
        b','
    }
}

/// Records a table could start with, always kept: its header is among them.
pub(super) const HEADER_LOOKAHEAD: usize = 10;

/// Every record of `text`, each with where it ends.
pub(super) fn records(file: &str, text: &str, warnings: &mut Vec<Warning>) -> Vec<Record> {
    let mut out: Vec<Record> = Vec::new();
    let read = each_record(
        file,
        delimiter(text),
        text.as_bytes(),
        |_| true,
        |r| out.push(r),
    );
    warnings.extend(read);
    // A record ends where the next begins, to repair a row from its raw lines.
    let mut next = text.len();
    for r in out.iter_mut().rev() {
        r.end = next;
        next = r.start;
    }
    out
}

/// The line ends that passed through a reader, as offsets: the reader reads
/// ahead a buffer at a time, so few are held at once.
struct LineEnds<R> {
    inner: R,
    read: usize,
    ends: Rc<RefCell<VecDeque<usize>>>,
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let base = self.read;
        self.ends
            .borrow_mut()
            .extend(memchr::memchr_iter(b'\n', &buf[..n]).map(|i| base + i));
        self.read += n;
        Ok(n)
    }
}

/// Hands `each` the records `keep` accepts (and the first few, where the
/// header is), one at a time, as `source` is read: a large file is never
/// held whole, its rows never all at once, and the rows `keep` refuses
/// never become strings. Returns the reader's own warnings.
pub(super) fn each_record(
    file: &str,
    delim: u8,
    source: impl Read,
    keep: impl Fn(&csv::StringRecord) -> bool,
    mut each: impl FnMut(Record),
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let ends = Rc::new(RefCell::new(VecDeque::new()));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(LineEnds {
            inner: source,
            read: 0,
            ends: ends.clone(),
        });
    let mut record = csv::StringRecord::new();
    // Lines ended before the current position. The reader's own line count
    // lags one line behind on `\r\n` files and after blank lines (a record's
    // position sits on the line end before it), so lines are counted here.
    let mut passed = 0usize;
    let mut line_at = |pos: usize| {
        let mut ends = ends.borrow_mut();
        while ends.front().is_some_and(|e| *e < pos) {
            ends.pop_front();
            passed += 1;
        }
        let mut start = pos;
        while let Some(&e) = ends.front().filter(|e| **e == start || **e == start + 1) {
            ends.pop_front();
            passed += 1;
            start = e + 1;
        }
        (passed + 1, start)
    };
    let mut errors = 0;
    let mut seen = 0;
    loop {
        let before = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let pos = record.position().map_or(before, |p| p.byte()) as usize;
                let (line, start) = line_at(pos);
                if seen >= HEADER_LOOKAHEAD && !keep(&record) {
                    continue;
                }
                // Blank lines (and the empty lines of `\r\r\n` endings, which
                // Python's csv module writes on Windows) carry nothing.
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                seen += 1;
                each(Record {
                    line,
                    start,
                    end: start,
                    fields: record.iter().map(str::to_string).collect(),
                });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte() as usize).0);
                warnings.push(Warning::new(file, line, format!("unreadable CSV: {e}")));
                errors += 1;
                // The reader moves past a bad record; stop if it ever does not.
                if errors > 1000 || reader.position().byte() == before {
                    break;
                }
            }
        }
    }
    warnings
}
