//! Views of well-known third-party packages, known without their source:
//! their handler methods and the class Django names them by. Used when the
//! site-packages are not given or do not hold the package; a source found
//! there is read instead. tests/known_views.rs checks every entry against
//! the real package (pinned in tests/python/requirements.txt).

/// How a URLconf gets a view from the entry's object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A class: `Class.as_view()`.
    Class,
    /// A module attribute holding `Class.as_view()` (`obtain_auth_token`).
    Instance,
    /// drf-yasg's `get_schema_view(...)`: a class made by the call, used
    /// through `.with_ui(...)`, `.without_ui(...)` or `.as_view()`.
    SchemaViewFactory,
}

/// One view known without its source.
#[derive(Debug, Clone, Copy)]
pub struct KnownView {
    /// The name a URLconf imports it by.
    pub dotted: &'static str,
    /// `__module__.__qualname__` of its class, as Django names the view.
    pub class: &'static str,
    /// Handler methods the class defines (lower case), as `View` dispatches.
    pub handlers: &'static [&'static str],
    pub form: Form,
}

const POST: &[&str] = &["post", "options"];
const GET: &[&str] = &["get", "options"];
const GET_POST: &[&str] = &["get", "post", "options"];
const FORM: &[&str] = &["get", "post", "put", "options"];

const fn entry(
    dotted: &'static str,
    class: &'static str,
    handlers: &'static [&'static str],
    form: Form,
) -> KnownView {
    KnownView {
        dotted,
        class,
        handlers,
        form,
    }
}

const fn class(dotted: &'static str, handlers: &'static [&'static str]) -> KnownView {
    entry(dotted, dotted, handlers, Form::Class)
}

/// A class re-exported by a package under another module name.
const fn alias(
    dotted: &'static str,
    class: &'static str,
    handlers: &'static [&'static str],
) -> KnownView {
    entry(dotted, class, handlers, Form::Class)
}

const fn instance(
    dotted: &'static str,
    class: &'static str,
    handlers: &'static [&'static str],
) -> KnownView {
    entry(dotted, class, handlers, Form::Instance)
}

/// The class `get_schema_view` defines and returns.
pub const YASG_SCHEMA_VIEW: &str = "drf_yasg.views.get_schema_view.<locals>.SchemaView";
pub const YASG_FACTORY: &str = "drf_yasg.views.get_schema_view";

pub const KNOWN_VIEWS: &[KnownView] = &[
    // Django's auth views.
    class("django.contrib.auth.views.LoginView", FORM),
    class("django.contrib.auth.views.LogoutView", POST),
    class("django.contrib.auth.views.PasswordChangeView", FORM),
    class("django.contrib.auth.views.PasswordChangeDoneView", GET),
    class("django.contrib.auth.views.PasswordResetView", FORM),
    class("django.contrib.auth.views.PasswordResetDoneView", GET),
    class("django.contrib.auth.views.PasswordResetConfirmView", FORM),
    class("django.contrib.auth.views.PasswordResetCompleteView", GET),
    // DRF's token view.
    class("rest_framework.authtoken.views.ObtainAuthToken", POST),
    instance(
        "rest_framework.authtoken.views.obtain_auth_token",
        "rest_framework.authtoken.views.ObtainAuthToken",
        POST,
    ),
    // SimpleJWT.
    class("rest_framework_simplejwt.views.TokenObtainPairView", POST),
    class("rest_framework_simplejwt.views.TokenRefreshView", POST),
    class(
        "rest_framework_simplejwt.views.TokenObtainSlidingView",
        POST,
    ),
    class(
        "rest_framework_simplejwt.views.TokenRefreshSlidingView",
        POST,
    ),
    class("rest_framework_simplejwt.views.TokenVerifyView", POST),
    class("rest_framework_simplejwt.views.TokenBlacklistView", POST),
    instance(
        "rest_framework_simplejwt.views.token_obtain_pair",
        "rest_framework_simplejwt.views.TokenObtainPairView",
        POST,
    ),
    instance(
        "rest_framework_simplejwt.views.token_refresh",
        "rest_framework_simplejwt.views.TokenRefreshView",
        POST,
    ),
    instance(
        "rest_framework_simplejwt.views.token_obtain_sliding",
        "rest_framework_simplejwt.views.TokenObtainSlidingView",
        POST,
    ),
    instance(
        "rest_framework_simplejwt.views.token_refresh_sliding",
        "rest_framework_simplejwt.views.TokenRefreshSlidingView",
        POST,
    ),
    instance(
        "rest_framework_simplejwt.views.token_verify",
        "rest_framework_simplejwt.views.TokenVerifyView",
        POST,
    ),
    instance(
        "rest_framework_simplejwt.views.token_blacklist",
        "rest_framework_simplejwt.views.TokenBlacklistView",
        POST,
    ),
    // drf-spectacular.
    class("drf_spectacular.views.SpectacularAPIView", GET),
    class("drf_spectacular.views.SpectacularYAMLAPIView", GET),
    class("drf_spectacular.views.SpectacularJSONAPIView", GET),
    class("drf_spectacular.views.SpectacularSwaggerView", GET),
    class("drf_spectacular.views.SpectacularSwaggerSplitView", GET),
    class("drf_spectacular.views.SpectacularRedocView", GET),
    // drf-yasg.
    entry(YASG_FACTORY, YASG_SCHEMA_VIEW, GET, Form::SchemaViewFactory),
    // django-allauth: the classes live in private submodules of `views`.
    alias(
        "allauth.account.views.LoginView",
        "allauth.account.views._login.LoginView",
        FORM,
    ),
    alias(
        "allauth.account.views.LogoutView",
        "allauth.account.views._logout.LogoutView",
        GET_POST,
    ),
    alias(
        "allauth.account.views.SignupView",
        "allauth.account.views._signup.SignupView",
        FORM,
    ),
    alias(
        "allauth.account.views.PasswordChangeView",
        "allauth.account.views._password_change.PasswordChangeView",
        FORM,
    ),
    alias(
        "allauth.account.views.PasswordSetView",
        "allauth.account.views._password_change.PasswordSetView",
        FORM,
    ),
    alias(
        "allauth.account.views.PasswordResetView",
        "allauth.account.views._password_reset.PasswordResetView",
        FORM,
    ),
    alias(
        "allauth.account.views.PasswordResetDoneView",
        "allauth.account.views._password_reset.PasswordResetDoneView",
        GET,
    ),
    alias(
        "allauth.account.views.PasswordResetFromKeyView",
        "allauth.account.views._password_reset.PasswordResetFromKeyView",
        FORM,
    ),
    alias(
        "allauth.account.views.PasswordResetFromKeyDoneView",
        "allauth.account.views._password_reset.PasswordResetFromKeyDoneView",
        GET,
    ),
    alias(
        "allauth.account.views.EmailView",
        "allauth.account.views._email_change.EmailView",
        FORM,
    ),
    alias(
        "allauth.account.views.ConfirmEmailView",
        "allauth.account.views._email_verification.ConfirmEmailView",
        GET_POST,
    ),
    alias(
        "allauth.account.views.AccountInactiveView",
        "allauth.account.views._account.AccountInactiveView",
        GET,
    ),
    instance(
        "allauth.account.views.login",
        "allauth.account.views._login.LoginView",
        FORM,
    ),
    instance(
        "allauth.account.views.logout",
        "allauth.account.views._logout.LogoutView",
        GET_POST,
    ),
    instance(
        "allauth.account.views.signup",
        "allauth.account.views._signup.SignupView",
        FORM,
    ),
    instance(
        "allauth.account.views.password_change",
        "allauth.account.views._password_change.PasswordChangeView",
        FORM,
    ),
    instance(
        "allauth.account.views.password_set",
        "allauth.account.views._password_change.PasswordSetView",
        FORM,
    ),
    instance(
        "allauth.account.views.password_reset",
        "allauth.account.views._password_reset.PasswordResetView",
        FORM,
    ),
    instance(
        "allauth.account.views.password_reset_done",
        "allauth.account.views._password_reset.PasswordResetDoneView",
        GET,
    ),
    instance(
        "allauth.account.views.password_reset_from_key",
        "allauth.account.views._password_reset.PasswordResetFromKeyView",
        FORM,
    ),
    instance(
        "allauth.account.views.password_reset_from_key_done",
        "allauth.account.views._password_reset.PasswordResetFromKeyDoneView",
        GET,
    ),
    instance(
        "allauth.account.views.email",
        "allauth.account.views._email_change.EmailView",
        FORM,
    ),
    instance(
        "allauth.account.views.confirm_email",
        "allauth.account.views._email_verification.ConfirmEmailView",
        GET_POST,
    ),
    instance(
        "allauth.account.views.account_inactive",
        "allauth.account.views._account.AccountInactiveView",
        GET,
    ),
    // dj-rest-auth.
    class("dj_rest_auth.views.LoginView", POST),
    class("dj_rest_auth.views.LogoutView", GET_POST),
    class(
        "dj_rest_auth.views.UserDetailsView",
        &["get", "put", "patch", "options"],
    ),
    class("dj_rest_auth.views.PasswordResetView", POST),
    class("dj_rest_auth.views.PasswordResetConfirmView", POST),
    class("dj_rest_auth.views.PasswordChangeView", POST),
    class("dj_rest_auth.registration.views.RegisterView", POST),
    class("dj_rest_auth.registration.views.VerifyEmailView", GET_POST),
    class(
        "dj_rest_auth.registration.views.ResendEmailVerificationView",
        POST,
    ),
    class("dj_rest_auth.registration.views.SocialAccountListView", GET),
    class(
        "dj_rest_auth.registration.views.SocialAccountDisconnectView",
        POST,
    ),
    // djoser's token views (its users are a ViewSet under its own URLconf).
    class("djoser.views.TokenCreateView", POST),
    class("djoser.views.TokenDestroyView", POST),
];

/// The entry a URLconf refers to by `dotted`, if any.
pub fn by_import(dotted: &str) -> Option<&'static KnownView> {
    KNOWN_VIEWS.iter().find(|k| k.dotted == dotted)
}

/// Handlers of the class Django names `class`, if it is known here.
pub fn handlers_of_class(class: &str) -> Option<&'static [&'static str]> {
    KNOWN_VIEWS
        .iter()
        .find(|k| k.class == class && k.form != Form::Instance)
        .map(|k| k.handlers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_import_name_is_listed_once() {
        let mut names: Vec<&str> = KNOWN_VIEWS.iter().map(|k| k.dotted).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }

    #[test]
    fn instances_name_their_class_and_share_its_handlers() {
        let v = by_import("rest_framework.authtoken.views.obtain_auth_token").expect("listed");
        assert_eq!(v.class, "rest_framework.authtoken.views.ObtainAuthToken");
        assert_eq!(handlers_of_class(v.class), Some(v.handlers));
        assert_eq!(handlers_of_class(YASG_SCHEMA_VIEW), Some(GET));
    }
}
