//! Walking the body of a task (or `on_start`, or a method it calls) to find
//! its requests. The body runs as the evaluator's observed walk, whose
//! Locust hooks record every `client` call with the guards it sits under:
//! a branch the evaluator knows is never taken (`if MUTATIONS_ENABLED:`
//! with the constant False, or the code after `if not MUTATIONS_ENABLED:
//! return`) still yields its requests, marked with the flags that switch
//! them off. Commented-out requests in the body are read as code and marked
//! disabled (`commented`). Here: the entry points, and the warning for
//! client calls the walk never reached.

mod commented;

use super::state::{Ctx, LocustHooks, SELF};
use crate::parsing::queries::queries;
use crate::python::value::{ClassRef, FuncRef};
use crate::python::{Args, Frame, Interp, Observed, Value};
use commented::commented_requests;
use tree_sitter::Node;

/// A method `name` as `class` resolves it: (defining class, function).
pub fn find_method(
    it: &mut Interp,
    class: &ClassRef,
    name: &str,
) -> Option<(ClassRef, std::rc::Rc<FuncRef>)> {
    find_method_depth(it, class, name, 0)
}

fn find_method_depth(
    it: &mut Interp,
    class: &ClassRef,
    name: &str,
    depth: usize,
) -> Option<(ClassRef, std::rc::Rc<FuncRef>)> {
    if depth > crate::python::MAX_BASES_DEPTH {
        return None;
    }
    let scope = it.class_scope(class);
    match scope.get(name) {
        Some(Value::Function(f)) => return Some((class.clone(), f.clone())),
        Some(_) => return None,
        None => {}
    }
    for base in it.class_bases(class) {
        if let Value::Class(b) = base {
            if let Some(found) = find_method_depth(it, &b, name, depth + 1) {
                return Some(found);
            }
        }
    }
    None
}

/// Walks `f` called on `self_value` with `args` (after `self`), under `ctx`,
/// and returns what it returns. Requests land in the hooks' state.
pub fn run_function(
    it: &mut Interp,
    hooks: &LocustHooks,
    f: &FuncRef,
    self_value: Value,
    args: &Args,
    ctx: Ctx,
) -> Value {
    let def = it.function_node(f);
    let Some(module) = it.module_index(&f.module) else {
        return Value::unknown(f.qualname.clone(), "function of an unloaded module");
    };
    // A staticmethod takes no `self`: every argument is the caller's.
    let is_static = f
        .decorators
        .iter()
        .any(|d| d.name.rsplit('.').next() == Some("staticmethod"));
    let bound_self = (!is_static).then_some(self_value);
    let locals = it.bind_params(module, def, bound_self, args, "an argument of the task");
    let mut frame = Frame {
        module,
        locals: Some(locals),
    };
    hooks.state.borrow_mut().ctx.push(ctx);
    let name = f.qualname.rsplit('.').next().unwrap_or(&f.qualname);
    let value = match def.child_by_field_name("body") {
        Some(body) => it.run_observed(&mut frame, body, name, OBSERVED),
        None => Value::None,
    };
    commented_requests(it, hooks, &mut frame, def);
    unreached_requests(it, hooks, module, def);
    hooks.state.borrow_mut().ctx.pop();
    value
}

/// Client calls in `def` that the walk did not record (inside a
/// comprehension, a lambda, a nested function): each is a warning, so a
/// request is never dropped silently.
fn unreached_requests(it: &mut Interp, hooks: &LocustHooks, module: usize, def: Node<'static>) {
    let Some(file) = it.file_of(module) else {
        return;
    };
    let q = &queries().client_call;
    let calls = crate::parsing::queries::captures_of(&q.query, q.call, def, file.text);
    for call in calls {
        let line = crate::parsing::line_of(call);
        let seen = hooks
            .state
            .borrow()
            .requests
            .iter()
            .any(|r| r.line == line && r.file == file.display);
        if seen {
            continue;
        }
        let text: String = it
            .node_text(module, call)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(60)
            .collect();
        it.warn(
            module,
            call,
            format!(
                "`{text}` is inside code routecov does not follow (a comprehension, lambda or nested function); this request is not listed"
            ),
        );
    }
}

/// Runs `f` as a task (or hook) of `ctx.holder`.
pub fn run_task(it: &mut Interp, hooks: &LocustHooks, f: &FuncRef, ctx: Ctx) {
    // Each task has a budget of its own: one endless task does not starve the others.
    it.with_fresh_budget(TASK_STEPS, |it| {
        run_function(
            it,
            hooks,
            f,
            Value::External(SELF.to_string()),
            &Args::default(),
            ctx,
        )
    });
}

/// Evaluation steps one task's walk may take (its helpers included).
const TASK_STEPS: u64 = 500_000;

/// A task's loop over a known list of at most this many items makes one
/// request per item; over a longer list, one request with a placeholder.
const OBSERVED: Observed = Observed { max_unroll: 20 };
