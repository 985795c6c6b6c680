//! The CI gates: coverage against `fail_under` and the per-category floors,
//! each judged and reported with where its floor was set.

use crate::config::CoverageBasis;
use crate::model::report::{DepthCounts, Gate, Report};

/// A floor and where it was set (`--fail-under`, `routecov.toml:3`).
#[derive(Debug, Clone)]
pub struct Floor {
    pub value: f64,
    pub source: String,
}

/// What the gates count as covered and where that was chosen.
#[derive(Debug, Clone, Default)]
pub struct GateBasis {
    pub basis: CoverageBasis,
    /// `--coverage-basis`, `routecov.toml:2`; `None` for the default.
    pub source: Option<String>,
}

/// What one gate measures: the percentage, the count covered and the words.
struct Measure {
    pct: f64,
    covered: usize,
    basis: String,
}

/// Load-tested figures when the basis asks for them and the report has a
/// run; the report's own coverage otherwise.
fn measure(
    gb: &GateBasis,
    depth: Option<&DepthCounts>,
    pct: f64,
    covered: usize,
    report: &Report,
    min_samples: u64,
) -> Measure {
    match (gb.basis, depth) {
        (CoverageBasis::LoadTested, Some(d)) => Measure {
            pct: d.load_tested_pct,
            covered: d.load_tested,
            basis: format!(
                "load-tested, at least {min_samples} requests{}",
                gb.source
                    .as_ref()
                    .map_or_else(String::new, |s| format!("; coverage_basis from {s}"))
            ),
        },
        _ => Measure {
            pct,
            covered,
            basis: report.coverage_basis.name().to_string(),
        },
    }
}

/// Every gate of `report`: the overall floor, then the category floors by
/// name, on `gb`'s basis. A category without endpoints has no coverage to judge.
pub fn gates(
    report: &Report,
    fail_under: Option<&Floor>,
    floors: &[(String, Floor)],
    gb: &GateBasis,
) -> Vec<Gate> {
    let min = report.min_samples.unwrap_or_default();
    let mut out = Vec::new();
    if let Some(f) = fail_under {
        let s = &report.summary;
        let m = measure(gb, s.depth.as_ref(), s.coverage_pct, s.covered, report, min);
        out.push(judge(
            "fail_under".into(),
            &m,
            f,
            format!(
                "coverage is {:.1}% ({} of {} endpoints {})",
                m.pct, m.covered, s.endpoints, m.basis
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
        let m = measure(gb, c.depth.as_ref(), c.coverage_pct, c.covered, report, min);
        out.push(judge(
            format!("floors.{name}"),
            &m,
            f,
            format!(
                "coverage of {} is {:.1}% ({} of {} endpoints {})",
                c.label, m.pct, m.covered, c.endpoints, m.basis
            ),
        ));
    }
    out
}

fn judge(name: String, m: &Measure, floor: &Floor, what: String) -> Gate {
    let value = m.pct;
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
        basis: if m.basis.starts_with("load-tested") {
            "load_tested".into()
        } else {
            m.basis.clone()
        },
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
