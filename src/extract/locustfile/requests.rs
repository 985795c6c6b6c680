//! The requests a task or `on_start` makes, walked with the class it runs
//! on, as model requests.

use super::body;
use super::extraction::{short, Extraction};
use super::state::{Ctx, RawRequest};
use crate::model::{Hook, Request, Source};
use crate::python::value::{ClassRef, FuncRef};

impl Extraction {
    /// `on_start` as `holder` resolves it, if one is defined in the analysed files.
    pub(super) fn hook(&mut self, holder: &ClassRef, user: &ClassRef) -> Option<Hook> {
        let (defining, f) = body::find_method(&mut self.it, holder, "on_start")?;
        let requests = self.run_in(&f, holder, user, Some(defining));
        let def = self.it.function_node(&f);
        Some(Hook {
            defined_in: f.qualname.clone(),
            requests,
            source: Source {
                file: self.file(&f.module),
                line: crate::parsing::line_of(def),
            },
        })
    }

    /// The requests `f` makes as a task of `holder`.
    pub(super) fn run(&mut self, f: &FuncRef, holder: &ClassRef, user: &ClassRef) -> Vec<Request> {
        let name = short(&f.qualname);
        let fk = self.classes.func_key(&mut self.it, f);
        let defining = match body::find_method(&mut self.it, holder, &name) {
            Some((c, g)) if self.classes.func_key(&mut self.it, &g) == fk => Some(c),
            _ => None,
        };
        self.run_in(f, holder, user, defining)
    }

    fn run_in(
        &mut self,
        f: &FuncRef,
        holder: &ClassRef,
        user: &ClassRef,
        defining: Option<ClassRef>,
    ) -> Vec<Request> {
        {
            let mut st = self.hooks.state.borrow_mut();
            st.requests.clear();
            st.ctx.clear();
            st.disabled = false;
            st.interrupts = false;
        }
        let ctx = Ctx {
            holder: holder.clone(),
            user: user.clone(),
            defining,
        };
        body::run_task(&mut self.it, &self.hooks, f, ctx);
        let raw = std::mem::take(&mut self.hooks.state.borrow_mut().requests);
        raw.into_iter().map(request).collect()
    }
}

fn request(r: RawRequest) -> Request {
    Request {
        active: !r.disabled && r.conditional_on.is_empty(),
        method: r.method,
        url: r.url,
        query: r.query,
        params: r.params,
        name: r.name,
        file: r.file,
        line: r.line,
        disabled: r.disabled,
        conditional_on: if r.conditional_on.is_empty() {
            None
        } else {
            Some(r.conditional_on.join(", "))
        },
        condition: r.condition,
        route: None,
        external: None,
    }
}
