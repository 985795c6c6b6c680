//! The numbers a gate or a finding compares against: finite, in range.
//! Flags use the same checks as the configuration.

/// A percentage gate (`fail_under`, a floor, a success rate): finite, 0 to 100.
pub fn check_percent(v: f64) -> Result<f64, String> {
    if v.is_finite() && (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("must be a percentage from 0 to 100, not {v}"))
    }
}

/// A threshold or limit (ms, a ratio, req/s): finite and not negative.
pub fn check_limit(v: f64) -> Result<f64, String> {
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(format!("must be a finite number of at least 0, not {v}"))
    }
}

/// `--fail-under`-style flags: a percentage as [`check_percent`] accepts it.
pub fn parse_percent(s: &str) -> Result<f64, String> {
    let v: f64 = s.trim().parse().map_err(|e| format!("not a number: {e}"))?;
    check_percent(v)
}

/// A limit flag (`--max-p95-ms`) as [`check_limit`] accepts it.
pub fn parse_limit(s: &str) -> Result<f64, String> {
    let v: f64 = s.trim().parse().map_err(|e| format!("not a number: {e}"))?;
    check_limit(v)
}
