//! The CI gates: coverage against `fail_under` and the per-category floors,
//! each judged and reported with where its floor was set.

use crate::model::report::{Gate, Report};

/// A floor and where it was set (`--fail-under`, `routecov.toml:3`).
#[derive(Debug, Clone)]
pub struct Floor {
    pub value: f64,
    pub source: String,
}

/// Every gate of `report`: the overall floor, then the category floors by
/// name. A category without endpoints has no coverage to judge.
pub fn gates(report: &Report, fail_under: Option<&Floor>, floors: &[(String, Floor)]) -> Vec<Gate> {
    let basis = report.coverage_basis.name();
    let mut out = Vec::new();
    if let Some(f) = fail_under {
        let s = &report.summary;
        out.push(judge(
            "fail_under".into(),
            s.coverage_pct,
            f,
            format!(
                "coverage is {:.1}% ({} of {} endpoints {basis})",
                s.coverage_pct, s.covered, s.endpoints
            ),
        ));
    }
    for (name, f) in floors {
        let Some(c) = report.categories.iter().find(|c| &c.name == name) else {
            continue;
        };
        if c.endpoints == 0 {
            continue;
        }
        out.push(judge(
            format!("floors.{name}"),
            c.coverage_pct,
            f,
            format!(
                "coverage of {} is {:.1}% ({} of {} endpoints {basis})",
                c.label, c.coverage_pct, c.covered, c.endpoints
            ),
        ));
    }
    out
}

fn judge(name: String, value: f64, floor: &Floor, what: String) -> Gate {
    let passed = value + 1e-9 >= floor.value;
    let verdict = if passed { "meets" } else { "is under" };
    Gate {
        message: format!(
            "{what}: {verdict} {name} {}% ({})",
            fmt_num(floor.value),
            floor.source
        ),
        name,
        value,
        limit: floor.value,
        source: floor.source.clone(),
        passed,
    }
}

/// The reasons of the failed gates, one a line; `None` when all passed.
pub fn failed(gates: &[Gate]) -> Option<String> {
    let failed: Vec<&str> = gates
        .iter()
        .filter(|g| !g.passed)
        .map(|g| g.message.as_str())
        .collect();
    (!failed.is_empty()).then(|| failed.join("\n"))
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}
