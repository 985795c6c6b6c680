//! A stats entry's response times as Locust keeps them: a count per
//! rounded time (its `response_times` dict: times under 100 ms to the
//! millisecond, then to two significant digits, so 147 ms counts as 150).
//! Locust's `--json` report carries it for every entry; with it, the
//! percentiles of several entries taken together are exact, as Locust's own
//! Aggregated row is, instead of the busiest entry's.

use serde::Serialize;

/// Counts per rounded response time, in milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Histogram {
    /// `(milliseconds, count)`, ascending by time, each time once.
    buckets: Vec<(u64, u64)>,
}

impl Histogram {
    /// From `(milliseconds, count)` pairs in any order; equal times are
    /// added up and empty buckets dropped.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (u64, u64)>) -> Histogram {
        let mut buckets: Vec<(u64, u64)> = pairs.into_iter().filter(|p| p.1 > 0).collect();
        buckets.sort_unstable();
        buckets.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 = kept.1.saturating_add(later.1);
            }
            same
        });
        Histogram { buckets }
    }

    /// The requests with a response time.
    pub fn count(&self) -> u64 {
        self.buckets.iter().fold(0u64, |n, b| n.saturating_add(b.1))
    }

    /// Both histograms' requests together.
    pub fn merged<'a>(all: impl IntoIterator<Item = &'a Histogram>) -> Histogram {
        Histogram::from_pairs(all.into_iter().flat_map(|h| h.buckets.iter().copied()))
    }

    /// All the histograms taken together; `None` when one is missing (a
    /// row read from a CSV file has none), or there are none.
    pub fn of_all<'a>(all: impl IntoIterator<Item = Option<&'a Histogram>>) -> Option<Histogram> {
        let all: Vec<&Histogram> = all.into_iter().collect::<Option<_>>()?;
        (!all.is_empty()).then(|| Histogram::merged(all))
    }

    /// The response time within which `percent` per cent of the requests
    /// finished, computed as Locust's `calculate_response_time_percentile`
    /// does (walking down from the slowest bucket), so that a value read
    /// from a histogram equals the one Locust writes in its CSV; `None`
    /// without requests.
    pub fn percentile(&self, percent: f64) -> Option<f64> {
        let total = self.count();
        if total == 0 {
            return None;
        }
        // `int(num_requests * percent)` in Locust, with its fraction as the
        // decimal literal Python holds (0.999, not 99.9 / 100).
        let below = (total as f64 * fraction(percent)) as u64;
        let mut processed = 0u64;
        for &(ms, n) in self.buckets.iter().rev() {
            processed = processed.saturating_add(n);
            if total - processed.min(total) <= below {
                return Some(ms as f64);
            }
        }
        Some(0.0)
    }

    /// Locust's median column: the 50th percentile kept within the
    /// entry's exact minimum and maximum (the buckets are rounded).
    pub fn median(&self, min_ms: Option<f64>, max_ms: Option<f64>) -> Option<f64> {
        let m = self.percentile(50.0)?;
        Some(match (min_ms, max_ms) {
            (_, Some(max)) if m > max => max,
            (Some(min), _) if m < min => min,
            _ => m,
        })
    }
}

/// `percent` / 100 as the nearest double to the decimal fraction (95 ->
/// 0.95, 99.9 -> 0.999), which a division does not always give.
fn fraction(percent: f64) -> f64 {
    let text = format!("{percent}");
    let (int, dec) = text.split_once('.').unwrap_or((&text, ""));
    let digits = format!("{int:0>3}{dec}");
    let (whole, frac) = digits.split_at(digits.len() - dec.len() - 2);
    format!("{whole}.{frac}").parse().unwrap_or(percent / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_the_decimal_literals() {
        assert_eq!(fraction(95.0), 0.95);
        assert_eq!(fraction(99.9), 0.999);
        assert_eq!(fraction(99.99), 0.9999);
        assert_eq!(fraction(50.0), 0.5);
        assert_eq!(fraction(100.0), 1.0);
        assert_eq!(fraction(5.0), 0.05);
    }

    #[test]
    fn percentiles_walk_down_from_the_slowest_bucket() {
        // Locust's calculate_response_time_percentile({10: 5, 20: 4, 300: 1}, 10, p)
        // for p = 0.5, 0.6, 0.9, 0.95, 1.0 gives 20, 20, 300, 300, 300.
        let h = Histogram::from_pairs([(20, 4), (10, 5), (300, 1)]);
        assert_eq!(h.count(), 10);
        assert_eq!(h.percentile(50.0), Some(20.0));
        assert_eq!(h.percentile(60.0), Some(20.0));
        assert_eq!(h.percentile(90.0), Some(300.0));
        assert_eq!(h.percentile(95.0), Some(300.0));
        assert_eq!(h.percentile(100.0), Some(300.0));
        assert_eq!(Histogram::default().percentile(50.0), None);
    }

    #[test]
    fn merging_adds_equal_buckets_and_the_median_stays_within_min_and_max() {
        let a = Histogram::from_pairs([(10, 2), (150, 1)]);
        let b = Histogram::from_pairs([(10, 1), (0, 0)]);
        let m = Histogram::merged([&a, &b]);
        assert_eq!(m, Histogram::from_pairs([(10, 3), (150, 1)]));
        // Locust gives 10 for {10: 3, 150: 1}; the exact minimum is above it.
        assert_eq!(m.percentile(50.0), Some(10.0));
        assert_eq!(m.median(Some(11.2), Some(147.0)), Some(11.2));
        let slow = Histogram::from_pairs([(150, 1)]);
        assert_eq!(slow.median(Some(147.0), Some(147.0)), Some(147.0));
    }
}
