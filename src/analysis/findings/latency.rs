//! The shape of an endpoint's response times: outliers far above its p95, and
//! a mean far above its median (bimodal).

use super::format::{fmt_ms, fmt_ratio, round};
use super::ranking::{finding, Ranked, Row};
use crate::config::Thresholds;
use crate::model::findings::FindingKind;

pub(super) fn outliers(rows: &[Row], t: &Thresholds) -> Vec<Ranked> {
    rows.iter()
        .filter(|r| r.stats.requests >= t.min_requests())
        .filter_map(|r| {
            let s = r.stats;
            let (p95, max) = (s.p95()?, s.max_ms?);
            // Locust rounds percentiles; a 0 ms p95 counts as 1 ms.
            let ratio = max / p95.max(1.0);
            if !ratio.is_finite() || ratio < t.outlier_ratio() || max < t.outlier_min_ms() {
                return None;
            }
            let message = format!(
                "{} has a maximum of {}, {} its p95 of {} ({} requests): a few requests took far longer than the rest",
                r.label,
                fmt_ms(max),
                fmt_ratio(ratio),
                fmt_ms(p95),
                s.requests
            );
            let mut f = finding(FindingKind::Outlier, message, vec![r.label.clone()]);
            f.numbers.requests = Some(s.requests);
            f.numbers.p95_ms = Some(round(p95, 1));
            f.numbers.max_ms = Some(round(max, 1));
            f.numbers.ratio = Some(round(ratio, 2));
            Some(r.ranked(ratio, f))
        })
        .collect()
}

pub(super) fn bimodal(rows: &[Row], t: &Thresholds) -> Vec<Ranked> {
    rows.iter()
        .filter(|r| r.stats.requests >= t.min_requests())
        .filter_map(|r| {
            let s = r.stats;
            let median = s.median_ms.or_else(|| s.p50())?;
            let average = s.average_ms?;
            if median <= 0.0 {
                return None;
            }
            let ratio = average / median;
            if !ratio.is_finite() || ratio < t.bimodal_ratio() || average - median < t.bimodal_min_gap_ms() {
                return None;
            }
            let p95 = s.p95();
            let p95_text = p95.map(|p| format!(", p95 {}", fmt_ms(p))).unwrap_or_default();
            let message = format!(
                "{} is bimodal: its mean of {} is {} its median of {} ({} requests{p95_text}), so some requests take a much slower path than most",
                r.label,
                fmt_ms(average),
                fmt_ratio(ratio),
                fmt_ms(median),
                s.requests
            );
            let mut f = finding(FindingKind::Bimodal, message, vec![r.label.clone()]);
            f.numbers.requests = Some(s.requests);
            f.numbers.median_ms = Some(round(median, 1));
            f.numbers.average_ms = Some(round(average, 1));
            f.numbers.ratio = Some(round(ratio, 2));
            if let Some(p) = p95 {
                f.numbers.p95_ms = Some(round(p, 1));
            }
            Some(r.ranked(ratio, f))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn outlier_edges() {
        // max / p95 exactly 10 with max exactly 1000 ms: reported.
        let at = times(row("GET", "/at/", 5, 0), 50.0, 60.0, 100.0, 1000.0);
        // Ratio high but max below outlier_min_ms.
        let small = times(row("GET", "/small/", 50, 0), 5.0, 6.0, 10.0, 999.0);
        // Too few requests.
        let few = times(row("GET", "/few/", 4, 0), 50.0, 60.0, 100.0, 5000.0);
        // Ratio just below.
        let below = times(row("GET", "/below/", 50, 0), 50.0, 60.0, 101.0, 1000.0);
        let big = times(row("GET", "/big/", 500, 0), 50.0, 900.0, 110.0, 117_069.0);
        let r = run(vec![at, small, few, below, big], Vec::new());
        let fs = find(&r, &Thresholds::default(), &label);
        let o = of_kind(&fs, FindingKind::Outlier);
        assert_eq!(o.len(), 2, "{fs:#?}");
        assert_eq!(o[0].endpoints, vec!["GET /big/"]);
        assert_eq!(o[0].numbers.ratio, Some(1064.26));
        assert_eq!(
            o[0].message,
            "GET /big/ has a maximum of 117.1 s, 1064× its p95 of 110 ms (500 requests): a few requests took far longer than the rest"
        );
        assert_eq!(o[1].endpoints, vec!["GET /at/"]);
        assert_eq!(o[1].numbers.p95_ms, Some(100.0));
        assert_eq!(o[1].numbers.max_ms, Some(1000.0));
    }

    #[test]
    fn bimodal_edges() {
        let at = times(row("GET", "/at/", 5, 0), 10.0, 20.0, 40.0, 50.0);
        let below = times(row("GET", "/below/", 50, 0), 10.0, 19.9, 40.0, 50.0);
        let few = times(row("GET", "/few/", 4, 0), 10.0, 90.0, 400.0, 500.0);
        let rab = times(
            row("GET", "/detail_project/[id]/rekap-rab/", 13, 0),
            55.0,
            212.77,
            650.0,
            652.0,
        );
        let r = run(vec![at, below, few, rab], Vec::new());
        // By default a gap of 10 ms between mean and median is no finding.
        let fs = find(&r, &Thresholds::default(), &label);
        assert_eq!(of_kind(&fs, FindingKind::Bimodal).len(), 1, "{fs:#?}");
        let no_gap = Thresholds {
            bimodal_min_gap_ms: Some(0.0),
            ..Thresholds::default()
        };
        let fs = find(&r, &no_gap, &label);
        let b = of_kind(&fs, FindingKind::Bimodal);
        assert_eq!(b.len(), 2, "{fs:#?}");
        assert_eq!(b[0].endpoints, vec!["GET /detail_project/[id]/rekap-rab/"]);
        assert_eq!(b[0].numbers.median_ms, Some(55.0));
        assert_eq!(b[0].numbers.average_ms, Some(212.8));
        assert_eq!(b[0].numbers.p95_ms, Some(650.0));
        assert_eq!(b[0].numbers.ratio, Some(3.87));
        assert_eq!(
            b[0].message,
            "GET /detail_project/[id]/rekap-rab/ is bimodal: its mean of 213 ms is 3.9× its median of 55 ms (13 requests, p95 650 ms), so some requests take a much slower path than most"
        );
        assert_eq!(b[1].endpoints, vec!["GET /at/"]);
        let t = Thresholds {
            bimodal_ratio: Some(2.5),
            min_requests: Some(4),
            bimodal_min_gap_ms: Some(0.0),
            ..Thresholds::default()
        };
        let fs = find(&r, &t, &label);
        let names: Vec<_> = of_kind(&fs, FindingKind::Bimodal)
            .iter()
            .map(|f| f.endpoints[0].clone())
            .collect();
        assert_eq!(
            names,
            vec!["GET /few/", "GET /detail_project/[id]/rekap-rab/"]
        );
    }
}
