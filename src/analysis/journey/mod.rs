//! A journey across runs (`routecov journey`): the Aggregated figures of each
//! run, every row's failures and p95 run by run (rows keyed as `compare` keys
//! them: by stats name, or by endpoint with a project), the trends that hold
//! across runs and the findings of rows too small to judge in any one run.

mod pooled;
mod trends;

use crate::analysis::compare::{aggregated_figures, rows_of, Key, Side};
use crate::config::Config;
use crate::join::StatsJoin;
use crate::model::journey::{Journey, JourneyRow, JourneyRun};
use crate::model::run::Figures;
use crate::model::stats::{RunStats, StatsRow};
use crate::model::SCHEMA_VERSION;
use std::collections::BTreeMap;

pub use pooled::pool_rows;

/// One run of the journey: its name (the stats file's name without
/// `_stats.csv`) and what was read.
pub struct NamedRun<'a> {
    pub name: String,
    pub run: &'a RunStats,
}

/// How the runs were ordered, for [`Journey::order`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Given,
    StartTime,
}

/// The journey of `runs`, in the order given. With `join`, rows are the
/// endpoints the stats rows reach, combined as `compare` combines them.
pub fn journey(
    runs: &[NamedRun],
    order: Order,
    config: &Config,
    join: Option<&StatsJoin>,
) -> Journey {
    let rows = journey_rows(runs, join);
    let names: Vec<String> = runs.iter().map(|r| r.name.clone()).collect();
    let findings = trends::find(
        &names,
        &rows,
        config.compare.latency_min_growth_ms.unwrap_or(50.0),
    );
    let stats: Vec<&RunStats> = runs.iter().map(|r| r.run).collect();
    let label = |r: &StatsRow| stats_label(join, r);
    let pooled = pooled::find(&stats, &config.thresholds, &label);
    Journey {
        schema_version: SCHEMA_VERSION,
        order: match order {
            Order::Given => "given",
            Order::StartTime => "start_time",
        }
        .to_string(),
        rows_are_endpoints: join.is_some(),
        runs: runs.iter().map(journey_run).collect(),
        rows,
        findings,
        pooled,
    }
}

fn journey_run(r: &NamedRun) -> JourneyRun {
    let aggregated = aggregated_figures(r.run);
    JourneyRun {
        name: r.name.clone(),
        stats_file: r.run.files.stats.display().to_string(),
        started: start_time(r.run),
        success_pct: ((100.0 - aggregated.failure_pct) * 100.0).round() / 100.0,
        aggregated,
    }
}

/// Unix time of the first line of the run's stats history.
pub fn start_time(run: &RunStats) -> Option<i64> {
    run.history.iter().map(|h| h.timestamp).min()
}

fn label(method: &str, what: &str) -> String {
    if method.is_empty() {
        what.to_string()
    } else {
        format!("{method} {what}")
    }
}

/// A stats row named as the journey's rows name it: the endpoint it alone
/// reaches, else `METHOD name`.
fn stats_label(join: Option<&StatsJoin>, r: &StatsRow) -> String {
    let method = r.method.clone().unwrap_or_default().to_ascii_uppercase();
    let endpoint = join.and_then(|j| {
        let targets = j.row(r).targets;
        let only = match targets.len() {
            1 => targets.first().copied(),
            _ => None,
        }?;
        let (route, m) = j.resolver.endpoints.get(only)?;
        Some(label(m, &j.map.routes.get(*route)?.path))
    });
    endpoint.unwrap_or_else(|| label(&method, &r.name))
}

fn journey_rows(runs: &[NamedRun], join: Option<&StatsJoin>) -> Vec<JourneyRow> {
    let mut by_key: BTreeMap<Key, Vec<Option<Side>>> = BTreeMap::new();
    for (i, r) in runs.iter().enumerate() {
        for (key, side) in rows_of(r.run, join) {
            let slots = by_key
                .entry(key)
                .or_insert_with(|| (0..runs.len()).map(|_| None).collect());
            slots[i] = Some(side);
        }
    }
    let mut rows: Vec<JourneyRow> = by_key
        .into_iter()
        .map(|((method, what, _), sides)| {
            let first = sides.iter().flatten().next();
            let name = first.map(|s| s.name.clone()).unwrap_or_default();
            let path = first.and_then(|s| s.path.clone());
            let runs: Vec<Option<Figures>> =
                sides.into_iter().map(|s| s.map(|s| s.figures)).collect();
            let present = || runs.iter().flatten();
            JourneyRow {
                label: label(&method, &what),
                method,
                path,
                name,
                requests: present().map(|f| f.requests).sum(),
                failures: present().map(|f| f.failures).sum(),
                worst_p95_ms: present().filter_map(|f| f.p95_ms).max(),
                runs,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.failures
            .cmp(&a.failures)
            .then(b.worst_p95_ms.cmp(&a.worst_p95_ms))
            .then_with(|| a.label.cmp(&b.label))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::stats::{Percentile, StatsFormat};

    fn row(method: Option<&str>, name: &str, requests: u64, failures: u64, p95: f64) -> StatsRow {
        StatsRow {
            method: method.map(str::to_string),
            name: name.into(),
            requests,
            failures,
            median_ms: Some(p95 / 2.0),
            average_ms: Some(p95 / 2.0),
            min_ms: Some(1.0),
            max_ms: Some(p95),
            average_content_size: None,
            rps: Some(1.0),
            failures_per_s: Some(0.0),
            percentiles: vec![Percentile {
                label: "95%".into(),
                percent: 95.0,
                ms: Some(p95),
            }],
            histogram: None,
            line: 2,
        }
    }

    fn run(rows: Vec<StatsRow>) -> RunStats {
        let requests = rows.iter().map(|r| r.requests).sum();
        let failures = rows.iter().map(|r| r.failures).sum();
        RunStats {
            format: StatsFormat::Current,
            files: Default::default(),
            aggregated: Some(row(None, "Aggregated", requests, failures, 100.0)),
            stats: rows,
            failures: Vec::new(),
            exceptions: Vec::new(),
            history: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn rows_worst_first_with_a_slot_per_run() {
        let a = run(vec![
            row(Some("GET"), "/ok/", 10, 0, 20.0),
            row(Some("GET"), "/slow/", 10, 0, 900.0),
        ]);
        let b = run(vec![
            row(Some("GET"), "/ok/", 10, 0, 25.0),
            row(Some("POST"), "/bad/", 4, 2, 10.0),
        ]);
        let runs = [
            NamedRun {
                name: "a".into(),
                run: &a,
            },
            NamedRun {
                name: "b".into(),
                run: &b,
            },
        ];
        let j = journey(&runs, Order::Given, &Config::default(), None);
        let labels: Vec<&str> = j.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["POST /bad/", "GET /slow/", "GET /ok/"]);
        assert!(j.rows[0].runs[0].is_none() && j.rows[0].runs[1].is_some());
        assert_eq!(j.rows[2].requests, 20);
        assert_eq!(j.runs[1].success_pct, 85.71);
        assert_eq!(j.order, "given");
        // Two runs: no trend, and /bad/ is in one run only.
        assert!(j.findings.iter().all(|f| f.row != "GET /ok/"));
    }
}
