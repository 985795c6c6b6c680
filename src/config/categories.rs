//! `[categories]` of the configuration: category rules by name, and
//! `group_by`.

use serde::Deserialize;
use std::collections::BTreeMap;

/// A category rule: an endpoint is in the category when every given
/// condition holds.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CategoryRule {
    /// Human label for tables (defaults to the key).
    pub label: Option<String>,
    /// Regex the route path must match.
    pub path: Option<String>,
    /// Regex the route path must not match.
    pub exclude_path: Option<String>,
    /// Methods the endpoint must have (upper case).
    pub methods: Option<Vec<String>>,
    /// Regex on the view's dotted name.
    pub view: Option<String>,
    /// Regex on the route's namespaced name.
    pub name: Option<String>,
}

/// `[categories]`: category rules by name, and `group_by` (so no category
/// can be named `group_by`). Reads as the map of rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CategorySection {
    /// `"app"` or `"prefix:N"`: coverage rows per group too (see [`GroupBy`]).
    pub group_by: Option<String>,
    pub rules: BTreeMap<String, CategoryRule>,
}

impl std::ops::Deref for CategorySection {
    type Target = BTreeMap<String, CategoryRule>;
    fn deref(&self) -> &Self::Target {
        &self.rules
    }
}

impl std::ops::DerefMut for CategorySection {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.rules
    }
}

impl<'a> IntoIterator for &'a CategorySection {
    type Item = (&'a String, &'a CategoryRule);
    type IntoIter = std::collections::btree_map::Iter<'a, String, CategoryRule>;
    fn into_iter(self) -> Self::IntoIter {
        self.rules.iter()
    }
}

impl<'de> Deserialize<'de> for CategorySection {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = CategorySection;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a table of category rules")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<CategorySection, A::Error> {
                let mut out = CategorySection::default();
                while let Some(key) = map.next_key::<String>()? {
                    if key == "group_by" {
                        out.group_by = Some(map.next_value()?);
                    } else {
                        let rule: CategoryRule = map.next_value()?;
                        out.rules.insert(key, rule);
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(Visit)
    }
}

/// How `[categories] group_by` groups endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// The Django app: the first module of the view's dotted path.
    App,
    /// The first N segments of the path.
    Prefix(usize),
}

impl CategorySection {
    /// The grouping asked for; `Err` with the reason for a value that is
    /// neither `app` nor `prefix:N` (N at least 1).
    pub fn grouping(&self) -> Result<Option<GroupBy>, String> {
        let Some(g) = self.group_by.as_deref() else {
            return Ok(None);
        };
        if g == "app" {
            return Ok(Some(GroupBy::App));
        }
        match g.strip_prefix("prefix:").map(str::parse::<usize>) {
            Some(Ok(n)) if n >= 1 => Ok(Some(GroupBy::Prefix(n))),
            _ => Err(format!(
                "categories.group_by: expected \"app\" or \"prefix:N\" (N at least 1), got `{g}`"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_by_sits_beside_the_rules() {
        let c: CategorySection =
            toml::from_str("group_by = \"prefix:2\"\n[reports]\npath = 'rekap'\n").expect("parses");
        assert_eq!(c.grouping(), Ok(Some(GroupBy::Prefix(2))));
        assert_eq!(c["reports"].path.as_deref(), Some("rekap"));
        assert_eq!(c.len(), 1);
        let app: CategorySection = toml::from_str("group_by = \"app\"\n").expect("parses");
        assert_eq!(app.grouping(), Ok(Some(GroupBy::App)));
        assert_eq!(CategorySection::default().grouping(), Ok(None));
        for bad in ["prefix:0", "prefix:x", "apps", ""] {
            let c = CategorySection {
                group_by: Some(bad.into()),
                ..Default::default()
            };
            assert!(c.grouping().is_err(), "{bad}");
        }
        // A rule with a typo is still an error.
        assert!(toml::from_str::<CategorySection>("[reports]\npaht = 'x'\n").is_err());
    }
}
