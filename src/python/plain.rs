//! Plain top-level assignments (see `parsing::plain`): read again from the
//! module's text and evaluated as the parser's tree of the same statement
//! would be, step for step: the same budget steps, guards, look-ups,
//! attribute reads and calls, so the values, warnings and places match.

use super::args::Args;
use super::interp::{Frame, Interp, Site};
use super::value::{Str, Value};
use crate::parsing::outline::PlainStmt;
use crate::parsing::plain::{read_assignment, Expr, ExprKind};
use crate::parsing::SourceFile;

impl Interp {
    /// `name = value`, as `exec_stmt` runs an assignment statement.
    pub(super) fn exec_plain(&mut self, frame: &mut Frame, file: &SourceFile, stmt: &PlainStmt) {
        // The outline read this same text when it left the statement out.
        let Some(a) = read_assignment(file.text.as_bytes(), stmt.start, stmt.resume, stmt.line)
        else {
            return;
        };
        if self.unwinding() || !self.step(frame.module, a.span) {
            return;
        }
        let (value, deps) = self.with_deps(|it| it.eval_plain(frame, &a.value));
        self.bind(frame, a.target, value, a.target_span.line, deps);
    }

    fn eval_plain(&mut self, frame: &mut Frame, e: &Expr) -> Value {
        self.guarded_eval(frame, e.span, |it, frame| it.eval_plain_kind(frame, e))
    }

    fn eval_plain_kind(&mut self, frame: &mut Frame, e: &Expr) -> Value {
        match &e.kind {
            ExprKind::Name(name) => self.eval_name(frame, name),
            ExprKind::Attribute(obj, name) => {
                let recv = self.eval_plain(frame, obj);
                self.attribute_of(recv, name, Site::at(frame.module, e.span))
            }
            ExprKind::Str(text) => {
                let mut s = Str::default();
                s.push_str(text);
                Value::Str(s)
            }
            ExprKind::Int(n) => Value::Int(*n),
            ExprKind::Bool(b) => Value::Bool(*b),
            ExprKind::None => Value::None,
            ExprKind::List(items) => Value::list(self.eval_plain_all(frame, items)),
            ExprKind::Tuple(items) => Value::Tuple(self.eval_plain_all(frame, items)),
            ExprKind::Paren(inner) => self.eval_plain(frame, inner),
            ExprKind::Call { func, pos, kw } => {
                // Arguments first, as `eval_call_of` does.
                let mut args = Args {
                    pos: self.eval_plain_all(frame, pos),
                    kw: Vec::with_capacity(kw.len()),
                };
                for (name, v) in kw {
                    let v = self.eval_plain(frame, v);
                    args.kw.push((name.to_string(), v));
                }
                let site = Site::at(frame.module, e.span);
                if self.unwinding() {
                    return Value::None;
                }
                if let ExprKind::Attribute(obj, name) = &func.kind {
                    let recv = self.eval_plain(frame, obj);
                    return self.call_attribute(recv, name, &args, site);
                }
                let callee = self.eval_plain(frame, func);
                self.call_value(callee, &args, site)
            }
        }
    }

    fn eval_plain_all(&mut self, frame: &mut Frame, items: &[Expr]) -> Vec<Value> {
        items.iter().map(|x| self.eval_plain(frame, x)).collect()
    }
}
