//! Locust's tag filter (`filter_tasks_by_tags`): `--tags` keeps tasks with
//! one of the tags (untagged tasks go), `--exclude-tags` drops tasks with one
//! of them (untagged tasks stay), and a TaskSet stays while any task of it
//! stays (a MarkovTaskSet always does). Locust rewrites each holder's `tasks`
//! list; the kept entries are computed here per holder.

use super::classes::{Classes, Entry, Key, Kind};
use crate::diagnostics::Diagnostics;
use crate::python::value::ClassRef;
use crate::python::Interp;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

/// `--tags` and `--exclude-tags`; `None` means the option is not in force.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub tags: Option<BTreeSet<String>>,
    pub exclude: Option<BTreeSet<String>>,
}

impl Filter {
    /// The filter `--tags` and `--exclude-tags` ask for.
    pub fn from_options(tags: &Option<Vec<String>>, exclude: &Option<Vec<String>>) -> Filter {
        Filter {
            tags: tag_set(tags),
            exclude: tag_set(exclude),
        }
    }

    /// Whether a callable with `tags` passes.
    pub fn passes_tags(&self, tags: &BTreeSet<String>) -> bool {
        let mut ok = true;
        if let Some(t) = &self.tags {
            ok &= !tags.is_disjoint(t);
        }
        if let Some(x) = &self.exclude {
            ok &= tags.is_disjoint(x);
        }
        ok
    }

    pub fn is_active(&self) -> bool {
        self.tags.is_some() || self.exclude.is_some()
    }
}

/// Non-empty values, or `None` (Locust ignores `--tags` given no values).
fn tag_set(v: &Option<Vec<String>>) -> Option<BTreeSet<String>> {
    match v {
        Some(v) if !v.is_empty() => Some(v.iter().cloned().collect()),
        _ => None,
    }
}

/// Kept entries of each holder under one filter.
#[derive(Default)]
pub struct Kept {
    memo: HashMap<Key, Rc<HashSet<Key>>>,
    in_progress: HashSet<Key>,
}

impl Kept {
    /// The keys of the entries of `c`'s `tasks` that survive the filter.
    pub fn kept(
        &mut self,
        classes: &mut Classes,
        it: &mut Interp,
        diags: &mut Diagnostics,
        filter: &Filter,
        c: &ClassRef,
    ) -> Rc<HashSet<Key>> {
        let key = Classes::class_key(c);
        if let Some(k) = self.memo.get(&key) {
            return k.clone();
        }
        if !self.in_progress.insert(key.clone()) {
            // A TaskSet inside itself: Locust would recurse without end;
            // here the inner occurrence keeps nothing.
            return Rc::new(HashSet::new());
        }
        let h = classes.holder(it, diags, c);
        let mut out = HashSet::new();
        let empty = BTreeSet::new();
        for (e, _) in &h.tasks {
            let k = classes.entry_key(it, e);
            if out.contains(&k) {
                continue;
            }
            let pass = match e {
                Entry::Func(_) => {
                    let tags = classes.tags.get(&k).unwrap_or(&empty).clone();
                    filter.passes_tags(&tags)
                }
                Entry::Class(ts) => match classes.kind(it, diags, ts).0 {
                    Kind::Markov => true,
                    Kind::Plain => filter.passes_tags(&empty),
                    _ => !self.kept(classes, it, diags, filter, ts).is_empty(),
                },
                Entry::Other(_) => filter.passes_tags(&empty),
            };
            if pass {
                out.insert(k);
            }
        }
        self.in_progress.remove(&key);
        let out = Rc::new(out);
        self.memo.insert(key, out.clone());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(xs: &[&str]) -> BTreeSet<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn tags_and_exclude_tags_follow_locust() {
        let f = Filter {
            tags: Some(set(&["api", "page"])),
            exclude: Some(set(&["export"])),
        };
        assert!(f.passes_tags(&set(&["api"])));
        assert!(!f.passes_tags(&set(&[])), "--tags drops untagged tasks");
        assert!(!f.passes_tags(&set(&["api", "export"])));
        let x = Filter {
            tags: None,
            exclude: Some(set(&["export"])),
        };
        assert!(
            x.passes_tags(&set(&[])),
            "--exclude-tags keeps untagged tasks"
        );
    }
}
