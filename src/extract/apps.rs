//! Django's application registry as the static evaluator sees it: one app
//! config per `INSTALLED_APPS` entry, chosen as `AppConfig.create` chooses
//! it, answering `django.apps.apps.get_app_configs()`, `get_app_config()`,
//! `is_installed()`, `get_model()` (and `get_user_model()`); `import_string`
//! and `module_has_submodule`; and the
//! run of every app config's `ready()` before the root URLconf is read,
//! as Django runs them before the first request.

use super::django::DjangoHooks;
use crate::python::value::ClassRef;
use crate::python::{Args, Interp, Site, Value};

/// Attributes and methods every `django.apps.AppConfig` has.
const APP_CONFIG_ATTRS: &[&str] = &[
    "name",
    "module",
    "apps",
    "label",
    "verbose_name",
    "path",
    "models_module",
    "models",
    "default_auto_field",
    "create",
    "get_model",
    "get_models",
    "import_models",
    "ready",
];

/// Steps the `ready()` of one app config may take, the modules it imports
/// apart (each has its own).
const READY_STEPS: u64 = 200_000;

/// True for Django's `AppConfig` class, by any of its import paths.
pub fn is_app_config_class(dotted: &str) -> bool {
    matches!(
        dotted,
        "django.apps.AppConfig" | "django.apps.config.AppConfig"
    )
}

fn app_config_base() -> Value {
    Value::External("django.apps.AppConfig".into())
}

impl DjangoHooks {
    /// The app configs of `INSTALLED_APPS`, made once and shared (code that
    /// sets an attribute on one sees it later, as in Django).
    pub fn app_configs(&self, it: &mut Interp) -> Vec<Value> {
        if let Some(made) = self.app_configs.borrow().as_ref() {
            return made.clone();
        }
        // Set first: settings that ask for the registry while it is made
        // get an empty one rather than a loop.
        *self.app_configs.borrow_mut() = Some(Vec::new());
        let setting = self.setting(it, "INSTALLED_APPS");
        let entries = setting.items().unwrap_or_default();
        let made: Vec<Value> = entries
            .iter()
            .filter_map(|e| e.as_known_str())
            .filter_map(|e| create(it, &e))
            .collect();
        *self.app_configs.borrow_mut() = Some(made.clone());
        made
    }

    /// Calls on `django.apps.apps` and `django.utils.module_loading`;
    /// `None` for another callee.
    pub fn registry_call(
        &self,
        it: &mut Interp,
        callee: &str,
        args: &Args,
        site: Site,
    ) -> Option<Value> {
        let text = it.node_text(site.module, site);
        let first = args.pos.first().and_then(|a| a.as_known_str());
        let v = match callee {
            "django.apps.apps.get_app_configs" => Value::list(self.app_configs(it)),
            "django.apps.apps.get_app_config" => {
                let Some(label) = first else {
                    return Some(Value::unknown(text, "get_app_config() of an unknown label"));
                };
                let found = self
                    .app_configs(it)
                    .into_iter()
                    .find(|c| attr_str(c, "label").as_deref() == Some(label.as_str()));
                match found {
                    Some(c) => c,
                    None if it.raise("LookupError") => Value::None,
                    None => Value::unknown(text, format!("no installed app with label {label}")),
                }
            }
            "django.apps.apps.get_model" => self.get_model(it, args, &text, site),
            "django.contrib.auth.get_user_model" => {
                let name = self.setting(it, "AUTH_USER_MODEL");
                self.get_model(it, &Args::positional(vec![name]), &text, site)
            }
            "django.apps.apps.is_installed" => {
                let Some(name) = first else {
                    return Some(Value::unknown(text, "is_installed() of an unknown name"));
                };
                let configs = self.app_configs(it);
                Value::Bool(
                    configs
                        .iter()
                        .any(|c| attr_str(c, "name").as_deref() == Some(name.as_str())),
                )
            }
            "django.utils.module_loading.import_string" => {
                let path = args.get(0, "dotted_path").and_then(|a| a.as_known_str());
                match path {
                    Some(p) => import_string(it, &p, &text, site),
                    None => Value::unknown(text, "import_string() of an unknown path"),
                }
            }
            "django.utils.module_loading.module_has_submodule" => {
                let (Some(Value::Module(package)), Some(name)) = (
                    args.get(0, "package"),
                    args.get(1, "module_name").and_then(|a| a.as_known_str()),
                ) else {
                    return Some(Value::unknown(
                        text,
                        "module_has_submodule() of unknown values",
                    ));
                };
                let full = format!("{package}.{name}");
                if it.exists(&full) {
                    Value::Bool(true)
                } else if it.known_missing(&full) {
                    Value::Bool(false)
                } else {
                    Value::unknown(text, format!("whether module {full} exists is not known"))
                }
            }
            _ => return None,
        };
        Some(v)
    }

    /// The app config whose package holds `module` (the longest name).
    pub fn containing_app_config(&self, it: &mut Interp, module: &str) -> Option<Value> {
        let configs = self.app_configs(it);
        configs
            .into_iter()
            .filter_map(|c| {
                let name = match &c {
                    Value::Instance(i) => i.attr("name")?.as_known_str()?,
                    _ => return None,
                };
                let holds = module == name
                    || (module.starts_with(&name)
                        && module.as_bytes().get(name.len()) == Some(&b'.'));
                holds.then_some((name.len(), c))
            })
            .max_by_key(|(n, _)| *n)
            .map(|(_, c)| c)
    }

    /// `apps.get_model("app_label.Model")` or `get_model("app_label",
    /// "Model")`: the model the app's `models` module binds under that
    /// name (case-insensitive, as Django looks it up), or a known model of
    /// `django.contrib`.
    pub fn get_model(&self, it: &mut Interp, args: &Args, text: &str, site: Site) -> Value {
        let first = args.get(0, "app_label").and_then(|v| v.as_known_str());
        let second = args.get(1, "model_name").and_then(|v| v.as_known_str());
        let (label, model) = match (first, second) {
            (Some(l), Some(m)) => (l, m),
            (Some(l), None) if l.contains('.') => {
                let (a, b) = l.split_once('.').unwrap_or_default();
                (a.to_string(), b.to_string())
            }
            _ => return Value::unknown(text, "get_model() of an unknown name"),
        };
        let config = self.app_configs(it).into_iter().find(|c| match c {
            Value::Instance(i) => {
                i.attr("label").and_then(|l| l.as_known_str()) == Some(label.clone())
            }
            _ => false,
        });
        let app = match &config {
            Some(Value::Instance(i)) => i.attr("name").and_then(|n| n.as_known_str()),
            _ => None,
        };
        let known = super::model_fields::KNOWN_MODELS.iter().find(|k| {
            k.app_label == label
                && k.object_name.eq_ignore_ascii_case(&model)
                && app
                    .as_deref()
                    .is_none_or(|a| k.dotted.starts_with(&format!("{a}.")))
        });
        if let Some(k) = known {
            return Value::External(k.dotted.to_string());
        }
        let Some(app) = app else {
            return Value::unknown(
                text,
                format!("no installed app with label {label} in the sources"),
            );
        };
        let module = format!("{app}.models");
        let Some(idx) = it.exists(&module).then(|| it.load(&module)).flatten() else {
            return Value::unknown(text, format!("module {module} is not in the sources"));
        };
        let mut names: Vec<(String, Value)> = it.modules[idx]
            .scope
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(&model))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, v) in names {
            if let Value::Class(c) = it.resolve(v) {
                if it.is_subclass(
                    &Value::Class(c.clone()),
                    &Value::External("django.db.models.Model".into()),
                ) == Some(true)
                {
                    return Value::Class(c);
                }
            }
        }
        let _ = site;
        Value::unknown(
            text,
            format!("model {label}.{model} is not bound in {module}"),
        )
    }

    /// Runs `ready()` of every app config whose class defines one in the
    /// sources, in `INSTALLED_APPS` order, each within its own budget.
    pub fn run_ready(&self, it: &mut Interp) {
        for config in self.app_configs(it) {
            let Value::Instance(inst) = &config else {
                continue;
            };
            let Value::Class(class) = &inst.class else {
                continue;
            };
            if !matches!(it.class_attr(class, "ready"), Some(Value::Function(_))) {
                continue;
            }
            let Some(module) = it.load(&class.module) else {
                continue;
            };
            let site = Site::new(module, class.node);
            it.with_fresh_budget(READY_STEPS, |it| {
                let ready = it.get_attr(&config, "ready", site);
                let result = it.call_value(ready, &Args::default(), site);
                if let Value::Unknown(u) = result {
                    it.warn(
                        module,
                        class.node,
                        format!(
                            "`{}.ready()` could not be evaluated ({}); what it registers is missing",
                            class.qualname, u.reason
                        ),
                    );
                }
            });
            it.clear_raised();
        }
    }

    /// Whether an app config of Django's own class has `name`.
    pub fn app_config_has(&self, class: &str, name: &str) -> Option<bool> {
        is_app_config_class(class).then(|| APP_CONFIG_ATTRS.contains(&name))
    }
}

/// A known string attribute of an object.
fn attr_str(obj: &Value, name: &str) -> Option<String> {
    match obj {
        Value::Instance(i) => i.attr(name).and_then(|v| v.as_known_str()),
        _ => None,
    }
}

/// `import_string("a.b.Name")`: `Name` of module `a.b`; `ImportError` (as
/// Django raises it) when the module or the name does not exist.
fn import_string(it: &mut Interp, path: &str, text: &str, site: Site) -> Value {
    let Some((module, name)) = path.rsplit_once('.') else {
        return Value::unknown(text, format!("{path} is not a dotted path"));
    };
    if !it.exists(module) {
        if it.known_missing(module) && it.raise("ImportError") {
            return Value::None;
        }
        return Value::unknown(text, format!("module {module} is not in the sources"));
    }
    match it.has_attribute(&Value::Module(module.to_string()), name) {
        Some(false) => {
            if it.raise("ImportError") {
                return Value::None;
            }
            Value::unknown(text, format!("module {module} does not define {name}"))
        }
        _ => it.get_attr(&Value::Module(module.to_string()), name, site),
    }
}

/// The app config of one `INSTALLED_APPS` entry, as `AppConfig.create`
/// makes it: the entry names an AppConfig subclass, or an app module whose
/// `apps` submodule has exactly one AppConfig subclass (or one marked
/// `default = True`), else Django's own AppConfig. `None` for an entry
/// neither in the sources nor in site-packages.
fn create(it: &mut Interp, entry: &str) -> Option<Value> {
    if it.exists(entry) {
        let class = default_config_class(it, entry);
        return Some(make(it, class, entry.to_string()));
    }
    let (module, class_name) = entry.rsplit_once('.')?;
    if !it.exists(module) {
        return None;
    }
    let class = match it.module_attr(module, class_name) {
        Value::Class(c) => c,
        _ => return None,
    };
    if it.is_subclass(&Value::Class(class.clone()), &app_config_base()) != Some(true) {
        return None;
    }
    let name = it.class_attr(&class, "name")?.as_known_str()?;
    Some(make(it, Some(class), name))
}

/// The AppConfig subclass `app.apps` provides by default, if any.
fn default_config_class(it: &mut Interp, app: &str) -> Option<ClassRef> {
    let apps_module = format!("{app}.apps");
    if !it.exists(&apps_module) {
        return None;
    }
    let idx = it.load(&apps_module)?;
    let mut names: Vec<(String, Value)> = it.modules[idx]
        .scope
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    names.sort_by(|a, b| a.0.cmp(&b.0));
    let mut candidates = Vec::new();
    for (_, v) in names {
        let v = it.resolve(v);
        let Value::Class(c) = v else { continue };
        if it.is_subclass(&Value::Class(c.clone()), &app_config_base()) != Some(true) {
            continue;
        }
        let default = it.class_attr(&c, "default");
        candidates.push((c, default.and_then(|d| d.truthy())));
    }
    // As `AppConfig.create`: those not marked `default = False`; exactly
    // one, or else the one marked `default = True`.
    let kept: Vec<_> = candidates
        .into_iter()
        .filter(|(_, d)| *d != Some(false))
        .collect();
    if kept.len() == 1 {
        return kept.into_iter().next().map(|(c, _)| c);
    }
    let marked: Vec<_> = kept.into_iter().filter(|(_, d)| *d == Some(true)).collect();
    if marked.len() == 1 {
        return marked.into_iter().next().map(|(c, _)| c);
    }
    None
}

/// An app config of `class` (Django's own when `None`) for the app module
/// `name`, with the attributes `AppConfig.__init__` sets.
fn make(it: &mut Interp, class: Option<ClassRef>, name: String) -> Value {
    let class_attr = |it: &mut Interp, attr: &str| match &class {
        Some(c) => it.class_attr(c, attr),
        None => None,
    };
    let label = class_attr(it, "label")
        .and_then(|l| l.as_known_str())
        .unwrap_or_else(|| name.rsplit('.').next().unwrap_or(&name).to_string());
    // A class's own `verbose_name` is read through the class.
    let verbose_name = class_attr(it, "verbose_name")
        .is_none()
        .then(|| Value::str(title(&label)));
    let path = match class_attr(it, "path") {
        Some(p) => p,
        None => it.module_dir(&name).map(Value::str).unwrap_or_else(|| {
            Value::unknown(format!("{name}.path"), "the app's directory is not known")
        }),
    };
    let mut attrs = vec![
        ("name".to_string(), Value::str(name.clone())),
        ("module".to_string(), Value::Module(name)),
        ("label".to_string(), Value::str(label)),
        ("path".to_string(), path),
        ("models_module".to_string(), Value::None),
    ];
    if let Some(v) = verbose_name {
        attrs.push(("verbose_name".to_string(), v));
    }
    let Some(class) = class else {
        return Value::instance(app_config_base(), attrs);
    };
    let config = Value::instance(Value::Class(class.clone()), attrs);
    init(it, &class, &config);
    config
}

/// Runs the `__init__(app_name, app_module)` a project subclass defines, as
/// `AppConfig.create` does: what it sets on the config is then read by
/// `ready()` and the URLconfs. Django's own `__init__`, reached through
/// `super()`, sets what `make` already has.
fn init(it: &mut Interp, class: &ClassRef, config: &Value) {
    if !matches!(it.class_attr(class, "__init__"), Some(Value::Function(_))) {
        return;
    }
    let (Some(module), Some(name)) = (it.load(&class.module), attr_str(config, "name")) else {
        return;
    };
    let site = Site::new(module, class.node);
    it.with_fresh_budget(READY_STEPS, |it| {
        let init = it.get_attr(config, "__init__", site);
        let args = Args::positional(vec![Value::str(name.clone()), Value::Module(name)]);
        it.call_value(init, &args, site);
    });
    it.clear_raised();
}

/// Python's `str.title()` for the ASCII labels of apps.
fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if c.is_alphabetic() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = false;
        } else {
            out.push(c);
            start = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::title;

    #[test]
    fn labels_title_case_as_python_does() {
        assert_eq!(title("auth"), "Auth");
        assert_eq!(title("my_app2x"), "My_App2X");
    }
}
