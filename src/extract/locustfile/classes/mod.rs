//! Locust's classes as its metaclasses build them: which classes are users
//! and TaskSets (`kinds`), each holder's `tasks` list (`holders`: base
//! tasks, then the `tasks` attribute read by `task_lists`, then `@task`
//! members in class-body order, weighed by `task_decorator`; declaration
//! order throughout for a SequentialTaskSet), and the tags `@tag` puts on
//! each task function, from the function itself or from a decorated class
//! (`tags`).

mod attrs;
mod cache;
mod class_body;
mod holders;
mod kinds;
mod model;
mod tags;
mod task_decorator;
mod task_lists;

pub use cache::{file_of, Classes};
pub use model::{Entry, Holder, Key, Kind};
