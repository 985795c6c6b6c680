//! The Django and DRF objects URLconf code builds, as the evaluator carries
//! them: host values ([`HostValue`]) it knows nothing of, made and read by
//! the hooks (`django`, `drf`) and the URLconf walker (`urlconf`).

use super::names::canonical;
use crate::python::value::{Attributes, ClassRef, HostValue};
use crate::python::{Str, Value};
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// A class that is either in analysed source or known only by name.
#[derive(Debug, Clone)]
pub enum ClassTarget {
    Local(ClassRef),
    External(String),
}

impl ClassTarget {
    pub fn dotted(&self) -> String {
        match self {
            ClassTarget::Local(c) => format!("{}.{}", c.module, c.qualname),
            ClassTarget::External(d) => d.clone(),
        }
    }
}

/// `Class.as_view(**initkwargs)`.
#[derive(Debug, Clone)]
pub struct AsView {
    pub class: ClassTarget,
    pub initkwargs: Vec<(String, Value)>,
}

impl HostValue for AsView {
    fn describe(&self) -> String {
        format!("{}.as_view()", self.class.dotted())
    }

    fn is_callable(&self) -> bool {
        true
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl AsView {
    pub fn value(class: ClassTarget, initkwargs: Vec<(String, Value)>) -> Value {
        Value::Host(Rc::new(AsView { class, initkwargs }))
    }
}

/// An instance of a class whose instances Django calls as views (a
/// syndication `Feed()`): its listing names it by its class.
#[derive(Debug, Clone)]
pub struct CallableInstance {
    pub class: ClassTarget,
}

impl HostValue for CallableInstance {
    fn describe(&self) -> String {
        format!("{}()", self.class.dotted())
    }

    fn is_callable(&self) -> bool {
        true
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A URL pattern entry as Django's `path`/`re_path`/`include` build them.
#[derive(Debug, Clone)]
pub enum UrlEntry {
    Pattern {
        regex: bool,
        route: Str,
        view: Value,
        name: Option<String>,
        file: String,
        line: usize,
        /// Condition the pattern sits under (`settings.DEBUG`), when unknown.
        condition: Option<String>,
        /// Methods fixed by the code that generated the pattern (DRF routers).
        methods: Option<Vec<String>>,
    },
    Include {
        regex: bool,
        route: Str,
        target: Box<Value>,
        app_name: Option<String>,
        namespace: Option<String>,
        file: String,
        line: usize,
        condition: Option<String>,
    },
    /// `i18n_patterns(...)`: its entries under a language prefix.
    I18n {
        entries: Vec<Value>,
        prefix_default_language: bool,
        file: String,
        line: usize,
    },
}

impl UrlEntry {
    /// The entry as the object Django builds (`URLPattern`/`URLResolver`),
    /// whose attributes code may read and assign.
    pub fn value(self) -> Value {
        UrlObject::value(self, None)
    }
}

/// A `URLPattern` or `URLResolver` object: one value shared by every list
/// that holds it, so that `entry.callback = wrap(entry.callback)` in a
/// function that walks a list changes the route the URLconf serves.
#[derive(Debug)]
pub struct UrlObject {
    pub entry: RefCell<UrlEntry>,
    /// The `RoutePattern`/`RegexPattern` object, once made or read (what
    /// code sets on it, `pattern._flag = True`, stays on it).
    /// Boxed: most entries never have one, and the URLconfs hold thousands.
    pub pattern: RefCell<Option<Box<Value>>>,
    /// Attributes code set that Django's object does not define.
    pub extra: Attributes,
}

impl HostValue for UrlObject {
    fn describe(&self) -> String {
        "a URL pattern".into()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl UrlObject {
    pub fn value(entry: UrlEntry, pattern: Option<Value>) -> Value {
        Value::Host(Rc::new(UrlObject {
            entry: RefCell::new(entry),
            pattern: RefCell::new(pattern.map(Box::new)),
            extra: Attributes::default(),
        }))
    }
}

/// The URL entry `v` is, as it stands now (a copy: walking it may run
/// code that changes the object).
pub fn url_entry(v: &Value) -> Option<UrlEntry> {
    host::<UrlObject>(v).and_then(|o| o.entry.try_borrow().ok().map(|e| e.clone()))
}

/// A `RoutePattern` (`path()`) or `RegexPattern` (`re_path()`) object.
#[derive(Debug)]
pub struct PatternObject {
    pub regex: bool,
    pub route: Str,
    pub name: Option<String>,
    /// Attributes code set on it (`pattern._require_live = False`).
    pub extra: Attributes,
}

impl HostValue for PatternObject {
    fn describe(&self) -> String {
        let class = if self.regex {
            "RegexPattern"
        } else {
            "RoutePattern"
        };
        format!("{class}({:?})", self.route.template())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The result of `include(...)` before it is placed under a prefix.
#[derive(Debug, Clone)]
pub struct IncludeArg {
    pub target: Box<Value>,
    pub app_name: Option<String>,
    pub namespace: Option<String>,
}

impl HostValue for IncludeArg {
    fn describe(&self) -> String {
        "include(...)".into()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The host value of type `T` that `v` is, if it is one.
pub fn host<T: 'static>(v: &Value) -> Option<&T> {
    match v {
        Value::Host(h) => h.as_any().downcast_ref::<T>(),
        _ => None,
    }
}

/// The class behind a view value, if it is a class.
pub fn class_of(v: &Value) -> Option<ClassTarget> {
    match v {
        Value::Class(c) => Some(ClassTarget::Local(c.clone())),
        Value::External(d) => Some(ClassTarget::External(canonical(d))),
        _ => host::<AsView>(v).map(|a| a.class.clone()),
    }
}
