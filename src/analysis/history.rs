//! Coverage over time: what changed between the last two lines of the
//! history file.

use crate::model::history::Entry;

/// A drop in coverage between the last two entries, overall or per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Drop {
    /// `None` for the overall coverage.
    pub category: Option<String>,
    pub before: f64,
    pub after: f64,
}

/// Drops from the second-to-last entry to the last (beyond rounding noise).
pub fn drops(entries: &[Entry]) -> Vec<Drop> {
    let [.., prev, last] = entries else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if last.coverage_pct + 0.05 < prev.coverage_pct {
        out.push(Drop {
            category: None,
            before: prev.coverage_pct,
            after: last.coverage_pct,
        });
    }
    for (name, now) in &last.categories {
        if let Some(before) = prev.categories.get(name) {
            if now.coverage_pct + 0.05 < before.coverage_pct {
                out.push(Drop {
                    category: Some(name.clone()),
                    before: before.coverage_pct,
                    after: now.coverage_pct,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::history::CategoryPoint;
    use std::collections::BTreeMap;

    fn entry(pct: f64, writes: f64) -> Entry {
        let mut categories = BTreeMap::new();
        categories.insert(
            "writes".to_string(),
            CategoryPoint {
                label: None,
                endpoints: 10,
                covered: (writes / 10.0) as usize,
                coverage_pct: writes,
            },
        );
        Entry {
            schema_version: 1,
            time: "1970-01-01T00:00:00Z".into(),
            commit: None,
            branch: None,
            coverage_basis: "declared".into(),
            endpoints: 100,
            covered: pct as usize,
            coverage_pct: pct,
            categories,
            run: None,
        }
    }

    #[test]
    fn a_category_drop_is_found() {
        let d = drops(&[entry(50.0, 40.0), entry(55.0, 30.0)]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].category.as_deref(), Some("writes"));
        assert!(drops(&[entry(50.0, 40.0), entry(50.0, 40.0)]).is_empty());
    }
}
