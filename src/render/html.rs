//! One self-contained HTML page: inline CSS, a few lines of inline JS (table
//! sorting) and inline SVG charts; no external asset, font or network
//! request. Every string that comes from analysed files goes through
//! [`escape`] ([`super::escape::html`]). The output is deterministic (no timestamps, no random ids).
//!
//! # Use from another renderer
//! Build the body as sections and wrap them into the page:
//!
//! ```
//! use routecov::render::html::{bar_chart, escape, page, section, sortable_table, Bar, Cell};
//! let chart = bar_chart(
//!     "Coverage by category",
//!     &[Bar { label: "writes".into(), value: 40.0, text: "40%".into(), bad: true }],
//!     Some(100.0),
//! );
//! let table = sortable_table(
//!     &["Endpoint", "Requests"],
//!     &[vec![Cell::text("GET /a/"), Cell::num(3.0, "3")]],
//! );
//! let html = page(
//!     "routecov report",
//!     &escape("project: estimator"),
//!     &[section("Coverage", &format!("{chart}{table}"))],
//! );
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! ```
//!
//! `page`'s `subtitle` and sections are HTML: escape what you put in them.

use super::charts::failures_per_interval;
use crate::model::run::Timeline;
use std::fmt::Write;

/// Escapes text for HTML element content and quoted attribute values.
pub use super::escape::html as escape;

const CSS: &str = "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#1d2330;background:#fff}\
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d8dce3;padding-bottom:4px}\
.sub{color:#5b6472;margin-bottom:12px}.verdict{padding:10px 14px;border-radius:6px;font-weight:600;margin:12px 0}\
.ok{background:#e4f5e8;color:#145a26}.bad{background:#fde7e7;color:#8a1c1c}\
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #d8dce3;padding:4px 8px;text-align:left;vertical-align:top}\
th{background:#f1f3f6;cursor:pointer;user-select:none;white-space:nowrap}th.asc::after{content:' \\25B2'}th.desc::after{content:' \\25BC'}\
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}tr.bad td{background:#fff3f3}tr.warn td{background:#fffbe6}\
.chart{margin:8px 0 16px}.chart text{font-size:11px;fill:#333}.chart .t{font-size:13px;font-weight:600}\
.muted{color:#5b6472}td:last-child{min-width:14em}ul{margin:4px 0 8px 20px;padding:0}code{background:#f1f3f6;padding:0 3px;border-radius:3px}";

const JS: &str = "document.querySelectorAll('table.sortable').forEach(function(t){\
var hs=t.querySelectorAll('th');hs.forEach(function(h,i){h.addEventListener('click',function(){\
var asc=!h.classList.contains('asc');hs.forEach(function(x){x.classList.remove('asc','desc')});\
h.classList.add(asc?'asc':'desc');var b=t.tBodies[0];var rs=Array.prototype.slice.call(b.rows);\
rs.sort(function(a,c){var x=a.cells[i],y=c.cells[i];var p=x.getAttribute('data-sort'),q=y.getAttribute('data-sort');\
var r=(p!==null&&q!==null)?(parseFloat(p)-parseFloat(q)):x.textContent.localeCompare(y.textContent);return asc?r:-r;});\
rs.forEach(function(r){b.appendChild(r)});});});});";

/// The whole page. `subtitle` and `sections` are HTML (escape analysed text).
pub fn page(title: &str, subtitle: &str, sections: &[String]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n<div class=\"sub\">{subtitle}</div>\n",
        escape(title),
        escape(title)
    );
    for s in sections {
        out.push_str(s);
        out.push('\n');
    }
    let _ = write!(out, "<script>{JS}</script>\n</body>\n</html>\n");
    out
}

/// A titled section; `inner` is HTML.
pub fn section(title: &str, inner: &str) -> String {
    format!("<section>\n<h2>{}</h2>\n{inner}\n</section>", escape(title))
}

/// A verdict banner (`ok`: green, else red).
pub fn verdict(text: &str, ok: bool) -> String {
    format!(
        "<div class=\"verdict {}\">{}</div>",
        if ok { "ok" } else { "bad" },
        escape(text)
    )
}

/// A bulleted list of plain strings (escaped).
pub fn list(items: &[String]) -> String {
    if items.is_empty() {
        return "<p class=\"muted\">none</p>".to_string();
    }
    let mut out = String::from("<ul>");
    for i in items {
        let _ = write!(out, "<li>{}</li>", escape(i));
    }
    out.push_str("</ul>");
    out
}

/// One table cell: text (escaped) and, for numbers, the value sorted by.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub sort: Option<f64>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            sort: None,
        }
    }
    pub fn num(v: f64, text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            sort: Some(v),
        }
    }
    /// A number cell, empty (sorted first) when missing.
    pub fn opt(v: Option<f64>, text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            sort: Some(v.unwrap_or(-1.0)),
        }
    }
}

/// A table sorted by clicking its headers (numbers by value). A row whose
/// first cell starts with `!` is highlighted as bad (the `!` is dropped).
pub fn sortable_table(headers: &[&str], rows: &[Vec<Cell>]) -> String {
    let mut out = String::from("<table class=\"sortable\"><thead><tr>");
    for h in headers {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        let bad = r.first().is_some_and(|c| c.text.starts_with('!'));
        out.push_str(if bad { "<tr class=\"bad\">" } else { "<tr>" });
        for (i, c) in r.iter().enumerate() {
            let text = if i == 0 && bad {
                &c.text[1..]
            } else {
                &c.text[..]
            };
            match c.sort {
                Some(v) => {
                    let _ = write!(
                        out,
                        "<td class=\"n\" data-sort=\"{}\">{}</td>",
                        fmt_f(v),
                        escape(text)
                    );
                }
                None => {
                    let _ = write!(out, "<td>{}</td>", escape(text));
                }
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

fn fmt_f(v: f64) -> String {
    if v.is_finite() {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        "0".to_string()
    }
}

/// One bar of [`bar_chart`].
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Shown at the end of the bar.
    pub text: String,
    /// Drawn red.
    pub bad: bool,
}

/// A horizontal SVG bar chart; bars scale to `max` (or the largest value).
pub fn bar_chart(title: &str, bars: &[Bar], max: Option<f64>) -> String {
    let label_w = 330.0;
    let bar_w = 560.0;
    let row_h = 22.0;
    let width = label_w + bar_w + 230.0;
    let height = 28.0 + row_h * bars.len().max(1) as f64 + 6.0;
    let top = max
        .unwrap_or_else(|| bars.iter().map(|b| b.value).fold(0.0, f64::max))
        .max(1e-9);
    let mut out = format!(
        "<svg class=\"chart\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\"><title>{}</title><text class=\"t\" x=\"0\" y=\"16\">{}</text>",
        escape(title),
        escape(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 28.0 + row_h * i as f64;
        let w = (b.value.max(0.0) / top).min(1.0) * bar_w;
        let label: String = if b.label.chars().count() > 52 {
            let s: String = b.label.chars().take(51).collect();
            format!("{s}…")
        } else {
            b.label.clone()
        };
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect><text x=\"{}\" y=\"{}\">{}</text>",
            label_w - 6.0,
            y + 14.0,
            escape(&label),
            y + 3.0,
            fmt_f(w.max(1.0)),
            row_h - 6.0,
            if b.bad { "#d64545" } else { "#4a7bd0" },
            escape(&format!("{}: {}", b.label, b.text)),
            fmt_f(label_w + w + 6.0),
            y + 14.0,
            escape(&b.text)
        );
    }
    out.push_str("</svg>");
    out
}

/// One series of [`line_chart`].
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub color: String,
    pub points: Vec<(f64, f64)>,
}

/// An SVG line chart of one or more series over a shared x axis, with axis
/// ranges and a legend; `marker` draws a dashed vertical line at x.
pub fn line_chart(
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[Series],
    marker: Option<(f64, &str)>,
) -> String {
    let (w, h) = (880.0, 220.0);
    let (l, r, t, b) = (60.0, 150.0, 28.0, 34.0);
    let pw = w - l - r;
    let ph = h - t - b;
    let all = series.iter().flat_map(|s| s.points.iter());
    let x_max = all.clone().map(|p| p.0).fold(0.0, f64::max).max(1.0);
    let y_max = all.map(|p| p.1).fold(0.0, f64::max).max(1.0) * 1.05;
    let px = |x: f64| l + x / x_max * pw;
    let py = |y: f64| t + ph - y / y_max * ph;
    let mut out = format!(
        "<svg class=\"chart\" role=\"img\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"><title>{}</title><text class=\"t\" x=\"0\" y=\"16\">{}</text>",
        escape(title),
        escape(title)
    );
    let _ = write!(
        out,
        "<line x1=\"{l}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#888\"/><line x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{}\" stroke=\"#888\"/>\
<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>\
<text x=\"{l}\" y=\"{}\">0</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
        t + ph,
        l + pw,
        t + ph,
        t + ph,
        l - 4.0,
        t + 4.0,
        fmt_f((y_max / 1.05 * 10.0).round() / 10.0),
        l - 4.0,
        t + ph,
        t + ph + 14.0,
        l + pw,
        t + ph + 14.0,
        fmt_f(x_max),
        l + pw / 2.0,
        t + ph + 28.0,
        escape(x_label),
        l - 4.0,
        t + 16.0,
        escape(y_label)
    );
    if let Some((x, label)) = marker {
        let _ = write!(
            out,
            "<line x1=\"{0}\" y1=\"{t}\" x2=\"{0}\" y2=\"{1}\" stroke=\"#d64545\" stroke-dasharray=\"4 3\"/><text x=\"{2}\" y=\"{3}\" fill=\"#d64545\">{4}</text>",
            fmt_f(px(x)),
            t + ph,
            fmt_f(px(x) + 4.0),
            t + 12.0,
            escape(label)
        );
    }
    for (i, s) in series.iter().enumerate() {
        let pts: Vec<String> = s
            .points
            .iter()
            .map(|(x, y)| format!("{},{}", fmt_f(px(*x)), fmt_f(py(*y))))
            .collect();
        let color = escape(&s.color);
        let _ = write!(
            out,
            "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{}\"/>",
            pts.join(" ")
        );
        let ly = t + 10.0 + 18.0 * i as f64;
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"4\" fill=\"{color}\"/><text x=\"{}\" y=\"{}\">{}</text>",
            l + pw + 12.0,
            ly - 4.0,
            l + pw + 30.0,
            ly + 1.0,
            escape(&s.name)
        );
    }
    out.push_str("</svg>");
    out
}

/// The timeline as three SVG line charts: users, req/s and failures/s, p95;
/// the first failure marked on each.
pub fn timeline_charts(title: &str, tl: &Timeline) -> String {
    let pts = |f: &dyn Fn(usize) -> Option<f64>| -> Vec<(f64, f64)> {
        tl.points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| f(i).map(|v| (p.t as f64, v)))
            .collect()
    };
    let fails = failures_per_interval(tl);
    let marker = tl.first_failure_s.map(|s| (s as f64, "first failure"));
    let users = line_chart(
        &format!("{title}: users"),
        "seconds",
        "users",
        &[Series {
            name: "users".into(),
            color: "#4a7bd0".into(),
            points: pts(&|i| tl.points[i].users.map(|u| u as f64)),
        }],
        marker,
    );
    let rates = line_chart(
        &format!("{title}: requests and failures per second"),
        "seconds",
        "per s",
        &[
            Series {
                name: "req/s".into(),
                color: "#2e9b57".into(),
                points: pts(&|i| tl.points[i].rps),
            },
            Series {
                name: "failures/s".into(),
                color: "#d64545".into(),
                points: pts(&|i| fails.get(i).copied().flatten()),
            },
        ],
        marker,
    );
    let p95 = line_chart(
        &format!("{title}: p95"),
        "seconds",
        "ms",
        &[Series {
            name: "p95 ms".into(),
            color: "#b06a00".into(),
            points: pts(&|i| tl.points[i].p95_ms),
        }],
        marker,
    );
    format!(
        "<p>{}</p>\n<div>{users}</div>\n<div>{rates}</div>\n<div>{p95}</div>",
        escape(&tl.summary)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_matters() {
        let t = sortable_table(&["a"], &[vec![Cell::text("<b>")]]);
        assert!(t.contains("&lt;b&gt;") && !t.contains("<b>"));
        let c = bar_chart(
            "<t>",
            &[Bar {
                label: "<l>".into(),
                value: 1.0,
                text: "<x>".into(),
                bad: false,
            }],
            None,
        );
        assert!(!c.contains("<l>") && !c.contains("<x>") && !c.contains("<t>"));
    }
}
