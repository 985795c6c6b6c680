//! Findings in one or two lines each for the terminal: the endpoint, the
//! figures that make the finding and its errors shortened. The sentences that
//! explain each kind are in every other format.

use super::lines::short_error;
use crate::analysis::findings::fmt_ms;
use crate::model::findings::{Finding, FindingKind};
use crate::render::layout::NBSP;

/// A duration as the findings' messages write it, the unit kept on the
/// number's line.
fn ms(v: f64) -> String {
    fmt_ms(v).replace(' ', &NBSP.to_string())
}

/// Endpoints a timeout ceiling names before `and N more`.
const CEILING_NAMES: usize = 2;

/// An error of a finding without its ` (×N)` count, and the count.
fn counted(e: &str) -> (&str, &str) {
    e.strip_suffix(')')
        .and_then(|body| body.rsplit_once(" (×"))
        .filter(|(_, n)| n.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or((e, ""))
}

fn errors(f: &Finding) -> String {
    let list: Vec<String> = f
        .errors
        .iter()
        .map(|e| match counted(e) {
            (text, "") => short_error(text),
            (text, n) => format!("{} ×{n}", short_error(text)),
        })
        .collect();
    list.join("; ")
}

fn failures(f: &Finding) -> Option<String> {
    let n = &f.numbers;
    let (failed, requests) = (n.failures?, n.requests?);
    let share = if failed == requests {
        String::new()
    } else {
        format!(" ({})", super::lines::pct(n.failure_pct?))
    };
    let mut s = format!(
        "{}: {failed} of {requests} failed{share}",
        f.endpoints.first()?
    );
    let errors = errors(f);
    if !errors.is_empty() {
        s.push_str(", ");
        s.push_str(&errors);
    }
    Some(s)
}

fn latency(f: &Finding) -> Option<String> {
    let n = &f.numbers;
    let endpoint = f.endpoints.first()?;
    let ratio = n.ratio?;
    Some(match f.kind {
        FindingKind::Bimodal => format!(
            "{endpoint}: mean {} = {ratio:.1}× median {}, {} requests",
            ms(n.average_ms?),
            ms(n.median_ms?),
            n.requests?
        ),
        _ => format!(
            "{endpoint}: max {} = {ratio:.1}× p95 {}, {} requests",
            ms(n.max_ms?),
            ms(n.p95_ms?),
            n.requests?
        ),
    })
}

fn ceiling(f: &Finding) -> Option<String> {
    let n = &f.numbers;
    let mut names: Vec<&str> = f
        .per_endpoint
        .iter()
        .take(CEILING_NAMES)
        .map(|e| e.endpoint.as_str())
        .collect();
    let more = f.per_endpoint.len().saturating_sub(CEILING_NAMES);
    let more = format!("and {more} more");
    if f.per_endpoint.len() > CEILING_NAMES {
        names.push(&more);
    }
    let timeouts = match n.timeout_errors? {
        0 => String::new(),
        t => format!(", {t} timeouts ({})", errors(f)),
    };
    Some(format!(
        "{} endpoints end at about {}{timeouts}: {}",
        n.endpoints?,
        ms(n.value_ms?),
        names.join(", ")
    ))
}

fn auth(f: &Finding) -> Option<String> {
    let n = &f.numbers;
    Some(format!(
        "{} of {} login/auth attempts failed ({}), {}",
        n.failures?,
        n.requests?,
        super::lines::pct(n.failure_pct?),
        errors(f)
    ))
}

/// A request of the locustfile that will fail: where it is, and what the
/// run recorded of it.
fn request(f: &Finding) -> Option<String> {
    let at = f.source.as_ref()?;
    let endpoint = f.endpoints.first()?;
    let why = match f.kind {
        FindingKind::Unmatched => "matches no route (a 404)".to_string(),
        _ => format!(
            "its view rejects {} (a 405)",
            endpoint.split(' ').next().unwrap_or("the method")
        ),
    };
    let run = match (f.numbers.failures, f.numbers.requests) {
        (Some(failed), Some(requests)) => format!("; run: {failed} of {requests} failed"),
        _ => String::new(),
    };
    Some(format!("{endpoint} at {}:{}: {why}{run}", at.file, at.line))
}

/// The short form of a finding, or its message when the kind has none.
pub(super) fn line(f: &Finding) -> String {
    let short = match f.kind {
        FindingKind::AlwaysFailing | FindingKind::FailureRate => failures(f),
        FindingKind::Bimodal | FindingKind::Outlier => latency(f),
        FindingKind::TimeoutCeiling => ceiling(f),
        FindingKind::AuthFailures => auth(f),
        FindingKind::Unmatched | FindingKind::MethodMismatch => request(f),
        _ => None,
    };
    short.unwrap_or_else(|| {
        let mut message = f.message.clone();
        for e in &f.errors {
            let raw = counted(e).0;
            let short = short_error(raw);
            if short != raw {
                message = message.replace(raw, &short);
            }
        }
        message
    })
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn counts_come_off_errors_whole() {
        assert_eq!(
            counted("HTTPError('500 x') (×5)"),
            ("HTTPError('500 x')", "5")
        );
        assert_eq!(counted("Boom (a)"), ("Boom (a)", ""));
        assert_eq!(counted("Boom (×)"), ("Boom", ""));
    }
}
