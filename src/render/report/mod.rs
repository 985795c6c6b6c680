//! Rendering of `routecov report`: table, JSON, CSV (one row per endpoint),
//! Markdown (a pull-request comment or `$GITHUB_STEP_SUMMARY`), JUnit (one
//! testcase per endpoint, the ones not covered failing) and one
//! self-contained HTML page ([`html_page`]).

mod columns;
mod csv;
mod lines;
mod markdown;
mod page;
mod run_views;
mod table;

use super::{json, Format};
use crate::model::report::Report;
pub use columns::{parse_columns, Column, Columns, COLUMN_NAMES};
pub use table::Gaps;

pub use lines::pct;
pub use page::html_page;

pub fn render(r: &Report, format: Format, width: u16) -> Option<String> {
    render_styled(r, format, width, false, Gaps::All, &Columns::default())
}

/// [`render`], with colour in the table when `color` (on a terminal).
pub fn render_styled(
    r: &Report,
    format: Format,
    width: u16,
    color: bool,
    gaps: Gaps,
    columns: &Columns,
) -> Option<String> {
    Some(match format {
        Format::Json => json(r),
        Format::Table => table::table(r, width, color, gaps, columns),
        Format::Csv => csv::csv(r),
        Format::Markdown => markdown::render(r, columns),
        Format::Junit => super::junit::report(r),
        Format::Html => html_page(r, None),
    })
}
