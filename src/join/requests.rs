//! Every request of a Locust model with the user class and task it sits in,
//! whether it runs under the model's tag filter (and why not), and its
//! address, to change it in place.

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
    pub at: RequestAt,
}

impl Walked<'_> {
    /// The tags Locust sees on the task that sends the request and on the
    /// tasks around it; none for a user's `on_start`.
    pub fn tags(&self) -> std::collections::BTreeSet<&str> {
        let mut out = std::collections::BTreeSet::new();
        let mut tasks = Some(&self.user.tasks);
        for &i in &self.at.tasks {
            let Some(t) = tasks.and_then(|list| list.get(i)) else {
                break;
            };
            out.extend(t.tags.iter().map(String::as_str));
            tasks = t.tasks.as_ref();
        }
        out
    }
}

/// Where a request sits in the model: [`request_mut`] finds it again.
#[derive(Debug, Clone)]
pub struct RequestAt {
    user: usize,
    /// Task indices from the user's task list down to the innermost task;
    /// empty for the user's own `on_start`.
    tasks: Vec<usize>,
    /// In the `on_start` hook of the user or of the innermost task.
    hook: bool,
    index: usize,
}

/// Every request of every user class (abstract ones too), in model order:
/// the user's `on_start`, then each task's `on_start`, its requests and its
/// nested tasks.
pub fn requests(model: &LocustModel) -> Vec<Walked<'_>> {
    let mut out = Vec::new();
    for (ui, user) in model.users.iter().enumerate() {
        let user_off = (!user.spawned).then(|| user_not_spawned(user));
        let mut walk = Walk {
            user,
            user_index: ui,
            out: &mut out,
        };
        if let Some(h) = &user.on_start {
            let task = format!("{}.on_start", user.name);
            walk.list(&h.requests, (&[], true), task, &user_off);
        }
        walk.tasks(
            &user.tasks,
            &mut Vec::new(),
            &user.name,
            user_off.as_deref(),
        );
    }
    out
}

/// The request at `at`, to change in place.
pub fn request_mut<'m>(model: &'m mut LocustModel, at: &RequestAt) -> Option<&'m mut Request> {
    let user = model.users.get_mut(at.user)?;
    let Some((last, outer)) = at.tasks.split_last() else {
        return user.on_start.as_mut()?.requests.get_mut(at.index);
    };
    let mut tasks = &mut user.tasks;
    for &i in outer {
        tasks = tasks.get_mut(i)?.tasks.as_mut()?;
    }
    let task = tasks.get_mut(*last)?;
    let list = if at.hook {
        &mut task.on_start.as_mut()?.requests
    } else {
        &mut task.requests
    };
    list.get_mut(at.index)
}

struct Walk<'a, 'o> {
    user: &'a UserClass,
    user_index: usize,
    out: &'o mut Vec<Walked<'a>>,
}

impl<'a> Walk<'a, '_> {
    /// The requests of one list: a hook's (`hook`) or a task's, under the
    /// task indices `path`.
    fn list(
        &mut self,
        requests: &'a [Request],
        (path, hook): (&[usize], bool),
        task: String,
        off: &Option<String>,
    ) {
        for (index, r) in requests.iter().enumerate() {
            let off = request_off(r).or_else(|| off.clone());
            self.out.push(Walked {
                request: r,
                user: self.user,
                task: task.clone(),
                runs: off.is_none(),
                off,
                at: RequestAt {
                    user: self.user_index,
                    tasks: path.to_vec(),
                    hook,
                    index,
                },
            });
        }
    }

    fn tasks(
        &mut self,
        tasks: &'a [Task],
        path: &mut Vec<usize>,
        prefix: &str,
        user_off: Option<&str>,
    ) {
        for (ti, t) in tasks.iter().enumerate() {
            let name = format!("{prefix}.{}", t.name);
            let toff = task_off(t, user_off);
            path.push(ti);
            if let Some(h) = &t.on_start {
                self.list(&h.requests, (path, true), format!("{name}.on_start"), &toff);
            }
            self.list(&t.requests, (path, false), name.clone(), &toff);
            if let Some(sub) = &t.tasks {
                self.tasks(sub, path, &name, toff.as_deref().or(user_off));
            }
            path.pop();
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

/// Why a user class is not spawned, with the weight and what it was read
/// from (`weight 0, from sys.argv`), so a weight the run's command line
/// zeroes is visible where its endpoints are listed.
fn user_not_spawned(user: &crate::model::UserClass) -> String {
    let why = if user.is_abstract {
        Some("abstract".to_string())
    } else {
        user.weight.map(|w| {
            if user.weight_depends_on.is_empty() {
                format!("weight {w}")
            } else {
                format!("weight {w}, from {}", user.weight_depends_on.join(", "))
            }
        })
    };
    match why {
        Some(why) => format!("user class {} is not spawned ({why})", user.name),
        None => format!("user class {} is not spawned", user.name),
    }
}

fn task_off(t: &Task, user_off: Option<&str>) -> Option<String> {
    if t.enabled {
        return None;
    }
    if !t.kept_by_filter {
        Some(match user_off {
            Some(u) => format!("task excluded by the tag filter, and {u}"),
            None => "task excluded by the tag filter".into(),
        })
    } else if t.weight == 0 {
        Some("task weight 0".into())
    } else if let Some(u) = user_off {
        Some(u.to_string())
    } else {
        Some("task does not run".into())
    }
}
