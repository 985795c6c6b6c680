//! The output of `locust --json` (on standard output) and `--json-file
//! NAME` (to `NAME.json`): a list of Locust's stats entries as its workers
//! send them to a master (`StatsEntry.serialize`), each with its counts, its
//! total and extreme response times, and its response-time histogram.
//!
//! From these the rows of a stats CSV are rebuilt as Locust computes them:
//! median and percentiles from the histogram (`calculate_response_time_
//! percentile`, the default `PERCENTILES_TO_REPORT`), mean from the total
//! time, and the Aggregated row as the sum of all entries. Two figures
//! cannot be exact: req/s and failures/s, because Locust divides by the run's
//! span from the test's start, and the JSON holds only each entry's first
//! and last request (the span is taken from those). The report holds no
//! failure messages, exceptions or history: those come from the run's CSV
//! files beside it when they are there (`NAME_failures.csv`, ...).

use super::error::LocustCsvError;
use super::report_fields::{element_lines, Fields};
use crate::diagnostics::Warning;
use crate::model::stats::{percent_name, Histogram, Percentile, StatsRow};
use serde_json::Value;

/// Locust's default `PERCENTILES_TO_REPORT`, as per cent.
pub(super) const REPORTED: [f64; 11] = [
    50.0, 66.0, 75.0, 80.0, 90.0, 95.0, 98.0, 99.0, 99.9, 99.99, 100.0,
];

/// One entry's figures, as Locust keeps them.
#[derive(Debug, Clone, Default)]
struct Entry {
    method: Option<String>,
    name: String,
    requests: u64,
    none_requests: u64,
    failures: u64,
    total_ms: f64,
    min_ms: Option<f64>,
    max_ms: f64,
    content: f64,
    histogram: Histogram,
    first: Option<f64>,
    last: Option<f64>,
    line: usize,
}

impl Entry {
    fn read(f: &Fields, warnings: &mut Vec<Warning>) -> Option<Entry> {
        let Some(name) = f.text("name") else {
            warnings.push(Warning::new(
                f.file,
                f.line,
                "entry without a \"name\"; skipped",
            ));
            return None;
        };
        let Some(requests) = f.count("num_requests", warnings) else {
            warnings.push(Warning::new(
                f.file,
                f.line,
                format!("entry {name:?} without a request count; skipped"),
            ));
            return None;
        };
        Some(Entry {
            method: f.method(),
            requests,
            none_requests: f.count("num_none_requests", warnings).unwrap_or(0),
            failures: f.count("num_failures", warnings).unwrap_or(0),
            total_ms: f.float("total_response_time", warnings).unwrap_or(0.0),
            min_ms: f.float("min_response_time", warnings),
            max_ms: f.float("max_response_time", warnings).unwrap_or(0.0),
            content: f.float("total_content_length", warnings).unwrap_or(0.0),
            histogram: histogram(f, warnings),
            first: f.float("start_time", warnings),
            last: f.float("last_request_timestamp", warnings),
            line: f.line,
            name,
        })
    }

    /// All entries as one: Locust's Aggregated entry.
    fn total(entries: &[Entry]) -> Entry {
        let min = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let max = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let mut t = Entry {
            name: "Aggregated".into(),
            histogram: Histogram::merged(entries.iter().map(|e| &e.histogram)),
            ..Entry::default()
        };
        for e in entries {
            t.requests = t.requests.saturating_add(e.requests);
            t.none_requests = t.none_requests.saturating_add(e.none_requests);
            t.failures = t.failures.saturating_add(e.failures);
            t.total_ms += e.total_ms;
            t.content += e.content;
            t.min_ms = min(t.min_ms, e.min_ms);
            t.max_ms = t.max_ms.max(e.max_ms);
            t.first = min(t.first, e.first);
            t.last = max(t.last, e.last);
        }
        t
    }

    /// The row Locust writes for this entry in its stats CSV; `span` is the
    /// run's length in seconds.
    fn row(self, span: Option<f64>) -> StatsRow {
        let timed = self.requests.saturating_sub(self.none_requests);
        let per_s = |n: u64| span.filter(|s| *s > 0.0).map(|s| n as f64 / s);
        let max_ms = Some(self.max_ms);
        StatsRow {
            median_ms: self.histogram.median(self.min_ms, max_ms),
            average_ms: Some(if timed > 0 {
                self.total_ms / timed as f64
            } else {
                0.0
            }),
            // Locust writes `min_response_time or 0`.
            min_ms: Some(self.min_ms.unwrap_or(0.0)),
            max_ms,
            average_content_size: Some(if self.requests > 0 {
                self.content / self.requests as f64
            } else {
                0.0
            }),
            rps: per_s(self.requests),
            failures_per_s: per_s(self.failures),
            percentiles: REPORTED
                .iter()
                .map(|p| Percentile {
                    label: format!("{}%", percent_name(*p)),
                    percent: *p,
                    ms: if self.requests > 0 {
                        Some(self.histogram.percentile(*p).unwrap_or(0.0))
                    } else {
                        None
                    },
                })
                .collect(),
            method: self.method,
            name: self.name,
            requests: self.requests,
            failures: self.failures,
            histogram: Some(self.histogram),
            line: self.line,
        }
    }
}

/// The `response_times` histogram: keys are times in milliseconds written
/// as JSON object keys (text).
fn histogram(f: &Fields, warnings: &mut Vec<Warning>) -> Histogram {
    let Some(Value::Object(map)) = f.object.get("response_times") else {
        return Histogram::default();
    };
    let mut pairs = Vec::with_capacity(map.len());
    for (k, v) in map {
        let ms = k
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| *x >= 0.0 && x.is_finite());
        let n = v.as_u64();
        match (ms, n) {
            (Some(ms), Some(n)) => pairs.push((ms.round() as u64, n)),
            _ => warnings.push(Warning::new(
                f.file,
                f.line,
                format!("response time bucket {k:?}: {v} is not a time with a count; left out"),
            )),
        }
    }
    Histogram::from_pairs(pairs)
}

/// The rows of a JSON report and its Aggregated row.
pub(super) struct JsonRun {
    pub(super) rows: Vec<StatsRow>,
    pub(super) aggregated: Option<StatsRow>,
}

/// Reads the text of a `--json` report.
pub(super) fn parse_json_report(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<JsonRun, LocustCsvError> {
    let value: Value = serde_json::from_str(text).map_err(|e| LocustCsvError::Malformed {
        file: file.to_string(),
        line: e.line().max(1),
        why: format!("not a Locust JSON report: {e}"),
    })?;
    let Value::Array(items) = value else {
        return Err(LocustCsvError::Malformed {
            file: file.to_string(),
            line: 1,
            why: "not a Locust JSON report: expected a list of stats entries (the output of locust --json)".into(),
        });
    };
    let lines = element_lines(text, 1);
    let mut entries = Vec::with_capacity(items.len());
    let mut aggregated = None;
    for (i, item) in items.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        let Value::Object(object) = item else {
            warnings.push(Warning::new(
                file,
                line,
                "an entry that is not an object; skipped",
            ));
            continue;
        };
        let f = Fields { file, line, object };
        if let Some(e) = Entry::read(&f, warnings) {
            if super::cells::is_aggregate(&e.method, &e.name) {
                aggregated = Some(e);
            } else {
                entries.push(e);
            }
        }
    }
    let total = aggregated.unwrap_or_else(|| Entry::total(&entries));
    let span = total.first.zip(total.last).map(|(a, b)| b - a);
    Ok(JsonRun {
        rows: entries.into_iter().map(|e| e.row(span)).collect(),
        aggregated: (total.requests > 0 || total.failures > 0).then(|| total.row(span)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = r#"[
    {
        "name": "/a/",
        "method": "GET",
        "last_request_timestamp": 110.0,
        "start_time": 100.0,
        "num_requests": 4,
        "num_none_requests": 0,
        "num_failures": 1,
        "total_response_time": 400.5,
        "max_response_time": 147.2,
        "min_response_time": 11.3,
        "total_content_length": 4000,
        "response_times": {"11": 1, "20": 1, "150": 2},
        "num_reqs_per_sec": {"100": 4},
        "num_fail_per_sec": {"101": 1}
    },
    {
        "name": "/b/",
        "method": "POST",
        "last_request_timestamp": 105.0,
        "start_time": 102.0,
        "num_requests": 1,
        "num_failures": 0,
        "total_response_time": 30,
        "max_response_time": 30,
        "min_response_time": 30,
        "total_content_length": 10,
        "response_times": {"30": 1}
    }
]"#;

    #[test]
    fn rows_and_the_aggregated_row_are_rebuilt_as_locust_writes_them() {
        let mut w = Vec::new();
        let run = parse_json_report("r.json", REPORT, &mut w).expect("a report");
        assert!(w.is_empty(), "{w:?}");
        let a = &run.rows[0];
        assert_eq!(
            (a.method.as_deref(), a.requests, a.failures),
            (Some("GET"), 4, 1)
        );
        assert_eq!(a.line, 2);
        // Locust: the 50% bucket is 150, above the exact maximum 147.2.
        assert_eq!(a.median_ms, Some(147.2));
        assert_eq!(a.percentile(50.0), Some(150.0));
        assert_eq!(a.average_ms, Some(400.5 / 4.0));
        assert_eq!(a.rps, Some(0.4));
        assert_eq!(run.rows[1].line, 18);
        let t = run.aggregated.expect("an Aggregated row");
        assert_eq!(
            (t.method.as_deref(), t.name.as_str(), t.requests),
            (None, "Aggregated", 5)
        );
        assert_eq!(t.min_ms, Some(11.3));
        assert_eq!(t.percentile(66.0), Some(150.0));
        assert_eq!(t.percentile(50.0), Some(30.0));
    }

    #[test]
    fn a_file_that_is_not_a_report_is_an_error_with_its_line() {
        let mut w = Vec::new();
        let e = parse_json_report("r.json", "[\n{\"name\": }", &mut w)
            .err()
            .expect("an error");
        assert!(
            e.to_string()
                .starts_with("r.json:2: not a Locust JSON report"),
            "{e}"
        );
        let e = parse_json_report("r.json", "{}", &mut w)
            .err()
            .expect("an error");
        assert!(e.to_string().contains("expected a list"), "{e}");
    }

    #[test]
    fn bad_entries_are_skipped_with_a_warning() {
        let mut w = Vec::new();
        let run = parse_json_report(
            "r.json",
            "[1, {\"name\": \"/x\"}, {\"name\": \"/y\", \"num_requests\": 2, \"response_times\": {\"a\": 1}}]",
            &mut w,
        )
        .expect("a report");
        assert_eq!(run.rows.len(), 1);
        assert_eq!(w.len(), 3, "{w:?}");
    }
}
