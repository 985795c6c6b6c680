//! What every family of findings shares: a stats row with its label and
//! errors, and the order of findings within a kind.

use crate::model::findings::{Finding, FindingKind};
use crate::model::stats::StatsRow;

/// A stats row with its label and its errors from the failures file.
pub(super) struct Row<'a> {
    pub(super) stats: &'a StatsRow,
    pub(super) label: String,
    /// Cleaned error texts with their occurrences, most frequent first.
    pub(super) errors: Vec<(String, u64)>,
}

impl Row<'_> {
    /// Tie-breaker after the label: rows of one endpoint stay in a fixed order.
    pub(super) fn key(&self) -> String {
        format!(
            "{} {}",
            self.stats.method.as_deref().unwrap_or(""),
            self.stats.name
        )
    }

    /// `finding` about this row alone, ranked by `severity`.
    pub(super) fn ranked(&self, severity: f64, finding: Finding) -> Ranked {
        Ranked {
            severity,
            label: self.label.clone(),
            tiebreak: self.key(),
            finding,
        }
    }
}

/// A finding with what orders it among those of its kind.
pub(super) struct Ranked {
    /// Higher is more severe.
    pub(super) severity: f64,
    pub(super) label: String,
    pub(super) tiebreak: String,
    pub(super) finding: Finding,
}

pub(super) fn ordered(mut list: Vec<Ranked>) -> Vec<Finding> {
    list.sort_by(|a, b| {
        b.severity
            .total_cmp(&a.severity)
            .then_with(|| a.label.cmp(&b.label))
            .then_with(|| a.tiebreak.cmp(&b.tiebreak))
    });
    list.into_iter().map(|r| r.finding).collect()
}

pub(super) fn is_aggregated(r: &StatsRow) -> bool {
    r.method.is_none() && (r.name == "Aggregated" || r.name == "Total")
}

pub(super) fn finding(kind: FindingKind, message: String, endpoints: Vec<String>) -> Finding {
    Finding::new(kind, message, endpoints)
}
