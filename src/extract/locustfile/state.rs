//! The state of the Locust hooks while tasks are walked: which class a task
//! runs on and the requests recorded so far (the conditions a request sits
//! under are the evaluator's guards); and Locust's names as the evaluator
//! sees them.

use super::reverse::RouteNames;
use crate::python::value::ClassRef;
use std::cell::RefCell;
use std::collections::HashMap;

/// The instance a task or hook runs on (`self` of a method, the first
/// argument of a function listed in `tasks`).
pub const SELF: &str = "locust.@self";
/// `self.user` / `self.parent` of a TaskSet.
pub const USER: &str = "locust.@user";
/// `self.client`: calls on it are requests.
pub const CLIENT: &str = "locust.@client";
/// `super()` inside a method.
pub const SUPER: &str = "locust.@super";

/// Key of the dictionary a `between(...)`-style call evaluates to.
pub const WAIT_KEY: &str = "__locust_wait_time__";

/// How deep task code may call its own methods before the walker stops.
pub const MAX_METHOD_DEPTH: usize = 8;

/// The last component of a name defined by Locust (`locust.task`,
/// `locust.user.task.tag`), or `None` for anything else.
pub fn locust_name(dotted: &str) -> Option<&str> {
    if dotted == "locust" || !dotted.starts_with("locust.") || dotted.contains('@') {
        return None;
    }
    dotted.rsplit('.').next()
}

/// A request as recorded, before it becomes a model request.
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub method: String,
    pub url: String,
    pub query: Option<String>,
    pub params: Option<String>,
    pub name: Option<String>,
    pub file: String,
    pub line: usize,
    pub disabled: bool,
    pub conditional_on: Vec<String>,
    pub condition: Option<String>,
}

/// Which classes `self`, `self.user` and `super()` stand for.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The class of `self`: the User or TaskSet whose `tasks` hold the task.
    pub holder: ClassRef,
    /// The User class the task runs for.
    pub user: ClassRef,
    /// The class defining the method being walked (for `super()`), if any.
    pub defining: Option<ClassRef>,
}

/// State the hooks keep across the walk of a task and its helpers.
#[derive(Debug, Default)]
pub struct State {
    pub requests: Vec<RawRequest>,
    /// Evaluating commented-out code.
    pub disabled: bool,
    pub ctx: Vec<Ctx>,
    /// The walked code calls `self.interrupt()` outside commented-out code.
    pub interrupts: bool,
}

/// Locust knowledge for the evaluator.
#[derive(Debug, Default)]
pub struct LocustHooks {
    /// `sys.argv` as Locust's command line would set it.
    pub argv: Vec<String>,
    pub state: RefCell<State>,
    /// The project's named routes, for `reverse()`; `None` without a project.
    pub routes: Option<RouteNames>,
    /// Per (class, attribute): whether a method sets it on the instance.
    pub instance_attrs: RefCell<HashMap<(String, String), bool>>,
}

impl LocustHooks {
    pub fn new(argv: Vec<String>, routes: Option<RouteNames>) -> LocustHooks {
        LocustHooks {
            argv,
            routes,
            state: RefCell::new(State::default()),
            instance_attrs: RefCell::new(HashMap::new()),
        }
    }

    pub fn ctx(&self) -> Option<Ctx> {
        self.state.borrow().ctx.last().cloned()
    }
}
