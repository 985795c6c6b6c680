//! The third-party views routecov knows without their source
//! (src/extract/known_views.rs): every entry against the real package in the
//! test environment, and their use in a URLconf whose site-packages are not
//! given.

mod common;

use routecov::extract::known_views::KNOWN_VIEWS;
use routecov::extract::{route_map, RouteOptions};
use routecov::model::normalize_methods;

#[test]
fn every_entry_agrees_with_the_real_package() {
    let table: Vec<serde_json::Value> = KNOWN_VIEWS
        .iter()
        .map(|k| {
            serde_json::json!({
                "dotted": k.dotted,
                "class": k.class,
                "methods": normalize_methods(k.handlers.iter().map(|h| h.to_string())),
                "form": format!("{:?}", k.form),
            })
        })
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("table.json");
    std::fs::write(&file, serde_json::to_string(&table).expect("json")).expect("write table");
    let out = common::python_json("known_views.py", &[file.to_str().expect("utf-8 path")]);
    assert_eq!(out["checked"], KNOWN_VIEWS.len());
    let disagreements = out["disagreements"].as_array().expect("list");
    assert!(
        disagreements.is_empty(),
        "entries disagree with the packages:\n{}",
        serde_json::to_string_pretty(disagreements).unwrap_or_default()
    );
}

const URLS: &str = r#"from allauth.account import views as account_views
from django.contrib.auth.views import LoginView
from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from drf_yasg import openapi
from drf_yasg.views import get_schema_view
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework_simplejwt.views import TokenObtainPairView, token_refresh

schema_view = get_schema_view(openapi.Info(title="API", default_version="v1"), public=True)

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("accounts/login/", account_views.login, name="account_login"),
    path("api/token/", TokenObtainPairView.as_view(), name="token"),
    path("api/token/refresh/", token_refresh, name="token-refresh"),
    path("api/auth-token/", obtain_auth_token, name="auth-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("swagger/", schema_view.with_ui("swagger", cache_timeout=0), name="swagger"),
    path("swagger.json", schema_view.without_ui(cache_timeout=0), name="swagger-json"),
]
"#;

#[test]
fn views_without_source_are_named_by_their_class_with_their_methods() {
    let dir = common::project(&[
        (
            "manage.py",
            "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_conf.settings')\n",
        ),
        ("site_conf/__init__.py", ""),
        ("site_conf/settings.py", "ROOT_URLCONF = 'site_conf.urls'\n"),
        ("site_conf/urls.py", URLS),
    ]);
    let opts = RouteOptions {
        project: dir.path().to_path_buf(),
        ..Default::default()
    };
    let map = route_map(&opts).expect("routes");
    let rows: Vec<String> = map
        .routes
        .iter()
        .map(|r| format!("{} {} {}", r.path, r.view, r.methods.join(",")))
        .collect();
    assert_eq!(
        rows,
        [
            "/login/ django.contrib.auth.views.LoginView GET,POST,PUT",
            "/accounts/login/ allauth.account.views._login.LoginView GET,POST,PUT",
            "/api/token/ rest_framework_simplejwt.views.TokenObtainPairView POST",
            "/api/token/refresh/ rest_framework_simplejwt.views.TokenRefreshView POST",
            "/api/auth-token/ rest_framework.authtoken.views.ObtainAuthToken POST",
            "/api/schema/ drf_spectacular.views.SpectacularAPIView GET",
            "/swagger/ drf_yasg.views.get_schema_view.<locals>.SchemaView GET",
            "/swagger.json drf_yasg.views.get_schema_view.<locals>.SchemaView GET",
        ]
    );
}

/// The attributes of Django's and DRF's view classes known without their
/// source (src/extract/known_classes.rs) are what `dir()` lists.
#[test]
fn known_class_attributes_agree_with_the_real_packages() {
    use routecov::extract::known_classes::{attributes, KNOWN_CLASSES};
    let truth = common::python_json("known_classes.py", KNOWN_CLASSES);
    for class in KNOWN_CLASSES {
        let theirs: Vec<&str> = truth[*class]
            .as_array()
            .expect("a list per class")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(attributes(class), theirs, "attributes of {class}");
    }
}
