//! The values DRF routers hand to code and the calls that make them:
//! `Route(...)`/`DynamicRoute(...)`, `super()` in a router method, a
//! route's `_replace` and its mapping's `update`, `getattr` on a viewset
//! class; and the small checks the router code shares.

use super::routers::{MappingRef, RouteDef, RouterClass, RouterContext, SuperRef};
use crate::python::{Args, Interp, Site, Value};
use std::rc::Rc;

/// Where a call happens, as file and line.
pub fn site_of(it: &Interp, site: Site) -> (String, usize) {
    let file = it
        .file_of(site.module)
        .map(|f| f.display.clone())
        .unwrap_or_default();
    (file, crate::parsing::line_of(site))
}

/// A class named like a router (`FancyRouter`): an unknown one is said.
pub fn looks_like_router(dotted: &str) -> bool {
    let last = dotted.rsplit('.').next().unwrap_or(dotted);
    last.ends_with("Router") && last.starts_with(|c: char| c.is_ascii_uppercase())
}

/// `Route(url, mapping, name, detail, initkwargs)` or `DynamicRoute(url,
/// name, detail, initkwargs)`.
pub fn route_value(it: &mut Interp, with_mapping: bool, args: &Args, site: Site) -> Value {
    let (name_at, detail_at) = if with_mapping { (2, 3) } else { (1, 2) };
    let url = args.get(0, "url").and_then(|v| v.as_known_str());
    let name = args.get(name_at, "name").and_then(|v| v.as_known_str());
    let detail = args.get(detail_at, "detail").and_then(|v| v.truthy());
    let mapping = if with_mapping {
        match args.get(1, "mapping") {
            Some(Value::Dict(d)) => {
                let pairs: Option<Vec<(String, String)>> = d
                    .borrow()
                    .iter()
                    .map(|(k, v)| Some((k.as_known_str()?, v.as_known_str()?)))
                    .collect();
                pairs.map(|p| Some(Rc::new(std::cell::RefCell::new(p))))
            }
            _ => None,
        }
    } else {
        Some(None)
    };
    match (url, name, detail, mapping) {
        (Some(url), Some(name), Some(detail), Some(mapping)) => RouteDef {
            url,
            name,
            detail,
            mapping,
        }
        .value(),
        _ => {
            let text = it.node_text(site.module, site);
            Value::unknown(text, "a route whose parts are not all known")
        }
    }
}

/// `super()` (or `super(Class, self)`) in a router method.
pub fn super_value(ctx: &RouterContext, args: &Args) -> Option<Value> {
    let (router, index) = ctx.frames.borrow().last().cloned()?;
    let from = match args.pos.first() {
        Some(Value::Class(c)) => router
            .mro
            .iter()
            .position(|r| matches!(r, RouterClass::Project(p) if p.node.id() == c.node.id()))?,
        _ => index,
    };
    Some(Value::Host(Rc::new(SuperRef {
        router,
        from: from + 1,
    })))
}

pub fn mapping_method(m: &MappingRef, name: &str, args: &Args) -> Option<Value> {
    match name {
        "update" => {
            let mut pairs: Vec<(String, String)> = Vec::new();
            if let Some(Value::Dict(d)) = args.pos.first() {
                for (k, v) in d.borrow().iter() {
                    pairs.push((k.as_known_str()?, v.as_known_str()?));
                }
            }
            for (k, v) in &args.kw {
                pairs.push((k.clone(), v.as_known_str()?));
            }
            let mut map = m.0.borrow_mut();
            for (k, v) in pairs {
                match map.iter_mut().find(|(m, _)| *m == k) {
                    Some(slot) => slot.1 = v,
                    None => map.push((k, v)),
                }
            }
            Some(Value::None)
        }
        "copy" => Some(m.dict()),
        "values" | "keys" | "items" => {
            let map = m.0.borrow();
            let items = map
                .iter()
                .map(|(k, v)| match name {
                    "keys" => Value::str(k.clone()),
                    "values" => Value::str(v.clone()),
                    _ => Value::Tuple(vec![Value::str(k.clone()), Value::str(v.clone())]),
                })
                .collect();
            Some(Value::list(items))
        }
        _ => None,
    }
}

/// `route._replace(url=...)`: a new route sharing the mapping.
pub fn route_method(r: &RouteDef, name: &str, args: &Args) -> Option<Value> {
    if name != "_replace" {
        return None;
    }
    let mut new = r.clone();
    for (k, v) in &args.kw {
        match k.as_str() {
            "url" => new.url = v.as_known_str()?,
            "name" => new.name = v.as_known_str()?,
            "detail" => new.detail = v.truthy()?,
            _ => {}
        }
    }
    Some(new.value())
}

/// `getattr(cls, name, default)` on a class of the analysed source (a
/// router method reading its viewset's `lookup_field`): the attribute when
/// a class of the hierarchy sets it, the default when none does and every
/// base is known; `None` (not answered) otherwise.
pub fn class_getattr(it: &mut Interp, args: &Args) -> Option<Value> {
    let [Value::Class(c), name, rest @ ..] = args.pos.as_slice() else {
        return None;
    };
    let name = name.as_known_str()?;
    if let Some(v) = it.class_attr(c, &name) {
        return Some(v);
    }
    let default = rest.first()?;
    let members =
        super::views::class_members(it, &super::url_values::ClassTarget::Local(c.clone()));
    members.unknown_bases.is_empty().then(|| default.clone())
}

/// A viewset whose `get_extra_actions` is its own decides at run time
/// which `@action`s get routes: said once per defining class, since its
/// actions are read as declared.
pub fn extra_actions_override(
    it: &mut Interp,
    ctx: &RouterContext,
    class: &super::url_values::ClassTarget,
    file: &str,
    line: usize,
) {
    let super::url_values::ClassTarget::Local(c) = class else {
        return;
    };
    let Some(Value::Function(f)) = it.class_attr(c, "get_extra_actions") else {
        return;
    };
    if ctx.extra_actions.resolved(&class.dotted()) {
        return;
    }
    let defining = format!("{}.{}", f.module, f.qualname);
    if ctx.warned.borrow_mut().insert(defining.clone()) {
        it.diags.warn_at(
            file,
            line,
            format!(
                "viewset `{}` inherits `{defining}`, which chooses its @action routes at run time; every declared @action is listed",
                class.dotted()
            ),
        );
    }
}
