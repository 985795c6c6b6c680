//! Rendering: pure functions from the model to text. Deterministic: the same
//! model gives byte-identical output.

pub mod charts;
pub mod check;
pub mod compare;
pub mod escape;
pub mod github;
pub mod history;
pub mod html;
pub mod journey;
pub mod junit;
pub mod layout;
pub mod report;
pub mod routes;
pub mod tasks;
pub mod verify;

use clap::ValueEnum;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
    Html,
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Junit => "junit",
            Format::Github => "github",
        }
    }
}

/// Table width: when writing to a terminal, `$COLUMNS` if set, else the
/// terminal's own width; otherwise (a file, a pipe) 100 columns.
pub fn table_width(to_terminal: bool) -> u16 {
    if to_terminal {
        let columns = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
        // comfy-table asks the terminal itself (an ioctl on stdout).
        if let Some(w) = columns.or_else(|| comfy_table::Table::new().width()) {
            return w.max(40);
        }
    }
    100
}

/// [`json`] written to `out` as it is made, byte for byte the same.
pub fn json_to<T: serde::Serialize>(v: &T, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, v)?;
    out.write_all(b"\n")
}

/// Serialises any model value as pretty JSON with a trailing newline.
pub fn json<T: serde::Serialize>(v: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Streamed JSON is the same bytes as the string, newline included.
    #[test]
    fn streamed_json_is_the_json_string() {
        let v = serde_json::json!({"routes": [{"path": "/a/", "methods": ["GET"]}], "n": 1});
        let mut out = Vec::new();
        json_to(&v, &mut out).expect("writing to memory");
        assert_eq!(String::from_utf8(out).expect("utf-8"), json(&v));
    }
}
