//! Warnings about the tag filter and spawning: tags no task carries, users
//! left without tasks, no user to spawn.

use super::extraction::Extraction;
use crate::model::UserClass;
use std::collections::BTreeSet;

impl Extraction {
    /// Warnings about the tag filter: tags no task carries, users left
    /// without tasks, no user to spawn.
    pub fn filter_warnings(&mut self, users: &[UserClass], locustfile: &str) {
        let all: BTreeSet<String> = self
            .classes
            .tags
            .values()
            .flat_map(|t| t.iter().cloned())
            .collect();
        let checks = [
            (&self.filter.tags, "--tags", "selects nothing"),
            (&self.filter.exclude, "--exclude-tags", "excludes nothing"),
        ];
        let mut out = Vec::new();
        for (given, flag, effect) in checks {
            let Some(given) = given else { continue };
            for t in given {
                if all.contains(t) {
                    continue;
                }
                let mut msg = format!("{flag} {t:?}: no task carries this tag, so it {effect}");
                if t.contains(',') {
                    let parts: Vec<&str> = t
                        .split(',')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .collect();
                    msg.push_str(&format!(
                        "; Locust takes tags separated by spaces, not commas: {flag} {}",
                        parts.join(" ")
                    ));
                }
                out.push(msg);
            }
        }
        for m in out {
            self.diags.warn_at(locustfile, 0, m);
        }
        for u in users {
            if !u.spawned || u.has_tasks_after_filter {
                continue;
            }
            let why = if self.filter.is_active() {
                "has no tasks left after tag filtering"
            } else {
                "has no tasks"
            };
            self.diags.warn_at(
                &u.source.file,
                u.source.line,
                format!(
                    "{0} {why}: Locust logs \"{0} had no tasks left after filtering, instantiating it will fail!\" and raises \"No tasks defined on {0}\" for every {0} it spawns; the run exits with code 1",
                    u.name
                ),
            );
        }
        let concrete: Vec<&UserClass> = users.iter().filter(|u| !u.is_abstract).collect();
        if !concrete.is_empty() && !concrete.iter().any(|u| u.spawned) {
            self.diags.warn_at(
                locustfile,
                0,
                "no user class has a weight or fixed_count above 0: Locust stops with \"There are no users with weight > 0.\"",
            );
        }
    }
}
