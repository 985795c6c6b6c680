//! Locust's CSV output: `PREFIX_stats.csv` and its siblings
//! `PREFIX_failures.csv`, `PREFIX_exceptions.csv`, `PREFIX_stats_history.csv`
//! (and, from old versions, `PREFIX_requests.csv` + `PREFIX_distribution.csv`),
//! read into [`RunStats`].
//!
//! Columns are found by header name, never by position, because the names and
//! the order changed across Locust versions and the percentile columns are
//! whatever the user configured (`locust.stats.PERCENTILES_TO_REPORT`).
//!
//! # Header history
//! Checked against Locust's `stats.py` at several versions and its changelog
//! (locustio/locust; PR and issue numbers there):
//!
//! - **Up to 0.13.2**: `PREFIX_requests.csv` with `Method`, `Name`,
//!   `# requests`, `# failures`, `Median response time`,
//!   `Average response time`, `Min response time`, `Max response time`,
//!   `Average Content Size`, `Requests/s`; the last row is `None`,`Total`
//!   (renamed `Aggregated` in 0.12.2). Percentiles only in
//!   `PREFIX_distribution.csv`: `Name` (method and name joined, `GET /x`),
//!   `# requests`, `50%` .. `100%` (`99.9%`, `99.99%` added in 0.13.0, PR 1125).
//!   Every field written with `"%s"`, unescaped.
//! - **0.13.3 to 0.14.x** (PR 1146): `PREFIX_stats.csv` with `Type`, `Name`,
//!   `# requests`, `# failures`, the same time columns, `Requests/s`,
//!   `Requests Failed/s`, then `50%` .. `99.99%`, `99.999` (written without
//!   `%`), `100%`; last row `None`,`Aggregated`. `PREFIX_stats_history.csv`:
//!   `Type`, `Name`, `Timestamp`, `# requests`, `# failures`, `Requests/s`,
//!   `Requests Failed/s`, the time columns, percentiles.
//!   `PREFIX_failures.csv` from 0.14.0 (PR 1245): `Method`, `Name`, `Error`,
//!   `Occurrences`.
//! - **1.0** (issue 1317, PR 1316): `Request Count`, `Failure Count`,
//!   `Median Response Time`, `Average Response Time`, `Min Response Time`,
//!   `Max Response Time`, `Average Content Size`, `Requests/s`, `Failures/s`.
//!   History: `Timestamp`, `User Count` first, then `Type`, `Name`,
//!   `Requests/s`, `Failures/s`, percentiles, `Total Request Count`,
//!   `Total Failure Count`, `Total Median Response Time`, ... (cumulative).
//! - **1.1**: written with Python's `csv` module: quoting only where needed,
//!   `\r\n` line ends, multi-line tracebacks in quoted cells. Percentiles
//!   configurable from 1.2. Current versions write an empty type for the
//!   Aggregated row (older ones `None`).
//! - **`PREFIX_exceptions.csv`**: `Count`, `Message`, `Traceback`, `Nodes`
//!   (the web UI download since 0.7.3); headless runs write it only in later
//!   versions (missing in 2021, issue 1673; one of four files by 2023, PR 2297).
//! - **By 2.47** (issue 3402, 2026): the failures file gains `First Seen` and
//!   `Last Seen` (UTC ISO timestamps).
//!
//! Before 1.1 every field was written with `"%s"`, unescaped: an error message
//! holding `"` (a `ConnectionError(MaxRetryError("..."))`) broke its row of the
//! failures file; such rows are repaired from the raw line when possible.
//! Before PR 939 (early 2019) `# requests` counted successful requests only;
//! the header is the same, so that cannot be told from the file.

use crate::diagnostics::Warning;
pub use crate::model::stats::{
    ExceptionRow, FailureRow, HistoryRow, Percentile, RunFiles, RunStats, StatsFormat, StatsRow,
};
use regex::Regex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Why a run could not be read at all. Problems of single rows are warnings.
#[derive(Debug, thiserror::Error)]
pub enum LocustCsvError {
    #[error("{input}: no Locust stats CSV found (looked for {looked})")]
    NotFound { input: String, looked: String },
    #[error("{dir}: several Locust stats CSVs ({found}); give one of them or its prefix")]
    Ambiguous { dir: String, found: String },
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: empty file, no header row")]
    Empty { file: String },
    #[error("{file}:{line}: missing required column \"{column}\"{accepted} (header: {header})")]
    MissingColumn {
        file: String,
        line: usize,
        column: String,
        /// Other accepted spellings, already formatted (`" (or \"# requests\")"`).
        accepted: String,
        header: String,
    },
}

/// Reads a run given a prefix (`results/run1` for `results/run1_stats.csv`),
/// any file of the run (`results/run1_stats.csv`, `..._failures.csv`, ...),
/// a directory holding exactly one run, or another CSV file taken as the stats
/// file itself.
pub fn read_run(input: &Path) -> Result<RunStats, LocustCsvError> {
    let files = resolve(input)?;
    read_files(&files)
}

/// Finds the files of a run (see [`read_run`] for the accepted inputs).
pub fn resolve(input: &Path) -> Result<RunFiles, LocustCsvError> {
    if input.is_dir() {
        return resolve_dir(input);
    }
    if input.is_file() {
        let name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for suffix in SUFFIXES {
            if let Some(stem) = name.strip_suffix(suffix) {
                let prefix = input.with_file_name(stem);
                if let Some(files) = files_for_prefix(&prefix) {
                    return Ok(files);
                }
            }
        }
        // A CSV under another name (renamed, downloaded from the web UI): the
        // stats file itself, without siblings.
        return Ok(RunFiles {
            stats: input.to_path_buf(),
            ..RunFiles::default()
        });
    }
    let mut prefix = input.as_os_str().to_string_lossy().into_owned();
    if let Some(p) = files_for_prefix(Path::new(&prefix)) {
        return Ok(p);
    }
    // `results/run1_` (the prefix with its separator) or `results/run1_stats`.
    for tail in ["_", "_stats", "_requests"] {
        if let Some(stripped) = prefix.strip_suffix(tail) {
            if let Some(p) = files_for_prefix(Path::new(stripped)) {
                return Ok(p);
            }
        }
    }
    prefix.push_str("_stats.csv");
    Err(LocustCsvError::NotFound {
        input: input.display().to_string(),
        looked: format!("{prefix} and {}_requests.csv", input.display()),
    })
}

/// File name endings of a run's files; the first two are stats files.
const SUFFIXES: [&str; 6] = [
    "_stats.csv",
    "_requests.csv",
    "_failures.csv",
    "_exceptions.csv",
    "_stats_history.csv",
    "_distribution.csv",
];

fn files_for_prefix(prefix: &Path) -> Option<RunFiles> {
    let with = |suffix: &str| {
        let mut s = prefix.as_os_str().to_os_string();
        s.push(suffix);
        PathBuf::from(s)
    };
    let existing = |suffix: &str| Some(with(suffix)).filter(|p| p.is_file());
    let stats = existing("_stats.csv").or_else(|| existing("_requests.csv"))?;
    Some(RunFiles {
        stats,
        failures: existing("_failures.csv"),
        exceptions: existing("_exceptions.csv"),
        history: existing("_stats_history.csv"),
        distribution: existing("_distribution.csv"),
    })
}

fn resolve_dir(dir: &Path) -> Result<RunFiles, LocustCsvError> {
    let entries = std::fs::read_dir(dir).map_err(|source| LocustCsvError::Io {
        file: dir.display().to_string(),
        source,
    })?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy())
                .is_some_and(|n| n.ends_with("_stats.csv") || n.ends_with("_requests.csv"))
        })
        .collect();
    found.sort();
    match found.as_slice() {
        [only] => resolve(only),
        [] => Err(LocustCsvError::NotFound {
            input: dir.display().to_string(),
            looked: "*_stats.csv and *_requests.csv in the directory".to_string(),
        }),
        many => Err(LocustCsvError::Ambiguous {
            dir: dir.display().to_string(),
            found: many
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// Reads the files of a run.
pub fn read_files(files: &RunFiles) -> Result<RunStats, LocustCsvError> {
    let mut warnings = Vec::new();
    let (label, text) = load(&files.stats, &mut warnings)?;
    let parsed = parse_stats(&label, &text, &mut warnings)?;
    let mut format = parsed.format;
    if label.ends_with("_requests.csv") && format == StatsFormat::Legacy {
        // Header alone cannot tell 0.13.x `_stats.csv` without percentiles
        // from `_requests.csv`; the name can.
        format = StatsFormat::Requests;
    }
    let mut stats = parsed.rows;
    let mut aggregated = parsed.aggregated;
    if let Some(path) = &files.distribution {
        let (label, text) = load(path, &mut warnings)?;
        let dist = parse_distribution(&label, &text, &mut warnings)?;
        merge_distribution(&label, &mut stats, &mut aggregated, dist, &mut warnings);
    }
    let failures = match &files.failures {
        Some(path) => {
            let (label, text) = load(path, &mut warnings)?;
            parse_failures(&label, &text, &mut warnings)?
        }
        None => Vec::new(),
    };
    let exceptions = match &files.exceptions {
        Some(path) => {
            let (label, text) = load(path, &mut warnings)?;
            parse_exceptions(&label, &text, &mut warnings)?
        }
        None => Vec::new(),
    };
    let history = match &files.history {
        Some(path) => {
            let (label, text) = load(path, &mut warnings)?;
            parse_history(&label, &text, &mut warnings)?
        }
        None => Vec::new(),
    };
    Ok(RunStats {
        format,
        files: files.clone(),
        stats,
        aggregated,
        failures,
        exceptions,
        history,
        warnings,
    })
}

/// Reads a file as text: UTF-8 (BOM or not), or UTF-16 with a BOM (what Excel
/// writes as "Unicode text"); other bytes are replaced, with a warning.
fn load(path: &Path, warnings: &mut Vec<Warning>) -> Result<(String, String), LocustCsvError> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| LocustCsvError::Io {
        file: label.clone(),
        source,
    })?;
    let text = decode(&label, &bytes, warnings);
    Ok((label, text))
}

/// Bytes to text: UTF-8 (BOM or not), or UTF-16 with a BOM; other bytes
/// are replaced, with a warning.
pub fn decode(file: &str, bytes: &[u8], warnings: &mut Vec<Warning>) -> String {
    // A byte-order mark names UTF-16 (Excel's "Unicode text") or UTF-8.
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding != encoding_rs::UTF_8 {
            return encoding
                .decode_without_bom_handling(&bytes[bom..])
                .0
                .into_owned();
        }
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let line = 1 + body[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            warnings.push(Warning::new(
                file,
                line,
                "not valid UTF-8 (saved in another encoding?); undecodable bytes replaced",
            ));
            String::from_utf8_lossy(body).into_owned()
        }
    }
}

// ---------------------------------------------------------------------------
// Column names. Compared after trimming, lower-casing and collapsing spaces.

const METHOD: &[&str] = &["type", "method"];
const NAME: &[&str] = &["name"];
const REQUESTS: &[&str] = &["request count", "# requests"];
const FAILURES: &[&str] = &["failure count", "# failures", "# fails"];
const MEDIAN: &[&str] = &["median response time"];
const AVERAGE: &[&str] = &["average response time"];
const MIN: &[&str] = &["min response time"];
const MAX: &[&str] = &["max response time"];
const CONTENT: &[&str] = &["average content size"];
const RPS: &[&str] = &["requests/s"];
const FAILURES_PER_S: &[&str] = &["failures/s", "requests failed/s"];

const ERROR: &[&str] = &["error"];
const OCCURRENCES: &[&str] = &["occurrences"];
const FIRST_SEEN: &[&str] = &["first seen"];
const LAST_SEEN: &[&str] = &["last seen"];

const COUNT: &[&str] = &["count"];
const MESSAGE: &[&str] = &["message"];
const TRACEBACK: &[&str] = &["traceback"];
const NODES: &[&str] = &["nodes"];

const TIMESTAMP: &[&str] = &["timestamp"];
const USER_COUNT: &[&str] = &["user count"];
// History: 1.0+ prefixes the cumulative columns with "Total"; 0.13.3-0.14
// used the stats file's names.
const H_REQUESTS: &[&str] = &["total request count", "# requests"];
const H_FAILURES: &[&str] = &["total failure count", "# failures"];
const H_MEDIAN: &[&str] = &["total median response time", "median response time"];
const H_AVERAGE: &[&str] = &["total average response time", "average response time"];
const H_MIN: &[&str] = &["total min response time", "min response time"];
const H_MAX: &[&str] = &["total max response time", "max response time"];
const H_CONTENT: &[&str] = &["total average content size", "average content size"];

/// How the header spells a column in messages: the current name.
fn display_name(aliases: &[&str]) -> String {
    let current = aliases.first().copied().unwrap_or_default();
    current
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) if !w.starts_with('#') => f.to_uppercase().chain(c).collect(),
                _ => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn norm(cell: &str) -> String {
    cell.trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn percentile_header(cell: &str) -> Option<(String, f64)> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| Regex::new(r"^\s*(\d{1,3}(?:\.\d+)?)\s*(%?)\s*$").ok())
        .as_ref()?;
    let caps = re.captures(cell.trim_start_matches('\u{feff}'))?;
    let number = caps.get(1)?.as_str();
    let percent: f64 = number.parse().ok()?;
    (percent > 0.0 && percent <= 100.0).then(|| (format!("{number}%"), percent))
}

// ---------------------------------------------------------------------------
// Records and headers.

/// One CSV record with where it starts.
#[derive(Debug)]
struct Record {
    line: usize,
    /// Byte range in the text, to repair a row from its raw line.
    start: usize,
    end: usize,
    fields: Vec<String>,
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

fn records(file: &str, text: &str, warnings: &mut Vec<Warning>) -> Vec<Record> {
    let delim = delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut out: Vec<Record> = Vec::new();
    let mut record = csv::StringRecord::new();
    // Byte offsets of the line ends, to number lines: the reader's own line
    // count lags one line behind on `\r\n` files (its record position sits on
    // the `\n` of the previous line).
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter_map(|(i, b)| (b == b'\n').then_some(i))
        .collect();
    let bytes = text.as_bytes();
    let mut errors = 0;
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
                let line = 1 + newlines.partition_point(|nl| *nl < start);
                let fields: Vec<String> = record.iter().map(str::to_string).collect();
                // Blank lines (and the empty lines of `\r\r\n` endings, which
                // Python's csv module writes on Windows) carry nothing.
                if fields.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                out.push(Record {
                    line,
                    start,
                    end: text.len(),
                    fields,
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
    for i in 1..out.len() {
        let next_start = out[i].start;
        out[i - 1].end = next_start;
    }
    out
}

/// The header of a table and where its columns are.
struct Header {
    line: usize,
    /// As written, for messages.
    raw: Vec<String>,
    /// Normalised, for lookups.
    cells: Vec<String>,
    index: HashMap<String, usize>,
    percentiles: Vec<(usize, String, f64)>,
}

impl Header {
    fn new(record: &Record) -> Header {
        let cells: Vec<String> = record.fields.iter().map(|c| norm(c)).collect();
        let mut index = HashMap::new();
        let mut percentiles = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            index.entry(cell.clone()).or_insert(i);
            if let Some((label, p)) = percentile_header(&record.fields[i]) {
                percentiles.push((i, label, p));
            }
        }
        Header {
            line: record.line,
            raw: record.fields.iter().map(|c| c.trim().to_string()).collect(),
            cells,
            index,
            percentiles,
        }
    }

    fn col(&self, aliases: &[&str]) -> Option<usize> {
        aliases.iter().find_map(|a| self.index.get(*a).copied())
    }

    fn has(&self, aliases: &[&str]) -> bool {
        self.col(aliases).is_some()
    }
}

/// The data rows of a table, after its header.
struct Table {
    file: String,
    header: Header,
    rows: Vec<Record>,
}

/// Finds the header among the first records (a title or blank lines may come
/// first in files that went through other tools) and checks its required
/// columns. Rows that repeat the header are dropped with a warning (two runs
/// appended to one file).
fn table(
    file: &str,
    text: &str,
    required: &[&[&str]],
    warnings: &mut Vec<Warning>,
) -> Result<Table, LocustCsvError> {
    let mut recs = records(file, text, warnings);
    if recs.is_empty() {
        return Err(LocustCsvError::Empty {
            file: file.to_string(),
        });
    }
    const LOOKAHEAD: usize = 10;
    let candidates: Vec<Header> = recs.iter().take(LOOKAHEAD).map(Header::new).collect();
    let found = candidates
        .iter()
        .position(|h| required.iter().all(|aliases| h.has(aliases)));
    let Some(at) = found else {
        // Name the first missing column of the most header-like record (the
        // first of equals).
        let best = candidates
            .iter()
            .rev()
            .max_by_key(|h| required.iter().filter(|a| h.has(a)).count());
        let missing = best
            .and_then(|b| required.iter().find(|a| !b.has(a)))
            .copied()
            .unwrap_or(&[]);
        let accepted = missing
            .iter()
            .skip(1)
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>();
        return Err(LocustCsvError::MissingColumn {
            file: file.to_string(),
            line: best.map_or(0, |b| b.line),
            column: display_name(missing),
            accepted: if accepted.is_empty() {
                String::new()
            } else {
                format!(" (or {})", accepted.join(", "))
            },
            header: best.map(|b| b.raw.join(",")).unwrap_or_default(),
        });
    };
    // `at` indexes `candidates`, taken from `recs`: both lookups exist.
    let skipped = (recs.first(), at.checked_sub(1).and_then(|i| recs.get(i)));
    if let (Some(first), Some(last)) = skipped {
        let (first, last) = (first.line, last.line);
        let lines = if first == last {
            format!("line {first}")
        } else {
            format!("lines {first}-{last}")
        };
        warnings.push(Warning::new(
            file,
            first,
            format!("{lines} before the header skipped (not Locust data)"),
        ));
    }
    let mut rest = recs.split_off(at).into_iter();
    let Some(header_record) = rest.next() else {
        return Err(LocustCsvError::Empty {
            file: file.to_string(),
        });
    };
    let header = Header::new(&header_record);
    let mut rows = Vec::with_capacity(rest.len());
    for r in rest {
        let cells: Vec<String> = r.fields.iter().map(|c| norm(c)).collect();
        if cells == header.cells {
            warnings.push(Warning::new(
                file,
                r.line,
                "the header row again (files of two runs joined?); skipped",
            ));
            continue;
        }
        rows.push(r);
    }
    Ok(Table {
        file: file.to_string(),
        header,
        rows,
    })
}

/// Why a cell could not be used.
enum Cell<T> {
    Value(T),
    /// `N/A`, empty, or no such column.
    Absent,
    Bad(String),
}

impl Table {
    /// Checks the width of a row: short rows, and long rows with text past
    /// the header, are malformed.
    fn width_ok(&self, row: &Record, warnings: &mut Vec<Warning>) -> bool {
        let want = self.header.cells.len();
        let have = row.fields.len();
        let extra_text = row.fields.iter().skip(want).any(|f| !f.trim().is_empty());
        if have < want || extra_text {
            warnings.push(Warning::new(
                &self.file,
                row.line,
                format!("malformed row: {have} fields, the header has {want}; skipped"),
            ));
            return false;
        }
        true
    }

    fn text(&self, row: &Record, aliases: &[&str]) -> Option<String> {
        let i = self.header.col(aliases)?;
        row.fields.get(i).map(|s| s.trim().to_string())
    }

    fn float(&self, row: &Record, aliases: &[&str]) -> Cell<f64> {
        match self.header.col(aliases) {
            Some(i) => float_cell(row.fields.get(i).map(String::as_str).unwrap_or("")),
            None => Cell::Absent,
        }
    }

    fn count(&self, row: &Record, aliases: &[&str]) -> Cell<u64> {
        match self.float(row, aliases) {
            Cell::Value(v) if v >= 0.0 && v.fract() == 0.0 && v <= u64::MAX as f64 => {
                Cell::Value(v as u64)
            }
            Cell::Value(v) => Cell::Bad(format!("{v}")),
            Cell::Absent => Cell::Absent,
            Cell::Bad(s) => Cell::Bad(s),
        }
    }

    /// An optional value: a bad cell becomes `None` with a warning.
    fn optional<T>(
        &self,
        cell: Cell<T>,
        row: &Record,
        aliases: &[&str],
        warnings: &mut Vec<Warning>,
    ) -> Option<T> {
        match cell {
            Cell::Value(v) => Some(v),
            Cell::Absent => None,
            Cell::Bad(s) => {
                self.bad_cell(row, aliases, &s, "left empty", warnings);
                None
            }
        }
    }

    fn opt_float(
        &self,
        row: &Record,
        aliases: &[&str],
        warnings: &mut Vec<Warning>,
    ) -> Option<f64> {
        self.optional(self.float(row, aliases), row, aliases, warnings)
    }

    fn opt_count(
        &self,
        row: &Record,
        aliases: &[&str],
        warnings: &mut Vec<Warning>,
    ) -> Option<u64> {
        self.optional(self.count(row, aliases), row, aliases, warnings)
    }

    /// A required count: `None` (row to skip) when missing or bad.
    fn req_count(
        &self,
        row: &Record,
        aliases: &[&str],
        warnings: &mut Vec<Warning>,
    ) -> Option<u64> {
        match self.count(row, aliases) {
            Cell::Value(v) => Some(v),
            Cell::Absent => {
                self.bad_cell(row, aliases, "", "row skipped", warnings);
                None
            }
            Cell::Bad(s) => {
                self.bad_cell(row, aliases, &s, "row skipped", warnings);
                None
            }
        }
    }

    fn bad_cell(
        &self,
        row: &Record,
        aliases: &[&str],
        value: &str,
        consequence: &str,
        warnings: &mut Vec<Warning>,
    ) {
        let column = self
            .header
            .col(aliases)
            .and_then(|i| row_header_text(&self.header, i))
            .unwrap_or_else(|| display_name(aliases));
        warnings.push(Warning::new(
            &self.file,
            row.line,
            format!("malformed row: \"{column}\" is {value:?}, not a number; {consequence}"),
        ));
    }

    fn percentiles(&self, row: &Record, warnings: &mut Vec<Warning>) -> Vec<Percentile> {
        let mut out = Vec::with_capacity(self.header.percentiles.len());
        for (i, label, percent) in &self.header.percentiles {
            let ms = match float_cell(row.fields.get(*i).map(String::as_str).unwrap_or("")) {
                Cell::Value(v) => Some(v),
                Cell::Absent => None,
                Cell::Bad(s) => {
                    warnings.push(Warning::new(
                        &self.file,
                        row.line,
                        format!("malformed row: \"{label}\" is {s:?}, not a number; left empty"),
                    ));
                    None
                }
            };
            out.push(Percentile {
                label: label.clone(),
                percent: *percent,
                ms,
            });
        }
        out
    }
}

fn row_header_text(header: &Header, i: usize) -> Option<String> {
    header.raw.get(i).cloned()
}

fn float_cell(raw: &str) -> Cell<f64> {
    let s = raw.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("n/a") || s.eq_ignore_ascii_case("nan") {
        return Cell::Absent;
    }
    let parsed = s
        .parse::<f64>()
        .ok()
        // A decimal comma, from spreadsheets saving with `;`.
        .or_else(|| s.replace(',', ".").parse::<f64>().ok());
    match parsed {
        Some(v) if v.is_finite() => Cell::Value(v),
        Some(_) => Cell::Absent,
        None => Cell::Bad(s.to_string()),
    }
}

fn method_cell(raw: Option<String>) -> Option<String> {
    let m = raw?;
    let m = m.trim();
    // Locust before 1.1 wrote Python's None for the Aggregated row.
    if m.is_empty() || m == "None" {
        None
    } else {
        Some(m.to_uppercase())
    }
}

fn is_aggregate(method: &Option<String>, name: &str) -> bool {
    method.is_none() && (name == "Aggregated" || name == "Total")
}

// ---------------------------------------------------------------------------
// The files.

/// Rows of a stats file.
#[derive(Debug)]
pub struct ParsedStats {
    pub format: StatsFormat,
    pub rows: Vec<StatsRow>,
    pub aggregated: Option<StatsRow>,
}

/// Parses a `_stats.csv` (or old `_requests.csv`) file's text.
pub fn parse_stats(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<ParsedStats, LocustCsvError> {
    let t = table(file, text, &[NAME, REQUESTS, FAILURES], warnings)?;
    let h = &t.header;
    let format = if h.has(&["request count"]) {
        StatsFormat::Current
    } else if h.has(&["type"]) || !h.percentiles.is_empty() {
        StatsFormat::Legacy
    } else {
        StatsFormat::Requests
    };
    let mut rows = Vec::new();
    let mut aggregated: Option<StatsRow> = None;
    for r in &t.rows {
        if !t.width_ok(r, warnings) {
            continue;
        }
        let (Some(requests), Some(failures)) = (
            t.req_count(r, REQUESTS, warnings),
            t.req_count(r, FAILURES, warnings),
        ) else {
            continue;
        };
        let method = method_cell(t.text(r, METHOD));
        let name = t.text(r, NAME).unwrap_or_default();
        let row = StatsRow {
            requests,
            failures,
            median_ms: t.opt_float(r, MEDIAN, warnings),
            average_ms: t.opt_float(r, AVERAGE, warnings),
            min_ms: t.opt_float(r, MIN, warnings),
            max_ms: t.opt_float(r, MAX, warnings),
            average_content_size: t.opt_float(r, CONTENT, warnings),
            rps: t.opt_float(r, RPS, warnings),
            failures_per_s: t.opt_float(r, FAILURES_PER_S, warnings),
            percentiles: t.percentiles(r, warnings),
            line: r.line,
            method,
            name,
        };
        if is_aggregate(&row.method, &row.name) {
            if let Some(previous) = &aggregated {
                warnings.push(Warning::new(
                    file,
                    row.line,
                    format!(
                        "a second {} row (the first is on line {}); the last one is used",
                        row.name, previous.line
                    ),
                ));
            }
            aggregated = Some(row);
        } else {
            rows.push(row);
        }
    }
    if aggregated.is_none() {
        warnings.push(Warning::new(
            file,
            0,
            "no Aggregated (or Total) row; the file looks truncated",
        ));
    }
    Ok(ParsedStats {
        format,
        rows,
        aggregated,
    })
}

/// A row of the old `_distribution.csv`: `Name` is `METHOD name`.
#[derive(Debug)]
pub struct DistributionRow {
    pub name: String,
    pub percentiles: Vec<Percentile>,
    pub line: usize,
}

/// Parses the `_distribution.csv` of Locust before 0.13.3.
pub fn parse_distribution(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<DistributionRow>, LocustCsvError> {
    let t = table(file, text, &[NAME, &["# requests"]], warnings)?;
    let mut out = Vec::new();
    for r in &t.rows {
        if !t.width_ok(r, warnings) {
            continue;
        }
        out.push(DistributionRow {
            name: t.text(r, NAME).unwrap_or_default(),
            percentiles: t.percentiles(r, warnings),
            line: r.line,
        });
    }
    Ok(out)
}

fn merge_distribution(
    file: &str,
    stats: &mut [StatsRow],
    aggregated: &mut Option<StatsRow>,
    dist: Vec<DistributionRow>,
    warnings: &mut Vec<Warning>,
) {
    // The distribution names a row `GET /x` (method and name joined), the
    // total row and rows without requests by name alone.
    let key = |r: &StatsRow| match &r.method {
        Some(m) => format!("{m} {}", r.name).to_lowercase(),
        None => r.name.to_lowercase(),
    };
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, r) in stats.iter().enumerate() {
        by_key.entry(key(r)).or_insert(i);
        by_key.entry(r.name.to_lowercase()).or_insert(i);
    }
    for d in dist {
        let k = d.name.to_lowercase();
        let target = match aggregated {
            Some(a) if k == key(a) || k == "total" || k == "aggregated" => Some(a),
            _ => by_key.get(&k).and_then(|i| stats.get_mut(*i)),
        };
        match target {
            Some(row) if row.percentiles.is_empty() => row.percentiles = d.percentiles,
            Some(_) => {}
            None => warnings.push(Warning::new(
                file,
                d.line,
                format!("\"{}\" matches no row of the stats file; ignored", d.name),
            )),
        }
    }
}

/// Parses a `_failures.csv` file's text.
pub fn parse_failures(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<FailureRow>, LocustCsvError> {
    let t = table(file, text, &[NAME, ERROR, OCCURRENCES], warnings)?;
    // The 4-column layout of Locust before 1.1 wrote the error unescaped.
    let legacy = t.header.cells.len() == 4 && !t.header.has(FIRST_SEEN);
    let mut out = Vec::new();
    for r in &t.rows {
        let want = t.header.cells.len();
        if legacy && r.fields.len() != want {
            if let Some(rows) = repair_failure(file, text, r, warnings) {
                out.extend(rows);
                continue;
            }
        }
        if !t.width_ok(r, warnings) {
            continue;
        }
        let Some(occurrences) = t.req_count(r, OCCURRENCES, warnings) else {
            continue;
        };
        let seen = |aliases| t.text(r, aliases).filter(|s| !s.is_empty());
        out.push(FailureRow {
            method: method_cell(t.text(r, METHOD)),
            name: t.text(r, NAME).unwrap_or_default(),
            error: t.text(r, ERROR).unwrap_or_default(),
            occurrences,
            first_seen: seen(FIRST_SEEN),
            last_seen: seen(LAST_SEEN),
            line: r.line,
        });
    }
    Ok(out)
}

/// Re-reads a row of an old failures file from its raw text, where the error
/// held unescaped quotes: `"GET","/x","ConnectionError(...("..."))",3`.
fn repair_failure(
    file: &str,
    text: &str,
    r: &Record,
    warnings: &mut Vec<Warning>,
) -> Option<Vec<FailureRow>> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| Regex::new(r#"^"([^"]*)","(.*?)","(.*)",\s*(\d+)\s*$"#).ok())
        .as_ref()?;
    let raw = text.get(r.start..r.end)?;
    let mut out = Vec::new();
    for (i, line) in raw.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let caps = re.captures(line)?;
        let occurrences = caps.get(4)?.as_str().parse().ok()?;
        out.push(FailureRow {
            method: method_cell(caps.get(1).map(|m| m.as_str().to_string())),
            name: caps.get(2)?.as_str().to_string(),
            error: caps.get(3)?.as_str().to_string(),
            occurrences,
            first_seen: None,
            last_seen: None,
            line: r.line + i,
        });
    }
    if out.is_empty() {
        return None;
    }
    for row in &out {
        warnings.push(Warning::new(
            file,
            row.line,
            "unescaped quotes in the Error cell (Locust before 1.1); row read from its raw line",
        ));
    }
    Some(out)
}

/// Parses an `_exceptions.csv` file's text.
pub fn parse_exceptions(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<ExceptionRow>, LocustCsvError> {
    let t = table(file, text, &[COUNT, MESSAGE], warnings)?;
    let mut out = Vec::new();
    for r in &t.rows {
        if !t.width_ok(r, warnings) {
            continue;
        }
        let Some(count) = t.req_count(r, COUNT, warnings) else {
            continue;
        };
        let nodes = t
            .text(r, NODES)
            .map(|n| {
                n.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let traceback = t
            .header
            .col(TRACEBACK)
            .and_then(|i| r.fields.get(i))
            .map(|s| s.replace("\r\n", "\n"))
            .unwrap_or_default();
        out.push(ExceptionRow {
            count,
            message: t.text(r, MESSAGE).unwrap_or_default(),
            traceback,
            nodes,
            line: r.line,
        });
    }
    Ok(out)
}

/// Parses a `_stats_history.csv` file's text.
pub fn parse_history(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<HistoryRow>, LocustCsvError> {
    let t = table(file, text, &[TIMESTAMP, NAME], warnings)?;
    let mut out = Vec::new();
    for r in &t.rows {
        if !t.width_ok(r, warnings) {
            continue;
        }
        let timestamp = match t.float(r, TIMESTAMP) {
            Cell::Value(v) if v.fract() == 0.0 && v.abs() < 1e15 => v as i64,
            Cell::Value(v) => v.trunc() as i64,
            Cell::Absent => {
                t.bad_cell(r, TIMESTAMP, "", "row skipped", warnings);
                continue;
            }
            Cell::Bad(s) => {
                t.bad_cell(r, TIMESTAMP, &s, "row skipped", warnings);
                continue;
            }
        };
        let method = method_cell(t.text(r, METHOD));
        let name = t.text(r, NAME).unwrap_or_default();
        out.push(HistoryRow {
            timestamp,
            user_count: t.opt_count(r, USER_COUNT, warnings),
            aggregated: is_aggregate(&method, &name),
            rps: t.opt_float(r, RPS, warnings),
            failures_per_s: t.opt_float(r, FAILURES_PER_S, warnings),
            percentiles: t.percentiles(r, warnings),
            requests: t.opt_count(r, H_REQUESTS, warnings),
            failures: t.opt_count(r, H_FAILURES, warnings),
            median_ms: t.opt_float(r, H_MEDIAN, warnings),
            average_ms: t.opt_float(r, H_AVERAGE, warnings),
            min_ms: t.opt_float(r, H_MIN, warnings),
            max_ms: t.opt_float(r, H_MAX, warnings),
            average_content_size: t.opt_float(r, H_CONTENT, warnings),
            line: r.line,
            method,
            name,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CURRENT_HEADER: &str = "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%";

    fn stats(text: &str) -> (ParsedStats, Vec<Warning>) {
        let mut w = Vec::new();
        let p = parse_stats("run_stats.csv", text, &mut w).expect("parses");
        (p, w)
    }

    fn messages(w: &[Warning]) -> Vec<String> {
        w.iter().map(|w| w.to_string()).collect()
    }

    /// Lines written by Locust 2.47 (fixtures/runs), with the BOM a
    /// spreadsheet adds and CRLF line ends as Python's csv module writes them.
    #[test]
    fn current_headers_from_real_locust_output() {
        let text = format!(
            "\u{feff}{CURRENT_HEADER}\r\n\
             GET,/api/templates/,3,0,52,51.97221233356686,50.37061800021547,53.36096700011694,1019.0,0.21413545909402965,0.0,52,52,53,53,53,53,53,53,53,53,53\r\n\
             Patch,/api/templates/7/,3,3,52,57.2,50.1,70.9,32474.0,0.2,0.2,52,52,71,71,71,71,71,71,71,71,71\r\n\
             POST,/api/monitoring/report-client-metric/,1,0,9.296704000007594,9.296704000007594,9.296704000007594,9.296704000007594,12.0,0.0981287749730335,0.0,9,9,9,9,9,9,9,9,9,9,9\r\n\
             ,Aggregated,172,40,53,48.9816962790904,4.919658000289928,107.73781299985785,1051.0232558139535,12.277099654724367,2.855139454587062,53,54,55,56,76,95,96,97,110,110,110\r\n"
        );
        let (p, w) = stats(&text);
        assert!(w.is_empty(), "{:?}", messages(&w));
        assert_eq!(p.format, StatsFormat::Current);
        assert_eq!(p.rows.len(), 3);
        let r = &p.rows[0];
        assert_eq!(r.method.as_deref(), Some("GET"));
        assert_eq!(r.name, "/api/templates/");
        assert_eq!((r.requests, r.failures), (3, 0));
        assert_eq!(r.median_ms, Some(52.0));
        assert_eq!(r.max_ms, Some(53.36096700011694));
        assert_eq!(r.average_content_size, Some(1019.0));
        assert_eq!(r.line, 2);
        assert_eq!(r.percentiles.len(), 11);
        assert_eq!(r.percentiles[9].label, "99.99%");
        assert_eq!(
            (r.p50(), r.p95(), r.p99()),
            (Some(52.0), Some(53.0), Some(53.0))
        );
        // Locust writes the method as the locustfile spelled it.
        assert_eq!(p.rows[1].method.as_deref(), Some("PATCH"));
        assert_eq!(p.rows[1].failure_pct(), Some(100.0));
        let a = p.aggregated.expect("aggregated");
        assert_eq!(a.method, None);
        assert_eq!((a.requests, a.failures, a.line), (172, 40, 5));
        assert_eq!(a.rps, Some(12.277099654724367));
        assert_eq!(a.failures_per_s, Some(2.855139454587062));
        assert_eq!(a.p95(), Some(95.0));
    }

    #[test]
    fn rows_without_requests_have_na_percentiles() {
        let text = format!(
            "{CURRENT_HEADER}\nGET,/idle/,0,0,0,0,0,0,0,0.0,0.0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A\n,Aggregated,0,0,0,0,0,0,0,0.0,0.0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A\n"
        );
        let (p, w) = stats(&text);
        assert!(w.is_empty(), "{:?}", messages(&w));
        let r = &p.rows[0];
        assert!(r.percentiles.iter().all(|p| p.ms.is_none()));
        assert_eq!(r.p95(), None);
        assert_eq!(r.failure_pct(), None);
        // The median column is there even when the percentiles are not.
        assert_eq!(r.p50(), Some(0.0));
    }

    #[test]
    fn percentile_columns_are_found_by_pattern() {
        let text = "Type,Name,Request Count,Failure Count,Median Response Time,Requests/s,50%,90%,99.5%,100%\n\
                    GET,/a,10,1,20,1.5,20,40,90,120\n,Aggregated,10,1,20,1.5,20,40,90,120\n";
        let (p, w) = stats(text);
        assert!(w.is_empty(), "{:?}", messages(&w));
        let r = &p.rows[0];
        let labels: Vec<&str> = r.percentiles.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["50%", "90%", "99.5%", "100%"]);
        assert_eq!(r.percentile(99.5), Some(90.0));
        assert_eq!(r.p95(), None, "not configured, not guessed");
        assert_eq!(r.p50(), Some(20.0));
        assert_eq!(r.average_ms, None, "no such column");
    }

    /// `_stats.csv` of Locust 0.13.3 to 0.14: every field quoted, `# requests`,
    /// `Requests Failed/s`, a `99.999` header without `%`, `None` as the type
    /// of the Aggregated row.
    #[test]
    fn legacy_stats_headers() {
        let text = "\"Type\",\"Name\",\"# requests\",\"# failures\",\"Median response time\",\"Average response time\",\"Min response time\",\"Max response time\",\"Average Content Size\",\"Requests/s\",\"Requests Failed/s\",\"50%\",\"66%\",\"75%\",\"80%\",\"90%\",\"95%\",\"98%\",\"99%\",\"99.9%\",\"99.99%\",\"99.999\",\"100%\"\n\
                    \"GET\",\"/login\",120,3,28,31,11,402,3154,4.00,0.10,28,30,33,35,40,48,60,75,390,400,400,400\n\
                    \"POST\",\"/api/x\",0,0,0,0,0,0,0,0.00,0.00,\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\"\n\
                    \"None\",\"Aggregated\",120,3,28,31,11,402,3154,4.00,0.10,28,30,33,35,40,48,60,75,390,400,400,400";
        let (p, w) = stats(text);
        assert!(w.is_empty(), "{:?}", messages(&w));
        assert_eq!(p.format, StatsFormat::Legacy);
        let r = &p.rows[0];
        assert_eq!(
            (r.requests, r.failures, r.failures_per_s),
            (120, 3, Some(0.1))
        );
        assert_eq!(r.median_ms, Some(28.0));
        assert_eq!(r.percentiles[10].label, "99.999%");
        assert_eq!(r.percentile(99.999), Some(400.0));
        assert_eq!(r.p95(), Some(48.0));
        let a = p.aggregated.expect("aggregated");
        assert_eq!((a.method, a.requests), (None, 120));
    }

    /// `_requests.csv` of Locust up to 0.13.2, with its `_distribution.csv`
    /// (method and name joined in one `Name` cell; `Total` before 0.12.2).
    #[test]
    fn old_requests_file_with_distribution() {
        let dir = tempfile::tempdir().expect("tempdir");
        let prefix = dir.path().join("run0");
        std::fs::write(
            dir.path().join("run0_requests.csv"),
            "\"Method\",\"Name\",\"# requests\",\"# failures\",\"Median response time\",\"Average response time\",\"Min response time\",\"Max response time\",\"Average Content Size\",\"Requests/s\"\n\
             \"GET\",\"/\",172,0,13,13,10,55,12722,6.64\n\
             \"GET\",\"/about-me/\",162,2,13,14,11,78,11484,6.25\n\
             \"None\",\"Total\",334,2,13,14,10,78,12121,12.88",
        )
        .expect("write");
        std::fs::write(
            dir.path().join("run0_distribution.csv"),
            "\"Name\",\"# requests\",\"50%\",\"66%\",\"75%\",\"80%\",\"90%\",\"95%\",\"98%\",\"99%\",\"100%\"\n\
             \"GET /\",172,13,14,15,16,20,24,30,40,55\n\
             \"GET /about-me/\",162,13,14,16,17,22,25,33,45,78\n\
             \"Total\",334,13,14,15,16,21,24,31,42,78",
        )
        .expect("write");
        let run = read_run(&prefix).expect("reads");
        assert!(run.warnings.is_empty(), "{:?}", messages(&run.warnings));
        assert_eq!(run.format, StatsFormat::Requests);
        assert_eq!(run.stats.len(), 2);
        assert_eq!(run.stats[1].p95(), Some(25.0));
        assert_eq!(run.stats[1].rps, Some(6.25));
        assert_eq!(run.stats[1].failures_per_s, None);
        let total = run.aggregated.expect("total");
        assert_eq!((total.name.as_str(), total.requests), ("Total", 334));
        assert_eq!(total.p99(), Some(42.0));
        assert!(run.files.distribution.is_some());
        assert!(run.files.failures.is_none());
    }

    #[test]
    fn failures_current_with_first_and_last_seen() {
        let text = "Method,Name,Error,Occurrences,First Seen,Last Seen\r\n\
                    GET,/api/project/[id]/rekap/,\"ReadTimeout(ReadTimeoutError(\"\"HTTPConnectionPool(host='127.0.0.1', port=34075): Read timed out. (read timeout=2.0)\"\"))\",2,2026-11-25T16:55:36Z,2026-11-25T16:55:42Z\r\n\
                    POST,[AUTH] Login POST,CatchResponseError('login failed (status 500)'),7,2026-11-25T16:55:31Z,2026-11-25T16:55:34Z\r\n";
        let mut w = Vec::new();
        let f = parse_failures("run_failures.csv", text, &mut w).expect("parses");
        assert!(w.is_empty(), "{:?}", messages(&w));
        assert_eq!(f.len(), 2);
        assert_eq!(
            f[0].error,
            "ReadTimeout(ReadTimeoutError(\"HTTPConnectionPool(host='127.0.0.1', port=34075): Read timed out. (read timeout=2.0)\"))"
        );
        assert_eq!(f[0].occurrences, 2);
        assert_eq!(f[0].first_seen.as_deref(), Some("2026-11-25T16:55:36Z"));
        assert_eq!(f[1].method.as_deref(), Some("POST"));
        assert_eq!(f[1].line, 3);
    }

    #[test]
    fn failures_legacy_four_columns() {
        let text = "\"Method\",\"Name\",\"Error\",\"Occurrences\"\n\"GET\",\"/x\",\"HTTPError('500 Server Error')\",4\n";
        let mut w = Vec::new();
        let f = parse_failures("old_failures.csv", text, &mut w).expect("parses");
        assert!(w.is_empty(), "{:?}", messages(&w));
        assert_eq!(f[0].error, "HTTPError('500 Server Error')");
        assert_eq!((f[0].occurrences, f[0].first_seen.clone()), (4, None));
    }

    /// Before 1.1 the error was written with `"%s"`, quotes unescaped.
    #[test]
    fn failures_with_unescaped_quotes_are_repaired() {
        let text = "\"Method\",\"Name\",\"Error\",\"Occurrences\"\n\
                    \"GET\",\"/slow\",\"ConnectionError(MaxRetryError(\"HTTPConnectionPool(host='h', port=80): Max retries exceeded\"))\",12\n\
                    \"GET\",\"/x\",\"HTTPError('500 Server Error')\",4\n";
        let mut w = Vec::new();
        let f = parse_failures("old_failures.csv", text, &mut w).expect("parses");
        assert_eq!(f.len(), 2);
        assert_eq!(
            f[0].error,
            "ConnectionError(MaxRetryError(\"HTTPConnectionPool(host='h', port=80): Max retries exceeded\"))"
        );
        assert_eq!((f[0].occurrences, f[0].line), (12, 2));
        assert_eq!(f[1].occurrences, 4);
        assert_eq!(w.len(), 1);
        assert!(w[0]
            .to_string()
            .starts_with("old_failures.csv:2: unescaped quotes"));
    }

    /// A traceback spans lines inside its quoted cell (LF) while records end
    /// with CRLF; line numbers of later records stay right.
    #[test]
    fn exceptions_with_multiline_tracebacks() {
        let text = "Count,Message,Traceback,Nodes\r\n\
                    6,No tasks defined on HeavyExportUser. Use the @task decorator or set the 'tasks' attribute of the User (or mark it as abstract = True if you only intend to subclass it),\"  File \"\"/venv/locust/user/task.py\"\", line 358, in run\n    self.schedule_task(self.get_next_task())\n  File \"\"/venv/locust/user/task.py\"\", line 502, in get_next_task\n    raise Exception(\n\",local\r\n\
                    1,\"ZeroDivisionError: division by zero\",\"  File \"\"locustfile.py\"\", line 9\r\n    1 / 0\r\n\",\"worker-1, worker-2\"\r\n";
        let mut w = Vec::new();
        let e = parse_exceptions("run_exceptions.csv", text, &mut w).expect("parses");
        assert!(w.is_empty(), "{:?}", messages(&w));
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].count, 6);
        assert!(e[0]
            .message
            .starts_with("No tasks defined on HeavyExportUser."));
        assert_eq!(e[0].traceback.lines().count(), 4);
        assert_eq!(e[0].nodes, ["local"]);
        assert_eq!(e[1].line, 7);
        assert_eq!(
            e[1].traceback,
            "  File \"locustfile.py\", line 9\n    1 / 0\n"
        );
        assert_eq!(e[1].nodes, ["worker-1", "worker-2"]);
    }

    #[test]
    fn header_only_files_have_no_rows() {
        let mut w = Vec::new();
        let e = parse_exceptions(
            "x_exceptions.csv",
            "Count,Message,Traceback,Nodes\r\n",
            &mut w,
        )
        .expect("parses");
        let f = parse_failures(
            "x_failures.csv",
            "Method,Name,Error,Occurrences,First Seen,Last Seen\r\n",
            &mut w,
        )
        .expect("parses");
        assert!(e.is_empty() && f.is_empty() && w.is_empty());
    }

    #[test]
    fn history_current_headers() {
        let text = "Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%,Total Request Count,Total Failure Count,Total Median Response Time,Total Average Response Time,Total Min Response Time,Total Max Response Time,Total Average Content Size\r\n\
                    1795625699,0,,Aggregated,0.000000,0.000000,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,0,0,0,0.0,0,0,0\r\n\
                    1795625746,1,GET,[AUTH] Login page,1.400000,0.000000,76,76,86,86,96,96,96,96,96,96,96,29,0,60,62.877667793098475,13.13002399956531,149.45717599994168,1004.0\r\n\
                    1795625746,1,,Aggregated,12.500000,2.100000,12,16,52,54,61,620,2000,2000,2000,2000,2000,192,31,51,125.01288422393249,3.3079180002459907,2004.2871799996647,4434.572916666667\r\n";
        let mut w = Vec::new();
        let h = parse_history("run_stats_history.csv", text, &mut w).expect("parses");
        assert!(w.is_empty(), "{:?}", messages(&w));
        assert_eq!(h.len(), 3);
        assert!(h[0].aggregated && !h[1].aggregated && h[2].aggregated);
        assert_eq!(h[0].percentile(95.0), None);
        let last = &h[2];
        assert_eq!((last.timestamp, last.user_count), (1795625746, Some(1)));
        assert_eq!((last.rps, last.failures_per_s), (Some(12.5), Some(2.1)));
        assert_eq!((last.requests, last.failures), (Some(192), Some(31)));
        assert_eq!(last.percentile(95.0), Some(620.0));
        assert_eq!(last.max_ms, Some(2004.2871799996647));
        assert_eq!(h[1].method.as_deref(), Some("GET"));
    }

    /// `_stats_history.csv` of Locust 0.13.3 to 0.14: no user count, the
    /// timestamp third and quoted, the stats file's column names.
    #[test]
    fn history_legacy_headers() {
        let text = "\"Type\",\"Name\",\"Timestamp\",\"# requests\",\"# failures\",\"Requests/s\",\"Requests Failed/s\",\"Median response time\",\"Average response time\",\"Min response time\",\"Max response time\",\"Average Content Size\",\"50%\",\"66%\",\"75%\",\"80%\",\"90%\",\"95%\",\"98%\",\"99%\",\"99.9%\",\"99.99%\",\"99.999\",\"100%\"\n\
                    \"None\",\"Aggregated\",\"1574373141\",0,0,0.00,0.00,0,0,0,0.00,0.00,\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\",\"N/A\"\n\
                    \"GET\",\"Login\",\"1574373143\",1,0,0.00,0.00,28,28,28,28.74,0.00,28,28,28,28,28,28,28,28,28,28,28,28\n";
        let mut w = Vec::new();
        let h = parse_history("old_stats_history.csv", text, &mut w).expect("parses");
        assert!(w.is_empty(), "{:?}", messages(&w));
        assert!(h[0].aggregated);
        assert_eq!(h[0].user_count, None);
        assert_eq!(
            (h[1].timestamp, h[1].requests, h[1].median_ms),
            (1574373143, Some(1), Some(28.0))
        );
        assert_eq!(h[1].max_ms, Some(28.74));
    }

    #[test]
    fn malformed_rows_are_warnings_naming_file_and_line() {
        let text = format!(
            "{CURRENT_HEADER}\n\
             GET,/short,1,0\n\
             GET,/words,many,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n\
             GET,/badtime,5,0,fast,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n\
             -----------------------------------------------\n\
             GET,/trailing,2,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1,\n\
             GET,/extra,2,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1,oops\n\
             GET,/negative,-2,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n\
             ,Aggregated,9,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n"
        );
        let (p, w) = stats(&text);
        let names: Vec<&str> = p.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["/badtime", "/trailing"]);
        assert_eq!(p.rows[0].median_ms, None);
        assert_eq!(
            messages(&w),
            [
                "run_stats.csv:2: malformed row: 4 fields, the header has 22; skipped",
                "run_stats.csv:3: malformed row: \"Request Count\" is \"many\", not a number; row skipped",
                "run_stats.csv:4: malformed row: \"Median Response Time\" is \"fast\", not a number; left empty",
                "run_stats.csv:5: malformed row: 1 fields, the header has 22; skipped",
                "run_stats.csv:7: malformed row: 23 fields, the header has 22; skipped",
                "run_stats.csv:8: malformed row: \"Request Count\" is \"-2\", not a number; row skipped",
            ]
        );
        assert!(p.aggregated.is_some());
    }

    #[test]
    fn junk_before_the_header_and_repeated_headers() {
        let text = format!(
            "Test Run Statistics\n\n{CURRENT_HEADER}\nGET,/a,1,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n{CURRENT_HEADER}\nGET,/b,1,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n,Aggregated,2,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n"
        );
        let (p, w) = stats(&text);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[1].line, 6);
        assert_eq!(
            messages(&w),
            [
                "run_stats.csv:1: line 1 before the header skipped (not Locust data)",
                "run_stats.csv:5: the header row again (files of two runs joined?); skipped",
            ]
        );
    }

    #[test]
    fn blank_lines_and_doubled_carriage_returns() {
        // Python's csv module writes `\r\n`; a file opened in text mode on
        // Windows turns that into `\r\r\n`.
        let text = format!(
            "{CURRENT_HEADER}\r\r\n\r\r\nGET,/a,1,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\r\r\n,Aggregated,1,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\r\r\n"
        );
        let (p, w) = stats(&text);
        assert!(w.is_empty(), "{:?}", messages(&w));
        assert_eq!(p.rows.len(), 1);
        assert!(p.aggregated.is_some());
    }

    #[test]
    fn aggregated_row_missing_or_repeated() {
        let (p, w) = stats(&format!(
            "{CURRENT_HEADER}\nGET,/a,1,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n"
        ));
        assert!(p.aggregated.is_none());
        assert_eq!(
            messages(&w),
            ["run_stats.csv: no Aggregated (or Total) row; the file looks truncated"]
        );
        let (p, w) = stats(&format!(
            "{CURRENT_HEADER}\n,Aggregated,1,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n,Aggregated,2,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n"
        ));
        assert_eq!(p.aggregated.map(|a| a.requests), Some(2));
        assert_eq!(
            messages(&w),
            ["run_stats.csv:3: a second Aggregated row (the first is on line 2); the last one is used"]
        );
    }

    #[test]
    fn a_named_row_called_total_is_not_the_aggregate() {
        let (p, _) = stats(&format!(
            "{CURRENT_HEADER}\nGET,Total,1,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n,Aggregated,1,0,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1\n"
        ));
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.aggregated.map(|a| a.name), Some("Aggregated".to_string()));
    }

    #[test]
    fn missing_required_column_is_an_error_naming_it() {
        let mut w = Vec::new();
        let err = parse_stats(
            "results/run1_stats.csv",
            "Type,Name,Request Count,Median Response Time\nGET,/a,1,2\n",
            &mut w,
        )
        .expect_err("an error");
        assert!(
            matches!(err, LocustCsvError::MissingColumn { ref column, line: 1, .. } if column == "Failure Count")
        );
        assert_eq!(
            err.to_string(),
            "results/run1_stats.csv:1: missing required column \"Failure Count\" (or \"# failures\", \"# fails\") (header: Type,Name,Request Count,Median Response Time)"
        );
        let err = parse_failures(
            "f_failures.csv",
            "Method,Name,Occurrences\nGET,/a,1\n",
            &mut w,
        )
        .expect_err("an error");
        assert!(
            err.to_string()
                .contains("missing required column \"Error\""),
            "{err}"
        );
        let err = parse_exceptions("e.csv", "Count,Traceback\n", &mut w).expect_err("an error");
        assert!(err.to_string().contains("\"Message\""), "{err}");
        let err = parse_history("h.csv", "Name,Requests/s\n", &mut w).expect_err("an error");
        assert!(err.to_string().contains("\"Timestamp\""), "{err}");
        // Another kind of CSV altogether.
        let err = parse_stats("x.csv", "a,b\n1,2\n", &mut w).expect_err("an error");
        assert!(err.to_string().contains("\"Name\""), "{err}");
    }

    #[test]
    fn empty_files_are_errors() {
        let mut w = Vec::new();
        for text in ["", "\n\r\n  \n", "\u{feff}"] {
            let err = parse_stats("e_stats.csv", text, &mut w).expect_err("an error");
            assert!(matches!(err, LocustCsvError::Empty { .. }), "{err}");
            assert_eq!(err.to_string(), "e_stats.csv: empty file, no header row");
        }
    }

    #[test]
    fn other_encodings() {
        let mut w = Vec::new();
        let latin1 = b"Method,Name,Error,Occurrences\nGET,/caf\xe9,boom,1\n";
        let text = decode("f_failures.csv", latin1, &mut w);
        let f = parse_failures("f_failures.csv", &text, &mut w).expect("parses");
        assert_eq!(f[0].name, "/caf\u{fffd}");
        assert_eq!(
            messages(&w),
            ["f_failures.csv:2: not valid UTF-8 (saved in another encoding?); undecodable bytes replaced"]
        );

        let mut w = Vec::new();
        let mut utf16 = vec![0xff, 0xfe];
        for unit in "Count,Message\r\n2,é\r\n".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        let text = decode("e.csv", &utf16, &mut w);
        let e = parse_exceptions("e.csv", &text, &mut w).expect("parses");
        assert!(w.is_empty());
        assert_eq!((e[0].count, e[0].message.as_str()), (2, "é"));
    }

    #[test]
    fn spreadsheet_semicolons_and_decimal_commas() {
        let text = "Type;Name;Request Count;Failure Count;Average Response Time;95%\nGET;/a;4;1;12,5;30\n;Aggregated;4;1;12,5;30\n";
        let (p, w) = stats(text);
        assert!(w.is_empty(), "{:?}", messages(&w));
        assert_eq!(p.rows[0].average_ms, Some(12.5));
        assert_eq!(p.rows[0].p95(), Some(30.0));
    }

    #[test]
    fn garbage_never_panics() {
        let mut inputs: Vec<String> = [
            "\"",
            "\"\"\"",
            ",,,,",
            "Name\n\"unterminated",
            "Name,Request Count,Failure Count\n\"a\nb\",1",
            "Timestamp,Name\n\"x\",",
            "Count,Message\n99999999999999999999999,x",
            "Name,# requests\n,\n",
            "Method,Name,Error,Occurrences\n\"GET\",\"/x\",\"a\"b\"c\"",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Deterministic pseudo-random bytes drawn from CSV-relevant characters.
        let alphabet = b"\",\n\r;\tNameType%0123456789.N/A \xef\xbb\xbf\xff";
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..300 {
            let mut bytes = Vec::new();
            for _ in 0..(seed % 120) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                bytes.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            inputs.push(String::from_utf8_lossy(&bytes).into_owned());
        }
        for text in &inputs {
            let mut w = Vec::new();
            let _ = parse_stats("g", text, &mut w);
            let _ = parse_failures("g", text, &mut w);
            let _ = parse_exceptions("g", text, &mut w);
            let _ = parse_history("g", text, &mut w);
            let _ = parse_distribution("g", text, &mut w);
            let _ = decode("g", text.as_bytes(), &mut w);
        }
    }

    fn write_run(dir: &Path, prefix: &str) {
        let files = [
            ("_stats.csv", format!("{CURRENT_HEADER}\n,Aggregated,0,0,0,0,0,0,0,0,0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A\n")),
            ("_failures.csv", "Method,Name,Error,Occurrences\n".to_string()),
            ("_exceptions.csv", "Count,Message,Traceback,Nodes\n".to_string()),
            ("_stats_history.csv", "Timestamp,User Count,Type,Name\n1,0,,Aggregated\n".to_string()),
        ];
        for (suffix, text) in files {
            std::fs::write(dir.join(format!("{prefix}{suffix}")), text).expect("write");
        }
    }

    #[test]
    fn finds_the_files_of_a_run() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_run(dir.path(), "run1");
        let prefix = dir.path().join("run1");
        let files = resolve(&prefix).expect("prefix");
        assert_eq!(files.stats, dir.path().join("run1_stats.csv"));
        assert_eq!(files.failures, Some(dir.path().join("run1_failures.csv")));
        assert_eq!(
            files.exceptions,
            Some(dir.path().join("run1_exceptions.csv"))
        );
        assert_eq!(
            files.history,
            Some(dir.path().join("run1_stats_history.csv"))
        );
        assert_eq!(files.distribution, None);
        for other in [
            "run1_stats.csv",
            "run1_failures.csv",
            "run1_stats_history.csv",
            "run1_",
            "run1_stats",
        ] {
            assert_eq!(
                resolve(&dir.path().join(other)).expect(other),
                files,
                "{other}"
            );
        }
        // A directory with one run.
        assert_eq!(resolve(dir.path()).expect("dir"), files);
        let run = read_run(&prefix).expect("reads");
        assert!(run.warnings.is_empty(), "{:?}", messages(&run.warnings));
        assert_eq!(run.history.len(), 1);
        assert_eq!(run.aggregated_history().count(), 1);

        // A CSV under another name is the stats file alone.
        let lone = dir.path().join("download.csv");
        std::fs::write(&lone, "x").expect("write");
        assert_eq!(resolve(&lone).expect("lone").failures, None);

        write_run(dir.path(), "run2");
        let err = resolve(dir.path()).expect_err("ambiguous");
        assert!(
            err.to_string().contains("several Locust stats CSVs"),
            "{err}"
        );

        let err = resolve(&dir.path().join("nope")).expect_err("not found");
        let text = err.to_string();
        assert!(
            text.contains("nope_stats.csv") && text.contains("nope_requests.csv"),
            "{text}"
        );
    }

    #[test]
    fn unreadable_sibling_stops_the_read_with_its_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_run(dir.path(), "r");
        std::fs::write(
            dir.path().join("r_failures.csv"),
            "Method,Name,Occurrences\n",
        )
        .expect("write");
        let err = read_run(&dir.path().join("r")).expect_err("error");
        assert!(
            matches!(err, LocustCsvError::MissingColumn { ref file, .. } if file.ends_with("r_failures.csv"))
        );
    }
}
