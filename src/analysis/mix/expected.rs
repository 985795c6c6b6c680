//! The mix a locustfile intends, from its model alone, as Locust schedules:
//! a user picks one task of its `tasks` list at random, each entry as often
//! as its weight; a nested TaskSet, once picked, runs its `on_start` and then
//! picks its own tasks until one calls `interrupt()`; a SequentialTaskSet
//! runs its tasks in order, again and again, until one interrupts. A TaskSet
//! no task of which interrupts keeps its user for good.
//!
//! Every task pick counts as one step of the user's time (one wait), so the
//! long-run requests of a user class are its requests per pick; a task that
//! interrupts its TaskSet takes no wait, as Locust reschedules at once. Requests are
//! keyed by their address in the model, so a request a loop repeats counts
//! once per repeat.

use crate::model::{Request, Task, TaskKind, UserClass};
use std::collections::HashMap;

/// Expected requests by request (its address in the model).
pub type Rates = HashMap<usize, f64>;

/// The key of a request: its address, stable while the model is borrowed.
pub fn key(r: &Request) -> usize {
    std::ptr::from_ref(r) as usize
}

fn add(into: &mut Rates, from: &Rates, scale: f64) {
    if scale == 0.0 {
        return;
    }
    for (k, v) in from {
        *into.entry(*k).or_default() += v * scale;
    }
}

fn requests_of(list: &[Request]) -> Rates {
    let mut out = Rates::new();
    // Commented-out requests and those behind a flag that is off are never
    // sent; one behind a condition routecov cannot decide is taken as sent.
    for r in list.iter().filter(|r| r.active) {
        *out.entry(key(r)).or_default() += 1.0;
    }
    out
}

/// What running one entry of a tasks list once gives, in expectation.
#[derive(Debug, Clone, Default)]
struct Outcome {
    /// Probability that control comes back to the holder.
    back: f64,
    /// Requests made before coming back or being kept for good.
    requests: Rates,
    /// Task picks (steps of the user's time) the same way.
    picks: f64,
    /// Probability of being kept for good by a TaskSet, with its requests
    /// per pick from then on.
    kept: Vec<(f64, Rates)>,
}

/// One round of a holder: one pick of a TaskSet, or one pass of a
/// SequentialTaskSet's sequence.
#[derive(Default)]
struct Round {
    /// Probability the round ends by `interrupt()`.
    exit: f64,
    /// Probability the round ends with the holder still running.
    again: f64,
    requests: Rates,
    picks: f64,
    kept: Vec<(f64, Rates)>,
}

impl Round {
    fn take(&mut self, o: &Outcome, p: f64, interrupts: bool) {
        add(&mut self.requests, &o.requests, p);
        self.picks += p * o.picks;
        self.kept
            .extend(o.kept.iter().map(|(q, r)| (q * p, r.clone())));
        if interrupts {
            self.exit += p * o.back;
        } else {
            self.again += p * o.back;
        }
    }
}

/// Requests per pick of a round that repeats for good.
fn per_pick(round: &Round) -> Rates {
    let mut out = Rates::new();
    if round.picks > 0.0 {
        add(&mut out, &round.requests, 1.0 / round.picks);
    }
    out
}

/// A holder entered once: its `on_start`, then its round repeated until an
/// interrupt (geometric) or for good.
fn repeat(on_start: Rates, round: &Round) -> Outcome {
    if round.again >= 1.0 - 1e-12 {
        return Outcome {
            back: 0.0,
            requests: on_start,
            picks: 0.0,
            kept: vec![(1.0, per_pick(round))],
        };
    }
    let n = 1.0 / (1.0 - round.again);
    let mut requests = on_start;
    add(&mut requests, &round.requests, n);
    Outcome {
        back: n * round.exit,
        requests,
        picks: n * round.picks,
        kept: round.kept.iter().map(|(q, r)| (q * n, r.clone())).collect(),
    }
}

/// The entries Locust keeps in a `tasks` list: kept by the tag filter, with
/// a weight above 0.
fn kept(tasks: &[Task]) -> impl Iterator<Item = &Task> {
    tasks.iter().filter(|t| t.kept_by_filter && t.weight > 0)
}

fn outcome(t: &Task, depth: usize) -> Outcome {
    let on_start = t
        .on_start
        .as_ref()
        .map(|h| requests_of(&h.requests))
        .unwrap_or_default();
    let sub = t.tasks.as_deref().unwrap_or_default();
    // Deeper than any real locustfile: a cycle in the model ends here.
    if depth > 32 {
        return Outcome {
            back: 1.0,
            ..Outcome::default()
        };
    }
    match t.kind {
        TaskKind::Task => Outcome {
            back: 1.0,
            requests: requests_of(&t.requests),
            // `interrupt()` (rescheduling, its default) hands control back
            // without a wait: the parent picks its next task at once.
            picks: if t.interrupts { 0.0 } else { 1.0 },
            kept: Vec::new(),
        },
        TaskKind::Taskset => {
            let Some(round) = pick_round(sub, depth) else {
                // Locust raises on a TaskSet without tasks: back at once.
                return Outcome {
                    back: 1.0,
                    requests: on_start,
                    ..Outcome::default()
                };
            };
            repeat(on_start, &round)
        }
        TaskKind::SequentialTaskset => {
            let mut round = Round::default();
            let mut alive = 1.0;
            let order = t.sequence.clone().unwrap_or_default();
            for name in &order {
                let Some(e) = kept(sub).find(|e| &e.name == name) else {
                    continue;
                };
                let o = outcome(e, depth + 1);
                add(&mut round.requests, &o.requests, alive);
                round.picks += alive * o.picks;
                round
                    .kept
                    .extend(o.kept.iter().map(|(q, r)| (q * alive, r.clone())));
                if e.interrupts {
                    round.exit += alive * o.back;
                    alive = 0.0;
                    break;
                }
                alive *= o.back;
            }
            round.again = alive;
            if round.picks == 0.0 && round.exit == 0.0 {
                return Outcome {
                    back: 1.0,
                    requests: on_start,
                    ..Outcome::default()
                };
            }
            repeat(on_start, &round)
        }
    }
}

/// One random pick among `tasks` by weight; `None` when none is kept.
fn pick_round(tasks: &[Task], depth: usize) -> Option<Round> {
    let total: i64 = kept(tasks).map(|t| t.weight).sum();
    if total <= 0 {
        return None;
    }
    let mut round = Round::default();
    for t in kept(tasks) {
        let p = t.weight as f64 / total as f64;
        round.take(&outcome(t, depth + 1), p, t.interrupts);
    }
    Some(round)
}

/// A user class's requests per task pick in the long run (its own tasks
/// list never ends: an `interrupt()` there is taken as an ordinary task).
pub fn user_rates(u: &UserClass) -> Rates {
    let Some(mut round) = pick_round(&u.tasks, 0) else {
        return Rates::new();
    };
    round.again += round.exit;
    round.exit = 0.0;
    let kept_total: f64 = round.kept.iter().map(|(q, _)| q).sum();
    if kept_total > 1e-12 {
        // Sooner or later every user is kept by one TaskSet, each as likely
        // as its share of the round's probability of keeping.
        let mut out = Rates::new();
        for (q, r) in &round.kept {
            add(&mut out, r, q / kept_total);
        }
        return out;
    }
    per_pick(&round)
}

/// The `on_start` requests of a user class, once per user.
pub fn on_start_requests(u: &UserClass) -> Rates {
    u.on_start
        .as_ref()
        .map(|h| requests_of(&h.requests))
        .unwrap_or_default()
}

/// Users of each spawned class: `fixed_count` users first (in class order,
/// while users remain), then the rest by `weight`. Without a user count,
/// each `fixed_count` counts as a weight of that many.
pub fn user_counts(users: &[UserClass], total: Option<u64>) -> Vec<f64> {
    let spawned = |u: &UserClass| u.spawned && !u.is_abstract;
    let fixed = |u: &UserClass| u.fixed_count.filter(|n| *n > 0);
    let mut out = vec![0.0; users.len()];
    let mut left = total.map(|t| t as f64);
    for (i, u) in users.iter().enumerate() {
        if let (true, Some(n)) = (spawned(u), fixed(u)) {
            let n = n as f64;
            out[i] = left.map_or(n, |l| n.min(l));
            left = left.map(|l| (l - out[i]).max(0.0));
        }
    }
    let weights: Vec<f64> = users
        .iter()
        .map(|u| {
            if spawned(u) && fixed(u).is_none() {
                u.weight.unwrap_or(0).max(0) as f64
            } else {
                0.0
            }
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    if sum > 0.0 {
        for (i, w) in weights.iter().enumerate() {
            if *w > 0.0 {
                out[i] = left.map_or(*w, |l| l * w / sum);
            }
        }
    }
    out
}

/// Every request of a user class once (a request a loop repeats is one
/// entry): its `on_start`'s, then its tasks', nested ones included.
fn all_requests(u: &UserClass) -> Vec<&Request> {
    fn walk<'a>(tasks: &'a [Task], out: &mut Vec<&'a Request>) {
        for t in tasks {
            if let Some(h) = &t.on_start {
                out.extend(&h.requests);
            }
            out.extend(&t.requests);
            walk(t.tasks.as_deref().unwrap_or_default(), out);
        }
    }
    let mut out: Vec<&Request> = u.on_start.iter().flat_map(|h| &h.requests).collect();
    walk(&u.tasks, &mut out);
    out
}

/// Requests with an expected count each.
pub type Counted<'a> = Vec<(&'a Request, f64)>;

/// The requests of a user class with their expected counts: per task pick
/// in the long run (tasks), and per user (its `on_start`).
pub fn request_rates(u: &UserClass) -> (Counted<'_>, Counted<'_>) {
    let (tasks, hook) = (user_rates(u), on_start_requests(u));
    let mut per_pick = Vec::new();
    let mut per_user = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for r in all_requests(u) {
        if !seen.insert(key(r)) {
            continue;
        }
        if let Some(v) = tasks.get(&key(r)) {
            per_pick.push((r, *v));
        }
        if let Some(v) = hook.get(&key(r)) {
            per_user.push((r, *v));
        }
    }
    (per_pick, per_user)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn request(url: &str) -> Request {
        Request {
            method: "GET".into(),
            url: url.into(),
            query: None,
            params: None,
            name: None,
            file: "locustfile.py".into(),
            line: 1,
            disabled: false,
            active: true,
            conditional_on: None,
            condition: None,
            route: None,
            external: None,
        }
    }

    fn task(name: &str, weight: i64, urls: &[&str], interrupts: bool) -> Task {
        Task {
            name: name.into(),
            kind: TaskKind::Task,
            weight,
            weight_depends_on: Vec::new(),
            tags: Vec::new(),
            enabled: true,
            kept_by_filter: true,
            defined_in: name.into(),
            requests: urls.iter().map(|u| request(u)).collect(),
            interrupts,
            on_start: None,
            tasks: None,
            sequence: None,
            wait_time: None,
            source: Source {
                file: "locustfile.py".into(),
                line: 1,
            },
        }
    }

    fn taskset(name: &str, weight: i64, tasks: Vec<Task>) -> Task {
        Task {
            kind: TaskKind::Taskset,
            tasks: Some(tasks),
            ..task(name, weight, &[], false)
        }
    }

    fn user(name: &str, weight: i64, fixed: Option<i64>, tasks: Vec<Task>) -> UserClass {
        UserClass {
            name: name.into(),
            base: "HttpUser".into(),
            weight: Some(weight),
            weight_depends_on: Vec::new(),
            fixed_count: fixed,
            fixed_count_depends_on: Vec::new(),
            is_abstract: false,
            spawned: true,
            has_tasks_after_filter: true,
            wait_time: None,
            on_start: None,
            tasks,
            source: Source {
                file: "locustfile.py".into(),
                line: 1,
            },
        }
    }

    /// Per-pick rates by URL.
    fn by_url(u: &UserClass) -> std::collections::BTreeMap<String, f64> {
        let (per_pick, _) = request_rates(u);
        per_pick
            .into_iter()
            .map(|(r, v)| (r.url.clone(), (v * 1000.0).round() / 1000.0))
            .collect()
    }

    #[test]
    fn fixed_count_users_come_first_and_the_rest_go_by_weight() {
        let users = [
            user("A", 3, None, Vec::new()),
            user("B", 1, None, Vec::new()),
            user("M", 1, Some(2), Vec::new()),
        ];
        assert_eq!(user_counts(&users, Some(10)), vec![6.0, 2.0, 2.0]);
        // Without a user count a fixed_count weighs as many users.
        assert_eq!(user_counts(&users, None), vec![3.0, 1.0, 2.0]);
    }

    #[test]
    fn a_taskset_left_by_interrupt_shares_the_picks_with_its_siblings() {
        // Top: /a (1) or the set (1); the set: /b (1) or leave (1). A visit
        // to the set makes 1 pick of /b on average and leaves without a wait.
        let u = user(
            "U",
            1,
            None,
            vec![
                task("a", 1, &["/a"], false),
                taskset(
                    "Set",
                    1,
                    vec![task("b", 1, &["/b"], false), task("leave", 1, &[], true)],
                ),
            ],
        );
        let r = by_url(&u);
        assert_eq!(r["/a"], 0.5);
        assert_eq!(r["/b"], 0.5);
    }

    #[test]
    fn a_taskset_nothing_interrupts_keeps_its_users() {
        let u = user(
            "U",
            1,
            None,
            vec![
                task("a", 3, &["/a"], false),
                taskset("Trap", 1, vec![task("b", 1, &["/b", "/c"], false)]),
            ],
        );
        let r = by_url(&u);
        assert_eq!(r.get("/a").copied().unwrap_or(0.0), 0.0);
        assert_eq!(r["/b"], 1.0);
        assert_eq!(r["/c"], 1.0);
    }
}
