//! What a class is to Locust (user, TaskSet, SequentialTaskSet,
//! MarkovTaskSet or plain), read through its bases, and subclassing.

use super::cache::{file_of, Classes};
use super::model::{Kind, MAX_DEPTH};
use crate::diagnostics::Diagnostics;
use crate::extract::locustfile::state::locust_name;
use crate::parsing::line_of;
use crate::python::value::ClassRef;
use crate::python::{Interp, Value};

impl Classes {
    /// What `c` is to Locust, and its Locust base for users.
    pub fn kind(
        &mut self,
        it: &mut Interp,
        diags: &mut Diagnostics,
        c: &ClassRef,
    ) -> (Kind, String) {
        self.kind_depth(it, diags, c, 0)
    }

    fn kind_depth(
        &mut self,
        it: &mut Interp,
        diags: &mut Diagnostics,
        c: &ClassRef,
        depth: usize,
    ) -> (Kind, String) {
        let key = Classes::class_key(c);
        if let Some(k) = self.kinds.get(&key) {
            return k.clone();
        }
        if depth > MAX_DEPTH {
            let file = it
                .module_index(&c.module)
                .and_then(|m| it.file_of(m))
                .map_or(c.module.clone(), |f| f.display.clone());
            diags.warn_at(
                &file,
                0,
                format!(
                    "{}: more than {MAX_DEPTH} levels of base classes; the deeper ones are not read",
                    c.qualname
                ),
            );
            return (Kind::Plain, String::new());
        }
        // A class that (through a cycle) derives from itself is plain.
        self.kinds.insert(key.clone(), (Kind::Plain, String::new()));
        let mut found = (Kind::Plain, String::new());
        for base in it.class_bases(c) {
            let k = match &base {
                Value::External(d) => match locust_name(d) {
                    Some(n @ ("User" | "HttpUser" | "FastHttpUser")) => (Kind::User, n.to_string()),
                    Some("TaskSet") => (Kind::TaskSet, String::new()),
                    Some("SequentialTaskSet") => (Kind::Sequential, String::new()),
                    Some("MarkovTaskSet") => (Kind::Markov, String::new()),
                    _ if !d.starts_with("locust.")
                        && d.rsplit('.').next().is_some_and(|n| n.ends_with("User")) =>
                    {
                        // A user class from a plugin package (locust_plugins'
                        // RestUser, ...): its source is not read.
                        let line = line_of(c.node);
                        let file = file_of(it, &c.module);
                        diags.warn_at(
                            &file,
                            line,
                            format!(
                                "{} derives from {d}, read as a Locust user class whose own tasks are unknown",
                                c.qualname
                            ),
                        );
                        (Kind::User, last(d).to_string())
                    }
                    _ => continue,
                },
                Value::Class(b) => self.kind_depth(it, diags, b, depth + 1),
                _ => continue,
            };
            if k.0 != Kind::Plain {
                found = k;
                break;
            }
        }
        self.kinds.insert(key, found.clone());
        found
    }
}

/// Whether `c` is `ancestor` or derives from it.
pub fn is_subclass(it: &mut Interp, c: &ClassRef, ancestor: &ClassRef, depth: usize) -> bool {
    if Classes::class_key(c) == Classes::class_key(ancestor) {
        return true;
    }
    if depth > MAX_DEPTH {
        return false;
    }
    it.class_bases(c).into_iter().any(|b| match b {
        Value::Class(b) => is_subclass(it, &b, ancestor, depth + 1),
        _ => false,
    })
}

/// The last component of a dotted name.
pub(super) fn last(dotted: &str) -> &str {
    dotted.rsplit('.').next().unwrap_or(dotted)
}
