//! CSV records with the line each starts on and its raw byte range.

use crate::diagnostics::Warning;

/// One CSV record with where it starts.
#[derive(Debug)]
pub(super) struct Record {
    pub(super) line: usize,
    /// Byte range in the text, to repair a row from its raw line.
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) fields: Vec<String>,
}

fn delimiter(text: &str) -> u8 {
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

pub(super) fn records(file: &str, text: &str, warnings: &mut Vec<Warning>) -> Vec<Record> {
    records_where(file, text, warnings, |_| true)
}

/// The records `keep` accepts (and the first few, where the header is).
pub(super) fn records_where(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
    keep: impl Fn(&csv::StringRecord) -> bool,
) -> Vec<Record> {
    let mut out: Vec<Record> = Vec::new();
    warnings.extend(each_record(file, text, keep, |r| out.push(r)));
    // A record ends where the next begins, to repair a row from its raw lines.
    for i in 1..out.len() {
        let next_start = out[i].start;
        out[i - 1].end = next_start;
    }
    out
}

/// Hands `each` the records `keep` accepts (and the first few, where the
/// header is), one at a time: a large file's rows are never all held, and
/// the others never become strings. Returns the reader's own warnings.
pub(super) fn each_record(
    file: &str,
    text: &str,
    keep: impl Fn(&csv::StringRecord) -> bool,
    mut each: impl FnMut(Record),
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let delim = delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    // Byte offsets of the line ends, to number lines: the reader's own line
    // count lags one line behind on `\r\n` files (its record position sits on
    // the `\n` of the previous line).
    let newlines: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
    let bytes = text.as_bytes();
    let mut errors = 0;
    let mut seen = 0;
    loop {
        let before = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let mut start = record
                    .position()
                    .map_or(before as usize, |p| p.byte() as usize);
                while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                    start += 1;
                }
                if seen >= HEADER_LOOKAHEAD && !keep(&record) {
                    continue;
                }
                // Blank lines (and the empty lines of `\r\r\n` endings, which
                // Python's csv module writes on Windows) carry nothing.
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                seen += 1;
                let line = 1 + newlines.partition_point(|nl| *nl < start);
                each(Record {
                    line,
                    start,
                    end: text.len(),
                    fields: record.iter().map(str::to_string).collect(),
                });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| {
                    1 + newlines.partition_point(|nl| *nl < p.byte() as usize)
                });
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
