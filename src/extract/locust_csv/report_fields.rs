//! Fields of one entry of Locust's JSON and HTML reports, read leniently:
//! a missing field is absent, a field of the wrong type is absent with a
//! warning naming the file, the line and the field.

use crate::diagnostics::Warning;
use serde_json::{Map, Value};

/// One JSON object of a report with where it is.
pub(super) struct Fields<'a> {
    pub(super) file: &'a str,
    pub(super) line: usize,
    pub(super) object: &'a Map<String, Value>,
}

impl Fields<'_> {
    fn bad(&self, key: &str, value: &Value, warnings: &mut Vec<Warning>) {
        let mut shown = value.to_string();
        if shown.len() > 60 {
            let cut = (0..=60)
                .rev()
                .find(|i| shown.is_char_boundary(*i))
                .unwrap_or(0);
            shown.truncate(cut);
            shown.push_str("...");
        }
        warnings.push(Warning::new(
            self.file,
            self.line,
            format!("\"{key}\" is {shown}, not a number; left empty"),
        ));
    }

    /// A finite number; `null` is absent without a warning.
    pub(super) fn float(&self, key: &str, warnings: &mut Vec<Warning>) -> Option<f64> {
        match self.object.get(key)? {
            Value::Null => None,
            Value::Number(n) => match n.as_f64().filter(|v| v.is_finite()) {
                Some(v) => Some(v),
                None => {
                    self.bad(key, &Value::Number(n.clone()), warnings);
                    None
                }
            },
            other => {
                self.bad(key, other, warnings);
                None
            }
        }
    }

    /// A count: a whole number, not negative.
    pub(super) fn count(&self, key: &str, warnings: &mut Vec<Warning>) -> Option<u64> {
        let v = self.float(key, warnings)?;
        if v >= 0.0 && v.fract() == 0.0 && v < u64::MAX as f64 {
            Some(v as u64)
        } else {
            let shown = self.object.get(key).cloned().unwrap_or(Value::Null);
            self.bad(key, &shown, warnings);
            None
        }
    }

    /// Text; a number is written out, `null` and other types are absent.
    pub(super) fn text(&self, key: &str) -> Option<String> {
        match self.object.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// The method of an entry, upper case; `None` when empty (Locust's
    /// Aggregated entry).
    pub(super) fn method(&self) -> Option<String> {
        super::cells::method_cell(self.text("method"))
    }
}

/// The 1-based line where each element of the top-level array (or of the
/// array that is the value of `key`, wherever it sits) opens, in order:
/// serde keeps no positions, and a warning must name the line.
pub(super) fn element_lines(text: &str, start_line: usize) -> Vec<usize> {
    let mut lines = Vec::new();
    let (mut line, mut depth) = (start_line, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            if c == '\n' {
                line += 1;
            }
            continue;
        }
        match c {
            '\n' => line += 1,
            '"' => in_string = true,
            '[' | '{' => {
                if depth == 1 && c == '{' {
                    lines.push(line);
                }
                depth += 1;
            }
            ']' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_lines_skip_braces_in_strings() {
        let text = "[\n  {\"name\": \"/a{b}\\\"[\"},\n\n  {\"x\": {\"y\": 1}}\n]";
        assert_eq!(element_lines(text, 1), vec![2, 4]);
    }

    #[test]
    fn counts_refuse_fractions_and_negatives_with_a_warning() {
        let v: Value = serde_json::json!({"a": 3, "b": -1, "c": 2.5, "d": "x", "e": null});
        let object = v.as_object().expect("an object");
        let f = Fields {
            file: "r.json",
            line: 7,
            object,
        };
        let mut w = Vec::new();
        assert_eq!(f.count("a", &mut w), Some(3));
        assert_eq!(f.count("b", &mut w), None);
        assert_eq!(f.count("c", &mut w), None);
        assert_eq!(f.count("d", &mut w), None);
        assert_eq!(f.count("e", &mut w), None);
        assert_eq!(f.count("missing", &mut w), None);
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w[0].to_string().contains("r.json:7"), "{}", w[0]);
    }
}
