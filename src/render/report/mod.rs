//! Rendering of `routecov report`: table, JSON, CSV (one row per endpoint),
//! Markdown (a pull-request comment or `$GITHUB_STEP_SUMMARY`), JUnit (one
//! testcase per endpoint, the ones not covered failing) and one
//! self-contained HTML page ([`html_page`]).

mod columns;
mod counting;
mod csv;
mod depth;
mod lines;
mod markdown;
mod mix;
mod page;
mod run_views;
mod table;
mod terse;

use super::{json, Format};
use crate::model::report::Report;
pub use columns::{parse_columns, Column, Columns, COLUMN_NAMES};
pub use table::{Detail, Shown};

pub use lines::pct;
pub use page::html_page;

pub fn render(r: &Report, format: Format, width: u16) -> Option<String> {
    render_styled(r, format, width, false, Detail::ALL, &Columns::default())
}

/// [`render`], with colour in the table when `color` (on a terminal).
pub fn render_styled(
    r: &Report,
    format: Format,
    width: u16,
    color: bool,
    detail: Detail,
    columns: &Columns,
) -> Option<String> {
    Some(match format {
        Format::Json => json(r),
        Format::Table => {
            super::layout::fit_lines(&table::table(r, width, color, detail, columns), width)
        }
        Format::Csv => csv::csv(r),
        Format::Markdown => markdown::render(r, columns),
        Format::Junit => super::junit::report(r),
        Format::Github => super::github::report(r, &|f| f.to_string()),
        Format::Html => html_page(r, None),
    })
}
