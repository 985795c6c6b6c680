//! Text charts: sparklines and the compact timeline chart. A chart never
//! grows past the width it is given: longer series are downsampled, each
//! column showing the highest value of the points it stands for.

use crate::model::run::Timeline;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Eight-level sparkline of `values`, at most `width` characters. Values are
/// scaled to `scale_max` (100 for percentages) or, without it, to their own
/// maximum; a missing value is a space.
pub fn sparkline(values: &[Option<f64>], scale_max: Option<f64>, width: usize) -> String {
    let values = downsample(values, width.max(1));
    let max = scale_max.unwrap_or_else(|| values.iter().flatten().fold(0.0f64, |a, &b| a.max(b)));
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(v) if max <= 0.0 || !v.is_finite() => BARS[0],
            Some(v) => BARS[(((v / max).clamp(0.0, 1.0) * 7.0).round() as usize).min(7)],
        })
        .collect()
}

/// At most `width` values: the maximum of each run of consecutive points.
fn downsample(values: &[Option<f64>], width: usize) -> Vec<Option<f64>> {
    if values.len() <= width {
        return values.to_vec();
    }
    (0..width)
        .map(|i| {
            let from = i * values.len() / width;
            let to = ((i + 1) * values.len() / width).max(from + 1);
            values[from..to].iter().flatten().copied().reduce(f64::max)
        })
        .collect()
}

/// Per-second failures from the cumulative counts (the first point counts
/// whatever it already holds).
pub fn failures_per_interval(t: &Timeline) -> Vec<Option<f64>> {
    let mut prev: Option<(i64, u64)> = None;
    t.points
        .iter()
        .map(|p| {
            let out = match (p.failures, prev) {
                (Some(f), Some((pt, pf))) => {
                    let dt = p.t.saturating_sub(pt).max(1) as f64;
                    Some(f.saturating_sub(pf) as f64 / dt)
                }
                (Some(f), None) => Some(f as f64),
                (None, _) => p.failures_per_s,
            };
            if let Some(f) = p.failures {
                prev = Some((p.t, f));
            }
            out
        })
        .collect()
}

/// A compact text chart, `width` columns at most: one sparkline per series
/// with its range.
pub fn text_chart(t: &Timeline, width: u16) -> String {
    let users: Vec<Option<f64>> = t.points.iter().map(|p| p.users.map(|u| u as f64)).collect();
    let rps: Vec<Option<f64>> = t.points.iter().map(|p| p.rps).collect();
    let fails = failures_per_interval(t);
    let p95: Vec<Option<f64>> = t.points.iter().map(|p| p.p95_ms).collect();
    let max = |v: &[Option<f64>]| v.iter().flatten().fold(0.0f64, |a, &b| a.max(b));
    // Label column and "  max 123456.7 ms".
    let room = usize::from(width).saturating_sub(30).max(20);
    let mut out = String::new();
    for (label, series, unit) in [
        ("users", &users, ""),
        ("req/s", &rps, ""),
        ("fail/s", &fails, ""),
        ("p95", &p95, " ms"),
    ] {
        out.push_str(&format!(
            "  {label:<7}{}  max {}{unit}\n",
            sparkline(series, None, room),
            trim_num(max(series))
        ));
    }
    out.push_str(&format!("  {:<7}0 .. {} s\n", "time", t.duration_s));
    out.push_str(&format!("  {}\n", t.summary));
    out
}

fn trim_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_scales_to_its_maximum_or_the_given_one() {
        assert_eq!(
            sparkline(&[Some(0.0), Some(5.0), Some(10.0), None], None, 80),
            "▁▅█ "
        );
        assert_eq!(sparkline(&[Some(0.0), Some(0.0)], None, 80), "▁▁");
        assert_eq!(sparkline(&[], None, 80), "");
        assert_eq!(
            sparkline(&[Some(0.0), Some(50.0), Some(100.0)], Some(100.0), 80),
            "▁▅█"
        );
    }

    #[test]
    fn long_series_are_downsampled_to_the_width_keeping_peaks() {
        let mut v = vec![Some(1.0); 100_000];
        v[54_321] = Some(100.0);
        let s = sparkline(&v, None, 50);
        assert_eq!(s.chars().count(), 50);
        assert_eq!(s.chars().filter(|c| *c == '█').count(), 1);
    }
}
