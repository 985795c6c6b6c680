//! URLconf extraction: walks `urlpatterns` from the root URLconf through every
//! include, joining paths and namespaces exactly as Django does, and turns
//! each pattern into a [`Route`].

use super::intended::intended_methods;
use super::url_values::{url_entry, UrlEntry};
use super::views::{view_methods, view_name};
use crate::model::{normalize_methods, ExternalInclude, Origin as RouteOrigin, Route, Source};
use crate::python::{Interp, Origin, Part, Str, Value};
use std::collections::BTreeSet;

/// Options that shape the walk.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Top-level packages treated as third-party when their source is missing
    /// (from `INSTALLED_APPS`).
    pub installed_apps: BTreeSet<String>,
    /// The language prefix `i18n_patterns` adds (`LANGUAGE_CODE`).
    pub language_code: String,
}

/// Routes and external includes found from one root URLconf.
#[derive(Debug, Default)]
pub struct Extracted {
    pub routes: Vec<Route>,
    pub external_includes: Vec<ExternalInclude>,
    /// The root URLconf's `i18n_patterns` prefix the default language
    /// (what `LocaleMiddleware`'s redirect looks at): the code they put in
    /// front of their routes.
    pub i18n_prefix: Option<String>,
}

struct Walker<'a> {
    it: &'a mut Interp,
    opts: &'a WalkOptions,
    out: Extracted,
    /// URLconf modules on the current include chain, for cycle detection.
    stack: Vec<String>,
    /// Lists and includes the walk is inside.
    nesting: usize,
    /// The route cap was reached and reported.
    full: bool,
    /// How often each URLconf module was expanded.
    expansions: std::collections::HashMap<String, usize>,
}

/// Times one URLconf module is expanded. Real projects include a module a
/// few times (under several prefixes); a module included from a module that
/// is itself included twice, level after level, doubles each time.
const MAX_EXPANSIONS: usize = 64;

/// Routes one map holds. The largest real projects have tens of thousands;
/// an include fan-out (a module including the next twice, 25 times) would
/// have 33 million.
pub const MAX_ROUTES: usize = 100_000;
/// Lists and includes nested inside each other.
const MAX_NESTING: usize = 100;

/// The joined state above the entries being walked.
#[derive(Clone)]
struct Ctx {
    prefix: String,
    regex: bool,
    namespaces: Vec<String>,
    origin: RouteOrigin,
    condition: Option<String>,
}

/// Walks the URLconf module `root` (dotted).
pub fn extract_routes(it: &mut Interp, root: &str, opts: &WalkOptions) -> Extracted {
    let origin = match it.module_origin(root) {
        Some(Origin::External) => RouteOrigin::External,
        _ => RouteOrigin::Project,
    };
    let mut w = Walker {
        it,
        opts,
        out: Extracted::default(),
        stack: Vec::new(),
        nesting: 0,
        full: false,
        expansions: Default::default(),
    };
    let ctx = Ctx {
        prefix: String::new(),
        regex: false,
        namespaces: Vec::new(),
        origin,
        condition: None,
    };
    w.walk_module(root, &ctx, None);
    if w.out.routes.is_empty() && w.out.external_includes.is_empty() {
        let file =
            w.it.module_index(root)
                .and_then(|i| w.it.file_of(i))
                .map_or_else(|| root.to_string(), |f| f.display.clone());
        w.it.diags.warn_at(
            &file,
            0,
            format!("the root URLconf {root} has no routes as its source defines them (are they added at run time, in an AppConfig.ready() or by a database query?)"),
        );
    }
    w.out
}

/// Strips the one leading `^` Django strips when it joins nested patterns.
fn level(route: &str) -> &str {
    route.strip_prefix('^').unwrap_or(route)
}

impl Walker<'_> {
    fn walk_module(&mut self, dotted: &str, ctx: &Ctx, site: Option<(&str, usize)>) {
        if let Some(pos) = self.stack.iter().position(|m| m == dotted) {
            let mut chain: Vec<&str> = self.stack[pos..].iter().map(String::as_str).collect();
            chain.push(dotted);
            let (file, line) = site.unwrap_or(("", 0));
            self.it.diags.warn_at(
                file,
                line,
                format!(
                    "include cycle: {}; the repeated include is skipped",
                    chain.join(" -> ")
                ),
            );
            return;
        }
        let count = self.expansions.entry(dotted.to_string()).or_insert(0);
        *count += 1;
        if *count > MAX_EXPANSIONS {
            if *count == MAX_EXPANSIONS + 1 {
                let (file, line) = site.unwrap_or(("", 0));
                self.it.diags.warn_at(
                    file,
                    line,
                    format!("URLconf {dotted} is included more than {MAX_EXPANSIONS} times; the further includes are left out"),
                );
            }
            return;
        }
        let Some(idx) = self.it.load(dotted) else {
            return;
        };
        self.it.warn_notes(idx);
        let file = self
            .it
            .file_of(idx)
            .map(|f| f.display.clone())
            .unwrap_or_else(|| dotted.to_string());
        let patterns = self.it.modules[idx].scope.get("urlpatterns").cloned();
        let Some(patterns) = patterns else {
            let (f, l) = site
                .map(|(f, l)| (f.to_string(), l))
                .unwrap_or((file.clone(), 0));
            self.it.diags.warn_at(
                &f,
                l,
                format!("URLconf {dotted} ({file}) defines no `urlpatterns`"),
            );
            return;
        };
        let patterns = self.it.resolve(patterns);
        let line = self.it.modules[idx]
            .lines
            .get("urlpatterns")
            .copied()
            .unwrap_or(0);
        let Some(entries) = patterns.items() else {
            self.it.diags.warn_at(
                &file,
                line,
                format!(
                    "`urlpatterns` cannot be evaluated statically ({})",
                    patterns.describe()
                ),
            );
            return;
        };
        self.stack.push(dotted.to_string());
        self.walk_entries(&entries, ctx, &file, line);
        self.stack.pop();
    }

    fn walk_entries(&mut self, entries: &[Value], ctx: &Ctx, file: &str, line: usize) {
        if self.nesting >= MAX_NESTING {
            self.it.diags.warn_at(
                file,
                line,
                format!(
                    "URL lists nested more than {MAX_NESTING} deep; the deeper ones are left out"
                ),
            );
            return;
        }
        self.nesting += 1;
        self.walk_each(entries, ctx, file, line);
        self.nesting -= 1;
    }

    fn walk_each(&mut self, entries: &[Value], ctx: &Ctx, file: &str, line: usize) {
        for e in entries {
            if self.out.routes.len() >= MAX_ROUTES {
                if !self.full {
                    self.full = true;
                    self.it.diags.warn_at(
                        file,
                        line,
                        format!("more than {MAX_ROUTES} routes; the rest are left out"),
                    );
                }
                return;
            }
            let e = self.it.resolve(e.clone());
            if let Some(u) = url_entry(&e) {
                self.walk_entry(&u, ctx);
                continue;
            }
            match &e {
                Value::List(_) | Value::Tuple(_) => {
                    let items = e.items().unwrap_or_default();
                    self.walk_entries(&items, ctx, file, line);
                }
                other => {
                    let text = other.describe();
                    let at = self.line_of_text(file, line, &text);
                    self.it.diags.warn_at(
                        file,
                        at,
                        format!("a `urlpatterns` entry cannot be evaluated statically (`{text}`); it is left out"),
                    );
                }
            }
        }
    }

    /// The line where `text` first appears in `file` at or after `from`:
    /// unknown values carry their source text, not their place.
    fn line_of_text(&self, file: &str, from: usize, text: &str) -> usize {
        let src = self
            .it
            .modules
            .iter()
            .filter_map(|m| m.file)
            .find(|f| f.display == file)
            .map(|f| f.text);
        let Some(src) = src else { return from };
        let start: usize = src
            .split_inclusive('\n')
            .take(from.saturating_sub(1))
            .map(str::len)
            .sum();
        match src.get(start..).and_then(|rest| rest.find(text)) {
            Some(pos) => src[..start + pos].matches('\n').count() + 1,
            None => from,
        }
    }

    fn join_condition(ctx: &Ctx, own: &Option<String>) -> Option<String> {
        match (&ctx.condition, own) {
            (Some(a), Some(b)) if a != b => Some(format!("{a} and {b}")),
            (Some(a), _) => Some(a.clone()),
            (None, b) => b.clone(),
        }
    }

    /// The route Django serves when the pieces of `route` that cannot be
    /// known are empty (an unset setting's usual default), never their
    /// source text glued into the path; with the condition that says so,
    /// warned once per entry.
    fn known_route(&mut self, route: &Str, file: &str, line: usize) -> (String, Option<String>) {
        if let Some(known) = route.known() {
            return (known, None);
        }
        let mut path = String::new();
        let mut holes = Vec::new();
        for part in &route.0 {
            match part {
                Part::Lit(s) => path.push_str(s),
                Part::Hole(h) => holes.push(format!("`{h}` is empty")),
            }
        }
        let condition = holes.join(" and ");
        self.it.diags.warn_at(
            file,
            line,
            format!(
                "route `{}` is not fully known statically; shown as Django serves it when {condition}",
                route.template()
            ),
        );
        (path, Some(condition))
    }

    /// `ctx` with `own` (the condition of an unknown piece of a route) added.
    fn with_condition(ctx: &Ctx, own: Option<String>) -> Ctx {
        let mut c = ctx.clone();
        c.condition = Self::join_condition(ctx, &own);
        c
    }

    fn walk_entry(&mut self, entry: &UrlEntry, ctx: &Ctx) {
        match entry {
            UrlEntry::Pattern {
                regex,
                route,
                view,
                name,
                file,
                line,
                condition,
                methods,
            } => {
                let (route, unknown) = self.known_route(route, file, *line);
                let path = format!("/{}{}", ctx.prefix, level(&route));
                let view = self.it.resolve(view.clone());
                let inferred = match methods {
                    Some(m) => super::views::Methods {
                        methods: normalize_methods(m.iter().cloned()),
                        note: None,
                    },
                    None => view_methods(self.it, &view),
                };
                if let Value::Unknown(u) = &view {
                    self.it.diags.warn_at(
                        file,
                        *line,
                        format!("view `{}` cannot be resolved: {}", u.text, u.reason),
                    );
                }
                let full_name = name.as_ref().map(|n| {
                    let mut parts = ctx.namespaces.clone();
                    parts.push(n.clone());
                    parts.join(":")
                });
                let intended = if inferred.methods == ["ANY"] {
                    intended_methods(self.it, &view)
                } else {
                    None
                };
                let (intended_methods, intended_evidence) = match intended {
                    Some(i) => (Some(i.methods), i.evidence),
                    None => (None, Vec::new()),
                };
                self.out.routes.push(Route {
                    path,
                    methods: inferred.methods,
                    methods_note: inferred.note,
                    intended_methods,
                    intended_evidence,
                    export_flow: None,
                    no_append_slash: super::views::no_append_slash(&view),
                    view: view_name(&view),
                    name: full_name,
                    categories: Vec::new(),
                    origin: ctx.origin,
                    regex: ctx.regex || *regex,
                    condition: Self::join_condition(&Self::with_condition(ctx, unknown), condition),
                    source: Source {
                        file: file.clone(),
                        line: *line,
                    },
                });
            }
            UrlEntry::Include {
                regex,
                route,
                target,
                app_name,
                namespace,
                file,
                line,
                condition,
            } => {
                let (route, unknown) = self.known_route(route, file, *line);
                let prefix = format!("{}{}", ctx.prefix, level(&route));
                let sub = Ctx {
                    prefix,
                    regex: ctx.regex || *regex,
                    namespaces: ctx.namespaces.clone(),
                    origin: ctx.origin,
                    condition: Self::join_condition(&Self::with_condition(ctx, unknown), condition),
                };
                self.include_target(target, app_name, namespace, sub, file, *line);
            }
            UrlEntry::I18n {
                entries,
                prefix_default_language,
                file,
                line,
            } => {
                let mut sub = ctx.clone();
                if *prefix_default_language {
                    sub.prefix = format!("{}{}/", ctx.prefix, self.opts.language_code);
                    // Django looks for them in the root URLconf only.
                    if self.stack.len() == 1 && ctx.prefix.is_empty() {
                        self.out.i18n_prefix = Some(self.opts.language_code.clone());
                    }
                }
                self.walk_entries(entries, &sub, file, *line);
            }
        }
    }

    /// Where an `include(...)` leads: the admin site, a list of patterns
    /// (walked in place), a URLconf module, or something that is not one.
    fn include_target(
        &mut self,
        target: &Value,
        app_name: &Option<String>,
        namespace: &Option<String>,
        mut sub: Ctx,
        file: &str,
        line: usize,
    ) {
        let target = self.it.resolve(target.clone());
        match &target {
            Value::External(d) if d.ends_with("admin.site.urls") => {
                self.external(
                    &sub.prefix,
                    "django.contrib.admin.site.urls",
                    "Django admin site",
                    file,
                    line,
                );
            }
            Value::List(_) | Value::Tuple(_) => {
                let ns = namespace.clone().or_else(|| app_name.clone());
                if let Some(ns) = ns {
                    sub.namespaces.push(ns);
                }
                let items = target.items().unwrap_or_default();
                self.walk_entries(&items, &sub, file, line);
            }
            Value::Str(_) | Value::Module(_) | Value::External(_) => {
                let dotted = match &target {
                    Value::Str(s) => s.template(),
                    Value::Module(m) | Value::External(m) => m.clone(),
                    _ => unreachable!("matched above"),
                };
                self.include_module(&dotted, app_name, namespace, sub, file, line);
            }
            Value::Unknown(_) => {} // warned where include() was evaluated
            other => self.it.diags.warn_at(
                file,
                line,
                format!(
                    "include target `{}` is not a URLconf; left out",
                    other.describe()
                ),
            ),
        }
    }

    fn include_module(
        &mut self,
        dotted: &str,
        app_name: &Option<String>,
        namespace: &Option<String>,
        mut sub: Ctx,
        file: &str,
        line: usize,
    ) {
        if !self.it.exists(dotted) {
            let top = dotted.split('.').next().unwrap_or(dotted);
            let third_party = dotted.starts_with("django.")
                || self.opts.installed_apps.contains(top)
                || self
                    .opts
                    .installed_apps
                    .contains(dotted.rsplit_once('.').map(|p| p.0).unwrap_or(""));
            if third_party {
                self.it.diags.warn_at(
                    file,
                    line,
                    format!(
                        "include target `{dotted}` not found in the project or a virtualenv inside it; listed as an external include under /{} (pass --site-packages DIR to expand it)",
                        sub.prefix
                    ),
                );
                self.external(
                    &sub.prefix,
                    dotted,
                    "third-party URLconf whose source was not found",
                    file,
                    line,
                );
            } else {
                let rel = dotted.replace('.', "/");
                self.it.diags.warn_at(
                    file,
                    line,
                    format!(
                        "include target `{dotted}` not found (looked for {rel}.py and {rel}/__init__.py in the project and site-packages); its routes are missing"
                    ),
                );
            }
            return;
        }
        if self.it.module_origin(dotted) == Some(Origin::External) {
            sub.origin = RouteOrigin::External;
        }
        // Django: the module's own `app_name` wins over the tuple's.
        let module_app = self.it.load(dotted).and_then(|idx| {
            self.it.modules[idx]
                .scope
                .get("app_name")
                .and_then(|v| v.as_known_str())
        });
        let app = module_app.or_else(|| app_name.clone());
        if let Some(ns) = namespace.clone().or(app) {
            sub.namespaces.push(ns);
        }
        self.walk_module(dotted, &sub, Some((file, line)));
    }

    fn external(&mut self, prefix: &str, module: &str, reason: &str, file: &str, line: usize) {
        self.out.external_includes.push(ExternalInclude {
            prefix: format!("/{prefix}"),
            module: module.to_string(),
            reason: reason.to_string(),
            source: Source {
                file: file.to_string(),
                line,
            },
        });
    }
}
