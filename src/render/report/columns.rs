//! The run figures a table or Markdown report shows per endpoint, as the
//! user picks them (`--columns p50,p95,p99,mean,max`); JSON, CSV and HTML
//! hold them all.

use super::lines::ms;
use crate::model::report::{EndpointStats, Report};
use crate::model::stats::{percent_name, percent_of};

/// One figure of an endpoint's run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Column {
    Requests,
    Failures,
    FailurePct,
    Rps,
    /// Locust's `Median Response Time` (also spelt `p50`: routecov has one median).
    Median,
    Mean,
    Min,
    Max,
    /// Average content size, bytes.
    Size,
    /// Requests x mean, seconds.
    Time,
    /// A percentile column, 95.0 for `95%`.
    Percentile(f64),
    /// Every percentile column the run has, in its order.
    Percentiles,
}

/// The columns picked, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns(pub Vec<Column>);

impl Default for Columns {
    /// What the table always showed: requests, failures, median, p95, p99, max.
    fn default() -> Self {
        Columns(vec![
            Column::Requests,
            Column::Failures,
            Column::Median,
            Column::Percentile(95.0),
            Column::Percentile(99.0),
            Column::Max,
        ])
    }
}

/// The names `--columns` takes, for its messages and help.
pub const COLUMN_NAMES: &str = "requests, failures, failure_pct, rps, median (or p50), mean, min, \
max, size, time, pNN (p66, p90, p99.9, p999, ...), percentiles (every percentile column), all";

fn column(name: &str) -> Result<Vec<Column>, String> {
    use Column::*;
    Ok(match name {
        "requests" => vec![Requests],
        "failures" | "fail" => vec![Failures],
        "failure_pct" | "fail_pct" => vec![FailurePct],
        "rps" => vec![Rps],
        "median" | "p50" => vec![Median],
        "mean" | "avg" | "average" => vec![Mean],
        "min" => vec![Min],
        "max" | "p100" => vec![Max],
        "size" => vec![Size],
        "time" => vec![Time],
        "percentiles" => vec![Percentiles],
        "all" => vec![
            Requests,
            Failures,
            FailurePct,
            Rps,
            Median,
            Mean,
            Min,
            Max,
            Size,
            Time,
            Percentiles,
        ],
        other => {
            let p = other
                .strip_prefix('p')
                .and_then(percent_of)
                .ok_or_else(|| format!("unknown column `{other}`; expected {COLUMN_NAMES}"))?;
            vec![Percentile(p)]
        }
    })
}

/// `--columns`: names separated by commas (or spaces), in the order shown.
pub fn parse_columns(s: &str) -> Result<Columns, String> {
    let mut out = Vec::new();
    for name in s.split([',', ' ']).map(str::trim).filter(|n| !n.is_empty()) {
        out.extend(column(&name.to_ascii_lowercase())?);
    }
    if out.is_empty() {
        return Err(format!("no column named; expected {COLUMN_NAMES}"));
    }
    Ok(Columns(out))
}

impl Columns {
    /// The columns with `percentiles` replaced by the run's percentile
    /// columns (those of the Aggregated row, else of the first endpoint).
    pub fn expanded(&self, r: &Report) -> Vec<Column> {
        let run_percentiles: Vec<f64> = r
            .run
            .as_ref()
            .map(|s| s.percentiles.iter().map(|p| p.percent).collect())
            .filter(|v: &Vec<f64>| !v.is_empty())
            .or_else(|| {
                let st = r.endpoints.iter().find_map(|e| e.stats.as_ref())?;
                Some(st.percentiles.iter().map(|p| p.percent).collect())
            })
            .unwrap_or_default();
        let mut out = Vec::new();
        for c in &self.0 {
            match c {
                Column::Percentiles => {
                    out.extend(run_percentiles.iter().map(|&p| Column::Percentile(p)))
                }
                c => out.push(*c),
            }
        }
        out
    }
}

impl Column {
    /// The column's header.
    pub fn header(self) -> String {
        match self {
            Column::Requests => "Requests".into(),
            Column::Failures => "Fail".into(),
            Column::FailurePct => "Fail %".into(),
            Column::Rps => "req/s".into(),
            Column::Median => "Median".into(),
            Column::Mean => "Mean".into(),
            Column::Min => "Min".into(),
            Column::Max => "Max".into(),
            Column::Size => "Size (B)".into(),
            Column::Time => "Time (s)".into(),
            Column::Percentile(p) => format!("p{}", percent_name(p)),
            Column::Percentiles => "percentiles".into(),
        }
    }

    /// The value of an endpoint's figures (empty where the run has none).
    pub fn value(self, st: &EndpointStats) -> String {
        let one = |x: Option<f64>| x.map_or_else(String::new, |v| format!("{v:.1}"));
        match self {
            Column::Requests => st.requests.to_string(),
            Column::Failures => st.failures.to_string(),
            Column::FailurePct => {
                one((st.requests > 0).then(|| st.failures as f64 * 100.0 / st.requests as f64))
            }
            Column::Rps => st.rps.map_or_else(String::new, |v| format!("{v:.2}")),
            Column::Median => ms(st.median_ms),
            Column::Mean => ms(st.mean_ms),
            Column::Min => ms(st.min_ms),
            Column::Max => ms(st.max_ms),
            Column::Size => ms(st.average_content_size),
            Column::Time => one(st.total_time_s),
            Column::Percentile(p) => ms(st
                .percentiles
                .iter()
                .find(|c| (c.percent - p).abs() < 1e-9)
                .and_then(|c| c.ms)),
            Column::Percentiles => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_in_order() {
        let c = parse_columns("p50,p95, p99.9,mean,max").unwrap_or_default();
        assert_eq!(
            c.0,
            vec![
                Column::Median,
                Column::Percentile(95.0),
                Column::Percentile(99.9),
                Column::Mean,
                Column::Max
            ]
        );
        assert_eq!(
            parse_columns("p999").map(|c| c.0),
            Ok(vec![Column::Percentile(99.9)])
        );
        let e = parse_columns("p95,slowness").unwrap_err();
        assert!(e.contains("unknown column `slowness`"), "{e}");
        assert!(parse_columns(" , ").is_err());
        assert!(parse_columns("p101").is_err());
        assert_eq!(Column::Percentile(99.9).header(), "p99.9");
    }
}
