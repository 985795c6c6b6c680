//! Numbers in messages: percentages, durations, ratios, rounding.

pub(super) fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => v[n / 2],
        _ => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

pub(super) fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

pub(super) fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `24.1%`, `46%`; never `100%` or `0%` for what is not exactly that.
pub(super) fn fmt_pct(p: f64) -> String {
    if p.fract() == 0.0 {
        return format!("{p:.0}%");
    }
    let one = format!("{p:.1}");
    if one == "100.0" || one == "0.0" {
        format!("{p:.2}%")
    } else {
        format!("{}%", one.trim_end_matches(".0"))
    }
}

/// `3.2 ms`, `655 ms`, `117.1 s`.
pub fn fmt_ms(ms: f64) -> String {
    if ms >= 10_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

/// `3.9×`, `1064×`.
pub(super) fn fmt_ratio(r: f64) -> String {
    if r >= 100.0 {
        format!("{r:.0}×")
    } else {
        format!("{r:.1}×")
    }
}

#[cfg(test)]
mod tests {
    use super::super::errors::clean_error;
    use super::*;

    #[test]
    fn formatting() {
        assert_eq!(fmt_pct(100.0), "100%");
        assert_eq!(fmt_pct(24.137), "24.1%");
        assert_eq!(fmt_pct(99.99), "99.99%");
        assert_eq!(fmt_pct(33.0 + 1.0 / 3.0), "33.3%");
        assert_eq!(fmt_pct(12.04), "12%");
        assert_eq!(fmt_ms(3.31), "3.3 ms");
        assert_eq!(fmt_ms(2003.96), "2004 ms");
        assert_eq!(fmt_ms(117_069.0), "117.1 s");
        assert_eq!(
            clean_error("HTTPError('503 Server Error: Service Unavailable for url: /x/')"),
            "HTTPError('503 Server Error: Service Unavailable')"
        );
    }
}
