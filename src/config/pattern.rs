//! A regular expression of the configuration, compiled once, when the
//! configuration is read: a bad one is an error at load (naming its key and
//! line), and the stages after use the compiled expression as it is.

use regex::Regex;
use serde::{Deserialize, Deserializer};

#[derive(Debug, Clone)]
pub struct Pattern(Regex);

impl Pattern {
    pub fn new(source: &str) -> Result<Pattern, regex::Error> {
        Regex::new(source).map(Pattern)
    }

    pub fn regex(&self) -> &Regex {
        &self.0
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

/// Two patterns are the same configuration when their sources are.
impl PartialEq for Pattern {
    fn eq(&self, other: &Pattern) -> bool {
        self.as_str() == other.as_str()
    }
}

/// What [`super::load_file`] recognises, to name the key of the error.
pub(super) const INVALID: &str = "invalid regex";

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Pattern, D::Error> {
        let source = String::deserialize(d)?;
        Pattern::new(&source)
            .map_err(|e| serde::de::Error::custom(format!("{INVALID} `{source}`: {e}")))
    }
}

/// A regular expression of the program's own (not of the configuration),
/// compiled the first time it is used, or ahead of that by a caller that
/// has a core to spare.
pub struct StaticRegex {
    source: &'static str,
    compiled: std::sync::OnceLock<Option<Regex>>,
}

impl StaticRegex {
    pub const fn new(source: &'static str) -> StaticRegex {
        StaticRegex {
            source,
            compiled: std::sync::OnceLock::new(),
        }
    }

    /// The compiled regex (`None` only if its source were invalid, which
    /// the tests of its users rule out).
    pub fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| Regex::new(self.source).ok())
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_by_source() {
        assert_eq!(Pattern::new("a+").ok(), Pattern::new("a+").ok());
        assert_ne!(Pattern::new("a+").ok(), Pattern::new("a*").ok());
        assert!(Pattern::new("(").is_err());
    }
}
