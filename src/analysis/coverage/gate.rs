//! The CI gate: coverage against `--fail-under` and the per-category floors.

use crate::model::report::Report;
use std::collections::BTreeMap;

/// The CI gate: the one-line reason of the first failed floor, if any.
/// `fail_under` is the overall floor; `floors` are per category (by name).
/// A category without endpoints has no coverage to judge.
pub fn gate(
    report: &Report,
    fail_under: Option<f64>,
    floors: &BTreeMap<String, f64>,
) -> Option<String> {
    let basis = report.coverage_basis.name();
    if let Some(min) = fail_under {
        if report.summary.coverage_pct + 1e-9 < min {
            return Some(format!(
                "coverage is {:.1}% ({} of {} endpoints {basis}), under --fail-under {}%",
                report.summary.coverage_pct,
                report.summary.covered,
                report.summary.endpoints,
                fmt_num(min)
            ));
        }
    }
    for (name, min) in floors {
        let Some(c) = report.categories.iter().find(|c| &c.name == name) else {
            continue;
        };
        if c.coverage_pct + 1e-9 < *min {
            return Some(format!(
                "coverage of {name} is {:.1}% ({} of {} endpoints {basis}), under its floor of {}%",
                c.coverage_pct,
                c.covered,
                c.endpoints,
                fmt_num(*min)
            ));
        }
    }
    None
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}
