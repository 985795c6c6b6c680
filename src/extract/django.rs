//! What the evaluator knows of Django and Django REST framework: `path`,
//! `re_path`, `include`, `static`, `i18n_patterns`, `register_converter`,
//! `as_view`, routers. These are modelled, never evaluated from source, so a
//! project without a virtualenv reads the same as one with it.

use super::known_views;
use super::names::canonical;
use super::routers::{RouterContext, KNOWN_ROUTER_MODULES};
use super::url_objects;
use super::url_values::{host, AsView, ClassTarget, IncludeArg, UrlEntry};
use super::view_objects::{self, as_view_kwargs, callable_instance, AsViewFrames, AsViewSuper};
use crate::python::value::ClassRef;
use crate::python::{Args, Hooks, Interp, Site, Str, Value};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Module prefixes modelled here rather than read from source.
const BUILTIN_PREFIXES: &[&str] = &[
    "django.urls",
    "django.conf",
    "django.views",
    "django.http",
    "django.shortcuts",
    "django.contrib.admin",
    "django.contrib.auth.decorators",
    "django.contrib.auth.mixins",
    "django.contrib.auth.models",
    "django.contrib.staticfiles",
    "django.utils",
    "django.db",
    "django.core",
    "django.template",
    "django.forms",
    "django.middleware",
    "django.apps",
    "rest_framework",
];

/// Django/DRF hooks plus the custom path converters the URLconfs register.
#[derive(Default)]
pub struct DjangoHooks {
    /// Converter name -> its class (for its `regex`).
    pub converters: RefCell<BTreeMap<String, Value>>,
    /// Dotted settings module for `django.conf.settings` look-ups.
    pub settings_module: RefCell<Option<String>>,
    /// What the DRF router hooks keep between calls.
    pub routers: RouterContext,
    /// The app configs of `INSTALLED_APPS`, once made (`apps`).
    pub app_configs: RefCell<Option<Vec<Value>>>,
    /// The `as_view` overrides being run (for their `super()`).
    pub as_view_frames: AsViewFrames,
    /// What the project set on model options (`model_meta`).
    pub models: super::model_fields::ModelContext,
}

impl DjangoHooks {
    /// `settings.NAME` from the settings module, as Django would see it.
    pub fn setting(&self, it: &mut Interp, name: &str) -> Value {
        let module = self.settings_module.borrow().clone();
        let Some(m) = module else {
            return Value::unknown(format!("settings.{name}"), "no settings module");
        };
        let Some(idx) = it.load(&m) else {
            return Value::unknown(format!("settings.{name}"), "settings module not found");
        };
        match it.modules[idx].scope.get(name).cloned() {
            Some(v) => it.resolve(v),
            None if name == "CSRF_FAILURE_VIEW" => {
                // django.conf.global_settings: a dotted path URLconfs hand
                // to get_callable().
                Value::str("django.views.csrf.csrf_failure")
            }
            // django.conf.global_settings: URLconfs choose their catch-all
            // pattern by it.
            None if name == "APPEND_SLASH" => Value::Bool(true),
            // django.conf.global_settings: what models' options read.
            None if name == "AUTH_USER_MODEL" => Value::str("auth.User"),
            None if name == "DEFAULT_AUTO_FIELD" => Value::str("django.db.models.AutoField"),
            None => Value::unknown(
                format!("settings.{name}"),
                format!("{name} is not set in {m}"),
            ),
        }
    }

    fn pattern(&self, it: &mut Interp, regex: bool, args: &Args, site: Site) -> Value {
        let file = it
            .file_of(site.module)
            .map(|f| f.display.clone())
            .unwrap_or_default();
        let line = crate::parsing::line_of(site);
        let route = match args.get(0, "route") {
            Some(Value::Str(s)) => s.clone(),
            // Warned where the URLconf walk places it (`urlconf`).
            Some(other) => Str::hole(other.describe()),
            None => Str::lit(""),
        };
        let name = args.get(3, "name").and_then(|n| n.as_known_str());
        let condition = it.condition();
        let view = args.get(1, "view").cloned().unwrap_or(Value::None);
        let view = it.resolve(view);
        let include = match &view {
            Value::Host(_) => host::<IncludeArg>(&view).cloned(),
            // `path("x/", (patterns, app_name, namespace))`, Django's own tuple form.
            Value::Tuple(items) if !items.is_empty() => Some(IncludeArg {
                target: Box::new(items[0].clone()),
                app_name: items.get(1).and_then(|v| v.as_known_str()),
                namespace: items.get(2).and_then(|v| v.as_known_str()),
            }),
            Value::List(_) => Some(IncludeArg {
                target: Box::new(view.clone()),
                app_name: None,
                namespace: None,
            }),
            Value::External(d) if d.ends_with("admin.site.urls") => Some(IncludeArg {
                target: Box::new(view.clone()),
                app_name: Some("admin".into()),
                namespace: Some("admin".into()),
            }),
            _ => None,
        };
        let entry = match include {
            Some(inc) => UrlEntry::Include {
                regex,
                route,
                target: inc.target,
                app_name: inc.app_name,
                namespace: inc.namespace,
                file,
                line,
                condition,
            },
            None => UrlEntry::Pattern {
                regex,
                route,
                view,
                name,
                file,
                line,
                condition,
                methods: None,
            },
        };
        entry.value()
    }

    fn include(&self, it: &mut Interp, args: &Args, site: Site) -> Value {
        let arg = args.get(0, "arg").cloned().unwrap_or(Value::None);
        let mut namespace = args.get(1, "namespace").and_then(|n| n.as_known_str());
        let (target, app_name) = match &arg {
            Value::Tuple(items) if items.len() == 2 => (items[0].clone(), items[1].as_known_str()),
            Value::Tuple(items) if items.len() == 3 => {
                // Django < 2 accepted (urlconf, app_name, namespace).
                namespace = namespace.or_else(|| items[2].as_known_str());
                (items[0].clone(), items[1].as_known_str())
            }
            other => (other.clone(), None),
        };
        let target = it.resolve(target);
        // `include("dotted.module")` imports the module at once, as Django
        // does: what its import registers (in a router another module
        // reads, for one) happens before the code after this call runs.
        if let Some(module) = target.as_known_str().filter(|m| it.exists(m)) {
            it.load(&module);
        }
        if target.is_unknown() {
            let text = target.describe();
            it.warn(
                site.module,
                site,
                format!("include target `{text}` cannot be evaluated statically; its routes are missing"),
            );
        }
        Value::Host(Rc::new(IncludeArg {
            target: Box::new(target),
            app_name,
            namespace,
        }))
    }

    /// `django.conf.urls.static.static(prefix, view=serve)`.
    fn static_urls(&self, it: &mut Interp, args: &Args, site: Site) -> Value {
        let view = args
            .get(1, "view")
            .cloned()
            .unwrap_or_else(|| Value::External("django.views.static.serve".into()));
        self.static_route(it, args.get(0, "prefix"), view, site)
    }

    /// `staticfiles_urlpatterns(prefix=None)`: `static()` of the prefix, by
    /// default `STATIC_URL`, with the staticfiles app's `serve`.
    fn staticfiles_urls(&self, it: &mut Interp, args: &Args, site: Site) -> Value {
        let prefix = match args.get(0, "prefix") {
            None | Some(Value::None) => self.setting(it, "STATIC_URL"),
            Some(p) => p.clone(),
        };
        let view = Value::External("django.contrib.staticfiles.views.serve".into());
        self.static_route(it, Some(&prefix), view, site)
    }

    /// Nothing unless DEBUG and a local prefix, as Django's `static()`.
    fn static_route(
        &self,
        it: &mut Interp,
        prefix: Option<&Value>,
        view: Value,
        site: Site,
    ) -> Value {
        let debug = self.setting(it, "DEBUG");
        if debug.truthy() == Some(false) {
            return Value::list(vec![]);
        }
        let Some(prefix) = prefix.and_then(|p| p.as_known_str()) else {
            // Django serves the route only under DEBUG: say so where DEBUG
            // is not known either, or the warning reads as a certain loss.
            let when = if debug.truthy().is_none() {
                " (Django adds it only when settings.DEBUG is true)"
            } else {
                ""
            };
            // The argument as written says more than the unknown's own
            // text (a method's name, for a value read through an object).
            let text = it
                .first_argument_text(site)
                .unwrap_or_else(|| prefix.map_or_else(|| "None".to_string(), Value::describe));
            it.warn(
                site.module,
                site,
                format!("static() prefix `{text}` cannot be evaluated statically; its route{when} is missing"),
            );
            return Value::list(vec![]);
        };
        if prefix.is_empty() || prefix.contains("://") {
            return Value::list(vec![]);
        }
        let route = format!(
            "^{}(?P<path>.*)$",
            regex_escape(prefix.trim_start_matches('/'))
        );
        let file = it
            .file_of(site.module)
            .map(|f| f.display.clone())
            .unwrap_or_default();
        let condition = if debug.truthy().is_none() {
            Some("settings.DEBUG".to_string())
        } else {
            it.condition()
        };
        Value::list(vec![UrlEntry::Pattern {
            regex: true,
            route: Str::lit(route),
            view,
            name: None,
            file,
            line: crate::parsing::line_of(site),
            condition,
            methods: None,
        }
        .value()])
    }
}

/// Python's `re.escape` (3.7+): escapes only regex metacharacters.
fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "()[]{}?*+-|^$\\.&~# \t\n\r\x0b\x0c".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Hooks for DjangoHooks {
    fn instantiate(
        &self,
        it: &mut Interp,
        class: &ClassRef,
        base: &str,
        args: &Args,
        site: Site,
    ) -> Option<Value> {
        if let Some(v) = super::model_fields::field_subclass(it, class, base, args, site) {
            return Some(v);
        }
        if let Some(v) = super::querysets::instantiate(class, &canonical(base), args) {
            return Some(v);
        }
        super::drf::instantiate(it, &self.routers, class, base, args, site)
    }

    fn instance(&self, it: &mut Interp, class: &ClassRef, _site: Site) -> Option<Value> {
        callable_instance(it, class)
    }

    fn set_attribute(&self, _it: &mut Interp, recv: &Value, name: &str, value: Value) -> bool {
        if let Value::External(_) = recv {
            return self.set_options_attribute(recv, name, value);
        }
        url_objects::set_attribute(recv, name, value.clone())
            || super::drf::set_attribute(recv, name, value)
    }

    fn dir_names(&self, _it: &mut Interp, recv: &Value) -> Option<Vec<String>> {
        url_objects::dir_names(recv)
    }

    fn external_is_subclass(&self, class: &str, target: &str) -> Option<bool> {
        super::model_fields::external_is_subclass(class, target)
    }

    fn is_builtin(&self, dotted: &str) -> bool {
        BUILTIN_PREFIXES
            .iter()
            .chain(KNOWN_ROUTER_MODULES)
            .any(|p| {
                dotted == *p
                    || (dotted.starts_with(p) && dotted.as_bytes().get(p.len()) == Some(&b'.'))
            })
    }

    fn call(&self, it: &mut Interp, callee: &str, args: &Args, site: Site) -> Option<Value> {
        let callee = canonical(callee);
        let v = match callee.as_str() {
            "django.urls.path" => self.pattern(it, false, args, site),
            "django.urls.re_path" => self.pattern(it, true, args, site),
            "django.urls.include" => self.include(it, args, site),
            "django.conf.urls.static.static" => self.static_urls(it, args, site),
            "django.urls.get_callable" => match args.get(0, "lookup_view") {
                Some(v) => match v.as_known_str().as_deref().and_then(|d| d.rsplit_once('.')) {
                    Some((module, name)) => it.module_attr(module, name),
                    None => v.clone(),
                },
                None => return None,
            },
            "django.contrib.staticfiles.urls.staticfiles_urlpatterns" => {
                self.staticfiles_urls(it, args, site)
            }
            "django.conf.urls.i18n.i18n_patterns" => {
                let prefix_default_language = args
                    .kw("prefix_default_language")
                    .and_then(|v| v.truthy())
                    .unwrap_or(true);
                let file = it
                    .file_of(site.module)
                    .map(|f| f.display.clone())
                    .unwrap_or_default();
                Value::list(vec![UrlEntry::I18n {
                    entries: args.pos.clone(),
                    prefix_default_language,
                    file,
                    line: crate::parsing::line_of(site),
                }
                .value()])
            }
            "rest_framework.urlpatterns.format_suffix_patterns" => {
                super::format_suffix::call(it, args, site, self.routers.drf_version.get())
            }
            known_views::YASG_FACTORY => Value::External(known_views::YASG_SCHEMA_VIEW.to_string()),
            "django.urls.register_converter" => {
                let (Some(class), Some(name)) =
                    (args.get(0, "converter"), args.get(1, "type_name"))
                else {
                    return Some(Value::None);
                };
                if let Some(name) = name.as_known_str() {
                    self.converters.borrow_mut().insert(name, class.clone());
                }
                Value::None
            }
            "builtins.super" => match view_objects::super_in_as_view(&self.as_view_frames) {
                Some(v) => v,
                None => return super::drf::call(it, &self.routers, &callee, args, site),
            },
            _ => {
                if let Some(v) = super::url_objects::call(it, &callee, args, site) {
                    return Some(v);
                }
                if let Some(v) = super::model_fields::call(&callee, args) {
                    return Some(v);
                }
                if let Some(v) = self.registry_call(it, &callee, args, site) {
                    return Some(v);
                }
                return super::drf::call(it, &self.routers, &callee, args, site);
            }
        };
        Some(v)
    }

    fn method(
        &self,
        it: &mut Interp,
        recv: &Value,
        name: &str,
        args: &Args,
        site: Site,
    ) -> Option<Value> {
        if let Some(v) = super::querysets::method(it, recv, name, args, site) {
            return Some(v);
        }
        if let Some(v) = self.meta_method(it, recv, name, args, site) {
            return Some(v);
        }
        match (recv, name) {
            (Value::Class(c), "as_view") => Some(view_objects::as_view(
                it,
                &self.as_view_frames,
                c,
                args,
                site,
            )),
            (Value::Instance(i), "as_view") => match &i.class {
                Value::Class(c) if view_objects::is_instance_as_view(it, c) => None,
                // A classmethod called through an instance: the class's.
                Value::Class(c) => Some(view_objects::as_view(
                    it,
                    &self.as_view_frames,
                    c,
                    args,
                    site,
                )),
                _ => None,
            },
            (Value::External(d), "as_view") => Some(AsView::value(
                ClassTarget::External(canonical(d)),
                as_view_kwargs(args),
            )),
            // drf-yasg's schema view: its UI argument picks a renderer, not methods.
            (Value::External(d), "with_ui" | "without_ui")
                if d == known_views::YASG_SCHEMA_VIEW =>
            {
                Some(AsView::value(ClassTarget::External(d.clone()), Vec::new()))
            }
            (Value::Host(_), _) => match host::<AsViewSuper>(recv) {
                Some(sup) => view_objects::super_method(sup, name, args),
                None => super::extra_actions::super_method(recv, name)
                    .or_else(|| super::drf::method(it, &self.routers, recv, name, args, site)),
            },
            _ => None,
        }
    }

    fn has_attribute(&self, it: &mut Interp, recv: &Value, name: &str) -> Option<bool> {
        match recv {
            Value::External(d) if d == "django.conf.settings" => {
                let module = self.settings_module.borrow().clone()?;
                let idx = it.load(&module)?;
                Some(it.modules[idx].scope.contains_key(name))
            }
            Value::External(d) => self
                .app_config_has(d, name)
                .or_else(|| super::model_fields::model_has(d, name))
                .or_else(|| super::known_classes::has_attribute(d, name)),
            Value::Host(_) => url_objects::has_attribute(recv, name),
            _ => None,
        }
    }

    fn attribute(&self, it: &mut Interp, recv: &Value, name: &str, site: Site) -> Option<Value> {
        if let Some(v) = self.meta_attribute(it, recv, name, site) {
            return Some(v);
        }
        if let Some(v) = super::querysets::attribute(it, recv, name) {
            return Some(v);
        }
        match (recv, name) {
            (Value::Host(_), _) => url_objects::attribute(it, recv, name)
                .or_else(|| super::drf::attribute(it, &self.routers, recv, name, site)),
            (Value::External(d), _) if d == "django.conf.settings" => Some(self.setting(it, name)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_matches_python() {
        assert_eq!(regex_escape("media/"), "media/");
        assert_eq!(regex_escape("static.files/"), "static\\.files/");
    }

    #[test]
    fn builtin_prefixes_respect_dots() {
        let h = DjangoHooks::default();
        assert!(h.is_builtin("django.urls"));
        assert!(h.is_builtin("rest_framework.routers"));
        assert!(!h.is_builtin("django.contrib.auth.urls"));
        assert!(!h.is_builtin("django_extensions"));
    }
}
