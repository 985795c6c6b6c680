//! Every request of a Locust model with the user class and task it sits in,
//! and whether it runs under the model's tag filter (and why not).

use crate::model::{LocustModel, Request, Task, UserClass};

/// A request of the locustfile with where it is and whether it runs.
pub struct Walked<'a> {
    pub request: &'a Request,
    pub user: &'a UserClass,
    /// `User.task.subtask`, or `....on_start` for an `on_start` hook.
    pub task: String,
    pub runs: bool,
    /// Why it does not run.
    pub off: Option<String>,
}

/// Every request of every user class (abstract ones too), in model order:
/// the user's `on_start`, then each task's `on_start`, its requests and its
/// nested tasks.
pub fn requests(model: &LocustModel) -> Vec<Walked<'_>> {
    let mut out = Vec::new();
    for user in &model.users {
        let user_off = (!user.spawned).then(|| format!("user class {} is not spawned", user.name));
        let mut walk = Walk {
            user,
            out: &mut out,
        };
        if let Some(h) = &user.on_start {
            walk.hook(&h.requests, format!("{}.on_start", user.name), &user_off);
        }
        walk.tasks(&user.tasks, &user.name, user_off.as_deref());
    }
    out
}

struct Walk<'a, 'o> {
    user: &'a UserClass,
    out: &'o mut Vec<Walked<'a>>,
}

impl<'a> Walk<'a, '_> {
    fn hook(&mut self, requests: &'a [Request], task: String, off: &Option<String>) {
        for r in requests {
            let off = request_off(r).or_else(|| off.clone());
            self.out.push(Walked {
                request: r,
                user: self.user,
                task: task.clone(),
                runs: off.is_none(),
                off,
            });
        }
    }

    fn tasks(&mut self, tasks: &'a [Task], prefix: &str, user_off: Option<&str>) {
        for t in tasks {
            let path = format!("{prefix}.{}", t.name);
            let toff = task_off(t, user_off);
            if let Some(h) = &t.on_start {
                self.hook(&h.requests, format!("{path}.on_start"), &toff);
            }
            self.hook(&t.requests, path.clone(), &toff);
            if let Some(sub) = &t.tasks {
                self.tasks(sub, &path, toff.as_deref().or(user_off));
            }
        }
    }
}

fn request_off(r: &Request) -> Option<String> {
    if r.disabled {
        Some("commented out".into())
    } else if let Some(flag) = &r.conditional_on {
        Some(format!("behind {flag}, which is off"))
    } else if !r.active {
        Some("not sent".into())
    } else {
        None
    }
}

fn task_off(t: &Task, user_off: Option<&str>) -> Option<String> {
    if t.enabled {
        return None;
    }
    if !t.kept_by_filter {
        Some("task excluded by the tag filter".into())
    } else if t.weight == 0 {
        Some("task weight 0".into())
    } else if let Some(u) = user_off {
        Some(u.to_string())
    } else {
        Some("task does not run".into())
    }
}
