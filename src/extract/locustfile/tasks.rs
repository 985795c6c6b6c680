//! The tasks of a holder as model tasks: functions with their requests,
//! TaskSets with their nested tasks, weights from repeats in the `tasks`
//! list, and whether the tag filter keeps each.

use super::classes::{Classes, Entry, Holder, Key, Kind};
use super::extraction::{short, Extraction};
use crate::model::{Source, Task, TaskKind};
use crate::python::value::ClassRef;
use std::collections::{HashMap, HashSet};

/// How deep TaskSets may nest before the walk stops. Real load tests nest
/// a few levels; the bound is for generated code.
const MAX_NESTING: usize = 64;
/// Steps of a SequentialTaskSet listed in its `sequence`.
const MAX_SEQUENCE: usize = 10_000;

impl Extraction {
    /// The task entries of holder `h` for `user`.
    pub(super) fn entries(
        &mut self,
        h: &Holder,
        user: &ClassRef,
        parent_kept: bool,
        spawned: bool,
        depth: usize,
        path: &mut Vec<Key>,
    ) -> Vec<Task> {
        let kept = self.kept(&h.class);
        let mut out = Vec::new();
        let mut done: HashSet<Key> = HashSet::new();
        let mut weights: HashMap<Key, i64> = HashMap::new();
        for (e, n) in &h.tasks {
            let key = self.classes.entry_key(&mut self.it, e);
            let w = weights.entry(key).or_insert(0);
            *w = w.saturating_add(*n);
        }
        for e in h.tasks.iter().map(|(e, _)| e).chain(h.zero.iter()) {
            let key = self.classes.entry_key(&mut self.it, e);
            if !done.insert(key.clone()) {
                continue;
            }
            let weight = weights.get(&key).copied().unwrap_or(0);
            let weight_depends_on: Vec<String> = h
                .deps
                .get(&key)
                .map(|d| d.iter().cloned().collect())
                .unwrap_or_default();
            let kept_by_filter = parent_kept && kept.contains(&key);
            let enabled = kept_by_filter && spawned && weight > 0;
            let task = match e {
                Entry::Func(f) => {
                    let tags = self
                        .classes
                        .tags
                        .get(&key)
                        .map(|t| t.iter().cloned().collect())
                        .unwrap_or_default();
                    let requests = self.run(f, &h.class, user);
                    let interrupts = self.hooks.state.borrow().interrupts;
                    let def = self.it.function_node(f);
                    Task {
                        name: short(&f.qualname),
                        kind: TaskKind::Task,
                        weight,
                        weight_depends_on,
                        tags,
                        enabled,
                        kept_by_filter,
                        defined_in: f.qualname.clone(),
                        requests,
                        interrupts,
                        on_start: None,
                        tasks: None,
                        sequence: None,
                        wait_time: None,
                        source: Source {
                            file: self.file(&f.module),
                            line: crate::parsing::line_of(def),
                        },
                    }
                }
                Entry::Class(ts) => self.taskset(
                    ts,
                    user,
                    weight,
                    weight_depends_on,
                    kept_by_filter,
                    spawned,
                    depth,
                    path,
                ),
                Entry::Other(d) => Task {
                    name: d.clone(),
                    kind: TaskKind::Task,
                    weight,
                    weight_depends_on,
                    tags: Vec::new(),
                    enabled,
                    kept_by_filter,
                    defined_in: d.clone(),
                    requests: Vec::new(),
                    interrupts: false,
                    on_start: None,
                    tasks: None,
                    sequence: None,
                    wait_time: None,
                    source: Source {
                        file: h.file.clone(),
                        line: h.line,
                    },
                },
            };
            out.push(task);
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn taskset(
        &mut self,
        ts: &ClassRef,
        user: &ClassRef,
        weight: i64,
        weight_depends_on: Vec<String>,
        kept_by_filter: bool,
        spawned: bool,
        depth: usize,
        path: &mut Vec<Key>,
    ) -> Task {
        let (kind, _) = self.classes.kind(&mut self.it, &mut self.diags, ts);
        let key = Classes::class_key(ts);
        let sub = self.classes.holder(&mut self.it, &mut self.diags, ts);
        let file = self.file(&ts.module);
        let line = crate::parsing::line_of(ts.node);
        let task_kind = match kind {
            Kind::Sequential => TaskKind::SequentialTaskset,
            Kind::TaskSet | Kind::Markov => TaskKind::Taskset,
            _ => TaskKind::Task,
        };
        if kind == Kind::Markov {
            self.diags.warn_at(
                &file,
                line,
                format!(
                    "{} is a MarkovTaskSet; its transitions are not modelled",
                    ts.qualname
                ),
            );
        }
        let nested = if task_kind == TaskKind::Task {
            None
        } else if path.contains(&key) {
            self.diags.warn_at(
                &file,
                line,
                format!("{} contains itself; its tasks are listed once", ts.qualname),
            );
            Some(Vec::new())
        } else if depth >= MAX_NESTING {
            self.diags.warn_at(
                &file,
                line,
                format!(
                    "{} is nested more than {MAX_NESTING} TaskSets deep; its tasks are not listed",
                    ts.qualname
                ),
            );
            Some(Vec::new())
        } else {
            path.push(key);
            let t = self.entries(&sub, user, kept_by_filter, spawned, depth + 1, path);
            path.pop();
            Some(t)
        };
        let sequence = (kind == Kind::Sequential).then(|| {
            // The order Locust runs them in, repeats included, up to a bound.
            sub.tasks
                .iter()
                .flat_map(|(e, n)| {
                    let name = match e {
                        Entry::Func(f) => short(&f.qualname),
                        Entry::Class(c) => short(&c.qualname),
                        Entry::Other(d) => d.clone(),
                    };
                    std::iter::repeat_n(name, usize::try_from(*n).unwrap_or(0))
                })
                .take(MAX_SEQUENCE)
                .collect()
        });
        let on_start = if task_kind == TaskKind::Task {
            None
        } else {
            self.hook(ts, user)
        };
        let wait_time = self.classes.wait_time(&mut self.it, ts);
        Task {
            name: short(&ts.qualname),
            kind: task_kind,
            weight,
            weight_depends_on,
            tags: Vec::new(),
            enabled: kept_by_filter && spawned && weight > 0,
            kept_by_filter,
            defined_in: ts.qualname.clone(),
            requests: Vec::new(),
            interrupts: false,
            on_start,
            tasks: nested,
            sequence,
            wait_time,
            source: Source { file, line },
        }
    }
}
