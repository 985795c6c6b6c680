//! The HTML report of `locust --html` (and the web UI's "Download the
//! Report"). Since Locust 2.22 the report is a page of Locust's web UI
//! whose data sit in one script line, `window.templateArgs = {...}`: the
//! stats rows (`requests_statistics`, the Aggregated entry last), their
//! percentiles (`response_time_statistics`: 50, 60, 70, 80, 90, 95, 99 and
//! 100%), failures, exceptions and the history behind its charts. Older
//! reports, plain HTML tables, are refused with a message asking for the
//! run's CSV files.
//!
//! The rows are what Locust's `to_dict` gives: times rounded by Locust's
//! `proper_round` for the minimum and maximum, the mean exact. Every row
//! points at the line of the script.

use super::error::LocustCsvError;
use super::history::Thinned;
use super::report_fields::Fields;
use crate::diagnostics::Warning;
use crate::model::stats::{
    percent_name, ExceptionRow, FailureRow, HistoryRow, Percentile, StatsRow,
};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// What an HTML report holds.
pub(super) struct HtmlRun {
    pub(super) rows: Vec<StatsRow>,
    pub(super) aggregated: Option<StatsRow>,
    pub(super) failures: Vec<FailureRow>,
    pub(super) exceptions: Vec<ExceptionRow>,
    pub(super) history: Vec<HistoryRow>,
}

const MARK: &str = "templateArgs";

/// The report's data and the line they are on.
fn template_args(file: &str, text: &str) -> Result<(Map<String, Value>, usize), LocustCsvError> {
    let refuse = |line: usize, why: &str| LocustCsvError::Malformed {
        file: file.to_string(),
        line,
        why: why.to_string(),
    };
    let at = memchr::memmem::find_iter(text.as_bytes(), MARK)
        .find_map(|i| {
            let rest = text[i + MARK.len()..].trim_start();
            let value = rest.strip_prefix('=')?.trim_start();
            value.starts_with('{').then(|| text.len() - value.len())
        })
        .ok_or_else(|| {
            refuse(
                1,
                "not a Locust HTML report of Locust 2.22 or later (no window.templateArgs); give the run's CSV files (--csv) or its --json output",
            )
        })?;
    let line = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count();
    let mut values = serde_json::Deserializer::from_str(&text[at..]).into_iter::<Value>();
    match values.next() {
        Some(Ok(Value::Object(map))) => Ok((map, line)),
        Some(Err(e)) => Err(refuse(
            line + e.line().saturating_sub(1),
            &format!("the report's data (window.templateArgs) are not valid JSON: {e}"),
        )),
        _ => Err(refuse(
            line,
            "the report's data (window.templateArgs) are not an object",
        )),
    }
}

fn objects<'a>(
    args: &'a Map<String, Value>,
    key: &str,
) -> impl Iterator<Item = &'a Map<String, Value>> {
    args.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

/// Percentiles by (method, name) from `response_time_statistics`, whose
/// keys are fractions (`"0.95"`).
fn percentile_table(args: &Map<String, Value>) -> HashMap<(String, String), Vec<Percentile>> {
    let mut out = HashMap::new();
    for o in objects(args, "response_time_statistics") {
        let text = |k: &str| {
            o.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let mut list: Vec<Percentile> = o
            .iter()
            .filter_map(|(k, v)| {
                let fraction: f64 = k.parse().ok()?;
                let percent = (fraction * 1e6).round() / 1e4;
                (percent > 0.0 && percent <= 100.0).then(|| Percentile {
                    label: format!("{}%", percent_name(percent)),
                    percent,
                    ms: v.as_f64().filter(|x| x.is_finite()),
                })
            })
            .collect();
        list.sort_by(|a, b| a.percent.total_cmp(&b.percent));
        out.insert((text("method").to_uppercase(), text("name")), list);
    }
    out
}

fn stats_row(
    f: &Fields,
    percentiles: &HashMap<(String, String), Vec<Percentile>>,
    warnings: &mut Vec<Warning>,
) -> Option<StatsRow> {
    let name = f.text("name")?;
    let method = f.method();
    let requests = f.count("num_requests", warnings)?;
    let mut list = percentiles
        .get(&(method.clone().unwrap_or_default(), name.clone()))
        .cloned()
        .unwrap_or_default();
    for p in [95.0, 99.0] {
        if !list.iter().any(|x| x.percent == p) {
            let key = format!("response_time_percentile_{}", p / 100.0);
            list.push(Percentile {
                label: format!("{}%", percent_name(p)),
                percent: p,
                ms: f.float(&key, warnings),
            });
        }
    }
    list.sort_by(|a, b| a.percent.total_cmp(&b.percent));
    if requests == 0 {
        // Locust's CSV writes N/A where the report has 0.
        list.iter_mut().for_each(|p| p.ms = None);
    }
    Some(StatsRow {
        failures: f.count("num_failures", warnings).unwrap_or(0),
        median_ms: f.float("median_response_time", warnings),
        average_ms: f.float("avg_response_time", warnings),
        min_ms: f.float("min_response_time", warnings),
        max_ms: f.float("max_response_time", warnings),
        average_content_size: f.float("avg_content_length", warnings),
        rps: f.float("total_rps", warnings),
        failures_per_s: f.float("total_fail_per_sec", warnings),
        percentiles: list,
        histogram: None,
        line: f.line,
        method,
        name,
        requests,
    })
}

/// An ISO timestamp of the report (`2026-11-30T10:00:00Z`) or Unix seconds.
fn unix_time(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n
            .as_f64()
            .filter(|x| x.is_finite())
            .map(|x| x.trunc() as i64),
        Value::String(s) => s.parse::<jiff::Timestamp>().ok().map(|t| t.as_second()),
        _ => None,
    }
}

/// A history point's value: `[time, value]`.
fn point(o: &Map<String, Value>, key: &str) -> Option<f64> {
    o.get(key)?
        .as_array()?
        .get(1)?
        .as_f64()
        .filter(|x| x.is_finite())
}

fn history(
    file: &str,
    line: usize,
    args: &Map<String, Value>,
    warnings: &mut Vec<Warning>,
) -> Vec<HistoryRow> {
    let mut kept = Thinned::default();
    for o in objects(args, "history") {
        let Some(timestamp) = o.get("time").and_then(unix_time) else {
            continue;
        };
        let percentiles = [50.0, 95.0]
            .into_iter()
            .filter_map(|p: f64| {
                let ms = point(o, &format!("response_time_percentile_{}", p / 100.0))?;
                Some(Percentile {
                    label: format!("{}%", percent_name(p)),
                    percent: p,
                    ms: Some(ms),
                })
            })
            .collect();
        let h = HistoryRow {
            timestamp,
            user_count: point(o, "user_count")
                .filter(|u| *u >= 0.0)
                .map(|u| u as u64),
            method: None,
            name: "Aggregated".into(),
            aggregated: true,
            rps: point(o, "current_rps"),
            failures_per_s: point(o, "current_fail_per_sec"),
            percentiles,
            requests: None,
            failures: None,
            median_ms: None,
            average_ms: point(o, "total_avg_response_time"),
            min_ms: None,
            max_ms: None,
            average_content_size: None,
            line,
        };
        kept.push(file, h, warnings);
    }
    kept.rows
}

fn seen(f: &Fields, key: &str) -> Option<String> {
    let t = f.object.get(key).and_then(unix_time)?;
    jiff::Timestamp::from_second(t)
        .ok()
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

fn failures(
    file: &str,
    line: usize,
    args: &Map<String, Value>,
    warnings: &mut Vec<Warning>,
) -> Vec<FailureRow> {
    objects(args, "failures_statistics")
        .filter_map(|object| {
            let f = Fields { file, line, object };
            Some(FailureRow {
                method: f.method(),
                name: f.text("name")?,
                error: f.text("error").unwrap_or_default(),
                occurrences: f.count("occurrences", warnings).unwrap_or(0),
                first_seen: seen(&f, "first_seen"),
                last_seen: seen(&f, "last_seen"),
                line,
            })
        })
        .collect()
}

fn exceptions(
    file: &str,
    line: usize,
    args: &Map<String, Value>,
    warnings: &mut Vec<Warning>,
) -> Vec<ExceptionRow> {
    objects(args, "exceptions_statistics")
        .map(|object| {
            let f = Fields { file, line, object };
            ExceptionRow {
                count: f.count("count", warnings).unwrap_or(0),
                message: f.text("msg").unwrap_or_default(),
                traceback: f
                    .text("traceback")
                    .unwrap_or_default()
                    .replace("\r\n", "\n"),
                nodes: f
                    .text("nodes")
                    .unwrap_or_default()
                    .split(',')
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty())
                    .collect(),
                line,
            }
        })
        .collect()
}

/// Reads the text of an HTML report.
pub(super) fn parse_html_report(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<HtmlRun, LocustCsvError> {
    let (args, line) = template_args(file, text)?;
    let table = percentile_table(&args);
    let mut rows = Vec::new();
    let mut aggregated = None;
    for object in objects(&args, "requests_statistics") {
        let f = Fields { file, line, object };
        match stats_row(&f, &table, warnings) {
            Some(r) if super::cells::is_aggregate(&r.method, &r.name) => aggregated = Some(r),
            Some(r) => rows.push(r),
            None => warnings.push(Warning::new(
                file,
                line,
                "a stats entry without a name or request count; skipped",
            )),
        }
    }
    Ok(HtmlRun {
        failures: failures(file, line, &args, warnings),
        exceptions: exceptions(file, line, &args, warnings),
        history: history(file, line, &args, warnings),
        rows,
        aggregated,
    })
}
