//! The old `_distribution.csv` (before Locust 0.13.3), whose percentiles are
//! merged into the stats rows.

use super::columns::NAME;
use super::error::LocustCsvError;
use super::table::table;
use crate::diagnostics::Warning;
use crate::model::stats::{Percentile, StatsRow};
use std::collections::HashMap;

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

pub(super) fn merge_distribution(
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
