//! Bounds on evaluation, so that no input makes the evaluator hang, recurse
//! without end or build gigabyte values: every expression and statement
//! costs a step from a budget (one per module loaded, a smaller one per call
//! of a project function, taken from the caller's); expressions nest to a
//! bounded depth; strings and collections have a size cap. What passes a
//! bound becomes an unknown value, with one warning naming file and line.

use super::interp::{Budget, Interp};
use super::value::Value;
use crate::parsing::Located;

/// Steps one module's top level may take (imports it triggers have their own).
pub const MODULE_STEPS: u64 = 2_000_000;
/// Steps one call of a project function may take, nested calls included.
pub const CALL_STEPS: u64 = 100_000;
/// Expressions nested inside each other (calls into functions included).
pub const MAX_EVAL_DEPTH: usize = 400;
/// Bytes of a string value.
pub const MAX_STR_BYTES: usize = 1 << 20;
/// Items of a list, tuple or dict value.
pub const MAX_ITEMS: usize = 100_000;

impl Default for Budget {
    fn default() -> Self {
        Budget {
            steps_left: MODULE_STEPS,
            eval_depth: 0,
            reported: false,
        }
    }
}

impl Interp {
    /// Takes one step; false (reported once) when the budget is spent.
    pub(super) fn step(&mut self, module: usize, at: impl Located) -> bool {
        if self.budget.steps_left > 0 {
            self.budget.steps_left -= 1;
            return true;
        }
        if !self.budget.reported {
            self.budget.reported = true;
            self.warn(
                module,
                at,
                "evaluation budget spent (a loop or recursion too long to follow statically); what follows is unknown",
            );
        }
        false
    }

    /// Runs `f` with a budget of at most `steps`, taken from the current one.
    pub(super) fn with_budget<T>(&mut self, steps: u64, f: impl FnOnce(&mut Interp) -> T) -> T {
        let outer = self.budget.steps_left;
        let outer_reported = self.budget.reported;
        let inner = outer.min(steps);
        self.budget.steps_left = inner;
        let out = f(self);
        let used = inner - self.budget.steps_left;
        self.budget.steps_left = outer - used;
        self.budget.reported =
            outer_reported || (self.budget.reported && self.budget.steps_left == 0);
        out
    }

    /// Runs `f` with a fresh budget of `steps` (a module's top level, a
    /// task's body); the caller's budget is kept for after.
    pub fn with_fresh_budget<T>(&mut self, steps: u64, f: impl FnOnce(&mut Interp) -> T) -> T {
        let saved = std::mem::take(&mut self.budget);
        self.budget.steps_left = steps;
        self.budget.eval_depth = saved.eval_depth;
        let out = f(self);
        self.budget = saved;
        out
    }

    /// `v`, or an unknown with a warning when it is larger than the caps.
    pub(super) fn capped(&mut self, v: Value, module: usize, at: impl Located) -> Value {
        let too_big = match &v {
            Value::Str(s) => s.len() > MAX_STR_BYTES,
            Value::List(l) => l.borrow().len() > MAX_ITEMS,
            Value::Tuple(t) => t.len() > MAX_ITEMS,
            Value::Dict(d) => d.borrow().len() > MAX_ITEMS,
            _ => false,
        };
        if too_big {
            self.too_large(module, at)
        } else {
            v
        }
    }

    /// The unknown a value past the caps becomes, with its warning.
    pub(super) fn too_large(&mut self, module: usize, at: impl Located) -> Value {
        self.warn(
            module,
            at,
            format!(
                "value larger than routecov follows ({} KiB of text or {MAX_ITEMS} items): unknown",
                MAX_STR_BYTES / 1024
            ),
        );
        let text: String = self.text(module, at).chars().take(80).collect();
        Value::unknown(text, "value too large")
    }
}
