//! A row's errors from the failures file: cleaned, merged, ranked, listed.

use super::format::plural;
use crate::model::stats::{RunStats, StatsRow};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The failures-file errors of `row`, cleaned and merged, most frequent first.
pub(super) fn errors_of(run: &RunStats, row: &StatsRow) -> Vec<(String, u64)> {
    let mut merged: BTreeMap<String, u64> = BTreeMap::new();
    for f in &run.failures {
        let same_method = match (&f.method, &row.method) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => true,
        };
        if f.name == row.name && same_method && f.occurrences > 0 {
            *merged.entry(clean_error(&f.error)).or_default() += f.occurrences;
        }
    }
    by_count(merged)
}

pub(super) fn by_count(merged: BTreeMap<String, u64>) -> Vec<(String, u64)> {
    let mut list: Vec<(String, u64)> = merged.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

/// One line, without the URL Locust appends to HTTP errors (the endpoint is
/// named already), at most 300 characters.
pub(super) fn clean_error(e: &str) -> String {
    static URL: OnceLock<Option<Regex>> = OnceLock::new();
    let one_line = e.split_whitespace().collect::<Vec<_>>().join(" ");
    let cleaned = match URL.get_or_init(|| Regex::new(r#"(?i) for url: [^'"]*"#).ok()) {
        Some(re) => re.replace_all(&one_line, "").into_owned(),
        None => one_line,
    };
    truncate(&cleaned, 300)
}

pub(super) fn truncate(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max_chars).collect();
    out.push('…');
    out
}

/// `Error text (×N)` for the first `top` errors.
pub(super) fn error_list(errors: &[(String, u64)], top: usize) -> Vec<String> {
    errors
        .iter()
        .take(top)
        .map(|(e, n)| format!("{e} (×{n})"))
        .collect()
}

/// Appends `: E1 ×N; E2 ×M` (and how many other errors) to a message.
pub(super) fn push_errors_text(message: &mut String, errors: &[(String, u64)], top: usize) {
    let shown: Vec<String> = errors
        .iter()
        .take(top)
        .map(|(e, n)| format!("{e} ×{n}"))
        .collect();
    if shown.is_empty() {
        return;
    }
    message.push_str(": ");
    message.push_str(&shown.join("; "));
    let rest = &errors[shown.len()..];
    if !rest.is_empty() {
        let n: u64 = rest.iter().map(|(_, n)| n).sum();
        message.push_str(&format!(
            "; and {} other error{} ×{n}",
            rest.len(),
            plural(rest.len() as u64)
        ));
    }
}
