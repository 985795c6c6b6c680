//! The settings behind the redirects Django's middleware answers before any
//! view runs: `CommonMiddleware`'s `APPEND_SLASH` redirect and
//! `LocaleMiddleware`'s language prefix. Read from the settings module like
//! `ROOT_URLCONF`; a setting that is not set takes Django's default, one that
//! cannot be evaluated is an unknown with a warning.

use super::django::DjangoHooks;
use crate::model::{language_variant, Redirects};
use crate::python::{Interp, Value};

const COMMON: &str = "django.middleware.common.CommonMiddleware";
const LOCALE: &str = "django.middleware.locale.LocaleMiddleware";

/// Codes of Django's default `LANGUAGES` (`django.conf.global_settings`).
const DJANGO_LANGUAGES: &[&str] = &[
    "af", "ar", "ar-dz", "ast", "az", "bg", "be", "bn", "br", "bs", "ca", "ckb", "cs", "cy", "da",
    "de", "dsb", "el", "en", "en-au", "en-gb", "eo", "es", "es-ar", "es-co", "es-mx", "es-ni",
    "es-ve", "et", "eu", "fa", "fi", "fr", "fy", "ga", "gd", "gl", "he", "hi", "hr", "hsb", "hu",
    "hy", "ia", "id", "ig", "io", "is", "it", "ja", "ka", "kab", "kk", "km", "kn", "ko", "ky",
    "lb", "lt", "lv", "mk", "ml", "mn", "mr", "ms", "my", "nb", "ne", "nl", "nn", "os", "pa", "pl",
    "pt", "pt-br", "ro", "ru", "sk", "sl", "sq", "sr", "sr-latn", "sv", "sw", "ta", "te", "tg",
    "th", "tk", "tr", "tt", "udm", "ug", "uk", "ur", "uz", "vi", "zh-hans", "zh-hant",
];

/// One setting as Django would see it.
enum Setting {
    /// Not set in the settings module: Django's default applies.
    NotSet,
    Set(Value),
    /// No settings module to read.
    NoModule,
}

/// The redirect settings of the project; `i18n_prefix` is what the root
/// URLconf's `i18n_patterns` put in front of their routes.
pub fn redirect_settings(
    it: &mut Interp,
    hooks: &DjangoHooks,
    i18n_prefix: Option<String>,
) -> Redirects {
    let middleware = read(it, hooks, "MIDDLEWARE");
    let languages = language_codes(it, hooks);
    let language_code = match read(it, hooks, "LANGUAGE_CODE") {
        Setting::NotSet => Some("en-us".to_string()),
        Setting::Set(v) => v.as_known_str(),
        Setting::NoModule => None,
    };
    let language = match (&language_code, &languages) {
        (Some(code), Some(langs)) => Some(supported_variant(code, langs)),
        _ => None,
    };
    let [common_middleware, locale_middleware] =
        installed(it, hooks, &middleware, [COMMON, LOCALE]);
    if i18n_prefix.is_some() && language.is_none() && locale_middleware != Some(false) {
        warn(
            it,
            hooks,
            "LANGUAGE_CODE",
            "the language of the locale redirect cannot be known (LANGUAGE_CODE or LANGUAGES not evaluable); requests it would redirect are not joined through it",
        );
    }
    let slash_matters = common_middleware != Some(false) || locale_middleware != Some(false);
    Redirects {
        common_middleware,
        locale_middleware,
        append_slash: flag(it, hooks, "APPEND_SLASH", true, slash_matters),
        // Only what becomes of a redirected write depends on it, and the
        // finding says both.
        debug: flag(it, hooks, "DEBUG", false, false),
        i18n_prefix,
        language,
        languages: languages.unwrap_or_default(),
    }
}

fn read(it: &mut Interp, hooks: &DjangoHooks, name: &str) -> Setting {
    let Some(module) = hooks.settings_module.borrow().clone() else {
        return Setting::NoModule;
    };
    let Some(idx) = it.load(&module) else {
        return Setting::NoModule;
    };
    match it.modules[idx].scope.get(name).cloned() {
        Some(v) => Setting::Set(it.resolve(v)),
        None => Setting::NotSet,
    }
}

/// Warns about `name` at the line of the settings module that binds it.
fn warn(it: &mut Interp, hooks: &DjangoHooks, name: &str, what: &str) {
    let Some(module) = hooks.settings_module.borrow().clone() else {
        return;
    };
    let Some(idx) = it.load(&module) else {
        return;
    };
    let m = &it.modules[idx];
    let file = m
        .file
        .map(|f| f.display.clone())
        .unwrap_or_else(|| m.name.clone());
    let line = m.lines.get(name).copied().unwrap_or(0);
    it.diags
        .warn_at(&file, line, format!("{name} in {module}: {what}"));
}

/// A boolean setting, `default` when not set; when it cannot be evaluated,
/// `None`, with a warning when `warn_unknown`.
fn flag(
    it: &mut Interp,
    hooks: &DjangoHooks,
    name: &str,
    default: bool,
    warn_unknown: bool,
) -> Option<bool> {
    match read(it, hooks, name) {
        Setting::NotSet => Some(default),
        Setting::NoModule => None,
        Setting::Set(v) => {
            let known = v.truthy();
            if known.is_none() && warn_unknown {
                warn(
                    it,
                    hooks,
                    name,
                    &format!(
                        "`{}` cannot be evaluated statically; requests that only a redirect depending on it would lead to a route are reported as matching none",
                        v.describe()
                    ),
                );
            }
            known
        }
    }
}

/// Whether each of `classes` is in `MIDDLEWARE` (Django's default is
/// empty); one warning when the list cannot be read whole.
fn installed(
    it: &mut Interp,
    hooks: &DjangoHooks,
    middleware: &Setting,
    classes: [&str; 2],
) -> [Option<bool>; 2] {
    let v = match middleware {
        Setting::NotSet => return [Some(false); 2],
        Setting::NoModule => return [None; 2],
        Setting::Set(v) => v,
    };
    let (names, unknown) = match v.items() {
        Some(items) => {
            let unknown = items
                .iter()
                .find(|i| i.as_known_str().is_none())
                .map(Value::describe);
            let names: Vec<String> = items.iter().filter_map(Value::as_known_str).collect();
            (names, unknown)
        }
        None => (Vec::new(), Some(v.describe())),
    };
    let found = classes.map(|c| names.iter().any(|n| n == c));
    if let Some(text) = unknown.filter(|_| !found.iter().all(|f| *f)) {
        warn(
            it,
            hooks,
            "MIDDLEWARE",
            &format!(
                "`{text}` cannot be evaluated statically; whether CommonMiddleware and LocaleMiddleware are installed is not known, and requests that only their redirects would lead to a route are reported as matching none"
            ),
        );
        return found.map(|f| f.then_some(true));
    }
    found.map(Some)
}

/// The codes of `LANGUAGES` (Django's list when not set); `None` when they
/// cannot be known.
fn language_codes(it: &mut Interp, hooks: &DjangoHooks) -> Option<Vec<String>> {
    let v = match read(it, hooks, "LANGUAGES") {
        Setting::NotSet => return Some(DJANGO_LANGUAGES.iter().map(|s| s.to_string()).collect()),
        Setting::NoModule => return None,
        Setting::Set(v) => v,
    };
    v.items()?
        .iter()
        .map(|pair| pair.items()?.first()?.as_known_str())
        .map(|c| c.map(|c| c.to_ascii_lowercase()))
        .collect()
}

/// The language Django activates for a request that names none: the
/// variant of `code` in `languages`, else `code` itself.
fn supported_variant(code: &str, languages: &[String]) -> String {
    language_variant(code, languages).unwrap_or_else(|| code.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_default_language_code_is_served_as_its_generic_variant() {
        let django = langs(DJANGO_LANGUAGES);
        assert_eq!(supported_variant("en-us", &django), "en");
        assert_eq!(supported_variant("pt-br", &django), "pt-br");
        assert_eq!(
            supported_variant("en-us", &langs(&["en-us", "de"])),
            "en-us"
        );
        assert_eq!(supported_variant("de", &langs(&["de-at"])), "de-at");
        assert_eq!(supported_variant("xx", &langs(&["de"])), "xx");
    }
}
